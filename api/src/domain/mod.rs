//! Pure domain rules: no IO, no database, no HTTP.

pub mod akses;
pub mod angka;
pub mod bukti;
pub mod capaian;
pub mod dokumen;
pub mod kategori;
pub mod kode;
pub mod konsistensi;
pub mod nilai;
pub mod ringkasan;
pub mod teks;
pub mod temuan;
pub mod webhook;

#[cfg(test)]
mod seed001;

/// One invalid field or row: `field` is a path such as `baris[3].pagu`; `sel` is the cell of
/// an uploaded workbook it was read from (`Anggaran!I12`), when the document came as one.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub pesan: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sel: Option<String>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, pesan: impl Into<String>) -> Self {
        Self { field: field.into(), pesan: pesan.into(), sel: None }
    }
}
