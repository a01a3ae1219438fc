use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "iku_baris")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub iku_id: i64,
    pub urutan: i32,
    pub tujuan: String,
    pub sasaran: String,
    pub indikator: String,
    pub keterangan: Option<String>,
    pub katalog_id: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
