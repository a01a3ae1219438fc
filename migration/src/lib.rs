pub use sea_orm_migration::prelude::*;

mod m20261124_000001_skema;
mod m20261124_000002_registri_satker;
mod m20261124_000003_dokumen;
mod m20261124_000004_perpanjangan;
mod m20261124_000005_bulanan_kolom;
mod m20261125_000006_ringkasan;
mod m20261126_000007_narasi_lkj;
mod m20261204_000008_gagal_token;
mod m20261206_000009_katalog;
mod m20261206_000010_iku;
mod m20261207_000011_pk_rincian;
mod m20261207_000012_bulan_pagu;
mod m20261207_000013_narasi_pengesahan;
mod m20261207_000014_perubahan;
mod m20261207_000015_perubahan_waktu;
mod m20261208_000016_langganan;
mod m20261208_000017_bukti;
mod m20261208_000018_bukti_anggaran;

/// The migration that creates the summary rows; the service fills them right after it runs.
pub const RINGKASAN: &str = "m20261125_000006_ringkasan";

/// The migrations after which the service rebuilds the summary rows: the one that creates them,
/// and those that give them columns of their own to fill.
pub const RINGKASAN_BANGUN: [&str; 2] = [RINGKASAN, "m20261207_000012_bulan_pagu"];

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_skema::Migration),
            Box::new(m20261124_000002_registri_satker::Migration),
            Box::new(m20261124_000003_dokumen::Migration),
            Box::new(m20261124_000004_perpanjangan::Migration),
            Box::new(m20261124_000005_bulanan_kolom::Migration),
            Box::new(m20261125_000006_ringkasan::Migration),
            Box::new(m20261126_000007_narasi_lkj::Migration),
            Box::new(m20261204_000008_gagal_token::Migration),
            Box::new(m20261206_000009_katalog::Migration),
            Box::new(m20261206_000010_iku::Migration),
            Box::new(m20261207_000011_pk_rincian::Migration),
            Box::new(m20261207_000012_bulan_pagu::Migration),
            Box::new(m20261207_000013_narasi_pengesahan::Migration),
            Box::new(m20261207_000014_perubahan::Migration),
            Box::new(m20261207_000015_perubahan_waktu::Migration),
            Box::new(m20261208_000016_langganan::Migration),
            Box::new(m20261208_000017_bukti::Migration),
            Box::new(m20261208_000018_bukti_anggaran::Migration),
        ]
    }
}
