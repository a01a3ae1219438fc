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
use super::sql::{jumlah_bagian, jumlah_sql, stmt};
use crate::error::AppError;

/// Which summary rows a statement covers.
#[derive(Clone, Copy, Debug)]
pub enum Cakupan {
    /// One satker-year: what a write refreshes.
    SatkerTahun(SatkerMilik, i32),
    /// One triwulan report of a satker-year: what a realisasi write or a workflow step of it
    /// refreshes (rows of documents other than triwulan reports are not covered).
    Laporan(SatkerMilik, i32, i16),
    /// Every satker in one year.
    Tahun(i32),
    /// Everything stored.
    Semua,
}

impl Cakupan {
    /// The condition on a table aliased `x` with `satker_id` and `tahun` columns (and
    /// `triwulan` when `triwulan` is true), and its values.
    fn saring(self, triwulan: bool) -> (&'static str, Vec<Value>) {
        match self {
            Cakupan::SatkerTahun(s, tahun) => ("x.satker_id = ? AND x.tahun = ?", vec![s.id().into(), tahun.into()]),
            Cakupan::Laporan(s, tahun, tw) if triwulan => {
                ("x.satker_id = ? AND x.tahun = ? AND x.triwulan = ?", vec![s.id().into(), tahun.into(), tw.into()])
            }
            Cakupan::Laporan(..) => ("1 = 0", Vec::new()),
            Cakupan::Tahun(tahun) => ("x.tahun = ?", vec![tahun.into()]),
            Cakupan::Semua => ("1 = 1", Vec::new()),
        }
    }
}

/// What a write changed, and so which summary rows it refreshes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bagian {
    /// A PK, or the capaian rules: the year row's PK columns and every triwulan and indicator
    /// row of the year.
    Kinerja,
    /// One triwulan report whose write changed no other report's capaian: the year row's PK
    /// columns and that triwulan's rows.
    Triwulan(i16),
    /// A budget: the year row's budget columns, the groups and the monthly curve.
    Anggaran,
    /// A workflow step of a triwulan report: its status and submission time.
    Pengajuan(i16),
}

/// One column of the year row: its name, which documents it comes from, and its value for
/// the satker-year of the row aliased `y`.
struct KolomTahun {
    nama: &'static str,
    anggaran: bool,
    nilai: fn() -> String,
}

fn baris_anggaran(expr: &str, half: usize) -> String {
    format!(
        "(SELECT {} FROM anggaran a JOIN anggaran_baris b ON b.anggaran_id = a.id
          WHERE a.satker_id = y.satker_id AND a.tahun = y.tahun)",
        jumlah_bagian(expr)[half]
    )
}

/// The year row (`ringkasan_satker`), column by column.
const TAHUN: [KolomTahun; 6] = [
    KolomTahun {
        nama: "diharapkan",
        anggaran: false,
        nilai: || {
            "(SELECT COUNT(i.id) FROM perjanjian_kinerja p JOIN indikator i ON i.pk_id = p.id
              WHERE p.satker_id = y.satker_id AND p.tahun = y.tahun)"
                .into()
        },
    },
    KolomTahun {
        nama: "triwulan_terakhir",
        anggaran: false,
        nilai: || {
            "(SELECT MAX(l.triwulan) FROM laporan_realisasi l WHERE l.satker_id = y.satker_id AND l.tahun = y.tahun)"
                .into()
        },
    },
    KolomTahun { nama: "pagu_t", anggaran: true, nilai: || baris_anggaran("b.pagu", 0) },
    KolomTahun { nama: "pagu_s", anggaran: true, nilai: || baris_anggaran("b.pagu", 1) },
    KolomTahun { nama: "realisasi_t", anggaran: true, nilai: || baris_anggaran("b.realisasi", 0) },
    KolomTahun { nama: "realisasi_s", anggaran: true, nilai: || baris_anggaran("b.realisasi", 1) },
];

/// The year rows of `c` as they should be: one per satker-year with any document.
fn hitung_satker(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring(false);
    let nilai = TAHUN.iter().map(|k| (k.nilai)()).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT y.satker_id, y.tahun, {nilai}
         FROM (SELECT x.satker_id, x.tahun FROM perjanjian_kinerja x WHERE {f}
               UNION SELECT x.satker_id, x.tahun FROM laporan_realisasi x WHERE {f}
               UNION SELECT x.satker_id, x.tahun FROM anggaran x WHERE {f}) y"
    );
    (sql, ulang(v, 3))
}

/// One child summary table: its name, its columns in order, whether it has a `triwulan`
/// column, and the statement that computes its rows for a [`Cakupan`].
struct Tabel {
    nama: &'static str,
    kolom: &'static str,
    triwulan: bool,
    hitung: fn(Cakupan) -> (String, Vec<Value>),
}

