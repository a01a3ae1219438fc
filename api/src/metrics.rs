//! Prometheus metrics: requests by route and status, latency, and the database pool.
//! Each application has its own registry, so several apps in one process never collide.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};
use sea_orm::{DatabaseBackend, DatabaseConnection};

/// The method as a label: the nine of RFC 9110 and PATCH, anything else `OTHER`.
pub fn label_method(method: &str) -> &'static str {
    const KNOWN: [&str; 9] = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
    KNOWN.into_iter().find(|m| *m == method).unwrap_or("OTHER")
}

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    duration: HistogramVec,
    pool_size: IntGauge,
    pool_idle: IntGauge,
    langsung: IntGauge,
    langsung_idle: IntGauge,
    reads: IntCounterVec,
    replica_lag: IntGaugeVec,
    replica_langsung: IntGaugeVec,
    replica_up: IntGaugeVec,
    generasi: IntGauge,
    perubahan: IntGauge,
    perubahan_tertua: IntGauge,
    kiriman: IntCounterVec,
    tertunda_tertua: IntGauge,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("kinerja".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route pattern and status"),
            &["method", "route", "status"],
        )?;
        let duration = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by method and route pattern")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &["method", "route"],
        )?;
        let pool_size = IntGauge::new("db_pool_connections", "Open connections in the database pool")?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle connections in the database pool")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(duration.clone()))?;
        registry.register(Box::new(pool_size.clone()))?;
        registry.register(Box::new(pool_idle.clone()))?;
        let langsung = IntGauge::new(
            "db_langsung_connections",
            "Open connections the hot totals keep per worker thread, outside the pool (PostgreSQL)",
        )?;
        let langsung_idle =
            IntGauge::new("db_langsung_idle_connections", "Idle connections the hot totals keep outside the pool")?;
        registry.register(Box::new(langsung.clone()))?;
        registry.register(Box::new(langsung_idle.clone()))?;
        let reads = IntCounterVec::new(
            Opts::new("db_reads_total", "Analytical reads (aggregates, GraphQL, pages) by where they went first"),
            &["ke"],
        )?;
        let replica_lag = IntGaugeVec::new(
            Opts::new("db_replica_lag_milliseconds", "How far each replica is behind the primary (last check)"),
            &["replika"],
        )?;
        let replica_up =
            IntGaugeVec::new(Opts::new("db_replica_up", "1 while a replica answers its checks"), &["replika"])?;
        registry.register(Box::new(reads.clone()))?;
        registry.register(Box::new(replica_lag.clone()))?;
        let replica_langsung = IntGaugeVec::new(
            Opts::new(
                "db_replica_langsung_connections",
                "Connections the hot totals keep outside each replica's pool (open, idle among them)",
            ),
            &["replika", "keadaan"],
        )?;
        registry.register(Box::new(replica_langsung.clone()))?;
        registry.register(Box::new(replica_up.clone()))?;
        let generasi = IntGauge::new(
            "ringkasan_generasi",
            "Changes this instance has heard of (its own writes and other instances' messages); \
             a cached total older than this is not served",
        )?;
        registry.register(Box::new(generasi.clone()))?;
        let perubahan = IntGauge::new("perubahan_tersimpan", "Changes kept in the change feed's outbox")?;
        let perubahan_tertua =
            IntGauge::new("perubahan_tertua_detik", "Age in seconds of the oldest change kept in the outbox")?;
        registry.register(Box::new(perubahan.clone()))?;
        registry.register(Box::new(perubahan_tertua.clone()))?;
        let kiriman = IntCounterVec::new(
            Opts::new(
                "webhook_kiriman_total",
                "Webhook delivery attempts by outcome: terkirim (2xx), gagal (retried later), parkir (retries spent), \
                 nonaktif (410 or owner gone: subscription disabled), ditolak (target not allowed)",
            ),
            &["hasil"],
        )?;
        let tertunda_tertua = IntGauge::new(
            "webhook_tertunda_tertua_detik",
            "Age in seconds of the oldest change an active subscription has yet to receive (0 when none waits)",
        )?;
        registry.register(Box::new(kiriman.clone()))?;
        registry.register(Box::new(tertunda_tertua.clone()))?;
        Ok(Self {
            registry,
            requests,
            duration,
            pool_size,
            pool_idle,
            langsung,
            langsung_idle,
            reads,
            replica_lag,
            replica_langsung,
            replica_up,
            generasi,
            perubahan,
            perubahan_tertua,
            kiriman,
            tertunda_tertua,
        })
    }

    /// Every label comes from a closed set, whatever clients send: `route` is the matched
    /// pattern (`/api/v1/satker/{kode}`) or `unmatched`, never the raw path; the method is one
    /// of the standard ones or `OTHER`; the status is a valid HTTP code or `other`.
    pub fn observe(&self, method: &str, route: Option<&str>, status: u16, seconds: f64) {
        let (method, route) = (label_method(method), route.unwrap_or("unmatched"));
        let status = if (100..=599).contains(&status) { status.to_string() } else { "other".into() };
        self.requests.with_label_values(&[method, route, &status]).inc();
        self.duration.with_label_values(&[method, route]).observe(seconds);
    }

    /// The change outbox as read just before rendering: how many changes it keeps, and how old
    /// the oldest is.
    pub fn perubahan(&self, jumlah: i64, tertua_detik: i64) {
        self.perubahan.set(jumlah);
        self.perubahan_tertua.set(tertua_detik);
    }

    /// One webhook delivery attempt ended so.
    pub fn kiriman(&self, hasil: &'static str) {
        self.kiriman.with_label_values(&[hasil]).inc();
    }

    /// How long the oldest change still owed to a subscriber has waited.
    pub fn tertunda(&self, detik: i64) {
        self.tertunda_tertua.set(detik);
    }

    /// An analytical read went to a replica (or to the primary).
    pub fn baca(&self, replika: bool) {
        self.reads.with_label_values(&[if replika { "replika" } else { "primer" }]).inc();
    }

    pub fn render(
        &self,
        (db, langsung): (&DatabaseConnection, Option<&crate::db::Langsung>),
        pembaca: &crate::replika::Pembaca,
        cache: &crate::service::cache::CacheRingkasan,
    ) -> Result<String, prometheus::Error> {
        self.generasi.set(i64::try_from(cache.generasi()).unwrap_or(i64::MAX));
        // The hot totals' own connections (`db::Langsung`): open, and idle among them.
        let (terbuka, bebas) = langsung.map_or((0, 0), |l| l.jumlah());
        self.langsung.set(i64::try_from(terbuka).unwrap_or(i64::MAX));
        self.langsung_idle.set(i64::try_from(bebas).unwrap_or(i64::MAX));
        for r in pembaca.replika() {
            let lag = r.lag_ms();
            self.replica_up.with_label_values(&[r.label.as_str()]).set(i64::from(lag.is_some()));
            self.replica_lag.with_label_values(&[r.label.as_str()]).set(lag.unwrap_or(-1));
            let (terbuka, bebas) = r.langsung.as_ref().map_or((0, 0), |l| l.jumlah());
            for (keadaan, n) in [("open", terbuka), ("idle", bebas)] {
                self.replica_langsung
                    .with_label_values(&[r.label.as_str(), keadaan])
                    .set(i64::try_from(n).unwrap_or(i64::MAX));
            }
        }
        let (size, idle) = match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                let p = db.get_postgres_connection_pool();
                (p.size(), p.num_idle())
            }
            DatabaseBackend::Sqlite => {
                let p = db.get_sqlite_connection_pool();
                (p.size(), p.num_idle())
            }
            _ => (0, 0),
        };
        self.pool_size.set(i64::from(size));
        self.pool_idle.set(i64::try_from(idle).unwrap_or(i64::MAX));
        let mut buf = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buf)?;
        String::from_utf8(buf).map_err(|e| prometheus::Error::Msg(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_a_closed_set_whatever_is_sent() {
        let m = Metrics::new().unwrap();
        for i in 0..1000 {
            m.observe(&format!("FOOBAR{i}"), None, 405, 0.001);
        }
        m.observe("GET", Some("/health"), 200, 0.001);
        let families = m.registry.gather();
        let requests = families.iter().find(|f| f.name() == "kinerja_http_requests_total").unwrap();
        assert_eq!(requests.get_metric().len(), 2, "1000 made-up methods are one series");
        assert_eq!(label_method("get"), "OTHER", "methods are case-sensitive");
        assert_eq!(label_method("PATCH"), "PATCH");
    }
}
