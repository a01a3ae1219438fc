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
