//! The monthly absorption curve's denominator: `ringkasan_bulan` also sums the pagu of the
//! budget lines that give a monthly breakdown (`pagu_t`, `pagu_s`, split like every sum), so a
//! satker whose budget has no breakdown no longer weighs on the curve with its pagu alone. The
//! service rebuilds the summary rows right after this migration runs, as after the one that
//! created them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RingkasanBulan {
    Table,
    PaguT,
    PaguS,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for kolom in [RingkasanBulan::PaguT, RingkasanBulan::PaguS] {
            m.alter_table(
                Table::alter().table(RingkasanBulan::Table).add_column(big_integer(kolom).default(0)).to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for kolom in [RingkasanBulan::PaguT, RingkasanBulan::PaguS] {
            m.alter_table(Table::alter().table(RingkasanBulan::Table).drop_column(kolom).to_owned()).await?;
        }
        Ok(())
    }
}
