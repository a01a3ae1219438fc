//! Pure domain rules: no IO, no database, no HTTP.

pub mod akses;
