//! The summary rows (`ringkasan_*`, see the migration that creates them): how each is computed
//! from the stored documents, kept current inside every write transaction, rebuilt, and
//! checked against a recomputation.
//!
//! Each table has one definition, a `SELECT` over the documents of a [`Cakupan`] that yields
//! exactly its columns. A write refreshes the rows of its own satker-year with it; the rebuild
//! and the check run the same `SELECT` over a year or over everything. There is no second
//! formula that could drift from the first.

use sea_orm::{ConnectionTrait, DatabaseBackend, Value};

use super::SatkerMilik;
use super::sql::{jumlah_sql, stmt};
use crate::error::AppError;

/// Which satker-years a statement covers.
#[derive(Clone, Copy, Debug)]
pub enum Cakupan {
    /// One satker-year: what a write refreshes.
    SatkerTahun(SatkerMilik, i32),
    /// Every satker in one year.
    Tahun(i32),
    /// Everything stored.
    Semua,
}

impl Cakupan {
    /// The condition on a table aliased `x` with `satker_id` and `tahun` columns, and its values.
    fn saring(self) -> (&'static str, Vec<Value>) {
        match self {
            Cakupan::SatkerTahun(s, tahun) => ("x.satker_id = ? AND x.tahun = ?", vec![s.id().into(), tahun.into()]),
            Cakupan::Tahun(tahun) => ("x.tahun = ?", vec![tahun.into()]),
            Cakupan::Semua => ("1 = 1", Vec::new()),
        }
    }
}

/// What a write changed, and so which summary rows it refreshes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bagian {
    /// A PK, a realisasi report or the capaian rules: the year row, the triwulan rows and the
    /// indicator rows.
    Kinerja,
    /// A budget: the year row, the groups and the monthly curve.
    Anggaran,
    /// A workflow step of a triwulan report: its status and submission time.
    Pengajuan,
}

/// One summary table: its name, its columns in order, and the statement that computes its
/// rows for a [`Cakupan`] (a `SELECT` ending in a `WHERE`, so that SQLite can read an
/// `ON CONFLICT` after it).
struct Tabel {
    nama: &'static str,
    kolom: &'static str,
    hitung: fn(Cakupan) -> (String, Vec<Value>),
}

/// `f` repeated `n` times: one copy of the condition's values per placeholder group.
fn ulang(values: Vec<Value>, n: usize) -> Vec<Value> {
    (0..n).flat_map(|_| values.clone()).collect()
}

const SATKER: Tabel = Tabel {
    nama: "ringkasan_satker",
    kolom: "satker_id, tahun, diharapkan, triwulan_terakhir, pagu_t, pagu_s, realisasi_t, realisasi_s",
    hitung: hitung_satker,
};

fn hitung_satker(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring();
    let sql = format!(
        "SELECT k.satker_id, k.tahun, COALESCE(pk.n, 0), lp.tw,
                COALESCE(ag.pagu_t, 0), COALESCE(ag.pagu_s, 0), COALESCE(ag.realisasi_t, 0), COALESCE(ag.realisasi_s, 0)
         FROM (SELECT x.satker_id, x.tahun FROM perjanjian_kinerja x WHERE {f}
               UNION SELECT x.satker_id, x.tahun FROM laporan_realisasi x WHERE {f}
               UNION SELECT x.satker_id, x.tahun FROM anggaran x WHERE {f}) k
         LEFT JOIN (SELECT x.satker_id, x.tahun, COUNT(i.id) AS n
                    FROM perjanjian_kinerja x JOIN indikator i ON i.pk_id = x.id
                    WHERE {f} GROUP BY x.satker_id, x.tahun) pk
                ON pk.satker_id = k.satker_id AND pk.tahun = k.tahun
         LEFT JOIN (SELECT x.satker_id, x.tahun, MAX(x.triwulan) AS tw
                    FROM laporan_realisasi x WHERE {f} GROUP BY x.satker_id, x.tahun) lp
                ON lp.satker_id = k.satker_id AND lp.tahun = k.tahun
         LEFT JOIN (SELECT x.satker_id, x.tahun, {}, {}
                    FROM anggaran x JOIN anggaran_baris b ON b.anggaran_id = x.id
                    WHERE {f} GROUP BY x.satker_id, x.tahun) ag
                ON ag.satker_id = k.satker_id AND ag.tahun = k.tahun
         WHERE 1 = 1",
        jumlah_sql("b.pagu", "pagu"),
        jumlah_sql("b.realisasi", "realisasi"),
    );
    (sql, ulang(v, 6))
}

const TRIWULAN: Tabel = Tabel {
    nama: "ringkasan_triwulan",
    kolom: "satker_id, tahun, triwulan, status, diajukan_pada, dilaporkan, cb_t, cb_s, b",
    hitung: hitung_triwulan,
};

