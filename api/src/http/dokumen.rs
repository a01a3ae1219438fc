//! PK, realisasi and anggaran over REST: parse, call the service, render with an ETag.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::Value;

use super::protokol::{
    Bacaan, Opsi, Permintaan, buku_berkatalog, read, read_bervariasi, tersimpan, with_etag, written,
};
use super::{Masukan, tahun, triwulan};
use crate::auth::{Principal, Target};
use crate::domain::dokumen as doc;
use crate::error::{AppError, FieldError};
use crate::repo::Scope;
use crate::repo::dokumen::Dokumen;
use crate::service::dokumen::{self as service, Aksi, Langkah};
use crate::state::AppState;
use crate::view::StatusView;

/// The PK as JSON; as the agreement ready to sign (`?format=docx|html` or `Accept`), its
/// Lampiran and both signature blocks; or (`?format=xlsx` or `Accept` of a workbook) as a
/// workbook: the stored indicators, or an empty template when none are stored yet.
pub async fn get_pk(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    bentuk: web::Query<Bentuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    if let Some(jenis) = super::laporan::jenis_atau_buku(&req, bentuk.format.as_deref())? {
        if jenis == super::laporan::Jenis::Json {
            let view = service::get_pk(&state.db, &state.registry, &scope, &target.0, tahun).await?;
            return Ok(read_bervariasi(&req, view));
        }
        let view = service::get_perjanjian(&state.db, &scope, &target.0, tahun).await?;
        let nama = format!("pk-{}-{tahun}", target.0.kode);
        return super::laporan::cetak(jenis, nama, view, |v, jenis| {
            let n = crate::perjanjian::susun(v);
            match jenis {
                super::laporan::Jenis::Docx => crate::perjanjian::docx::tulis(&n),
                _ => Ok(crate::perjanjian::html::tulis(&n).into_bytes()),
            }
        })
        .await;
    }
    let hasil = service::get_pk(&state.db, &state.registry, &scope, &target.0, tahun).await;
    buku_berkatalog((&state, &scope, &target), ("pk", tahun), hasil, crate::xlsx::pk::tulis).await
}

#[allow(clippy::too_many_arguments)]
pub async fn put_pk(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    opsi: web::Query<Opsi>,
    body: Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let masuk = Bacaan::dari(body, &crate::xlsx::pk::SPEK, (&scope, &target), tahun, None).await?;
    let asal = Permintaan::dari(&req, &p);
    let t = masuk.tulis(&asal, opsi.dry_run);
    let hasil = async {
        let isi = service::lengkapi_pk(&state.db, &state.registry, &scope, &target.0, tahun, &masuk.isi).await?;
        let pk = doc::perjanjian::parse_perjanjian(&isi).map_err(AppError::Validation)?;
        service::put_pk(&state.db, &state.registry, &scope, &target.0, tahun, pk, &t).await
    };
    Ok(written(masuk.hasil(hasil.await)?))
}

/// A triwulan's realisasi as JSON, or as a workbook: the reported indicators as stored, then
/// the rest of the PK's indicators with their realisasi cells empty (all of them, when nothing
/// is reported yet).
pub async fn get_realisasi(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String, String)>,
    bentuk: web::Query<Bentuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (tahun, tw) = (tahun(&path.1)?, triwulan(&path.2)?);
    let laporan = service::get_realisasi(&state.db, &state.registry, &scope, &target.0, tahun, tw).await;
    if !crate::xlsx::diminta(&req, bentuk.format.as_deref())? {
        return Ok(read(&req, laporan?));
    }
    let view = tersimpan(&scope, &target, laporan)?;
    let pk = service::get_pk(&state.db, &state.registry, &scope, &target.0, tahun).await.map_err(|e| match e {
        AppError::NotFound(_) => AppError::Terkunci {
            kode: "pk_belum_ada",
            pesan: format!("Perjanjian Kinerja {} tahun {tahun} belum ada; kirim PK terlebih dahulu.", target.0.kode),
        },
        other => other,
    })?;
    let satker = target.0.clone();
    let body = web::block(move || crate::xlsx::realisasi::tulis(&satker, tahun, tw, &pk, view.as_ref()))
        .await
        .map_err(AppError::internal)??;
    Ok(crate::xlsx::jawaban(body, &format!("realisasi-{}-{tahun}-tw{}.xlsx", target.0.kode, tw.nomor())))
}

#[allow(clippy::too_many_arguments)]
pub async fn put_realisasi(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String, String)>,
    opsi: web::Query<Opsi>,
    body: Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (tahun, tw) = (tahun(&path.1)?, triwulan(&path.2)?);
    let masuk = Bacaan::dari(body, &crate::xlsx::realisasi::SPEK, (&scope, &target), tahun, Some(tw)).await?;
    let asal = Permintaan::dari(&req, &p);
    let t = masuk.tulis(&asal, opsi.dry_run);
    let hasil = async {
        let baris = doc::parse_realisasi(&masuk.isi).map_err(AppError::Validation)?;
        service::put_realisasi(&state.db, &state.registry, &scope, &target.0, tahun, tw, baris, &t).await
    };
    Ok(written(masuk.hasil(hasil.await)?))
}

