//! Pure domain rules: no IO, no database, no HTTP.

pub mod akses;
pub mod angka;
pub mod capaian;
pub mod kategori;
pub mod nilai;
pub mod ringkasan;
pub mod temuan;

#[cfg(test)]
mod seed001;
