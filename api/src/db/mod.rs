//! Opening the database: SQLite file or PostgreSQL server, created when missing.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, Statement};

use crate::config::{Backend, DatabaseUrl};

mod dekat;
mod langsung;

pub use dekat::{BacaBaris, Dekat};
pub use langsung::{Langsung, Tiap, anggaran_koneksi};

#[derive(Debug, thiserror::Error)]
pub enum DbStartError {
    #[error("tidak dapat membuat direktori data {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("tidak dapat terhubung ke basis data {url}: {cause}")]
    Connect { url: String, cause: String },
    #[error("tidak dapat membuat basis data '{name}' di {url}: {cause}")]
    Create { name: String, url: String, cause: String },
    #[error("migrasi gagal: {0}")]
    Migrate(String),
    #[error(
        "skema basis data lebih baru dari program ini (versi {versi}): migrasi {0} tidak dikenal; \
         jalankan kinerja versi yang sama dengan atau lebih baru dari yang memigrasinya",
        versi = env!("CARGO_PKG_VERSION")
    )]
    SkemaLebihBaru(String),
}

/// Connects, creating the SQLite file or the PostgreSQL database if it does not exist yet.
pub async fn connect(url: &DatabaseUrl) -> Result<DatabaseConnection, DbStartError> {
    connect_with(url, DEFAULT_POOL_MAX).await
}

/// Connections in a PostgreSQL pool unless configured (`KINERJA_DB_POOL_MAX`).
pub const DEFAULT_POOL_MAX: u32 = 20;

/// [`connect`] with a PostgreSQL pool of at most `pool_max` connections.
pub async fn connect_with(url: &DatabaseUrl, pool_max: u32) -> Result<DatabaseConnection, DbStartError> {
    match url.backend() {
        Some(Backend::Sqlite) => {
            ensure_sqlite_dir(url)?;
            open(url, pool_max).await
        }
        _ => match open(url, pool_max).await {
            Err(DbStartError::Connect { cause, .. }) if is_missing_database(&cause) => {
                create_postgres_database(url).await?;
                open(url, pool_max).await
            }
            other => other,
        },
    }
}

/// How long a replica may take to give a connection: one that does not answer quickly is not
/// worth waiting for, the primary is there.
pub const REPLIKA_BATAS: Duration = Duration::from_secs(1);

/// A replica's pool: no database is created (a standby is read-only), and connecting lazily,
/// so an instance starts while a replica is down and uses it once it is up.
pub async fn connect_replica(url: &DatabaseUrl, pool_max: u32) -> Result<DatabaseConnection, DbStartError> {
    let mut opt = options(url, pool_max);
    opt.connect_lazy(true);
    opt.connect_timeout(REPLIKA_BATAS).acquire_timeout(REPLIKA_BATAS);
    buka(url, opt).await
}

/// Any number in an advisory lock's key space that is ours alone: instances started together
/// take it in turn to migrate ("kinerja" in ASCII, as a number).
pub const KUNCI_MIGRASI: i64 = 0x6b_696e_6572_6a61;

/// Applies pending migrations. When the one that creates the summary rows is among them, the
/// rows are filled from the documents already stored, in one transaction, before anything
/// reads them.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbStartError> {
    let galat = |e: String| DbStartError::Migrate(e);
    // On PostgreSQL, instances started together migrate one after another: the first holds a
    // transaction-scoped advisory lock until its migrations (and the summary fill) are done;
    // the others wait for it, then find nothing pending.
    let kunci = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            use sea_orm::TransactionTrait;
            let t = db.begin().await.map_err(|e| galat(e.to_string()))?;
            t.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({KUNCI_MIGRASI})"))
                .await
                .map_err(|e| galat(e.to_string()))?;
            Some(t)
        }
        _ => None,
    };
    periksa_versi(db).await?;
    let ringkasan_baru = pending_migrations(db)
        .await
        .map_err(|e| galat(e.to_string()))?
        .iter()
        .any(|m| migration::RINGKASAN_BANGUN.contains(&m.as_str()));
    Migrator::up(db, None).await.map_err(|e| galat(e.to_string()))?;
    if ringkasan_baru {
        let txn = begin_write(db).await.map_err(|e| galat(e.to_string()))?;
        crate::repo::ringkasan::bangun(&txn, crate::repo::ringkasan::Cakupan::Semua)
            .await
            .map_err(|e| galat(e.to_string()))?;
        txn.commit().await.map_err(|e| galat(e.to_string()))?;
    }
    if let Some(t) = kunci {
        t.commit().await.map_err(|e| galat(e.to_string()))?;
    }
    Ok(())
}

