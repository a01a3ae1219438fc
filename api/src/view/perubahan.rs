//! The change feed as integration scripts read it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// One change: what changed, on which satker, in which year (and triwulan), the document's
/// version it left, who and when, and where to read it. Not the document itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct PerubahanView {
    /// The position right after this change: pass it as `setelah` to continue from here.
    pub kursor: String,
    /// The kind of change: `pk.simpan`, `realisasi.simpan`, `anggaran.simpan`, `iku.simpan`,
    /// `katalog.simpan`, `pk.rincian`, `narasi_lkj.simpan`, a workflow step (`pk.ajukan`,
    /// `realisasi.setujui`, `…kembalikan`, `…buka`), `aturan.tetapkan`, `aturan.hapus`,
    /// `periode.tetapkan`, `periode.buka`, `bukti.unggah`, `bukti.hapus`, and `ringkasan.berubah` for a satker-year whose
    /// totals changed with it.
    pub jenis: String,
    /// The satker's kode wilayah.
    pub satker: String,
    pub tahun: Option<i32>,
    pub triwulan: Option<String>,
    /// The document's version after the change, for a document.
    pub versi: Option<i32>,
    /// What changed, as the audit trail names it (`realisasi:2024:TW4`).
    pub objek: String,
    /// Who made it: a client id or a user name; none for totals recomputed.
    pub pelaku: Option<String>,
    pub waktu: DateTime<Utc>,
    /// Where to read what it is now, when there is one place.
    pub tautan: Option<String>,
}

/// A page of the feed: the changes, oldest first, and where to continue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct UmpanPerubahanView {
    pub perubahan: Vec<PerubahanView>,
    /// Pass as `setelah` next time; the same cursor as given when nothing was new.
    pub kursor: String,
    /// True when the page is full: more changes may follow at once.
    pub lagi: bool,
}
