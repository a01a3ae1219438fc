//! Indicators across a subtree, by identity: a catalogue indicator once, whatever each satker
//! calls it; a satker's own indicator on its own. Statistics read the summary rows; the ranking
//! of one catalogue indicator reads each satker's PK row and its report.

use sea_orm::ConnectionTrait;

use super::{SUBTREE, run};
use crate::error::AppError;
use crate::repo::Scope;
use crate::repo::sql::{jumlah, jumlah_sql};

/// One indicator across the satkers of a subtree in one triwulan: a catalogue indicator
/// (whatever each satker calls it), or one satker's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatIndikator {
    /// What it is grouped by (`k:<identity>` or `l:<satker>:<kode>`).
    pub identitas: String,
    /// The catalogue code, or the satker's own code for a local indicator.
    pub kode: String,
    pub nama: String,
    /// The catalogue code, when it is a catalogue indicator.
    pub katalog: Option<String>,
    /// The satker whose own indicator it is, when it is not a catalogue indicator.
    pub satker: Option<String>,
    pub melapor: i64,
    /// Σ capped capaian ×10^6, for the mean.
    pub total_terbatas: i64,
    pub min: i64,
    pub max: i64,
    /// How many reports fell in each kategori, in kategori order.
    pub kategori: Vec<(String, i64)>,
}

/// Only catalogue indicators, or the satkers' own as well.
fn saring_lokal(lokal: bool) -> &'static str {
    if lokal { "" } else { "AND x.katalog IS NOT NULL" }
}

/// The indicators reported in `triwulan` across the subtree, with their capped capaian sums and
/// how many reports fell in each kategori, in one scan: SQL groups by identity and kategori, and
/// the few groups of one identity are added together here ([`indikator_dimiliki`] counts who
/// has each, in a statement of its own that runs beside this one).
pub async fn indikator(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    (tahun, triwulan): (i32, i16),
    lokal: bool,
) -> Result<Vec<StatIndikator>, AppError> {
    let sql = format!(
        "SELECT x.identitas AS identitas, x.kategori AS kategori, MAX(x.katalog) AS katalog,
                MAX(CASE WHEN x.katalog IS NULL THEN x.kode END) AS kode, MAX(x.nama) AS nama,
                MAX(CASE WHEN x.katalog IS NULL THEN s.kode_wilayah END) AS satker, COUNT(*) AS n,
                {},
                CAST(MIN(x.capaian_e6) AS BIGINT) AS min, CAST(MAX(x.capaian_e6) AS BIGINT) AS max
         FROM ringkasan_indikator x
         JOIN satker s ON s.id = x.satker_id
         WHERE x.tahun = ? AND x.triwulan = ? AND {SUBTREE} {}
         GROUP BY x.identitas, x.kategori
         ORDER BY x.identitas, x.kategori",
        jumlah_sql("x.capaian_terbatas_e6", "total"),
        saring_lokal(lokal)
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into(), triwulan.into()], Vec::new()).await?;
    let mut out: Vec<StatIndikator> = Vec::new();
    for r in rows {
        let identitas: String = r.try_get("", "identitas")?;
        let katalog: Option<String> = r.try_get("", "katalog")?;
        // A catalogue indicator's rows differ in what each satker calls it and whose it is:
        // neither is read (a text MAX over them costs a collation per row), the code shown is
        // the catalogue's.
        let kode: String = r.try_get::<Option<String>>("", "kode")?.unwrap_or_default();
        let nama: String = r.try_get("", "nama")?;
        let satker: Option<String> = r.try_get("", "satker")?;
        let n: i64 = r.try_get("", "n")?;
        let total = jumlah(&r, "total")?;
        let (min, max): (i64, i64) = (r.try_get("", "min")?, r.try_get("", "max")?);
        let kategori: Option<String> = r.try_get("", "kategori")?;
        let grup = match out.last_mut() {
            Some(g) if g.identitas == identitas => g,
            _ => {
                out.push(StatIndikator {
                    satker: if katalog.is_none() { satker.clone() } else { None },
                    kode: katalog.clone().unwrap_or_else(|| kode.clone()),
                    identitas,
                    nama: nama.clone(),
                    katalog: katalog.clone(),
                    melapor: 0,
                    total_terbatas: 0,
                    min,
                    max,
                    kategori: Vec::new(),
                });
                out.last_mut().ok_or_else(|| AppError::internal("grup indikator hilang"))?
            }
        };
        // The name, code and satker each group reports are the largest of its rows, as one
        // GROUP BY identity would give.
        if nama > grup.nama {
            grup.nama = nama;
        }
        if katalog.is_none() && kode > grup.kode {
            grup.kode = kode;
        }
        if katalog.is_none() && satker > grup.satker {
            grup.satker = satker;
        }
        grup.melapor += n;
        grup.total_terbatas = grup.total_terbatas.checked_add(total).ok_or(AppError::JumlahTerlaluBesar)?;
        grup.min = grup.min.min(min);
        grup.max = grup.max.max(max);
        if let Some(k) = kategori {
            grup.kategori.push((k, n));
        }
    }
    Ok(out)
}

