//! The satker registry as a caller sees it: its own satker and what lies in its scope.

use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::repo::{Scope, satker};
use crate::view::SatkerView;

impl From<entity::satker::Model> for SatkerView {
    fn from(s: entity::satker::Model) -> Self {
        Self {
            induk: s.jalur.rsplit('/').nth(1).map(str::to_string),
            kode: s.kode_wilayah,
            nama: s.nama,
            tingkat: s.tingkat,
            kode_satker: s.kode_satker,
            kode_bps: s.kode_bps,
        }
    }
}

/// Every satker in the scope.
pub async fn daftar(db: &DatabaseConnection, scope: &Scope) -> Result<Vec<SatkerView>, AppError> {
    Ok(satker::list(scope, db, None).await?.into_iter().map(SatkerView::from).collect())
}

pub async fn detail(db: &DatabaseConnection, scope: &Scope, target: &SatkerRef) -> Result<SatkerView, AppError> {
    Ok(satker::by_kode(scope, db, &target.kode).await?.into())
}
