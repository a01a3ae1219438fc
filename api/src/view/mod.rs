//! One typed view per document, as every reader sees it: REST serialises these, GraphQL maps
//! its fields from them, the OpenAPI document describes them (their `ToSchema`), and the
//! coming workbooks, reports and pages render them. Services return views; nothing picks a
//! `serde_json::Value` apart by key.

mod bukti;
mod dokumen;
mod iku;
mod katalog;
mod langganan;
mod lkj;
mod perjanjian;
mod perubahan;
mod ringkasan;
mod umum;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use utoipa::ToSchema;

pub use bukti::*;
pub use dokumen::*;
pub use iku::*;
pub use katalog::*;
pub use langganan::*;
pub use lkj::*;
pub use perjanjian::*;
pub use perubahan::*;
pub use ringkasan::*;
pub use umum::*;

/// A document that carries a version: its ETag is made from it.
pub trait Berversi {
    fn versi(&self) -> i32;
}

/// An exact decimal as the API writes it: shortest form, `.` for decimals (`88.3125`).
pub fn teks(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.normalize().to_string())
}

/// A decimal rounded to six places, as means and percentages are shown.
pub fn teks6(d: Decimal) -> String {
    d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero).normalize().to_string()
}

/// Pagu, realisasi, sisa and penyerapan: how every budget total is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Jumlah {
    pub pagu: i64,
    pub realisasi: i64,
    pub sisa: i64,
    /// Two decimals; `None` when there is no pagu.
    pub persen_penyerapan: Option<String>,
}

/// Realisasi against pagu in percent, two fixed decimals as reports print it (`99.83`,
/// `100.00`); none without a pagu.
pub fn persen_penyerapan(pagu: i64, realisasi: i64) -> Option<String> {
    (pagu > 0).then(|| {
        let p = Decimal::from(realisasi) * Decimal::ONE_HUNDRED / Decimal::from(pagu);
        format!("{:.2}", p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    })
}

impl Jumlah {
    pub fn new(pagu: i64, realisasi: i64) -> Self {
        Self { pagu, realisasi, sisa: pagu - realisasi, persen_penyerapan: persen_penyerapan(pagu, realisasi) }
    }
}
