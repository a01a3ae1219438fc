//! The decree as an editable Word document (docx-rs): A4, Times New Roman, the lists beside
//! their labels in borderless tables with fixed column widths, the Lampiran on a new page with
//! its header row repeating and the Tujuan, Sasaran and No cells merged down the rows they hold,
//! a footer with the decree and page number.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, PageMargin, PageNum, Paragraph, Run, RunFonts, Shading, Table, TableCell,
    TableLayoutType, TableRow, VMergeType, WidthType,
};

use super::{Keputusan, Rentang, huruf};
use crate::error::AppError;

/// Half-points.
pub(crate) const TEKS: usize = 23;
pub(crate) const KECIL: usize = 19;
/// The text width of an A4 page with these margins, in twentieths of a point.
pub(crate) const LEBAR: usize = 9354;

pub(crate) fn run(t: &str) -> Run {
    Run::new().add_text(t).size(TEKS)
}

pub(crate) fn tengah(t: &str, tebal: bool) -> Paragraph {
    let r = if tebal { run(t).bold() } else { run(t) };
    Paragraph::new().align(AlignmentType::Center).add_run(r)
}

pub(crate) fn p(t: &str) -> Paragraph {
    Paragraph::new().align(AlignmentType::Both).add_run(run(t))
}

pub(crate) fn sel(paragraf: Vec<Paragraph>, lebar: usize) -> TableCell {
    paragraf.into_iter().fold(TableCell::new(), TableCell::add_paragraph).width(lebar, WidthType::Dxa)
}

/// Label | : | letter | text rows, without borders.
fn daftar(label: &str, butir: &[(String, Vec<String>)]) -> Table {
    let lebar = [1300, 250, 450, LEBAR - 2000];
    let rows = butir
        .iter()
        .enumerate()
        .map(|(i, (tanda, baris))| {
            let kepala = if i == 0 { label } else { "" };
            TableRow::new(vec![
                sel(vec![Paragraph::new().add_run(run(kepala))], lebar[0]),
                sel(vec![Paragraph::new().add_run(run(if i == 0 { ":" } else { "" }))], lebar[1]),
                sel(vec![Paragraph::new().add_run(run(tanda))], lebar[2]),
                sel(baris.iter().map(|b| p(b)).collect(), lebar[3]),
            ])
        })
        .collect();
    Table::without_borders(rows).set_grid(lebar.to_vec()).layout(TableLayoutType::Fixed).width(LEBAR, WidthType::Dxa)
}

fn tanda_tangan(d: Docx, k: &Keputusan) -> Docx {
    let kanan = |t: &str, tebal: bool| {
        let r = if tebal { run(t).bold() } else { run(t) };
        Paragraph::new().indent(Some(5200), None, None, None).add_run(r)
    };
    let mut d = d
        .add_paragraph(Paragraph::new())
        .add_paragraph(kanan(&k.tempat, false))
        .add_paragraph(kanan(&k.tanggal, false));
    d = d.add_paragraph(Paragraph::new());
    for j in &k.penetap.0 {
        d = d.add_paragraph(kanan(j, true));
    }
    for _ in 0..3 {
        d = d.add_paragraph(Paragraph::new());
    }
    d.add_paragraph(kanan(&k.penetap.1, true))
}

pub(crate) fn sel_lampiran(t: &str, lebar: usize, tebal: bool) -> TableCell {
    let r = Run::new().add_text(t).size(KECIL);
    let c = TableCell::new().add_paragraph(Paragraph::new().add_run(if tebal { r.bold() } else { r }));
    c.width(lebar, WidthType::Dxa)
}

/// A spanning cell: its text on the row that starts it, merged into the rows below.
pub(crate) fn sel_rentang(r: &Option<Rentang>, lebar: usize) -> TableCell {
    match r {
        Some(r) => sel_lampiran(&r.teks, lebar, false).vertical_merge(VMergeType::Restart),
        None => TableCell::new()
            .add_paragraph(Paragraph::new())
            .width(lebar, WidthType::Dxa)
            .vertical_merge(VMergeType::Continue),
    }
}

fn lampiran(k: &Keputusan) -> Table {
    let lebar = [500, 1800, 2000, 2350, LEBAR - 6650];
    let kepala = ["No", "Tujuan", "Sasaran Strategis", "Indikator Kinerja Utama", "Keterangan"];
    let mut rows = vec![
        TableRow::new(
            kepala
                .iter()
                .zip(lebar)
                .map(|(t, w)| sel_lampiran(t, w, true).shading(Shading::new().fill("E7E6E6")))
                .collect(),
        )
        .cant_split(),
    ];
    for b in &k.tabel {
        rows.push(TableRow::new(vec![
            sel_rentang(&b.no, lebar[0]),
            sel_rentang(&b.tujuan, lebar[1]),
            sel_rentang(&b.sasaran, lebar[2]),
            sel_lampiran(&b.indikator, lebar[3], false),
            sel_lampiran(&b.keterangan, lebar[4], false),
        ]));
    }
    Table::new(rows).set_grid(lebar.to_vec()).layout(TableLayoutType::Fixed).width(LEBAR, WidthType::Dxa)
}