/// Refuses a database whose schema has migrations this binary does not know: it was migrated
/// by a newer version, and this one would misread it.
async fn periksa_versi(db: &DatabaseConnection) -> Result<(), DbStartError> {
    let dikenal: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
    let sudah = match db
        .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT version FROM seaql_migrations"))
        .await
    {
        Ok(rows) => rows.iter().filter_map(|r| r.try_get::<String>("", "version").ok()).collect::<Vec<_>>(),
        // A new database has no migration table yet.
        Err(_) => return Ok(()),
    };
    let asing: Vec<String> = sudah.into_iter().filter(|v| !dikenal.contains(v)).collect();
    if asing.is_empty() { Ok(()) } else { Err(DbStartError::SkemaLebihBaru(asing.join(", "))) }
}

/// Names of migrations not yet applied; read-only, so it is safe for a readiness probe.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    let pending = Migrator::get_pending_migrations_read_only(db).await?;
    Ok(pending.iter().map(|m| m.name().to_string()).collect())
}

pub const PG_ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1500);
/// How long a pooled PostgreSQL connection may have been idle and still be handed out unpinged.
pub const PG_PING_SETELAH_DIAM: Duration = Duration::from_secs(5);

fn options(url: &DatabaseUrl, pool_max: u32) -> ConnectOptions {
    let mut opt = ConnectOptions::new(url.expose().to_string());
    opt.connect_timeout(Duration::from_secs(5)).sqlx_logging(false);
    match url.backend() {
        Some(Backend::Sqlite) => {
            opt.acquire_timeout(Duration::from_secs(5));
            // One writer at a time is SQLite's rule; WAL lets readers proceed meanwhile and
            // busy_timeout makes a second writer wait instead of failing at once.
            opt.max_connections(8).map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .create_if_missing(true)
            });
        }
        _ => {
            // While the server is down, every request waits this long for a connection and is
            // then answered 503 with Retry-After (see `AppError::from(DbErr)`), so a client
            // learns quickly rather than after a long hang. A healthy pool hands out
            // connections in microseconds; waiting longer than this means overload, where a
            // quick 503 is the better answer too.
            opt.max_connections(pool_max).acquire_timeout(PG_ACQUIRE_TIMEOUT);
            // A connection handed out again within this long of its last use is not pinged
            // first: the ping is a round trip of its own, as long as the statement it precedes
            // (issue 28). One idle longer (perhaps dropped by the server, a proxy or a restart)
            // still is; a connection that breaks in use is closed and the request answered
            // 503, as before.
            opt.test_before_acquire_if_idle_for(PG_PING_SETELAH_DIAM);
        }
    }
    opt
}

async fn open(url: &DatabaseUrl, pool_max: u32) -> Result<DatabaseConnection, DbStartError> {
    buka(url, options(url, pool_max)).await
}

/// Connects with `opt`; every statement on the connection is counted against its request.
async fn buka(url: &DatabaseUrl, opt: ConnectOptions) -> Result<DatabaseConnection, DbStartError> {
    let mut db = Database::connect(opt)
        .await
        .map_err(|e| DbStartError::Connect { url: url.redacted(), cause: clean_cause(&e) })?;
    db.set_metric_callback(catat_pernyataan);
    Ok(db)
}

/// Counts a statement run by the pool against the request being served, if any.
fn catat_pernyataan(info: &sea_orm::metric::Info<'_>) {
    catat(info.elapsed);
}

/// Counts a statement (and its time) against the request being served, if any.
fn catat(waktu: Duration) {
    let _ = PERMINTAAN.try_with(|p| {
        p.pernyataan.set(p.pernyataan.get() + 1);
        p.waktu_db.set(p.waktu_db.get() + waktu);
    });
}

fn clean_cause(e: &DbErr) -> String {
    let s = e.to_string();
    s.strip_prefix("Connection Error: ").unwrap_or(&s).to_string()
}

fn is_missing_database(cause: &str) -> bool {
    // SQLSTATE 3D000 invalid_catalog_name, as PostgreSQL words it.
    cause.contains("does not exist") && cause.contains("database")
}

fn ensure_sqlite_dir(url: &DatabaseUrl) -> Result<(), DbStartError> {
    let path = sqlite_path(url.expose());
    if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|source| DbStartError::DataDir { path: dir.display().to_string(), source })?;
    }
    create_private(path).map_err(|source| DbStartError::DataDir { path: path.to_string(), source })
}

