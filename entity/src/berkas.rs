use sea_orm::entity::prelude::*;

/// Stored content, once per SHA-256.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "berkas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    pub ukuran: i64,
    pub media: String,
    pub dibuat: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