/// `values` repeated `n` times: one copy of the condition's values per placeholder group.
fn ulang(values: Vec<Value>, n: usize) -> Vec<Value> {
    (0..n).flat_map(|_| values.clone()).collect()
}

const SATKER: Tabel = Tabel {
    nama: "ringkasan_satker",
    kolom: "satker_id, tahun, diharapkan, triwulan_terakhir, pagu_t, pagu_s, realisasi_t, realisasi_s",
    triwulan: false,
    hitung: hitung_satker,
};

const TRIWULAN: Tabel = Tabel {
    nama: "ringkasan_triwulan",
    kolom: "satker_id, tahun, triwulan, status, diajukan_pada, dilaporkan, cb_t, cb_s, b",
    triwulan: true,
    hitung: hitung_triwulan,
};

/// Weights are stored at 10^6 and validated to three decimals, so `bobot_e6 / 1000` is exact;
/// with capaian capped each product stays below 10^15.
fn hitung_triwulan(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring(true);
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
    kolom: "satker_id, tahun, triwulan, kode, nama, capaian_e6, capaian_terbatas_e6, kategori, identitas, katalog",
    triwulan: true,
    hitung: hitung_indikator,
};

/// What an indicator is grouped by across satkers: its catalogue identity, or, for a satker's
/// own indicator, the satker and its code, so that it is never merged with another satker's.
const IDENTITAS: &str = "CASE WHEN k.id IS NULL THEN 'l:' || CAST(x.satker_id AS TEXT) || ':' || LOWER(i.kode)
                              ELSE 'k:' || k.identitas END";

/// Triwulan 0 holds the PK's indicators; 1–4 each capaian reported in that triwulan.
fn hitung_indikator(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring(true);
    let (fpk, vpk) = c.saring(false);
    let sql = format!(
        "SELECT x.satker_id, x.tahun, x.triwulan, i.kode, i.nama, r.capaian_e6, r.capaian_terbatas_e6, r.kategori,
                {IDENTITAS}, k.kode
         FROM laporan_realisasi x
         JOIN realisasi r ON r.laporan_id = x.id
         JOIN indikator i ON i.id = r.indikator_id
         LEFT JOIN katalog_indikator k ON k.id = i.katalog_id
         WHERE {f} AND r.capaian_e6 IS NOT NULL
         UNION ALL
         SELECT x.satker_id, x.tahun, CAST(0 AS SMALLINT), i.kode, i.nama,
                CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT), {IDENTITAS}, k.kode
         FROM perjanjian_kinerja x JOIN indikator i ON i.pk_id = x.id
         LEFT JOIN katalog_indikator k ON k.id = i.katalog_id
         WHERE {fpk}"
    );
    let mut values = v;
    values.extend(vpk);
    (sql, values)
}

const ANGGARAN: Tabel = Tabel {
    nama: "ringkasan_anggaran",
    kolom: "satker_id, tahun, dimensi, grup, nama, pagu_t, pagu_s, realisasi_t, realisasi_s",
    triwulan: false,
    hitung: hitung_anggaran,
};

/// The dimensions a budget is grouped by: (name in `ringkasan_anggaran.dimensi`, the line's
/// column or expression after `b.`, the column that names a group).
pub const DIMENSI: [(&str, &str, &str); 4] = [
    ("program", "program_kode", "program_nama"),
    ("jenis_belanja", "jenis_belanja", "jenis_belanja"),
    ("sumber_dana", "sumber_dana", "sumber_dana"),
    // The cross of the first two, for the recap workbook: `grup` is `program_kode|jenis`.
    ("program_jenis", "program_kode || '|' || b.jenis_belanja", "program_nama"),
];

