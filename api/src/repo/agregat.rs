//! Live aggregates over a subtree, computed by the database (GROUP BY over stored capaian and
//! anggaran). Only per-satker sums come back, never the rows they are made of.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

use super::Scope;
use crate::error::AppError;

/// Capaian sums of one satker's report: Σ(capaian terbatas × bobot) and Σ bobot, both at
/// fixed point (capaian ×10^6, bobot ×10^3), and how many indicators were reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SumCapaian {
    pub triwulan: i16,
    pub cb: i64,
    pub b: i64,
    pub dilaporkan: i64,
}

fn in_scope(scope: &Scope, jalur: &str) -> Result<(), AppError> {
    if scope.contains(jalur) { Ok(()) } else { Err(AppError::NotFound("Satker tidak ditemukan.".into())) }
}

/// `?` placeholders as each database wants them.
fn stmt(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
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

/// The subtree condition on `satker s`: the root itself or anything below it.
const SUBTREE: &str = "(s.jalur = ? OR s.jalur LIKE ?)";

fn subtree_values(jalur: &str) -> [Value; 2] {
    [jalur.into(), format!("{jalur}/%").into()]
}

/// Per satker of the subtree: the capaian sums of its report for `triwulan`, or of its
/// latest reported triwulan when `None`.
pub async fn capaian(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
    triwulan: Option<i16>,
) -> Result<HashMap<i64, SumCapaian>, AppError> {
    in_scope(scope, jalur)?;
    let tw_cond = match triwulan {
        Some(_) => "l.triwulan = ?",
        None => {
            "l.triwulan = (SELECT MAX(l2.triwulan) FROM laporan_realisasi l2 WHERE l2.satker_id = l.satker_id AND l2.tahun = l.tahun)"
        }
    };
    // Weights are stored at 10^6 and validated to three decimals, so bobot_e6 / 1000 is
    // exact; with capaian capped (≤ 10^9 at 10^6) each product stays below 10^15.
    let sql = format!(
        "SELECT l.satker_id AS satker_id, l.triwulan AS triwulan,
                CAST(COALESCE(SUM(r.capaian_terbatas_e6 * (i.bobot_e6 / 1000)), 0) AS BIGINT) AS cb,
                CAST(COALESCE(SUM(i.bobot_e6 / 1000), 0) AS BIGINT) AS b,
                COUNT(r.id) AS n
         FROM laporan_realisasi l
         JOIN satker s ON s.id = l.satker_id
         JOIN realisasi r ON r.laporan_id = l.id
         JOIN indikator i ON i.id = r.indikator_id
         WHERE l.tahun = ? AND {SUBTREE} AND r.capaian_terbatas_e6 IS NOT NULL AND {tw_cond}
         GROUP BY l.satker_id, l.triwulan"
    );
    let mut values: Vec<Value> = vec![tahun.into()];
    values.extend(subtree_values(jalur));
    if let Some(tw) = triwulan {
        values.push(tw.into());
    }
    let rows = db.query_all_raw(stmt(db.get_database_backend(), &sql, values)).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(
            r.try_get::<i64>("", "satker_id")?,
            SumCapaian {
                triwulan: r.try_get("", "triwulan")?,
                cb: r.try_get("", "cb")?,
                b: r.try_get("", "b")?,
                dilaporkan: r.try_get("", "n")?,
            },
        );
    }
    Ok(out)
}

/// Per satker of the subtree: how many indicators its PK of the year has.
pub async fn diharapkan(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
) -> Result<HashMap<i64, i64>, AppError> {
    in_scope(scope, jalur)?;
    let sql = format!(
        "SELECT p.satker_id AS satker_id, COUNT(i.id) AS n
         FROM perjanjian_kinerja p
         JOIN satker s ON s.id = p.satker_id
         JOIN indikator i ON i.pk_id = p.id
         WHERE p.tahun = ? AND {SUBTREE}
         GROUP BY p.satker_id"
    );
    let mut values: Vec<Value> = vec![tahun.into()];
    values.extend(subtree_values(jalur));
    let rows = db.query_all_raw(stmt(db.get_database_backend(), &sql, values)).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.try_get::<i64>("", "satker_id")?, r.try_get::<i64>("", "n")?);
    }
    Ok(out)
}

/// Per satker of the subtree: (pagu, realisasi) of its budget for the year.
pub async fn anggaran(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
) -> Result<HashMap<i64, (i64, i64)>, AppError> {
    in_scope(scope, jalur)?;
    let sql = format!(
        "SELECT a.satker_id AS satker_id,
                CAST(COALESCE(SUM(b.pagu), 0) AS BIGINT) AS pagu,
                CAST(COALESCE(SUM(b.realisasi), 0) AS BIGINT) AS realisasi
         FROM anggaran a
         JOIN satker s ON s.id = a.satker_id
         JOIN anggaran_baris b ON b.anggaran_id = a.id
         WHERE a.tahun = ? AND {SUBTREE}
         GROUP BY a.satker_id"
    );
    let mut values: Vec<Value> = vec![tahun.into()];
    values.extend(subtree_values(jalur));
    let rows = db.query_all_raw(stmt(db.get_database_backend(), &sql, values)).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.try_get::<i64>("", "satker_id")?, (r.try_get("", "pagu")?, r.try_get("", "realisasi")?));
    }
    Ok(out)
}

/// (pagu, realisasi) of the whole subtree for the year, summed by the database.
pub async fn anggaran_total(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
) -> Result<(i64, i64), AppError> {
    in_scope(scope, jalur)?;
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(b.pagu), 0) AS BIGINT) AS pagu,
                CAST(COALESCE(SUM(b.realisasi), 0) AS BIGINT) AS realisasi
         FROM anggaran a
         JOIN satker s ON s.id = a.satker_id
         JOIN anggaran_baris b ON b.anggaran_id = a.id
         WHERE a.tahun = ? AND {SUBTREE}"
    );
    let mut values: Vec<Value> = vec![tahun.into()];
    values.extend(subtree_values(jalur));
    let row = db.query_one_raw(stmt(db.get_database_backend(), &sql, values)).await?;
    match row {
        Some(r) => Ok((r.try_get("", "pagu")?, r.try_get("", "realisasi")?)),
        None => Ok((0, 0)),
    }
}
