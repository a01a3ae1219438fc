//! The bodies of the documents written before the year, for the OpenAPI document: KPU's
//! indicator catalogue and the IKU decree (the PK's own particulars are with the PK).

use std::borrow::Cow;

use serde::Serialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use super::schema;
use crate::domain::capaian::{MetodePredikat, Polaritas};
use crate::domain::nilai::TipeNilai;

/// A level an indicator applies to.
pub struct Tingkat;

impl PartialSchema for Tingkat {
    fn schema() -> RefOr<Schema> {
        schema(serde_json::json!({ "type": "string", "enum": crate::domain::dokumen::katalog::TINGKAT }))
    }
}

impl ToSchema for Tingkat {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Tingkat")
    }
}

/// One catalogue indicator as sent.
#[derive(Serialize, ToSchema)]
pub struct EntriKatalogMasuk {
    /// Unique within the period, across KPU RI's catalogue and every provinsi's additions,
    /// case aside. An entry keeps its identity while its code stays.
    #[schema(
        min_length = 1,
        max_length = 32,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub kode: String,
    #[schema(
        min_length = 1,
        max_length = 1000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub nama: String,
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub satuan: String,
    pub tipe_nilai: TipeNilai,
    /// Default: `maksimal`.
    pub polaritas: Option<Polaritas>,
    /// Required for grades.
    pub metode_predikat: Option<MetodePredikat>,
    /// Default: every level. A provinsi's additions apply to `provinsi` and `kabupaten_kota` only.
    #[schema(value_type = Option<Vec<Tingkat>>, min_items = 1)]
    pub tingkat: Option<Vec<String>>,
    #[schema(max_length = 1000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub tujuan: Option<String>,
    #[schema(max_length = 1000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub sasaran: Option<String>,
    #[schema(max_length = 4000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub definisi: Option<String>,
    #[schema(max_length = 4000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub cara_ukur: Option<String>,
    /// Retired: kept for the PKs that use it, refused in new ones. An entry a PK uses cannot be
    /// removed, only retired.
    pub pensiun: Option<bool>,
    /// The code of the previous period's indicator this one carries on: its identity (and so
    /// year-over-year comparison) continues. Empty: none.
    #[schema(max_length = 64, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub menggantikan: Option<String>,
}

/// One owner's catalogue of a Renstra period: the whole list, replacing what is stored.
#[derive(Serialize, ToSchema)]
pub struct KatalogMasuk {
    #[schema(max_items = 1000)]
    pub indikator: Vec<EntriKatalogMasuk>,
}

/// An official as a decree names them.
#[derive(Serialize, ToSchema)]
pub struct PejabatMasuk {
    #[schema(max_length = 300, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub jabatan: Option<String>,
    #[schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub nama: Option<String>,
}

/// The official attesting the copy.
#[derive(Serialize, ToSchema)]
pub struct SalinanMasuk {
    #[schema(max_length = 300, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub unit: Option<String>,
    #[schema(max_length = 300, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub jabatan: Option<String>,
    #[schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub nama: Option<String>,
}

/// One row of the IKU decree's Lampiran.
#[derive(Serialize, ToSchema)]
pub struct BarisIkuMasuk {
    #[schema(
        min_length = 1,
        max_length = 1000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub tujuan: String,
    #[schema(
        min_length = 1,
        max_length = 1000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub sasaran: String,
    /// Required unless `katalog` names the indicator (whose name it then takes).
    #[schema(max_length = 1000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub indikator: Option<String>,
    #[schema(max_length = 64, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub katalog: Option<String>,
    /// Definisi and cara ukur (default: the catalogue's definition).
    #[schema(max_length = 4000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub keterangan: Option<String>,
}

/// The IKU decree of a year: its particulars (a draft may leave nomor, place, date and names
/// empty) and its Lampiran, replacing what is stored. Menimbang, mengingat and diktum default
/// to KPU's usual wording for the satker and year.
#[derive(Serialize, ToSchema)]
pub struct IkuMasuk {
    #[schema(max_length = 64, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub nomor: Option<String>,
    #[schema(max_length = 100, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub ditetapkan_di: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub tanggal: Option<String>,
    pub penetap: Option<PejabatMasuk>,
    pub salinan: Option<SalinanMasuk>,
    #[schema(max_items = 30)]
    pub menimbang: Option<Vec<String>>,
    #[schema(max_items = 30)]
    pub mengingat: Option<Vec<String>>,
    #[schema(max_items = 30)]
    pub diktum: Option<Vec<String>>,
    #[schema(min_items = 1, max_items = 200)]
    pub baris: Vec<BarisIkuMasuk>,
}
