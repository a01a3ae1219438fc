//! Numbers as Indonesians write them: `.` for thousands, `,` for decimals (`77.452.486.000`,
//! `87,5`), and as they also often type them (`87.5`, `70.65`). The one truly ambiguous form,
//! a single `.` followed by exactly three digits (`1.234`), is decided by the indicator's unit,
//! and where the unit cannot decide it is refused with both readings spelled out.

use rust_decimal::Decimal;
use std::str::FromStr;

/// What kind of quantity a number is, which decides how `1.234` is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Konteks {
    /// Whole rupiah: `.` is always a thousands separator and decimals are refused.
    Rupiah,
    /// Counts (laporan, kali, orang, dokumen, satker): `.` is always a thousands separator.
    Cacah,
    /// Percentages, indices and scores: `1.234` is ambiguous and refused.
    Desimal,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GalatAngka(pub String);

fn galat(m: impl Into<String>) -> GalatAngka {
    GalatAngka(m.into())
}

/// Checks `1.234.567`-style grouping: first group 1–3 digits, every other exactly 3.
fn grouped(s: &str, sep: char) -> Result<String, GalatAngka> {
    let groups: Vec<&str> = s.split(sep).collect();
    let ok = groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    if ok {
        Ok(groups.concat())
    } else {
        Err(galat(format!("'{s}' bukan angka dengan pemisah ribuan yang benar (kelompok tiga angka)")))
    }
}

fn digits(s: &str) -> Result<(), GalatAngka> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(galat(format!("'{s}' bukan angka")))
    }
}

/// Parses the numeric part only (no unit, no `Rp`, no `%`).
pub fn parse(input: &str, konteks: Konteks) -> Result<Decimal, GalatAngka> {
    let s = input.trim();
    if s.is_empty() {
        return Err(galat("angka kosong"));
    }
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let canonical: String = match (dots, commas) {
        (0, 0) => {
            digits(body)?;
            body.to_string()
        }
        (_, _) if dots > 0 && commas > 0 => {
            // Both present: the last one is the decimal separator, the other groups thousands.
            let last_dot = body.rfind('.').unwrap_or(0);
            let last_comma = body.rfind(',').unwrap_or(0);
            let (thousands, decimal) = if last_comma > last_dot { ('.', ',') } else { (',', '.') };
            if body.matches(decimal).count() != 1 {
                return Err(galat(format!("'{s}' memuat lebih dari satu tanda desimal '{decimal}'")));
            }
            let (int, frac) = body.split_once(decimal).unwrap_or((body, ""));
            digits(frac)?;
            format!("{}.{frac}", grouped(int, thousands)?)
        }
        (0, 1) => {
            // One comma: the Indonesian decimal comma.
            let (int, frac) = body.split_once(',').unwrap_or((body, ""));
            digits(int)?;
            digits(frac)?;
            format!("{int}.{frac}")
        }
        (0, _) => grouped(body, ',')?,
        (1, 0) => {
            let (int, frac) = body.split_once('.').unwrap_or((body, ""));
            digits(int)?;
            digits(frac)?;
            match konteks {
                Konteks::Rupiah | Konteks::Cacah => {
                    if frac.len() != 3 {
                        return Err(galat(format!(
                            "'{s}': untuk jumlah dan rupiah titik adalah pemisah ribuan dan harus diikuti tiga angka; \
                             tulis desimal dengan koma"
                        )));
                    }
                    format!("{int}{frac}")
                }
                Konteks::Desimal if frac.len() == 3 => {
                    return Err(galat(format!(
                        "'{s}' ambigu: bisa {int}{frac} (titik sebagai pemisah ribuan) atau {int},{frac} \
                         (titik sebagai desimal); tulis {int}{frac} atau {int},{frac}"
                    )));
                }
                Konteks::Desimal => format!("{int}.{frac}"),
            }
        }
        (_, 0) => grouped(body, '.')?,
        _ => return Err(galat(format!("'{s}' bukan angka"))),
    };
    let value = Decimal::from_str(&canonical).map_err(|_| galat(format!("'{s}' terlalu besar atau bukan angka")))?;
    if konteks == Konteks::Rupiah && value.fract() != Decimal::ZERO {
        return Err(galat(format!("'{s}': rupiah harus bilangan bulat")));
    }
    Ok(if negative { -value } else { value })
}

/// Writes a number the Indonesian way. Counts and rupiah get thousands separators
/// (`77.452.486.000`); decimal quantities do not (`1234,5`), so what is written here always
/// reads back to the same value under the same [`Konteks`].
pub fn format(value: Decimal, konteks: Konteks) -> String {
    let v = value.normalize();
    let negative = v.is_sign_negative() && !v.is_zero();
    let text = v.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let int = match konteks {
        Konteks::Desimal => int.to_string(),
        Konteks::Rupiah | Konteks::Cacah => {
            let bytes = int.as_bytes();
            let mut out = String::new();
            for (i, b) in bytes.iter().enumerate() {
                if i > 0 && (bytes.len() - i) % 3 == 0 {
                    out.push('.');
                }
                out.push(*b as char);
            }
            out
        }
    };
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int},{frac}") }
}

