//! Live aggregates over a subtree, computed by the database (GROUP BY over stored capaian and
//! anggaran). Only per-satker sums come back, never the rows they are made of.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, Value};

use super::Scope;
use super::sql::{jumlah, jumlah_sql, stmt};
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

/// The subtree condition on `satker s`: the root itself or anything below it.
const SUBTREE: &str = "(s.jalur = ? OR s.jalur LIKE ?)";

/// The values of [`SUBTREE`] for the part of `jalur`'s subtree that `scope` sees: the whole
/// subtree, or, for a scope of one satker, that satker alone (`jalur = x OR jalur LIKE x`,
/// where a path of digits, dots and slashes holds no LIKE wildcard).
fn subtree_values(scope: &Scope, jalur: &str) -> [Value; 2] {
    if scope.covers_subtree(jalur) {
        [jalur.into(), format!("{}%", crate::domain::akses::awalan_bawahan(jalur)).into()]
    } else {
        [jalur.into(), jalur.into()]
    }
}

/// Runs `sql` whose placeholders are `lead` values then the subtree condition's two (plus
/// `tail`), after checking the subtree lies in the caller's scope.
async fn run(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    sql: &str,
    lead: Vec<Value>,
    tail: Vec<Value>,
) -> Result<Vec<sea_orm::QueryResult>, AppError> {
    in_scope(scope, jalur)?;
    let mut values = lead;
    values.extend(subtree_values(scope, jalur));
    values.extend(tail);
    Ok(db.query_all_raw(stmt(db.get_database_backend(), sql, values)).await?)
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
    let tw_cond = match triwulan {
        Some(_) => "l.triwulan = ?",
        None => {
            "l.triwulan = (SELECT MAX(l2.triwulan) FROM laporan_realisasi l2 WHERE l2.satker_id = l.satker_id AND l2.tahun = l.tahun)"
        }
    };
    // Weights are stored at 10^6 and validated to three decimals, so bobot_e6 / 1000 is
    // exact; with capaian capped (≤ 10^9 at 10^6) each product stays below 10^15.
    let sql = format!(
        "SELECT l.satker_id AS satker_id, l.triwulan AS triwulan, {}, {},
                COUNT(r.id) AS n
         FROM laporan_realisasi l
         JOIN satker s ON s.id = l.satker_id
         JOIN realisasi r ON r.laporan_id = l.id
         JOIN indikator i ON i.id = r.indikator_id
         WHERE l.tahun = ? AND {SUBTREE} AND r.capaian_terbatas_e6 IS NOT NULL AND {tw_cond}
         GROUP BY l.satker_id, l.triwulan",
        jumlah_sql("r.capaian_terbatas_e6 * (i.bobot_e6 / 1000)", "cb"),
        jumlah_sql("i.bobot_e6 / 1000", "b"),
    );
    let rows =
        run(scope, db, jalur, &sql, vec![tahun.into()], triwulan.map(|tw| vec![tw.into()]).unwrap_or_default()).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(
            r.try_get::<i64>("", "satker_id")?,
            SumCapaian {
                triwulan: r.try_get("", "triwulan")?,
                cb: jumlah(&r, "cb")?,
                b: jumlah(&r, "b")?,
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
    let sql = format!(
        "SELECT p.satker_id AS satker_id, COUNT(i.id) AS n
         FROM perjanjian_kinerja p
         JOIN satker s ON s.id = p.satker_id
         JOIN indikator i ON i.pk_id = p.id
         WHERE p.tahun = ? AND {SUBTREE}
         GROUP BY p.satker_id"
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?;
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
    let sql = format!(
        "SELECT a.satker_id AS satker_id, {}
         FROM anggaran a
         JOIN satker s ON s.id = a.satker_id
         JOIN anggaran_baris b ON b.anggaran_id = a.id
         WHERE a.tahun = ? AND {SUBTREE}
         GROUP BY a.satker_id",
        JUMLAH_ANGGARAN.as_str()
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.try_get::<i64>("", "satker_id")?, (jumlah(&r, "pagu")?, jumlah(&r, "realisasi")?));
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
    let sql = format!(
        "SELECT {}
         FROM anggaran a
         JOIN satker s ON s.id = a.satker_id
         JOIN anggaran_baris b ON b.anggaran_id = a.id
         WHERE a.tahun = ? AND {SUBTREE}",
        JUMLAH_ANGGARAN.as_str()
    );
    let row = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?.into_iter().next();
    match row {
        Some(r) => Ok((jumlah(&r, "pagu")?, jumlah(&r, "realisasi")?)),
        None => Ok((0, 0)),
    }
}

/// One group of budget totals: code, name, pagu, realisasi.
pub type Kelompok = (String, String, i64, i64);

/// The exact sums of `pagu` and `realisasi` of budget lines, as [`jumlah_sql`] columns named
/// `pagu` and `realisasi` (bare names: no other table joined with `anggaran_baris` has them).
pub(super) static JUMLAH_ANGGARAN: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{}, {}", jumlah_sql("pagu", "pagu"), jumlah_sql("realisasi", "realisasi")));

/// A [`Kelompok`] from a row with the columns `grup`, `nama` and the [`JUMLAH_ANGGARAN`] sums.
pub(super) fn kelompok(r: &sea_orm::QueryResult) -> Result<Kelompok, AppError> {
    Ok((r.try_get("", "grup")?, r.try_get("", "nama")?, jumlah(r, "pagu")?, jumlah(r, "realisasi")?))
}

/// Budget of the subtree grouped by `program_kode`, `jenis_belanja` or `sumber_dana`:
/// (group, a name, pagu, realisasi).
pub async fn anggaran_per(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
    kolom: &'static str,
) -> Result<Vec<Kelompok>, AppError> {
    let nama = if kolom == "program_kode" { "program_nama" } else { kolom };
    let sql = format!(
        "SELECT b.{kolom} AS grup, MAX(b.{nama}) AS nama, {}
         FROM anggaran a
         JOIN satker s ON s.id = a.satker_id
         JOIN anggaran_baris b ON b.anggaran_id = a.id
         WHERE a.tahun = ? AND {SUBTREE}
         GROUP BY b.{kolom}
         ORDER BY b.{kolom}",
        JUMLAH_ANGGARAN.as_str()
    );
    run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?.iter().map(kelompok).collect()
}

/// Realisasi of the subtree by month (1–12), for lines that give a monthly breakdown; empty
/// when none does. One scan summing the twelve monthly columns.
pub async fn anggaran_bulanan(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
) -> Result<Vec<(i16, i64)>, AppError> {
    let sums =
        (1..=12).map(|m| jumlah_sql(&format!("b.realisasi_bulan_{m:02}"), &format!("b{m:02}"))).collect::<Vec<_>>();
    let sql = format!(
        "SELECT COUNT(*) AS n, {}
         FROM anggaran a
         JOIN satker s ON s.id = a.satker_id
         JOIN anggaran_baris b ON b.anggaran_id = a.id
         WHERE a.tahun = ? AND b.realisasi_bulan_01 IS NOT NULL AND {SUBTREE}",
        sums.join(", ")
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?;
    let mut out = Vec::new();
    for r in rows {
        if r.try_get::<i64>("", "n")? == 0 {
            continue;
        }
        for m in 1..=12_i16 {
            out.push((m, jumlah(&r, &format!("b{m:02}"))?));
        }
    }
    Ok(out)
}

/// One indicator code across the satkers of a subtree in one triwulan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatIndikator {
    pub kode: String,
    pub nama: String,
    pub melapor: i64,
    /// Σ capped capaian ×10^6, for the mean.
    pub total_terbatas: i64,
    pub min: i64,
    pub max: i64,
}

pub async fn indikator(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
    triwulan: i16,
) -> Result<Vec<StatIndikator>, AppError> {
    let sql = format!(
        "SELECT i.kode AS kode, MAX(i.nama) AS nama, COUNT(r.id) AS n,
                {},
                CAST(MIN(r.capaian_e6) AS BIGINT) AS min, CAST(MAX(r.capaian_e6) AS BIGINT) AS max
         FROM laporan_realisasi l
         JOIN satker s ON s.id = l.satker_id
         JOIN realisasi r ON r.laporan_id = l.id
         JOIN indikator i ON i.id = r.indikator_id
         WHERE l.tahun = ? AND l.triwulan = ? AND {SUBTREE} AND r.capaian_e6 IS NOT NULL
         GROUP BY i.kode
         ORDER BY i.kode",
        jumlah_sql("r.capaian_terbatas_e6", "total")
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into(), triwulan.into()], Vec::new()).await?;
    let mut out = Vec::new();
    for r in rows {
        out.push(StatIndikator {
            kode: r.try_get("", "kode")?,
            nama: r.try_get("", "nama")?,
            melapor: r.try_get("", "n")?,
            total_terbatas: jumlah(&r, "total")?,
            min: r.try_get("", "min")?,
            max: r.try_get("", "max")?,
        });
    }
    Ok(out)
}

/// (indicator code, kategori, how many satkers) in one triwulan.
pub async fn indikator_kategori(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
    triwulan: i16,
) -> Result<Vec<(String, String, i64)>, AppError> {
    let sql = format!(
        "SELECT i.kode AS kode, r.kategori AS kategori, COUNT(r.id) AS n
         FROM laporan_realisasi l
         JOIN satker s ON s.id = l.satker_id
         JOIN realisasi r ON r.laporan_id = l.id
         JOIN indikator i ON i.id = r.indikator_id
         WHERE l.tahun = ? AND l.triwulan = ? AND {SUBTREE} AND r.kategori IS NOT NULL
         GROUP BY i.kode, r.kategori
         ORDER BY i.kode, r.kategori"
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into(), triwulan.into()], Vec::new()).await?;
    let mut out = Vec::new();
    for r in rows {
        out.push((r.try_get("", "kode")?, r.try_get("", "kategori")?, r.try_get("", "n")?));
    }
    Ok(out)
}

/// How many satkers of the subtree have each indicator code in their PK of the year.
pub async fn indikator_dimiliki(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
) -> Result<HashMap<String, i64>, AppError> {
    let sql = format!(
        "SELECT i.kode AS kode, COUNT(i.id) AS n
         FROM perjanjian_kinerja p
         JOIN satker s ON s.id = p.satker_id
         JOIN indikator i ON i.pk_id = p.id
         WHERE p.tahun = ? AND {SUBTREE}
         GROUP BY i.kode"
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.try_get::<String>("", "kode")?, r.try_get::<i64>("", "n")?);
    }
    Ok(out)
}

