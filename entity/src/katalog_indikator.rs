use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "katalog_indikator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub katalog_id: i64,
    /// The first year of the Renstra period.
    pub tahun: i32,
    pub urutan: i32,
    pub kode: String,
    pub identitas: String,
    pub menggantikan: Option<String>,
    pub nama: String,
    pub tujuan: Option<String>,
    pub sasaran: Option<String>,
    pub definisi: Option<String>,
    pub cara_ukur: Option<String>,
    pub satuan: String,
    pub tipe_nilai: String,
    pub polaritas: String,
    pub metode_predikat: Option<String>,
    /// Comma-separated: `ri,provinsi,kabupaten_kota`.
    pub tingkat: String,
    pub pensiun: bool,
}

impl ActiveModelBehavior for ActiveModel {}
