//! Live aggregates over a subtree, read from the summary rows that every write keeps current
//! (`repo::ringkasan`): no read here touches a realisasi or a budget line. Only per-satker
//! sums or per-group totals come back.

use std::collections::HashMap;
use std::sync::LazyLock;

use sea_orm::{ConnectionTrait, Value};

mod indikator;

pub use indikator::{
    NilaiProvinsi, NilaiSatker, StatIndikator, indikator, indikator_dimiliki, per_provinsi, peringkat,
};

use super::Scope;
use super::sql::{Bulat, Tetap, jumlah, jumlah_sql, stmt};
use crate::db::BacaBaris;
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

/// The values of a statement whose placeholders are `lead` values then the subtree
/// condition's two (plus `tail`), after checking the subtree lies in the caller's scope.
fn nilai_subtree(scope: &Scope, jalur: &str, lead: Vec<Value>, tail: Vec<Value>) -> Result<Vec<Value>, AppError> {
    in_scope(scope, jalur)?;
    let mut values = lead;
    values.extend(subtree_values(scope, jalur));
    values.extend(tail);
    Ok(values)
}

/// Runs `sql` with [`nilai_subtree`]'s values.
async fn run(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    sql: &str,
    lead: Vec<Value>,
    tail: Vec<Value>,
) -> Result<Vec<sea_orm::QueryResult>, AppError> {
    let values = nilai_subtree(scope, jalur, lead, tail)?;
    Ok(db.query_all_raw(stmt(db.get_database_backend(), sql, values)).await?)
}

/// One satker's line of a subtree's totals, read from its summary rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BarisRingkasan {
    /// The capaian of its report for the triwulan asked, or of its latest report; `None` when
    /// that report has no computed capaian.
    pub capaian: Option<SumCapaian>,
    /// How many indicators its PK of the year has.
    pub diharapkan: i64,
    pub pagu: i64,
    pub realisasi: i64,
}

/// The totals of a subtree beside its satkers' lines: Σ pagu and Σ realisasi of the lines.
pub struct Ringkasan {
    pub pagu: i64,
    pub realisasi: i64,
    /// Every stored rule row, to choose each satker's rules from.
    pub aturan: Vec<super::aturan::Tersimpan>,
}

/// The subtree's totals in one statement over its summary rows: each satker's year row and its
/// triwulan row (the one asked, else its latest). Each line is already a sum kept by the
/// writes and is handed to `satker` (with the satker's id) as it arrives, so the caller's work
/// on it overlaps the database producing the next; the subtree's Σ pagu and Σ realisasi add up
/// those lines, checked. `seluruh` says the subtree is the whole tree (every satker lies under
/// `jalur`).
pub async fn ringkasan(
    scope: &Scope,
    db: &impl BacaBaris,
    (jalur, seluruh): (&str, bool),
    (tahun, triwulan): (i32, Option<i16>),
    satker: &mut (dyn FnMut(i64, BarisRingkasan) -> Result<(), AppError> + Send),
) -> Result<Ringkasan, AppError> {
    // The rules in force come with the lines (few rows, marked `jenis = 1`): one statement,
    // one connection per total.
    //
    // The whole tree, seen whole, needs no condition on the path, and must not have one: the
    // service's statements are prepared, and PostgreSQL's generic plan, estimating the path
    // condition at a handful of rows, looks up the triwulan row of each of 553 satkers one by
    // one instead of hashing them (2.3 ms against 0.9; issue 28).
    static SELURUH: LazyLock<Tetap> = LazyLock::new(|| {
        Tetap::baru(format!(
            "{RINGKASAN_KOLOM} FROM ringkasan_satker y {RINGKASAN_TRIWULAN} WHERE y.tahun = ? {RINGKASAN_ATURAN}"
        ))
    });
    static BAGIAN: LazyLock<Tetap> = LazyLock::new(|| {
        Tetap::baru(format!(
            "{RINGKASAN_KOLOM} FROM ringkasan_satker y JOIN satker s ON s.id = y.satker_id {RINGKASAN_TRIWULAN}
             WHERE y.tahun = ? AND {SUBTREE} {RINGKASAN_ATURAN}"
        ))
    });
    let values = vec![Value::SmallInt(triwulan), tahun.into()];
    let backend = db.get_database_backend();
    let stmt = if seluruh && scope.covers_subtree(jalur) {
        SELURUH.stmt(backend, values)
    } else {
        BAGIAN.stmt(backend, nilai_subtree(scope, jalur, values, Vec::new())?)
    };
    let mut out = Ringkasan { pagu: 0, realisasi: 0, aturan: Vec::new() };
    let mut baca = Bulat::default();
    db.baca_baris(stmt, &mut |r| baris_ringkasan(&r, &mut baca, &mut out, satker)).await?;
    Ok(out)
}

