//! The agreement as an editable Word document (docx-rs), in the decree's page setup and type:
//! the parties in a borderless Nama/Jabatan table, the two signature blocks side by side in a
//! borderless two-column table, the Lampiran on a new page with its header rows repeating, a
//! sasaran and its number merged down the rows they hold, anggaran right-aligned.

use docx_rs::{
    AlignmentType, BreakType, Docx, Paragraph, Run, Shading, Table, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::{Naskah, TandaTangan};
use crate::error::AppError;
use crate::keputusan::docx::{KECIL, LEBAR, baru, kemas, p, run, sel, sel_lampiran, sel_rentang, tengah};

/// The two signature blocks side by side, the place and date above the right one.
fn tanda_tangan(d: Docx, n: &Naskah) -> Docx {
    let blok = |t: &TandaTangan, atas: Option<&str>| {
        let mut par = vec![Paragraph::new().align(AlignmentType::Center).add_run(run(atas.unwrap_or("")))];
        par.push(tengah(&t.peran, false));
        par.extend(t.jabatan.iter().map(|j| tengah(j, true)));
        par.extend((0..3).map(|_| Paragraph::new()));
        par.push(tengah(&t.nama, true));
        sel(par, LEBAR / 2)
    };
    let baris = TableRow::new(vec![blok(&n.ttd[0], None), blok(&n.ttd[1], Some(&n.tempat_tanggal))]);
    let tabel = Table::without_borders(vec![baris])
        .set_grid(vec![LEBAR / 2, LEBAR / 2])
        .layout(TableLayoutType::Fixed)
        .width(LEBAR, WidthType::Dxa);
    d.add_paragraph(Paragraph::new()).add_table(tabel)
}

fn kepala(judul: &[&str], lebar: &[usize]) -> TableRow {
    TableRow::new(
        judul
            .iter()
            .zip(lebar)
            .map(|(t, w)| sel_lampiran(t, *w, true).shading(Shading::new().fill("E7E6E6")))
            .collect(),
    )
    .cant_split()
}

fn kanan(t: &str, lebar: usize, tebal: bool) -> TableCell {
    let r = Run::new().add_text(t).size(KECIL);
    let par = Paragraph::new().align(AlignmentType::Right).add_run(if tebal { r.bold() } else { r });
    TableCell::new().add_paragraph(par).width(lebar, WidthType::Dxa)
}

fn tabel_sasaran(n: &Naskah) -> Table {
    let lebar = [500, 2900, 4154, 1800];
    let mut rows = vec![kepala(&["No", "Sasaran Strategis", "Indikator Kinerja", "Target"], &lebar)];
    for b in &n.sasaran {
        rows.push(TableRow::new(vec![
            sel_rentang(&b.no, lebar[0]),
            sel_rentang(&b.sasaran, lebar[1]),
            sel_lampiran(&b.indikator, lebar[2], false),
            sel_lampiran(&b.target, lebar[3], false),
        ]));
    }
    Table::new(rows).set_grid(lebar.to_vec()).layout(TableLayoutType::Fixed).width(LEBAR, WidthType::Dxa)
}

fn tabel_program(n: &Naskah) -> Table {
    let lebar = [500, 6054, 2800];
    let mut rows = vec![kepala(&["No", "Program", "Anggaran"], &lebar)];
    for [no, program, anggaran] in &n.program {
        rows.push(TableRow::new(vec![
            sel_lampiran(no, lebar[0], false),
            sel_lampiran(program, lebar[1], false),
            kanan(anggaran, lebar[2], false),
        ]));
    }
    rows.push(TableRow::new(vec![
        sel_lampiran("", lebar[0], true),
        sel_lampiran("Jumlah", lebar[1], true),
        kanan(&n.jumlah, lebar[2], true),
    ]));
    Table::new(rows).set_grid(lebar.to_vec()).layout(TableLayoutType::Fixed).width(LEBAR, WidthType::Dxa)
}

/// The document's bytes.
pub fn tulis(n: &Naskah) -> Result<Vec<u8>, AppError> {
    kemas(isi(baru(&n.kaki), n))
}

/// The agreement and its Lampiran added to `d`: the document itself, or the LKj it is annexed to.
pub(crate) fn isi(mut d: Docx, n: &Naskah) -> Docx {
    for j in &n.kop {
        d = d.add_paragraph(tengah(j, true));
    }
    d = d.add_paragraph(Paragraph::new());
    for j in &n.judul {
        d = d.add_paragraph(tengah(j, true));
    }
    d = d.add_paragraph(Paragraph::new()).add_paragraph(p(&n.pembuka));
    let lebar = [1300, 250, LEBAR - 1550];
    for pihak in &n.pihak {
        let baris = [("Nama", &pihak.nama), ("Jabatan", &pihak.jabatan)]
            .into_iter()
            .map(|(label, isi)| {
                TableRow::new(vec![
                    sel(vec![Paragraph::new().add_run(run(label))], lebar[0]),
                    sel(vec![Paragraph::new().add_run(run(":"))], lebar[1]),
                    sel(vec![p(isi)], lebar[2]),
                ])
            })
            .collect();
        let tabel = Table::without_borders(baris)
            .set_grid(lebar.to_vec())
            .layout(TableLayoutType::Fixed)
            .width(LEBAR, WidthType::Dxa);
        d = d.add_table(tabel).add_paragraph(p(&pihak.sebutan));
    }
    for isi in &n.isi {
        d = d.add_paragraph(Paragraph::new()).add_paragraph(p(isi));
    }
    d = tanda_tangan(d, n);
    // The Lampiran, on a page of its own.
    d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    for j in &n.lampiran_judul {
        d = d.add_paragraph(tengah(j, true));
    }
    d = d.add_paragraph(Paragraph::new()).add_table(tabel_sasaran(n));
    d = d.add_paragraph(Paragraph::new()).add_table(tabel_program(n));
    tanda_tangan(d, n)
}
