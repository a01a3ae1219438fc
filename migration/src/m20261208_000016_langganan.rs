//! Webhook subscriptions and their parked deliveries.
//!
//! A subscription follows the change outbox with its own cursor (`posisi_xid`, `posisi_id`:
//! every change up to there is delivered, parked or not its business). One instance at a time
//! holds it (`pemegang` until `pegang_sampai`, claimed with `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL), so its changes go out in order, and a holder that dies lets go when the lease
//! runs out. The change at the head that keeps failing is retried on a schedule
//! (`percobaan`, `gagal_pertama`, `coba_lagi_pada`) and then parked in `kiriman` with the body
//! it was sent with, where the client lists and redelivers it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Langganan {
    Table,
    Id,
    Kode,
    PemilikJenis,
    Pemilik,
    SatkerId,
    Url,
    Jenis,
    Keterangan,
    Status,
    Alasan,
    Rahasia,
    RahasiaLama,
    RahasiaLamaSampai,
    PosisiXid,
    PosisiId,
    Percobaan,
    GagalPertama,
    CobaLagiPada,
    Pemegang,
    PegangSampai,
    TerakhirWaktu,
    TerakhirKode,
    TerakhirGalat,
    Dibuat,
    Diubah,
}

#[derive(DeriveIden)]
enum Kiriman {
    Table,
    Id,
    LanggananId,
    WebhookId,
    Jenis,
    PerubahanXid,
    PerubahanId,
    Isi,
    Status,
    Percobaan,
    Kode,
    Galat,
    Cuplikan,
    Dibuat,
    Diubah,
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
                .table(Langganan::Table)
                .col(big_pk_auto(Langganan::Id))
                .col(string(Langganan::Kode).unique_key())
                .col(string(Langganan::PemilikJenis))
                .col(string(Langganan::Pemilik))
                .col(big_integer(Langganan::SatkerId))
                .col(text(Langganan::Url))
                .col(string(Langganan::Jenis))
                .col(string_null(Langganan::Keterangan))
                .col(string(Langganan::Status))
                .col(string_null(Langganan::Alasan))
                .col(string(Langganan::Rahasia))
                .col(string_null(Langganan::RahasiaLama))
                .col(timestamp_with_time_zone_null(Langganan::RahasiaLamaSampai))
                .col(big_integer(Langganan::PosisiXid))
                .col(big_integer(Langganan::PosisiId))
                .col(integer(Langganan::Percobaan))
                .col(timestamp_with_time_zone_null(Langganan::GagalPertama))
                .col(timestamp_with_time_zone_null(Langganan::CobaLagiPada))
                .col(string_null(Langganan::Pemegang))
                .col(timestamp_with_time_zone_null(Langganan::PegangSampai))
                .col(timestamp_with_time_zone_null(Langganan::TerakhirWaktu))
                .col(integer_null(Langganan::TerakhirKode))
                .col(string_null(Langganan::TerakhirGalat))
                .col(timestamp_with_time_zone(Langganan::Dibuat))
                .col(timestamp_with_time_zone(Langganan::Diubah))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_langganan_satker")
                        .from(Langganan::Table, Langganan::SatkerId)
                        .to(Satker::Table, Satker::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_langganan_pemilik")
                .table(Langganan::Table)
                .col(Langganan::PemilikJenis)
                .col(Langganan::Pemilik)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Kiriman::Table)
                .col(big_pk_auto(Kiriman::Id))
                .col(big_integer(Kiriman::LanggananId))
                .col(string(Kiriman::WebhookId))
                .col(string(Kiriman::Jenis))
                .col(big_integer(Kiriman::PerubahanXid))
                .col(big_integer(Kiriman::PerubahanId))
                .col(text(Kiriman::Isi))
                .col(string(Kiriman::Status))
                .col(integer(Kiriman::Percobaan))
                .col(integer_null(Kiriman::Kode))
                .col(string_null(Kiriman::Galat))
                .col(string_null(Kiriman::Cuplikan))
                .col(timestamp_with_time_zone(Kiriman::Dibuat))
                .col(timestamp_with_time_zone(Kiriman::Diubah))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_kiriman_langganan")
                        .from(Kiriman::Table, Kiriman::LanggananId)
                        .to(Langganan::Table, Langganan::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_kiriman_langganan")
                .table(Kiriman::Table)
                .col(Kiriman::LanggananId)
                .col(Kiriman::Status)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Kiriman::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Langganan::Table).to_owned()).await
    }
}
