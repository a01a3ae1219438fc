//! Use cases shared by REST, GraphQL and the CLI: (scope, database, input) → output.

pub mod agregat;
pub mod akses;
pub mod analisis;
pub mod aturan;
pub mod bukti;
pub mod cache;
pub mod dasbor;
pub mod dokumen;
pub mod langganan;
pub mod lkj;
pub mod peringkat;
pub mod periode;
pub mod perubahan;
pub mod riwayat;
pub mod satker;
pub mod token;
