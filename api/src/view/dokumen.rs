//! The three documents as shown: Perjanjian Kinerja, realisasi, anggaran.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Berversi, Jumlah, PejabatView};
use crate::domain::capaian::{MetodePredikat, Polaritas};
use crate::domain::dokumen::BarisAnggaran;
use crate::domain::kode::{StatusDokumen, Triwulan};
use crate::domain::nilai::TipeNilai;

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
    /// The catalogue indicator it reports against; none for the satker's own.
    pub katalog: Option<String>,
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
    /// Pihak pertama as given (the document prints the satker's Sekretaris when no position is).
    pub pihak_pertama: PejabatView,
    /// Pihak kedua, "selaku atasan", as given (printed as the satker's Ketua when no position is).
    pub pihak_kedua: PejabatView,
    pub ditetapkan_di: Option<String>,
    pub tanggal: Option<NaiveDate>,
    /// The Lampiran's program rows as given (none: the year's budget by program).
    pub program: Vec<ProgramPkView>,
}

/// A program row of the PK's Lampiran, as given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProgramPkView {
    pub kode: Option<String>,
    pub nama: Option<String>,
    /// Rupiah; none: the program's total in the year's budget.
    pub anggaran: Option<i64>,
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
    /// The evidence files it rests on.
    pub bukti: Vec<super::BuktiView>,
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
    /// The evidence files its lines list (each line names them by id, `baris[i].bukti`).
    pub bukti: Vec<super::BuktiView>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kode::{JenisBelanja, SumberDana};
    use crate::view::persen_penyerapan;

    #[test]
    fn a_budget_line_shows_flat_with_its_sisa_and_penyerapan() {
        let b = BarisAnggaran {
            bukti: None,
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
