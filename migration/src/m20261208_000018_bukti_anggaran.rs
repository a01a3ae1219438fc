//! A budget line lists the evidence it rests on (the SPM, the SP2D, the kuitansi): public ids of
//! `bukti`, comma-separated, as a realisasi row does.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AnggaranBaris {
    Table,
    Bukti,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(AnggaranBaris::Table).add_column(text_null(AnggaranBaris::Bukti)).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(AnggaranBaris::Table).drop_column(AnggaranBaris::Bukti).to_owned()).await
    }
}
