//! Webhook subscriptions as their owners see them, and what a delivery carries.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::PerubahanView;

/// A webhook subscription: where it sends, what it follows, and how delivery goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct LanggananView {
    /// Its id in `/api/v1/langganan/{id}`.
    pub id: String,
    pub url: String,
    /// The change types it receives; empty: all.
    pub jenis: Vec<String>,
    /// The satker whose subtree it follows (within its owner's scope).
    pub satker: String,
    pub keterangan: Option<String>,
    /// `aktif`, `jeda` (paused by its owner) or `nonaktif` (stopped by the service: see `alasan`).
    pub status: String,
    pub alasan: Option<String>,
    /// Every change up to this feed cursor is delivered, parked, or not of its types.
    pub kursor: String,
    /// True when some changes after its cursor are no longer kept (it was paused or stopped for
    /// longer than the feed keeps changes): they will not arrive; read everything again.
    pub kursor_kedaluwarsa: bool,
    /// Failed attempts at the change it is delivering now.
    pub percobaan: i32,
    /// When the next attempt is due, while one is waiting.
    pub coba_lagi_pada: Option<DateTime<Utc>>,
    /// The last attempt: when, the receiver's status, and what went wrong.
    pub terakhir: Option<KirimanTerakhirView>,
    /// Deliveries parked after their retries ran out (`GET …/parkir`).
    pub parkir: i64,
    /// Until when deliveries are also signed with the secret before the last rotation.
    pub rahasia_lama_sampai: Option<DateTime<Utc>>,
    pub dibuat: DateTime<Utc>,
    pub diubah: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct KirimanTerakhirView {
    pub waktu: DateTime<Utc>,
    pub kode: Option<i32>,
    pub galat: Option<String>,
}

/// A subscription just made or whose secret was just replaced, with the secret: shown once.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LanggananBaru {
    pub langganan: LanggananView,
    /// The signing secret (`whsec_…`), for a Standard Webhooks library: not shown again.
    pub rahasia: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DaftarLangganan {
    pub langganan: Vec<LanggananView>,
}

/// A delivery that ran out of retries, or one asked to go again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct KirimanView {
    pub id: i64,
    /// The `webhook-id` it was (and will be) sent with.
    pub webhook_id: String,
    pub jenis: String,
    /// The change's feed cursor.
    pub kursor: String,
    /// `parkir` or `antre` (queued to go again).
    pub status: String,
    pub percobaan: i32,
    /// The receiver's last status, if it answered.
    pub kode: Option<i32>,
    pub galat: Option<String>,
    /// The start of the receiver's last answer (at most 200 characters).
    pub cuplikan: Option<String>,
    pub dibuat: DateTime<Utc>,
    pub diubah: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DaftarKiriman {
    pub kiriman: Vec<KirimanView>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct KirimUlangView {
    /// How many parked deliveries were queued to go again.
    pub antre: u64,
}

/// The body of a delivery (Standard Webhooks): the change, as the feed gives it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PesanWebhook {
    /// The change type (`realisasi.simpan`, …).
    #[serde(rename = "type")]
    pub jenis: String,
    pub timestamp: DateTime<Utc>,
    pub data: PerubahanView,
}
