//! The demo's IKU decree: Lampung Selatan's, seed 000 row for row (nomor 32, 19 Januari 2024,
//! Kalianda, three tujuan, five sasaran, fourteen IKU with their keterangan as written), its
//! rows naming KPU's catalogue.

use crate::domain::dokumen::iku::parse_iku;
use crate::error::AppError;
use crate::registry::Registry;
use crate::repo::Scope;
use crate::service::dokumen::{self as service, Tulis};

const LAMPUNG_SELATAN: &str = include_str!("../../data/demo/iku_lampung_selatan_2024.json");

/// Stores the decree (left as it is when unchanged); whether it changed.
pub async fn muat(db: &sea_orm::DatabaseConnection, registry: &Registry, t: &Tulis<'_>) -> Result<bool, AppError> {
    let Some(satker) = registry.by_kode("18.01") else { return Ok(false) };
    let body: serde_json::Value = serde_json::from_str(LAMPUNG_SELATAN).map_err(AppError::internal)?;
    let iku = parse_iku(&body).map_err(|e| AppError::internal(format!("IKU demo: {e:?}")))?;
    match service::put_iku(db, registry, &Scope::sistem(), satker, super::TAHUN, iku, t).await {
        Ok(h) => Ok(h.berubah),
        // Submitted or approved since an earlier load: left as it is.
        Err(AppError::Terkunci { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_decree_is_seed_000() {
        let body: serde_json::Value = serde_json::from_str(LAMPUNG_SELATAN).unwrap();
        let iku = parse_iku(&body).unwrap();
        assert_eq!((iku.nomor.as_deref(), iku.ditetapkan_di.as_deref()), (Some("32"), Some("Kalianda")));
        assert_eq!(iku.baris.len(), 14);
        let tujuan: std::collections::BTreeSet<&str> = iku.baris.iter().map(|b| b.tujuan.as_str()).collect();
        let sasaran: std::collections::BTreeSet<&str> = iku.baris.iter().map(|b| b.sasaran.as_str()).collect();
        assert_eq!((tujuan.len(), sasaran.len()), (3, 5));
        assert_eq!((iku.menimbang.len(), iku.mengingat.len(), iku.diktum.len()), (3, 7, 5));
    }
}
