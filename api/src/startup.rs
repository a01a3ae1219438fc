//! Building and running the HTTP application.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::http::header::HeaderValue;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;
use tracing_actix_web::TracingLogger;

use std::time::Duration;

use crate::auth::Revocations;
use crate::auth::idp::ExternalIdp;
use crate::auth::password::Hasher;
use crate::auth::ratelimit::FailureLimiter;
use crate::auth::setup;
use crate::config::Settings;
use crate::db::{self, DbStartError};
use crate::http::{self, middleware};
use crate::metrics::Metrics;
use crate::registry::Registry;
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] DbStartError),
    #[error("tidak dapat mendengarkan di {bind}: {source}")]
    Bind { bind: String, source: std::io::Error },
    #[error("metrik tidak dapat disiapkan: {0}")]
    Metrics(#[from] prometheus::Error),
    #[error("{0}")]
    Auth(String),
    #[error("registri satker tidak dapat dimuat: {0}")]
    Registry(String),
    #[error("data demo tidak dapat dimuat: {0}")]
    Demo(String),
    #[error("pengirim webhook tidak dapat disiapkan: {0}")]
    Webhook(String),
    #[error("penyimpanan bukti tidak dapat dibuka: {0}")]
    Bukti(String),
}

async fn external_idp(settings: &Settings) -> Result<Option<Arc<ExternalIdp>>, StartError> {
    match (&settings.idp_issuer, &settings.idp_jwks_url) {
        (None, None) => Ok(None),
        (Some(issuer), Some(url)) => {
            let audience = settings.idp_audience.clone().unwrap_or_else(|| settings.jwt_audience.clone());
            let idp = ExternalIdp::new(issuer.clone(), audience, url.clone()).map_err(StartError::Auth)?;
            // The provider being down must not keep us down: its keys are fetched again on
            // the first token that needs them.
            if let Err(e) = idp.refresh().await {
                tracing::warn!(error = %e, "JWKS penyedia identitas belum dapat diambil");
            }
            Ok(Some(Arc::new(idp)))
        }
        _ => Err(StartError::Auth("KINERJA_IDP_ISSUER dan KINERJA_IDP_JWKS_URL harus diisi bersama".into())),
    }
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
        // Keys first: a configuration error should not wait for the database.
        let keys = setup::keyset(settings).map_err(StartError::Auth)?;
        let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
        let workers = settings.workers.unwrap_or(cores).max(1);
        // On PostgreSQL the pool's budget is shared with the totals' own connections, so an
        // instance never holds more than KINERJA_DB_POOL_MAX (plus its listener).
        let (pool_max, langsung) = db::anggaran_koneksi(&settings.database_url, settings.pool_max, workers);
        let db = db::connect_with(&settings.database_url, pool_max).await?;
        db::migrate(&db).await?;
        let registry = Registry::load(&db).await.map_err(|e| StartError::Registry(e.to_string()))?;
        let mut demo_users = Vec::new();
        if settings.demo && crate::demo::kosong(&db).await.map_err(|e| StartError::Demo(e.to_string()))? {
            let dimuat = crate::demo::muat(&db, &registry).await.map_err(|e| StartError::Demo(e.to_string()))?;
            tracing::info!(
                satker = dimuat.satker,
                dokumen = dimuat.dokumen,
                "data demo Provinsi Lampung 2024 dimuat (KINERJA_DEMO=false untuk mematikan)"
            );
            demo_users = crate::demo::pengguna(&db, &Hasher::new(1).map_err(StartError::Auth)?, &registry)
                .await
                .map_err(|e| StartError::Demo(e.to_string()))?;
        }
        let idp = external_idp(settings).await?;
        let bind_err = |source| StartError::Bind { bind: settings.bind.clone(), source };
        let listener = TcpListener::bind(&settings.bind).map_err(bind_err)?;
        let port = listener.local_addr().map_err(bind_err)?.port();
        let mut replika = Vec::new();
        for (i, url) in settings.replica_urls.iter().enumerate() {
            // The totals' own connections to it, as to the primary (from the same budget), and
            // as quick to give up.
            let (pool_max, langsung) = db::anggaran_koneksi(url, settings.replica_pool_max, workers);
            let pool = db::connect_replica(url, pool_max).await?;
            replika.push((i.to_string(), pool, langsung.map(|l| l.dengan_batas(db::REPLIKA_BATAS))));
        }
        let pembaca = Arc::new(crate::replika::Pembaca::new(replika, settings.replica_lag_max));
        pembaca.awasi(db.clone());
        let state = AppState {
            db: db.clone(),
            // The totals' own connections: their part of the pool's budget, per worker.
            langsung: langsung.map(Arc::new),
            metrics: Arc::new(Metrics::new()?),
            keys: Arc::new(keys),
            idp,
            // argon2id may use at most half the cores, so a burst of token requests always
            // leaves the other half to everything else (measured: bench/token.sh).
            hasher: Hasher::new((cores / 2).max(1)).map_err(StartError::Auth)?,
            limiter: Arc::new(FailureLimiter::new(
                Duration::from_secs(settings.auth_window_secs),
                settings.auth_max_failures,
                settings.auth_max_failures_address,
            )),
            revocations: Arc::new(Revocations::default()),
            registry: Arc::new(registry),
            cache: Arc::new(crate::service::cache::CacheRingkasan::new(settings.cache_ttl)),
            proxy_tepercaya: settings.proxy_tepercaya.clone().into(),
            hsts: settings
                .hsts_max_age
                .and_then(|s| HeaderValue::from_str(&format!("max-age={s}; includeSubDomains")).ok()),
            pembaca,
            perubahan_simpan_hari: settings.perubahan_simpan_hari,
            webhook: Arc::new(
                crate::service::langganan::Webhook::baru(
                    settings.webhook_izinkan.clone(),
                    settings.webhook_jadwal.clone(),
                )
                .map_err(|e| StartError::Webhook(e.to_string()))?,
            ),
            bukti: Arc::new(
                crate::service::bukti::Penyimpan::buka(settings.bukti_url.as_deref(), &settings.data_dir)
                    .map_err(StartError::Bukti)?,
            ),
            bukti_batas: crate::service::bukti::Batas { maks: settings.bukti_maks, kuota: settings.bukti_kuota },
        };
        crate::service::bukti::bersih::berkala(db.clone(), state.bukti.clone());
        crate::service::perubahan::pangkas_berkala(db.clone(), settings.perubahan_simpan_hari);
        crate::service::langganan::kirim::jalankan(
            db.clone(),
            state.registry.clone(),
            state.metrics.clone(),
            state.webhook.clone(),
        );
        if settings.database_url.backend() == Some(crate::config::Backend::Postgres) {
            let url = settings.listen_url.as_ref().unwrap_or(&settings.database_url).expose().to_string();
            crate::sinyal::dengarkan(url, state.cache.clone(), state.revocations.clone(), state.pembaca.clone());
        }
        let data = web::Data::new(state);
        // The route table (for the guard) and the GraphQL schema (for its endpoint) are their
        // own app data: the state they read does not know them.
        let routes = web::Data::new(http::route_table());
        let schema = web::Data::new(crate::graphql::Mesin::baru());
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(routes.clone())
                .app_data(schema.clone())
                .app_data(http::json_config())
                .app_data(http::query_config())
                .app_data(http::path_config())
                .app_data(http::payload_config())
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
        if !demo_users.is_empty() {
            // Shown once, on the start that created them: only their hashes are kept.
            let mut teks = format!(
                "\nDasbor demo: buka http://{}:{port}/dasbor dan masuk sebagai salah satu pengguna ini\n\
                 (kata sandi ditampilkan sekali ini saja; pengguna lain: kinerja user create …):\n",
                settings.bind.rsplit_once(':').map_or("127.0.0.1", |(h, _)| h)
            );
            for u in &demo_users {
                teks.push_str(&format!(
                    "  {:<22} {:<12} satker {:<3} kata sandi: {}\n",
                    u.username, u.peran, u.satker, u.password
                ));
            }
            eprintln!("{teks}");
        }
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
