//! The Laporan Kinerja laid out once: [`susun`] turns the typed view into headings, paragraphs,
//! tables and charts, every figure already written the Indonesian way (`77.452.486.000`,
//! `99,83%`, `117,75%`). The Word document and the printable page render this one outline, so
//! they cannot disagree on a number or a row; neither formats a figure of its own.
//!
//! The structure is PermenPANRB 53/2014's, as seed 001 follows it: Kata Pengantar with its
//! signature, Daftar Isi, Bab I Pendahuluan, Bab II Perencanaan Kinerja (Tabel 3 and 4), Bab
//! III Akuntabilitas Kinerja (Tabel 5, the kategori bands, the comparison with the previous
//! year, the narrative of each indicator, realisasi anggaran), Bab IV Penutup, and the signed
//! PK as Lampiran. The reviewer's version ([`Untuk::Periksa`]) adds the Catatan Verifikasi
//! before Bab IV; the version to submit ([`Untuk::Serah`]) has none of it.

mod anggaran;
mod capaian;
pub mod docx;
pub mod grafik;
pub mod html;
pub mod kemas;
mod provinsi;
mod satker;
pub mod tata;
mod verifikasi;

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
    /// Where the Daftar Isi stands: every heading after it, with its page.
    DaftarIsi,
    /// Place and date, and the officials who sign, side by side.
    Pengesahan(Pengesahan),
    /// The signed Perjanjian Kinerja, as its own document lays it out.
    Perjanjian(Box<crate::perjanjian::Naskah>),
}

/// Who the report is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Untuk {
    /// The reviewer's version: with the Catatan Verifikasi and each document's status.
    #[default]
    Periksa,
    /// The version to sign and submit: nothing of the service's own workflow in it.
    Serah,
}

impl Untuk {
    /// `?untuk=serah` or `?untuk=periksa`.
    pub fn dari(s: &str) -> Option<Untuk> {
        match s {
            "serah" => Some(Untuk::Serah),
            "periksa" => Some(Untuk::Periksa),
            _ => None,
        }
    }
}

/// One official's signature block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Penanda {
    /// The position, in the lines it is printed on.
    pub jabatan: Vec<String>,
    pub nama: String,
    pub nip: Option<String>,
}

/// Where and when, and who signs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pengesahan {
    pub tempat_tanggal: String,
    pub penanda: Vec<Penanda>,
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
    /// Columns whose cell, when it repeats the row above, is merged into it (a sasaran spanning
    /// its indicators).
    pub gabung: Vec<usize>,
}

/// How a cell of a table stands against the merges of its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gabung {
    /// Not in a merged column.
    Biasa,
    /// Starts a cell spanning this many rows.
    Mulai(usize),
    /// Inside the cell started above.
    Lanjut,
}

impl Tabel {
    /// Each row's cells against the merges of [`Tabel::gabung`]: `[baris][kolom]`.
    pub fn gabungan(&self) -> Vec<Vec<Gabung>> {
        let lebar = self.kepala.len();
        let mut out = vec![vec![Gabung::Biasa; lebar]; self.baris.len()];
        for &k in self.gabung.iter().filter(|&&k| k < lebar) {
            let rentang = crate::keputusan::rentang(self.baris.iter().map(|r| {
                let s = r.get(k).map_or("", String::as_str);
                (s, s)
            }));
            for (n, r) in rentang.into_iter().enumerate() {
                out[n][k] = r.map_or(Gabung::Lanjut, |r| Gabung::Mulai(r.rentang));
            }
        }
        out
    }
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

pub use crate::domain::angka::rupiah;

/// A decimal of a view (`"117.75"`) written the Indonesian way (`117,75`); empty when absent.
pub fn desimal(v: Option<&str>) -> String {
    v.and_then(|s| s.parse::<Decimal>().ok()).map(|d| angka::format(d, Konteks::Desimal)).unwrap_or_default()
}

/// A percentage of a view as every document and page shows it: two decimals at most, rounded
/// half up (`100.612069` → `100,61%`, `90.625` → `90,63%`, `99.825` → `99,83%`), the API's own
/// two kept (`100,00%`); `-` when absent. The API keeps the exact value it computed.
pub fn persen(v: Option<&str>) -> String {
    match v.and_then(|s| s.parse::<Decimal>().ok()) {
        Some(d) => format!("{}%", angka::format_persen(d)),
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
    Tabel {
        judul,
        kepala: kepala.iter().map(|s| s.to_string()).collect(),
        baris,
        angka: angka.to_vec(),
        jumlah: None,
        gabung: Vec::new(),
    }
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

pub use anggaran::cakupan_kurva;
pub use provinsi::susun_provinsi;
pub use satker::susun;

/// A sasaran, or else the tujuan, of a PK indicator.
pub(super) fn sasaran(i: &crate::view::IndikatorView) -> String {
    i.sasaran.clone().or_else(|| i.tujuan.clone()).unwrap_or_default()
}

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
    fn a_merged_column_spans_its_repeated_values() {
        let mut t = tabel(
            "t".into(),
            &["No", "Sasaran"],
            &[true, false],
            vec![vec!["1".into(), "a".into()], vec!["2".into(), "a".into()], vec!["3".into(), "b".into()]],
        );
        t.gabung = vec![1];
        use Gabung::*;
        assert_eq!(t.gabungan(), [[Biasa, Mulai(2)], [Biasa, Lanjut], [Biasa, Mulai(1)]]);
    }

    #[test]
    fn percentages_show_with_at_most_two_decimals_rounded_half_up() {
        assert_eq!(persen(Some("100.612069")), "100,61%");
        assert_eq!(persen(Some("90.625")), "90,63%");
        assert_eq!(persen(Some("99.825")), "99,83%", "seed 001 truncates to 99,82");
        assert_eq!(persen(Some("117.75")), "117,75%");
        assert_eq!(persen(Some("100.00")), "100,00%", "the API's two decimals kept");
        assert_eq!(persen(Some("100")), "100%");
        assert_eq!(persen(Some("1234.5")), "1234,5%");
        assert_eq!(persen(None), "-");
        assert_eq!(persen(Some("x")), "-");
    }
}
