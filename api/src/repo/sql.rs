//! SQL written by hand (aggregates, the audit insert), the same on both databases: placeholders
//! as each wants them, and sums that cannot overflow.

use std::fmt::Write;

use sea_orm::{DatabaseBackend, Statement, Value};

use crate::error::AppError;

/// `?` placeholders as each database wants them.
pub(crate) fn stmt(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    // Written in place: the totals' statements are rewritten on every request.
                    let _ = write!(out, "${n}");
                } else {
                    out.push(ch);
                }
            }
            out
        }
        _ => sql.to_string(),
    };
    Statement::from_sql_and_values(backend, sql, values)
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

/// [`jumlah`] of the two columns at `i` and `i + 1` (`{alias}_t`, `{alias}_s`), by position.
pub(crate) fn jumlah_di(r: &sea_orm::QueryResult, i: usize) -> Result<i64, AppError> {
    gabung(bulat(r, i)?, bulat(r, i + 1)?)
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

/// The integer column at `i` (SMALLINT, INTEGER or BIGINT), `None` for NULL. A PostgreSQL row's
/// integer is read straight from its bytes, once its column's type is seen to be an integer
/// one: sea-orm and sqlx look the type up by value otherwise, and a national total reads 553
/// lines of ten integers (issue 28's profile: row decoding was 15 % of the service's CPU per
/// national answer; this saves about a quarter of it). Any other row or type is read the
/// usual way, with its usual errors.
pub(crate) fn bulat_atau_null(r: &sea_orm::QueryResult, i: usize) -> Result<Option<i64>, AppError> {
    use sea_orm::sqlx::postgres::types::Oid;
    use sea_orm::sqlx::{Decode, Postgres, Row, ValueRef};
    if let Some(pg) = r.try_as_pg_row()
        && let Ok(v) = pg.try_get_raw(i)
    {
        if v.is_null() {
            return Ok(None);
        }
        // int2, int4, int8
        if matches!(v.type_info().oid(), Some(Oid(21 | 23 | 20))) {
            return match <i64 as Decode<Postgres>>::decode(v) {
                Ok(n) => Ok(Some(n)),
                Err(e) => Err(AppError::internal(format!("kolom {i}: {e}"))),
            };
        }
    }
    Ok(r.try_get_by_index::<Option<i64>>(i)?)
}

/// [`bulat_atau_null`] of a column that is never NULL (a NULL is the usual error).
pub(crate) fn bulat(r: &sea_orm::QueryResult, i: usize) -> Result<i64, AppError> {
    match bulat_atau_null(r, i)? {
        Some(n) => Ok(n),
        None => Ok(r.try_get_by_index::<i64>(i)?),
    }
}
