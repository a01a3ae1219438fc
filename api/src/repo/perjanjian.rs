//! The Perjanjian Kinerja's particulars (parties, place, date) and its Lampiran's program rows.
//! Callers name a PK by the [`DokumenId`] a scoped header lookup gave them.

use entity::{pk_program, pk_rincian};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::dokumen::DokumenId;
use crate::domain::dokumen::iku::Pejabat;
use crate::domain::dokumen::perjanjian::{ProgramPk, RincianPk};
use crate::error::AppError;

/// The particulars of the PK `id`; all empty when none were ever given.
pub async fn baca(db: &impl ConnectionTrait, id: DokumenId) -> Result<RincianPk, AppError> {
    let m = pk_rincian::Entity::find_by_id(id.nilai()).one(db).await?;
    let program = pk_program::Entity::find()
        .filter(pk_program::Column::PkId.eq(id.nilai()))
        .order_by_asc(pk_program::Column::Urutan)
        .all(db)
        .await?
        .into_iter()
        .map(|p| ProgramPk { kode: p.kode, nama: p.nama, anggaran: p.anggaran })
        .collect();
    let Some(m) = m else { return Ok(RincianPk { program, ..Default::default() }) };
    Ok(RincianPk {
        pihak_pertama: Pejabat { jabatan: m.pihak_pertama_jabatan, nama: m.pihak_pertama_nama },
        pihak_kedua: Pejabat { jabatan: m.pihak_kedua_jabatan, nama: m.pihak_kedua_nama },
        ditetapkan_di: m.ditetapkan_di,
        tanggal: super::tanggal_dari_kolom(m.tanggal.as_deref()),
        program,
    })
}

/// Replaces the particulars and program rows of the PK `id`.
pub async fn simpan(db: &impl ConnectionTrait, id: DokumenId, r: &RincianPk) -> Result<(), AppError> {
    pk_rincian::Entity::delete_by_id(id.nilai()).exec(db).await?;
    pk_program::Entity::delete_many().filter(pk_program::Column::PkId.eq(id.nilai())).exec(db).await?;
    pk_rincian::ActiveModel {
        pk_id: Set(id.nilai()),
        pihak_pertama_jabatan: Set(r.pihak_pertama.jabatan.clone()),
        pihak_pertama_nama: Set(r.pihak_pertama.nama.clone()),
        pihak_kedua_jabatan: Set(r.pihak_kedua.jabatan.clone()),
        pihak_kedua_nama: Set(r.pihak_kedua.nama.clone()),
        ditetapkan_di: Set(r.ditetapkan_di.clone()),
        tanggal: Set(super::tanggal_ke_kolom(r.tanggal)),
    }
    .insert(db)
    .await?;
    for (i, p) in r.program.iter().enumerate() {
        pk_program::ActiveModel {
            pk_id: Set(id.nilai()),
            urutan: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            kode: Set(p.kode.clone()),
            nama: Set(p.nama.clone()),
            anggaran: Set(p.anggaran),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
