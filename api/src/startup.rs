//! Building and running the HTTP application.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;
use tracing_actix_web::TracingLogger;

use crate::config::Settings;
use crate::db::{self, DbStartError};
use crate::http::{self, middleware};
use crate::metrics::Metrics;
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] DbStartError),
    #[error("tidak dapat mendengarkan di {bind}: {source}")]
    Bind { bind: String, source: std::io::Error },
    #[error("metrik tidak dapat disiapkan: {0}")]
    Metrics(#[from] prometheus::Error),
}

pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
}

impl Application {
    /// Connects (creating the database if needed), migrates, and binds. Binding port 0 picks
    /// a free port, which is how tests run many apps at once.
    pub async fn build(settings: &Settings) -> Result<Self, StartError> {
        let db = db::connect(&settings.database_url).await?;
        db::migrate(&db).await?;
        Self::build_with_db(settings, db)
    }

    pub fn build_with_db(settings: &Settings, db: DatabaseConnection) -> Result<Self, StartError> {
        let bind_err = |source| StartError::Bind { bind: settings.bind.clone(), source };
        let listener = TcpListener::bind(&settings.bind).map_err(bind_err)?;
        let port = listener.local_addr().map_err(bind_err)?.port();
        let state = AppState { db: db.clone(), metrics: Arc::new(Metrics::new()?) };
        let data = web::Data::new(state);
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .wrap(TracingLogger::<middleware::KinerjaRootSpan>::new())
                .wrap(from_fn(middleware::request_context))
                .configure(http::routes)
                .default_service(web::to(http::not_found))
        })
        // In-flight requests get this long to finish after SIGTERM or Ctrl-C.
        .shutdown_timeout(30);
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener).map_err(bind_err)?.run();
        Ok(Self { port, server, db })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