/// Weights are stored at 10^6 and validated to three decimals, so `bobot_e6 / 1000` is exact;
/// with capaian capped each product stays below 10^15.
fn hitung_triwulan(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring();
    let sql = format!(
        "SELECT x.satker_id, x.tahun, x.triwulan, x.status, x.diajukan_pada, COUNT(i.id), {},
                CAST(COALESCE(SUM(i.bobot_e6 / 1000), 0) AS BIGINT)
         FROM laporan_realisasi x
         LEFT JOIN realisasi r ON r.laporan_id = x.id AND r.capaian_terbatas_e6 IS NOT NULL
         LEFT JOIN indikator i ON i.id = r.indikator_id
         WHERE {f}
         GROUP BY x.satker_id, x.tahun, x.triwulan, x.status, x.diajukan_pada",
        jumlah_sql("r.capaian_terbatas_e6 * (i.bobot_e6 / 1000)", "cb"),
    );
    (sql, v)
}

const INDIKATOR: Tabel = Tabel {
    nama: "ringkasan_indikator",
    kolom: "satker_id, tahun, triwulan, kode, nama, capaian_e6, capaian_terbatas_e6, kategori",
    hitung: hitung_indikator,
};

/// Triwulan 0 holds the PK's indicators; 1–4 each capaian reported in that triwulan.
fn hitung_indikator(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring();
    let sql = format!(
        "SELECT x.satker_id, x.tahun, x.triwulan, i.kode, i.nama, r.capaian_e6, r.capaian_terbatas_e6, r.kategori
         FROM laporan_realisasi x
         JOIN realisasi r ON r.laporan_id = x.id
         JOIN indikator i ON i.id = r.indikator_id
         WHERE {f} AND r.capaian_e6 IS NOT NULL
         UNION ALL
         SELECT x.satker_id, x.tahun, CAST(0 AS SMALLINT), i.kode, i.nama,
                CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT)
         FROM perjanjian_kinerja x JOIN indikator i ON i.pk_id = x.id
         WHERE {f}"
    );
    (sql, ulang(v, 2))
}

const ANGGARAN: Tabel = Tabel {
    nama: "ringkasan_anggaran",
    kolom: "satker_id, tahun, dimensi, grup, nama, pagu_t, pagu_s, realisasi_t, realisasi_s",
    hitung: hitung_anggaran,
};

/// The dimensions a budget is grouped by: (name in `ringkasan_anggaran.dimensi`, the line's
/// column, the column that names a group).
pub const DIMENSI: [(&str, &str, &str); 3] = [
    ("program", "program_kode", "program_nama"),
    ("jenis_belanja", "jenis_belanja", "jenis_belanja"),
    ("sumber_dana", "sumber_dana", "sumber_dana"),
];

