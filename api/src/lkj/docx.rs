//! The report as an editable Word document (docx-rs): A4, a cover, a table of contents Word
//! fills in on opening, chapters on new pages with Heading styles (so the satker's own text
//! slots into the outline), tables whose header row repeats on every page, and a footer with
//! the satker, year and page number on each page.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts, Shading, Style,
    StyleType, Table, TableCell, TableOfContents, TableRow, WidthType,
};

use super::{Blok, Laporan, Tabel};
use crate::error::AppError;

/// Half-points: Word's unit of font size.
const TEKS: usize = 22;
const KECIL: usize = 18;

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

fn tabel(t: &Tabel) -> Table {
    let kanan = |i: usize| t.angka.get(i).copied().unwrap_or(false);
    // The header row is marked "can't split"; the marking is turned into "repeat as header row"
    // when the document is packed (see [`ulang_kepala`]).
    let mut rows =
        vec![TableRow::new(t.kepala.iter().map(|k| sel(k, false, true, Some("D9E1F2"))).collect()).cant_split()];
    for r in &t.baris {
        rows.push(TableRow::new(r.iter().enumerate().map(|(i, c)| sel(c, kanan(i), false, None)).collect()));
    }
    if let Some(j) = &t.jumlah {
        rows.push(TableRow::new(j.iter().enumerate().map(|(i, c)| sel(c, kanan(i), true, Some("F2F2F2"))).collect()));
    }
    Table::new(rows).width(5000, WidthType::Pct)
}

/// docx-rs has no "repeat header row" (`w:tblHeader`): the header rows, and only they, carry
/// `w:cantSplit`, and each gets `w:tblHeader` beside it.
pub(crate) fn ulang_kepala(document: Vec<u8>) -> Result<Vec<u8>, AppError> {
    let xml = String::from_utf8(document).map_err(AppError::internal)?;
    Ok(xml.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />").into_bytes())
}

fn gaya(id: &str, nama: &str, ukuran: usize) -> Style {
    Style::new(id, StyleType::Paragraph).name(nama).size(ukuran).bold()
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
        .add_style(gaya("Heading1", "Heading 1", 30))
        .add_style(gaya("Heading2", "Heading 2", 25))
        .footer(kaki);

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
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(&l.asal).size(KECIL)))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
        .add_paragraph(Paragraph::new().add_run(run("DAFTAR ISI").size(26).bold()))
        .add_table_of_contents(TableOfContents::new().heading_styles_range(1, 2).alias("Daftar Isi").auto());

    for b in &l.blok {
        d = match b {
            Blok::Judul { tingkat: 1, teks, .. } => {
                d.add_paragraph(Paragraph::new().style("Heading1").page_break_before(true).add_run(run(teks)))
            }
            Blok::Judul { teks, .. } => {
                d.add_paragraph(Paragraph::new().style("Heading2").keep_next(true).add_run(run(teks)))
            }
            Blok::Paragraf(t) => t.split("\n\n").fold(d, |d, p| d.add_paragraph(paragraf(p))),
            Blok::Isian(t) => d.add_paragraph(Paragraph::new().add_run(run(t).size(TEKS).italic().color("7A4B00"))),
            Blok::Tabel(t) => d
                .add_paragraph(Paragraph::new().keep_next(true).add_run(run(&t.judul).size(TEKS).bold()))
                .add_table(tabel(t))
                .add_paragraph(Paragraph::new()),
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
    let mut xml = d.build();
    xml.document = ulang_kepala(xml.document)?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(AppError::internal)?;
    Ok(out.into_inner())
}
