//! One integration binary: the real application over HTTP, on SQLite by default and on
//! PostgreSQL when TEST_DATABASE_URL names a server.

mod aturan;
mod auth;
mod bukti;
mod buku;
mod cli;
mod dasbor;
mod dokumen;
mod fault;
mod graphql;
mod hardening;
mod helpers;
mod idp;
mod iku;
mod katalog;
mod langganan;
mod lkj;
mod migrations;
mod openapi;
mod ops;
mod pengerasan;
mod periode;
mod perjanjian;
mod perubahan;
mod registry;
mod rekap;
mod replika;
mod ringkasan;
mod sinkron;
mod tenancy;