fn hitung_anggaran(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring();
    let sums = format!("{}, {}", jumlah_sql("b.pagu", "pagu"), jumlah_sql("b.realisasi", "realisasi"));
    let sql = DIMENSI
        .iter()
        .map(|(dimensi, kolom, nama)| {
            format!(
                "SELECT x.satker_id, x.tahun, '{dimensi}', b.{kolom}, MAX(b.{nama}), {sums}
                 FROM anggaran x JOIN anggaran_baris b ON b.anggaran_id = x.id
                 WHERE {f} GROUP BY x.satker_id, x.tahun, b.{kolom}"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    (sql, ulang(v, DIMENSI.len()))
}

const BULAN: Tabel =
    Tabel { nama: "ringkasan_bulan", kolom: "satker_id, tahun, bulan, realisasi_t, realisasi_s", hitung: hitung_bulan };

/// Only the lines that give a monthly breakdown; a satker-year without one has no rows.
fn hitung_bulan(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring();
    let bulan =
        (1..=12).map(|m| format!("SELECT CAST({m} AS SMALLINT) AS bulan")).collect::<Vec<_>>().join(" UNION ALL ");
    let pilih = (1..=12).map(|m| format!("WHEN {m} THEN b.realisasi_bulan_{m:02}")).collect::<Vec<_>>().join(" ");
    let sql = format!(
        "SELECT x.satker_id, x.tahun, m.bulan, {}
         FROM anggaran x
         JOIN anggaran_baris b ON b.anggaran_id = x.id
         CROSS JOIN ({bulan}) m
         WHERE {f} AND b.realisasi_bulan_01 IS NOT NULL
         GROUP BY x.satker_id, x.tahun, m.bulan",
        jumlah_sql(&format!("CASE m.bulan {pilih} END"), "realisasi"),
    );
    (sql, v)
}

/// Every summary table, the year rows first.
const SEMUA: [Tabel; 5] = [SATKER, TRIWULAN, INDIKATOR, ANGGARAN, BULAN];

/// The tables a write of `bagian` refreshes, besides the year row.
fn anak(bagian: Bagian) -> &'static [Tabel] {
    const KINERJA: [Tabel; 2] = [TRIWULAN, INDIKATOR];
    const ANGG: [Tabel; 2] = [ANGGARAN, BULAN];
    const PENGAJUAN: [Tabel; 1] = [TRIWULAN];
    match bagian {
        Bagian::Kinerja => &KINERJA,
        Bagian::Anggaran => &ANGG,
        Bagian::Pengajuan => &PENGAJUAN,
    }
}

async fn exec(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<(), AppError> {
    db.execute_raw(stmt(db.get_database_backend(), sql, values)).await?;
    Ok(())
}

/// Replaces `t`'s rows of `c` with a recomputation.
async fn ganti(db: &impl ConnectionTrait, t: &Tabel, c: Cakupan) -> Result<(), AppError> {
    let (f, v) = c.saring();
    exec(db, &format!("DELETE FROM {} WHERE {}", t.nama, f.replace("x.", "")), v).await?;
    let (sql, v) = (t.hitung)(c);
    exec(db, &format!("INSERT INTO {} ({}) {sql}", t.nama, t.kolom), v).await
}

/// Brings the summary rows of one satker-year up to date with what this transaction wrote.
/// Called by every write, inside its transaction, after its documents are written.
///
/// On PostgreSQL the satker-year's year row is locked first: two writes of different documents
/// of one satker-year (a PK and a budget) would otherwise each recompute from a snapshot that
/// misses the other's rows. Once the lock is held, each following statement sees everything
/// committed before it. SQLite runs one write transaction at a time.
pub async fn perbarui(
    db: &impl ConnectionTrait,
    satker: SatkerMilik,
    tahun: i32,
    bagian: Bagian,
) -> Result<(), AppError> {
    let c = Cakupan::SatkerTahun(satker, tahun);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        exec(
            db,
            "INSERT INTO ringkasan_satker (satker_id, tahun) VALUES (?, ?)
             ON CONFLICT (satker_id, tahun) DO UPDATE SET diharapkan = ringkasan_satker.diharapkan",
            vec![satker.id().into(), tahun.into()],
        )
        .await?;
    }
    if bagian != Bagian::Pengajuan {
        let (sql, v) = hitung_satker(c);
        exec(
            db,
            &format!(
                "INSERT INTO ringkasan_satker ({}) {sql}
                 ON CONFLICT (satker_id, tahun) DO UPDATE SET diharapkan = excluded.diharapkan,
                    triwulan_terakhir = excluded.triwulan_terakhir, pagu_t = excluded.pagu_t,
                    pagu_s = excluded.pagu_s, realisasi_t = excluded.realisasi_t, realisasi_s = excluded.realisasi_s",
                SATKER.kolom
            ),
            v,
        )
        .await?;
    }
    for t in anak(bagian) {
        ganti(db, t, c).await?;
    }
    Ok(())
}

/// Rebuilds every summary row of `c` (a year, or everything) from the documents: after the
/// migration that creates the tables, and for rows changed behind the service's back.
pub async fn bangun(db: &impl ConnectionTrait, c: Cakupan) -> Result<(), AppError> {
    for t in &SEMUA {
        ganti(db, t, c).await?;
    }
    Ok(())
}

/// A difference between the stored summary rows and a recomputation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selisih {
    pub tabel: &'static str,
    /// true: a stored row no recomputation gives (a wrong or stale row); false: a row the
    /// recomputation gives that is not stored (a missing or wrong row).
    pub tersimpan: bool,
    pub satker_id: i64,
    pub tahun: i32,
}

/// Compares every summary row of `c` with a recomputation from the documents. Empty when the
/// summaries are exact. At most `batas` differences per table and direction are listed.
pub async fn periksa(db: &impl ConnectionTrait, c: Cakupan, batas: u32) -> Result<Vec<Selisih>, AppError> {
    let mut out = Vec::new();
    for t in &SEMUA {
        let (f, fv) = c.saring();
        let tersimpan = format!("SELECT {} FROM {} WHERE {}", t.kolom, t.nama, f.replace("x.", ""));
        let (hitung, hv) = (t.hitung)(c);
        for (arah, a, av, b, bv) in [(true, &tersimpan, &fv, &hitung, &hv), (false, &hitung, &hv, &tersimpan, &fv)] {
            let sql = format!(
                "SELECT d.satker_id AS satker_id, d.tahun AS tahun
                 FROM (SELECT * FROM ({a}) p EXCEPT SELECT * FROM ({b}) q) d
                 ORDER BY d.satker_id, d.tahun LIMIT {batas}"
            );
            let mut values = av.clone();
            values.extend(bv.iter().cloned());
            let rows = db.query_all_raw(stmt(db.get_database_backend(), &sql, values)).await?;
            for r in rows {
                out.push(Selisih {
                    tabel: t.nama,
                    tersimpan: arah,
                    satker_id: r.try_get("", "satker_id")?,
                    tahun: r.try_get("", "tahun")?,
                });
            }
        }
    }
    Ok(out)
}
