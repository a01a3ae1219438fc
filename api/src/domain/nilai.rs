//! Indicator values as users type them: `87,5%`, `2 Lap`, `12 Kali`, `BB (70,65)`, `WTP`.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::angka::{self, GalatAngka, Konteks};

/// How an indicator's values are measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TipeNilai {
    /// A percentage: `87,5%`.
    Persen,
    /// A count or amount with a unit: `2 Lap`, `12 Kali`, `1 Satker`.
    Angka,
    /// An index or score: `70,65`.
    Indeks,
    /// A SAKIP grade AA…D, optionally with its score: `BB (70,65)`.
    Predikat,
    /// An ordered category: the BPK audit opinion WTP, WDP, TW, TMP.
    Kategori,
}

impl TipeNilai {
    pub const ALL: [TipeNilai; 5] =
        [TipeNilai::Persen, TipeNilai::Angka, TipeNilai::Indeks, TipeNilai::Predikat, TipeNilai::Kategori];

    pub fn as_str(self) -> &'static str {
        match self {
            TipeNilai::Persen => "persen",
            TipeNilai::Angka => "angka",
            TipeNilai::Indeks => "indeks",
            TipeNilai::Predikat => "predikat",
            TipeNilai::Kategori => "kategori",
        }
    }

    pub fn konteks(self) -> Konteks {
        match self {
            TipeNilai::Angka => Konteks::Cacah,
            _ => Konteks::Desimal,
        }
    }
}

impl FromStr for TipeNilai {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        TipeNilai::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| {
            format!("tipe nilai '{s}' tidak dikenal; pilih persen, angka, indeks, predikat atau kategori")
        })
    }
}

/// SAKIP grades, PermenPANRB 88/2021, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Predikat {
    D,
    C,
    CC,
    B,
    BB,
    A,
    AA,
}

impl Predikat {
    pub const ALL: [Predikat; 7] =
        [Predikat::D, Predikat::C, Predikat::CC, Predikat::B, Predikat::BB, Predikat::A, Predikat::AA];

    pub fn as_str(self) -> &'static str {
        match self {
            Predikat::AA => "AA",
            Predikat::A => "A",
            Predikat::BB => "BB",
            Predikat::B => "B",
            Predikat::CC => "CC",
            Predikat::C => "C",
            Predikat::D => "D",
        }
    }

    /// 1 (D) to 7 (AA).
    pub fn peringkat(self) -> u32 {
        self as u32 + 1
    }

    /// The band's lower bound: a score above it (at or above, for D) earns this grade.
    /// AA >90–100, A >80–90, BB >70–80, B >60–70, CC >50–60, C >30–50, D 0–30.
    pub fn batas_bawah(self) -> Decimal {
        match self {
            Predikat::AA => dec!(90),
            Predikat::A => dec!(80),
            Predikat::BB => dec!(70),
            Predikat::B => dec!(60),
            Predikat::CC => dec!(50),
            Predikat::C => dec!(30),
            Predikat::D => dec!(0),
        }
    }

    /// The grade a score of 0–100 earns.
    pub fn dari_skor(skor: Decimal) -> Option<Predikat> {
        if skor < Decimal::ZERO || skor > dec!(100) {
            return None;
        }
        Predikat::ALL.into_iter().rev().find(|p| skor > p.batas_bawah()).or(Some(Predikat::D))
    }
}

impl fmt::Display for Predikat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// BPK audit opinions, best first: Wajar Tanpa Pengecualian, Wajar Dengan Pengecualian,
/// Tidak Wajar, Tidak Menyatakan Pendapat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Opini {
    TMP,
    TW,
    WDP,
    WTP,
}

impl Opini {
    pub fn as_str(self) -> &'static str {
        match self {
            Opini::WTP => "WTP",
            Opini::WDP => "WDP",
            Opini::TW => "TW",
            Opini::TMP => "TMP",
        }
    }

    pub fn peringkat(self) -> u32 {
        self as u32 + 1
    }

    fn parse(s: &str) -> Option<Opini> {
        let norm: String = s.to_uppercase().split_whitespace().collect::<Vec<_>>().join(" ");
        match norm.as_str() {
            "WTP" | "WAJAR TANPA PENGECUALIAN" => Some(Opini::WTP),
            "WDP" | "WAJAR DENGAN PENGECUALIAN" => Some(Opini::WDP),
            "TW" | "TIDAK WAJAR" => Some(Opini::TW),
            "TMP" | "TIDAK MENYATAKAN PENDAPAT" | "DISCLAIMER" => Some(Opini::TMP),
            _ => None,
        }
    }
}

/// Units, normalised so `Lap` and `laporan` compare equal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satuan {
    Persen,
    Laporan,
    Kali,
    Orang,
    Dokumen,
    Satker,
    Kegiatan,
    Lain(String),
}

