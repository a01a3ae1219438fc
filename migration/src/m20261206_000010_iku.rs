//! The IKU decree of a satker-year as a document of its own (seed 000: a Keputusan fixing the
//! Indikator Kinerja Utama): its header carries the workflow and version every document has and
//! the decree's particulars (nomor, where and when it was set, the signing official, the official
//! attesting the copy, the considerations, the legal bases and the diktum); its rows are the
//! Lampiran (tujuan, sasaran strategis, indikator, keterangan), each optionally a catalogue entry.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Satker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Iku {
    Table,
    Id,
    SatkerId,
    Tahun,
    Status,
    Versi,
    Alasan,
    DiajukanPada,
    DiputuskanPada,
    DiputuskanOleh,
    Demo,
    CreatedAt,
    UpdatedAt,
    Nomor,
    DitetapkanDi,
    Tanggal,
    PenetapJabatan,
    PenetapNama,
    SalinanJabatan,
    SalinanUnit,
    SalinanNama,
    Menimbang,
    Mengingat,
    Diktum,
}

#[derive(DeriveIden)]
enum IkuBaris {
    Table,
    Id,
    IkuId,
    Urutan,
    Tujuan,
    Sasaran,
    Indikator,
    Keterangan,
    KatalogId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Iku::Table)
                .col(big_pk_auto(Iku::Id))
                .col(big_integer(Iku::SatkerId))
                .col(integer(Iku::Tahun))
                .col(string(Iku::Status).default("draf"))
                .col(integer(Iku::Versi).default(0))
                .col(text_null(Iku::Alasan))
                .col(timestamp_with_time_zone_null(Iku::DiajukanPada))
                .col(timestamp_with_time_zone_null(Iku::DiputuskanPada))
                .col(string_null(Iku::DiputuskanOleh))
                .col(boolean(Iku::Demo).default(false))
                .col(timestamp_with_time_zone(Iku::CreatedAt).default(Expr::current_timestamp()))
                .col(timestamp_with_time_zone(Iku::UpdatedAt).default(Expr::current_timestamp()))
                .col(string_null(Iku::Nomor))
                .col(string_null(Iku::DitetapkanDi))
                .col(string_null(Iku::Tanggal))
                .col(text_null(Iku::PenetapJabatan))
                .col(text_null(Iku::PenetapNama))
                .col(text_null(Iku::SalinanJabatan))
                .col(text_null(Iku::SalinanUnit))
                .col(text_null(Iku::SalinanNama))
                .col(text(Iku::Menimbang).default("[]"))
                .col(text(Iku::Mengingat).default("[]"))
                .col(text(Iku::Diktum).default("[]"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_iku_satker")
                        .from(Iku::Table, Iku::SatkerId)
                        .to(Satker::Table, Satker::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_iku_satker_tahun")
                .table(Iku::Table)
                .col(Iku::SatkerId)
                .col(Iku::Tahun)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(IkuBaris::Table)
                .col(big_pk_auto(IkuBaris::Id))
                .col(big_integer(IkuBaris::IkuId))
                .col(integer(IkuBaris::Urutan))
                .col(text(IkuBaris::Tujuan))
                .col(text(IkuBaris::Sasaran))
                .col(text(IkuBaris::Indikator))
                .col(text_null(IkuBaris::Keterangan))
                .col(big_integer_null(IkuBaris::KatalogId))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_iku_baris_iku")
                        .from(IkuBaris::Table, IkuBaris::IkuId)
                        .to(Iku::Table, Iku::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_iku_baris_iku").table(IkuBaris::Table).col(IkuBaris::IkuId).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(IkuBaris::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Iku::Table).to_owned()).await
    }
}
