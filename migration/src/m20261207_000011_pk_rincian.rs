//! The Perjanjian Kinerja's own particulars, beside its indicators: the two parties (pihak
//! pertama, the Sekretaris; pihak kedua, the Ketua "selaku atasan"), where and when it was
//! signed (`pk_rincian`, one row per PK, absent until given), and the program rows of its
//! Lampiran with their anggaran (`pk_program`; an anggaran left out is the year's budget total
//! of that program when one is stored).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PerjanjianKinerja {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PkRincian {
    Table,
    PkId,
    PihakPertamaJabatan,
    PihakPertamaNama,
    PihakKeduaJabatan,
    PihakKeduaNama,
    DitetapkanDi,
    Tanggal,
}

#[derive(DeriveIden)]
enum PkProgram {
    Table,
    Id,
    PkId,
    Urutan,
    Kode,
    Nama,
    Anggaran,
}

fn ke_pk(nama: &str, tabel: impl IntoIden, kolom: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(nama)
        .from(tabel, kolom)
        .to(PerjanjianKinerja::Table, PerjanjianKinerja::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PkRincian::Table)
                .col(big_integer(PkRincian::PkId).primary_key())
                .col(text_null(PkRincian::PihakPertamaJabatan))
                .col(text_null(PkRincian::PihakPertamaNama))
                .col(text_null(PkRincian::PihakKeduaJabatan))
                .col(text_null(PkRincian::PihakKeduaNama))
                .col(string_null(PkRincian::DitetapkanDi))
                .col(string_null(PkRincian::Tanggal))
                .foreign_key(&mut ke_pk("fk_pk_rincian_pk", PkRincian::Table, PkRincian::PkId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PkProgram::Table)
                .col(big_pk_auto(PkProgram::Id))
                .col(big_integer(PkProgram::PkId))
                .col(integer(PkProgram::Urutan))
                .col(string_null(PkProgram::Kode))
                .col(text_null(PkProgram::Nama))
                .col(big_integer_null(PkProgram::Anggaran))
                .foreign_key(&mut ke_pk("fk_pk_program_pk", PkProgram::Table, PkProgram::PkId))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_pk_program_pk").table(PkProgram::Table).col(PkProgram::PkId).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PkProgram::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(PkRincian::Table).to_owned()).await
    }
}
