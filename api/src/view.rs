//! One typed view per document, as every reader sees it: REST serialises these, GraphQL maps
//! its fields from them, the OpenAPI document describes them (their `ToSchema`), and the
//! coming workbooks, reports and pages render them. Services return views; nothing picks a
//! `serde_json::Value` apart by key.

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::capaian::{MetodePredikat, Polaritas};
use crate::domain::dokumen::BarisAnggaran;
use crate::domain::kode::{StatusDokumen, Triwulan};
use crate::domain::nilai::TipeNilai;

/// A document that carries a version: its ETag is made from it.
pub trait Berversi {
    fn versi(&self) -> i32;
}

/// An exact decimal as the API writes it: shortest form, `.` for decimals (`88.3125`).
pub fn teks(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.normalize().to_string())
}

/// A decimal rounded to six places, as means and percentages are shown.
pub fn teks6(d: Decimal) -> String {
    d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero).normalize().to_string()
}

/// A finding of the validating engine, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct TemuanView {
    pub kode: String,
    pub pesan: String,
    /// The indicator's kode, when the finding is about one.
    pub indikator: Option<String>,
    pub triwulan: Option<Triwulan>,
}

/// One indicator's reported result in one triwulan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct CapaianTriwulan {
    pub triwulan: Triwulan,
    pub realisasi: Option<String>,
    pub capaian: Option<String>,
    pub kategori: Option<String>,
}

/// One indicator of a Perjanjian Kinerja, with what has been reported against it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct IndikatorView {
    pub kode: String,
    pub nama: String,
    pub tujuan: Option<String>,
    pub sasaran: Option<String>,
    pub definisi: Option<String>,
    pub satuan: String,
    pub tipe_nilai: TipeNilai,
    pub polaritas: Polaritas,
    pub metode_predikat: Option<MetodePredikat>,
    pub bobot: String,
    /// The annual target as written (`87,5%`, `B`, `90–100%`).
    pub target: Option<String>,
    pub target_nilai: Option<String>,
    pub target_atas: Option<String>,
    /// TW1–TW4 targets, where set.
    pub target_triwulan: Vec<Option<String>>,
    pub capaian: Vec<CapaianTriwulan>,
}

/// A satker's Perjanjian Kinerja for one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PkView {
    pub satker: String,
    pub tahun: i32,
    pub status: StatusDokumen,
    pub versi: i32,
    pub alasan: Option<String>,
    pub demo: bool,
    pub diperbarui_pada: DateTime<Utc>,
    pub indikator: Vec<IndikatorView>,
    pub temuan: Vec<TemuanView>,
}

/// One indicator of a triwulan report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RealisasiIndikatorView {
    pub kode: String,
    pub nama: String,
    pub satuan: String,
    /// The target this triwulan is measured against.
    pub target: Option<String>,
    pub realisasi: Option<String>,
    pub realisasi_nilai: Option<String>,
    /// Raw capaian in percent, never capped.
    pub capaian: Option<String>,
    /// Capaian under the cap in force, as averaged.
    pub capaian_terbatas: Option<String>,
    pub kategori: Option<String>,
    /// What the satker itself wrote as capaian, kept to compare.
    pub capaian_dilaporkan: Option<String>,
    pub catatan: Option<String>,
    pub bukti_dukung: Option<String>,
}

/// A triwulan report's summary: the (weighted, capped) mean over the reported indicators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RingkasanRealisasi {
    pub capaian_rata_rata: Option<String>,
    pub kategori: Option<String>,
    pub dilaporkan: usize,
    pub diharapkan: usize,
    pub kelengkapan: Option<String>,
    pub batas_capaian: Option<String>,
}

/// A satker's realisasi report for one triwulan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RealisasiView {
    pub satker: String,
    pub tahun: i32,
    pub triwulan: Triwulan,
    pub status: StatusDokumen,
    pub versi: i32,
    pub alasan: Option<String>,
    pub demo: bool,
    pub diperbarui_pada: DateTime<Utc>,
    pub indikator: Vec<RealisasiIndikatorView>,
    /// Kode of the PK's indicators not reported yet.
    pub belum_dilaporkan: Vec<String>,
    pub ringkasan: RingkasanRealisasi,
    pub temuan: Vec<TemuanView>,
}

/// Pagu, realisasi, sisa and penyerapan: how every budget total is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Jumlah {
    pub pagu: i64,
    pub realisasi: i64,
    pub sisa: i64,
    /// Two decimals; `None` when there is no pagu.
    pub persen_penyerapan: Option<String>,
}

/// Realisasi against pagu in percent, two fixed decimals as reports print it (`99.83`,
/// `100.00`); none without a pagu.
pub fn persen_penyerapan(pagu: i64, realisasi: i64) -> Option<String> {
    (pagu > 0).then(|| {
        let p = Decimal::from(realisasi) * Decimal::ONE_HUNDRED / Decimal::from(pagu);
        format!("{:.2}", p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    })
}

impl Jumlah {
    pub fn new(pagu: i64, realisasi: i64) -> Self {
        Self { pagu, realisasi, sisa: pagu - realisasi, persen_penyerapan: persen_penyerapan(pagu, realisasi) }
    }
}

/// One budget line as stored, with its sisa and penyerapan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BarisAnggaranView {
    #[serde(flatten)]
    pub baris: BarisAnggaran,
    pub sisa: i64,
    pub persen_penyerapan: Option<String>,
}

