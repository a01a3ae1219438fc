use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "perpanjangan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub satker_id: i64,
    pub tahun: i32,
    pub jenis: String,
    pub triwulan: i16,
    pub sampai: DateTimeUtc,
    pub alasan: String,
    pub oleh: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
