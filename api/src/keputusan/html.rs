//! The decree as one self-contained page, ready to print on A4: styles inline, no script, no
//! font or image fetched; the Lampiran on a page of its own; every text escaped.

use std::fmt::Write;

use super::{Keputusan, Rentang, huruf};

/// Text made safe for HTML (content and attribute values).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const GAYA: &str = r#"
@page { size: A4; margin: 2cm 2cm 2.2cm 2.5cm;
  @bottom-center { content: var(--kaki) " · Halaman " counter(page) " dari " counter(pages); font: 8.5pt sans-serif; color: #555; } }
body { font: 11.5pt/1.45 "Times New Roman", Times, serif; color: #000; max-width: 17cm; margin: 0 auto; }
.tengah { text-align: center; } .tebal { font-weight: bold; }
.kop { text-align: center; font-weight: bold; font-size: 13pt; margin-bottom: 1.2em; }
.judul { text-align: center; font-weight: bold; margin-bottom: 1.2em; }
.judul p, .kop p { margin: 0; }
table.dasar { border-collapse: collapse; width: 100%; margin: .3em 0; }
table.dasar td { vertical-align: top; padding: 0 .3em .25em 0; text-align: justify; }
td.label { width: 6.2em; white-space: nowrap; } td.titik { width: 1em; } td.huruf { width: 1.8em; }
.memutuskan { text-align: center; font-weight: bold; margin: 1em 0 .6em; }
.ttd { margin-left: 55%; margin-top: 1.5em; } .ttd p { margin: 0; }
.ttd .nama { margin-top: 3.5em; font-weight: bold; }
.salinan { margin-top: 2em; width: 50%; } .salinan p { margin: 0; } .salinan .nama { margin-top: 3em; }
.lampiran { break-before: page; }
.lampiran .kepala { margin-left: 50%; font-size: 10pt; } .lampiran .kepala p { margin: 0; }
.lampiran h2 { text-align: center; font-size: 11.5pt; margin: 1.2em 0 .6em; }
table.lampiran-tabel { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
table.lampiran-tabel th, table.lampiran-tabel td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
table.lampiran-tabel th { background: #e7e6e6; } thead { display: table-header-group; } tr { break-inside: avoid; }
col.no { width: 5%; } col.tujuan { width: 19%; } col.sasaran { width: 21%; } col.iku { width: 25%; } col.ket { width: 30%; }
@media screen { body { padding: 1cm; } .lampiran { border-top: 3px double #999; padding-top: 1cm; margin-top: 2cm; } }
"#;

pub(crate) fn baris_teks(h: &mut String, kelas: &str, baris: &[String]) {
    let _ = write!(h, "<div class=\"{kelas}\">");
    for b in baris {
        let _ = write!(h, "<p>{}</p>", esc(b));
    }
    h.push_str("</div>");
}

/// A lettered or numbered list beside its label (Menimbang, Mengingat).
fn daftar(h: &mut String, label: &str, butir: &[String], tanda: impl Fn(usize) -> String) {
    h.push_str("<table class=\"dasar\">");
    for (i, b) in butir.iter().enumerate() {
        let kepala = if i == 0 {
            format!("<td class=\"label\">{label}</td><td class=\"titik\">:</td>")
        } else {
            "<td></td><td></td>".into()
        };
        let _ = write!(h, "<tr>{kepala}<td class=\"huruf\">{}.</td><td>{}</td></tr>", tanda(i), esc(b));
    }
    h.push_str("</table>");
}

pub(crate) fn sel(h: &mut String, r: &Option<Rentang>) {
    if let Some(r) = r {
        let _ = write!(h, "<td rowspan=\"{}\">{}</td>", r.rentang, esc(&r.teks));
    }
}

/// A page's start, up to its title block: the document's title, the footer text every printed
/// page carries (`kaki`), the styles, the letterhead (`kop`) and the title lines.
pub(crate) fn awal(h: &mut String, (judul_dokumen, kaki, gaya): (&str, &str, &str), kop: &[String], judul: &[String]) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title>{}</title><style>:root {{ --kaki: \"{}\"; }}{gaya}</style></head><body>",
        esc(judul_dokumen),
        esc(kaki).replace('\\', "\\\\")
    );
    baris_teks(h, "kop", kop);
    baris_teks(h, "judul", judul);
}

/// The page's text.
pub fn tulis(k: &Keputusan) -> String {
    let mut h = String::with_capacity(48 * 1024);
    awal(&mut h, (&k.judul_dokumen, &k.kaki, GAYA), &k.kop, &k.judul);
    let _ = write!(h, "<p class=\"tengah tebal\">{}</p>", esc(&k.penetap_kepala));
    daftar(&mut h, "Menimbang", &k.menimbang, huruf);
    daftar(&mut h, "Mengingat", &k.mengingat, |i| (i + 1).to_string());
    h.push_str("<p class=\"memutuskan\">MEMUTUSKAN:</p><table class=\"dasar\">");
    let _ = write!(
        h,
        "<tr><td class=\"label\">Menetapkan</td><td class=\"titik\">:</td><td>{}</td></tr>",
        esc(&k.menetapkan)
    );
    for (label, baris) in &k.diktum {
        let isi: Vec<String> = baris.iter().map(|b| esc(b)).collect();
        let _ = write!(
            h,
            "<tr><td class=\"label\">{}</td><td class=\"titik\">:</td><td>{}</td></tr>",
            esc(label),
            isi.join("<br>")
        );
    }
    h.push_str("</table>");
    let ttd = |h: &mut String, k: &Keputusan| {
        let _ = write!(h, "<div class=\"ttd\"><p>{}</p><p>{}</p><p>&nbsp;</p>", esc(&k.tempat), esc(&k.tanggal));
        for j in &k.penetap.0 {
            let _ = write!(h, "<p class=\"tebal\">{}</p>", esc(j));
        }
        let _ = write!(h, "<p class=\"nama\">{}</p></div>", esc(&k.penetap.1));
    };
    ttd(&mut h, k);
    if let Some((baris, nama)) = &k.salinan {
        h.push_str("<div class=\"salinan\">");
        for b in baris {
            let _ = write!(h, "<p>{}</p>", esc(b));
        }
        let _ = write!(h, "<p class=\"nama\">{}</p></div>", esc(nama));
    }
    h.push_str("<section class=\"lampiran\">");
    baris_teks(&mut h, "kepala", &k.lampiran_kepala);
    let _ = write!(h, "<h2>{}</h2>", k.lampiran_judul.iter().map(|j| esc(j)).collect::<Vec<_>>().join("<br>"));
    h.push_str("<table class=\"lampiran-tabel\"><colgroup><col class=\"no\"><col class=\"tujuan\"><col class=\"sasaran\"><col class=\"iku\"><col class=\"ket\"></colgroup>");
    h.push_str("<thead><tr><th>No</th><th>Tujuan</th><th>Sasaran Strategis</th><th>Indikator Kinerja Utama</th><th>Keterangan</th></tr></thead><tbody>");
    for b in &k.tabel {
        h.push_str("<tr>");
        sel(&mut h, &b.no);
        sel(&mut h, &b.tujuan);
        sel(&mut h, &b.sasaran);
        let _ = write!(h, "<td>{}</td><td>{}</td></tr>", esc(&b.indikator), esc(&b.keterangan));
    }
    h.push_str("</tbody></table>");
    ttd(&mut h, k);
    h.push_str("</section></body></html>");
    h
}
