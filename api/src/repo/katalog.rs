//! The indicator catalogue's entries. Who sees which catalogue is decided here, once: KPU RI's
//! national catalogue is everyone's, a provinsi's additions are its own subtree's, and KPU RI
//! sees every provinsi's. Writes name a catalogue by the [`DokumenId`] a scoped header lookup
//! gave them.

use std::collections::HashMap;

use entity::{indikator, katalog_indikator};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::dokumen::DokumenId;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};

/// The kode wilayah of KPU RI, owner of the national catalogue.
pub const NASIONAL: &str = "00";

/// Whose catalogues a reader sees.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Terlihat {
    /// KPU RI: the national catalogue and every provinsi's additions.
    Semua,
    /// Everyone else: the national catalogue and the additions of its own provinsi.
    Pemilik(Vec<i64>),
}

/// The provinsi a satker belongs to (itself for a provinsi), by its kode wilayah.
pub fn provinsi_dari<'a>(registry: &'a Registry, satker: &SatkerRef) -> Option<&'a SatkerRef> {
    let kode = satker.kode.split('.').next()?;
    registry.by_kode(kode).filter(|p| p.tingkat == "provinsi")
}

/// What `pembaca` may see of the catalogue.
pub fn terlihat(registry: &Registry, pembaca: &SatkerRef) -> Terlihat {
    if pembaca.kode == NASIONAL {
        return Terlihat::Semua;
    }
    let mut ids: Vec<i64> = registry.by_kode(NASIONAL).map(|s| s.id).into_iter().collect();
    ids.extend(provinsi_dari(registry, pembaca).map(|p| p.id));
    Terlihat::Pemilik(ids)
}

/// The catalogue headers of the period starting `awal` that `t` sees: (id, owner satker id).
async fn kepala(db: &impl ConnectionTrait, t: &Terlihat, awal: i32) -> Result<Vec<(i64, i64)>, AppError> {
    let mut q = Query::select();
    q.columns([Alias::new("id"), Alias::new("satker_id")])
        .from(Alias::new("katalog"))
        .and_where(Expr::col(Alias::new("tahun")).eq(awal));
    if let Terlihat::Pemilik(ids) = t {
        q.and_where(Expr::col(Alias::new("satker_id")).is_in(ids.clone()));
    }
    let rows = db.query_all(&q).await?;
    rows.iter().map(|r| Ok((r.try_get("", "id")?, r.try_get("", "satker_id")?))).collect()
}

/// Every entry of the period `t` sees, with its owner's satker id: the national ones first,
/// each catalogue in its own order.
pub async fn entri(
    db: &impl ConnectionTrait,
    t: &Terlihat,
    awal: i32,
) -> Result<Vec<(katalog_indikator::Model, i64)>, AppError> {
    let kepala = kepala(db, t, awal).await?;
    if kepala.is_empty() {
        return Ok(Vec::new());
    }
    let pemilik: HashMap<i64, i64> = kepala.iter().copied().collect();
    let rows = katalog_indikator::Entity::find()
        .filter(katalog_indikator::Column::KatalogId.is_in(pemilik.keys().copied().collect::<Vec<_>>()))
        .order_by_asc(katalog_indikator::Column::KatalogId)
        .order_by_asc(katalog_indikator::Column::Urutan)
        .all(db)
        .await?;
    let mut out: Vec<(katalog_indikator::Model, i64)> =
        rows.into_iter().filter_map(|m| pemilik.get(&m.katalog_id).map(|p| (m, *p))).collect();
    // The national catalogue (the lowest satker id, KPU RI's) first.
    out.sort_by_key(|(m, p)| (*p, m.urutan));
    Ok(out)
}

/// The entries of one catalogue document, in order.
pub async fn entri_dokumen(
    db: &impl ConnectionTrait,
    katalog: DokumenId,
) -> Result<Vec<katalog_indikator::Model>, AppError> {
    Ok(katalog_indikator::Entity::find()
        .filter(katalog_indikator::Column::KatalogId.eq(katalog.nilai()))
        .order_by_asc(katalog_indikator::Column::Urutan)
        .all(db)
        .await?)
}

/// Of `kode`, those another catalogue of the same period already uses (codes are unique in a
/// period, across owners), as stored.
pub async fn kode_milik_lain(
    db: &impl ConnectionTrait,
    awal: i32,
    katalog: Option<DokumenId>,
    kode: &[String],
) -> Result<Vec<String>, AppError> {
    let mut q = katalog_indikator::Entity::find().filter(katalog_indikator::Column::Tahun.eq(awal));
    if let Some(k) = katalog {
        q = q.filter(katalog_indikator::Column::KatalogId.ne(k.nilai()));
    }
    let lain = q.all(db).await?;
    Ok(lain.into_iter().map(|m| m.kode).filter(|k| kode.iter().any(|b| b.eq_ignore_ascii_case(k))).collect())
}

