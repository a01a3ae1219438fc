//! The satker's own parts of its Laporan Kinerja as a request body.

use serde::Serialize;
use utoipa::ToSchema;

/// The satker's own parts of its LKj, replacing what is stored: chapters in plain text (a
/// blank line between paragraphs, `- ` at the start of a line for a list item), where and when
/// it is signed, and who signs. A part left out is empty.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NarasiMasuk {
    /// Ikhtisar Eksekutif.
    #[schema(max_length = 30000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub ikhtisar: Option<String>,
    /// Kata Pengantar, signed at its foot.
    #[schema(max_length = 30000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub kata_pengantar: Option<String>,
    /// Bab I Pendahuluan.
    #[schema(max_length = 30000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub pendahuluan: Option<String>,
    /// Bab II Perencanaan Kinerja in the satker's words (Renstra, visi, misi, tujuan,
    /// sasaran); the PK's tables follow it. Left out, the report draws it from the PK.
    #[schema(max_length = 30000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub perencanaan: Option<String>,
    /// Bab IV Penutup.
    #[schema(max_length = 30000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub penutup: Option<String>,
    /// Where it is signed (`Kotabumi`); left out, where the PK was signed.
    #[schema(max_length = 100, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub tempat: Option<String>,
    /// `YYYY-MM-DD`; left out, a blank to fill in by hand.
    #[schema(format = Date)]
    pub tanggal: Option<String>,
    /// Who signs; left out, the PK's pihak pertama.
    #[schema(max_items = 3)]
    pub penandatangan: Option<Vec<PenandatanganMasuk>>,
}

/// An official who signs the report.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PenandatanganMasuk {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*\S[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub jabatan: String,
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*\S[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub nama: String,
    /// 18 digits, optionally grouped as printed: `19790101 200501 1 001`.
    #[schema(pattern = r"^[0-9]{8} ?[0-9]{6} ?[0-9] ?[0-9]{3}$")]
    pub nip: Option<String>,
}
