use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "anggaran")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub satker_id: i64,
    pub tahun: i32,
    pub status: String,
    pub versi: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub demo: bool,
}

impl ActiveModelBehavior for ActiveModel {}
