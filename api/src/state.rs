use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::metrics::Metrics;

/// Shared by every request handler.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub metrics: Arc<Metrics>,
}
