//! Totals for integration scripts and analysts: JSON, CSV or a recap workbook (xlsx), with an
//! ETag over the content.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::auth::Target;
use crate::error::{AppError, FieldError};
use crate::repo::Scope;
use crate::service::agregat as service;
use crate::state::{AppState, Baca};
use crate::view::RingkasanView as Ringkasan;

#[derive(Deserialize)]
pub struct Opsi {
    tahun: Option<i32>,
    triwulan: Option<String>,
    format: Option<String>,
}

fn parse(opsi: &Opsi) -> Result<(i32, Option<i16>), AppError> {
    let mut errors = Vec::new();
    let tahun = opsi.tahun.filter(|t| (2000..=2100).contains(t));
    if tahun.is_none() {
        errors.push(FieldError::new("tahun", "wajib, tahun antara 2000 dan 2100"));
    }
    let tw = match opsi.triwulan.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None => None,
        Some("TW1") => Some(1),
        Some("TW2") => Some(2),
        Some("TW3") => Some(3),
        Some("TW4") => Some(4),
        Some(_) => {
            errors.push(FieldError::new("triwulan", "harus TW1, TW2, TW3 atau TW4"));
            None
        }
    };
    match tahun {
        Some(t) if errors.is_empty() => Ok((t, tw)),
        _ => Err(AppError::Validation(errors)),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bentuk {
    Json,
    Csv,
    Xlsx,
}

/// `format` (`json`, `csv` or `xlsx`) wins over `Accept`; anything else is refused rather than
/// silently answered as JSON.
fn bentuk(req: &HttpRequest, opsi: &Opsi) -> Result<Bentuk, AppError> {
    match opsi.format.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("json") => return Ok(Bentuk::Json),
        Some("csv") => return Ok(Bentuk::Csv),
        Some("xlsx") => return Ok(Bentuk::Xlsx),
        Some(_) => return Err(AppError::Validation(vec![FieldError::new("format", "harus json, csv atau xlsx")])),
        None => {}
    }
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    Ok(if accept.contains(crate::xlsx::MEDIA_TYPE) {
        Bentuk::Xlsx
    } else if accept.contains("text/csv") {
        Bentuk::Csv
    } else {
        Bentuk::Json
    })
}

fn etag(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in body {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
    }
    format!("\"r-{h:016x}\"")
}

/// The answer in the form asked for. The workbook also needs the budget by program × jenis
/// belanja and the monthly curve; it is rendered off the async executor.
async fn respond(
    req: &HttpRequest,
    bentuk: Bentuk,
    state: &AppState,
    scope: &Scope,
    root: &crate::registry::SatkerRef,
    r: std::sync::Arc<Ringkasan>,
) -> Result<HttpResponse, AppError> {
    let (body, content_type, tag) = match bentuk {
        Bentuk::Csv => {
            let body = service::csv(&r).into_bytes();
            let tag = etag(&body);
            (body, "text/csv; charset=utf-8", tag)
        }
        Bentuk::Json => {
            let body = serde_json::to_vec(&*r).map_err(AppError::internal)?;
            let tag = etag(&body);
            (body, "application/json", tag)
        }
        Bentuk::Xlsx => {
            let (program_jenis, bulanan) = tokio::try_join!(
                crate::service::analisis::anggaran_program_jenis(&state.db, scope, root, r.tahun),
                crate::service::analisis::anggaran_bulanan(&state.db, scope, root, r.tahun),
            )?;
            // The file carries its own timestamps; the tag is over what it shows.
            let isi = serde_json::to_vec(&(&*r, &program_jenis, &bulanan)).map_err(AppError::internal)?;
            let tag = etag(&[b"xlsx:".as_slice(), &isi].concat());
            let view = r.clone();
            let body = web::block(move || crate::xlsx::rekap::tulis(&view, &program_jenis, &bulanan))
                .await
                .map_err(AppError::internal)??;
            (body, crate::xlsx::MEDIA_TYPE, tag)
        }
    };
    let inm = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if inm.is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*")) {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, tag)).finish());
    }
    let mut res = HttpResponse::Ok();
    res.content_type(content_type).insert_header((header::ETAG, tag)).insert_header((header::VARY, "Accept"));
    if bentuk == Bentuk::Xlsx {
        let nama = format!("ringkasan-{}-{}.xlsx", root.kode, r.tahun);
        res.insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{nama}\"")));
    }
    Ok(res.body(body))
}

pub async fn provinsi(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    opsi: web::Query<Opsi>,
    baca: Baca,
) -> Result<HttpResponse, AppError> {
    if target.0.tingkat != "provinsi" {
        return Err(AppError::NotFound(format!("Provinsi {} tidak ditemukan.", target.0.kode)));
    }
    total(req, scope, target, opsi, baca).await
}

pub async fn nasional(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    opsi: web::Query<Opsi>,
    baca: Baca,
) -> Result<HttpResponse, AppError> {
    total(req, scope, target, opsi, baca).await
}

/// A total in the form asked for, read from a replica when one is fit.
async fn total(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    opsi: web::Query<Opsi>,
    baca: Baca,
) -> Result<HttpResponse, AppError> {
    let (tahun, tw) = parse(&opsi)?;
    let bentuk = bentuk(&req, &opsi)?;
    baca.jalankan(|state| {
        let (req, scope, root) = (req.clone(), scope.clone(), target.0.clone());
        async move {
            let r = service::ringkasan_cached(&state.dekat(), &state.registry, &state.cache, &scope, &root, tahun, tw)
                .await?;
            respond(&req, bentuk, &state, &scope, &root, r).await
        }
    })
    .await
}
