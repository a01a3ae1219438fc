//! Totals for integration scripts: JSON or CSV, with an ETag over the content.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::auth::Target;
use crate::error::{AppError, FieldError};
use crate::repo::Scope;
use crate::service::agregat as service;
use crate::state::AppState;
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

fn wants_csv(req: &HttpRequest, opsi: &Opsi) -> bool {
    opsi.format.as_deref().is_some_and(|f| f.eq_ignore_ascii_case("csv"))
        || req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/csv"))
}

/// `format` is `json` or `csv`; anything else is refused rather than silently answered as JSON.
fn cek_format(opsi: &Opsi) -> Result<(), AppError> {
    match opsi.format.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("json") | Some("csv") => Ok(()),
        Some(_) => Err(AppError::Validation(vec![FieldError::new("format", "harus json atau csv")])),
    }
}

fn etag(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in body {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
    }
    format!("\"r-{h:016x}\"")
}

fn respond(req: &HttpRequest, opsi: &Opsi, r: &Ringkasan) -> Result<HttpResponse, AppError> {
    let (body, content_type) = if wants_csv(req, opsi) {
        (service::csv(r).into_bytes(), "text/csv; charset=utf-8")
    } else {
        (serde_json::to_vec(r).map_err(AppError::internal)?, "application/json")
    };
    let tag = etag(&body);
    let inm = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if inm.is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*")) {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, tag)).finish());
    }
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::ETAG, tag))
        .insert_header((header::VARY, "Accept"))
        .body(body))
}

pub async fn provinsi(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    opsi: web::Query<Opsi>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if target.0.tingkat != "provinsi" {
        return Err(AppError::NotFound(format!("Provinsi {} tidak ditemukan.", target.0.kode)));
    }
    let (tahun, tw) = parse(&opsi)?;
    cek_format(&opsi)?;
    let r = service::ringkasan_cached(&state.db, &state.registry, &state.cache, &scope, &target.0, tahun, tw).await?;
    respond(&req, &opsi, &r)
}

pub async fn nasional(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    opsi: web::Query<Opsi>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (tahun, tw) = parse(&opsi)?;
    cek_format(&opsi)?;
    let r = service::ringkasan_cached(&state.db, &state.registry, &state.cache, &scope, &target.0, tahun, tw).await?;
    respond(&req, &opsi, &r)
}
