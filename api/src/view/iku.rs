//! The IKU decree as readers see it: its particulars, as stored (defaults already written out),
//! and the rows of its Lampiran.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::kode::StatusDokumen;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PejabatView {
    pub jabatan: Option<String>,
    pub nama: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct SalinanView {
    pub unit: Option<String>,
    pub jabatan: Option<String>,
    pub nama: Option<String>,
}

/// One row of the Lampiran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BarisIkuView {
    pub tujuan: String,
    pub sasaran: String,
    pub indikator: String,
    /// The catalogue indicator it is; none for the satker's own.
    pub katalog: Option<String>,
    pub keterangan: Option<String>,
}

/// A satker's IKU decree of one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct IkuView {
    pub satker: String,
    pub nama_satker: String,
    pub tahun: i32,
    pub status: StatusDokumen,
    pub versi: i32,
    pub alasan: Option<String>,
    pub demo: bool,
    pub diperbarui_pada: DateTime<Utc>,
    pub nomor: Option<String>,
    pub ditetapkan_di: Option<String>,
    pub tanggal: Option<NaiveDate>,
    pub penetap: PejabatView,
    pub salinan: SalinanView,
    pub menimbang: Vec<String>,
    pub mengingat: Vec<String>,
    pub diktum: Vec<String>,
    pub baris: Vec<BarisIkuView>,
    /// Where the decree and the year's Perjanjian Kinerja disagree (an indicator the PK sets
    /// no target for, a definition or polarity that differs, a PK approved before its IKU).
    pub temuan: Vec<super::TemuanView>,
}

impl super::Berversi for IkuView {
    fn versi(&self) -> i32 {
        self.versi
    }
}
