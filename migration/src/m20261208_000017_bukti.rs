//! Bukti dukung as files. `berkas` is stored content, once per SHA-256 (the object's key is
//! derived from it); `bukti` is one upload by a satker: its name, who uploaded it, and whether a
//! document rests on it yet (`dilampirkan_pada`; unattached uploads are removed after a day).
//! A realisasi indicator lists the evidence it rests on (`realisasi.bukti`, public ids,
//! comma-separated), beside the free-text `bukti_dukung` it always had.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Berkas {
    Table,
    Sha256,
    Ukuran,
    Media,
    Dibuat,
}

#[derive(DeriveIden)]
enum Bukti {
    Table,
    Id,
    Kode,
    SatkerId,
    Sha256,
    Nama,
    Ukuran,
    Media,
    Pengunggah,
    Dibuat,
    DilampirkanPada,
}

#[derive(DeriveIden)]
enum Satker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Realisasi {
    Table,
    Bukti,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Berkas::Table)
                .col(string_len(Berkas::Sha256, 64).primary_key())
                .col(big_integer(Berkas::Ukuran))
                .col(string(Berkas::Media))
                .col(timestamp_with_time_zone(Berkas::Dibuat))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Bukti::Table)
                .col(big_pk_auto(Bukti::Id))
                .col(string(Bukti::Kode).unique_key())
                .col(big_integer(Bukti::SatkerId))
                .col(string_len(Bukti::Sha256, 64))
                .col(string(Bukti::Nama))
                .col(big_integer(Bukti::Ukuran))
                .col(string(Bukti::Media))
                .col(string(Bukti::Pengunggah))
                .col(timestamp_with_time_zone(Bukti::Dibuat))
                .col(timestamp_with_time_zone_null(Bukti::DilampirkanPada))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_bukti_satker")
                        .from(Bukti::Table, Bukti::SatkerId)
                        .to(Satker::Table, Satker::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_bukti_berkas")
                        .from(Bukti::Table, Bukti::Sha256)
                        .to(Berkas::Table, Berkas::Sha256)
                        .take(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_bukti_satker").table(Bukti::Table).col(Bukti::SatkerId).to_owned())
            .await?;
        m.create_index(Index::create().name("ix_bukti_sha256").table(Bukti::Table).col(Bukti::Sha256).to_owned())
            .await?;
        m.alter_table(Table::alter().table(Realisasi::Table).add_column(text_null(Realisasi::Bukti)).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Realisasi::Table).drop_column(Realisasi::Bukti).to_owned()).await?;
        m.drop_table(Table::drop().table(Bukti::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Berkas::Table).to_owned()).await
    }
}
