//! The LKj narrative rows, reached only through a satker the caller's scope holds.

use chrono::Utc;
use entity::narasi_lkj;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::SatkerMilik;
use crate::domain::dokumen::narasi::{Narasi, Penandatangan};
use crate::error::AppError;

/// What a stored row says, as the domain has it.
pub fn isi(m: &narasi_lkj::Model) -> Narasi {
    Narasi {
        ikhtisar: m.ikhtisar.clone(),
        kata_pengantar: m.kata_pengantar.clone(),
        pendahuluan: m.pendahuluan.clone(),
        perencanaan: m.perencanaan.clone(),
        penutup: m.penutup.clone(),
        tempat: m.tempat.clone(),
        tanggal: super::tanggal_dari_kolom(m.tanggal.as_deref()),
        penandatangan: m
            .penandatangan
            .as_deref()
            .and_then(|j| serde_json::from_str::<Vec<Penandatangan>>(j).ok())
            .unwrap_or_default(),
    }
}

fn penandatangan(isi: &Narasi) -> Result<Option<String>, AppError> {
    if isi.penandatangan.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(&isi.penandatangan).map(Some).map_err(AppError::internal)
}

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
    let ttd = penandatangan(isi)?;
    match lama {
        None => {
            let m = narasi_lkj::ActiveModel {
                satker_id: Set(satker.id()),
                tahun: Set(tahun),
                versi: Set(1),
                ikhtisar: Set(isi.ikhtisar.clone()),
                pendahuluan: Set(isi.pendahuluan.clone()),
                penutup: Set(isi.penutup.clone()),
                kata_pengantar: Set(isi.kata_pengantar.clone()),
                perencanaan: Set(isi.perencanaan.clone()),
                tempat: Set(isi.tempat.clone()),
                tanggal: Set(super::tanggal_ke_kolom(isi.tanggal)),
                penandatangan: Set(ttd),
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
                .col_expr(narasi_lkj::Column::KataPengantar, Expr::value(isi.kata_pengantar.clone()))
                .col_expr(narasi_lkj::Column::Perencanaan, Expr::value(isi.perencanaan.clone()))
                .col_expr(narasi_lkj::Column::Tempat, Expr::value(isi.tempat.clone()))
                .col_expr(narasi_lkj::Column::Tanggal, Expr::value(super::tanggal_ke_kolom(isi.tanggal)))
                .col_expr(narasi_lkj::Column::Penandatangan, Expr::value(ttd.clone()))
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
                kata_pengantar: isi.kata_pengantar.clone(),
                perencanaan: isi.perencanaan.clone(),
                tempat: isi.tempat.clone(),
                tanggal: super::tanggal_ke_kolom(isi.tanggal),
                penandatangan: ttd,
                updated_at: now,
                ..l.clone()
            }))
        }
    }
}
