//! The indicator catalogue as readers see it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::capaian::{MetodePredikat, Polaritas};
use crate::domain::kode::StatusDokumen;
use crate::domain::nilai::TipeNilai;

/// One catalogue indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct EntriKatalogView {
    /// Unique within the period, across KPU RI's catalogue and every provinsi's additions.
    pub kode: String,
    pub nama: String,
    pub tujuan: Option<String>,
    pub sasaran: Option<String>,
    pub definisi: Option<String>,
    pub cara_ukur: Option<String>,
    pub satuan: String,
    pub tipe_nilai: TipeNilai,
    pub polaritas: Polaritas,
    pub metode_predikat: Option<MetodePredikat>,
    /// The levels it applies to: `ri`, `provinsi`, `kabupaten_kota`.
    pub tingkat: Vec<String>,
    /// Retired: kept for the PKs that use it, refused in new ones.
    pub pensiun: bool,
    /// The code of the previous period's indicator this one carries on.
    pub menggantikan: Option<String>,
    /// What aggregation groups by: the same across periods for an indicator carried on.
    pub identitas: String,
    /// The kode wilayah of the catalogue's owner: `00` (KPU RI) or a provinsi.
    pub pemilik: String,
}

/// One owner's catalogue of a period: what its admin edits, with its version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct KatalogView {
    /// The owner: `00` for the national catalogue, or a provinsi.
    pub satker: String,
    /// `2025-2029`.
    pub periode: String,
    pub status: StatusDokumen,
    pub versi: i32,
    pub diperbarui_pada: DateTime<Utc>,
    pub indikator: Vec<EntriKatalogView>,
}

impl super::Berversi for KatalogView {
    fn versi(&self) -> i32 {
        self.versi
    }
}

/// The catalogue of a period as the caller sees it: the national one and the additions of the
/// caller's provinsi (KPU RI: of every provinsi).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct KatalogTerlihatView {
    pub periode: String,
    pub indikator: Vec<EntriKatalogView>,
}

/// A period that has a catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PeriodeKatalogView {
    pub periode: String,
    pub jumlah_indikator: i64,
}

/// One satker on one catalogue indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct NilaiSatkerView {
    /// 1 for the best capaian; equal capaian share a rank; none when not reported.
    pub peringkat: Option<i64>,
    pub kode: String,
    pub nama: String,
    /// What the satker calls the indicator in its PK.
    pub kode_indikator: String,
    pub target: Option<String>,
    pub realisasi: Option<String>,
    pub capaian: Option<String>,
    pub kategori: Option<String>,
}

/// One provinsi on one catalogue indicator (the national view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct NilaiProvinsiView {
    pub kode: String,
    pub nama: String,
    /// Satkers of the provinsi whose PK has the indicator.
    pub jumlah_satker: i64,
    pub jumlah_melapor: i64,
    /// Mean of the capped capaian of those that reported.
    pub rata_rata: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
}

/// One catalogue indicator across a subtree: every satker's target, realisasi, capaian and
/// kategori, best first; nationally also per provinsi.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PeringkatIndikatorView {
    pub katalog: String,
    pub nama: String,
    pub satuan: String,
    pub polaritas: Polaritas,
    pub periode: String,
    /// The root of the subtree: a provinsi, or `00`.
    pub wilayah: String,
    pub tahun: i32,
    pub triwulan: crate::domain::kode::Triwulan,
    pub jumlah_satker: i64,
    pub jumlah_melapor: i64,
    pub rata_rata: Option<String>,
    pub satker: Vec<NilaiSatkerView>,
    /// Per provinsi, for the national view (`00`); empty otherwise.
    pub provinsi: Vec<NilaiProvinsiView>,
}
