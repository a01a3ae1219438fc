//! The only code that queries entities. Every function takes a [`Scope`], so a query that
//! ignores tenancy cannot be written without visibly asking for `Scope::sistem()`.

pub mod agregat;
pub mod akses;
pub mod aturan;
pub mod audit;
pub mod bukti;
pub mod dokumen;
pub mod gagal;
pub mod iku;
pub mod isi;
pub mod katalog;
pub mod langganan;
pub mod narasi;
pub mod perjanjian;
pub mod perubahan;
pub mod ringkasan;
pub mod satker;
mod scope;
mod sql;

pub use scope::{SatkerMilik, Scope};

/// The text a date column holds (`2024-01-19`): the decree's, the PK's and the LKj's dates are
/// stored so on both databases.
const FORMAT_TANGGAL: &str = "%Y-%m-%d";

/// A calendar date as its column stores it.
pub fn tanggal_ke_kolom(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format(FORMAT_TANGGAL).to_string())
}

/// A date column read back; text that is no date reads as none.
pub fn tanggal_dari_kolom(s: Option<&str>) -> Option<chrono::NaiveDate> {
    s.and_then(|t| chrono::NaiveDate::parse_from_str(t, FORMAT_TANGGAL).ok())
}
