//! The LKj narrative rows, reached only through a satker the caller's scope holds.

use chrono::Utc;
use entity::narasi_lkj;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::SatkerMilik;
use crate::domain::narasi::Narasi;
use crate::error::AppError;

pub async fn baca(
    db: &impl ConnectionTrait,
    satker: SatkerMilik,
    tahun: i32,
) -> Result<Option<narasi_lkj::Model>, AppError> {
    Ok(narasi_lkj::Entity::find()
        .filter(narasi_lkj::Column::SatkerId.eq(satker.id()))
        .filter(narasi_lkj::Column::Tahun.eq(tahun))
        .one(db)
        .await?)
}

/// Stores `isi` as the next version after `lama`; a row changed in between (another writer)
/// updates nothing and is reported as `None`.
pub async fn simpan(
    db: &impl ConnectionTrait,
    satker: SatkerMilik,
    tahun: i32,
    lama: Option<&narasi_lkj::Model>,
    isi: &Narasi,
) -> Result<Option<narasi_lkj::Model>, AppError> {
    let now = Utc::now();
    match lama {
        None => {
            let m = narasi_lkj::ActiveModel {
                satker_id: Set(satker.id()),
                tahun: Set(tahun),
                versi: Set(1),
                ikhtisar: Set(isi.ikhtisar.clone()),
                pendahuluan: Set(isi.pendahuluan.clone()),
                penutup: Set(isi.penutup.clone()),
                updated_at: Set(now),
                ..Default::default()
            };
            match m.insert(db).await {
                Ok(m) => Ok(Some(m)),
                Err(e) if crate::error::is_unique_violation(&e) => Ok(None),
                Err(e) => Err(e.into()),
            }
        }
        Some(l) => {
            let r = narasi_lkj::Entity::update_many()
                .col_expr(narasi_lkj::Column::Versi, Expr::value(l.versi + 1))
                .col_expr(narasi_lkj::Column::Ikhtisar, Expr::value(isi.ikhtisar.clone()))
                .col_expr(narasi_lkj::Column::Pendahuluan, Expr::value(isi.pendahuluan.clone()))
                .col_expr(narasi_lkj::Column::Penutup, Expr::value(isi.penutup.clone()))
                .col_expr(narasi_lkj::Column::UpdatedAt, Expr::value(now))
                .filter(narasi_lkj::Column::Id.eq(l.id))
                .filter(narasi_lkj::Column::Versi.eq(l.versi))
                .exec(db)
                .await?;
            Ok((r.rows_affected == 1).then(|| narasi_lkj::Model {
                versi: l.versi + 1,
                ikhtisar: isi.ikhtisar.clone(),
                pendahuluan: isi.pendahuluan.clone(),
                penutup: isi.penutup.clone(),
                updated_at: now,
                ..l.clone()
            }))
        }
    }
}