impl Satuan {
    pub fn parse(s: &str) -> Option<Satuan> {
        let t = s.trim().trim_end_matches('.').to_lowercase();
        Some(match t.as_str() {
            "" => return None,
            "%" | "persen" | "prosen" => Satuan::Persen,
            "lap" | "laporan" => Satuan::Laporan,
            "kali" | "x" => Satuan::Kali,
            "orang" | "org" => Satuan::Orang,
            "dok" | "dokumen" => Satuan::Dokumen,
            "satker" => Satuan::Satker,
            "kegiatan" | "keg" => Satuan::Kegiatan,
            other => Satuan::Lain(other.to_string()),
        })
    }

    pub fn nama(&self) -> &str {
        match self {
            Satuan::Persen => "persen",
            Satuan::Laporan => "laporan",
            Satuan::Kali => "kali",
            Satuan::Orang => "orang",
            Satuan::Dokumen => "dokumen",
            Satuan::Satker => "satker",
            Satuan::Kegiatan => "kegiatan",
            Satuan::Lain(s) => s,
        }
    }
}

/// One value of an indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Nilai {
    Angka { nilai: Decimal, satuan: Option<Satuan> },
    Predikat { predikat: Predikat, skor: Option<Decimal> },
    Opini(Opini),
}

impl Nilai {
    pub fn angka(&self) -> Option<Decimal> {
        match self {
            Nilai::Angka { nilai, .. } => Some(*nilai),
            Nilai::Predikat { skor, .. } => *skor,
            Nilai::Opini(_) => None,
        }
    }

    pub fn satuan(&self) -> Option<&Satuan> {
        match self {
            Nilai::Angka { satuan, .. } => satuan.as_ref(),
            _ => None,
        }
    }

    /// The canonical text, as stored and shown: `87,5%`, `2 laporan`, `BB (70,65)`, `WTP`.
    pub fn teks(&self, tipe: TipeNilai) -> String {
        match self {
            Nilai::Angka { nilai, satuan } => {
                let n = angka::format(*nilai, tipe.konteks());
                match satuan {
                    Some(Satuan::Persen) => format!("{n}%"),
                    Some(s) => format!("{n} {}", s.nama()),
                    None => n,
                }
            }
            Nilai::Predikat { predikat, skor: Some(s) } => {
                format!("{predikat} ({})", angka::format(*s, Konteks::Desimal))
            }
            Nilai::Predikat { predikat, skor: None } => predikat.to_string(),
            Nilai::Opini(o) => o.as_str().to_string(),
        }
    }
}

/// Splits `87,5%` / `2 Lap` / `12 Kali` into number and unit.
fn number_and_unit(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | ' ')))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    (s[..end].trim(), s[end..].trim())
}

/// Whether what follows a number is an exponent (`e-7`, `E5`, `e+308`), not a unit: `1e-7`
/// is not the value 1 in the unit `e-7`.
fn eksponen(unit: &str) -> bool {
    let Some(rest) = unit.strip_prefix(['e', 'E']) else { return false };
    rest.trim_start_matches(['+', '-']).starts_with(|c: char| c.is_ascii_digit())
}

fn predikat_word(s: &str) -> Option<Predikat> {
    Predikat::ALL.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
}

