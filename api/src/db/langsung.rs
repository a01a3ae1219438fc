//! Connections of the hot totals, kept by the thread that opened them (issue 28).
//!
//! Two costs of sqlx's pool that the totals' single statement cannot afford, seen in a
//! syscall trace of one request:
//! - a pooled connection's socket is registered with the reactor of the runtime that opened
//!   it (often the main thread, where the webhook worker runs), so every answer from
//!   PostgreSQL first wakes that thread, which then wakes the worker serving the request: two
//!   thread wake-ups per round trip instead of one;
//! - sqlx pings a connection (Sync, ReadyForQuery) every time it goes back to the pool: a
//!   second round trip per statement, with no option to turn it off.
//!
//! [`Langsung`] keeps a few PostgreSQL connections per thread, each used only on the thread
//! that opened it (so its socket wakes the thread that waits on it), and returns a connection
//! to its thread's list without a ping once its statement has been read to the end. A
//! connection whose statement did not complete (an error, a request dropped while it waited)
//! is closed, never reused; one idle for [`super::PG_PING_SETELAH_DIAM`] is pinged first, as
//! the pool does. A statement that finds all of its thread's connections busy waits for one
//! to be given back (the thread's statements take turns on them), up to the time a pool
//! checkout may take. Whatever the direct path cannot do (no connection within that time, a
//! value type it does not bind, a connection that fails before its first row) falls back to
//! the pool, which answers as it always has: the caller sees the same rows or the same error.
//! [`super::Dekat`] is what sends the totals' reads this way; [`anggaran_koneksi`] gives these
//! connections their part of the pool's budget.

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use sea_orm::sqlx::postgres::{PgArguments, PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, ConnectOptions, Connection};
use sea_orm::{DbErr, QueryResult, RuntimeErr};
use tokio::sync::Notify;

use super::{PG_ACQUIRE_TIMEOUT, PG_PING_SETELAH_DIAM};
use crate::config::{Backend, DatabaseUrl};
use crate::error::AppError;

/// How these connections name themselves to PostgreSQL (`pg_stat_activity.application_name`).
pub const NAMA_APLIKASI: &str = "kinerja-langsung";

/// PostgreSQL connections kept per thread for the hot reads; see the module's comment.
pub struct Langsung {
    opsi: PgConnectOptions,
    per_thread: usize,
    /// How long opening or pinging a connection may take before the pool is asked instead.
    batas: Duration,
    keadaan: Mutex<Keadaan>,
}

#[derive(Default)]
struct Keadaan {
    /// Idle connections, each with the thread that opened it and when it was last used.
    bebas: Vec<(PgConnection, ThreadId, Instant)>,
    /// Each thread that has opened any.
    thread: Vec<PerThread>,
}

/// One thread's share.
struct PerThread {
    id: ThreadId,
    /// Its open connections, idle or in use.
    terbuka: usize,
    /// What its statements wait on for one of its connections to be given back.
    giliran: Arc<Notify>,
}

impl Keadaan {
    fn thread_mut(&mut self, id: ThreadId) -> &mut PerThread {
        let i = match self.thread.iter().position(|t| t.id == id) {
            Some(i) => i,
            None => {
                self.thread.push(PerThread { id, terbuka: 0, giliran: Arc::default() });
                self.thread.len() - 1
            }
        };
        &mut self.thread[i]
    }
}

/// Shares a budget of `pool_max` connections to one server between the pool and the hot
/// totals' own connections ([`Langsung`]) of `workers` worker threads: the threads keep up to
/// half of the budget between them (at least one each), the pool the rest; with too small a
/// budget for both, the pool keeps it all. Returns (the pool's size, connections per thread).
fn bagi_koneksi(pool_max: u32, workers: usize) -> (u32, usize) {
    let workers = workers.max(1);
    let per_thread = (pool_max as usize / 2 / workers).max(1);
    match u32::try_from(per_thread * workers) {
        Ok(langsung) if pool_max >= 2 * langsung => (pool_max - langsung, per_thread),
        _ => (pool_max, 0),
    }
}

/// The budget of `pool_max` connections to the server at `url`, shared as [`bagi_koneksi`]
/// says: the pool's size and, on PostgreSQL, the totals' own connections. Anywhere else (or
/// with too small a budget) the pool keeps it all.
pub fn anggaran_koneksi(url: &DatabaseUrl, pool_max: u32, workers: usize) -> (u32, Option<Langsung>) {
    if url.backend() != Some(Backend::Postgres) {
        return (pool_max, None);
    }
    let (pool, per_thread) = bagi_koneksi(pool_max, workers);
    match (per_thread > 0).then(|| Langsung::baru(url.expose(), per_thread)).flatten() {
        Some(l) => (pool, Some(l)),
        None => (pool_max, None),
    }
}

/// A connection lent to one statement. Given back only by [`Pinjaman::kembalikan`]; dropped
/// otherwise (an error, or a request dropped mid-statement), it is closed and its place freed.
struct Pinjaman<'a> {
    asal: &'a Langsung,
    thread: ThreadId,
    conn: Option<PgConnection>,
    /// When the connection was last given back; `None` for a place a new one is opened in.
    diam_sejak: Option<Instant>,
    kembali: bool,
}