impl From<BarisAnggaran> for BarisAnggaranView {
    fn from(baris: BarisAnggaran) -> Self {
        let j = Jumlah::new(baris.pagu, baris.realisasi);
        Self { baris, sisa: j.sisa, persen_penyerapan: j.persen_penyerapan }
    }
}

/// The budget of one group: a program, a jenis belanja or a sumber dana.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct KelompokView {
    pub kode: String,
    pub nama: Option<String>,
    #[serde(flatten)]
    pub jumlah: Jumlah,
}

/// A satker's anggaran for one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct AnggaranView {
    pub satker: String,
    pub tahun: i32,
    pub status: StatusDokumen,
    pub versi: i32,
    pub demo: bool,
    pub diperbarui_pada: DateTime<Utc>,
    pub baris: Vec<BarisAnggaranView>,
    pub total: Jumlah,
    pub per_program: Vec<KelompokView>,
    pub per_jenis_belanja: Vec<KelompokView>,
    pub per_sumber_dana: Vec<KelompokView>,
    pub temuan: Vec<TemuanView>,
}

/// A document's header after a workflow step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatusView {
    pub satker: String,
    pub tahun: i32,
    pub status: StatusDokumen,
    pub versi: i32,
    pub alasan: Option<String>,
}

impl Berversi for StatusView {
    fn versi(&self) -> i32 {
        self.versi
    }
}

impl Berversi for PkView {
    fn versi(&self) -> i32 {
        self.versi
    }
}

impl Berversi for RealisasiView {
    fn versi(&self) -> i32 {
        self.versi
    }
}

impl Berversi for AnggaranView {
    fn versi(&self) -> i32 {
        self.versi
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kode::{JenisBelanja, SumberDana};

    #[test]
    fn a_budget_line_shows_flat_with_its_sisa_and_penyerapan() {
        let b = BarisAnggaran {
            program_kode: "076.01.WA".into(),
            program_nama: "Dukungan Manajemen".into(),
            kegiatan_kode: None,
            kegiatan_nama: None,
            akun: None,
            jenis_belanja: JenisBelanja::Pegawai,
            sumber_dana: SumberDana::Apbn,
            uraian: None,
            pagu: 2_999_452_000,
            realisasi: 2_996_870_206,
            realisasi_bulanan: None,
        };
        let v = serde_json::to_value(BarisAnggaranView::from(b)).unwrap();
        assert_eq!(v["jenis_belanja"], "51");
        assert_eq!(v["sumber_dana"], "APBN");
        assert_eq!(v["sisa"], 2_581_794);
        assert_eq!(v["persen_penyerapan"], "99.91");
        assert_eq!(persen_penyerapan(77_452_486_000, 77_319_385_462).as_deref(), Some("99.83"));
        assert_eq!(persen_penyerapan(0, 5), None);
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

/// One month of the absorption curve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BulanView {
    /// 1–12.
    pub bulan: i16,
    pub realisasi: i64,
    /// Realisasi from January to this month.
    pub kumulatif: i64,
    /// The cumulative realisasi against the subtree's whole pagu.
    pub persen_kumulatif: Option<String>,
}

/// How many reports of an indicator fall in one kategori.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct JumlahKategoriView {
    pub kategori: String,
    pub jumlah: i64,
}

/// One indicator code across the satkers of a subtree in one triwulan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatistikIndikatorView {
    pub kode: String,
    pub nama: String,
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

/// One row of a satker's audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct JejakView {
    pub id: i64,
    pub waktu: DateTime<Utc>,
    /// The credential id; `None` for callers who are not admins.
    pub pelaku: Option<String>,
    /// The credential's display name, when it is still known.
    pub pelaku_nama: Option<String>,
    pub jenis_pelaku: String,
    pub aksi: String,
    pub objek: String,
    pub sebelum: Option<serde_json::Value>,
    pub sesudah: Option<serde_json::Value>,
    pub request_id: Option<String>,
}

/// A satker's audit trail, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct RiwayatView {
    pub satker: String,
    pub riwayat: Vec<JejakView>,
}

/// A satker of the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct SatkerView {
    /// Kemendagri kode wilayah: `18`, `18.03`; KPU RI is `00`.
    pub kode: String,
    pub nama: String,
    /// `pusat`, `provinsi` or `kabupaten_kota`.
    pub tingkat: String,
    pub induk: Option<String>,
    /// Kemenkeu satker code (6 digits), where known.
    pub kode_satker: Option<String>,
    pub kode_bps: Option<String>,
}

/// A revoked credential.
#[derive(Debug, Serialize, ToSchema)]
pub struct DicabutView {
    pub id: String,
    pub dicabut: bool,
}

/// The capaian rules in force for a satker.
#[derive(Debug, Serialize, ToSchema)]
pub struct AturanView {
    pub satker: String,
    /// The cap applied when averaging, in percent.
    pub batas_capaian: String,
    pub pita_kategori: crate::domain::kategori::PitaKategori,
    /// kode of the satker that set these rules; none for the built-in defaults.
    pub ditetapkan_oleh: Option<String>,
}

/// Who the token says the caller is.
#[derive(Debug, Serialize, ToSchema)]
pub struct SayaView {
    pub sub: String,
    /// `klien`, `pengguna` or `eksternal`.
    pub jenis: String,
    pub role: String,
    pub satker: crate::registry::SatkerRef,
}

/// Whether the process serves, and, when ready, on which database.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusLayanan {
    pub status: String,
    pub database: Option<String>,
}