/// Rupiah as every document and page writes them: `77.452.486.000`.
pub fn rupiah(v: i64) -> String {
    format(Decimal::from(v), Konteks::Rupiah)
}

/// A percentage as every document and page shows it: at most two decimals, rounded half up
/// (`99.825` → `99,83`, where seed 001 truncates to `99,82`), the decimals a value already
/// has up to two kept as given (`100.00` → `100,00`, `88` → `88`), no thousands separator.
pub fn format_persen(value: Decimal) -> String {
    let d = value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    d.to_string().replace('.', ",")
}

/// `tinggi × satuan + rendah` when it fits an i64: the two halves of a sum that the database
/// made in parts so that it could not overflow.
pub fn gabung_jumlah(tinggi: i64, rendah: i64, satuan: i64) -> Option<i64> {
    i64::try_from(i128::from(tinggi) * i128::from(satuan) + i128::from(rendah)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn indonesian_and_typed_forms() {
        use Konteks::*;
        assert_eq!(parse("87,5", Desimal).unwrap(), dec!(87.5));
        assert_eq!(parse("87.5", Desimal).unwrap(), dec!(87.5));
        assert_eq!(parse("70.65", Desimal).unwrap(), dec!(70.65));
        assert_eq!(parse("77.452.486.000", Rupiah).unwrap(), dec!(77452486000));
        assert_eq!(parse("77.452.486.000,00", Rupiah).unwrap(), dec!(77452486000));
        assert_eq!(parse("77,452,486,000", Rupiah).unwrap(), dec!(77452486000));
        assert_eq!(parse("1,234.5", Desimal).unwrap(), dec!(1234.5));
        assert_eq!(parse("1.234,5", Desimal).unwrap(), dec!(1234.5));
        assert_eq!(parse("-3,25", Desimal).unwrap(), dec!(-3.25));
        assert_eq!(parse("1,234", Desimal).unwrap(), dec!(1.234), "one comma is the decimal comma");
    }

    #[test]
    fn the_ambiguous_dot_is_decided_by_the_unit_or_refused() {
        assert_eq!(parse("1.234", Konteks::Cacah).unwrap(), dec!(1234));
        assert_eq!(parse("1.234", Konteks::Rupiah).unwrap(), dec!(1234));
        let e = parse("1.234", Konteks::Desimal).unwrap_err();
        assert!(e.0.contains("ambigu") && e.0.contains("1234") && e.0.contains("1,234"), "{e}");
        assert!(parse("2.5", Konteks::Cacah).unwrap_err().0.contains("pemisah ribuan"));
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for bad in ["", "abc", "1..2", "1.23.456", "12,", ",5", "1,2,3.4,5", "1 000", "--1", "1e5"] {
            assert!(parse(bad, Konteks::Desimal).is_err(), "{bad:?}");
        }
        assert!(parse("12,5", Konteks::Rupiah).unwrap_err().0.contains("bilangan bulat"));
    }

    #[test]
    fn formats_the_indonesian_way() {
        assert_eq!(format(dec!(77452486000), Konteks::Rupiah), "77.452.486.000");
        assert_eq!(format(dec!(87.50), Konteks::Desimal), "87,5");
        assert_eq!(format(dec!(1234.5), Konteks::Desimal), "1234,5");
        assert_eq!(format(dec!(-1234.5), Konteks::Cacah), "-1.234,5");
        assert_eq!(format_persen(dec!(99.8281)), "99,83");
        assert_eq!(format_persen(dec!(99.825)), "99,83");
        assert_eq!(format_persen(dec!(-0.005)), "-0,01");
        assert_eq!(format_persen(dec!(100.00)), "100,00");
        assert_eq!(format_persen(dec!(88)), "88");
    }

    #[test]
    fn split_sums_join_exactly_or_say_they_do_not_fit() {
        let p = 1_000_000_000;
        assert_eq!(gabung_jumlah(77, 452_486_000, p), Some(77_452_486_000));
        assert_eq!(gabung_jumlah(i64::MAX / p, i64::MAX % p, p), Some(i64::MAX));
        assert_eq!(gabung_jumlah(i64::MAX / p, i64::MAX % p + 1, p), None);
        assert_eq!(gabung_jumlah(-3, -5, p), Some(-3_000_000_005));
        // Two lines at i64::MAX: the halves are small, the whole is not.
        assert_eq!(gabung_jumlah(2 * (i64::MAX / p), 2 * (i64::MAX % p), p), None);
    }

    fn konteks() -> impl Strategy<Value = Konteks> {
        prop_oneof![Just(Konteks::Rupiah), Just(Konteks::Cacah), Just(Konteks::Desimal)]
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(mantissa in -10_i64.pow(15)..10_i64.pow(15), scale in 0u32..=6, k in konteks()) {
            let scale = if k == Konteks::Rupiah { 0 } else { scale };
            let value = Decimal::new(mantissa, scale);
            prop_assert_eq!(parse(&format(value, k), k).unwrap(), value);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,30}", k in konteks()) {
            let _ = parse(&s, k);
        }

        #[test]
        fn parsing_number_like_text_never_panics(s in "-?[0-9.,]{0,25}", k in konteks()) {
            let _ = parse(&s, k);
        }
    }
}
