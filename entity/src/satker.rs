use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "satker")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub kode_wilayah: String,
    pub kode_satker: Option<String>,
    pub kode_bps: Option<String>,
    pub nama: String,
    pub nama_wilayah: String,
    pub tingkat: String,
    pub induk_id: Option<i64>,
    /// Materialised path of kode_wilayah from KPU RI down, `00/18/18.03`: a subtree is one
    /// indexed prefix match.
    pub jalur: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
