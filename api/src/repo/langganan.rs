//! Webhook subscriptions. A client reaches only its own: every query for a client's request
//! takes the [`Pemilik`] its token names, made in one place ([`crate::auth::Principal::pemilik`]).
//! The delivery worker holds a subscription by lease ([`ambil`]) and records what happened only
//! while it still holds it ([`Pegangan`]).

use chrono::{DateTime, Utc};
use entity::{kiriman, langganan};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::perubahan::Posisi;
use super::sql::stmt;
use crate::error::AppError;

/// The credential that owns subscriptions: `klien` or `pengguna`, and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pemilik {
    jenis: &'static str,
    sub: String,
}

impl Pemilik {
    /// Only [`crate::auth::Principal::pemilik`] makes one for a request.
    pub(crate) fn baru(jenis: &'static str, sub: impl Into<String>) -> Self {
        Self { jenis, sub: sub.into() }
    }

    pub fn jenis(&self) -> &'static str {
        self.jenis
    }

    pub fn sub(&self) -> &str {
        &self.sub
    }
}

pub const AKTIF: &str = "aktif";
pub const JEDA: &str = "jeda";
pub const NONAKTIF: &str = "nonaktif";
/// A parked delivery, and one asked to go again.
pub const PARKIR: &str = "parkir";
pub const ANTRE: &str = "antre";
pub const TERKIRIM: &str = "terkirim";

fn milik(p: &Pemilik) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(langganan::Column::PemilikJenis.eq(p.jenis))
        .add(langganan::Column::Pemilik.eq(p.sub.clone()))
}

pub async fn simpan(db: &impl ConnectionTrait, m: langganan::ActiveModel) -> Result<langganan::Model, AppError> {
    Ok(m.insert(db).await?)
}

pub async fn daftar(db: &impl ConnectionTrait, p: &Pemilik) -> Result<Vec<langganan::Model>, AppError> {
    Ok(langganan::Entity::find().filter(milik(p)).order_by_asc(langganan::Column::Id).all(db).await?)
}

pub async fn jumlah(db: &impl ConnectionTrait, p: &Pemilik) -> Result<u64, AppError> {
    Ok(langganan::Entity::find().filter(milik(p)).count(db).await?)
}

/// One of the owner's subscriptions by its public id.
pub async fn satu(db: &impl ConnectionTrait, p: &Pemilik, kode: &str) -> Result<Option<langganan::Model>, AppError> {
    Ok(langganan::Entity::find().filter(milik(p)).filter(langganan::Column::Kode.eq(kode)).one(db).await?)
}

/// Sets the columns given on one of the owner's subscriptions; answers whether it exists.
pub async fn ubah(
    db: &impl ConnectionTrait,
    p: &Pemilik,
    kode: &str,
    kolom: Vec<(langganan::Column, sea_orm::Value)>,
) -> Result<bool, AppError> {
    let mut q = langganan::Entity::update_many().col_expr(langganan::Column::Diubah, Expr::value(Utc::now()));
    for (c, v) in kolom {
        q = q.col_expr(c, Expr::value(v));
    }
    let r = q.filter(milik(p)).filter(langganan::Column::Kode.eq(kode)).exec(db).await?;
    Ok(r.rows_affected > 0)
}

pub async fn hapus(db: &impl ConnectionTrait, p: &Pemilik, kode: &str) -> Result<bool, AppError> {
    let r = langganan::Entity::delete_many().filter(milik(p)).filter(langganan::Column::Kode.eq(kode)).exec(db).await?;
    Ok(r.rows_affected > 0)
}

/// How many deliveries of each subscription are parked.
pub async fn jumlah_parkir(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(kiriman::Entity::find()
        .select_only()
        .column(kiriman::Column::LanggananId)
        .column_as(kiriman::Column::Id.count(), "n")
        .filter(kiriman::Column::LanggananId.is_in(ids.iter().copied()))
        .filter(kiriman::Column::Status.ne(TERKIRIM))
        .group_by(kiriman::Column::LanggananId)
        .into_tuple()
        .all(db)
        .await?)
}

/// The parked (and queued) deliveries of a subscription already read for its owner, oldest
/// first.
pub async fn parkir(db: &impl ConnectionTrait, l: &langganan::Model) -> Result<Vec<kiriman::Model>, AppError> {
    Ok(kiriman::Entity::find()
        .filter(kiriman::Column::LanggananId.eq(l.id))
        .filter(kiriman::Column::Status.ne(TERKIRIM))
        .order_by_asc(kiriman::Column::Id)
        .limit(1000)
        .all(db)
        .await?)
}

