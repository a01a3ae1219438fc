//! The IKU decree over REST: JSON with its ETag, or the decree ready to sign as a Word document
//! or a printable page (`?format=docx|html` or `Accept`); written as one document with the
//! protocol every document follows, and the same workflow steps as a PK.

use actix_web::{HttpRequest, HttpResponse, web};

use super::laporan::{Bentuk, Jenis, cetak, jenis_atau_buku};
use super::tahun;
use crate::auth::{Principal, Target};
use crate::domain::dokumen::iku::parse_iku;
use crate::error::AppError;
use crate::repo::Scope;
use crate::repo::dokumen::Dokumen;
use crate::service::dokumen::{self as service, Aksi};
use crate::state::AppState;

/// `GET /api/v1/satker/{kode}/iku/{tahun}`.
pub async fn get(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    bentuk: web::Query<Bentuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let hasil = service::get_iku(&state.db, &scope, &target.0, tahun).await;
    let Some(jenis) = jenis_atau_buku(&req, bentuk.format.as_deref())? else {
        let konteks = (state.get_ref(), &scope, &target);
        return super::protokol::buku_berkatalog(konteks, ("iku", tahun), hasil, crate::xlsx::iku::tulis).await;
    };
    let view = hasil?;
    if jenis == Jenis::Json {
        return Ok(super::protokol::read_bervariasi(&req, view));
    }
    let nama = format!("iku-{}-{tahun}", target.0.kode);
    cetak(jenis, nama, view, |v, jenis| {
        let k = crate::keputusan::susun(v);
        match jenis {
            Jenis::Docx => crate::keputusan::docx::tulis(&k),
            _ => Ok(crate::keputusan::html::tulis(&k).into_bytes()),
        }
    })
    .await
}

/// `PUT /api/v1/satker/{kode}/iku/{tahun}`.
#[allow(clippy::too_many_arguments)]
pub async fn put(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    opsi: web::Query<super::protokol::Opsi>,
    body: super::Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let masuk = super::protokol::Bacaan::dari(body, &crate::xlsx::iku::SPEK, (&scope, &target), tahun, None).await?;
    let asal = super::protokol::Permintaan::dari(&req, &p);
    let t = masuk.tulis(&asal, opsi.dry_run);
    let hasil = async {
        let mut isi = masuk.isi.clone();
        if masuk.dari_buku() {
            // The workbook holds the Lampiran: the decree's particulars stay as stored.
            match service::get_iku(&state.db, &scope, &target.0, tahun).await {
                Ok(v) => isi = crate::xlsx::iku::dengan_rincian(isi, &v),
                Err(AppError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        let iku = parse_iku(&isi).map_err(AppError::Validation)?;
        service::put_iku(&state.db, &state.registry, &scope, &target.0, tahun, iku, &t).await
    };
    Ok(super::protokol::written(masuk.hasil(hasil.await)?))
}

async fn langkah(
    req: HttpRequest,
    (p, scope, target): (Principal, Scope, Target),
    path: web::Path<(String, String)>,
    aksi: Aksi,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    super::dokumen::step(req, p, scope, target, (Dokumen::Iku, tahun, aksi), body, state).await
}

/// A workflow step of the IKU decree, as the route table names it.
macro_rules! langkah_iku {
    ($name:ident, $aksi:expr, $doc:literal) => {
        #[doc = $doc]
        pub async fn $name(
            req: HttpRequest,
            p: Principal,
            scope: Scope,
            target: Target,
            path: web::Path<(String, String)>,
            body: web::Bytes,
            state: web::Data<AppState>,
        ) -> Result<HttpResponse, AppError> {
            langkah(req, (p, scope, target), path, $aksi, body, state).await
        }
    };
}

langkah_iku!(ajukan, Aksi::Ajukan, "`POST …/iku/{tahun}/ajukan`.");
langkah_iku!(setujui, Aksi::Setujui, "`POST …/iku/{tahun}/setujui`.");
langkah_iku!(kembalikan, Aksi::Kembalikan, "`POST …/iku/{tahun}/kembalikan`.");
