use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "anggaran_bulanan")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub baris_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub bulan: i16,
    pub realisasi: i64,
}

impl ActiveModelBehavior for ActiveModel {}