impl Pinjaman<'_> {
    fn kembalikan(mut self) {
        if let Some(c) = self.conn.take()
            && let Ok(mut k) = self.asal.keadaan.lock()
        {
            k.bebas.push((c, self.thread, Instant::now()));
            self.kembali = true;
            k.thread_mut(self.thread).giliran.notify_one();
        }
    }
}

impl Drop for Pinjaman<'_> {
    fn drop(&mut self) {
        if self.kembali {
            return;
        }
        self.conn = None;
        if let Ok(mut k) = self.asal.keadaan.lock() {
            let t = k.thread_mut(self.thread);
            t.terbuka = t.terbuka.saturating_sub(1);
            t.giliran.notify_one();
        }
    }
}

impl Langsung {
    /// Up to `per_thread` connections per thread to the PostgreSQL server at `url`; `None` for
    /// any other database (SQLite has no round trip to save).
    pub fn baru(url: &str, per_thread: usize) -> Option<Self> {
        let opsi = PgConnectOptions::from_str(url).ok()?.application_name(NAMA_APLIKASI).disable_statement_logging();
        Some(Self { opsi, per_thread: per_thread.max(1), batas: PG_ACQUIRE_TIMEOUT, keadaan: Mutex::default() })
    }

    /// The same, waiting at most `batas` to open or ping a connection (a replica is not worth
    /// waiting for: the primary is there).
    pub fn dengan_batas(self, batas: Duration) -> Self {
        Self { batas, ..self }
    }

    /// How many connections are open, and how many of them idle (`/metrics`).
    pub fn jumlah(&self) -> (usize, usize) {
        self.keadaan.lock().map(|k| (k.thread.iter().map(|t| t.terbuka).sum(), k.bebas.len())).unwrap_or((0, 0))
    }

    /// An idle connection this thread opened, or leave to open one; when the thread already
    /// has all it may, what to wait on for one to be given back (`None` if the state is
    /// unusable).
    fn coba_pinjam(&self) -> Result<Pinjaman<'_>, Option<Arc<Notify>>> {
        let thread = std::thread::current().id();
        let mut k = self.keadaan.lock().map_err(|_| None)?;
        if let Some(i) = k.bebas.iter().rposition(|(_, t, _)| *t == thread) {
            let (conn, _, sejak) = k.bebas.swap_remove(i);
            return Ok(Pinjaman { asal: self, thread, conn: Some(conn), diam_sejak: Some(sejak), kembali: false });
        }
        let t = k.thread_mut(thread);
        if t.terbuka >= self.per_thread {
            return Err(Some(t.giliran.clone()));
        }
        t.terbuka += 1;
        // The place is taken; dropped before a connection is in it, it is freed again.
        Ok(Pinjaman { asal: self, thread, conn: None, diam_sejak: None, kembali: false })
    }

    /// [`Langsung::coba_pinjam`] without waiting.
    #[cfg(test)]
    fn pinjam(&self) -> Option<Pinjaman<'_>> {
        self.coba_pinjam().ok()
    }

    /// A connection of this thread, waiting (at most [`Langsung::dengan_batas`]'s time) for one
    /// of its own to be given back when all are busy: the statements of one thread take turns
    /// on its connections rather than crossing to the pool, whose connections answer through
    /// another thread. `None` sends the statement to the pool.
    async fn pinjam_atau_tunggu(&self) -> Option<Pinjaman<'_>> {
        let batas = tokio::time::Instant::now() + self.batas;
        loop {
            match self.coba_pinjam() {
                Ok(p) => return Some(p),
                Err(None) => return None,
                Err(Some(giliran)) => tokio::time::timeout_at(batas, giliran.notified()).await.ok()?,
            }
        }
    }

    /// Hands each row of `sql` with `args` to `tiap` as it arrives, on a connection of this
    /// thread, so the caller's work on a row overlaps PostgreSQL producing the next ones.
    pub(super) async fn baca(&self, sql: &str, args: PgArguments, tiap: &mut Tiap<'_>) -> Bacaan {
        use futures_util::TryStreamExt;
        let Some(mut p) = self.pinjam_atau_tunggu().await else { return Bacaan::KePool };
        let siap = match (p.conn.as_mut(), p.diam_sejak) {
            (Some(c), Some(sejak)) if sejak.elapsed() >= PG_PING_SETELAH_DIAM => {
                matches!(tokio::time::timeout(self.batas, c.ping()).await, Ok(Ok(())))
            }
            (Some(_), _) => true,
            (None, _) => match tokio::time::timeout(self.batas, PgConnection::connect_with(&self.opsi)).await {
                Ok(Ok(c)) => {
                    p.conn = Some(c);
                    true
                }
                Ok(Err(e)) => {
                    tracing::debug!(error = %e, "koneksi langsung gagal dibuka; lewat pool");
                    false
                }
                Err(_) => false,
            },
        };
        let Some(conn) = p.conn.as_mut().filter(|_| siap) else { return Bacaan::KePool };
        let mut rows = sqlx::query_with(sqlx::AssertSqlSafe(sql.to_string()), args).fetch(conn);
        let mut ada = false;
        loop {
            match rows.try_next().await {
                Ok(Some(r)) => {
                    ada = true;
                    // The caller's error ends the statement here: the connection, not read to
                    // the end, is closed when `p` drops.
                    if let Err(e) = tiap(QueryResult::from(r)) {
                        return Bacaan::Gagal(e);
                    }
                }
                Ok(None) => break,
                // Nothing handed on yet: the pool may still answer (and gives the same error
                // if the statement itself is wrong).
                Err(e) if !ada => {
                    tracing::debug!(error = %e, "pernyataan langsung gagal; lewat pool");
                    return Bacaan::KePool;
                }
                Err(e) => return Bacaan::Gagal(DbErr::Query(RuntimeErr::SqlxError(Arc::new(e))).into()),
            }
        }
        drop(rows);
        p.kembalikan();
        Bacaan::Selesai
    }
}

