use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub waktu: DateTimeUtc,
    pub pelaku: String,
    pub jenis_pelaku: String,
    pub satker_id: Option<i64>,
    pub aksi: String,
    pub objek: String,
    pub sebelum: Option<Json>,
    pub sesudah: Option<Json>,
    pub request_id: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
