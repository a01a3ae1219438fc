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
    /// Monthly realisasi, January to December: all twelve set, or all NULL.
    pub realisasi_bulan_01: Option<i64>,
    pub realisasi_bulan_02: Option<i64>,
    pub realisasi_bulan_03: Option<i64>,
    pub realisasi_bulan_04: Option<i64>,
    pub realisasi_bulan_05: Option<i64>,
    pub realisasi_bulan_06: Option<i64>,
    pub realisasi_bulan_07: Option<i64>,
    pub realisasi_bulan_08: Option<i64>,
    pub realisasi_bulan_09: Option<i64>,
    pub realisasi_bulan_10: Option<i64>,
    pub realisasi_bulan_11: Option<i64>,
    pub realisasi_bulan_12: Option<i64>,
    /// Evidence it rests on: public ids of `bukti`, comma-separated.
    #[sea_orm(column_type = "Text", nullable)]
    pub bukti: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
