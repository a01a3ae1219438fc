use entity::audit_log;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::Value;

use crate::error::AppError;

/// Who did it: a token's subject, or the operator at the command line (`sistem`).
#[derive(Clone, Debug)]
pub struct Pelaku {
    pub sub: String,
    pub jenis: String,
}

impl Pelaku {
    pub fn sistem(sub: &str) -> Self {
        Self { sub: sub.into(), jenis: "sistem".into() }
    }
}

/// One audit row: who, when (now), what, on which satker, before and after.
pub struct Jejak<'a> {
    pub pelaku: &'a Pelaku,
    pub satker_id: Option<i64>,
    pub aksi: &'a str,
    pub objek: String,
    pub sebelum: Option<Value>,
    pub sesudah: Option<Value>,
    pub request_id: Option<String>,
}

pub async fn catat(db: &impl ConnectionTrait, j: Jejak<'_>) -> Result<(), AppError> {
    // Without RETURNING: the row (before and after can be 100 KB of JSON) is not sent back.
    audit_log::Entity::insert(audit_log::ActiveModel {
        waktu: Set(chrono::Utc::now()),
        pelaku: Set(j.pelaku.sub.clone()),
        jenis_pelaku: Set(j.pelaku.jenis.clone()),
        satker_id: Set(j.satker_id),
        aksi: Set(j.aksi.into()),
        objek: Set(j.objek),
        sebelum: Set(j.sebelum),
        sesudah: Set(j.sesudah),
        request_id: Set(j.request_id),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The audit trail of one satker, newest first; `sebelum` pages back from an id.
pub async fn riwayat(
    db: &impl ConnectionTrait,
    satker_id: i64,
    limit: u64,
    sebelum: Option<i64>,
) -> Result<Vec<audit_log::Model>, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut q = audit_log::Entity::find().filter(audit_log::Column::SatkerId.eq(satker_id));
    if let Some(id) = sebelum {
        q = q.filter(audit_log::Column::Id.lt(id));
    }
    Ok(q.order_by_desc(audit_log::Column::Id).limit(limit).all(db).await?)
}