const RINGKASAN_KOLOM: &str = "SELECT 0 AS jenis, y.satker_id AS satker_id, y.diharapkan AS diharapkan,
                y.pagu_t AS pagu_t, y.pagu_s AS pagu_s, y.realisasi_t AS realisasi_t, y.realisasi_s AS realisasi_s,
                t.triwulan AS triwulan, t.dilaporkan AS dilaporkan, t.cb_t AS cb_t, t.cb_s AS cb_s, t.b AS b,
                CAST(NULL AS BIGINT) AS batas, CAST(NULL AS TEXT) AS pita";
const RINGKASAN_TRIWULAN: &str = "LEFT JOIN ringkasan_triwulan t ON t.satker_id = y.satker_id AND t.tahun = y.tahun
              AND t.triwulan = COALESCE(?, y.triwulan_terakhir)";
const RINGKASAN_ATURAN: &str = "UNION ALL
         SELECT 1, a.satker_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                a.batas_capaian_e6, CAST(a.pita_kategori AS TEXT)
         FROM aturan_capaian a";

/// One line of [`ringkasan`]'s statement, read by column position (in the order of
/// [`RINGKASAN_KOLOM`]): 553 lines of 14 columns are read on every national total, and a
/// lookup by name costs a string built and hashed per value.
fn baris_ringkasan(
    r: &sea_orm::QueryResult,
    baca: &mut Bulat,
    out: &mut Ringkasan,
    satker: &mut (dyn FnMut(i64, BarisRingkasan) -> Result<(), AppError> + Send),
) -> Result<(), AppError> {
    const JENIS: usize = 0;
    const SATKER: usize = 1;
    const DIHARAPKAN: usize = 2;
    const PAGU: usize = 3;
    const REALISASI: usize = 5;
    const TRIWULAN: usize = 7;
    const DILAPORKAN: usize = 8;
    const CB: usize = 9;
    const B: usize = 11;
    const BATAS: usize = 12;
    const PITA: usize = 13;
    if baca.ambil(r, JENIS)? == 1 {
        let pita: String = r.try_get_by_index(PITA)?;
        out.aturan.push(super::aturan::Tersimpan::baru(
            r.try_get_by_index(SATKER)?,
            r.try_get_by_index(BATAS)?,
            serde_json::from_str(&pita),
        )?);
        return Ok(());
    }
    let capaian = match baca.atau_null(r, DILAPORKAN)? {
        Some(n) if n > 0 => Some(SumCapaian {
            triwulan: i16::try_from(baca.ambil(r, TRIWULAN)?).map_err(AppError::internal)?,
            cb: baca.jumlah(r, CB)?,
            b: baca.ambil(r, B)?,
            dilaporkan: n,
        }),
        _ => None,
    };
    let (pagu, realisasi) = (baca.jumlah(r, PAGU)?, baca.jumlah(r, REALISASI)?);
    // The subtree's totals: the sum of the lines it is made of (each exact), checked.
    out.pagu = out.pagu.checked_add(pagu).ok_or(AppError::JumlahTerlaluBesar)?;
    out.realisasi = out.realisasi.checked_add(realisasi).ok_or(AppError::JumlahTerlaluBesar)?;
    satker(baca.ambil(r, SATKER)?, BarisRingkasan { capaian, diharapkan: baca.ambil(r, DIHARAPKAN)?, pagu, realisasi })
}

/// (pagu, realisasi) of the whole subtree for the year, summed by the database from the year
/// rows.
pub async fn anggaran_total(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
) -> Result<(i64, i64), AppError> {
    let sql = format!(
        "SELECT {}, {}
         FROM ringkasan_satker y
         JOIN satker s ON s.id = y.satker_id
         WHERE y.tahun = ? AND {SUBTREE}",
        jumlah_tersimpan("y.pagu", "pagu"),
        jumlah_tersimpan("y.realisasi", "realisasi"),
    );
    let row = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?.into_iter().next();
    match row {
        Some(r) => Ok((jumlah(&r, "pagu")?, jumlah(&r, "realisasi")?)),
        None => Ok((0, 0)),
    }
}

