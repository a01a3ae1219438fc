//! The request bodies as the API reads them, for the OpenAPI document. The three documents are
//! parsed by `domain::dokumen`, which reports every problem with its field path; these types
//! state the same contract for integrators and for tools that generate requests from it (a
//! test sends the seed 001 documents, and the schema must accept what the service accepts).

use std::borrow::Cow;

use serde::Serialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use crate::domain::capaian::{MetodePredikat, Polaritas};
use crate::domain::kode::{JenisBelanja, SumberDana};
use crate::domain::nilai::TipeNilai;

mod narasi;
mod rencana;

pub use narasi::*;
pub use rencana::*;

/// A schema written as JSON Schema: for the few shapes no derive states exactly.
pub(super) fn schema(v: serde_json::Value) -> RefOr<Schema> {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}: {v}"))
}

/// One line of text without control characters (tab and newline are not allowed either).
pub const SATU_BARIS: &str = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$";

/// A value as a JSON number or as text: `87,5`, `87.5`, `B`, `BB (70,65)`, `WTP`. How the
/// text is read depends on the indicator (`tipe_nilai`, `satuan`).
pub struct Nilai;

impl PartialSchema for Nilai {
    fn schema() -> RefOr<Schema> {
        schema(serde_json::json!({
            "description": "Angka JSON, atau teks: angka format Indonesia (\"87,5\", \"1.234\"), predikat (\"BB (70,65)\") atau opini BPK (\"WTP\")",
            "oneOf": [
                { "type": "number", "minimum": 0, "maximum": 9_000_000_000_000_u64 },
                { "type": "string", "minLength": 1, "pattern": SATU_BARIS }
            ]
        }))
    }
}

impl ToSchema for Nilai {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Nilai")
    }
}

/// Whole rupiah, at most Rp100 triliun: a JSON integer or text (`"77.452.486.000"`).
pub struct Rupiah;

impl PartialSchema for Rupiah {
    fn schema() -> RefOr<Schema> {
        schema(serde_json::json!({
            "description": "Rupiah: bilangan bulat 0–100.000.000.000.000, angka JSON atau teks (\"77.452.486.000\", \"Rp77.452.486.000\")",
            "oneOf": [
                { "type": "integer", "minimum": 0, "maximum": crate::domain::dokumen::MAKS_RUPIAH },
                { "type": "string", "pattern": r"^(Rp\.? ?)?[0-9]{1,3}(\.[0-9]{3}){0,4}(,00)?(,-)?$" }
            ]
        }))
    }
}

impl ToSchema for Rupiah {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Rupiah")
    }
}

/// One indicator of a Perjanjian Kinerja as sent.
#[derive(Serialize, ToSchema)]
pub struct IndikatorMasuk {
    /// Unique within the PK, case aside.
    #[schema(
        min_length = 1,
        max_length = 32,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub kode: String,
    /// The catalogue indicator it reports against (`GET /api/v1/katalog/{periode}`): nama,
    /// satuan, tipe_nilai, polaritas and metode_predikat are then inherited (omit them, or
    /// give the same), definisi, tujuan and sasaran default to the catalogue's. Without it the
    /// indicator is the satker's own, and nama and satuan are required.
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub katalog: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 1000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub nama: Option<String>,
    #[schema(max_length = 1000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub tujuan: Option<String>,
    #[schema(max_length = 1000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub sasaran: Option<String>,
    #[schema(max_length = 4000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub definisi: Option<String>,
    /// `persen`, `laporan`, `kali`, `orang`, `dokumen`, `satker`, `indeks`, `predikat`, …
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub satuan: Option<String>,
    /// Default: `persen` for the unit `persen`, else `angka`.
    pub tipe_nilai: Option<TipeNilai>,
    /// Default: `maksimal`.
    pub polaritas: Option<Polaritas>,
    /// Required for grades.
    pub metode_predikat: Option<MetodePredikat>,
    /// Weight in the satker's mean, more than 0 and at most 1000, three decimals. Default 1.
    #[schema(value_type = Option<Nilai>)]
    pub bobot: Option<serde_json::Value>,
    #[schema(value_type = Nilai)]
    pub target: serde_json::Value,
    /// Upper bound of a target range (`polaritas: rentang`).
    #[schema(value_type = Option<Nilai>)]
    pub target_atas: Option<serde_json::Value>,
    /// TW1–TW4 targets (numbers, percentages and indices only).
    #[schema(value_type = Option<Vec<Option<Nilai>>>, min_items = 4, max_items = 4)]
    pub target_triwulan: Option<serde_json::Value>,
}