/// Queues parked deliveries of a subscription read for its owner to go again (all, or those
/// named); answers how many.
pub async fn antrekan(db: &impl ConnectionTrait, l: &langganan::Model, ids: Option<&[i64]>) -> Result<u64, AppError> {
    let mut q = kiriman::Entity::update_many()
        .col_expr(kiriman::Column::Status, Expr::value(ANTRE))
        .col_expr(kiriman::Column::Diubah, Expr::value(Utc::now()))
        .filter(kiriman::Column::LanggananId.eq(l.id))
        .filter(kiriman::Column::Status.eq(PARKIR));
    if let Some(ids) = ids {
        q = q.filter(kiriman::Column::Id.is_in(ids.iter().copied()));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// A subscription this instance holds until `sampai`.
#[derive(Clone, Debug)]
pub struct Pegangan {
    pub langganan: langganan::Model,
    pub pemegang: String,
}

/// Takes the subscription that waited longest among those with something to deliver (a change
/// after its cursor up to `puncak`, or a delivery queued again), not held by a live lease and
/// not waiting to retry. On PostgreSQL, rows another instance is taking are skipped
/// (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.
pub async fn ambil(
    db: &impl ConnectionTrait,
    pemegang: &str,
    puncak: Posisi,
    sampai: DateTime<Utc>,
) -> Result<Option<Pegangan>, AppError> {
    let backend = db.get_database_backend();
    let calon = format!(
        "SELECT l.id FROM langganan l \
         WHERE l.status = '{AKTIF}' AND (l.pegang_sampai IS NULL OR l.pegang_sampai < ?) \
         AND (l.coba_lagi_pada IS NULL OR l.coba_lagi_pada <= ?) \
         AND (l.posisi_xid < ? OR (l.posisi_xid = ? AND l.posisi_id < ?) \
              OR EXISTS (SELECT 1 FROM kiriman k WHERE k.langganan_id = l.id AND k.status = '{ANTRE}')) \
         ORDER BY COALESCE(l.terakhir_waktu, l.dibuat), l.id LIMIT 1"
    );
    let now = Utc::now();
    let syarat: Vec<sea_orm::Value> =
        vec![now.into(), now.into(), puncak.xid.into(), puncak.xid.into(), puncak.id.into()];
    // A read first: most rounds find nothing, and an UPDATE would take SQLite's write lock even
    // then.
    if db.query_one_raw(stmt(backend, &calon, syarat.clone())).await?.is_none() {
        return Ok(None);
    }
    let kunci = if backend == DatabaseBackend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let sql = format!("UPDATE langganan SET pemegang = ?, pegang_sampai = ? WHERE id = ({calon}{kunci}) RETURNING id");
    let mut values: Vec<sea_orm::Value> = vec![pemegang.into(), sampai.into()];
    values.extend(syarat);
    let Some(r) = db.query_one_raw(stmt(backend, &sql, values)).await? else { return Ok(None) };
    let id: i64 = r.try_get("", "id")?;
    let l = langganan::Entity::find_by_id(id).one(db).await?;
    Ok(l.map(|langganan| Pegangan { langganan, pemegang: pemegang.to_string() }))
}

/// What the worker records about a held subscription: columns to set, lease renewed to `sampai`
/// (or let go). Answers false when the lease was lost (paused, deleted, taken over): the
/// worker stops.
pub async fn catat(
    db: &impl ConnectionTrait,
    g: &Pegangan,
    sampai: Option<DateTime<Utc>>,
    kolom: Vec<(langganan::Column, sea_orm::Value)>,
) -> Result<bool, AppError> {
    let (pemegang, sampai): (Option<String>, Option<DateTime<Utc>>) = match sampai {
        Some(s) => (Some(g.pemegang.clone()), Some(s)),
        None => (None, None),
    };
    let mut q = langganan::Entity::update_many()
        .col_expr(langganan::Column::Pemegang, Expr::value(pemegang))
        .col_expr(langganan::Column::PegangSampai, Expr::value(sampai));
    for (c, v) in kolom {
        q = q.col_expr(c, Expr::value(v));
    }
    let r = q
        .filter(langganan::Column::Id.eq(g.langganan.id))
        .filter(langganan::Column::Pemegang.eq(g.pemegang.clone()))
        .filter(langganan::Column::Status.eq(AKTIF))
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}

/// The deliveries of a held subscription queued to go again, oldest first.
pub async fn antrean(db: &impl ConnectionTrait, g: &Pegangan, n: u64) -> Result<Vec<kiriman::Model>, AppError> {
    Ok(kiriman::Entity::find()
        .filter(kiriman::Column::LanggananId.eq(g.langganan.id))
        .filter(kiriman::Column::Status.eq(ANTRE))
        .order_by_asc(kiriman::Column::Id)
        .limit(n)
        .all(db)
        .await?)
}

pub async fn parkirkan(db: &impl ConnectionTrait, m: kiriman::ActiveModel) -> Result<(), AppError> {
    kiriman::Entity::insert(m).exec_without_returning(db).await?;
    Ok(())
}

/// Records one more attempt at a queued delivery: delivered, or parked again.
pub async fn catat_kiriman(
    db: &impl ConnectionTrait,
    k: &kiriman::Model,
    status: &str,
    kode: Option<i32>,
    galat: Option<String>,
    cuplikan: Option<String>,
) -> Result<(), AppError> {
    kiriman::Entity::update_many()
        .col_expr(kiriman::Column::Status, Expr::value(status))
        .col_expr(kiriman::Column::Percobaan, Expr::value(k.percobaan.saturating_add(1)))
        .col_expr(kiriman::Column::Kode, Expr::value(kode))
        .col_expr(kiriman::Column::Galat, Expr::value(galat))
        .col_expr(kiriman::Column::Cuplikan, Expr::value(cuplikan))
        .col_expr(kiriman::Column::Diubah, Expr::value(Utc::now()))
        .filter(kiriman::Column::Id.eq(k.id))
        .exec(db)
        .await?;
    Ok(())
}

/// The time of the oldest change an active subscription has yet to deliver (for the metrics):
/// the first change after the cursor furthest behind.
pub async fn tertunda_tertua(db: &impl ConnectionTrait) -> Result<Option<DateTime<Utc>>, AppError> {
    let backend = db.get_database_backend();
    let sql = format!(
        "SELECT p.waktu FROM perubahan p, (SELECT posisi_xid AS x, posisi_id AS i FROM langganan \
         WHERE status = '{AKTIF}' ORDER BY posisi_xid, posisi_id LIMIT 1) l \
         WHERE p.xid > l.x OR (p.xid = l.x AND p.id > l.i) ORDER BY p.xid, p.id LIMIT 1"
    );
    let r = db.query_one_raw(stmt(backend, &sql, Vec::new())).await?;
    Ok(match r {
        Some(r) => Some(r.try_get("", "waktu")?),
        None => None,
    })
}

/// The cursor a subscription starts from, as stored.
pub fn posisi(l: &langganan::Model) -> Posisi {
    Posisi { xid: l.posisi_xid, id: l.posisi_id }
}

/// The columns that move a cursor.
pub fn kolom_posisi(p: Posisi) -> Vec<(langganan::Column, sea_orm::Value)> {
    vec![(langganan::Column::PosisiXid, p.xid.into()), (langganan::Column::PosisiId, p.id.into())]
}

/// A new subscription's own values.
pub struct Baru {
    pub kode: String,
    pub satker_id: i64,
    pub url: String,
    /// Change types, comma-separated; empty: all.
    pub jenis: String,
    pub keterangan: Option<String>,
    pub rahasia: String,
    /// The cursor it starts after.
    pub mulai: Posisi,
}

/// The row of a new subscription of `p`, active, nothing delivered yet.
pub fn model_baru(p: &Pemilik, b: Baru) -> langganan::ActiveModel {
    let now = Utc::now();
    langganan::ActiveModel {
        kode: Set(b.kode),
        pemilik_jenis: Set(p.jenis.to_string()),
        pemilik: Set(p.sub.clone()),
        satker_id: Set(b.satker_id),
        url: Set(b.url),
        jenis: Set(b.jenis),
        keterangan: Set(b.keterangan),
        status: Set(AKTIF.into()),
        alasan: Set(None),
        rahasia: Set(b.rahasia),
        rahasia_lama: Set(None),
        rahasia_lama_sampai: Set(None),
        posisi_xid: Set(b.mulai.xid),
        posisi_id: Set(b.mulai.id),
        percobaan: Set(0),
        gagal_pertama: Set(None),
        coba_lagi_pada: Set(None),
        pemegang: Set(None),
        pegang_sampai: Set(None),
        terakhir_waktu: Set(None),
        terakhir_kode: Set(None),
        terakhir_galat: Set(None),
        dibuat: Set(now),
        diubah: Set(now),
        ..Default::default()
    }
}
