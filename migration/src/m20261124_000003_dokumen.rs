//! What the submission endpoints need beyond the first schema: documents marked as demo
//! data, the capaian a report wrote as typed (it may not be a number: "1 Satker"), and the
//! source document of each temuan so a write replaces exactly its own findings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PerjanjianKinerja {
    Table,
    Demo,
}

#[derive(DeriveIden)]
enum LaporanRealisasi {
    Table,
    Demo,
}

#[derive(DeriveIden)]
enum Anggaran {
    Table,
    Demo,
}

#[derive(DeriveIden)]
enum Realisasi {
    Table,
    CapaianDilaporkan,
}

#[derive(DeriveIden)]
enum Temuan {
    Table,
    Sumber,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(PerjanjianKinerja::Table)
                .add_column(boolean(PerjanjianKinerja::Demo).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(LaporanRealisasi::Table)
                .add_column(boolean(LaporanRealisasi::Demo).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Anggaran::Table).add_column(boolean(Anggaran::Demo).default(false)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Realisasi::Table).add_column(string_null(Realisasi::CapaianDilaporkan)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Temuan::Table).add_column(string(Temuan::Sumber).default("realisasi")).to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Temuan::Table).drop_column(Temuan::Sumber).to_owned()).await?;
        m.alter_table(Table::alter().table(Realisasi::Table).drop_column(Realisasi::CapaianDilaporkan).to_owned())
            .await?;
        m.alter_table(Table::alter().table(Anggaran::Table).drop_column(Anggaran::Demo).to_owned()).await?;
        m.alter_table(Table::alter().table(LaporanRealisasi::Table).drop_column(LaporanRealisasi::Demo).to_owned())
            .await?;
        m.alter_table(Table::alter().table(PerjanjianKinerja::Table).drop_column(PerjanjianKinerja::Demo).to_owned())
            .await?;
        Ok(())
    }
}
