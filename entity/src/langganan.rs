use sea_orm::entity::prelude::*;

/// A webhook subscription: who owns it, where it sends, what it follows, how far it is.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "langganan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub kode: String,
    pub pemilik_jenis: String,
    pub pemilik: String,
    pub satker_id: i64,
    #[sea_orm(column_type = "Text")]
    pub url: String,
    pub jenis: String,
    pub keterangan: Option<String>,
    pub status: String,
    pub alasan: Option<String>,
    pub rahasia: String,
    pub rahasia_lama: Option<String>,
    pub rahasia_lama_sampai: Option<DateTimeUtc>,
    pub posisi_xid: i64,
    pub posisi_id: i64,
    pub percobaan: i32,
    pub gagal_pertama: Option<DateTimeUtc>,
    pub coba_lagi_pada: Option<DateTimeUtc>,
    pub pemegang: Option<String>,
    pub pegang_sampai: Option<DateTimeUtc>,
    pub terakhir_waktu: Option<DateTimeUtc>,
    pub terakhir_kode: Option<i32>,
    pub terakhir_galat: Option<String>,
    pub dibuat: DateTimeUtc,
    pub diubah: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
