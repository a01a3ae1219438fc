use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::auth::Target;
use crate::error::AppError;
use crate::repo::{self, Scope};
use crate::state::AppState;

#[derive(Serialize)]
struct SatkerDto {
    kode: String,
    nama: String,
    tingkat: String,
    induk: Option<String>,
    kode_satker: Option<String>,
    kode_bps: Option<String>,
}

impl From<entity::satker::Model> for SatkerDto {
    fn from(s: entity::satker::Model) -> Self {
        Self {
            induk: s.jalur.rsplit('/').nth(1).map(str::to_string),
            kode: s.kode_wilayah,
            nama: s.nama,
            tingkat: s.tingkat,
            kode_satker: s.kode_satker,
            kode_bps: s.kode_bps,
        }
    }
}

/// The caller's satker and every satker below it.
pub async fn daftar(scope: Scope, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let rows = repo::satker::list(&scope, &state.db, None).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(SatkerDto::from).collect::<Vec<_>>()))
}

pub async fn detail(scope: Scope, target: Target, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let s = repo::satker::by_kode(&scope, &state.db, &target.0.kode).await?;
    Ok(HttpResponse::Ok().json(SatkerDto::from(s)))
}
