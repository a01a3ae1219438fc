//! The agreement as one self-contained page, ready to print on A4: styles inline, no script,
//! no font or image fetched; the Lampiran on a page of its own; every text escaped.

use std::fmt::Write;

use super::{Naskah, TandaTangan};
use crate::keputusan::html::{awal, esc, sel};

const GAYA: &str = r#"
@page { size: A4; margin: 2cm 2cm 2.2cm 2.5cm;
  @bottom-center { content: var(--kaki) " · Halaman " counter(page) " dari " counter(pages); font: 8.5pt sans-serif; color: #555; } }
body { font: 11.5pt/1.45 "Times New Roman", Times, serif; color: #000; max-width: 17cm; margin: 0 auto; }
"#;

/// The agreement's own styles, scoped to `.pk`: the document itself, or the LKj it is annexed to.
pub(crate) const GAYA_ISI: &str = r#"
.pk .kop, .pk .judul { text-align: center; font-weight: bold; margin-bottom: 1.2em; } .pk .kop { font-size: 13pt; }
.pk .kop p, .pk .judul p { margin: 0; }
.pk p.rata { text-align: justify; }
.pk table.pihak { border-collapse: collapse; margin: .3em 0 .3em 0; } .pk table.pihak td { vertical-align: top; padding: 0 .4em 0 0; }
.pk table.ttd { width: 100%; margin-top: 1.5em; break-inside: avoid; } .pk table.ttd td { width: 50%; text-align: center; vertical-align: top; }
.pk table.ttd p { margin: 0; } .pk table.ttd .tebal { font-weight: bold; } .pk table.ttd .nama { margin-top: 3.5em; font-weight: bold; }
.pk .lampiran { break-before: page; }
.pk .lampiran h2 { text-align: center; font-size: 11.5pt; margin: 0 0 .8em; }
.pk table.tabel { border-collapse: collapse; width: 100%; font-size: 10pt; margin-bottom: 1em; }
.pk table.tabel th, .pk table.tabel td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
.pk table.tabel th { background: #e7e6e6; } .pk thead { display: table-header-group; } .pk tr { break-inside: avoid; }
.pk td.angka { text-align: right; white-space: nowrap; } .pk tr.jumlah td { font-weight: bold; }
@media screen { .pk .lampiran { border-top: 3px double #999; padding-top: 1cm; margin-top: 2cm; } }
"#;

fn tanda_tangan(h: &mut String, n: &Naskah) {
    let blok = |h: &mut String, t: &TandaTangan, atas: &str| {
        let _ = write!(
            h,
            "<td><p>{}</p><p>{}</p>",
            if atas.is_empty() { "&nbsp;".into() } else { esc(atas) },
            esc(&t.peran)
        );
        for j in &t.jabatan {
            let _ = write!(h, "<p class=\"tebal\">{}</p>", esc(j));
        }
        let _ = write!(h, "<p class=\"nama\">{}</p></td>", esc(&t.nama));
    };
    h.push_str("<table class=\"ttd\"><tr>");
    blok(h, &n.ttd[0], "");
    blok(h, &n.ttd[1], &n.tempat_tanggal);
    h.push_str("</tr></table>");
}

/// The page's text.
pub fn tulis(n: &Naskah) -> String {
    let mut h = String::with_capacity(32 * 1024);
    awal(
        &mut h,
        (&n.judul_dokumen, &n.kaki, &format!("{GAYA}{GAYA_ISI}@media screen {{ body {{ padding: 1cm; }} }}")),
        &[],
        &[],
    );
    isi(&mut h, n);
    h.push_str("</body></html>");
    h
}

/// The agreement and its Lampiran as a `.pk` section: the page itself, or the LKj's annex.
pub(crate) fn isi(h: &mut String, n: &Naskah) {
    h.push_str("<section class=\"pk\">");
    crate::keputusan::html::baris_teks(h, "kop", &n.kop);
    crate::keputusan::html::baris_teks(h, "judul", &n.judul);
    let _ = write!(h, "<p class=\"rata\">{}</p>", esc(&n.pembuka));
    for p in &n.pihak {
        let _ = write!(
            h,
            "<table class=\"pihak\"><tr><td>Nama</td><td>:</td><td>{}</td></tr><tr><td>Jabatan</td><td>:</td><td>{}</td></tr></table><p>{}</p>",
            esc(&p.nama),
            esc(&p.jabatan),
            esc(&p.sebutan)
        );
    }
    for isi in &n.isi {
        let _ = write!(h, "<p class=\"rata\">{}</p>", esc(isi));
    }
    tanda_tangan(h, n);
    h.push_str("<section class=\"lampiran\">");
    let _ = write!(h, "<h2>{}</h2>", n.lampiran_judul.iter().map(|j| esc(j)).collect::<Vec<_>>().join("<br>"));
    h.push_str("<table class=\"tabel\"><colgroup><col style=\"width:5%\"><col style=\"width:31%\"><col style=\"width:46%\"><col style=\"width:18%\"></colgroup><thead><tr><th>No</th><th>Sasaran Strategis</th><th>Indikator Kinerja</th><th>Target</th></tr></thead><tbody>");
    for b in &n.sasaran {
        h.push_str("<tr>");
        sel(h, &b.no);
        sel(h, &b.sasaran);
        let _ = write!(h, "<td>{}</td><td>{}</td></tr>", esc(&b.indikator), esc(&b.target));
    }
    h.push_str("</tbody></table>");
    h.push_str("<table class=\"tabel\"><colgroup><col style=\"width:5%\"><col style=\"width:65%\"><col style=\"width:30%\"></colgroup><thead><tr><th>No</th><th>Program</th><th>Anggaran</th></tr></thead><tbody>");
    for [no, program, anggaran] in &n.program {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"angka\">{}</td></tr>",
            esc(no),
            esc(program),
            esc(anggaran)
        );
    }
    let _ = write!(
        h,
        "<tr class=\"jumlah\"><td></td><td>Jumlah</td><td class=\"angka\">{}</td></tr></tbody></table>",
        esc(&n.jumlah)
    );
    tanda_tangan(h, n);
    h.push_str("</section></section>");
}
