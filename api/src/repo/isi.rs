//! The contents of the submitted documents: indicators, realisasi, budget lines, temuan.
//! Callers name a document by the [`DokumenId`] a scoped header lookup gave them, and a satker by
//! the [`SatkerMilik`] its scope gave them: no raw id reaches these functions.

use entity::{anggaran_baris, indikator, laporan_realisasi, realisasi, temuan};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::SatkerMilik;
use super::dokumen::DokumenId;
use crate::error::AppError;

pub async fn indikator(db: &impl ConnectionTrait, pk: DokumenId) -> Result<Vec<indikator::Model>, AppError> {
    Ok(indikator::Entity::find()
        .filter(indikator::Column::PkId.eq(pk.nilai()))
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

/// Laporan headers of one satker-year, by triwulan, each with the handle of its rows.
pub async fn laporan_tahun(
    db: &impl ConnectionTrait,
    satker: SatkerMilik,
    tahun: i32,
) -> Result<Vec<(DokumenId, laporan_realisasi::Model)>, AppError> {
    Ok(laporan_realisasi::Entity::find()
        .filter(laporan_realisasi::Column::SatkerId.eq(satker.id()))
        .filter(laporan_realisasi::Column::Tahun.eq(tahun))
        .order_by_asc(laporan_realisasi::Column::Triwulan)
        .all(db)
        .await?
        .into_iter()
        .map(|l| (DokumenId::dari(l.id), l))
        .collect())
}

pub async fn realisasi(db: &impl ConnectionTrait, laporan: &[DokumenId]) -> Result<Vec<realisasi::Model>, AppError> {
    if laporan.is_empty() {
        return Ok(Vec::new());
    }
    Ok(realisasi::Entity::find()
        .filter(realisasi::Column::LaporanId.is_in(laporan.iter().map(|l| l.nilai())))
        .order_by_asc(realisasi::Column::Id)
        .all(db)
        .await?)
}

pub async fn ganti_realisasi(
    db: &impl ConnectionTrait,
    laporan: DokumenId,
    rows: Vec<realisasi::ActiveModel>,
) -> Result<(), AppError> {
    realisasi::Entity::delete_many().filter(realisasi::Column::LaporanId.eq(laporan.nilai())).exec(db).await?;
    for chunk in rows.chunks(200) {
        realisasi::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

pub async fn simpan_realisasi(db: &impl ConnectionTrait, m: realisasi::ActiveModel) -> Result<(), AppError> {
    m.save(db).await?;
    Ok(())
}

pub async fn ganti_temuan(
    db: &impl ConnectionTrait,
    satker: SatkerMilik,
    tahun: i32,
    sumber: &str,
    triwulan: Option<i16>,
    rows: Vec<temuan::ActiveModel>,
) -> Result<(), AppError> {
    let mut del = temuan::Entity::delete_many()
        .filter(temuan::Column::SatkerId.eq(satker.id()))
        .filter(temuan::Column::Tahun.eq(tahun))
        .filter(temuan::Column::Sumber.eq(sumber));
    del = match triwulan {
        Some(tw) => del.filter(temuan::Column::Triwulan.eq(tw)),
        None => del.filter(temuan::Column::Triwulan.is_null()),
    };
    del.exec(db).await?;
    for chunk in rows.chunks(200) {
        temuan::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

pub async fn temuan(
    db: &impl ConnectionTrait,
    satker: SatkerMilik,
    tahun: i32,
    sumber: &str,
    triwulan: Option<i16>,
) -> Result<Vec<temuan::Model>, AppError> {
    let mut q = temuan::Entity::find()
        .filter(temuan::Column::SatkerId.eq(satker.id()))
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
    anggaran: DokumenId,
) -> Result<Vec<anggaran_baris::Model>, AppError> {
    Ok(anggaran_baris::Entity::find()
        .filter(anggaran_baris::Column::AnggaranId.eq(anggaran.nilai()))
        .order_by_asc(anggaran_baris::Column::Urutan)
        .all(db)
        .await?)
}

/// A budget line's monthly realisasi columns, January to December.
const KOLOM_BULAN: [anggaran_baris::Column; 12] = {
    use anggaran_baris::Column as C;
    [
        C::RealisasiBulan01,
        C::RealisasiBulan02,
        C::RealisasiBulan03,
        C::RealisasiBulan04,
        C::RealisasiBulan05,
        C::RealisasiBulan06,
        C::RealisasiBulan07,
        C::RealisasiBulan08,
        C::RealisasiBulan09,
        C::RealisasiBulan10,
        C::RealisasiBulan11,
        C::RealisasiBulan12,
    ]
};

/// The other columns a budget line's content is made of (all but its id, budget and position).
const ISI_BARIS: [anggaran_baris::Column; 11] = {
    use anggaran_baris::Column as C;
    [
        C::ProgramKode,
        C::ProgramNama,
        C::KegiatanKode,
        C::KegiatanNama,
        C::Akun,
        C::JenisBelanja,
        C::SumberDana,
        C::Uraian,
        C::Pagu,
        C::Realisasi,
        C::Bukti,
    ]
};

/// A line's twelve monthly realisasi, or `None` when it gives no breakdown.
pub fn bulanan(m: &anggaran_baris::Model) -> Option<Vec<i64>> {
    use sea_orm::ModelTrait;
    KOLOM_BULAN
        .iter()
        .map(|c| match m.get(*c) {
            sea_orm::Value::BigInt(v) => v,
            _ => None,
        })
        .collect()
}

/// Sets a line's twelve monthly columns from `months` (validated to hold twelve), or all NULL.
pub fn set_bulanan(m: &mut anggaran_baris::ActiveModel, months: Option<&[i64]>) -> Result<(), AppError> {
    for (i, c) in KOLOM_BULAN.iter().enumerate() {
        m.try_set(*c, months.and_then(|ms| ms.get(i).copied()).into())?;
    }
    Ok(())
}

/// Writes a budget's lines, given the ids of the stored ones in order. Line `i` overwrites
/// stored line `i` in place, and only if it changed: an UPDATE that touches no indexed column,
/// so PostgreSQL can keep it on its page (a HOT update) instead of adding index entries and
/// dead rows on every save, as deleting and reinserting every line did. Stored lines beyond
/// the new count are deleted; new lines beyond the stored count are inserted. Each of these is
/// one multi-row statement (per 400 lines).
pub async fn simpan_anggaran(
    db: &impl ConnectionTrait,
    lama_ids: &[i64],
    rows: Vec<(anggaran_baris::ActiveModel, bool)>,
) -> Result<(), AppError> {
    let lebih: Vec<i64> = lama_ids.iter().skip(rows.len()).copied().collect();
    if !lebih.is_empty() {
        anggaran_baris::Entity::delete_many().filter(anggaran_baris::Column::Id.is_in(lebih)).exec(db).await?;
    }
    let mut ubah = Vec::new();
    let mut baru = Vec::new();
    for (i, (row, berubah)) in rows.into_iter().enumerate() {
        match lama_ids.get(i) {
            Some(id) if berubah => ubah.push((*id, row)),
            Some(_) => {}
            None => baru.push(row),
        }
    }
    // 24 values a line: 400 lines stay far below either database's parameter limit.
    for chunk in ubah.chunks(400) {
        update_baris(db, chunk).await?;
    }
    for chunk in baru.chunks(400) {
        anggaran_baris::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// `UPDATE … FROM (VALUES …)`: every listed line gets its new content in one statement. Both
/// databases name the columns of a VALUES list column1, column2, ….
async fn update_baris(db: &impl ConnectionTrait, rows: &[(i64, anggaran_baris::ActiveModel)]) -> Result<(), AppError> {
    use sea_orm::{ActiveModelTrait, IdenStatic};
    let kolom = || ISI_BARIS.iter().chain(KOLOM_BULAN.iter());
    let set =
        kolom().enumerate().map(|(k, c)| format!("{} = v.column{}", c.as_str(), k + 2)).collect::<Vec<_>>().join(", ");
    let n = ISI_BARIS.len() + KOLOM_BULAN.len() + 1;
    let tuple = format!("({})", vec!["?"; n].join(", "));
    let sql = format!(
        "UPDATE anggaran_baris SET {set} FROM (VALUES {}) AS v WHERE anggaran_baris.id = v.column1",
        vec![tuple; rows.len()].join(", ")
    );
    let mut values: Vec<sea_orm::Value> = Vec::with_capacity(rows.len() * n);
    for (id, row) in rows {
        values.push((*id).into());
        for c in kolom() {
            let v = row.get(*c).into_value();
            values.push(v.ok_or_else(|| AppError::Internal(format!("kolom {} tidak diisi", c.as_str())))?);
        }
    }
    db.execute_raw(super::sql::stmt(db.get_database_backend(), &sql, values)).await?;
    Ok(())
}

pub use super::agregat::Kelompok;

/// The totals of one budget: overall, and per program, jenis belanja and sumber dana.
#[derive(Debug, Default)]
pub struct TotalAnggaran {
    pub total: (i64, i64),
    pub per_program: Vec<Kelompok>,
    pub per_jenis_belanja: Vec<Kelompok>,
    pub per_sumber_dana: Vec<Kelompok>,
}

/// All totals of one budget in one statement (four GROUP BYs joined by UNION ALL), summed by
/// the database, exactly.
pub async fn total_anggaran(db: &impl ConnectionTrait, anggaran: DokumenId) -> Result<TotalAnggaran, AppError> {
    let sums = super::agregat::JUMLAH_ANGGARAN.as_str();
    // The name of a program comes with its code; any line's will do.
    let by = |dim: &str, col: &str, name: &str| {
        format!(
            "SELECT '{dim}' AS dim, {col} AS grup, MAX({name}) AS nama, {sums} FROM anggaran_baris WHERE anggaran_id = ? GROUP BY {col}"
        )
    };
    let sql = format!(
        "SELECT 'total' AS dim, '' AS grup, '' AS nama, {sums} FROM anggaran_baris WHERE anggaran_id = ?
         UNION ALL {}
         UNION ALL {}
         UNION ALL {}
         ORDER BY dim, grup",
        by("program", "program_kode", "program_nama"),
        by("jenis", "jenis_belanja", "jenis_belanja"),
        by("sumber", "sumber_dana", "sumber_dana"),
    );
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(super::sql::stmt(backend, &sql, vec![anggaran.nilai().into(); 4])).await?;
    let mut out = TotalAnggaran::default();
    for r in rows {
        let dim: String = r.try_get("", "dim")?;
        let k = super::agregat::kelompok(&r)?;
        match dim.as_str() {
            "total" => out.total = (k.2, k.3),
            "program" => out.per_program.push(k),
            "jenis" => out.per_jenis_belanja.push(k),
            _ => out.per_sumber_dana.push(k),
        }
    }
    Ok(out)
}
