//! The counts of failed token requests (`gagal_token`), shared by every instance. Not tenant
//! data: a key is a credential id with an address, or an address.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LockType, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::auth::ratelimit::{Hitungan, Kunci};
use crate::error::AppError;

fn tabel() -> Alias {
    Alias::new("gagal_token")
}

fn kol(nama: &str) -> Alias {
    Alias::new(nama)
}

/// Locks the keys' rows (creating them at zero), reads their counts, and stores what `putuskan`
/// decides, all in one transaction; when it refuses, nothing is stored.
pub async fn ambil(
    db: &DatabaseConnection,
    keys: &[Kunci],
    putuskan: impl FnOnce(&[(Kunci, Option<Hitungan>)]) -> Result<Vec<Hitungan>, u64>,
) -> Result<Result<(), u64>, AppError> {
    // Rows are taken in key order, on every instance, so two attempts never wait on each other
    // crosswise.
    let mut urut: Vec<&Kunci> = keys.iter().collect();
    urut.sort_by(|a, b| a.kunci.cmp(&b.kunci));
    urut.dedup_by(|a, b| a.kunci == b.kunci);
    let txn = crate::db::begin_write(db).await?;
    let awal = DateTime::<Utc>::UNIX_EPOCH;
    for k in &urut {
        let q = Query::insert()
            .into_table(tabel())
            .columns([kol("kunci"), kol("jumlah"), kol("mulai")])
            .values_panic([k.kunci.clone().into(), 0_i32.into(), awal.into()])
            .on_conflict(OnConflict::column(kol("kunci")).do_nothing().to_owned())
            .to_owned();
        txn.execute(&q).await?;
    }
    let mut q = Query::select()
        .columns([kol("kunci"), kol("jumlah"), kol("mulai")])
        .from(tabel())
        .and_where(Expr::col(kol("kunci")).is_in(urut.iter().map(|k| k.kunci.clone())))
        .order_by(kol("kunci"), Order::Asc)
        .to_owned();
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        q.lock(LockType::Update);
    }
    let mut stored = Vec::new();
    for row in txn.query_all(&q).await? {
        let kunci: String = row.try_get("", "kunci")?;
        stored.push((kunci, Hitungan { jumlah: row.try_get("", "jumlah")?, mulai: row.try_get("", "mulai")? }));
    }
    let baca: Vec<(Kunci, Option<Hitungan>)> = urut
        .iter()
        .map(|k| {
            let h = stored.iter().find(|(s, _)| *s == k.kunci).map(|(_, h)| *h).filter(|h| h.jumlah > 0);
            ((*k).clone(), h)
        })
        .collect();
    let baru = match putuskan(&baca) {
        Ok(b) => b,
        Err(wait) => {
            txn.rollback().await?;
            return Ok(Err(wait));
        }
    };
    for ((k, _), h) in baca.iter().zip(baru) {
        let q = Query::update()
            .table(tabel())
            .value(kol("jumlah"), h.jumlah)
            .value(kol("mulai"), h.mulai)
            .and_where(Expr::col(kol("kunci")).eq(k.kunci.clone()))
            .to_owned();
        txn.execute(&q).await?;
    }
    txn.commit().await?;
    Ok(Ok(()))
}

/// One attempt given back on each key.
pub async fn kembalikan(db: &DatabaseConnection, keys: &[Kunci]) -> Result<(), AppError> {
    let q = Query::update()
        .table(tabel())
        .value(kol("jumlah"), Expr::col(kol("jumlah")).sub(1))
        .and_where(Expr::col(kol("kunci")).is_in(keys.iter().map(|k| k.kunci.clone())))
        .and_where(Expr::col(kol("jumlah")).gt(0))
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// A key starts afresh.
pub async fn hapus(db: &DatabaseConnection, k: &Kunci) -> Result<(), AppError> {
    let q = Query::delete().from_table(tabel()).and_where(Expr::col(kol("kunci")).eq(k.kunci.clone())).to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// Rows whose window began before `sebelum` count nothing any more.
pub async fn hapus_kedaluwarsa(db: &DatabaseConnection, sebelum: DateTime<Utc>) -> Result<(), AppError> {
    let q = Query::delete().from_table(tabel()).and_where(Expr::col(kol("mulai")).lt(sebelum)).to_owned();
    db.execute(&q).await?;
    Ok(())
}