#[derive(Deserialize)]
pub struct Bentuk {
    pub(super) format: Option<String>,
}

/// The anggaran as JSON, or (`?format=xlsx` or `Accept` of a workbook) as the planner's
/// workbook: the stored lines, or an empty template when none are stored yet.
pub async fn get_anggaran(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    bentuk: web::Query<Bentuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    if !crate::xlsx::diminta(&req, bentuk.format.as_deref())? {
        return Ok(read(&req, service::get_anggaran(&state.db, &scope, &target.0, tahun).await?));
    }
    let view = tersimpan(&scope, &target, service::get_anggaran(&state.db, &scope, &target.0, tahun).await)?;
    let satker = target.0.clone();
    let body = web::block(move || crate::xlsx::anggaran::tulis(&satker, tahun, view.as_ref()))
        .await
        .map_err(AppError::internal)??;
    Ok(crate::xlsx::jawaban(body, &format!("anggaran-{}-{tahun}.xlsx", target.0.kode)))
}

#[allow(clippy::too_many_arguments)]
pub async fn put_anggaran(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    opsi: web::Query<Opsi>,
    body: Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let masuk = Bacaan::dari(body, &crate::xlsx::anggaran::SPEK, (&scope, &target), tahun, None).await?;
    let asal = Permintaan::dari(&req, &p);
    let t = masuk.tulis(&asal, opsi.dry_run);
    let hasil = async {
        let baris = doc::parse_anggaran(&masuk.isi).map_err(AppError::Validation)?;
        service::put_anggaran(&state.db, &scope, &target.0, tahun, baris, &t).await
    };
    Ok(written(masuk.hasil(hasil.await)?))
}

/// The optional `{"alasan": "…"}` of a workflow step; an empty body is fine.
fn alasan(req: &HttpRequest, body: &[u8]) -> Result<Option<String>, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    super::wajib_json(req)?;
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        AppError::BadRequest(format!("JSON tidak valid pada baris {}, kolom {}: {e}.", e.line(), e.column()))
    })?;
    let v: Value = super::periksa_isi(v)?;
    match v.get("alasan") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(AppError::Validation(vec![FieldError::new("alasan", "harus teks")])),
    }
}

pub(super) async fn step(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    (dok, tahun, aksi): (Dokumen, i32, Aksi),
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let langkah = Langkah { dok, tahun, aksi, alasan: alasan(&req, &body)? };
    let asal = Permintaan::dari(&req, &p);
    let t = asal.tulis(false);
    let k = service::transisi(&state.db, &scope, &target.0, langkah, &t).await?;
    Ok(with_etag(&StatusView {
        satker: target.0.kode.clone(),
        tahun,
        status: k.status,
        versi: k.versi,
        alasan: k.alasan,
    }))
}

macro_rules! workflow {
    ($name:ident, $aksi:expr, pk) => {
        pub async fn $name(
            req: HttpRequest,
            p: Principal,
            scope: Scope,
            target: Target,
            path: web::Path<(String, String)>,
            body: web::Bytes,
            state: web::Data<AppState>,
        ) -> Result<HttpResponse, AppError> {
            let tahun = tahun(&path.1)?;
            step(req, p, scope, target, (Dokumen::Pk, tahun, $aksi), body, state).await
        }
    };
    ($name:ident, $aksi:expr, realisasi) => {
        pub async fn $name(
            req: HttpRequest,
            p: Principal,
            scope: Scope,
            target: Target,
            path: web::Path<(String, String, String)>,
            body: web::Bytes,
            state: web::Data<AppState>,
        ) -> Result<HttpResponse, AppError> {
            let (tahun, tw) = (tahun(&path.1)?, triwulan(&path.2)?);
            step(req, p, scope, target, (Dokumen::Realisasi(tw), tahun, $aksi), body, state).await
        }
    };
}

workflow!(ajukan_pk, Aksi::Ajukan, pk);
workflow!(setujui_pk, Aksi::Setujui, pk);
workflow!(kembalikan_pk, Aksi::Kembalikan, pk);
workflow!(ajukan_realisasi, Aksi::Ajukan, realisasi);
workflow!(setujui_realisasi, Aksi::Setujui, realisasi);
workflow!(kembalikan_realisasi, Aksi::Kembalikan, realisasi);

#[derive(Deserialize)]
pub struct RiwayatOpsi {
    limit: Option<u64>,
    sebelum: Option<i64>,
}

pub async fn riwayat(
    p: Principal,
    target: Target,
    opsi: web::Query<RiwayatOpsi>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let limit = opsi.limit.unwrap_or(100);
    let mut errors = Vec::new();
    if !(1..=1000).contains(&limit) {
        errors.push(FieldError::new("limit", "harus 1–1000"));
    }
    if opsi.sebelum.is_some_and(|s| s < 1) {
        errors.push(FieldError::new("sebelum", "harus id baris, 1 atau lebih"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(HttpResponse::Ok()
        .json(crate::service::riwayat::baca(&state.db, p.peran, &target.0, limit, opsi.sebelum).await?))
}
