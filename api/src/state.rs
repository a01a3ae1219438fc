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
    /// `db`'s own connections per thread for the hot totals, on PostgreSQL (`db::Langsung`).
    pub langsung: Option<Arc<crate::db::Langsung>>,
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
    /// Where analytical reads go: the replicas and who wrote recently.
    pub pembaca: Arc<crate::replika::Pembaca>,
    /// How many days the change feed keeps its changes.
    pub perubahan_simpan_hari: u64,
    /// Webhook delivery: allowed targets, the retry schedule, the worker's bell.
    pub webhook: Arc<crate::service::langganan::Webhook>,
    /// Where evidence files are stored, and how large they and a satker's share may be.
    pub bukti: Arc<crate::service::bukti::Penyimpan>,
    pub bukti_batas: crate::service::bukti::Batas,
}

/// The state for an analytical read (aggregates, GraphQL, the dashboard's pages): its `db` is
/// a replica when one is fit for this caller (see [`crate::replika`]), else the primary.
/// Handlers that take it declare that what they read may come from a replica.
pub struct Baca {
    primer: AppState,
    replika: Option<Arc<crate::replika::Replika>>,
}

impl Baca {
    /// The state a read runs against first.
    pub fn state(&self) -> AppState {
        match &self.replika {
            Some(r) => self.primer.di_replika(r),
            None => self.primer.clone(),
        }
    }

    pub fn primer(&self) -> &AppState {
        &self.primer
    }

    /// Whether the read goes to a replica.
    pub fn dari_replika(&self) -> bool {
        self.replika.is_some()
    }

    /// The replica stopped answering: skip it until its next check says otherwise.
    pub fn replika_gagal(&self) {
        if let Some(r) = &self.replika {
            tracing::warn!(replika = %r.label, "replika tidak menjawab; dibaca dari primer");
            r.tandai_turun();
        }
    }

    /// Runs `f` on the replica and, should the replica fail to answer, again on the primary:
    /// a replica going down costs the caller nothing but time.
    pub async fn jalankan<T, F, Fut>(&self, f: F) -> Result<T, crate::error::AppError>
    where
        F: Fn(AppState) -> Fut,
        Fut: std::future::Future<Output = Result<T, crate::error::AppError>>,
    {
        use crate::error::AppError;
        if self.replika.is_some() {
            match f(self.state()).await {
                Err(AppError::BasisDataTidakTersedia | AppError::Db(_)) => self.replika_gagal(),
                other => return other,
            }
        }
        f(self.primer.clone()).await
    }
}

impl AppState {
    /// The database for the hot totals: its reads on this thread's own connections.
    pub fn dekat(&self) -> crate::db::Dekat<'_> {
        crate::db::Dekat { db: &self.db, langsung: self.langsung.as_deref() }
    }

    /// This state reading from `r`, with no cache: a total computed on a replica that has not
    /// replayed the newest write yet must not be kept as current.
    fn di_replika(&self, r: &crate::replika::Replika) -> AppState {
        let mut st = self.clone();
        st.db = r.db.clone();
        st.langsung = r.langsung.clone();
        st.cache = self.pembaca.tanpa_cache.clone();
        st
    }
}

impl actix_web::FromRequest for Baca {
    type Error = crate::error::AppError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        use actix_web::HttpMessage;
        let Some(state) = req.app_data::<actix_web::web::Data<AppState>>() else {
            return std::future::ready(Err(crate::error::AppError::internal("app state missing")));
        };
        let primer = state.get_ref().clone();
        let sub = req.extensions().get::<crate::auth::Principal>().map(crate::auth::Principal::kunci_penulis);
        let replika = primer.pembaca.pilih(sub.as_deref());
        primer.metrics.baca(replika.is_some());
        std::future::ready(Ok(Baca { primer, replika }))
    }
}
