//! The satker's own chapters of its Laporan Kinerja, as sent: plain text with a small Markdown
//! subset (a blank line between paragraphs, `- ` at the start of a line for a list item).

use serde::Serialize;
use serde_json::Value;

use super::FieldError;

/// The most characters of one chapter: about ten pages.
pub const MAKS_BAB: usize = 30_000;

/// The chapters the data cannot write. A chapter left out (or `null`) is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Narasi {
    pub ikhtisar: Option<String>,
    pub pendahuluan: Option<String>,
    pub penutup: Option<String>,
}

pub const BAB: [&str; 3] = ["ikhtisar", "pendahuluan", "penutup"];

pub fn parse_narasi(body: &Value) -> Result<Narasi, Vec<FieldError>> {
    let Some(obj) = body.as_object() else { return Err(vec![FieldError::new("body", "harus objek JSON")]) };
    let mut errors = Vec::new();
    for k in obj.keys().filter(|k| !BAB.contains(&k.as_str())) {
        errors.push(FieldError::new(k.clone(), format!("bukan bagian narasi; yang ada: {}", BAB.join(", "))));
    }
    let mut bab = |nama: &str| -> Option<String> {
        match obj.get(nama) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) if s.chars().count() > MAKS_BAB => {
                errors.push(FieldError::new(nama, format!("paling banyak {MAKS_BAB} karakter")));
                None
            }
            Some(Value::String(s)) => match super::teks::periksa(nama, s, true) {
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
    let n = Narasi { ikhtisar: bab("ikhtisar"), pendahuluan: bab("pendahuluan"), penutup: bab("penutup") };
    if errors.is_empty() { Ok(n) } else { Err(errors) }
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
        assert_eq!(parse_narasi(&json!({ "ikhtisar": panjang })).unwrap_err()[0].field, "ikhtisar");
    }
}
