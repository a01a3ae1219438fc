//! Failed token requests counted in the database, not in each instance's memory: the limits
//! (per credential from one address, per address) then hold across any number of instances.
//! One row per key: how many failures since the window began.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GagalToken {
    Table,
    Kunci,
    Jumlah,
    Mulai,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(GagalToken::Table)
                .col(string_len(GagalToken::Kunci, 240).primary_key())
                .col(integer(GagalToken::Jumlah))
                .col(timestamp_with_time_zone(GagalToken::Mulai))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_gagal_token_mulai").table(GagalToken::Table).col(GagalToken::Mulai).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(GagalToken::Table).to_owned()).await
    }
}
