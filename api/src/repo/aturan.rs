//! The capaian rules stored for a satker: cap and category bands, set nationally or by a
//! provinsi for its subtree. The nearest setting up the hierarchy wins. Read here by every
//! service that computes capaian; changed only by `service::aturan`.

use entity::aturan_capaian;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

use crate::domain::capaian::BATAS_BAWAAN;
use crate::domain::dokumen::dari_e6;
use crate::domain::kategori::PitaKategori;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AturanCapaian {
    pub batas: Decimal,
    pub pita: PitaKategori,
    /// kode of the satker that set these rules; `None` for the built-in defaults.
    pub ditetapkan_oleh: Option<String>,
}

impl Default for AturanCapaian {
    fn default() -> Self {
        Self { batas: BATAS_BAWAAN, pita: PitaKategori::bawaan(), ditetapkan_oleh: None }
    }
}

pub async fn berlaku(
    db: &impl ConnectionTrait,
    registry: &Registry,
    satker: &SatkerRef,
) -> Result<AturanCapaian, AppError> {
    let chain: Vec<i64> = satker.jalur.split('/').filter_map(|k| registry.by_kode(k)).map(|s| s.id).collect();
    let rows = aturan_capaian::Entity::find().filter(aturan_capaian::Column::SatkerId.is_in(chain)).all(db).await?;
    let rows = rows.into_iter().map(Tersimpan::try_from).collect::<Result<Vec<_>, _>>()?;
    pilih(&rows, registry, satker)
}

/// A stored rule row as choosing the rules needs it: who set it, the cap, the bands (read from
/// their stored JSON once, not for every satker they are chosen for). Totals read every row
/// (few: one per provinsi at most) in the statement that reads the summaries.
#[derive(Clone, Debug)]
pub struct Tersimpan {
    pub satker_id: Option<i64>,
    pub batas_capaian_e6: i64,
    pub pita: PitaKategori,
}

impl Tersimpan {
    /// A row from its stored parts, the bands as read from their stored JSON.
    pub fn baru(
        satker_id: Option<i64>,
        batas_capaian_e6: i64,
        pita: Result<PitaKategori, serde_json::Error>,
    ) -> Result<Self, AppError> {
        let pita = pita.map_err(|e| AppError::internal(format!("stored bands invalid: {e}")))?;
        Ok(Self { satker_id, batas_capaian_e6, pita })
    }
}

impl TryFrom<aturan_capaian::Model> for Tersimpan {
    type Error = AppError;
    fn try_from(m: aturan_capaian::Model) -> Result<Self, AppError> {
        Self::baru(m.satker_id, m.batas_capaian_e6, PitaKategori::deserialize(&m.pita_kategori))
    }
}

/// The rules for `satker` among `rows`: the nearest setting up the hierarchy, else defaults.
pub fn pilih(rows: &[Tersimpan], registry: &Registry, satker: &SatkerRef) -> Result<AturanCapaian, AppError> {
    // The satker itself and its ancestors, nearest first: 00/18/18.03 → 18.03, 18, 00.
    for s in satker.jalur.split('/').rev().filter_map(|k| registry.by_kode(k)) {
        if let Some(row) = rows.iter().find(|r| r.satker_id == Some(s.id)) {
            return Ok(AturanCapaian {
                batas: dari_e6(row.batas_capaian_e6),
                pita: row.pita.clone(),
                ditetapkan_oleh: Some(s.kode.clone()),
            });
        }
    }
    Ok(AturanCapaian::default())
}