/// The identity of the entry coded `kode` in the period starting `awal`, if there is one.
pub async fn identitas(db: &impl ConnectionTrait, awal: i32, kode: &str) -> Result<Option<String>, AppError> {
    let rows = katalog_indikator::Entity::find().filter(katalog_indikator::Column::Tahun.eq(awal)).all(db).await?;
    Ok(rows.into_iter().find(|m| m.kode.eq_ignore_ascii_case(kode)).map(|m| m.identitas))
}

/// Of the entries `ids`, those a PK indicator reports against.
pub async fn dipakai(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<i64>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = indikator::Entity::find().filter(indikator::Column::KatalogId.is_in(ids.to_vec())).all(db).await?;
    let mut out: Vec<i64> = rows.into_iter().filter_map(|m| m.katalog_id).collect();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

pub async fn simpan(db: &impl ConnectionTrait, m: katalog_indikator::ActiveModel) -> Result<(), AppError> {
    m.save(db).await?;
    Ok(())
}

pub async fn hapus(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), AppError> {
    if !ids.is_empty() {
        katalog_indikator::Entity::delete_many()
            .filter(katalog_indikator::Column::Id.is_in(ids.to_vec()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The satker-years that have a PK, in `scope`, of `tahun` or of every year.
pub async fn pk_tersimpan(
    db: &impl ConnectionTrait,
    scope: &super::Scope,
    tahun: Option<i32>,
) -> Result<Vec<(i64, i32)>, AppError> {
    let mut q = Query::select();
    q.columns([Alias::new("satker_id"), Alias::new("tahun")])
        .from(Alias::new("perjanjian_kinerja"))
        .and_where(Expr::col(Alias::new("satker_id")).in_subquery(scope.satker_ids()))
        .order_by(Alias::new("tahun"), sea_orm::Order::Asc)
        .order_by(Alias::new("satker_id"), sea_orm::Order::Asc);
    if let Some(t) = tahun {
        q.and_where(Expr::col(Alias::new("tahun")).eq(t));
    }
    let rows = db.query_all(&q).await?;
    rows.iter().map(|r| Ok((r.try_get("", "satker_id")?, r.try_get("", "tahun")?))).collect()
}

/// The satker-years whose PK uses any of the entries `ids`.
pub async fn pk_yang_memakai(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<(i64, i32)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (i, p) = (Alias::new("i"), Alias::new("p"));
    let q = Query::select()
        .distinct()
        .expr_as(Expr::col((p.clone(), Alias::new("satker_id"))), Alias::new("satker_id"))
        .expr_as(Expr::col((p.clone(), Alias::new("tahun"))), Alias::new("tahun"))
        .from_as(Alias::new("indikator"), i.clone())
        .join_as(
            JoinType::InnerJoin,
            Alias::new("perjanjian_kinerja"),
            p.clone(),
            Expr::col((p.clone(), Alias::new("id"))).equals((i.clone(), Alias::new("pk_id"))),
        )
        .and_where(Expr::col((i, Alias::new("katalog_id"))).is_in(ids.to_vec()))
        .to_owned();
    let rows = db.query_all(&q).await?;
    rows.iter().map(|r| Ok((r.try_get("", "satker_id")?, r.try_get("", "tahun")?))).collect()
}

/// The catalogue entries of the ids given.
async fn per_id(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<katalog_indikator::Model>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(katalog_indikator::Entity::find().filter(katalog_indikator::Column::Id.is_in(ids.to_vec())).all(db).await?)
}

/// The catalogue code of each entry id given.
pub async fn kode(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, String>, AppError> {
    Ok(per_id(db, ids).await?.into_iter().map(|m| (m.id, m.kode)).collect())
}

/// The polarity (as stored) of each entry id given.
pub async fn polaritas(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, String>, AppError> {
    Ok(per_id(db, ids).await?.into_iter().map(|m| (m.id, m.polaritas)).collect())
}

/// The periods that have a catalogue `t` sees, each with how many entries: (first year, n).
pub async fn periode(db: &impl ConnectionTrait, t: &Terlihat) -> Result<Vec<(i32, i64)>, AppError> {
    let (k, i) = (Alias::new("k"), Alias::new("i"));
    let mut q = Query::select();
    q.expr_as(Expr::col((k.clone(), Alias::new("tahun"))), Alias::new("tahun"))
        .expr_as(Func::count(Expr::col((i.clone(), Alias::new("id")))), Alias::new("n"))
        .from_as(Alias::new("katalog"), k.clone())
        .join_as(
            JoinType::LeftJoin,
            Alias::new("katalog_indikator"),
            i.clone(),
            Expr::col((i.clone(), Alias::new("katalog_id"))).equals((k.clone(), Alias::new("id"))),
        )
        .group_by_col((k.clone(), Alias::new("tahun")))
        .order_by((k.clone(), Alias::new("tahun")), sea_orm::Order::Asc);
    if let Terlihat::Pemilik(ids) = t {
        q.and_where(Expr::col((k, Alias::new("satker_id"))).is_in(ids.clone()));
    }
    let rows = db.query_all(&q).await?;
    rows.iter().map(|r| Ok((r.try_get("", "tahun")?, r.try_get("", "n")?))).collect()
}
