use entity::audit_log;
use sea_orm::ConnectionTrait;
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

/// Inserts one audit row, without RETURNING (before and after can be 100 KB of JSON).
///
/// The JSON goes as text: on PostgreSQL the driver would send a JSON value typed `jsonb`, which
/// the `json` column parses into `jsonb` and prints back to text, 5.4 ms of the bind for a
/// 200-line budget's row, where validating text as `json` is a fraction of that. SQLite stores
/// JSON as text anyway (and has no `json` type to cast to).
///
/// Every audited change a reader could see (all but credentials and tokens) is also written to
/// the change outbox ([`super::perubahan`]), in the same transaction: one write path, one feed.
pub async fn catat(db: &impl ConnectionTrait, j: Jejak<'_>) -> Result<(), AppError> {
    catat_versi(db, j, None).await
}

/// [`catat`], for a change that left a document at version `versi`.
pub async fn catat_versi(db: &impl ConnectionTrait, j: Jejak<'_>, versi: Option<i32>) -> Result<(), AppError> {
    let backend = db.get_database_backend();
    let json = |v: Option<Value>| -> Result<sea_orm::Value, AppError> {
        Ok(v.map(|v| serde_json::to_string(&v)).transpose().map_err(AppError::internal)?.into())
    };
    let as_json = if backend == sea_orm::DatabaseBackend::Postgres { "CAST(? AS json)" } else { "?" };
    let sql = format!(
        "INSERT INTO audit_log (waktu, pelaku, jenis_pelaku, satker_id, aksi, objek, sebelum, sesudah, request_id) \
         VALUES (?, ?, ?, ?, ?, ?, {as_json}, {as_json}, ?)"
    );
    let values: Vec<sea_orm::Value> = vec![
        chrono::Utc::now().into(),
        j.pelaku.sub.clone().into(),
        j.pelaku.jenis.clone().into(),
        j.satker_id.into(),
        j.aksi.into(),
        j.objek.clone().into(),
        json(j.sebelum)?,
        json(j.sesudah)?,
        j.request_id.clone().into(),
    ];
    match j.satker_id {
        Some(satker_id) if !AKSI_AKSES.iter().any(|p| j.aksi.starts_with(p)) => {
            let c = super::perubahan::Catatan {
                jenis: j.aksi,
                satker_id,
                objek: &j.objek,
                versi,
                pelaku: Some(&j.pelaku.sub),
                request_id: j.request_id.as_deref(),
            };
            super::perubahan::bersama(db, c, &sql, values).await
        }
        _ => {
            db.execute_raw(super::sql::stmt(backend, &sql, values)).await?;
            Ok(())
        }
    }
}

/// Audit actions about credentials (creating, revoking, tokens): what only admins read.
pub const AKSI_AKSES: [&str; 4] = ["klien.", "pengguna.", "token.", "langganan."];

/// The audit trail of one satker, newest first; `sebelum` pages back from an id. Without
/// `dengan_akses`, the rows about credentials are left out.
pub async fn riwayat(
    db: &impl ConnectionTrait,
    satker_id: i64,
    limit: u64,
    sebelum: Option<i64>,
    dengan_akses: bool,
) -> Result<Vec<audit_log::Model>, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut q = audit_log::Entity::find().filter(audit_log::Column::SatkerId.eq(satker_id));
    if !dengan_akses {
        for prefix in AKSI_AKSES {
            q = q.filter(audit_log::Column::Aksi.not_like(format!("{prefix}%")));
        }
    }
    if let Some(id) = sebelum {
        q = q.filter(audit_log::Column::Id.lt(id));
    }
    Ok(q.order_by_desc(audit_log::Column::Id).limit(limit).all(db).await?)
}