/// The sum of a stored split sum (`{kolom}_t`, `{kolom}_s`) over many summary rows, as the
/// columns [`jumlah`] reads back under `alias`. Each half stays far inside BIGINT.
fn jumlah_tersimpan(kolom: &str, alias: &str) -> String {
    format!(
        "CAST(COALESCE(SUM({kolom}_t), 0) AS BIGINT) AS {alias}_t, CAST(COALESCE(SUM({kolom}_s), 0) AS BIGINT) AS {alias}_s"
    )
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

/// Budget of the subtree grouped by one of [`super::ringkasan::DIMENSI`] (`program`,
/// `jenis_belanja` or `sumber_dana`): (group, a name, pagu, realisasi), from the summary rows.
pub async fn anggaran_per(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
    dimensi: &'static str,
) -> Result<Vec<Kelompok>, AppError> {
    let sql = format!(
        "SELECT g.grup AS grup, MAX(g.nama) AS nama, {}, {}
         FROM ringkasan_anggaran g
         JOIN satker s ON s.id = g.satker_id
         WHERE g.tahun = ? AND g.dimensi = ? AND {SUBTREE}
         GROUP BY g.grup
         ORDER BY g.grup",
        jumlah_tersimpan("g.pagu", "pagu"),
        jumlah_tersimpan("g.realisasi", "realisasi"),
    );
    run(scope, db, jalur, &sql, vec![tahun.into(), dimensi.into()], Vec::new()).await?.iter().map(kelompok).collect()
}

/// The pagu of the subtree's budget lines that give a monthly breakdown, and their realisasi by
/// month (1–12); `(0, [])` when no line does. One row of thirteen sums.
pub async fn anggaran_bulanan(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
) -> Result<(i64, Vec<(i16, i64)>), AppError> {
    let mut sums = vec![jumlah_tersimpan("m.pagu", "pagu")];
    sums.extend((1..=12).map(|m| jumlah_tersimpan(&format!("m.b{m:02}"), &format!("b{m:02}"))));
    let sql = format!(
        "SELECT COUNT(*) AS n, {}
         FROM ringkasan_bulan m
         JOIN satker s ON s.id = m.satker_id
         WHERE m.tahun = ? AND {SUBTREE}",
        sums.join(", ")
    );
    let mut out = (0, Vec::new());
    for r in run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await? {
        if r.try_get::<i64>("", "n")? == 0 {
            continue;
        }
        out.0 = jumlah(&r, "pagu")?;
        for m in 1..=12_i16 {
            out.1.push((m, jumlah(&r, &format!("b{m:02}"))?));
        }
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

/// Temuan of the year in the subtree, counted per row of a recap: per satker, or, with
/// `per_provinsi`, each kabupaten/kota's counted under its provinsi (the national recap's rows).
pub async fn temuan_per_baris(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
    per_provinsi: bool,
) -> Result<HashMap<i64, i64>, AppError> {
    let kunci =
        if per_provinsi { "CASE WHEN s.tingkat = 'kabupaten_kota' THEN s.induk_id ELSE s.id END" } else { "s.id" };
    let sql = format!(
        "SELECT {kunci} AS baris, COUNT(t.id) AS n
         FROM temuan t
         JOIN satker s ON s.id = t.satker_id
         WHERE t.tahun = ? AND {SUBTREE}
         GROUP BY {kunci}"
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.try_get("", "baris")?, r.try_get("", "n")?);
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
        "SELECT t.satker_id AS satker_id, t.status AS status, t.diajukan_pada AS diajukan_pada
         FROM ringkasan_triwulan t
         JOIN satker s ON s.id = t.satker_id
         WHERE t.tahun = ? AND t.triwulan = ? AND {SUBTREE}"
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into(), triwulan.into()], Vec::new()).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.try_get::<i64>("", "satker_id")?, (r.try_get("", "status")?, r.try_get("", "diajukan_pada")?));
    }
    Ok(out)
}
