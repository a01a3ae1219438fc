//! The report as an editable Word document (docx-rs): A4, a cover without a page number, the
//! Kata Pengantar signed, a Daftar Isi whose page numbers both Word and LibreOffice fill in,
//! chapters on new pages with Heading styles (so the satker's own text slots into the
//! outline), tables laid out by [`super::tata`] (widths from their content, a sasaran merged
//! down its rows, the header row repeating, the widest in landscape sections), the PK as
//! Lampiran, and a footer with the satker, year and page number.

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, Hyperlink, HyperlinkType, InstrPAGEREF, InstrText,
    PageMargin, PageNum, Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, Tab, TabLeaderType, TabValueType,
    Table, TableCell, TableLayoutType, TableRow, VMergeType, WidthType,
};

use super::kemas::{self, Seksi};
use super::{Blok, Gabung, Laporan, Pengesahan, Tabel};
use crate::error::AppError;

/// Half-points: Word's unit of font size.
const TEKS: usize = 22;
const KECIL: usize = 18;
/// The text width of a portrait page with these margins (the decree's and the PK's too), and
/// of a landscape one, in twips.
pub(super) const LEBAR_TEGAK: usize = crate::keputusan::docx::LEBAR;
pub(super) const LEBAR_LANSKAP: usize = 16838 - 1418 - 1134;

fn run(t: &str) -> Run {
    Run::new().add_text(t)
}

fn paragraf(t: &str) -> Paragraph {
    Paragraph::new().add_run(run(t).size(TEKS))
}

fn sel(t: &str, kanan: bool, tebal: bool, latar: Option<&str>) -> TableCell {
    let mut r = run(t).size(KECIL);
    if tebal {
        r = r.bold();
    }
    let mut p = Paragraph::new().add_run(r);
    if kanan {
        p = p.align(AlignmentType::Right);
    }
    let c = TableCell::new().add_paragraph(p);
    match latar {
        Some(warna) => c.shading(Shading::new().fill(warna)),
        None => c,
    }
}

/// The bookmark a heading carries, and the Daftar Isi points at.
fn penanda(id: &str) -> String {
    format!("_Toc_{}", id.replace('-', "_"))
}

/// The table `t` laid out as `tata` decided.
fn tabel(t: &Tabel, tata: &super::tata::Tata) -> Table {
    let total = if tata.lanskap { LEBAR_LANSKAP } else { LEBAR_TEGAK };
    let lebar: Vec<usize> = tata.lebar.iter().map(|&w| total * w as usize / 1000).collect();
    let kanan = |i: usize| t.angka.get(i).copied().unwrap_or(false);
    let w = |i: usize| lebar.get(i).copied().unwrap_or(0);
    // The header row is marked "can't split"; the marking is turned into "repeat as header row"
    // when the document is packed (see [`kemas::ulang_kepala`]).
    let mut rows = vec![
        TableRow::new(
            t.kepala
                .iter()
                .enumerate()
                .map(|(i, k)| sel(k, false, true, Some("D9E1F2")).width(w(i), WidthType::Dxa))
                .collect(),
        )
        .cant_split(),
    ];
    let gabungan = t.gabungan();
    for (n, r) in t.baris.iter().enumerate() {
        let cells = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cell = sel(c, kanan(i), false, None).width(w(i), WidthType::Dxa);
                match gabungan.get(n).and_then(|r| r.get(i)).copied().unwrap_or(Gabung::Biasa) {
                    Gabung::Mulai(_) => cell.vertical_merge(VMergeType::Restart),
                    Gabung::Lanjut => TableCell::new()
                        .add_paragraph(Paragraph::new())
                        .width(w(i), WidthType::Dxa)
                        .vertical_merge(VMergeType::Continue),
                    Gabung::Biasa => cell,
                }
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    if let Some(j) = &t.jumlah {
        rows.push(TableRow::new(
            j.iter()
                .enumerate()
                .map(|(i, c)| sel(c, kanan(i), true, Some("F2F2F2")).width(w(i), WidthType::Dxa))
                .collect(),
        ));
    }
    Table::new(rows).set_grid(lebar).layout(TableLayoutType::Fixed).width(total, WidthType::Dxa)
}

/// The officials side by side, the place and date above the rightmost; a name underlined,
/// the NIP under it.
fn pengesahan(p: &Pengesahan) -> Table {
    let n = p.penanda.len().max(1);
    // One official signs on the right half, as in seed 001; more share the width.
    let kolom = if n == 1 { 2 } else { n };
    let lebar = LEBAR_TEGAK / kolom;
    let tengah = |t: &str, tebal: bool| {
        let r = run(t).size(TEKS);
        Paragraph::new().align(AlignmentType::Center).add_run(if tebal { r.bold() } else { r })
    };
    let mut cells: Vec<TableCell> = Vec::new();
    if n == 1 {
        cells.push(TableCell::new().add_paragraph(Paragraph::new()).width(lebar, WidthType::Dxa));
    }
    for (i, s) in p.penanda.iter().enumerate() {
        let atas = if i + 1 == p.penanda.len() { p.tempat_tanggal.as_str() } else { "" };
        let mut c = TableCell::new().add_paragraph(tengah(atas, false));
        for j in &s.jabatan {
            c = c.add_paragraph(tengah(j, true));
        }
        for _ in 0..3 {
            c = c.add_paragraph(Paragraph::new());
        }
        c = c.add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(run(&s.nama).size(TEKS).bold().underline("single")),
        );
        if let Some(nip) = &s.nip {
            c = c.add_paragraph(tengah(&format!("NIP. {nip}"), false));
        }
        cells.push(c.width(lebar, WidthType::Dxa));
    }
    Table::without_borders(vec![TableRow::new(cells)])
        .set_grid(vec![lebar; kolom])
        .layout(TableLayoutType::Fixed)
        .width(LEBAR_TEGAK, WidthType::Dxa)
}

