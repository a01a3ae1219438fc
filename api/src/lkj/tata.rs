//! How a table sits on paper, decided once for the Word document and the printable page: each
//! column's width from what it holds, and whether the table needs a landscape page.
//!
//! A text column is never narrower than its longest word (so no word breaks inside a cell:
//! "penyelenggara|an"), a number column never narrower than its longest figure (rupiah do not
//! wrap); what room is left goes to the columns with the most text. A table whose narrowest
//! layout does not fit a portrait A4 page gets a landscape one, and so does a long table whose
//! rows wrap so much that it takes fewer pages lying down (seed 001's Tabel 5: 26 indicators
//! with their sasaran, three portrait pages, under two landscape ones).

use super::Tabel;

/// Characters of table text (9 pt) across the text width of a portrait A4 page (16.5 cm).
pub const TEGAK: u32 = 96;
/// The same on a landscape page (25.2 cm).
pub const LANSKAP: u32 = 148;
/// What a cell's padding takes, in characters, and the narrowest a column is.
const PADDING: u32 = 3;
const MIN: u32 = 5;
/// A cell longer than this wraps anyway; it asks for no more room than this.
const PANJANG: u32 = 60;
/// Lines of table text (9 pt) on a portrait page, and on a landscape one.
const BARIS_TEGAK: u32 = 62;
const BARIS_LANSKAP: u32 = 42;

/// A table's layout: the page it needs and each column's share of the width, in thousandths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tata {
    pub lanskap: bool,
    pub lebar: Vec<u32>,
}

fn panjang(s: &str) -> u32 {
    u32::try_from(s.chars().count()).unwrap_or(u32::MAX)
}

/// The narrowest a column may be, and the width it would like, in characters.
fn ukuran(t: &Tabel) -> Vec<(u32, u32)> {
    let n = t.kepala.len();
    let mut out = vec![(1, 1); n];
    let jumlah = t.jumlah.iter();
    for baris in std::iter::once(&t.kepala).chain(t.baris.iter()).chain(jumlah) {
        for (i, sel) in baris.iter().enumerate().take(n) {
            let angka = t.angka.get(i).copied().unwrap_or(false);
            let kata = sel.split_whitespace().map(panjang).max().unwrap_or(0);
            let min = if angka { panjang(sel) } else { kata };
            let (a, b) = &mut out[i];
            *a = (*a).max(min);
            *b = (*b).max(panjang(sel).min(PANJANG)).max(min);
        }
    }
    out.into_iter().map(|(a, b)| ((a + PADDING).max(MIN), (b + PADDING).max(MIN))).collect()
}

/// Each column's width in characters across `ruang`.
fn bagi(u: &[(u32, u32)], ruang: u32) -> Vec<u32> {
    let min: u32 = u.iter().map(|x| x.0).sum();
    let mau: u32 = u.iter().map(|x| x.1).sum();
    if min >= ruang || mau <= min {
        u.iter().map(|x| x.0).collect()
    } else if mau <= ruang {
        u.iter().map(|x| x.1).collect()
    } else {
        // Every column its minimum, and the room left shared by what each would like more.
        let lebih = ruang - min;
        let ingin = mau - min;
        u.iter().map(|(a, b)| a + (b - a) * lebih / ingin).collect()
    }
}

/// The lines a cell of `teks` takes in a column `lebar` characters wide, words kept whole.
fn baris_sel(teks: &str, lebar: u32) -> u32 {
    let ruang = lebar.saturating_sub(PADDING).max(1);
    let (mut baris, mut isi) = (1, 0);
    for kata in teks.split_whitespace().map(panjang) {
        if isi > 0 && isi + 1 + kata > ruang {
            baris += 1;
            isi = 0;
        }
        isi += if isi > 0 { 1 + kata } else { kata };
    }
    baris
}

/// Roughly the lines the table takes with columns `lebar` wide.
fn tinggi(t: &Tabel, lebar: &[u32]) -> u32 {
    let jumlah = t.jumlah.iter();
    std::iter::once(&t.kepala)
        .chain(t.baris.iter())
        .chain(jumlah)
        .map(|r| r.iter().zip(lebar).map(|(s, w)| baris_sel(s, *w)).max().unwrap_or(1))
        .sum()
}

/// Shares in thousandths of `lebar` (characters), adding up to 1000.
fn per_seribu(lebar: &[u32]) -> Vec<u32> {
    let total: u32 = lebar.iter().sum::<u32>().max(1);
    let mut out: Vec<u32> = lebar.iter().map(|w| w * 1000 / total).collect();
    let sisa = 1000 - out.iter().sum::<u32>();
    if let Some(terlebar) = (0..out.len()).max_by_key(|&i| out[i]) {
        out[terlebar] += sisa;
    }
    out
}

