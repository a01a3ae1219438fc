use sea_orm::entity::prelude::*;

/// A Perjanjian Kinerja's parties, place and date.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pk_rincian")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub pk_id: i64,
    pub pihak_pertama_jabatan: Option<String>,
    pub pihak_pertama_nama: Option<String>,
    pub pihak_kedua_jabatan: Option<String>,
    pub pihak_kedua_nama: Option<String>,
    pub ditetapkan_di: Option<String>,
    /// `YYYY-MM-DD`.
    pub tanggal: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
