use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::Revocations;
use crate::auth::idp::ExternalIdp;
use crate::auth::keys::KeySet;
use crate::auth::password::Hasher;
use crate::auth::ratelimit::FailureLimiter;
use crate::metrics::Metrics;
use crate::registry::Registry;

/// Shared by every request handler.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub metrics: Arc<Metrics>,
    pub keys: Arc<KeySet>,
    pub idp: Option<Arc<ExternalIdp>>,
    pub hasher: Hasher,
    pub limiter: Arc<FailureLimiter>,
    pub revocations: Arc<Revocations>,
    pub registry: Arc<Registry>,
    pub cache: Arc<crate::service::cache::CacheRingkasan>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`KINERJA_PROXY_TEPERCAYA`).
    pub proxy_tepercaya: Arc<[ipnet::IpNet]>,
    /// `Strict-Transport-Security` value, when configured behind TLS.
    pub hsts: Option<actix_web::http::header::HeaderValue>,
}