/// The Daftar Isi: every heading with a dot leader to its page number at the right margin.
/// The number is a PAGEREF field to the heading's bookmark, outside any TOC field: LibreOffice
/// lays it out as it opens the file, Word updates it on opening (the field is marked dirty and
/// the settings ask for it); the entries themselves are the generator's, so none is missing.
fn daftar_isi(mut d: Docx, l: &Laporan) -> Docx {
    d = d.add_paragraph(Paragraph::new().keep_next(true).add_run(run("DAFTAR ISI").size(26).bold()));
    for b in &l.blok {
        let Blok::Judul { tingkat, teks, id } = b else { continue };
        let nama = penanda(id);
        let isi = Hyperlink::new(&nama, HyperlinkType::Anchor)
            .add_run(run(teks).size(TEKS))
            .add_run(Run::new().add_tab())
            .add_run(Run::new().add_field_char(FieldCharType::Begin, true))
            .add_run(Run::new().add_instr_text(InstrText::PAGEREF(InstrPAGEREF::new(&nama).hyperlink())))
            .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
            .add_run(run("").size(TEKS))
            .add_run(Run::new().add_field_char(FieldCharType::End, false));
        let mut p = Paragraph::new()
            .add_tab(Tab::new().val(TabValueType::Right).leader(TabLeaderType::Dot).pos(LEBAR_TEGAK))
            .add_hyperlink(isi);
        if *tingkat > 1 {
            p = p.indent(Some(440), None, None, None);
        }
        d = d.add_paragraph(p);
    }
    d
}

fn gaya(id: &str, nama: &str, ukuran: usize, tingkat: usize) -> Style {
    Style::new(id, StyleType::Paragraph).name(nama).size(ukuran).bold().outline_lvl(tingkat)
}

/// The document's bytes.
pub fn tulis(l: &Laporan) -> Result<Vec<u8>, AppError> {
    let kaki = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(&format!("{} · Halaman ", l.kaki)).size(KECIL))
            .add_page_num(PageNum::new()),
    );
    let mut d = Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1134).bottom(1361).left(1418).right(1134))
        .default_fonts(RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman"))
        .add_style(gaya("Heading1", "heading 1", 30, 0))
        .add_style(gaya("Heading2", "heading 2", 25, 1))
        .footer(kaki)
        // The cover carries no page number.
        .first_footer(Footer::new().add_paragraph(Paragraph::new()));

    // The cover.
    d = d
        .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::TextWrapping)).size(TEKS))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(&l.judul).size(52).bold()))
        .add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(run(&l.satker.to_uppercase()).size(32).bold()),
        )
        .add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(run(&format!("TAHUN {}", l.tahun)).size(32)),
        )
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(&l.asal).size(KECIL)));

    let mut bookmark = 0;
    for b in &l.blok {
        d = match b {
            Blok::Judul { tingkat, teks, id } => {
                bookmark += 1;
                let p = Paragraph::new()
                    .style(if *tingkat == 1 { "Heading1" } else { "Heading2" })
                    .add_bookmark_start(bookmark, penanda(id))
                    .add_run(run(teks))
                    .add_bookmark_end(bookmark);
                d.add_paragraph(if *tingkat == 1 { p.page_break_before(true) } else { p.keep_next(true) })
            }
            Blok::DaftarIsi => {
                daftar_isi(d.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))), l)
            }
            Blok::Paragraf(t) => t.split("\n\n").fold(d, |d, p| d.add_paragraph(paragraf(p))),
            Blok::Isian(t) => d.add_paragraph(Paragraph::new().add_run(run(t).size(TEKS).italic().color("7A4B00"))),
            Blok::Pengesahan(p) => d.add_paragraph(Paragraph::new()).add_table(pengesahan(p)),
            Blok::Perjanjian(n) => crate::perjanjian::docx::isi(d, n),
            Blok::Tabel(t) => {
                let tata = super::tata::tata(t);
                let lanskap = tata.lanskap;
                if lanskap {
                    d = kemas::putus(d, Seksi::Tegak);
                }
                d = d
                    .add_paragraph(Paragraph::new().keep_next(true).add_run(run(&t.judul).size(TEKS).bold()))
                    .add_table(tabel(t, &tata))
                    .add_paragraph(Paragraph::new());
                if lanskap { kemas::putus(d, Seksi::Lanskap) } else { d }
            }
            Blok::Grafik(g) => {
                // 16 cm wide, in proportion.
                let lebar = 16 * 360_000_u32;
                let tinggi = lebar / super::grafik::LEBAR * super::grafik::TINGGI;
                let pic = Pic::new_with_dimensions(super::grafik::png(g)?, super::grafik::LEBAR, super::grafik::TINGGI)
                    .size(lebar, tinggi);
                d.add_paragraph(Paragraph::new().keep_next(true).add_run(run(&g.judul).size(TEKS).bold()))
                    .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_image(pic)))
            }
        };
    }
    kemas::kemas(d)
}
