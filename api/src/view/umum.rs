//! The registry, credentials, the audit trail and the service itself, as shown.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

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
