use entity::satker;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::Scope;
use crate::error::AppError;

pub async fn by_kode(scope: &Scope, db: &impl ConnectionTrait, kode: &str) -> Result<satker::Model, AppError> {
    satker::Entity::find()
        .filter(scope.satker_condition())
        .filter(satker::Column::KodeWilayah.eq(kode))
        .one(db)
        .await?
        .ok_or_else(|| AppError::satker_tidak_ditemukan(kode))
}

/// Satkers in scope ordered by code; with `induk`, only that satker's direct children.
pub async fn list(
    scope: &Scope,
    db: &impl ConnectionTrait,
    induk: Option<&str>,
) -> Result<Vec<satker::Model>, AppError> {
    let mut q = satker::Entity::find().filter(scope.satker_condition());
    if let Some(kode) = induk {
        let parent = by_kode(scope, db, kode).await?;
        q = q.filter(satker::Column::IndukId.eq(parent.id));
    }
    Ok(q.order_by_asc(satker::Column::Jalur).all(db).await?)
}
