//! The change outbox: written in the writing transaction, read as a feed in commit-safe order.
//!
//! On PostgreSQL every row carries its transaction's id (`pg_current_xact_id()`), and the feed
//! gives only rows whose transaction is older than the oldest one still in flight
//! (`pg_snapshot_xmin`), ordered by (`xid`, `id`). A transaction that started earlier but
//! commits later has the smaller xid and holds the horizon back until it ends, so no row can
//! appear behind a cursor already handed out. SQLite has one writer: `xid` is 0 and the order
//! is the row id's.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, Value};

use super::Scope;
use super::sql::stmt;
use crate::error::AppError;

/// A position in the feed: after the change of transaction `xid`, row `id`. Written as
/// `xid-id`; clients treat it as opaque.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posisi {
    pub xid: i64,
    pub id: i64,
}

impl Posisi {
    pub fn teks(self) -> String {
        format!("{}-{}", self.xid, self.id)
    }

    pub fn dari(s: &str) -> Option<Posisi> {
        let (x, i) = s.split_once('-')?;
        let p = Posisi { xid: x.parse().ok()?, id: i.parse().ok()? };
        (p.xid >= 0 && p.id >= 0).then_some(p)
    }
}

/// One change as written.
pub struct Catatan<'a> {
    pub jenis: &'a str,
    pub satker_id: i64,
    pub objek: &'a str,
    pub versi: Option<i32>,
    pub pelaku: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// `pk:2024` → (2024, none); `realisasi:2024:TW4` → (2024, TW4); `katalog:2025-2029` → (2025, none).
fn tahun_triwulan(objek: &str) -> (Option<i32>, Option<String>) {
    let mut bagian = objek.split(':').skip(1);
    let tahun = bagian.next().and_then(|t| t.get(..4)).and_then(|t| t.parse().ok());
    let tw = bagian.next().filter(|t| t.starts_with("TW")).map(str::to_string);
    (tahun, tw)
}

/// The id of the writing transaction, as SQL.
fn xid_sql(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => "pg_current_xact_id()::text::bigint",
        _ => "0",
    }
}

/// The INSERT of one change, and its values.
fn insert(backend: DatabaseBackend, c: &Catatan<'_>) -> (String, Vec<Value>) {
    let (tahun, triwulan) = tahun_triwulan(c.objek);
    let sql = format!(
        "INSERT INTO perubahan (xid, waktu, jenis, satker_id, objek, tahun, triwulan, versi, pelaku, request_id) \
         VALUES ({}, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        xid_sql(backend)
    );
    let values: Vec<Value> = vec![
        Utc::now().into(),
        c.jenis.into(),
        c.satker_id.into(),
        c.objek.into(),
        tahun.into(),
        triwulan.into(),
        c.versi.into(),
        c.pelaku.map(str::to_string).into(),
        c.request_id.map(str::to_string).into(),
    ];
    (sql, values)
}

/// Writes one change, in the caller's transaction.
pub async fn catat(db: &impl ConnectionTrait, c: Catatan<'_>) -> Result<(), AppError> {
    let backend = db.get_database_backend();
    let (sql, values) = insert(backend, &c);
    db.execute_raw(stmt(backend, &sql, values)).await?;
    Ok(())
}

/// Runs `sql` (one INSERT or UPDATE written with `?`) and writes the change `c` with it: on
/// PostgreSQL in the same statement (a data-modifying `WITH`), so the outbox costs the write no
/// round trip of its own; elsewhere as its own statement first.
pub async fn bersama(db: &impl ConnectionTrait, c: Catatan<'_>, sql: &str, values: Vec<Value>) -> Result<(), AppError> {
    let backend = db.get_database_backend();
    if backend != DatabaseBackend::Postgres {
        catat(db, c).await?;
        db.execute_raw(stmt(backend, sql, values)).await?;
        return Ok(());
    }
    let (perubahan, mut semua) = insert(backend, &c);
    semua.extend(values);
    db.execute_raw(stmt(backend, &format!("WITH perubahan_baru AS ({perubahan}) {sql}"), semua)).await?;
    Ok(())
}

/// One change as the feed gives it.
#[derive(Clone, Debug)]
pub struct Baris {
    pub posisi: Posisi,
    pub waktu: DateTime<Utc>,
    pub jenis: String,
    pub satker: String,
    pub objek: String,
    pub tahun: Option<i32>,
    pub triwulan: Option<String>,
    pub versi: Option<i32>,
    pub pelaku: Option<String>,
}

/// What a read of the feed asks for.
pub struct Saring<'a> {
    pub setelah: Posisi,
    pub batas: u64,
    /// Only these change types, when any are given.
    pub jenis: &'a [String],
}