/// A program (or kegiatan) row of the PK's Lampiran.
#[derive(Serialize, ToSchema)]
pub struct ProgramPkMasuk {
    /// The budget's program code (`076.01.WA`): an anggaran left out is its total in the year's
    /// budget. Required unless `nama` is given.
    #[schema(max_length = 32, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub kode: Option<String>,
    #[schema(max_length = 1000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub nama: Option<String>,
    /// Rupiah, a whole number.
    #[schema(value_type = Option<Rupiah>)]
    pub anggaran: Option<serde_json::Value>,
}

/// A Perjanjian Kinerja: the whole list of indicators, replacing what is stored, and the
/// agreement's own particulars. A particular left out keeps what is stored (a script or
/// workbook that sends only indicators never erases the signatories); `null` clears it.
#[derive(Serialize, ToSchema)]
pub struct PkMasuk {
    #[schema(min_items = 1, max_items = 500)]
    pub indikator: Vec<IndikatorMasuk>,
    /// Pihak pertama (default position: the satker's Sekretaris).
    pub pihak_pertama: Option<PejabatMasuk>,
    /// Pihak kedua, "selaku atasan" (default position: the satker's Ketua).
    pub pihak_kedua: Option<PejabatMasuk>,
    /// Where it is signed.
    #[schema(max_length = 100, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub ditetapkan_di: Option<String>,
    /// When it is signed, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub tanggal: Option<String>,
    /// The programs of the Lampiran; none: every program of the year's budget with its total.
    #[schema(max_items = 100)]
    pub program: Option<Vec<ProgramPkMasuk>>,
}

/// One indicator's realisasi (cumulative to the triwulan).
#[derive(Serialize, ToSchema)]
pub struct RealisasiIndikatorMasuk {
    /// The kode of an indicator of the year's PK.
    #[schema(
        min_length = 1,
        max_length = 32,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub kode: String,
    #[schema(value_type = Nilai)]
    pub realisasi: serde_json::Value,
    #[schema(max_length = 10000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub catatan: Option<String>,
    #[schema(max_length = 2000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub bukti_dukung: Option<String>,
    /// The capaian the satker itself computed, kept to compare with the computed one.
    #[schema(value_type = Option<Nilai>)]
    pub capaian_dilaporkan: Option<serde_json::Value>,
}

/// A triwulan's realisasi; indicators not reported yet are left out.
#[derive(Serialize, ToSchema)]
pub struct RealisasiMasukDokumen {
    #[schema(max_items = 500)]
    pub indikator: Vec<RealisasiIndikatorMasuk>,
}

/// One budget line.
#[derive(Serialize, ToSchema)]
pub struct BarisMasuk {
    /// RKA-K/L program code.
    #[schema(pattern = r"^[0-9]{3}\.[0-9]{2}\.[A-Z]{2}$", example = "076.01.WA")]
    pub program_kode: String,
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub program_nama: String,
    #[schema(max_length = 32, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")]
    pub kegiatan_kode: Option<String>,
    #[schema(max_length = 500, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub kegiatan_nama: Option<String>,
    /// Six digits; the first two are the jenis belanja.
    #[schema(pattern = r"^[0-9]{6}$")]
    pub akun: Option<String>,
    pub jenis_belanja: JenisBelanja,
    /// Default APBN.
    pub sumber_dana: Option<SumberDana>,
    #[schema(max_length = 2000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub uraian: Option<String>,
    #[schema(value_type = Rupiah)]
    pub pagu: serde_json::Value,
    #[schema(value_type = Rupiah)]
    pub realisasi: serde_json::Value,
    /// January–December; they must add up to `realisasi`.
    #[schema(value_type = Option<Vec<Rupiah>>, min_items = 12, max_items = 12)]
    pub realisasi_bulanan: Option<serde_json::Value>,
}

