use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "aturan_capaian")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub satker_id: Option<i64>,
    pub batas_capaian_e6: i64,
    pub pita_kategori: Json,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
