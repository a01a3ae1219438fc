//! The satker's own words in its Laporan Kinerja: the chapters the data cannot write
//! (Ikhtisar Eksekutif, Bab I Pendahuluan, Bab IV Penutup), one row per satker-year, versioned
//! like the documents so that two editors cannot overwrite each other.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NarasiLkj {
    Table,
    Id,
    SatkerId,
    Tahun,
    Versi,
    Ikhtisar,
    Pendahuluan,
    Penutup,
    UpdatedAt,
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
                .table(NarasiLkj::Table)
                .col(big_pk_auto(NarasiLkj::Id))
                .col(big_integer(NarasiLkj::SatkerId))
                .col(integer(NarasiLkj::Tahun))
                .col(integer(NarasiLkj::Versi))
                .col(text_null(NarasiLkj::Ikhtisar))
                .col(text_null(NarasiLkj::Pendahuluan))
                .col(text_null(NarasiLkj::Penutup))
                .col(timestamp_with_time_zone(NarasiLkj::UpdatedAt))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_narasi_lkj_satker")
                        .from(NarasiLkj::Table, NarasiLkj::SatkerId)
                        .to(Satker::Table, Satker::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_narasi_lkj")
                .table(NarasiLkj::Table)
                .col(NarasiLkj::SatkerId)
                .col(NarasiLkj::Tahun)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(NarasiLkj::Table).to_owned()).await
    }
}
