//! The Perjanjian Kinerja as a document to sign: the parties with their positions (the
//! satker's Sekretaris and Ketua when none is given), place and date, the Lampiran's sasaran,
//! indicators and targets in the PK's order, and its programs with their anggaran resolved.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::PejabatView;
use crate::domain::kode::StatusDokumen;

/// One indicator of the Lampiran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BarisPerjanjianView {
    pub sasaran: Option<String>,
    pub kode: String,
    pub indikator: String,
    /// The annual target as written (`87,5%`, `B`, `12 Kali`).
    pub target: Option<String>,
}

/// One program of the Lampiran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProgramPerjanjianView {
    pub kode: Option<String>,
    pub nama: Option<String>,
    pub anggaran: Option<i64>,
    /// The figure is the program's total in the year's budget.
    pub dari_anggaran: bool,
}

/// A satker's Perjanjian Kinerja of one year, as signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PerjanjianView {
    pub satker: String,
    pub nama_satker: String,
    pub tahun: i32,
    pub status: StatusDokumen,
    pub versi: i32,
    pub demo: bool,
    pub diperbarui_pada: DateTime<Utc>,
    pub pihak_pertama: PejabatView,
    pub pihak_kedua: PejabatView,
    pub ditetapkan_di: Option<String>,
    pub tanggal: Option<NaiveDate>,
    pub indikator: Vec<BarisPerjanjianView>,
    pub program: Vec<ProgramPerjanjianView>,
    /// Σ the programs' anggaran.
    pub jumlah_anggaran: i64,
}

impl super::Berversi for PerjanjianView {
    fn versi(&self) -> i32 {
        self.versi
    }
}