/// Parses a value of an indicator of type `tipe`. Errors say what was expected.
pub fn parse(input: &str, tipe: TipeNilai) -> Result<Nilai, GalatAngka> {
    let s = input.trim();
    match tipe {
        TipeNilai::Persen | TipeNilai::Angka | TipeNilai::Indeks => {
            let (num, unit) = number_and_unit(s);
            if eksponen(unit) {
                return Err(GalatAngka(format!(
                    "'{s}' ditulis dalam notasi eksponen; tulis angkanya lengkap (misalnya 0,0000001 atau 100.000)"
                )));
            }
            let nilai = angka::parse(num, tipe.konteks())
                .map_err(|e| GalatAngka(format!("{e} (nilai '{s}', tipe {})", tipe.as_str())))?;
            let satuan = Satuan::parse(unit).or((tipe == TipeNilai::Persen).then_some(Satuan::Persen));
            Ok(Nilai::Angka { nilai, satuan })
        }
        TipeNilai::Predikat => {
            // "BB", "BB (70,65)", "BB 70,65", "70,65 (BB)", or a score alone.
            let cleaned = s.replace(['(', ')'], " ");
            let words: Vec<&str> = cleaned.split_whitespace().collect();
            let grade = words.iter().find_map(|w| predikat_word(w));
            let score_text: Vec<&str> = words.iter().copied().filter(|w| predikat_word(w).is_none()).collect();
            let skor = match score_text.as_slice() {
                [] => None,
                [one] => Some(angka::parse(one, Konteks::Desimal)?),
                _ => return Err(GalatAngka(format!("'{s}' bukan predikat (contoh: BB atau BB (70,65))"))),
            };
            if let Some(v) = skor
                && (v < Decimal::ZERO || v > dec!(100))
            {
                return Err(GalatAngka(format!("skor {v} di luar rentang 0–100")));
            }
            match (grade, skor) {
                (Some(predikat), skor) => Ok(Nilai::Predikat { predikat, skor }),
                (None, Some(v)) => {
                    Ok(Nilai::Predikat { predikat: Predikat::dari_skor(v).unwrap_or(Predikat::D), skor: Some(v) })
                }
                (None, None) => Err(GalatAngka(format!("'{s}' bukan predikat; gunakan AA, A, BB, B, CC, C atau D"))),
            }
        }
        TipeNilai::Kategori => Opini::parse(s)
            .map(Nilai::Opini)
            .ok_or_else(|| GalatAngka(format!("'{s}' bukan opini BPK; gunakan WTP, WDP, TW atau TMP"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_units() {
        assert_eq!(
            parse("87,5%", TipeNilai::Persen).unwrap(),
            Nilai::Angka { nilai: dec!(87.5), satuan: Some(Satuan::Persen) }
        );
        assert_eq!(
            parse("2 Lap", TipeNilai::Angka).unwrap(),
            Nilai::Angka { nilai: dec!(2), satuan: Some(Satuan::Laporan) }
        );
        assert_eq!(parse("12 Kali", TipeNilai::Angka).unwrap().satuan(), Some(&Satuan::Kali));
        assert_eq!(parse("1 Satker", TipeNilai::Angka).unwrap().satuan(), Some(&Satuan::Satker));
        assert_eq!(parse("100", TipeNilai::Persen).unwrap().satuan(), Some(&Satuan::Persen));
        assert_eq!(parse("2 laporan", TipeNilai::Persen).unwrap().satuan(), Some(&Satuan::Laporan));
        assert_eq!(parse("1.234 orang", TipeNilai::Angka).unwrap().angka(), Some(dec!(1234)));
        assert!(parse("1.234", TipeNilai::Indeks).unwrap_err().0.contains("ambigu"));
        for e in ["1e-7", "1E5", "1e308", "2,5e+3", "1 e5"] {
            for tipe in [TipeNilai::Persen, TipeNilai::Angka, TipeNilai::Indeks, TipeNilai::Predikat] {
                assert!(parse(e, tipe).unwrap_err().0.contains("eksponen") || tipe == TipeNilai::Predikat, "{e}");
                assert!(parse(e, tipe).is_err(), "{e} {tipe:?}");
            }
        }
        assert_eq!(parse("3 eksemplar", TipeNilai::Angka).unwrap().angka(), Some(dec!(3)), "a unit starting with e");
    }

    #[test]
    fn grades_with_and_without_scores() {
        assert_eq!(parse("BB", TipeNilai::Predikat).unwrap(), Nilai::Predikat { predikat: Predikat::BB, skor: None });
        let full = Nilai::Predikat { predikat: Predikat::BB, skor: Some(dec!(70.65)) };
        assert_eq!(parse("BB (70,65)", TipeNilai::Predikat).unwrap(), full);
        assert_eq!(parse("70.65 (bb)", TipeNilai::Predikat).unwrap(), full);
        assert_eq!(parse("70,65", TipeNilai::Predikat).unwrap(), full, "the grade follows from the score");
        assert!(parse("Z", TipeNilai::Predikat).is_err());
        assert!(parse("BB (170)", TipeNilai::Predikat).is_err());
        assert_eq!(full.teks(TipeNilai::Predikat), "BB (70,65)");
    }

    #[test]
    fn grade_bands_are_half_open_from_above() {
        assert_eq!(Predikat::dari_skor(dec!(90)), Some(Predikat::A));
        assert_eq!(Predikat::dari_skor(dec!(90.01)), Some(Predikat::AA));
        assert_eq!(Predikat::dari_skor(dec!(70.65)), Some(Predikat::BB));
        assert_eq!(Predikat::dari_skor(dec!(30)), Some(Predikat::D));
        assert_eq!(Predikat::dari_skor(dec!(0)), Some(Predikat::D));
        assert_eq!(Predikat::dari_skor(dec!(100)), Some(Predikat::AA));
        assert_eq!(Predikat::dari_skor(dec!(100.5)), None);
        assert!(Predikat::AA > Predikat::A && Predikat::BB > Predikat::B);
    }

    #[test]
    fn bpk_opinions() {
        assert_eq!(parse("wtp", TipeNilai::Kategori).unwrap(), Nilai::Opini(Opini::WTP));
        assert_eq!(parse("Wajar Dengan Pengecualian", TipeNilai::Kategori).unwrap(), Nilai::Opini(Opini::WDP));
        assert!(Opini::WTP > Opini::WDP && Opini::WDP > Opini::TW && Opini::TW > Opini::TMP);
        assert!(parse("baik", TipeNilai::Kategori).is_err());
    }
}