/// A year's budget: every line, replacing what is stored.
#[derive(Serialize, ToSchema)]
pub struct AnggaranMasuk {
    #[schema(max_items = 5000)]
    pub baris: Vec<BarisMasuk>,
}

/// A workflow step; `alasan` is required to return a document.
#[derive(Serialize, ToSchema)]
pub struct LangkahMasuk {
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub alasan: Option<String>,
}

/// A period's deadline; null removes it.
#[derive(Serialize, ToSchema)]
pub struct TenggatMasuk {
    pub tenggat: Option<chrono::DateTime<chrono::Utc>>,
}

/// Reopening a closed period for one satker.
#[derive(Serialize, ToSchema)]
pub struct PembukaanMasuk {
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )]
    pub alasan: String,
    /// Default: seven days from now.
    pub sampai: Option<chrono::DateTime<chrono::Utc>>,
}

/// One kategori band: from `dari` (inclusive) to `sampai` (exclusive); the last has none.
#[derive(Serialize, ToSchema)]
pub struct PitaMasuk {
    #[schema(value_type = Nilai)]
    pub dari: serde_json::Value,
    #[schema(value_type = Option<Nilai>)]
    pub sampai: Option<serde_json::Value>,
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub nama: String,
}

/// The capaian rules a provinsi or KPU RI sets for its subtree.
#[derive(Serialize, ToSchema)]
pub struct AturanMasuk {
    /// 100–1000; default 120.
    #[schema(value_type = Option<Nilai>)]
    pub batas_capaian: Option<serde_json::Value>,
    /// Half-open bands covering 0 to infinity; default the LKj's four.
    pub pita_kategori: Option<Vec<PitaMasuk>>,
}

/// A GraphQL request (GraphQL over HTTP).
#[derive(Serialize, ToSchema)]
pub struct GraphQlMasuk {
    #[schema(min_length = 1)]
    pub query: String,
    #[schema(value_type = Option<Object>)]
    pub variables: Option<serde_json::Value>,
    #[serde(rename = "operationName")]
    pub operation_name: Option<String>,
}

/// A token request (RFC 6749): `client_credentials` with the client's id and secret (or HTTP
/// Basic), or `password` with a username and password. One object, not a `oneOf` of the two:
/// a generated client then has one model to fill, and the grant's own fields are checked by
/// the service (400 `invalid_request` names what is missing).
pub struct TokenMasuk;

impl PartialSchema for TokenMasuk {
    fn schema() -> RefOr<Schema> {
        let teks = serde_json::json!({ "type": "string", "minLength": 1, "maxLength": 1024, "pattern": SATU_BARIS });
        schema(serde_json::json!({
            "type": "object",
            "description": "client_credentials: client_id dan client_secret (atau HTTP Basic); password: username dan password",
            "required": ["grant_type"],
            "properties": {
                "grant_type": { "type": "string", "enum": ["client_credentials", "password"] },
                "client_id": teks, "client_secret": teks, "username": teks, "password": teks
            }
        }))
    }
}

impl ToSchema for TokenMasuk {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("TokenMasuk")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_schemas_are_read_whole() {
        for (name, s) in [("Nilai", Nilai::schema()), ("Rupiah", Rupiah::schema())] {
            let v = serde_json::to_value(&s).unwrap();
            assert_eq!(v["oneOf"].as_array().map(Vec::len), Some(2), "{name}: {v}");
        }
        let token = serde_json::to_value(TokenMasuk::schema()).unwrap();
        assert_eq!(token["properties"]["grant_type"]["enum"], serde_json::json!(["client_credentials", "password"]));
        assert!(token.get("oneOf").is_none(), "one model for a generated client: {token}");
    }
}
