//! The satker's own parts of its Laporan Kinerja, as sent: the chapters the data cannot write,
//! plain text with a small Markdown subset (a blank line between paragraphs, `- ` at the start
//! of a line for a list item), and what makes it a signed document: where and when, and who
//! signs. A PUT replaces them all; a part left out (or `null`) is empty.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::iku::tanggal;
use super::{Cek, FieldError};

/// The most characters of one chapter: about ten pages.
pub const MAKS_BAB: usize = 30_000;

/// The most officials who sign one report.
pub const MAKS_PENANDATANGAN: usize = 3;

/// An official who signs the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Penandatangan {
    pub jabatan: String,
    pub nama: String,
    /// Nomor Induk Pegawai: 18 digits, as printed under the name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nip: Option<String>,
}

/// The satker's own parts of its LKj.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Narasi {
    pub ikhtisar: Option<String>,
    pub kata_pengantar: Option<String>,
    pub pendahuluan: Option<String>,
    /// Bab II's own words: the Renstra, visi, misi, tujuan and sasaran.
    pub perencanaan: Option<String>,
    pub penutup: Option<String>,
    /// Where it is signed (`Kotabumi`).
    pub tempat: Option<String>,
    pub tanggal: Option<NaiveDate>,
    pub penandatangan: Vec<Penandatangan>,
}

/// The chapters, as named in the body.
pub const BAB: [&str; 5] = ["ikhtisar", "kata_pengantar", "pendahuluan", "perencanaan", "penutup"];
/// Every part the body may hold.
pub const BAGIAN: [&str; 8] =
    ["ikhtisar", "kata_pengantar", "pendahuluan", "perencanaan", "penutup", "tempat", "tanggal", "penandatangan"];

/// A NIP's 18 digits, from the digits alone or grouped as printed (`19790101 200501 1 001`).
fn nip_baku(s: &str) -> Option<String> {
    let mut angka = String::with_capacity(18);
    for (i, bagian) in s.split(' ').enumerate() {
        // A space may only stand after the birth date, the appointment month, the sex digit.
        if i > 0 && ![8, 14, 15].contains(&angka.len()) {
            return None;
        }
        if bagian.is_empty() || !bagian.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        angka.push_str(bagian);
    }
    (angka.len() == 18).then_some(angka)
}

