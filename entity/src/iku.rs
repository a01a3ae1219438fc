use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "iku")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub satker_id: i64,
    pub tahun: i32,
    pub status: String,
    pub versi: i32,
    pub alasan: Option<String>,
    pub diajukan_pada: Option<DateTimeUtc>,
    pub diputuskan_pada: Option<DateTimeUtc>,
    pub diputuskan_oleh: Option<String>,
    pub demo: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub nomor: Option<String>,
    pub ditetapkan_di: Option<String>,
    /// `YYYY-MM-DD`.
    pub tanggal: Option<String>,
    pub penetap_jabatan: Option<String>,
    pub penetap_nama: Option<String>,
    pub salinan_jabatan: Option<String>,
    pub salinan_unit: Option<String>,
    pub salinan_nama: Option<String>,
    /// JSON lists of text.
    pub menimbang: String,
    pub mengingat: String,
    pub diktum: String,
}

impl ActiveModelBehavior for ActiveModel {}
