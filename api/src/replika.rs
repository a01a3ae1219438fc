//! Read replicas for the analytical reads. A replica is used only while it answers and is no
//! further behind the primary than the configured bound; a caller who wrote within that bound
//! (on any instance: writes are announced by `sinyal`) reads from the primary, so nobody misses
//! their own write. Everything else (document reads that answer an ETag for a later
//! `If-Match`, every write) never comes here and uses the primary.
//!
//! Every second each replica is asked how far behind it is: nothing, when it has replayed all
//! the WAL the primary had written a moment before; otherwise the age of the last transaction
//! it replayed. A replica that does not answer is marked down until it answers again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

/// How often replicas are checked.
pub const PERIKSA: Duration = Duration::from_secs(1);
const TURUN: i64 = -1;

pub struct Replika {
    /// `0`, `1`, … in the order configured: the metric's label (no URL, no password).
    pub label: String,
    pub db: DatabaseConnection,
    /// The hot totals' own connections to this replica (see [`crate::db::Langsung`]).
    pub langsung: Option<Arc<crate::db::Langsung>>,
    /// Milliseconds behind the primary at the last check; -1 when it did not answer.
    lag_ms: AtomicI64,
}

impl Replika {
    pub fn lag_ms(&self) -> Option<i64> {
        let l = self.lag_ms.load(Ordering::Relaxed);
        (l != TURUN).then_some(l)
    }

    pub fn tandai_turun(&self) {
        self.lag_ms.store(TURUN, Ordering::Relaxed);
    }
}

/// Where a read goes.
pub struct Pembaca {
    /// The cache a read on a replica uses: none (see `AppState::di_replika`).
    pub tanpa_cache: Arc<crate::service::cache::CacheRingkasan>,
    replika: Vec<Arc<Replika>>,
    lag_maks: Duration,
    giliran: AtomicUsize,
    /// Who wrote when (credential subject → time), as announced by every instance.
    penulis: Mutex<HashMap<String, Instant>>,
}

impl Pembaca {
    /// Replicas as (label, pool, the totals' own connections).
    pub fn new(replika: Vec<(String, DatabaseConnection, Option<crate::db::Langsung>)>, lag_maks: Duration) -> Self {
        let replika = replika
            .into_iter()
            .map(|(label, db, langsung)| {
                Arc::new(Replika { label, db, langsung: langsung.map(Arc::new), lag_ms: AtomicI64::new(TURUN) })
            })
            .collect();
        Self {
            tanpa_cache: Arc::new(crate::service::cache::CacheRingkasan::new(Duration::ZERO)),
            replika,
            lag_maks,
            giliran: AtomicUsize::new(0),
            penulis: Mutex::default(),
        }
    }

    pub fn replika(&self) -> &[Arc<Replika>] {
        &self.replika
    }

    /// How long after a write its writer keeps reading from the primary: the lag a replica may
    /// have, plus the time a lag reading may be old.
    fn jeda(&self) -> Duration {
        self.lag_maks + PERIKSA * 2
    }

    /// `sub` wrote just now.
    pub fn catat_tulis(&self, sub: &str) {
        let Ok(mut m) = self.penulis.lock() else { return };
        let jeda = self.jeda();
        if m.len() > 100_000 {
            m.retain(|_, t| t.elapsed() < jeda);
        }
        m.insert(sub.to_string(), Instant::now());
    }

    fn baru_menulis(&self, sub: &str) -> bool {
        self.penulis.lock().ok().and_then(|m| m.get(sub).map(|t| t.elapsed() < self.jeda())).unwrap_or(false)
    }

    /// A replica fit for a read by `sub` (none: read from the primary). Replicas in turn.
    pub fn pilih(&self, sub: Option<&str>) -> Option<Arc<Replika>> {
        if self.replika.is_empty() || sub.is_some_and(|s| self.baru_menulis(s)) {
            return None;
        }
        let batas = i64::try_from(self.lag_maks.as_millis()).unwrap_or(i64::MAX);
        let n = self.replika.len();
        let mulai = self.giliran.fetch_add(1, Ordering::Relaxed);
        (0..n).map(|i| &self.replika[(mulai + i) % n]).find(|r| r.lag_ms().is_some_and(|l| l <= batas)).cloned()
    }

    /// Checks every replica now and every [`PERIKSA`] from now on.
    pub fn awasi(self: &Arc<Self>, primary: DatabaseConnection) {
        if self.replika.is_empty() {
            return;
        }
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                me.periksa(&primary).await;
                tokio::time::sleep(PERIKSA).await;
            }
        });
    }

    pub async fn periksa(&self, primary: &DatabaseConnection) {
        let lsn = async {
            let row = primary
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Postgres,
                    "SELECT pg_current_wal_lsn()::text AS lsn",
                ))
                .await
                .ok()??;
            row.try_get::<String>("", "lsn").ok()
        };
        let lsn = tokio::time::timeout(PERIKSA, lsn).await.ok().flatten();
        for r in &self.replika {
            let lag = tokio::time::timeout(PERIKSA, lag_ms(&r.db, lsn.as_deref())).await.ok().flatten();
            r.lag_ms.store(lag.unwrap_or(TURUN), Ordering::Relaxed);
        }
    }
}

/// How far behind `db` is: 0 when it has replayed WAL up to `lsn_primary` (or is no standby
/// at all), else the age of the last transaction it replayed. `None` when it does not answer.
async fn lag_ms(db: &DatabaseConnection, lsn_primary: Option<&str>) -> Option<i64> {
    let sql = "SELECT CASE \
                 WHEN NOT pg_is_in_recovery() THEN 0 \
                 WHEN $1::text IS NOT NULL AND pg_wal_lsn_diff($1::text::pg_lsn, pg_last_wal_replay_lsn()) <= 0 THEN 0 \
                 ELSE COALESCE((EXTRACT(EPOCH FROM (clock_timestamp() - pg_last_xact_replay_timestamp())) * 1000)::bigint, 0) \
               END AS lag";
    let stmt = Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, [lsn_primary.map(str::to_string).into()]);
    let row = db.query_one_raw(stmt).await.ok()??;
    row.try_get::<i64>("", "lag").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pembaca(lags: &[i64]) -> Pembaca {
        let p = Pembaca::new(Vec::new(), Duration::from_secs(5));
        let replika = lags
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Arc::new(Replika {
                    label: i.to_string(),
                    db: DatabaseConnection::default(),
                    langsung: None,
                    lag_ms: AtomicI64::new(*l),
                })
            })
            .collect();
        Pembaca { replika, ..p }
    }

    #[test]
    fn a_replica_down_or_too_far_behind_is_skipped() {
        let p = pembaca(&[TURUN, 6000, 10]);
        for _ in 0..5 {
            assert_eq!(p.pilih(Some("x")).unwrap().label, "2");
        }
        let p = pembaca(&[TURUN, 5001]);
        assert!(p.pilih(None).is_none(), "the primary, then");
        assert!(pembaca(&[]).pilih(None).is_none());
    }

    #[test]
    fn replicas_take_turns_and_a_writer_reads_its_own_write_from_the_primary() {
        let p = pembaca(&[0, 0]);
        let a = p.pilih(Some("x")).unwrap().label.clone();
        let b = p.pilih(Some("x")).unwrap().label.clone();
        assert_ne!(a, b);
        p.catat_tulis("x");
        assert!(p.pilih(Some("x")).is_none(), "x just wrote");
        assert!(p.pilih(Some("y")).is_some(), "y did not");
        assert!(p.pilih(None).is_some());
    }
}
