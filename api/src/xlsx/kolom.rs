//! How a document sheet is described once, for the writer that lays it out and the reader
//! that finds it again: its columns (header, width, the JSON field each fills and how), the
//! sheet's name and the array its rows fill, and the labels of the header block above it.

/// One column of a document sheet: its header, width, and the JSON field it fills
/// (`target`, `target_triwulan[0]`), or none for a computed or shown-only column.
#[derive(Clone, Copy)]
pub struct Kolom {
    pub kepala: &'static str,
    pub lebar: f64,
    pub medan: Option<&'static str>,
    pub jenis: Jenis,
    /// A column added after workbooks were already handed out: a workbook without it is read
    /// as if it were empty.
    pub baru: bool,
}

/// How a cell becomes JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Jenis {
    /// Text: a number cell becomes its plain decimal text (`52`, `521211`).
    Teks,
    /// A value: a number cell becomes a JSON number, text stays text (`"87,5"`, `"B"`).
    Nilai,
    /// A code offered with its name (`52 Belanja Barang`): the code, the text before the first
    /// space, is what is read.
    Kode,
    /// Not read.
    Dihitung,
}

impl Kolom {
    pub const fn teks(kepala: &'static str, lebar: f64, medan: &'static str) -> Self {
        Self { kepala, lebar, medan: Some(medan), jenis: Jenis::Teks, baru: false }
    }
    /// A text column that workbooks handed out before it existed do not have.
    pub const fn teks_baru(kepala: &'static str, lebar: f64, medan: &'static str) -> Self {
        Self { kepala, lebar, medan: Some(medan), jenis: Jenis::Teks, baru: true }
    }
    pub const fn nilai(kepala: &'static str, lebar: f64, medan: &'static str) -> Self {
        Self { kepala, lebar, medan: Some(medan), jenis: Jenis::Nilai, baru: false }
    }
    pub const fn kode(kepala: &'static str, lebar: f64, medan: &'static str) -> Self {
        Self { kepala, lebar, medan: Some(medan), jenis: Jenis::Kode, baru: false }
    }
    pub const fn dihitung(kepala: &'static str, lebar: f64) -> Self {
        Self { kepala, lebar, medan: None, jenis: Jenis::Dihitung, baru: false }
    }
}

/// The sheet of one document.
pub struct Spek {
    pub lembar: &'static str,
    /// The JSON array the rows fill: `indikator`, `baris`.
    pub wadah: &'static str,
    pub kolom: &'static [Kolom],
    /// The most rows the JSON API accepts.
    pub maks: usize,
    /// Fields that identify a row without reporting anything (a realisasi row's `kode`): a row
    /// with only these filled is left out.
    pub kunci: &'static [&'static str],
    /// Arrays whose blank cells count as 0 once any of them is filled (the months).
    pub nol: &'static [&'static str],
}

/// Labels of the header block above the table.
pub(crate) const LABEL_SATKER: &str = "Satker";
pub(crate) const LABEL_TAHUN: &str = "Tahun";
pub(crate) const LABEL_TRIWULAN: &str = "Triwulan";
pub(crate) const LABEL_VERSI: &str = "Versi dokumen (jangan diubah)";
/// The version cell of a workbook downloaded when no document was stored.
pub(crate) const VERSI_BARU: &str = "belum ada (dokumen baru)";
