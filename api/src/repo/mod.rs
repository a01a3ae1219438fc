//! The only code that queries entities. Every function takes a [`Scope`], so a query that
//! ignores tenancy cannot be written without visibly asking for `Scope::sistem()`.

pub mod agregat;
pub mod akses;
pub mod aturan;
pub mod audit;
pub mod dokumen;
pub mod gagal;
pub mod iku;
pub mod isi;
pub mod katalog;
pub mod narasi;
pub mod perjanjian;
pub mod perubahan;
pub mod ringkasan;
pub mod satker;
mod scope;
mod sql;

pub use scope::{SatkerMilik, Scope};
