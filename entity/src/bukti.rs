use sea_orm::entity::prelude::*;

/// One evidence file uploaded by a satker.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bukti")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub kode: String,
    pub satker_id: i64,
    pub sha256: String,
    pub nama: String,
    pub ukuran: i64,
    pub media: String,
    pub pengunggah: String,
    pub dibuat: DateTimeUtc,
    pub dilampirkan_pada: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
