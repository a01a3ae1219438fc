//! The contents of the submitted documents: indicators, realisasi, budget lines, temuan.
//! Callers pass header ids obtained through [`super::dokumen::kepala`], which is scoped.

use entity::{anggaran_baris, anggaran_bulanan, indikator, laporan_realisasi, realisasi, temuan};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::AppError;

pub async fn indikator(db: &impl ConnectionTrait, pk_id: i64) -> Result<Vec<indikator::Model>, AppError> {
    Ok(indikator::Entity::find()
        .filter(indikator::Column::PkId.eq(pk_id))
        .order_by_asc(indikator::Column::Urutan)
        .all(db)
        .await?)
}

pub async fn simpan_indikator(db: &impl ConnectionTrait, m: indikator::ActiveModel) -> Result<(), AppError> {
    m.save(db).await?;
    Ok(())
}

pub async fn hapus_indikator(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), AppError> {
    if !ids.is_empty() {
        indikator::Entity::delete_many().filter(indikator::Column::Id.is_in(ids.to_vec())).exec(db).await?;
    }
    Ok(())
}

/// Indicators (of `ids`) that already have realisasi in some triwulan, with that triwulan.
pub async fn indikator_berealisasi(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<(i64, i16)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (r, l) = (Alias::new("realisasi"), Alias::new("laporan_realisasi"));
    let q = Query::select()
        .column((r.clone(), Alias::new("indikator_id")))
        .column((l.clone(), Alias::new("triwulan")))
        .from(r.clone())
        .inner_join(l.clone(), Expr::col((l.clone(), Alias::new("id"))).equals((r.clone(), Alias::new("laporan_id"))))
        .and_where(Expr::col((r, Alias::new("indikator_id"))).is_in(ids.iter().copied()))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&q).await? {
        out.push((row.try_get("", "indikator_id")?, row.try_get("", "triwulan")?));
    }
    Ok(out)
}

/// Laporan headers of one satker-year, by triwulan.
pub async fn laporan_tahun(
    db: &impl ConnectionTrait,
    satker_id: i64,
    tahun: i32,
) -> Result<Vec<laporan_realisasi::Model>, AppError> {
    Ok(laporan_realisasi::Entity::find()
        .filter(laporan_realisasi::Column::SatkerId.eq(satker_id))
        .filter(laporan_realisasi::Column::Tahun.eq(tahun))
        .order_by_asc(laporan_realisasi::Column::Triwulan)
        .all(db)
        .await?)
}

pub async fn realisasi(db: &impl ConnectionTrait, laporan_ids: &[i64]) -> Result<Vec<realisasi::Model>, AppError> {
    if laporan_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(realisasi::Entity::find()
        .filter(realisasi::Column::LaporanId.is_in(laporan_ids.to_vec()))
        .order_by_asc(realisasi::Column::Id)
        .all(db)
        .await?)
}

