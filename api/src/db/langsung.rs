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
//! the pool does. Whatever the direct path cannot do (all of a thread's connections busy, a
//! value type it does not bind, a connection that fails) falls back to the pool, which
//! answers as it always has: the caller sees the same rows or the same error.
//!
//! [`Dekat`] is the connection the totals run on: reads go the direct way, everything else
//! to the pool. Statements are counted against their request (`Server-Timing`) either way.

use std::str::FromStr;
use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::Instant;

use sea_orm::sqlx::postgres::{PgArguments, PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, Arguments, ConnectOptions, Connection};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, ExecResult, QueryResult, Statement, Value};

use super::{PG_ACQUIRE_TIMEOUT, PG_PING_SETELAH_DIAM, catat};

/// How these connections name themselves to PostgreSQL (`pg_stat_activity.application_name`).
pub const NAMA_APLIKASI: &str = "kinerja-langsung";

/// PostgreSQL connections kept per thread for the hot reads; see the module's comment.
pub struct Langsung {
    opsi: PgConnectOptions,
    per_thread: usize,
    keadaan: Mutex<Keadaan>,
}

#[derive(Default)]
struct Keadaan {
    /// Idle connections, each with the thread that opened it and when it was last used.
    bebas: Vec<(PgConnection, ThreadId, Instant)>,
    /// Open connections (idle or in use) per thread.
    terbuka: Vec<(ThreadId, usize)>,
}

impl Keadaan {
    fn terbuka_mut(&mut self, t: ThreadId) -> &mut usize {
        let i = match self.terbuka.iter().position(|(id, _)| *id == t) {
            Some(i) => i,
            None => {
                self.terbuka.push((t, 0));
                self.terbuka.len() - 1
            }
        };
        &mut self.terbuka[i].1
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
            let n = k.terbuka_mut(self.thread);
            *n = n.saturating_sub(1);
        }
    }
}

impl Langsung {
    /// Up to `per_thread` connections per thread to the PostgreSQL server at `url`; `None` for
    /// any other database (SQLite has no round trip to save).
    pub fn baru(url: &str, per_thread: usize) -> Option<Self> {
        let opsi = PgConnectOptions::from_str(url).ok()?.application_name(NAMA_APLIKASI).disable_statement_logging();
        Some(Self { opsi, per_thread: per_thread.max(1), keadaan: Mutex::default() })
    }

    /// How many connections are open, and how many of them idle (for tests).
    pub fn jumlah(&self) -> (usize, usize) {
        self.keadaan.lock().map(|k| (k.terbuka.iter().map(|(_, n)| n).sum(), k.bebas.len())).unwrap_or((0, 0))
    }

    /// An idle connection this thread opened, or leave to open one; `None` when the thread
    /// already has all it may.
    fn pinjam(&self) -> Option<Pinjaman<'_>> {
        let thread = std::thread::current().id();
        let mut k = self.keadaan.lock().ok()?;
        if let Some(i) = k.bebas.iter().rposition(|(_, t, _)| *t == thread) {
            let (conn, _, sejak) = k.bebas.swap_remove(i);
            return Some(Pinjaman { asal: self, thread, conn: Some(conn), diam_sejak: Some(sejak), kembali: false });
        }
        let n = k.terbuka_mut(thread);
        if *n >= self.per_thread {
            return None;
        }
        *n += 1;
        // The place is taken; dropped before a connection is in it, it is freed again.
        Some(Pinjaman { asal: self, thread, conn: None, diam_sejak: None, kembali: false })
    }

    /// The rows of `sql` with `args`, on a connection of this thread; `None` when the direct
    /// way could not answer (the caller then asks the pool).
    async fn baca(&self, sql: &str, args: PgArguments) -> Option<Vec<QueryResult>> {
        let mut p = self.pinjam()?;
        let siap = match (p.conn.as_mut(), p.diam_sejak) {
            (Some(c), Some(sejak)) if sejak.elapsed() >= PG_PING_SETELAH_DIAM => {
                matches!(tokio::time::timeout(PG_ACQUIRE_TIMEOUT, c.ping()).await, Ok(Ok(())))
            }
            (Some(_), _) => true,
            (None, _) => match tokio::time::timeout(PG_ACQUIRE_TIMEOUT, PgConnection::connect_with(&self.opsi)).await {
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
        if !siap {
            return None;
        }
        let conn = p.conn.as_mut()?;
        let rows = match sqlx::query_with(sqlx::AssertSqlSafe(sql.to_string()), args).fetch_all(conn).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::debug!(error = %e, "pernyataan langsung gagal; lewat pool");
                return None;
            }
        };
        p.kembalikan();
        Some(rows.into_iter().map(QueryResult::from).collect())
    }
}

/// The values of a statement bound for PostgreSQL, when they are all of the plain types the
/// totals use; `None` sends the statement to the pool, which binds every type.
fn ikat(values: Option<&sea_orm::Values>) -> Option<PgArguments> {
    let mut args = PgArguments::default();
    for v in values.map(|v| v.0.as_slice()).unwrap_or_default() {
        let hasil = match v {
            Value::Bool(b) => args.add(*b),
            Value::SmallInt(n) => args.add(*n),
            Value::Int(n) => args.add(*n),
            Value::BigInt(n) => args.add(*n),
            Value::String(s) => args.add(s.as_deref()),
            _ => return None,
        };
        hasil.ok()?;
    }
    Some(args)
}

/// The database for the hot totals: reads on this thread's own connections when there are
/// any ([`Langsung`]), everything else on the pool.
pub struct Dekat<'a> {
    pub db: &'a DatabaseConnection,
    pub langsung: Option<&'a Langsung>,
}

impl Dekat<'_> {
    async fn langsung(&self, stmt: &Statement) -> Option<Vec<QueryResult>> {
        let l = self.langsung?;
        if stmt.db_backend != DatabaseBackend::Postgres {
            return None;
        }
        let args = ikat(stmt.values.as_ref())?;
        let mulai = Instant::now();
        let rows = l.baca(&stmt.sql, args).await?;
        catat(mulai.elapsed());
        Some(rows)
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Dekat<'_> {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.db.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.db.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.db.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self.langsung(&stmt).await {
            Some(rows) => Ok(rows.into_iter().next()),
            None => self.db.query_one_raw(stmt).await,
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self.langsung(&stmt).await {
            Some(rows) => Ok(rows),
            None => self.db.query_all_raw(stmt).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_takes_at_most_its_share_and_a_place_not_given_back_is_freed() {
        let l = Langsung::baru("postgres://postgres@127.0.0.1:1/tidak_dipakai", 2).unwrap();
        let a = l.pinjam().expect("first place");
        let b = l.pinjam().expect("second place");
        assert!(l.pinjam().is_none(), "a third is refused: the pool answers instead");
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

    #[test]
    fn only_plain_values_are_bound_here() {
        let polos = sea_orm::Values(vec![Value::SmallInt(None), 2024.into(), "00/18".into(), Value::BigInt(Some(7))]);
        assert!(ikat(Some(&polos)).is_some());
        assert!(ikat(None).is_some());
        let lain = sea_orm::Values(vec![Value::Double(Some(1.5))]);
        assert!(ikat(Some(&lain)).is_none(), "anything else goes to the pool, which binds every type");
    }
}
