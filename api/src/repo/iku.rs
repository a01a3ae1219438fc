//! The IKU decree's particulars and Lampiran rows. Callers name a decree by the [`DokumenId`] a
//! scoped header lookup gave them.

use entity::{iku, iku_baris};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::dokumen::DokumenId;
use crate::error::AppError;

pub async fn baca(db: &impl ConnectionTrait, id: DokumenId) -> Result<iku::Model, AppError> {
    iku::Entity::find_by_id(id.nilai()).one(db).await?.ok_or_else(|| AppError::internal("IKU header without its row"))
}

pub async fn baris(db: &impl ConnectionTrait, id: DokumenId) -> Result<Vec<iku_baris::Model>, AppError> {
    Ok(iku_baris::Entity::find()
        .filter(iku_baris::Column::IkuId.eq(id.nilai()))
        .order_by_asc(iku_baris::Column::Urutan)
        .all(db)
        .await?)
}

/// Writes the particulars of the decree `id` (the fields set in `m`).
pub async fn simpan(db: &impl ConnectionTrait, id: DokumenId, mut m: iku::ActiveModel) -> Result<(), AppError> {
    m.id = Set(id.nilai());
    m.update(db).await?;
    Ok(())
}

/// Replaces the Lampiran rows of the decree `id`.
pub async fn ganti_baris(
    db: &impl ConnectionTrait,
    id: DokumenId,
    rows: Vec<iku_baris::ActiveModel>,
) -> Result<(), AppError> {
    iku_baris::Entity::delete_many().filter(iku_baris::Column::IkuId.eq(id.nilai())).exec(db).await?;
    for mut r in rows {
        r.iku_id = Set(id.nilai());
        r.insert(db).await?;
    }
    Ok(())
}
