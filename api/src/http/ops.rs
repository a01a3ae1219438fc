//! Operations endpoints: liveness, readiness and metrics.

use actix_web::{HttpResponse, web};
use sea_orm::DatabaseBackend;
use serde_json::json;

use crate::db;
use crate::error::AppError;
use crate::state::AppState;

/// The process is up and serving; says nothing about the database.
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// Ready for traffic: the database answers and every migration is applied.
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let unavailable = |cause: String| AppError::Unavailable(cause);
    // The driver's words go to the log, never to the probe's caller.
    state.db.ping().await.map_err(|e| {
        tracing::warn!(cause = %e, "kesiapan: basis data tidak dapat dihubungi");
        unavailable("Basis data tidak dapat dihubungi.".into())
    })?;
    let pending = db::pending_migrations(&state.db).await.map_err(|e| {
        tracing::warn!(cause = %e, "kesiapan: status migrasi tidak dapat dibaca");
        unavailable("Status migrasi tidak dapat dibaca.".into())
    })?;
    if !pending.is_empty() {
        return Err(unavailable(format!("Migrasi belum dijalankan: {}.", pending.join(", "))));
    }
    let database = match state.db.get_database_backend() {
        DatabaseBackend::Postgres => "postgres",
        DatabaseBackend::Sqlite => "sqlite",
        _ => "lain",
    };
    Ok(HttpResponse::Ok().json(json!({ "status": "siap", "database": database })))
}

pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (jumlah, tertua) = crate::repo::perubahan::kedalaman(&state.db).await?;
    let umur = tertua.map_or(0, |t| (chrono::Utc::now() - t).num_seconds().max(0));
    state.metrics.perubahan(jumlah, umur);
    let tertunda = crate::repo::langganan::tertunda_tertua(&state.db).await?;
    state.metrics.tertunda(tertunda.map_or(0, |t| (chrono::Utc::now() - t).num_seconds().max(0)));
    let body = state
        .metrics
        .render((&state.db, state.langsung.as_deref()), &state.pembaca, &state.cache)
        .map_err(AppError::internal)?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(body))
}
