//! SQL written by hand (aggregates, the audit insert), the same on both databases: placeholders
//! as each wants them, and sums that cannot overflow.

use std::fmt::Write;

use sea_orm::{DatabaseBackend, Statement, Value};

use crate::error::AppError;

/// `?` placeholders as each database wants them.
pub(crate) fn stmt(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => dolar(sql),
        _ => sql.to_string(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// `sql` with its `?` placeholders numbered `$1`, `$2`, … as PostgreSQL wants them.
fn dolar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for ch in sql.chars() {
        if ch == '?' {
            n += 1;
            let _ = write!(out, "${n}");
        } else {
            out.push(ch);
        }
    }
    out
}

/// A statement that never changes, written once with `?` placeholders and kept in each
/// database's form: the hot totals run it on every request and need not rewrite it each time.
pub(crate) struct Tetap {
    tanya: String,
    dolar: String,
}

impl Tetap {
    pub(crate) fn baru(sql: String) -> Self {
        Self { dolar: dolar(&sql), tanya: sql }
    }

    /// [`stmt`] of this statement.
    pub(crate) fn stmt(&self, backend: DatabaseBackend, values: Vec<Value>) -> Statement {
        let sql = if backend == DatabaseBackend::Postgres { &self.dolar } else { &self.tanya };
        Statement::from_sql_and_values(backend, sql.as_str(), values)
    }
}

/// Rupiah and fixed-point sums are split at this power of ten: `SUM(x / P)` and `SUM(x % P)`
/// each stay far inside BIGINT for any number of rows, on PostgreSQL and on SQLite alike (whose
/// `SUM` has no wider type and fails on overflow), and `P × high + low` is the exact total.
const PISAH: i64 = 1_000_000_000;

/// The exact sum of the BIGINT expression `expr`, as the two columns `{alias}_t` and
/// `{alias}_s`; read it back with [`jumlah`].
pub(crate) fn jumlah_sql(expr: &str, alias: &str) -> String {
    let [t, s] = jumlah_bagian(expr);
    format!("{t} AS {alias}_t, {s} AS {alias}_s")
}

/// The two halves of [`jumlah_sql`] without names: `[Σ(x / P), Σ(x % P)]`.
pub(crate) fn jumlah_bagian(expr: &str) -> [String; 2] {
    ["/", "%"].map(|op| format!("CAST(COALESCE(SUM(({expr}) {op} {PISAH}), 0) AS BIGINT)"))
}

/// A sum written by [`jumlah_sql`]. A total beyond BIGINT (only possible with rows stored
/// before today's bounds) is a clear error, never a wrapped number or a 500.
pub(crate) fn jumlah(r: &sea_orm::QueryResult, alias: &str) -> Result<i64, AppError> {
    gabung(r.try_get("", &format!("{alias}_t"))?, r.try_get("", &format!("{alias}_s"))?)
}

/// The exact total of a sum's two halves, or the clear error of a total beyond BIGINT.
fn gabung(tinggi: i64, sisa: i64) -> Result<i64, AppError> {
    crate::domain::angka::gabung_jumlah(tinggi, sisa, PISAH).ok_or(AppError::JumlahTerlaluBesar)
}

/// Reads the integer columns (SMALLINT, INTEGER, BIGINT) of one statement's rows by position.
/// A PostgreSQL row's integers are read straight from their bytes, once the first row has
/// shown which columns are integers: sea-orm and sqlx look the type up for every value
/// otherwise, and a national total reads 553 lines of ten integers (issue 28's profile: row
/// decoding was 15 % of the service's CPU per national answer). Any other row, type or format
/// is read the usual way, with its usual errors.
#[derive(Default)]
pub(crate) struct Bulat {
    /// The PostgreSQL columns that are integers, by position (bit `i`), once seen.
    pg: Option<u64>,
}

impl Bulat {
    /// The integer at `i`, `None` for NULL.
    pub(crate) fn atau_null(&mut self, r: &sea_orm::QueryResult, i: usize) -> Result<Option<i64>, AppError> {
        use sea_orm::sqlx::postgres::PgValueFormat;
        use sea_orm::sqlx::{Row, ValueRef};
        if let Some(pg) = r.try_as_pg_row() {
            let bulat = *self.pg.get_or_insert_with(|| kolom_bulat(pg.columns()));
            if i < 64
                && bulat & (1 << i) != 0
                && let Ok(v) = pg.try_get_raw(i)
            {
                if v.is_null() {
                    return Ok(None);
                }
                if v.format() == PgValueFormat::Binary
                    && let Ok(b) = v.as_bytes()
                {
                    // Binary integers are big-endian, as long as their type.
                    if let Ok(a) = <[u8; 8]>::try_from(b) {
                        return Ok(Some(i64::from_be_bytes(a)));
                    }
                    if let Ok(a) = <[u8; 4]>::try_from(b) {
                        return Ok(Some(i32::from_be_bytes(a).into()));
                    }
                    if let Ok(a) = <[u8; 2]>::try_from(b) {
                        return Ok(Some(i16::from_be_bytes(a).into()));
                    }
                }
            }
        }
        Ok(r.try_get_by_index::<Option<i64>>(i)?)
    }

    /// The integer at `i` of a column that is never NULL (a NULL is the usual error).
    pub(crate) fn ambil(&mut self, r: &sea_orm::QueryResult, i: usize) -> Result<i64, AppError> {
        match self.atau_null(r, i)? {
            Some(n) => Ok(n),
            None => Ok(r.try_get_by_index::<i64>(i)?),
        }
    }

    /// [`jumlah`] of the two columns at `i` and `i + 1` (`{alias}_t`, `{alias}_s`).
    pub(crate) fn jumlah(&mut self, r: &sea_orm::QueryResult, i: usize) -> Result<i64, AppError> {
        gabung(self.ambil(r, i)?, self.ambil(r, i + 1)?)
    }
}

/// Which of `kolom` are PostgreSQL integers (int2, int4, int8), as bits by position.
fn kolom_bulat(kolom: &[sea_orm::sqlx::postgres::PgColumn]) -> u64 {
    use sea_orm::sqlx::Column;
    use sea_orm::sqlx::postgres::types::Oid;
    kolom.iter().take(64).enumerate().fold(0, |bits, (i, k)| match k.type_info().oid() {
        Some(Oid(21 | 23 | 20)) => bits | (1 << i),
        _ => bits,
    })
}
