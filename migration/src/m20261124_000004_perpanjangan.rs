//! Reopening a closed period for one satker: after the deadline only a verifikator can let a
//! satker submit again, until a date, with a reason.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Perpanjangan {
    Table,
    Id,
    SatkerId,
    Tahun,
    Jenis,
    Triwulan,
    Sampai,
    Alasan,
    Oleh,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Satker {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Perpanjangan::Table)
                .col(big_pk_auto(Perpanjangan::Id))
                .col(big_integer(Perpanjangan::SatkerId))
                .col(integer(Perpanjangan::Tahun))
                .col(string(Perpanjangan::Jenis))
                .col(small_integer(Perpanjangan::Triwulan).default(0))
                .col(timestamp_with_time_zone(Perpanjangan::Sampai))
                .col(text(Perpanjangan::Alasan))
                .col(string(Perpanjangan::Oleh))
                .col(timestamp_with_time_zone(Perpanjangan::CreatedAt).default(Expr::current_timestamp()))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_perpanjangan_satker")
                        .from(Perpanjangan::Table, Perpanjangan::SatkerId)
                        .to(Satker::Table, Satker::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_perpanjangan")
                .table(Perpanjangan::Table)
                .col(Perpanjangan::SatkerId)
                .col(Perpanjangan::Tahun)
                .col(Perpanjangan::Jenis)
                .col(Perpanjangan::Triwulan)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Perpanjangan::Table).to_owned()).await
    }
}