/// An A4 document in Times New Roman whose footer names it (`kaki`) and numbers the page.
pub(crate) fn baru(kaki: &str) -> Docx {
    let kaki = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(format!("{kaki} · Halaman ")).size(16))
            .add_page_num(PageNum::new()),
    );
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1134).bottom(1247).left(1418).right(1134))
        .default_fonts(RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman"))
        .footer(kaki)
}

/// The bytes of `d`, each table's row marked can't-split repeating as its header.
pub(crate) fn kemas(d: Docx) -> Result<Vec<u8>, AppError> {
    let mut xml = d.build();
    // docx-rs has no "repeat as header row": the one row marked can't-split is the header.
    xml.document = crate::lkj::kemas::ulang_kepala(xml.document)?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(AppError::internal)?;
    Ok(out.into_inner())
}

/// The document's bytes.
pub fn tulis(k: &Keputusan) -> Result<Vec<u8>, AppError> {
    let mut d = baru(&k.kaki);
    for j in &k.kop {
        d = d.add_paragraph(tengah(j, true));
    }
    d = d.add_paragraph(Paragraph::new());
    for j in &k.judul {
        d = d.add_paragraph(tengah(j, true));
    }
    d = d
        .add_paragraph(Paragraph::new())
        .add_paragraph(tengah(&k.penetap_kepala, true))
        .add_paragraph(Paragraph::new());
    let menimbang: Vec<(String, Vec<String>)> =
        k.menimbang.iter().enumerate().map(|(i, t)| (format!("{}.", huruf(i)), vec![t.clone()])).collect();
    let mengingat: Vec<(String, Vec<String>)> =
        k.mengingat.iter().enumerate().map(|(i, t)| (format!("{}.", i + 1), vec![t.clone()])).collect();
    d = d.add_table(daftar("Menimbang", &menimbang)).add_paragraph(Paragraph::new());
    d = d.add_table(daftar("Mengingat", &mengingat)).add_paragraph(Paragraph::new());
    d = d.add_paragraph(tengah("MEMUTUSKAN:", true)).add_paragraph(Paragraph::new());
    let mut diktum = vec![(String::new(), vec![k.menetapkan.clone()])];
    diktum.extend(k.diktum.iter().cloned());
    // Menetapkan and the diktum: the label in the first column, the text beside it.
    let lebar = [1550, 250, LEBAR - 1800];
    let rows = diktum
        .iter()
        .enumerate()
        .map(|(i, (label, baris))| {
            let label = if i == 0 { "Menetapkan" } else { label.as_str() };
            TableRow::new(vec![
                sel(vec![Paragraph::new().add_run(run(label))], lebar[0]),
                sel(vec![Paragraph::new().add_run(run(":"))], lebar[1]),
                sel(baris.iter().map(|b| p(b)).collect(), lebar[2]),
            ])
        })
        .collect();
    d = d.add_table(
        Table::without_borders(rows)
            .set_grid(lebar.to_vec())
            .layout(TableLayoutType::Fixed)
            .width(LEBAR, WidthType::Dxa),
    );
    d = tanda_tangan(d, k);
    if let Some((baris, nama)) = &k.salinan {
        d = d.add_paragraph(Paragraph::new()).add_paragraph(Paragraph::new());
        for b in baris {
            d = d.add_paragraph(Paragraph::new().add_run(run(b)));
        }
        for _ in 0..3 {
            d = d.add_paragraph(Paragraph::new());
        }
        d = d.add_paragraph(Paragraph::new().add_run(run(nama)));
    }
    // The Lampiran, on a page of its own.
    d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    for (i, j) in k.lampiran_kepala.iter().enumerate() {
        let r = Run::new().add_text(j).size(KECIL);
        d = d.add_paragraph(Paragraph::new().indent(Some(4700), None, None, None).add_run(if i == 0 {
            r.bold()
        } else {
            r
        }));
    }
    d = d.add_paragraph(Paragraph::new());
    for j in &k.lampiran_judul {
        d = d.add_paragraph(tengah(j, true));
    }
    d = d.add_paragraph(Paragraph::new()).add_table(lampiran(k));
    kemas(tanda_tangan(d, k))
}
