use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "narasi_lkj")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub satker_id: i64,
    pub tahun: i32,
    pub versi: i32,
    pub ikhtisar: Option<String>,
    pub pendahuluan: Option<String>,
    pub penutup: Option<String>,
    pub kata_pengantar: Option<String>,
    pub perencanaan: Option<String>,
    pub tempat: Option<String>,
    /// `YYYY-MM-DD`.
    pub tanggal: Option<String>,
    /// The signing officials as JSON: `[{"jabatan", "nama", "nip"}]`.
    pub penandatangan: Option<String>,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
