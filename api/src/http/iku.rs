//! The IKU decree over REST: JSON with its ETag, or the decree ready to sign as a Word document
//! or a printable page (`?format=docx|html` or `Accept`); written as one document with the
//! protocol every document follows, and the same workflow steps as a PK.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::laporan::{Bentuk, Jenis, cetak, jenis};
use super::tahun;
use crate::auth::{Principal, Target};
use crate::domain::dokumen::iku::parse_iku;
use crate::error::AppError;
use crate::repo::Scope;
use crate::repo::dokumen::Dokumen;
use crate::service::dokumen::{self as service, Aksi};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Opsi {
    #[serde(default)]
    dry_run: bool,
}

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
    let jenis = jenis(&req, bentuk.format.as_deref())?;
    let view = service::get_iku(&state.db, &scope, &target.0, tahun).await?;
    if jenis == Jenis::Json {
        let mut res = super::dokumen::read(&req, view);
        res.headers_mut().insert(header::VARY, header::HeaderValue::from_static("Accept"));
        return Ok(res);
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
    opsi: web::Query<Opsi>,
    body: super::Isi<serde_json::Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let iku = parse_iku(&body).map_err(AppError::Validation)?;
    let asal = super::dokumen::Permintaan::dari(&req, &p);
    let t = asal.tulis(opsi.dry_run);
    let h = service::put_iku(&state.db, &state.registry, &scope, &target.0, tahun, iku, &t).await?;
    Ok(super::dokumen::written(h))
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
