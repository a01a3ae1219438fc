use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "periode")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tahun: i32,
    pub jenis: String,
    pub triwulan: i16,
    pub tenggat: Option<DateTimeUtc>,
    pub ditutup: bool,
    pub alasan_tutup: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