/// Creates the database file readable by its owner only, like `jwt-secret`, before SQLite
/// opens it: SQLite gives its `-wal` and `-shm` files the mode of the database file. An
/// existing file keeps the mode its owner gave it.
fn create_private(path: &str) -> std::io::Result<()> {
    if path.is_empty() || path == ":memory:" || std::path::Path::new(path).exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn sqlite_path(url: &str) -> &str {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    rest.split('?').next().unwrap_or(rest)
}

/// Splits a PostgreSQL URL into the database name and a URL of the server's `postgres`
/// maintenance database.
pub fn postgres_admin_url(url: &DatabaseUrl) -> Option<(String, DatabaseUrl)> {
    let mut u = url::Url::parse(url.expose()).ok()?;
    let name = u.path().trim_start_matches('/').to_string();
    if name.is_empty() {
        return None;
    }
    u.set_path("/postgres");
    Some((name, DatabaseUrl::new(u.to_string())))
}

/// Quotes an identifier for PostgreSQL.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn create_postgres_database(url: &DatabaseUrl) -> Result<(), DbStartError> {
    let (name, admin) = postgres_admin_url(url).ok_or_else(|| DbStartError::Connect {
        url: url.redacted(),
        cause: "URL tidak menyebut nama basis data".into(),
    })?;
    let create_err = |cause: String| DbStartError::Create { name: name.clone(), url: admin.redacted(), cause };
    let db = Database::connect(options(&admin, 1)).await.map_err(|e| create_err(clean_cause(&e)))?;
    tracing::info!(database = %name, "basis data belum ada; membuat");
    let sql = format!("CREATE DATABASE {}", quote_ident(&name));
    let result = db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await;
    let _ = db.close().await;
    match result {
        Ok(_) => Ok(()),
        // Another process created it between our two attempts (42P04 duplicate_database, or the
        // unique index of pg_database when both ran at once): that is what we wanted.
        Err(e) if crate::error::db_code(&e).as_deref() == Some("42P04") || crate::error::is_unique_violation(&e) => {
            Ok(())
        }
        Err(e) => Err(create_err(e.to_string())),
    }
}

/// What the database did for the request being served, kept by the request middleware.
#[derive(Default)]
pub struct Permintaan {
    /// Set when the request committed a change readers can see; the middleware then signals it
    /// (other instances' caches, read-your-writes) whatever status the answer has (a dashboard
    /// form answers 303).
    pub berubah: std::cell::Cell<bool>,
    /// Statements the request ran, and their time (answered as `Server-Timing`).
    pub pernyataan: std::cell::Cell<u32>,
    pub waktu_db: std::cell::Cell<Duration>,
}

tokio::task_local! {
    pub static PERMINTAAN: Permintaan;
}

/// Commits a transaction that changed what readers see, and says so to the request being
/// served (see [`PERMINTAAN`]). Every service write ends here.
pub async fn komit(txn: sea_orm::DatabaseTransaction) -> Result<(), DbErr> {
    txn.commit().await?;
    // Outside a request (the CLI, the demo loader) there is nobody to tell.
    let _ = PERMINTAAN.try_with(|p| p.berubah.set(true));
    Ok(())
}

/// The first key of the advisory locks that serialise writers of one stored object.
const KUNCI_TULIS: i32 = 0x6b69_6e65;

/// Makes writers of one object of a satker (`pk:2024`, `realisasi:2024:TW2`, `narasi:2024`)
/// take turns until the end of the transaction. On PostgreSQL two writers without `If-Match`
/// would otherwise read the same version and the second would fail its version check with a
/// 412 it never asked for; with the lock the second reads what the first committed, as on
/// SQLite, whose `BEGIN IMMEDIATE` already lets one writer in at a time. `If-Match` is still
/// checked against that version, so a stale one still answers 412.
pub async fn kunci_tulis(txn: &sea_orm::DatabaseTransaction, satker_id: i64, objek: &str) -> Result<(), DbErr> {
    if txn.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(());
    }
    let kunci = format!("{satker_id}:{objek}");
    txn.execute_raw(Statement::from_sql_and_values(
        sea_orm::DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        [KUNCI_TULIS.into(), kunci.into()],
    ))
    .await?;
    Ok(())
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so a second writer waits for the first instead of failing with
/// "database is locked" when it upgrades; PostgreSQL ignores the option.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_path_strips_scheme_and_query() {
        assert_eq!(sqlite_path("sqlite://data/kinerja.db?mode=rwc"), "data/kinerja.db");
        assert_eq!(sqlite_path("sqlite:/tmp/x.db"), "/tmp/x.db");
    }

    #[test]
    fn admin_url_points_at_postgres_database() {
        let (name, admin) =
            postgres_admin_url(&DatabaseUrl::new("postgres://u:p@127.0.0.1:5432/kinerja_baru")).unwrap();
        assert_eq!(name, "kinerja_baru");
        assert_eq!(admin.expose(), "postgres://u:p@127.0.0.1:5432/postgres");
        assert!(postgres_admin_url(&DatabaseUrl::new("postgres://127.0.0.1:5432")).is_none());
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident(r#"a"b"#), r#""a""b""#);
    }
}
