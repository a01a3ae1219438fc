//! Evidence metadata. A satker's evidence is reached only through its [`SatkerMilik`] (a satker
//! proven inside the caller's scope); content (`berkas`) is shared by SHA-256 and reached only
//! through the evidence that names it.

use chrono::{DateTime, Utc};
use entity::{berkas, bukti};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::SatkerMilik;
use super::sql::stmt;
use crate::error::AppError;

/// Bytes a satker's evidence takes (each content counted once).
pub async fn pemakaian(db: &impl ConnectionTrait, milik: SatkerMilik) -> Result<i64, AppError> {
    let backend = db.get_database_backend();
    let r = db
        .query_one_raw(stmt(
            backend,
            "SELECT CAST(COALESCE(SUM(b.ukuran), 0) AS BIGINT) AS n FROM berkas b \
             WHERE b.sha256 IN (SELECT sha256 FROM bukti WHERE satker_id = ?)",
            vec![milik.id().into()],
        ))
        .await?;
    Ok(match r {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    })
}

/// Claims content by its SHA-256: true when it was not stored yet (the caller moves the object
/// into place before committing), false when it is.
pub async fn klaim_berkas(db: &impl ConnectionTrait, sha256: &str, ukuran: i64, media: &str) -> Result<bool, AppError> {
    let r = berkas::Entity::insert(berkas::ActiveModel {
        sha256: Set(sha256.to_string()),
        ukuran: Set(ukuran),
        media: Set(media.to_string()),
        dibuat: Set(Utc::now()),
    })
    .on_conflict(OnConflict::column(berkas::Column::Sha256).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    Ok(r > 0)
}

pub async fn simpan(db: &impl ConnectionTrait, m: bukti::ActiveModel) -> Result<bukti::Model, AppError> {
    Ok(m.insert(db).await?)
}

pub async fn daftar(db: &impl ConnectionTrait, milik: SatkerMilik) -> Result<Vec<bukti::Model>, AppError> {
    Ok(bukti::Entity::find()
        .filter(bukti::Column::SatkerId.eq(milik.id()))
        .order_by_desc(bukti::Column::Id)
        .limit(5000)
        .all(db)
        .await?)
}

pub async fn satu(db: &impl ConnectionTrait, milik: SatkerMilik, kode: &str) -> Result<Option<bukti::Model>, AppError> {
    Ok(bukti::Entity::find()
        .filter(bukti::Column::SatkerId.eq(milik.id()))
        .filter(bukti::Column::Kode.eq(kode))
        .one(db)
        .await?)
}

/// The satker's evidence among `kode`.
pub async fn menurut_kode(
    db: &impl ConnectionTrait,
    milik: SatkerMilik,
    kode: &[String],
) -> Result<Vec<bukti::Model>, AppError> {
    if kode.is_empty() {
        return Ok(Vec::new());
    }
    Ok(bukti::Entity::find()
        .filter(bukti::Column::SatkerId.eq(milik.id()))
        .filter(bukti::Column::Kode.is_in(kode.iter().cloned()))
        .all(db)
        .await?)
}

/// Marks evidence as resting under a document: kept from then on.
pub async fn lampirkan(db: &impl ConnectionTrait, milik: SatkerMilik, kode: &[String]) -> Result<(), AppError> {
    if kode.is_empty() {
        return Ok(());
    }
    bukti::Entity::update_many()
        .col_expr(bukti::Column::DilampirkanPada, Expr::value(Some(Utc::now())))
        .filter(bukti::Column::SatkerId.eq(milik.id()))
        .filter(bukti::Column::Kode.is_in(kode.iter().cloned()))
        .filter(bukti::Column::DilampirkanPada.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Removes one of the satker's uploads that no document rests on; answers whether it did.
pub async fn hapus_lepas(db: &impl ConnectionTrait, milik: SatkerMilik, kode: &str) -> Result<bool, AppError> {
    let r = bukti::Entity::delete_many()
        .filter(bukti::Column::SatkerId.eq(milik.id()))
        .filter(bukti::Column::Kode.eq(kode))
        .filter(bukti::Column::DilampirkanPada.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}

/// Service housekeeping, across satkers: uploads no document took within a day are removed.
pub async fn hapus_kedaluwarsa(db: &impl ConnectionTrait, sebelum: DateTime<Utc>) -> Result<u64, AppError> {
    let r = bukti::Entity::delete_many()
        .filter(bukti::Column::DilampirkanPada.is_null())
        .filter(bukti::Column::Dibuat.lt(sebelum))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// Content no evidence names any more (at most `n`).
pub async fn berkas_yatim(db: &impl ConnectionTrait, n: u64) -> Result<Vec<String>, AppError> {
    Ok(berkas::Entity::find()
        .select_only()
        .column(berkas::Column::Sha256)
        .filter(berkas::Column::Sha256.not_in_subquery(
            sea_orm::sea_query::Query::select().column(bukti::Column::Sha256).from(bukti::Entity).to_owned(),
        ))
        .limit(n)
        .into_tuple()
        .all(db)
        .await?)
}

/// Removes the row of content no evidence names, if that still holds; answers whether it did.
pub async fn hapus_berkas(db: &impl ConnectionTrait, sha256: &str) -> Result<bool, AppError> {
    let r = berkas::Entity::delete_many()
        .filter(berkas::Column::Sha256.eq(sha256))
        .filter(
            berkas::Column::Sha256.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(bukti::Column::Sha256)
                    .from(bukti::Entity)
                    .and_where(bukti::Column::Sha256.eq(sha256))
                    .to_owned(),
            ),
        )
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}

/// Every stored content's SHA-256 after `setelah`, in order, at most `n` (for the check of the
/// store).
pub async fn semua_berkas(db: &impl ConnectionTrait, setelah: &str, n: u64) -> Result<Vec<String>, AppError> {
    Ok(berkas::Entity::find()
        .select_only()
        .column(berkas::Column::Sha256)
        .filter(berkas::Column::Sha256.gt(setelah))
        .order_by_asc(berkas::Column::Sha256)
        .limit(n)
        .into_tuple()
        .all(db)
        .await?)
}

/// Per satker of a subtree (by the ids given): how many files and how many bytes.
pub async fn pemakaian_satker(
    db: &impl ConnectionTrait,
    satker_ids: sea_orm::sea_query::SelectStatement,
) -> Result<Vec<(i64, i64, i64)>, AppError> {
    use sea_orm::sea_query::{Alias, Func};
    let bytes = Func::cast_as(Func::sum(Expr::col(bukti::Column::Ukuran)), Alias::new("BIGINT"));
    Ok(bukti::Entity::find()
        .select_only()
        .column(bukti::Column::SatkerId)
        .column_as(bukti::Column::Id.count(), "n")
        .column_as(Expr::expr(bytes), "b")
        .filter(bukti::Column::SatkerId.in_subquery(satker_ids))
        .group_by(bukti::Column::SatkerId)
        .into_tuple()
        .all(db)
        .await?)
}

/// The evidence ids each indicator of one realisasi report lists: (indicator code, ids).
pub async fn lampiran_realisasi(
    db: &impl ConnectionTrait,
    milik: SatkerMilik,
    tahun: i32,
    triwulan: i16,
) -> Result<Vec<(String, String)>, AppError> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(stmt(
            backend,
            "SELECT i.kode, r.bukti FROM realisasi r JOIN laporan_realisasi l ON l.id = r.laporan_id \
             JOIN indikator i ON i.id = r.indikator_id \
             WHERE l.satker_id = ? AND l.tahun = ? AND l.triwulan = ? AND r.bukti IS NOT NULL ORDER BY i.urutan",
            vec![milik.id().into(), tahun.into(), triwulan.into()],
        ))
        .await?;
    rows.iter().map(|r| Ok((r.try_get("", "kode")?, r.try_get("", "bukti")?))).collect()
}
