//! KPU's indicator catalogue: the Renstra's indicators, defined once per period (`tahun` is the
//! period's first year: 2020 for 2020–2024, 2025 for 2025–2029), so that the provinsi compares
//! satkers on one indicator whatever each calls it.
//!
//! - `katalog`: the header of one owner's catalogue of a period (KPU RI's national one, or a
//!   provinsi's additions for its own subtree), with the status and version every stored
//!   document has.
//! - `katalog_indikator`: its entries. A code is unique within a period across all owners.
//!   `identitas` is what aggregation groups by: the entry's own `tahun:kode`, or the identity
//!   of the entry of an earlier period it succeeds, so year-over-year comparisons survive a
//!   new Renstra. An entry in use is retired (`pensiun`), never deleted.
//! - `indikator.katalog_id`: the catalogue entry a PK indicator reports against, or none (a
//!   satker's own indicator).
//! - `ringkasan_indikator.identitas` and `.katalog`: the group of a summary row, `k:<identity>`
//!   for a catalogue indicator and `l:<satker id>:<kode>` for a local one, which is never
//!   merged with another satker's; indexed for the statistics, which read them by identity.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Satker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Katalog {
    Table,
    Id,
    SatkerId,
    Tahun,
    Status,
    Versi,
    Demo,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum KatalogIndikator {
    Table,
    Id,
    KatalogId,
    Tahun,
    Urutan,
    Kode,
    Identitas,
    Menggantikan,
    Nama,
    Tujuan,
    Sasaran,
    Definisi,
    CaraUkur,
    Satuan,
    TipeNilai,
    Polaritas,
    MetodePredikat,
    Tingkat,
    Pensiun,
}

#[derive(DeriveIden)]
enum Indikator {
    Table,
    KatalogId,
}

#[derive(DeriveIden)]
enum RingkasanIndikator {
    Table,
    Tahun,
    Triwulan,
    SatkerId,
    Identitas,
    Katalog,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use Katalog as K;
        m.create_table(
            Table::create()
                .table(K::Table)
                .col(big_pk_auto(K::Id))
                .col(big_integer(K::SatkerId))
                .col(integer(K::Tahun))
                .col(string(K::Status).default("draf"))
                .col(integer(K::Versi).default(0))
                .col(boolean(K::Demo).default(false))
                .col(timestamp_with_time_zone(K::CreatedAt).default(Expr::current_timestamp()))
                .col(timestamp_with_time_zone(K::UpdatedAt).default(Expr::current_timestamp()))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_katalog_satker")
                        .from(K::Table, K::SatkerId)
                        .to(Satker::Table, Satker::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_katalog_satker_tahun")
                .table(K::Table)
                .col(K::SatkerId)
                .col(K::Tahun)
                .unique()
                .to_owned(),
        )
        .await?;
        use KatalogIndikator as I;
        m.create_table(
            Table::create()
                .table(I::Table)
                .col(big_pk_auto(I::Id))
                .col(big_integer(I::KatalogId))
                .col(integer(I::Tahun))
                .col(integer(I::Urutan))
                .col(string(I::Kode))
                .col(string(I::Identitas))
                .col(string_null(I::Menggantikan))
                .col(text(I::Nama))
                .col(text_null(I::Tujuan))
                .col(text_null(I::Sasaran))
                .col(text_null(I::Definisi))
                .col(text_null(I::CaraUkur))
                .col(string(I::Satuan))
                .col(string(I::TipeNilai))
                .col(string(I::Polaritas))
                .col(string_null(I::MetodePredikat))
                .col(string(I::Tingkat))
                .col(boolean(I::Pensiun).default(false))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_katalog_indikator_katalog")
                        .from(I::Table, I::KatalogId)
                        .to(K::Table, K::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_katalog_indikator_kode")
                .table(I::Table)
                .col(I::Tahun)
                .col(I::Kode)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_katalog_indikator_katalog").table(I::Table).col(I::KatalogId).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Indikator::Table).add_column(big_integer_null(Indikator::KatalogId)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(RingkasanIndikator::Table)
                .add_column(string(RingkasanIndikator::Identitas).default(""))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(RingkasanIndikator::Table)
                .add_column(string_null(RingkasanIndikator::Katalog))
                .to_owned(),
        )
        .await?;
        // The statistics read a triwulan's rows of a year by identity: this index holds all a
        // "who has it" count needs (an index-only scan, as the primary key gave the count by
        // code before), and narrows the others to the triwulan asked.
        m.create_index(
            Index::create()
                .name("ix_ringkasan_indikator_identitas")
                .table(RingkasanIndikator::Table)
                .col(RingkasanIndikator::Tahun)
                .col(RingkasanIndikator::Triwulan)
                .col(RingkasanIndikator::SatkerId)
                .col(RingkasanIndikator::Identitas)
                .col(RingkasanIndikator::Katalog)
                .to_owned(),
        )
        .await?;
        // Every indicator stored so far is its satker's own.
        m.get_connection()
            .execute_unprepared(
                "UPDATE ringkasan_indikator SET identitas = 'l:' || CAST(satker_id AS TEXT) || ':' || LOWER(kode)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop().name("ix_ringkasan_indikator_identitas").table(RingkasanIndikator::Table).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(RingkasanIndikator::Table).drop_column(RingkasanIndikator::Katalog).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(RingkasanIndikator::Table).drop_column(RingkasanIndikator::Identitas).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Indikator::Table).drop_column(Indikator::KatalogId).to_owned()).await?;
        m.drop_table(Table::drop().table(KatalogIndikator::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Katalog::Table).to_owned()).await
    }
}
