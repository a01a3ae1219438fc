//! Text people send: control characters are refused before anything is stored. PostgreSQL
//! cannot store a NUL in text at all, and SQLite would store it silently, so both databases
//! get the same answer: 422 with the exact field. Tab and newline are text; every other
//! control character (C0, DEL, C1) is not.

use serde_json::Value;

use super::FieldError;

/// The first control character of `s`, if any; tab, newline and carriage return are allowed
/// where `baris_banyak` (text of several lines: notes, definitions), refused otherwise.
pub fn karakter_kontrol(s: &str, baris_banyak: bool) -> Option<char> {
    s.chars().find(|c| c.is_control() && !(baris_banyak && matches!(c, '\t' | '\n' | '\r')))
}

/// The message for a refused character, naming it by code point (it cannot be shown).
pub fn pesan(c: char) -> String {
    format!("memuat karakter kontrol U+{:04X}; hapus karakter itu (hanya tab dan baris baru yang boleh)", u32::from(c))
}

/// Checks one field: one line, or, with `baris_banyak`, text of several lines.
pub fn periksa(field: &str, s: &str, baris_banyak: bool) -> Result<(), FieldError> {
    match karakter_kontrol(s, baris_banyak) {
        Some(c) => Err(FieldError::new(field, pesan(c))),
        None => Ok(()),
    }
}

/// Checks one field of a single line.
pub fn satu_baris(field: &str, s: &str) -> Result<(), FieldError> {
    periksa(field, s, false)
}

/// The most characters of a caller's text repeated in a message about it.
pub const KUTIP_MAKS: usize = 40;

/// A caller's text as a message repeats it: at most [`KUTIP_MAKS`] characters, control
/// characters shown as `?`, and `…` where it was cut. A 100 KB `kode` is not echoed whole.
pub fn kutip(s: &str) -> String {
    let mut out: String = s.chars().take(KUTIP_MAKS).map(|c| if c.is_control() { '?' } else { c }).collect();
    if s.chars().nth(KUTIP_MAKS).is_some() {
        out.push('…');
    }
    out
}

/// Every string (and every key) of a JSON body, with its path: `indikator[2].catatan`.
pub fn periksa_json(v: &Value) -> Vec<FieldError> {
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

fn walk(v: &Value, path: &str, out: &mut Vec<FieldError>) {
    match v {
        Value::String(s) => {
            if let Err(e) = periksa(if path.is_empty() { "body" } else { path }, s, true) {
                out.push(e);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                if let Err(e) = periksa(if path.is_empty() { "body" } else { path }, k, false) {
                    out.push(e);
                    continue;
                }
                walk(x, &p, out);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quoted_text_is_short_and_printable() {
        assert_eq!(kutip("18.03"), "18.03");
        let panjang = kutip(&"x".repeat(100_000));
        assert_eq!(panjang.chars().count(), KUTIP_MAKS + 1);
        assert!(panjang.ends_with('…'));
        assert_eq!(kutip("a\r\nb"), "a??b");
    }

    #[test]
    fn control_characters_are_found_with_their_path() {
        let e = periksa_json(&json!({"indikator": [{"kode": "A"}, {"nama": "x\u{0}y", "catatan": "baris\nbaru\tok"}]}));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "indikator[1].nama");
        assert!(e[0].pesan.contains("U+0000"), "{}", e[0].pesan);
        assert_eq!(periksa_json(&json!({"a\u{1}": 1}))[0].field, "body");
        assert_eq!(periksa_json(&json!("\u{7f}"))[0].field, "body");
        assert!(periksa_json(&json!({"x": "\u{9b}"}))[0].pesan.contains("U+009B"), "C1 controls too");
    }

    #[test]
    fn single_lines_refuse_tabs_and_newlines_too() {
        assert!(satu_baris("kode", "IK-01").is_ok());
        assert!(satu_baris("kode", "IK\n01").is_err());
        assert!(satu_baris("kode", "IK\t01").is_err());
        assert_eq!(karakter_kontrol("Persentase pemilih — 87,5%", false), None, "non-ASCII text is text");
    }
}
