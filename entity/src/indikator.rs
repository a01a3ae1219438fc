use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indikator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pk_id: i64,
    pub urutan: i32,
    pub kode: String,
    pub nama: String,
    pub tujuan: Option<String>,
    pub sasaran: Option<String>,
    pub definisi: Option<String>,
    pub satuan: String,
    pub tipe_nilai: String,
    pub polaritas: String,
    pub metode_predikat: Option<String>,
    pub bobot_e6: i64,
    pub target_e6: Option<i64>,
    pub target_atas_e6: Option<i64>,
    pub target_teks: Option<String>,
    pub target_tw1_e6: Option<i64>,
    pub target_tw2_e6: Option<i64>,
    pub target_tw3_e6: Option<i64>,
    pub target_tw4_e6: Option<i64>,
    pub katalog_id: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