/// What one row of a statement is handed to.
pub type Tiap<'a> = dyn FnMut(QueryResult) -> Result<(), AppError> + Send + 'a;

/// How reading a statement the direct way ended.
pub(super) enum Bacaan {
    /// Every row was handed on.
    Selesai,
    /// No row was handed on and the pool should answer instead.
    KePool,
    /// The statement failed after rows were handed on, or the caller refused one.
    Gagal(AppError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_totals_own_connections_come_out_of_the_pools_budget() {
        for (pool_max, workers, harap) in [
            (20, 2, (10, 5)),
            (20, 1, (10, 10)),
            (20, 8, (12, 1)),
            (20, 16, (20, 0)),
            (40, 4, (20, 5)),
            (1, 1, (1, 0)),
            (2, 1, (1, 1)),
            (0, 2, (0, 0)),
        ] {
            let (pool, per_thread) = bagi_koneksi(pool_max, workers);
            assert_eq!((pool, per_thread), harap, "{pool_max} over {workers} workers");
            assert!(pool as usize + per_thread * workers <= pool_max as usize, "never more than the budget");
            assert!(pool >= 1 || pool_max == 0, "the pool always keeps one");
        }
        let pg = DatabaseUrl::new("postgres://postgres@127.0.0.1:5432/kinerja");
        assert!(matches!(anggaran_koneksi(&pg, 20, 2), (10, Some(_))));
        assert!(matches!(anggaran_koneksi(&pg, 20, 16), (20, None)), "too small a budget: the pool's");
        let sqlite = DatabaseUrl::new("sqlite://data/kinerja.db?mode=rwc");
        assert!(matches!(anggaran_koneksi(&sqlite, 20, 2), (20, None)), "SQLite keeps its pool");
    }

    #[test]
    fn a_thread_takes_at_most_its_share_and_a_place_not_given_back_is_freed() {
        let l = Langsung::baru("postgres://postgres@127.0.0.1:1/tidak_dipakai", 2).unwrap();
        let a = l.pinjam().expect("first place");
        let b = l.pinjam().expect("second place");
        assert!(l.pinjam().is_none(), "a third waits, or the pool answers");
        assert_eq!(l.jumlah(), (2, 0));
        // Dropped without a connection given back (an error, a dropped request): freed.
        drop(a);
        assert_eq!(l.jumlah(), (1, 0));
        // Another thread has a share of its own.
        std::thread::scope(|s| {
            s.spawn(|| {
                let c = l.pinjam().expect("another thread's place");
                let d = l.pinjam().expect("and its second");
                assert!(l.pinjam().is_none());
                drop((c, d));
            });
        });
        assert_eq!(l.jumlah(), (1, 0));
        drop(b);
        assert_eq!(l.jumlah(), (0, 0));
        assert!(Langsung::baru("bukan url", 2).is_none());
    }

    #[tokio::test]
    async fn a_statement_waits_its_turn_on_its_threads_connections_then_goes_to_the_pool() {
        let l = Langsung::baru("postgres://postgres@127.0.0.1:1/tidak_dipakai", 1)
            .unwrap()
            .dengan_batas(Duration::from_millis(200));
        let a = l.pinjam_atau_tunggu().await.expect("a free place");
        // All busy: the next waits, and gets the place as soon as it is freed.
        let mulai = Instant::now();
        let (b, ()) = tokio::join!(l.pinjam_atau_tunggu(), async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            drop(a);
        });
        let b = b.expect("the place freed while waiting");
        assert!(mulai.elapsed() >= Duration::from_millis(50), "it waited: {:?}", mulai.elapsed());
        assert_eq!(l.jumlah(), (1, 0));
        // Nobody frees it: after the time bound, the pool's turn.
        let mulai = Instant::now();
        assert!(l.pinjam_atau_tunggu().await.is_none());
        assert!(mulai.elapsed() >= Duration::from_millis(200), "{:?}", mulai.elapsed());
        drop(b);
        assert!(l.pinjam_atau_tunggu().await.is_some(), "free again");
    }
}
