//! HTTP: routes and request/response shapes. Handlers parse, call a service, render.

pub mod middleware;
mod ops;

use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(ops::health))
        .route("/ready", web::get().to(ops::ready))
        .route("/metrics", web::get().to(ops::metrics));
}

/// Any path the router does not know answers with problem+json, like every other error.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound(format!("Alamat {} tidak ada.", req.path())))
}