/// How many satkers of the subtree have each indicator (by identity) in their PK of the year.
pub async fn indikator_dimiliki(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    tahun: i32,
    lokal: bool,
) -> Result<std::collections::HashMap<String, i64>, AppError> {
    let sql = format!(
        "SELECT x.identitas AS identitas, COUNT(*) AS n
         FROM ringkasan_indikator x
         JOIN satker s ON s.id = x.satker_id
         WHERE x.tahun = ? AND x.triwulan = 0 AND {SUBTREE} {}
         GROUP BY x.identitas",
        saring_lokal(lokal)
    );
    let rows = run(scope, db, jalur, &sql, vec![tahun.into()], Vec::new()).await?;
    rows.iter().map(|r| Ok((r.try_get::<String>("", "identitas")?, r.try_get::<i64>("", "n")?))).collect()
}

/// One satker's figures on one catalogue indicator: its PK row and, when reported, its
/// realisasi of the triwulan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NilaiSatker {
    pub satker_id: i64,
    /// What the satker calls the indicator.
    pub kode: String,
    pub target: Option<String>,
    pub realisasi: Option<String>,
    pub capaian_e6: Option<i64>,
    pub kategori: Option<String>,
}

/// Every satker of the subtree whose PK of `tahun` reports against the catalogue identity
/// `identitas`, best capaian first, the unreported last.
pub async fn peringkat(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    (tahun, triwulan): (i32, i16),
    identitas: &str,
) -> Result<Vec<NilaiSatker>, AppError> {
    let sql = format!(
        "SELECT p.satker_id AS satker_id, i.kode AS kode, i.target_teks AS target, r.nilai_teks AS realisasi,
                r.capaian_e6 AS capaian, r.kategori AS kategori
         FROM indikator i
         JOIN perjanjian_kinerja p ON p.id = i.pk_id
         JOIN satker s ON s.id = p.satker_id
         JOIN katalog_indikator k ON k.id = i.katalog_id
         LEFT JOIN laporan_realisasi l ON l.satker_id = p.satker_id AND l.tahun = p.tahun AND l.triwulan = ?
         LEFT JOIN realisasi r ON r.laporan_id = l.id AND r.indikator_id = i.id AND r.capaian_e6 IS NOT NULL
         WHERE p.tahun = ? AND k.identitas = ? AND {SUBTREE}
         ORDER BY CASE WHEN r.capaian_e6 IS NULL THEN 1 ELSE 0 END, r.capaian_e6 DESC, s.kode_wilayah"
    );
    let lead = vec![triwulan.into(), tahun.into(), identitas.into()];
    let rows = run(scope, db, jalur, &sql, lead, Vec::new()).await?;
    rows.iter()
        .map(|r| {
            Ok(NilaiSatker {
                satker_id: r.try_get("", "satker_id")?,
                kode: r.try_get("", "kode")?,
                target: r.try_get("", "target")?,
                realisasi: r.try_get("", "realisasi")?,
                capaian_e6: r.try_get("", "capaian")?,
                kategori: r.try_get("", "kategori")?,
            })
        })
        .collect()
}

/// One provinsi's figures on one indicator identity: how many of its satkers have it, how many
/// reported, Σ capped capaian ×10^6, the extremes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NilaiProvinsi {
    /// The provinsi's kode wilayah (`00` for KPU RI itself).
    pub provinsi: String,
    pub dimiliki: i64,
    pub melapor: i64,
    pub total_terbatas: i64,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// The indicator identity `identitas` per provinsi of the subtree, from the summary rows.
pub async fn per_provinsi(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jalur: &str,
    (tahun, triwulan): (i32, i16),
    identitas: &str,
) -> Result<Vec<NilaiProvinsi>, AppError> {
    let sql = format!(
        "SELECT SUBSTR(s.kode_wilayah, 1, 2) AS provinsi,
                SUM(CASE WHEN x.triwulan = 0 THEN 1 ELSE 0 END) AS dimiliki,
                SUM(CASE WHEN x.triwulan = ? THEN 1 ELSE 0 END) AS melapor,
                {},
                CAST(MIN(CASE WHEN x.triwulan = ? THEN x.capaian_e6 END) AS BIGINT) AS min,
                CAST(MAX(CASE WHEN x.triwulan = ? THEN x.capaian_e6 END) AS BIGINT) AS max
         FROM ringkasan_indikator x
         JOIN satker s ON s.id = x.satker_id
         WHERE x.tahun = ? AND x.identitas = ? AND x.triwulan IN (0, ?) AND {SUBTREE}
         GROUP BY SUBSTR(s.kode_wilayah, 1, 2)
         ORDER BY SUBSTR(s.kode_wilayah, 1, 2)",
        jumlah_sql(&format!("CASE WHEN x.triwulan = {triwulan} THEN x.capaian_terbatas_e6 ELSE 0 END"), "total")
    );
    let lead = vec![
        triwulan.into(),
        triwulan.into(),
        triwulan.into(),
        tahun.into(),
        format!("k:{identitas}").into(),
        triwulan.into(),
    ];
    let rows = run(scope, db, jalur, &sql, lead, Vec::new()).await?;
    rows.iter()
        .map(|r| {
            Ok(NilaiProvinsi {
                provinsi: r.try_get("", "provinsi")?,
                dimiliki: r.try_get("", "dimiliki")?,
                melapor: r.try_get("", "melapor")?,
                total_terbatas: jumlah(r, "total")?,
                min: r.try_get("", "min")?,
                max: r.try_get("", "max")?,
            })
        })
        .collect()
}
