use entity::audit_log;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
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
    audit_log::ActiveModel {
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
    }
    .insert(db)
    .await?;
    Ok(())
}
