//! The change outbox: one row per change a reader could see, written in the same transaction as
//! the change (a refused write, a dry run, an unchanged PUT write none). `xid` is the writing
//! transaction's id on PostgreSQL (0 on SQLite, which has one writer): the feed hands out only
//! rows of transactions older than every one still in flight, in (`xid`, `id`) order, so a
//! cursor never passes a change that commits later. `perubahan_pangkas` keeps the position up
//! to which old rows were removed, so a cursor from before it is told to resynchronise.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Perubahan {
    Table,
    Id,
    Xid,
    Waktu,
    Jenis,
    SatkerId,
    Objek,
    Tahun,
    Triwulan,
    Versi,
    Pelaku,
    RequestId,
}

#[derive(DeriveIden)]
enum PerubahanPangkas {
    Table,
    Id,
    Xid,
    PerubahanId,
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
                .table(Perubahan::Table)
                .col(big_pk_auto(Perubahan::Id))
                .col(big_integer(Perubahan::Xid))
                .col(timestamp_with_time_zone(Perubahan::Waktu))
                .col(string(Perubahan::Jenis))
                .col(big_integer(Perubahan::SatkerId))
                .col(string(Perubahan::Objek))
                .col(integer_null(Perubahan::Tahun))
                .col(string_null(Perubahan::Triwulan))
                .col(integer_null(Perubahan::Versi))
                .col(string_null(Perubahan::Pelaku))
                .col(string_null(Perubahan::RequestId))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_perubahan_satker")
                        .from(Perubahan::Table, Perubahan::SatkerId)
                        .to(Satker::Table, Satker::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_perubahan_posisi")
                .table(Perubahan::Table)
                .col(Perubahan::Xid)
                .col(Perubahan::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_perubahan_satker").table(Perubahan::Table).col(Perubahan::SatkerId).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PerubahanPangkas::Table)
                .col(integer(PerubahanPangkas::Id).primary_key())
                .col(big_integer(PerubahanPangkas::Xid))
                .col(big_integer(PerubahanPangkas::PerubahanId))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PerubahanPangkas::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Perubahan::Table).to_owned()).await
    }
}
