//! Evidence files as their readers see them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// One evidence file of a satker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BuktiView {
    /// Its id, as a document lists it (`bukti: ["bkt_…"]`).
    pub id: String,
    pub nama: String,
    /// Bytes.
    pub ukuran: i64,
    /// The media type judged from its content.
    pub media: String,
    pub sha256: String,
    pub pengunggah: String,
    pub diunggah: DateTime<Utc>,
    /// True once a document rests on it: kept from then on; an upload no document takes within
    /// a day is removed.
    pub terlampir: bool,
    /// Where to read it.
    pub tautan: String,
}

/// A satker's evidence and how much of its quota it uses.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DaftarBukti {
    pub bukti: Vec<BuktiView>,
    /// Bytes stored (each content counted once).
    pub terpakai: i64,
    /// Bytes it may store (`KINERJA_BUKTI_KUOTA_GB`).
    pub kuota: i64,
}

/// One satker's evidence usage, as its provinsi sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PemakaianBuktiSatker {
    pub satker: String,
    pub nama: String,
    pub jumlah: i64,
    pub ukuran: i64,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PemakaianBukti {
    pub satker: Vec<PemakaianBuktiSatker>,
    pub kuota_per_satker: i64,
}
