//! The three documents a satker submits (PK, realisasi, anggaran), parsed from JSON into
//! validated domain values. Every problem is reported, each with the exact field path
//! (`indikator[2].target`, `baris[3].pagu`), so one round trip tells the sender everything to
//! fix. Numbers may be JSON numbers or strings in Indonesian format.

use std::collections::HashSet;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use super::FieldError;
use super::angka::{self, Konteks};
use super::capaian::{MetodePredikat, Polaritas, Target};
use super::kode::{JenisBelanja, SumberDana};
use super::nilai::{self, Nilai, TipeNilai};

mod anggaran;
pub mod iku;
pub mod katalog;
pub mod narasi;
pub mod perjanjian;
mod pk;
mod realisasi;
#[cfg(test)]
mod tests;

pub use anggaran::{BarisAnggaran, parse_anggaran};
pub use pk::{IndikatorPk, parse_pk};
pub use realisasi::{RealisasiMasuk, nilai_realisasi, parse_realisasi};

pub const MAKS_INDIKATOR: usize = 500;
/// Rupiah of one budget line, and of all lines of one document together: Rp100 triliun. The
/// whole KPU budget is about 10^13; a national total of every satker stays far inside i64.
pub const MAKS_RUPIAH: i64 = 100_000_000_000_000;
pub const MAKS_BARIS_ANGGARAN: usize = 5000;

/// Collects the errors of one document.
struct Cek {
    errors: Vec<FieldError>,
}

impl Cek {
    fn err(&mut self, path: &str, pesan: impl Into<String>) {
        self.errors.push(FieldError::new(path, pesan));
    }

    fn text(&mut self, obj: &Map<String, Value>, path: &str, name: &str, required: bool, max: usize) -> Option<String> {
        // A field of the body itself has no path before it (`nomor`, not `.nomor`).
        let p = if path.is_empty() { name.to_string() } else { format!("{path}.{name}") };
        match obj.get(name) {
            None | Some(Value::Null) => {
                if required {
                    self.err(&p, "wajib diisi");
                }
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                if required {
                    self.err(&p, "wajib diisi");
                }
                None
            }
            Some(Value::String(s)) if s.chars().count() > max => {
                self.err(&p, format!("paling banyak {max} karakter"));
                None
            }
            // Codes and units are one line; longer text may have tabs and newlines.
            Some(Value::String(s)) => match super::teks::periksa(&p, s, max > 64) {
                Err(e) => {
                    self.errors.push(e);
                    None
                }
                Ok(()) => Some(s.trim().to_string()),
            },
            Some(_) => {
                self.err(&p, "harus teks");
                None
            }
        }
    }

    /// A value as text: JSON strings as typed, JSON numbers in their exact decimal form.
    fn raw(&mut self, v: Option<&Value>, p: &str) -> Option<RawValue> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(RawValue::Teks(s.trim().to_string())),
            Some(Value::Number(n)) => match json_decimal(n) {
                Some(d) => Some(RawValue::Angka(d)),
                None => {
                    self.err(p, "angka di luar jangkauan");
                    None
                }
            },
            Some(_) => {
                self.err(p, "harus angka atau teks");
                None
            }
        }
    }

    fn nilai(&mut self, v: Option<&Value>, p: &str, tipe: TipeNilai, satuan: Option<&nilai::Satuan>) -> Option<Nilai> {
        let n = self.nilai_bebas(v, p, tipe, satuan)?;
        if n.angka().is_some_and(|d| d.abs() > MAKS_NILAI) {
            self.err(p, "nilai terlalu besar (paling besar 9.000.000.000.000)");
            return None;
        }
        if let Some(d) = n.angka().filter(|d| !muat_e6(*d)) {
            self.err(p, presisi_berlebih(d));
            return None;
        }
        if let Nilai::Predikat { skor: Some(d), .. } = &n
            && !muat_e6(*d)
        {
            self.err(p, presisi_berlebih(*d));
            return None;
        }
        Some(n)
    }

    fn nilai_bebas(
        &mut self,
        v: Option<&Value>,
        p: &str,
        tipe: TipeNilai,
        satuan: Option<&nilai::Satuan>,
    ) -> Option<Nilai> {
        match self.raw(v, p)? {
            RawValue::Angka(d) => match tipe {
                TipeNilai::Persen | TipeNilai::Angka | TipeNilai::Indeks => {
                    Some(Nilai::Angka { nilai: d, satuan: satuan.cloned() })
                }
                TipeNilai::Predikat => match nilai::Predikat::dari_skor(d) {
                    Some(predikat) => Some(Nilai::Predikat { predikat, skor: Some(d) }),
                    None => {
                        self.err(p, "skor predikat harus 0–100");
                        None
                    }
                },
                TipeNilai::Kategori => {
                    self.err(p, "opini BPK ditulis sebagai teks: WTP, WDP, TW atau TMP");
                    None
                }
            },
            RawValue::Teks(s) => match nilai::parse(&s, tipe) {
                Ok(Nilai::Angka { nilai, satuan: None }) => Some(Nilai::Angka { nilai, satuan: satuan.cloned() }),
                Ok(n) => Some(n),
                Err(e) => {
                    self.err(p, e.0);
                    None
                }
            },
        }
    }

    fn rupiah(&mut self, v: Option<&Value>, p: &str, required: bool) -> Option<i64> {
        let d = match self.raw(v, p) {
            None => {
                if required {
                    self.err(p, "wajib diisi");
                }
                return None;
            }
            Some(RawValue::Angka(d)) => d,
            Some(RawValue::Teks(s)) => {
                let s = s.trim_start_matches("Rp").trim_start_matches('.').trim().trim_end_matches(",-").to_string();
                match angka::parse(&s, Konteks::Rupiah) {
                    Ok(d) => d,
                    Err(e) => {
                        self.err(p, format!("harus bilangan bulat ≥ 0 ({e})"));
                        return None;
                    }
                }
            }
        };
        match (d.fract().is_zero(), i64::try_from(d)) {
            (true, Ok(v)) if (0..=MAKS_RUPIAH).contains(&v) => Some(v),
            (true, _) if d > Decimal::ZERO => {
                self.err(p, "terlalu besar: paling besar Rp100.000.000.000.000 (Rp100 triliun) per baris");
                None
            }
            _ => {
                self.err(p, "harus bilangan bulat ≥ 0");
                None
            }
        }
    }

    fn array<'v>(&mut self, obj: &'v Map<String, Value>, name: &str, max: usize) -> Option<&'v Vec<Value>> {
        match obj.get(name) {
            Some(Value::Array(a)) if a.len() > max => {
                self.err(name, format!("paling banyak {max} baris, dikirim {}", a.len()));
                None
            }
            Some(Value::Array(a)) => Some(a),
            None | Some(Value::Null) => {
                self.err(name, "wajib diisi (daftar)");
                None
            }
            Some(_) => {
                self.err(name, "harus daftar");
                None
            }
        }
    }

    /// The row's `kode`, which must not repeat (case aside) within the document.
    fn kode_unik(&mut self, obj: &Map<String, Value>, path: &str, seen: &mut HashSet<String>) -> Option<String> {
        let kode = self.text(obj, path, "kode", true, 32);
        if let Some(k) = &kode
            && !seen.insert(k.to_lowercase())
        {
            self.err(&format!("{path}.kode"), format!("kode '{k}' ganda"));
        }
        kode
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() { Ok(value) } else { Err(self.errors) }
    }
}

