//! The Laporan Kinerja laid out once: [`susun`] turns the typed view into headings, paragraphs,
//! tables and charts, every figure already written the Indonesian way (`77.452.486.000`,
//! `99,83%`, `117,75%`). The Word document and the printable page render this one outline, so
//! they cannot disagree on a number or a row; neither formats a figure of its own.
//!
//! The structure is PermenPANRB 53/2014's, as seed 001 follows it: Bab I Pendahuluan, Bab II
//! Perencanaan Kinerja (Tabel 3 and 4), Bab III Akuntabilitas Kinerja (Tabel 5, the kategori
//! bands, the comparison with the previous year, the narrative of each indicator, realisasi
//! anggaran), Catatan Verifikasi, Bab IV Penutup.

pub mod docx;
pub mod grafik;
pub mod html;
mod provinsi;
mod satker;

use rust_decimal::Decimal;

use crate::domain::angka::{self, Konteks};

/// The media type of a Word document.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A part of the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Blok {
    /// A chapter (level 1, each on a new page) or a section (level 2).
    Judul {
        tingkat: u8,
        teks: String,
        id: String,
    },
    Paragraf(String),
    /// A placeholder the satker replaces with its own words.
    Isian(String),
    Tabel(Tabel),
    Grafik(Grafik),
}

/// A table: its caption, header and rows; `angka[i]` marks a right-aligned (numeric) column.
#[derive(Clone, Debug, PartialEq)]
pub struct Tabel {
    pub judul: String,
    pub kepala: Vec<String>,
    pub baris: Vec<Vec<String>>,
    pub angka: Vec<bool>,
    /// A last row in bold (a total).
    pub jumlah: Option<Vec<String>>,
}

/// A chart: one value per label, as bars (capaian per indicator) or a line (the monthly curve).
#[derive(Clone, Debug, PartialEq)]
pub struct Grafik {
    pub judul: String,
    pub garis: bool,
    pub label: Vec<String>,
    /// The values in percent, exact.
    pub nilai: Vec<Decimal>,
    /// A reference line (100%), drawn across.
    pub acuan: Option<Decimal>,
}

/// The report as laid out: title lines, the footer text, and the blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct Laporan {
    pub judul: String,
    pub satker: String,
    pub tahun: i32,
    /// "Data per 25 November 2026".
    pub asal: String,
    pub kaki: String,
    pub blok: Vec<Blok>,
}

/// Rupiah as written in a report: `77.452.486.000`.
pub fn rupiah(v: i64) -> String {
    angka::format(Decimal::from(v), Konteks::Rupiah)
}

/// A decimal of a view (`"117.75"`) written the Indonesian way (`117,75`); empty when absent.
pub fn desimal(v: Option<&str>) -> String {
    v.and_then(|s| s.parse::<Decimal>().ok()).map(|d| angka::format(d, Konteks::Desimal)).unwrap_or_default()
}

/// A percentage of a view as the pages show it: `99,83%`, exactly as the API gives it (two
/// decimals kept when the API gives two: `100,00%`); `-` when absent.
pub fn persen(v: Option<&str>) -> String {
    match v {
        Some(s) if s.parse::<Decimal>().is_ok() => format!("{}%", s.replace('.', ",")),
        _ => "-".into(),
    }
}

/// A percentage of a view as a printed report writes it: at most two decimals, half away from
/// zero (`100.612069` → `100,61%`, `90.625` → `90,63%`), the API's own two kept (`100,00%`);
/// `-` when absent. The API, and the pages, keep the six decimals it computed.
pub fn persen_cetak(v: Option<&str>) -> String {
    match v.and_then(|s| s.parse::<Decimal>().ok()) {
        Some(d) => {
            persen(Some(&d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero).to_string()))
        }
        None => "-".into(),
    }
}

/// A date as an Indonesian report writes it: `25 November 2026`.
pub fn tanggal(t: chrono::DateTime<chrono::Utc>) -> String {
    crate::keputusan::tanggal((t + chrono::Duration::hours(7)).date_naive())
}

pub(super) fn judul(tingkat: u8, teks: &str, id: &str) -> Blok {
    Blok::Judul { tingkat, teks: teks.into(), id: id.into() }
}

pub(super) fn tabel(judul: String, kepala: &[&str], angka: &[bool], baris: Vec<Vec<String>>) -> Tabel {
    Tabel { judul, kepala: kepala.iter().map(|s| s.to_string()).collect(), baris, angka: angka.to_vec(), jumlah: None }
}

/// Numbers the tables and charts in the order they stand (`Tabel 7.` when the table before it
/// was the sixth present), so a report without last year's table or the monthly curve skips no
/// number. Titles without a number of this kind (the annex's `Tabel L.1.`) are left as they are.
pub(super) fn nomori(blok: &mut [Blok]) {
    fn ganti(judul: &mut String, awalan: &str, n: &mut usize) {
        let Some(sisa) = judul.strip_prefix(awalan) else { return };
        let angka = sisa.chars().take_while(char::is_ascii_digit).count();
        if angka > 0 && sisa[angka..].starts_with(". ") {
            *n += 1;
            *judul = format!("{awalan}{n}{}", &sisa[angka..]);
        }
    }
    let (mut tabel, mut grafik) = (0, 0);
    for b in blok {
        match b {
            Blok::Tabel(t) => ganti(&mut t.judul, "Tabel ", &mut tabel),
            Blok::Grafik(g) => ganti(&mut g.judul, "Grafik ", &mut grafik),
            _ => {}
        }
    }
}

pub use provinsi::susun_provinsi;
pub use satker::susun;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_charts_are_numbered_as_they_stand() {
        let t = |j: &str| Blok::Tabel(tabel(j.into(), &[], &[], Vec::new()));
        let mut b = vec![t("Tabel 5. A"), t("Tabel 8. B"), t("Tabel L.1. C"), t("Tabel 12. D")];
        nomori(&mut b);
        let judul: Vec<&str> = b
            .iter()
            .filter_map(|b| match b {
                Blok::Tabel(t) => Some(t.judul.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(judul, ["Tabel 1. A", "Tabel 2. B", "Tabel L.1. C", "Tabel 3. D"]);
    }

    #[test]
    fn percentages_print_with_at_most_two_decimals() {
        assert_eq!(persen_cetak(Some("100.612069")), "100,61%");
        assert_eq!(persen_cetak(Some("90.625")), "90,63%");
        assert_eq!(persen_cetak(Some("117.75")), "117,75%");
        assert_eq!(persen_cetak(Some("100.00")), "100,00%", "the API's two decimals kept");
        assert_eq!(persen_cetak(Some("100")), "100%");
        assert_eq!(persen_cetak(None), "-");
        assert_eq!(persen_cetak(Some("x")), "-");
        assert_eq!(persen(Some("100.612069")), "100,612069%", "the pages show the API's words");
    }
}
