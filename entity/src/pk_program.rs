use sea_orm::entity::prelude::*;

/// A program row of a Perjanjian Kinerja's Lampiran.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pk_program")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pk_id: i64,
    pub urutan: i32,
    pub kode: Option<String>,
    pub nama: Option<String>,
    /// Rupiah; none: the year's budget total of the program.
    pub anggaran: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