pub async fn ganti_realisasi(
    db: &impl ConnectionTrait,
    laporan_id: i64,
    rows: Vec<realisasi::ActiveModel>,
) -> Result<(), AppError> {
    realisasi::Entity::delete_many().filter(realisasi::Column::LaporanId.eq(laporan_id)).exec(db).await?;
    for chunk in rows.chunks(200) {
        realisasi::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    Ok(())
}

pub async fn simpan_realisasi(db: &impl ConnectionTrait, m: realisasi::ActiveModel) -> Result<(), AppError> {
    m.save(db).await?;
    Ok(())
}

pub async fn ganti_temuan(
    db: &impl ConnectionTrait,
    satker_id: i64,
    tahun: i32,
    sumber: &str,
    triwulan: Option<i16>,
    rows: Vec<temuan::ActiveModel>,
) -> Result<(), AppError> {
    let mut del = temuan::Entity::delete_many()
        .filter(temuan::Column::SatkerId.eq(satker_id))
        .filter(temuan::Column::Tahun.eq(tahun))
        .filter(temuan::Column::Sumber.eq(sumber));
    del = match triwulan {
        Some(tw) => del.filter(temuan::Column::Triwulan.eq(tw)),
        None => del.filter(temuan::Column::Triwulan.is_null()),
    };
    del.exec(db).await?;
    for chunk in rows.chunks(200) {
        temuan::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    Ok(())
}

pub async fn temuan(
    db: &impl ConnectionTrait,
    satker_id: i64,
    tahun: i32,
    sumber: &str,
    triwulan: Option<i16>,
) -> Result<Vec<temuan::Model>, AppError> {
    let mut q = temuan::Entity::find()
        .filter(temuan::Column::SatkerId.eq(satker_id))
        .filter(temuan::Column::Tahun.eq(tahun))
        .filter(temuan::Column::Sumber.eq(sumber));
    q = match triwulan {
        Some(tw) => q.filter(temuan::Column::Triwulan.eq(tw)),
        None => q.filter(temuan::Column::Triwulan.is_null()),
    };
    Ok(q.order_by_asc(temuan::Column::Id).all(db).await?)
}

pub async fn baris_anggaran(
    db: &impl ConnectionTrait,
    anggaran_id: i64,
) -> Result<Vec<anggaran_baris::Model>, AppError> {
    Ok(anggaran_baris::Entity::find()
        .filter(anggaran_baris::Column::AnggaranId.eq(anggaran_id))
        .order_by_asc(anggaran_baris::Column::Urutan)
        .all(db)
        .await?)
}

pub async fn bulanan(db: &impl ConnectionTrait, baris_ids: &[i64]) -> Result<Vec<anggaran_bulanan::Model>, AppError> {
    if baris_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(anggaran_bulanan::Entity::find()
        .filter(anggaran_bulanan::Column::BarisId.is_in(baris_ids.to_vec()))
        .order_by_asc(anggaran_bulanan::Column::BarisId)
        .order_by_asc(anggaran_bulanan::Column::Bulan)
        .all(db)
        .await?)
}

/// Replaces the lines of a budget; each line with its monthly realisasi, if given. Lines and
/// months go in a few multi-row statements (not one per line), matched up by `urutan`.
pub async fn ganti_anggaran(
    db: &impl ConnectionTrait,
    anggaran_id: i64,
    rows: Vec<(anggaran_baris::ActiveModel, Option<Vec<i64>>)>,
) -> Result<(), AppError> {
    // Monthly rows go with their lines (foreign key cascade).
    anggaran_baris::Entity::delete_many().filter(anggaran_baris::Column::AnggaranId.eq(anggaran_id)).exec(db).await?;
    let mut months_of: std::collections::HashMap<i32, Vec<i64>> = std::collections::HashMap::new();
    let mut lines = Vec::with_capacity(rows.len());
    for (baris, bulanan) in rows {
        if let (sea_orm::ActiveValue::Set(urutan), Some(months)) = (&baris.urutan, bulanan) {
            months_of.insert(*urutan, months);
        }
        lines.push(baris);
    }
    let mut monthly = Vec::new();
    // 14 columns a line: 400 lines stay far below either database's parameter limit.
    for chunk in lines.chunks(400) {
        for saved in anggaran_baris::Entity::insert_many(chunk.to_vec()).exec_with_returning(db).await? {
            if let Some(months) = months_of.get(&saved.urutan) {
                monthly.extend(months.iter().enumerate().map(|(m, v)| anggaran_bulanan::ActiveModel {
                    baris_id: sea_orm::Set(saved.id),
                    bulan: sea_orm::Set(i16::try_from(m + 1).unwrap_or(12)),
                    realisasi: sea_orm::Set(*v),
                }));
            }
        }
    }
    for chunk in monthly.chunks(3000) {
        anggaran_bulanan::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    Ok(())
}

/// Totals of one budget grouped by a column (`program_kode`, `jenis_belanja`,
/// `sumber_dana`), or overall with `None`: (group, name, pagu, realisasi). Summed by the
/// database, exactly.
pub async fn total_anggaran(
    db: &impl ConnectionTrait,
    anggaran_id: i64,
    by: Option<&'static str>,
) -> Result<Vec<(String, String, i64, i64)>, AppError> {
    let t = Alias::new("anggaran_baris");
    // PostgreSQL sums BIGINT into NUMERIC; cast back so both databases return an exact
    // integer (national totals are ~10^13, far below the BIGINT limit).
    let sum = |c: &str| Expr::cust(format!("CAST(COALESCE(SUM(\"anggaran_baris\".\"{c}\"), 0) AS BIGINT)"));
    let mut q = Query::select();
    q.from(t.clone()).and_where(Expr::col((t.clone(), Alias::new("anggaran_id"))).eq(anggaran_id));
    match by {
        Some(col) => {
            // The name of a program comes with its code; any line's will do.
            let name = if col == "program_kode" { "program_nama" } else { col };
            q.expr_as(Expr::col((t.clone(), Alias::new(col))), Alias::new("grup"))
                .expr_as(Func::max(Expr::col((t.clone(), Alias::new(name)))), Alias::new("nama"))
                .group_by_col((t.clone(), Alias::new(col)))
                .order_by((t.clone(), Alias::new(col)), sea_orm::Order::Asc);
        }
        None => {
            q.expr_as(Expr::val(""), Alias::new("grup")).expr_as(Expr::val(""), Alias::new("nama"));
        }
    }
    q.expr_as(sum("pagu"), Alias::new("pagu")).expr_as(sum("realisasi"), Alias::new("realisasi"));
    let rows = db.query_all(&q).await?;
    let mut out = Vec::new();
    for r in rows {
        out.push((r.try_get("", "grup")?, r.try_get("", "nama")?, r.try_get("", "pagu")?, r.try_get("", "realisasi")?));
    }
    Ok(out)
}
