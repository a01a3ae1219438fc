//! sea-orm entities: the database's shape, nothing more. API and GraphQL types live in `api`.
//! Columns ending in `_e6` hold exact decimals as fixed-point integers at scale 10^6.

pub mod anggaran;
pub mod anggaran_baris;
pub mod aturan_capaian;
pub mod audit_log;
pub mod berkas;
pub mod bukti;
pub mod iku;
pub mod iku_baris;
pub mod indikator;
pub mod katalog_indikator;
pub mod kiriman;
pub mod klien_api;
pub mod langganan;
pub mod laporan_realisasi;
pub mod narasi_lkj;
pub mod pengguna;
pub mod periode;
pub mod perjanjian_kinerja;
pub mod perpanjangan;
pub mod pk_program;
pub mod pk_rincian;
pub mod realisasi;
pub mod satker;
pub mod temuan;
