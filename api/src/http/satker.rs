use actix_web::{HttpResponse, web};

use crate::auth::Target;
use crate::error::AppError;
use crate::repo::Scope;
use crate::service::satker as service;
use crate::state::AppState;

/// The caller's satker and every satker below it.
pub async fn daftar(scope: Scope, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::daftar(&state.db, &scope).await?))
}

pub async fn detail(scope: Scope, target: Target, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::detail(&state.db, &scope, &target.0).await?))
}
