//! The change outbox by time: the hourly pruning looks for the last change older than the
//! retention, and the metrics for the oldest change kept; both read by `waktu`, which without
//! this index would scan every change kept.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Perubahan {
    Table,
    Waktu,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create().name("ix_perubahan_waktu").table(Perubahan::Table).col(Perubahan::Waktu).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_perubahan_waktu").table(Perubahan::Table).to_owned()).await
    }
}
