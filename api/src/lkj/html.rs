//! The report as one self-contained page, ready to print on A4: styles inline, charts as inline
//! SVG, no script, no font or image fetched from anywhere. Chapters start on a new page, table
//! headers repeat on every page a table crosses, columns take the widths [`super::tata`] gives
//! them and the widest tables a landscape page of their own (CSS named pages), and each page's
//! footer carries the satker, year and page number (CSS paged media, as Chromium prints it).

use std::fmt::Write;

use super::{Blok, Gabung, Grafik, Laporan, Pengesahan, Tabel};
use crate::error::AppError;

pub use crate::keputusan::html::esc;

const GAYA: &str = r#"
@page { size: A4; margin: 2cm 2cm 2.4cm 2.5cm;
  @bottom-center { content: var(--kaki) " · Halaman " counter(page) " dari " counter(pages); font: 9pt sans-serif; color: #555; } }
@page sampul { @bottom-center { content: none; } }
@page lanskap { size: A4 landscape; }
body { font: 11pt/1.45 "Times New Roman", Times, serif; color: #000; max-width: 17cm; margin: 0 auto; }
@media print { body { max-width: none; } }
.sampul { text-align: center; padding-top: 6cm; break-after: page; page: sampul; }
.sampul h1 { font-size: 26pt; letter-spacing: .08em; margin-bottom: .2em; }
.sampul .satker { font-size: 16pt; font-weight: bold; }
.sampul .tahun { font-size: 16pt; margin-top: 1em; }
.sampul .asal { margin-top: 8cm; font-size: 9pt; color: #444; }
nav.isi { break-before: page; } nav.isi ol { list-style: none; padding-left: 0; } nav.isi ol ol { padding-left: 1.5em; }
nav.isi a { color: #000; text-decoration: none; }
h1 { font-size: 15pt; text-align: center; break-before: page; margin-top: 0; }
h2 { font-size: 12.5pt; margin-top: 1.2em; break-after: avoid; }
p.isian { color: #7a4b00; background: #fff6e0; border: 1px dashed #c99a2e; padding: .4em .6em; }
table.data { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: 9pt; table-layout: fixed; }
table.data caption { caption-side: top; font-weight: bold; text-align: left; padding-bottom: .3em; font-size: 10.5pt; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: top; overflow-wrap: normal; hyphens: manual; }
table.data thead { display: table-header-group; } table.data th { background: #d9e1f2; }
table.data tr { break-inside: avoid; } table.data td.angka { text-align: right; white-space: nowrap; }
table.data tr.jumlah td { font-weight: bold; background: #f2f2f2; }
.lanskap { page: lanskap; }
table.ttd { width: 100%; margin-top: 1.5em; break-inside: avoid; border-collapse: collapse; }
table.ttd td { text-align: center; vertical-align: top; } table.ttd p { margin: 0; }
table.ttd .tebal { font-weight: bold; } table.ttd .nama { margin-top: 3.5em; font-weight: bold; text-decoration: underline; }
figure { margin: .5em 0 1em; break-inside: avoid; } figcaption { font-weight: bold; font-size: 10pt; }
figure svg { display: block; }
@media screen { body { padding: 1cm; } h1 { border-top: 3px double #999; padding-top: 1cm; } .lanskap { max-width: 25cm; } }
"#;

/// The page's bytes.
pub fn tulis(l: &Laporan) -> Result<String, AppError> {
    let mut h = String::with_capacity(64 * 1024);
    let judul = format!("{} {} Tahun {}", l.judul, l.satker, l.tahun);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title>{}</title><style>:root {{ --kaki: \"{}\"; }}{GAYA}{}</style></head><body>",
        esc(&judul),
        esc(&l.kaki).replace('\\', "\\\\"),
        crate::perjanjian::html::GAYA_ISI
    );
    let _ = write!(
        h,
        "<section class=\"sampul\"><h1 style=\"break-before:auto\">{}</h1><div class=\"satker\">{}</div><div class=\"tahun\">TAHUN {}</div><p class=\"asal\">{}</p></section>",
        esc(&l.judul),
        esc(&l.satker.to_uppercase()),
        l.tahun,
        esc(&l.asal)
    );
    for b in &l.blok {
        match b {
            Blok::Judul { tingkat, teks, id } => {
                let _ = write!(h, "<h{tingkat} id=\"{}\">{}</h{tingkat}>", esc(id), esc(teks));
            }
            Blok::Paragraf(t) => {
                for p in t.split("\n\n") {
                    let _ = write!(h, "<p>{}</p>", esc(p).replace('\n', "<br>"));
                }
            }
            Blok::Isian(t) => {
                let _ = write!(h, "<p class=\"isian\">{}</p>", esc(t));
            }
            Blok::Tabel(t) => tabel(&mut h, t),
            Blok::Grafik(g) => grafik(&mut h, g)?,
            Blok::DaftarIsi => daftar_isi(&mut h, l),
            Blok::Pengesahan(p) => pengesahan(&mut h, p),
            Blok::Perjanjian(n) => {
                h.push_str("<section class=\"lampiran-pk\">");
                crate::perjanjian::html::isi(&mut h, n);
                h.push_str("</section>");
            }
        }
    }
    h.push_str("</body></html>\n");
    Ok(h)
}

/// The Daftar Isi: every heading, linked (a page has no page numbers until it is printed).
fn daftar_isi(h: &mut String, l: &Laporan) {
    h.push_str("<nav class=\"isi\"><h2>DAFTAR ISI</h2><ol>");
    let mut dalam = false;
    for b in &l.blok {
        if let Blok::Judul { tingkat, teks, id } = b {
            match (tingkat, dalam) {
                (1, true) => h.push_str("</ol></li>"),
                (2, false) => {
                    h.push_str("<li><ol>");
                    dalam = true;
                }
                _ => {}
            }
            if *tingkat == 1 {
                dalam = false;
            }
            let _ = write!(h, "<li><a href=\"#{}\">{}</a>", esc(id), esc(teks));
            if *tingkat == 2 {
                h.push_str("</li>");
            }
        }
    }
    h.push_str(if dalam { "</ol></li></ol></nav>" } else { "</ol></nav>" });
}

fn tabel(h: &mut String, t: &Tabel) {
    let tata = super::tata::tata(t);
    let _ = write!(
        h,
        "<div class=\"{}\"><table class=\"data\"><caption>{}</caption><colgroup>",
        if tata.lanskap { "lanskap" } else { "tegak" },
        esc(&t.judul)
    );
    for w in &tata.lebar {
        let _ = write!(h, "<col style=\"width:{}.{}%\">", w / 10, w % 10);
    }
    h.push_str("</colgroup><thead><tr>");
    for k in &t.kepala {
        let _ = write!(h, "<th>{}</th>", esc(k));
    }
    h.push_str("</tr></thead><tbody>");
    let gabungan = t.gabungan();
    let angka = |i: usize| if t.angka.get(i).copied().unwrap_or(false) { " class=\"angka\"" } else { "" };
    for (n, r) in t.baris.iter().enumerate() {
        h.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            match gabungan.get(n).and_then(|r| r.get(i)).copied().unwrap_or(Gabung::Biasa) {
                Gabung::Mulai(baris) => {
                    let _ = write!(h, "<td rowspan=\"{baris}\"{}>{}</td>", angka(i), esc(c));
                }
                Gabung::Lanjut => {}
                Gabung::Biasa => {
                    let _ = write!(h, "<td{}>{}</td>", angka(i), esc(c));
                }
            }
        }
        h.push_str("</tr>");
    }
    if let Some(j) = &t.jumlah {
        h.push_str("<tr class=\"jumlah\">");
        for (i, c) in j.iter().enumerate() {
            let _ = write!(h, "<td{}>{}</td>", angka(i), esc(c));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>");
}

/// The officials side by side, the place and date above the rightmost.
fn pengesahan(h: &mut String, p: &Pengesahan) {
    h.push_str("<table class=\"ttd\"><tr>");
    if p.penanda.len() == 1 {
        h.push_str("<td style=\"width:50%\"></td>");
    }
    for (i, s) in p.penanda.iter().enumerate() {
        let atas = if i + 1 == p.penanda.len() { esc(&p.tempat_tanggal) } else { "&nbsp;".into() };
        let _ = write!(h, "<td><p>{atas}</p>");
        for j in &s.jabatan {
            let _ = write!(h, "<p class=\"tebal\">{}</p>", esc(j));
        }
        let _ = write!(h, "<p class=\"nama\">{}</p>", esc(&s.nama));
        if let Some(nip) = &s.nip {
            let _ = write!(h, "<p>NIP. {}</p>", esc(nip));
        }
        h.push_str("</td>");
    }
    h.push_str("</tr></table>");
}

fn grafik(h: &mut String, g: &Grafik) -> Result<(), AppError> {
    let _ = write!(h, "<figure><figcaption>{}</figcaption>{}</figure>", esc(&g.judul), super::grafik::svg(g)?);
    Ok(())
}