/// The layout of `t`.
pub fn tata(t: &Tabel) -> Tata {
    let u = ukuran(t);
    let min: u32 = u.iter().map(|x| x.0).sum();
    let tegak = bagi(&u, TEGAK);
    let miring = bagi(&u, LANSKAP);
    // Pages, in tenths, each way round.
    let halaman = |lebar: &[u32], per_halaman: u32| tinggi(t, lebar) * 10 / per_halaman;
    let lanskap = min > TEGAK || halaman(&miring, BARIS_LANSKAP) + 3 < halaman(&tegak, BARIS_TEGAK);
    Tata { lanskap, lebar: per_seribu(if lanskap { &miring } else { &tegak }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lkj::tabel;

    #[test]
    fn no_column_is_narrower_than_its_longest_word_or_figure() {
        let t = tabel(
            "Tabel 5.".into(),
            &["No", "Sasaran", "Capaian"],
            &[true, false, true],
            vec![vec![
                "1".into(),
                "Terwujudnya penyelenggaraan pemilu yang demokratis dan berintegritas di seluruh wilayah".into(),
                "117,75%".into(),
            ]],
        );
        let l = tata(&t);
        assert!(!l.lanskap);
        assert_eq!(l.lebar.iter().sum::<u32>(), 1000);
        // The text column gets the room; the others at least their content.
        let ruang = |i: usize| l.lebar[i] * TEGAK / 1000;
        assert!(ruang(0) >= MIN, "{l:?}");
        assert!(ruang(1) >= "penyelenggaraan".len() as u32 + PADDING, "{l:?}");
        assert!(ruang(2) >= "117,75%".len() as u32 + PADDING - 1, "{l:?}");
        assert!(l.lebar[1] > l.lebar[2] && l.lebar[2] > l.lebar[0], "{l:?}");
    }

    #[test]
    fn a_table_too_wide_for_portrait_is_landscape() {
        let kepala = ["Kode", "Satker", "Pagu (Rp)", "Realisasi (Rp)", "Sisa (Rp)", "Kelengkapan", "Penyerapan"];
        let baris = vec![vec![
            "18.03".to_string(),
            "KPU Kabupaten Lampung Utara".into(),
            "77.452.486.000".into(),
            "77.319.385.462".into(),
            "133.100.538".into(),
            "100,00%".into(),
            "99,83%".into(),
        ]];
        let sempit = tata(&tabel("t".into(), &kepala, &[false, false, true, true, true, true, true], baris.clone()));
        assert!(!sempit.lanskap);
        let mut kepala12 = kepala.to_vec();
        kepala12.extend(["Diajukan pada", "Tepat waktu", "Temuan", "Kategori", "Capaian"]);
        let mut b = baris[0].clone();
        b.extend(["25 November 2026".to_string(), "ya".into(), "3".into(), "Sangat Berhasil".into(), "103,24%".into()]);
        let lebar = tata(&tabel("t".into(), &kepala12, &[false; 12], vec![b]));
        assert!(lebar.lanskap, "{lebar:?}");
    }

    #[test]
    fn a_long_table_of_wrapping_rows_lies_down_a_short_one_does_not() {
        let sasaran = "Terwujudnya sistem administrasi penyelenggaraan Pemilu yang tertib, efektif dan efisien";
        let indikator = "SS7 Persentase KPU Provinsi dan KPU Kabupaten/Kota yang Menyampaikan Laporan \
                         Pertanggungjawaban Penggunaan Anggaran berbasis SIMONIKA yang Tepat Waktu dan Valid";
        let baris = |n: usize| {
            (0..n)
                .map(|i| {
                    vec![
                        (i + 1).to_string(),
                        sasaran.into(),
                        indikator.into(),
                        "95%".into(),
                        "95%".into(),
                        "100%".into(),
                    ]
                })
                .collect::<Vec<_>>()
        };
        let kepala = ["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian"];
        let angka = [true, false, false, true, true, true];
        assert!(tata(&tabel("t".into(), &kepala, &angka, baris(26))).lanskap);
        assert!(!tata(&tabel("t".into(), &kepala, &angka, baris(3))).lanskap);
        assert_eq!(baris_sel("satu dua tiga", 3 + PADDING), 3);
        assert_eq!(baris_sel("satu dua tiga", 13 + PADDING), 1);
    }
}
