//! The Laporan Kinerja of a satker-year: everything its data chapters show, gathered once from
//! the same services as the API. The Word document, the printable page and the JSON answer
//! are renderings of this one value; none of them computes a figure of its own.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{AnggaranView, BulanView, Jumlah, PkView, RealisasiView, TemuanView};
use crate::domain::kategori::Pita;
use crate::domain::kode::{StatusDokumen, Triwulan};

/// Where a document of the year stands in the workflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatusLkjView {
    /// `Perjanjian Kinerja`, `Realisasi TW1`, …, `Anggaran`.
    pub dokumen: String,
    /// `None`: not submitted at all.
    pub status: Option<StatusDokumen>,
    pub versi: Option<i32>,
    pub diperbarui_pada: Option<DateTime<Utc>>,
    /// Why it was returned, when it was.
    pub alasan: Option<String>,
}

/// An indicator's result in the previous year, for comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PembandingView {
    pub kode: String,
    pub realisasi: Option<String>,
    pub capaian: Option<String>,
    pub kategori: Option<String>,
}

/// The previous year's report the comparison is drawn from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct TahunLaluView {
    pub tahun: i32,
    pub triwulan: Triwulan,
    pub capaian_rata_rata: Option<String>,
    pub kategori: Option<String>,
    pub indikator: Vec<PembandingView>,
}

/// The satker's own chapters of its LKj, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct NarasiView {
    pub satker: String,
    pub tahun: i32,
    /// 0 while nothing is stored.
    pub versi: i32,
    pub diperbarui_pada: Option<DateTime<Utc>>,
    /// Ikhtisar Eksekutif.
    pub ikhtisar: Option<String>,
    /// Kata Pengantar, signed at its foot.
    pub kata_pengantar: Option<String>,
    /// Bab I Pendahuluan.
    pub pendahuluan: Option<String>,
    /// Bab II's own words (Renstra, visi, misi, tujuan, sasaran), before the PK's tables;
    /// when absent the report draws it from the PK's tujuan and sasaran.
    pub perencanaan: Option<String>,
    /// Bab IV Penutup.
    pub penutup: Option<String>,
    /// Where it is signed; when absent, where the PK was.
    pub tempat: Option<String>,
    pub tanggal: Option<chrono::NaiveDate>,
    /// Who signs; when none are given, the PK's pihak pertama.
    pub penandatangan: Vec<PenandatanganView>,
}

/// An official who signs the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PenandatanganView {
    pub jabatan: String,
    pub nama: String,
    /// 18 digits.
    pub nip: Option<String>,
}

impl From<crate::domain::dokumen::narasi::Penandatangan> for PenandatanganView {
    fn from(p: crate::domain::dokumen::narasi::Penandatangan) -> Self {
        PenandatanganView { jabatan: p.jabatan, nama: p.nama, nip: p.nip }
    }
}

impl super::Berversi for NarasiView {
    fn versi(&self) -> i32 {
        self.versi
    }
}

/// The data chapters of a satker's Laporan Kinerja.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct LkjView {
    pub satker: String,
    pub nama: String,
    pub tahun: i32,
    pub dibuat_pada: DateTime<Utc>,
    /// The versions it was made from (PK, the realisasi reported, anggaran), as one tag:
    /// the same data gives the same tag.
    pub versi: String,
    /// Bab II: the indicators and their targets. `None` when no PK is stored.
    pub pk: Option<PkView>,
    /// Bab III: the year's measurement, from TW4, or the latest triwulan reported.
    pub realisasi: Option<RealisasiView>,
    /// The same indicators a year earlier, where that year is stored.
    pub tahun_lalu: Option<TahunLaluView>,
    /// The kategori bands in force (Tabel 6 of seed 001) and the cap used when averaging.
    pub pita: Vec<Pita>,
    pub batas_capaian: String,
    /// Realisasi anggaran: the budget, its groups and lines.
    pub anggaran: Option<AnggaranView>,
    /// The monthly absorption curve.
    pub bulanan: Vec<BulanView>,
    /// The whole pagu of the satkers the curve is drawn for (the satker's own budget; for a
    /// provinsi's report, its subtree's), against which the curve's own pagu (`bulanan[].pagu`,
    /// the lines with a monthly breakdown) is said as a share.
    pub pagu_seluruh: i64,
    /// Catatan verifikasi: each document's workflow state, and the temuan raised on the data.
    pub status: Vec<StatusLkjView>,
    pub temuan: Vec<TemuanView>,
    /// The satker's own parts (Kata Pengantar, Ikhtisar, Bab I, Bab II, Bab IV, who signs).
    pub narasi: NarasiView,
    /// The Renstra period of the year (`2020-2024`), named in Bab II.
    pub periode: String,
    /// The signed PK, printed as the report's Lampiran.
    pub perjanjian: Option<super::PerjanjianView>,
}

/// One row of the annex of a provinsi's (or KPU RI's) LKj: a satker below it (nationally, a
/// provinsi with everything under it), as the recap and the submission register give it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct LampiranSatkerView {
    pub kode: String,
    pub nama: String,
    pub triwulan: Option<Triwulan>,
    pub capaian_rata_rata: Option<String>,
    pub kategori: Option<String>,
    pub kelengkapan: Option<String>,
    pub anggaran: Jumlah,
    /// The TW4 realisasi report: when it was submitted, and whether by the deadline.
    pub status_tw4: Option<StatusDokumen>,
    pub diajukan_pada: Option<DateTime<Utc>>,
    pub tepat_waktu: Option<bool>,
    pub temuan: i64,
}

/// A provinsi's (or KPU RI's) LKj: its own report, and the annex over everything below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct LkjProvinsiView {
    #[serde(flatten)]
    pub lkj: LkjView,
    pub rekap_capaian_rata_rata: Option<String>,
    pub rekap_kategori: Option<String>,
    pub rekap_anggaran: Jumlah,
    pub lampiran: Vec<LampiranSatkerView>,
}