fn hitung_anggaran(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring(false);
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

const BULAN: Tabel = Tabel {
    nama: "ringkasan_bulan",
    kolom: "satker_id, tahun, pagu_t, pagu_s, b01_t, b01_s, b02_t, b02_s, b03_t, b03_s, b04_t, b04_s, b05_t, b05_s, b06_t, b06_s, b07_t, b07_s, b08_t, b08_s, b09_t, b09_s, b10_t, b10_s, b11_t, b11_s, b12_t, b12_s",
    triwulan: false,
    hitung: hitung_bulan,
};

/// One row per satker-year whose budget has lines with a monthly breakdown (only those lines
/// count, their pagu too: the curve's denominator); none otherwise.
fn hitung_bulan(c: Cakupan) -> (String, Vec<Value>) {
    let (f, v) = c.saring(false);
    let mut sums = vec![jumlah_sql("b.pagu", "pagu")];
    sums.extend((1..=12).map(|m| jumlah_sql(&format!("b.realisasi_bulan_{m:02}"), &format!("b{m:02}"))));
    let sql = format!(
        "SELECT x.satker_id, x.tahun, {}
         FROM anggaran x JOIN anggaran_baris b ON b.anggaran_id = x.id
         WHERE {f} AND b.realisasi_bulan_01 IS NOT NULL
         GROUP BY x.satker_id, x.tahun",
        sums.join(", ")
    );
    (sql, v)
}

/// Every summary table, the year rows first.
const SEMUA: [Tabel; 5] = [SATKER, TRIWULAN, INDIKATOR, ANGGARAN, BULAN];

async fn exec(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<(), AppError> {
    db.execute_raw(stmt(db.get_database_backend(), sql, values)).await?;
    Ok(())
}

/// Replaces `t`'s rows of `c` with a recomputation.
async fn ganti(db: &impl ConnectionTrait, t: &Tabel, c: Cakupan) -> Result<(), AppError> {
    let (f, v) = c.saring(t.triwulan);
    exec(db, &format!("DELETE FROM {} WHERE {}", t.nama, f.replace("x.", "")), v).await?;
    let (sql, v) = (t.hitung)(c);
    exec(db, &format!("INSERT INTO {} ({}) {sql}", t.nama, t.kolom), v).await
}

/// Brings the summary rows of one satker-year up to date with what this transaction wrote.
/// Called by every write, inside its transaction, after its documents are written.
///
/// The year row is created if need be and, on PostgreSQL, locked first: two writes of
/// different documents of one satker-year (a PK and a budget) would otherwise each recompute
/// from a snapshot that misses the other's rows. Once the lock is held, each following
/// statement sees everything committed before it. SQLite runs one write transaction at a time.
pub async fn perbarui(
    db: &impl ConnectionTrait,
    satker: SatkerMilik,
    tahun: i32,
    bagian: Bagian,
) -> Result<(), AppError> {
    let kunci = match db.get_database_backend() {
        DatabaseBackend::Postgres => "DO UPDATE SET diharapkan = ringkasan_satker.diharapkan",
        _ => "DO NOTHING",
    };
    // The satker-year's totals change with this transaction: readers of totals hear of it,
    // through the outbox written by the same statement.
    let objek = format!("ringkasan:{tahun}");
    let c = super::perubahan::Catatan {
        jenis: "ringkasan.berubah",
        satker_id: satker.id(),
        objek: &objek,
        versi: None,
        pelaku: None,
        request_id: None,
    };
    super::perubahan::bersama(
        db,
        c,
        &format!(
            "INSERT INTO ringkasan_satker (satker_id, tahun) VALUES (?, ?) ON CONFLICT (satker_id, tahun) {kunci}"
        ),
        vec![satker.id().into(), tahun.into()],
    )
    .await?;
    let semua = Cakupan::SatkerTahun(satker, tahun);
    // Which columns of the year row (budget ones or not, or none) and which child rows.
    let (tahunan, anak): (Option<bool>, Vec<(Tabel, Cakupan)>) = match bagian {
        Bagian::Kinerja => (Some(false), vec![(TRIWULAN, semua), (INDIKATOR, semua)]),
        Bagian::Triwulan(tw) => {
            let c = Cakupan::Laporan(satker, tahun, tw);
            (Some(false), vec![(TRIWULAN, c), (INDIKATOR, c)])
        }
        Bagian::Anggaran => (Some(true), vec![(ANGGARAN, semua), (BULAN, semua)]),
        Bagian::Pengajuan(tw) => (None, vec![(TRIWULAN, Cakupan::Laporan(satker, tahun, tw))]),
    };
    if let Some(anggaran) = tahunan {
        let set = TAHUN
            .iter()
            .filter(|k| k.anggaran == anggaran)
            .map(|k| format!("{} = {}", k.nama, (k.nilai)()))
            .collect::<Vec<_>>()
            .join(", ");
        // `y` names the row being updated, as in [`hitung_satker`].
        exec(
            db,
            &format!("UPDATE ringkasan_satker AS y SET {set} WHERE y.satker_id = ? AND y.tahun = ?"),
            vec![satker.id().into(), tahun.into()],
        )
        .await?;
    }
    for (t, c) in &anak {
        ganti(db, t, *c).await?;
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
        let (f, fv) = c.saring(t.triwulan);
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

/// The latest year for which any satker in the scope has a document: the year a dashboard
/// opens on.
pub async fn tahun_terakhir(scope: &super::Scope, db: &impl ConnectionTrait) -> Result<Option<i32>, AppError> {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::{Alias, Expr, Query};
    let q = Query::select()
        .expr_as(Expr::col(Alias::new("tahun")).max(), Alias::new("tahun"))
        .from(Alias::new("ringkasan_satker"))
        .and_where(Expr::col(Alias::new("satker_id")).in_subquery(scope.satker_ids()))
        .to_owned();
    Ok(match db.query_one(&q).await? {
        Some(row) => row.try_get::<Option<i32>>("", "tahun")?,
        None => None,
    })
}
