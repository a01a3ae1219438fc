use sea_orm::entity::prelude::*;

/// A delivery that ran out of retries (parked) or was asked to go again (antre), with the body
/// it was sent with.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kiriman")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub langganan_id: i64,
    pub webhook_id: String,
    pub jenis: String,
    pub perubahan_xid: i64,
    pub perubahan_id: i64,
    #[sea_orm(column_type = "Text")]
    pub isi: String,
    pub status: String,
    pub percobaan: i32,
    pub kode: Option<i32>,
    pub galat: Option<String>,
    pub cuplikan: Option<String>,
    pub dibuat: DateTimeUtc,
    pub diubah: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