/// The changes after `s.setelah` that `scope` may see, oldest first, at most `s.batas`.
pub async fn baca(scope: &Scope, db: &impl ConnectionTrait, s: &Saring<'_>) -> Result<Vec<Baris>, AppError> {
    let backend = db.get_database_backend();
    let (lingkup, mut values) = scope.saring_jalur("s.jalur");
    let mut sql = format!(
        "SELECT p.id, p.xid, p.waktu, p.jenis, s.kode_wilayah AS satker, p.objek, p.tahun, p.triwulan, p.versi, \
         p.pelaku FROM perubahan p JOIN satker s ON s.id = p.satker_id \
         WHERE {lingkup} AND (p.xid > ? OR (p.xid = ? AND p.id > ?))"
    );
    values.extend([s.setelah.xid.into(), s.setelah.xid.into(), s.setelah.id.into()]);
    if backend == DatabaseBackend::Postgres {
        // Only transactions older than every one still running: their rows are final.
        sql.push_str(" AND p.xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
    }
    if !s.jenis.is_empty() {
        sql.push_str(&format!(" AND p.jenis IN ({})", vec!["?"; s.jenis.len()].join(", ")));
        values.extend(s.jenis.iter().map(|j| Value::from(j.clone())));
    }
    sql.push_str(" ORDER BY p.xid, p.id LIMIT ?");
    values.push(i64::try_from(s.batas).unwrap_or(i64::MAX).into());
    let rows = db.query_all_raw(stmt(backend, &sql, values)).await?;
    rows.iter()
        .map(|r| {
            Ok(Baris {
                posisi: Posisi { xid: r.try_get("", "xid")?, id: r.try_get("", "id")? },
                waktu: r.try_get("", "waktu")?,
                jenis: r.try_get("", "jenis")?,
                satker: r.try_get("", "satker")?,
                objek: r.try_get("", "objek")?,
                tahun: r.try_get("", "tahun")?,
                triwulan: r.try_get("", "triwulan")?,
                versi: r.try_get("", "versi")?,
                pelaku: r.try_get("", "pelaku")?,
            })
        })
        .collect()
}

/// The newest position whose change, and every one before it, is final: the most a reader
/// may be handed now (the start of the feed when nothing is).
pub async fn puncak(db: &impl ConnectionTrait) -> Result<Posisi, AppError> {
    let backend = db.get_database_backend();
    let horizon = match backend {
        DatabaseBackend::Postgres => " WHERE xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
        _ => "",
    };
    let sql = format!("SELECT xid, id FROM perubahan{horizon} ORDER BY xid DESC, id DESC LIMIT 1");
    let r = db.query_one_raw(stmt(backend, &sql, Vec::new())).await?;
    Ok(match r {
        Some(r) => Posisi { xid: r.try_get("", "xid")?, id: r.try_get("", "id")? },
        None => dipangkas(db).await?.unwrap_or_default(),
    })
}

/// The position up to which old changes were removed, if any were.
pub async fn dipangkas(db: &impl ConnectionTrait) -> Result<Option<Posisi>, AppError> {
    let backend = db.get_database_backend();
    let r = db
        .query_one_raw(stmt(backend, "SELECT xid, perubahan_id FROM perubahan_pangkas WHERE id = 1", Vec::new()))
        .await?;
    Ok(match r {
        Some(r) => Some(Posisi { xid: r.try_get("", "xid")?, id: r.try_get("", "perubahan_id")? }),
        None => None,
    })
}

/// Removes the changes older than `sebelum`, remembering the last position removed. Answers how
/// many were removed.
pub async fn pangkas(db: &impl ConnectionTrait, sebelum: DateTime<Utc>) -> Result<u64, AppError> {
    let backend = db.get_database_backend();
    let batas = db
        .query_one_raw(stmt(
            backend,
            "SELECT xid, id FROM perubahan WHERE waktu < ? ORDER BY xid DESC, id DESC LIMIT 1",
            vec![sebelum.into()],
        ))
        .await?;
    let Some(r) = batas else { return Ok(0) };
    let p = Posisi { xid: r.try_get("", "xid")?, id: r.try_get("", "id")? };
    db.execute_raw(stmt(
        backend,
        "INSERT INTO perubahan_pangkas (id, xid, perubahan_id) VALUES (1, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET xid = excluded.xid, perubahan_id = excluded.perubahan_id",
        vec![p.xid.into(), p.id.into()],
    ))
    .await?;
    let hapus = db
        .execute_raw(stmt(
            backend,
            "DELETE FROM perubahan WHERE xid < ? OR (xid = ? AND id <= ?)",
            vec![p.xid.into(), p.xid.into(), p.id.into()],
        ))
        .await?;
    Ok(hapus.rows_affected())
}

/// How many changes are stored, and the oldest one's time (for the metrics).
pub async fn kedalaman(db: &impl ConnectionTrait) -> Result<(i64, Option<DateTime<Utc>>), AppError> {
    let backend = db.get_database_backend();
    let r =
        db.query_one_raw(stmt(backend, "SELECT COUNT(*) AS n, MIN(waktu) AS awal FROM perubahan", Vec::new())).await?;
    Ok(match r {
        Some(r) => (r.try_get("", "n")?, r.try_get("", "awal")?),
        None => (0, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_orders_by_transaction_then_row() {
        let p = Posisi { xid: 812, id: 40 };
        assert_eq!(Posisi::dari(&p.teks()), Some(p));
        for salah in ["", "812", "a-1", "1-b", "-1-2", "1--2"] {
            assert_eq!(Posisi::dari(salah), None, "{salah}");
        }
        assert!(Posisi { xid: 811, id: 99 } < p && p < Posisi { xid: 812, id: 41 });
        assert_eq!(tahun_triwulan("realisasi:2024:TW4"), (Some(2024), Some("TW4".into())));
        assert_eq!(tahun_triwulan("katalog:2025-2029"), (Some(2025), None));
        assert_eq!(tahun_triwulan("aturan"), (None, None));
    }
}
