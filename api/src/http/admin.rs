//! Managing API clients and users of a satker's subtree (role admin).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::request_id;
use crate::auth::{Jenis, Principal, Target};
use crate::domain::akses::Peran;
use crate::error::{AppError, FieldError};
use crate::repo::Scope;
use crate::repo::audit::Pelaku;
use crate::service::akses as service;
use crate::state::AppState;

fn pelaku(p: &Principal) -> Pelaku {
    Pelaku { sub: p.sub.clone(), jenis: p.jenis.as_str().into() }
}

/// The admin's own scope narrowed to the target's subtree.
fn cakupan(p: &Principal, target: &Target) -> Result<Scope, AppError> {
    p.scope().di_bawah(&target.0)
}

fn peran(value: &str) -> Result<Peran, AppError> {
    value.parse().map_err(|m: String| AppError::Validation(vec![FieldError::new("peran", m)]))
}

/// A new API client: its role and a name people recognise.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KlienInput {
    #[schema(value_type = Peran)]
    peran: String,
    #[schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    nama: Option<String>,
}

/// A new user who logs in with a password.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PenggunaInput {
    #[schema(min_length = 3, max_length = 64, pattern = r"^[a-z0-9._-]+$")]
    username: String,
    #[schema(min_length = 12, max_length = 1024, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    password: String,
    #[schema(value_type = Peran)]
    peran: String,
    #[schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    nama: Option<String>,
}

async fn daftar(
    p: Principal,
    target: Target,
    state: web::Data<AppState>,
    jenis: Jenis,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::daftar(&cakupan(&p, &target)?, &state.db, &state.registry, jenis).await?))
}

async fn cabut(
    req: HttpRequest,
    p: Principal,
    target: Target,
    id: String,
    state: web::Data<AppState>,
    jenis: Jenis,
) -> Result<HttpResponse, AppError> {
    service::cabut(&cakupan(&p, &target)?, &state.db, &pelaku(&p), jenis, &id, request_id(&req)).await?;
    state.revocations.remember(jenis, &id, true);
    crate::sinyal::kirim(&state.db, &crate::sinyal::Sinyal::Cabut(jenis, id.clone())).await;
    Ok(HttpResponse::Ok().json(crate::view::DicabutView { id, dicabut: true }))
}

pub async fn daftar_klien(p: Principal, target: Target, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    daftar(p, target, state, Jenis::Klien).await
}

pub async fn daftar_pengguna(
    p: Principal,
    target: Target,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    daftar(p, target, state, Jenis::Pengguna).await
}

pub async fn cabut_klien(
    req: HttpRequest,
    p: Principal,
    target: Target,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    cabut(req, p, target, path.into_inner().1, state, Jenis::Klien).await
}

pub async fn cabut_pengguna(
    req: HttpRequest,
    p: Principal,
    target: Target,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    cabut(req, p, target, path.into_inner().1, state, Jenis::Pengguna).await
}

pub async fn buat_klien(
    req: HttpRequest,
    p: Principal,
    target: Target,
    input: super::Isi<KlienInput>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let input = input.into_inner();
    let peran = peran(&input.peran)?;
    let baru =
        service::buat_klien(&state.db, &state.hasher, &pelaku(&p), &target.0, peran, input.nama, request_id(&req))
            .await?;
    Ok(HttpResponse::Created().insert_header(("cache-control", "no-store")).json(baru))
}

pub async fn buat_pengguna(
    req: HttpRequest,
    p: Principal,
    target: Target,
    input: super::Isi<PenggunaInput>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let input = input.into_inner();
    let peran = peran(&input.peran)?;
    let info = service::buat_pengguna(
        &state.db,
        &state.hasher,
        &pelaku(&p),
        &target.0,
        &input.username,
        input.password,
        peran,
        input.nama,
        request_id(&req),
    )
    .await?;
    Ok(HttpResponse::Created().json(info))
}
