use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "anggaran_baris")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub anggaran_id: i64,
    pub urutan: i32,
    pub program_kode: String,
    pub program_nama: String,
    pub kegiatan_kode: Option<String>,
    pub kegiatan_nama: Option<String>,
    pub akun: Option<String>,
    pub jenis_belanja: String,
    pub sumber_dana: String,
    pub uraian: Option<String>,
    pub pagu: i64,
    pub realisasi: i64,
}

impl ActiveModelBehavior for ActiveModel {}
