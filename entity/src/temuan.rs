use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "temuan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub satker_id: i64,
    pub tahun: i32,
    pub triwulan: Option<i16>,
    pub indikator_id: Option<i64>,
    pub kode: String,
    pub pesan: String,
    pub created_at: DateTimeUtc,
    pub sumber: String,
}

impl ActiveModelBehavior for ActiveModel {}
