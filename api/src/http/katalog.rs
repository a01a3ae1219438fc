//! The indicator catalogue over REST: everyone signed in reads the catalogue of a period as
//! their place sees it; KPU RI's admin writes the national one, a provinsi's admin its own
//! additions, through the documents' write protocol (ETag, If-Match, dry run).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::auth::{Principal, Target};
use crate::domain::dokumen::katalog::{parse_katalog, periode};
use crate::error::AppError;
use crate::repo::Scope;
use crate::service::dokumen as service;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Opsi {
    #[serde(default)]
    dry_run: bool,
}

fn awal(s: &str) -> Result<i32, AppError> {
    periode(s).map_err(|e| AppError::Validation(vec![e]))
}

/// `GET /api/v1/katalog`: the periods that have a catalogue the caller sees.
pub async fn daftar(p: Principal, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::daftar_periode(&state.db, &state.registry, &p.satker).await?))
}

/// `GET /api/v1/katalog/{periode}`: the national catalogue and the caller's provinsi's additions.
pub async fn terlihat(
    p: Principal,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let awal = awal(&path)?;
    Ok(HttpResponse::Ok().json(service::katalog_terlihat(&state.db, &state.registry, &p.satker, awal).await?))
}

/// `GET /api/v1/satker/{kode}/katalog/{periode}`: one owner's catalogue with its ETag.
pub async fn get(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let awal = awal(&path.1)?;
    Ok(super::dokumen::read(&req, service::get_katalog(&state.db, &scope, &target.0, awal).await?))
}

async fn tulis(
    req: &HttpRequest,
    p: &Principal,
    (scope, target): (&Scope, &Target),
    awal: i32,
    dry_run: bool,
    body: &serde_json::Value,
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    let entri = parse_katalog(body).map_err(AppError::Validation)?;
    let asal = super::dokumen::Permintaan::dari(req, p);
    let t = asal.tulis(dry_run);
    let h = service::put_katalog(&state.db, &state.registry, scope, &target.0, awal, entri, &t).await?;
    Ok(super::dokumen::written(h))
}

/// `PUT /api/v1/satker/{kode}/katalog/{periode}`: KPU RI's (`00`) or a provinsi's catalogue.
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
    let awal = awal(&path.1)?;
    tulis(&req, &p, (&scope, &target), awal, opsi.dry_run, &body, &state).await
}

/// `PUT /api/v1/katalog/{periode}`: the national catalogue (KPU RI's admin).
#[allow(clippy::too_many_arguments)]
pub async fn put_nasional(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<String>,
    opsi: web::Query<Opsi>,
    body: super::Isi<serde_json::Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let awal = awal(&path)?;
    tulis(&req, &p, (&scope, &target), awal, opsi.dry_run, &body, &state).await
}