/// The signing officials: at most [`MAKS_PENANDATANGAN`], each with a position and a name.
fn penandatangan(cek: &mut Cek, v: Option<&Value>) -> Vec<Penandatangan> {
    let daftar = match v {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(a)) if a.len() > MAKS_PENANDATANGAN => {
            cek.err("penandatangan", format!("paling banyak {MAKS_PENANDATANGAN} pejabat"));
            return Vec::new();
        }
        Some(Value::Array(a)) => a,
        Some(_) => {
            cek.err("penandatangan", "harus daftar pejabat ({jabatan, nama, nip})");
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (i, p) in daftar.iter().enumerate() {
        let path = format!("penandatangan[{i}]");
        let Some(o) = p.as_object() else {
            cek.err(&path, "harus objek {jabatan, nama, nip}");
            continue;
        };
        for k in o.keys().filter(|k| !["jabatan", "nama", "nip"].contains(&k.as_str())) {
            cek.err(&format!("{path}.{k}"), "bukan bagian penandatangan; yang ada: jabatan, nama, nip");
        }
        let jabatan = cek.text(o, &path, "jabatan", true, 300);
        let nama = cek.text(o, &path, "nama", true, 200);
        let nip = cek.text(o, &path, "nip", false, 40).and_then(|n| {
            if let Some(angka) = nip_baku(&n) {
                Some(angka)
            } else {
                cek.err(&format!("{path}.nip"), "NIP harus 18 angka, mis. 197901012005011001");
                None
            }
        });
        if let (Some(jabatan), Some(nama)) = (jabatan, nama) {
            out.push(Penandatangan { jabatan, nama, nip });
        }
    }
    out
}

pub fn parse_narasi(body: &Value) -> Result<Narasi, Vec<FieldError>> {
    let Some(obj) = body.as_object() else { return Err(vec![FieldError::new("body", "harus objek JSON")]) };
    let mut errors = Vec::new();
    for k in obj.keys().filter(|k| !BAGIAN.contains(&k.as_str())) {
        errors.push(FieldError::new(k.clone(), format!("bukan bagian narasi; yang ada: {}", BAGIAN.join(", "))));
    }
    let mut bab = |nama: &str| -> Option<String> {
        match obj.get(nama) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) if s.chars().count() > MAKS_BAB => {
                errors.push(FieldError::new(nama, format!("paling banyak {MAKS_BAB} karakter")));
                None
            }
            Some(Value::String(s)) => match crate::domain::teks::periksa(nama, s, true) {
                Ok(()) => Some(s.trim().replace("\r\n", "\n")),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            Some(_) => {
                errors.push(FieldError::new(nama, "harus teks"));
                None
            }
        }
    };
    let (ikhtisar, kata_pengantar, pendahuluan) = (bab("ikhtisar"), bab("kata_pengantar"), bab("pendahuluan"));
    let (perencanaan, penutup) = (bab("perencanaan"), bab("penutup"));
    let mut cek = Cek { errors };
    let n = Narasi {
        ikhtisar,
        kata_pengantar,
        pendahuluan,
        perencanaan,
        penutup,
        tempat: cek.text(obj, "", "tempat", false, 100),
        tanggal: tanggal(&mut cek, obj),
        penandatangan: penandatangan(&mut cek, obj.get("penandatangan")),
    };
    if cek.errors.is_empty() { Ok(n) } else { Err(cek.errors) }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn chapters_are_text_and_nothing_else() {
        let n =
            parse_narasi(&json!({"pendahuluan": "  Latar belakang.\r\n\r\n- satu\r\n- dua  ", "penutup": ""})).unwrap();
        assert_eq!(n.pendahuluan.as_deref(), Some("Latar belakang.\n\n- satu\n- dua"));
        assert_eq!(n.penutup, None);
        let e = parse_narasi(&json!({"bab_v": "x", "ikhtisar": 3, "penutup": "a\u{0}b"})).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["bab_v", "ikhtisar", "penutup"]);
        let panjang = "x".repeat(MAKS_BAB + 1);
        assert_eq!(parse_narasi(&json!({ "kata_pengantar": panjang })).unwrap_err()[0].field, "kata_pengantar");
        assert_eq!(parse_narasi(&json!({ "ikhtisar": panjang })).unwrap_err()[0].field, "ikhtisar");
    }

    #[test]
    fn the_signing_parts_are_checked_by_field() {
        let n = parse_narasi(&json!({
            "tempat": " Kotabumi ",
            "tanggal": "2025-01-31",
            "penandatangan": [{"jabatan": "Sekretaris KPU Kabupaten Lampung Utara", "nama": "Horizen", "nip": "19790101 200501 1 001"}],
        }))
        .unwrap();
        assert_eq!(n.tempat.as_deref(), Some("Kotabumi"));
        assert_eq!(n.tanggal, NaiveDate::from_ymd_opt(2025, 1, 31));
        assert_eq!(n.penandatangan[0].nip.as_deref(), Some("197901012005011001"));
        let e = parse_narasi(&json!({
            "tanggal": "31 Januari 2025",
            "penandatangan": [{"jabatan": "Ketua"}, {"jabatan": "x", "nama": "y", "nip": "12", "pangkat": "IV/a"}, 3],
        }))
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "tanggal",
                "penandatangan[0].nama",
                "penandatangan[1].pangkat",
                "penandatangan[1].nip",
                "penandatangan[2]"
            ]
        );
        assert_eq!(nip_baku("197901012005011001").as_deref(), Some("197901012005011001"));
        assert_eq!(nip_baku("19790101 200501 1 001").as_deref(), Some("197901012005011001"));
        for salah in ["1979 0101200501 1001", "19790101  200501 1 001", "19790101200501100", "1979010120050110010"] {
            assert_eq!(nip_baku(salah), None, "{salah}");
        }
        let empat = json!({"penandatangan": [{}, {}, {}, {}]});
        assert_eq!(parse_narasi(&empat).unwrap_err()[0].field, "penandatangan");
    }
}