enum RawValue {
    Angka(Decimal),
    Teks(String),
}

/// A JSON number as the exact decimal it was written as (JSON numbers use `.` for decimals).
fn json_decimal(n: &serde_json::Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    let s = n.to_string();
    Decimal::from_str(&s).ok().or_else(|| Decimal::from_scientific(&s).ok())
}

fn object<'v>(cek: &mut Cek, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
    match v {
        Value::Object(o) => Some(o),
        _ => {
            cek.err(path, "harus objek");
            None
        }
    }
}

fn parse_enum<T: FromStr<Err = String>>(cek: &mut Cek, obj: &Map<String, Value>, path: &str, name: &str) -> Option<T> {
    let p = format!("{path}.{name}");
    let s = cek.text(obj, path, name, false, 32)?;
    match s.to_lowercase().parse() {
        Ok(v) => Some(v),
        Err(m) => {
            cek.err(&p, m);
            None
        }
    }
}

fn top(body: &Value) -> Result<&Map<String, Value>, Vec<FieldError>> {
    body.as_object().ok_or_else(|| vec![FieldError::new("body", "harus objek JSON")])
}

/// Decimal ↔ the fixed-point integer stored in `_e6` columns.
pub fn ke_e6(d: Decimal) -> Option<i64> {
    let scaled = d
        .round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .checked_mul(Decimal::from(1_000_000))?;
    i64::try_from(scaled.trunc()).ok()
}

/// Whether `d` is held exactly at scale 10^6 (six decimals at most): anything finer would be
/// rounded away when stored, so it is refused instead (`0,0000001` is not 0).
pub fn muat_e6(d: Decimal) -> bool {
    d.normalize().scale() <= 6
}

fn presisi_berlebih(d: Decimal) -> String {
    format!(
        "paling banyak 6 angka desimal; '{}' tidak dapat disimpan tanpa pembulatan",
        angka::format(d, Konteks::Desimal)
    )
}

/// Indicator values are bounded so they fit a BIGINT at scale 10^6 with room to spare.
pub const MAKS_NILAI: Decimal = rust_decimal_macros::dec!(9_000_000_000_000);

pub fn dari_e6(v: i64) -> Decimal {
    Decimal::new(v, 6).normalize()
}

/// The most evidence files one row may list.
pub const MAKS_BUKTI: usize = 20;

/// A row's `bukti`: a list of evidence ids, each once; absent, none (keep what is stored).
fn daftar_bukti(cek: &mut Cek, o: &serde_json::Map<String, Value>, path: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    match o.get("bukti") {
        None => return None,
        Some(Value::Null) => {}
        Some(Value::Array(a)) if a.len() > MAKS_BUKTI => {
            cek.err(&format!("{path}.bukti"), format!("paling banyak {MAKS_BUKTI} bukti per baris"))
        }
        Some(Value::Array(a)) => {
            for (j, v) in a.iter().enumerate() {
                match v.as_str().map(str::trim) {
                    Some(s) if !s.is_empty() && s.len() <= 64 => {
                        if !out.iter().any(|x| x == s) {
                            out.push(s.to_string());
                        }
                    }
                    _ => cek.err(&format!("{path}.bukti[{j}]"), "harus id bukti (bkt_…)"),
                }
            }
        }
        Some(_) => cek.err(&format!("{path}.bukti"), "harus daftar id bukti"),
    }
    Some(out)
}
