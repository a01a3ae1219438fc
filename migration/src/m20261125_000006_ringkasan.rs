//! Summary rows kept in the write transaction: what the provinsi and national totals and the
//! analyst views read, so that no read path scans realisasi or budget lines.
//!
//! - `ringkasan_satker`: one row per satker-year with any document: how many indicators its PK
//!   has, its latest reported triwulan, and its Σ pagu and Σ realisasi.
//! - `ringkasan_triwulan`: one row per triwulan report: status and submission time, and the
//!   capaian sums (Σ capped capaian × bobot, Σ bobot, how many indicators reported).
//! - `ringkasan_indikator`: the PK's indicators (triwulan 0) and each reported capaian, by kode.
//! - `ringkasan_anggaran`: Σ pagu and Σ realisasi by program, jenis belanja and sumber dana.
//! - `ringkasan_bulan`: Σ monthly realisasi (`b01` … `b12`) of the lines that give a monthly
//!   breakdown, one row per satker-year that has such lines.
//!
//! Every key starts with `tahun`: reads ask for a year across a subtree, writes for one
//! satker-year; both find their rows by the key.
//!
//! Every sum of rupiah or of fixed-point capaian is kept as two halves, `x_t = Σ(v / 10^9)` and
//! `x_s = Σ(v % 10^9)`, so that summing them again over a subtree stays exact and inside BIGINT
//! on both databases, whatever rows were stored before today's bounds.
//!
//! The rows are filled from the documents already stored right after this migration runs (the
//! service's own rebuild, `kinerja ringkasan bangun`), so existing data is carried over.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Satker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RingkasanSatker {
    Table,
    SatkerId,
    Tahun,
    Diharapkan,
    TriwulanTerakhir,
    PaguT,
    PaguS,
    RealisasiT,
    RealisasiS,
}

#[derive(DeriveIden)]
enum RingkasanTriwulan {
    Table,
    SatkerId,
    Tahun,
    Triwulan,
    Status,
    DiajukanPada,
    Dilaporkan,
    CbT,
    CbS,
    B,
}

#[derive(DeriveIden)]
enum RingkasanIndikator {
    Table,
    SatkerId,
    Tahun,
    Triwulan,
    Kode,
    Nama,
    CapaianE6,
    CapaianTerbatasE6,
    Kategori,
}

#[derive(DeriveIden)]
enum RingkasanAnggaran {
    Table,
    SatkerId,
    Tahun,
    Dimensi,
    Grup,
    Nama,
    PaguT,
    PaguS,
    RealisasiT,
    RealisasiS,
}

#[derive(DeriveIden)]
enum RingkasanBulan {
    Table,
    SatkerId,
    Tahun,
}

fn ke_satker(name: &str, table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(Satker::Table, Satker::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use RingkasanSatker as Y;
        m.create_table(
            Table::create()
                .table(Y::Table)
                .col(big_integer(Y::SatkerId))
                .col(integer(Y::Tahun))
                .col(big_integer(Y::Diharapkan).default(0))
                .col(small_integer_null(Y::TriwulanTerakhir))
                .col(big_integer(Y::PaguT).default(0))
                .col(big_integer(Y::PaguS).default(0))
                .col(big_integer(Y::RealisasiT).default(0))
                .col(big_integer(Y::RealisasiS).default(0))
                .primary_key(Index::create().col(Y::Tahun).col(Y::SatkerId))
                .foreign_key(&mut ke_satker("fk_ringkasan_satker_satker", Y::Table, Y::SatkerId))
                .to_owned(),
        )
        .await?;
        use RingkasanTriwulan as T;
        m.create_table(
            Table::create()
                .table(T::Table)
                .col(big_integer(T::SatkerId))
                .col(integer(T::Tahun))
                .col(small_integer(T::Triwulan))
                .col(string(T::Status))
                .col(timestamp_with_time_zone_null(T::DiajukanPada))
                .col(big_integer(T::Dilaporkan))
                .col(big_integer(T::CbT))
                .col(big_integer(T::CbS))
                .col(big_integer(T::B))
                .primary_key(Index::create().col(T::Tahun).col(T::SatkerId).col(T::Triwulan))
                .foreign_key(&mut ke_satker("fk_ringkasan_triwulan_satker", T::Table, T::SatkerId))
                .to_owned(),
        )
        .await?;
        use RingkasanIndikator as I;
        m.create_table(
            Table::create()
                .table(I::Table)
                .col(big_integer(I::SatkerId))
                .col(integer(I::Tahun))
                .col(small_integer(I::Triwulan))
                .col(string(I::Kode))
                .col(string(I::Nama))
                .col(big_integer_null(I::CapaianE6))
                .col(big_integer_null(I::CapaianTerbatasE6))
                .col(string_null(I::Kategori))
                .primary_key(Index::create().col(I::Tahun).col(I::SatkerId).col(I::Triwulan).col(I::Kode))
                .foreign_key(&mut ke_satker("fk_ringkasan_indikator_satker", I::Table, I::SatkerId))
                .to_owned(),
        )
        .await?;
        use RingkasanAnggaran as A;
        m.create_table(
            Table::create()
                .table(A::Table)
                .col(big_integer(A::SatkerId))
                .col(integer(A::Tahun))
                .col(string(A::Dimensi))
                .col(string(A::Grup))
                .col(string(A::Nama))
                .col(big_integer(A::PaguT))
                .col(big_integer(A::PaguS))
                .col(big_integer(A::RealisasiT))
                .col(big_integer(A::RealisasiS))
                .primary_key(Index::create().col(A::Tahun).col(A::SatkerId).col(A::Dimensi).col(A::Grup))
                .foreign_key(&mut ke_satker("fk_ringkasan_anggaran_satker", A::Table, A::SatkerId))
                .to_owned(),
        )
        .await?;
        use RingkasanBulan as B;
        let mut bulan = Table::create();
        bulan.table(B::Table).col(big_integer(B::SatkerId)).col(integer(B::Tahun));
        for m in 1..=12 {
            for half in ["t", "s"] {
                bulan.col(big_integer(Alias::new(format!("b{m:02}_{half}"))));
            }
        }
        m.create_table(
            bulan
                .primary_key(Index::create().col(B::Tahun).col(B::SatkerId))
                .foreign_key(&mut ke_satker("fk_ringkasan_bulan_satker", B::Table, B::SatkerId))
                .to_owned(),
        )
        .await?;
        // Totals find a subtree's satkers by the prefix of their path; on PostgreSQL a LIKE
        // prefix uses an index only with the pattern operator class (the database's collation
        // is not C). SQLite reads the 553 rows of the registry directly.
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared("CREATE INDEX idx_satker_jalur_pola ON satker (jalur text_pattern_ops)")
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            m.get_connection().execute_unprepared("DROP INDEX IF EXISTS idx_satker_jalur_pola").await?;
        }
        for t in [
            RingkasanBulan::Table.into_iden(),
            RingkasanAnggaran::Table.into_iden(),
            RingkasanIndikator::Table.into_iden(),
            RingkasanTriwulan::Table.into_iden(),
            RingkasanSatker::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
