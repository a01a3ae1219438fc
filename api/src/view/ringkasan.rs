//! Totals of a subtree and the analyst's views of it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use rust_decimal::Decimal;

use super::Jumlah;
use crate::domain::kode::{StatusDokumen, Triwulan};

/// One satker in a provinsi's (or, nationally, one provinsi in KPU RI's) totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BarisSatkerView {
    pub kode: String,
    pub nama: String,
    pub tingkat: String,
    /// The triwulan the figures come from (the requested one, or the satker's latest).
    pub triwulan: Option<Triwulan>,
    pub capaian_rata_rata: Option<String>,
    pub kategori: Option<String>,
    pub dilaporkan: i64,
    pub diharapkan: i64,
    pub kelengkapan: Option<String>,
    pub anggaran: Jumlah,
    /// The unrounded mean, for roll-ups: averaging rounded figures would drift from what the
    /// provinsi view says.
    #[serde(skip)]
    pub nilai: Option<Decimal>,
}

/// The totals of a subtree: every satker with its figures, and the whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RingkasanView {
    pub kode: String,
    pub nama: String,
    pub tahun: i32,
    pub triwulan: Option<Triwulan>,
    pub jumlah_satker: usize,
    pub jumlah_melapor: usize,
    /// Mean of the capaian of the satkers that reported.
    pub capaian_rata_rata: Option<String>,
    pub kategori: Option<String>,
    pub anggaran: Jumlah,
    pub satker: Vec<BarisSatkerView>,
}

#[cfg(test)]
impl RingkasanView {
    /// A total with nothing in it, for tests of what holds totals.
    pub(crate) fn kosong() -> std::sync::Arc<Self> {
        std::sync::Arc::new(RingkasanView {
            kode: "18".into(),
            nama: "x".into(),
            tahun: 2024,
            triwulan: None,
            jumlah_satker: 0,
            jumlah_melapor: 0,
            capaian_rata_rata: None,
            kategori: None,
            anggaran: Jumlah::new(0, 0),
            satker: Vec::new(),
        })
    }
}

/// How the budget of a subtree is grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DimensiAnggaran {
    Program,
    JenisBelanja,
    SumberDana,
}

/// A subtree's budget for one program and one jenis belanja (the recap workbook's cross-tab).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramJenisView {
    pub program_kode: String,
    pub program_nama: String,
    pub jenis_belanja: String,
    pub jenis_belanja_nama: Option<String>,
    #[serde(flatten)]
    pub jumlah: Jumlah,
}

/// One month of the absorption curve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BulanView {
    /// 1–12.
    pub bulan: i16,
    pub realisasi: i64,
    /// Realisasi from January to this month.
    pub kumulatif: i64,
    /// The pagu of the budget lines that give a monthly breakdown: the curve's denominator (a
    /// satker whose budget gives none is outside the curve).
    pub pagu: i64,
    /// The cumulative realisasi against `pagu`.
    pub persen_kumulatif: Option<String>,
}

/// How many reports of an indicator fall in one kategori.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct JumlahKategoriView {
    pub kategori: String,
    pub jumlah: i64,
}

/// One indicator across the satkers of a subtree in one triwulan: a catalogue indicator, or
/// one satker's own (`lokal`), never two satkers' own indicators merged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatistikIndikatorView {
    /// The catalogue code, or for a local indicator the satker's own code.
    pub kode: String,
    pub nama: String,
    /// The catalogue indicator; none for a local one.
    pub katalog: Option<String>,
    /// True for a satker's own indicator.
    pub lokal: bool,
    /// The satker whose own indicator it is (local indicators only).
    pub satker: Option<String>,
    /// Satkers whose PK of the year has this indicator.
    pub jumlah_satker: i64,
    /// Satkers that reported it in the triwulan.
    pub jumlah_melapor: i64,
    /// Mean of the capped capaian of those that reported.
    pub rata_rata: Option<String>,
    /// Lowest and highest raw capaian.
    pub min: Option<String>,
    pub max: Option<String>,
    pub kategori: Vec<JumlahKategoriView>,
}

/// Findings of one code in a subtree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct JumlahTemuanView {
    pub kode: String,
    pub jumlah: i64,
    pub jumlah_satker: i64,
}

/// Whether a satker submitted its triwulan report, and on time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PengajuanView {
    pub kode: String,
    pub nama: String,
    /// None when there is no report.
    pub status: Option<StatusDokumen>,
    pub diajukan_pada: Option<DateTime<Utc>>,
    pub tenggat: Option<DateTime<Utc>>,
    /// True when submitted by the deadline; false when submitted after it or not at all once
    /// it has passed; none while there is no deadline or it has not passed yet.
    pub tepat_waktu: Option<bool>,
}
