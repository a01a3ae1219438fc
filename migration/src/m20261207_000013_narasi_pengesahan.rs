//! What makes an LKj a document someone signs: the Kata Pengantar and Bab II's own words beside
//! the chapters already stored, where and when it is signed, and the signing officials (a JSON
//! list of `{jabatan, nama, nip}`, at most three, checked by the service before it is stored).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum NarasiLkj {
    Table,
    KataPengantar,
    Perencanaan,
    Tempat,
    Tanggal,
    Penandatangan,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for kolom in [NarasiLkj::KataPengantar, NarasiLkj::Perencanaan, NarasiLkj::Tempat, NarasiLkj::Penandatangan] {
            m.alter_table(Table::alter().table(NarasiLkj::Table).add_column(text_null(kolom)).to_owned()).await?;
        }
        // `YYYY-MM-DD`, as the PK's and the IKU's dates are stored.
        m.alter_table(Table::alter().table(NarasiLkj::Table).add_column(string_null(NarasiLkj::Tanggal)).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for kolom in [
            NarasiLkj::KataPengantar,
            NarasiLkj::Perencanaan,
            NarasiLkj::Tempat,
            NarasiLkj::Tanggal,
            NarasiLkj::Penandatangan,
        ] {
            m.alter_table(Table::alter().table(NarasiLkj::Table).drop_column(kolom).to_owned()).await?;
        }
        Ok(())
    }
}
