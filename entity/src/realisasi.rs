use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "realisasi")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub laporan_id: i64,
    pub indikator_id: i64,
    pub nilai_e6: Option<i64>,
    pub nilai_teks: Option<String>,
    pub capaian_e6: Option<i64>,
    pub capaian_terbatas_e6: Option<i64>,
    pub kategori: Option<String>,
    pub capaian_dilaporkan_e6: Option<i64>,
    pub catatan: Option<String>,
    pub bukti_dukung: Option<String>,
    pub capaian_dilaporkan: Option<String>,
    /// Evidence it rests on: public ids of `bukti`, comma-separated.
    #[sea_orm(column_type = "Text", nullable)]
    pub bukti: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