/// Temuan of the subtree in the year, counted by code: (kode, findings, satkers with it).
pub async fn temuan(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
) -> Result<Vec<(String, i64, i64)>, AppError> {
    let sql = format!(
        "SELECT t.kode AS kode, COUNT(t.id) AS n, COUNT(DISTINCT t.satker_id) AS satker
         FROM temuan t
         JOIN satker s ON s.id = t.satker_id
         WHERE t.tahun = ? AND {SUBTREE}
         GROUP BY t.kode
         ORDER BY t.kode"
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?;
    let mut out = Vec::new();
    for r in rows {
        out.push((r.try_get("", "kode")?, r.try_get("", "n")?, r.try_get("", "satker")?));
    }
    Ok(out)
}

/// The triwulan report of every satker of the subtree that has one: (satker id, status,
/// submitted at).
pub async fn pengajuan(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
    triwulan: i16,
) -> Result<HashMap<i64, (String, Option<chrono::DateTime<chrono::Utc>>)>, AppError> {
    let sql = format!(
        "SELECT l.satker_id AS satker_id, l.status AS status, l.diajukan_pada AS diajukan_pada
         FROM laporan_realisasi l
         JOIN satker s ON s.id = l.satker_id
         WHERE l.tahun = ? AND l.triwulan = ? AND {SUBTREE}"
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into(), triwulan.into()], Vec::new()).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.try_get::<i64>("", "satker_id")?, (r.try_get("", "status")?, r.try_get("", "diajukan_pada")?));
    }
    Ok(out)
}
