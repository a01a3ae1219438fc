//! A satker's anggaran of one year as the workbook its planner works in: the stored lines (or
//! an empty template), input cells unlocked, computed cells (sisa, penyerapan, totals) locked
//! and shaded, lists for the closed vocabularies, and the document's version (its ETag) in a
//! marked cell.

use rust_xlsxwriter::Workbook;

use super::unggah::{Kolom, Spek};
use super::{Gaya, Isian, daftar, desimal, kepala_dokumen, kepala_kolom, rupiah};
use crate::domain::dokumen::MAKS_BARIS_ANGGARAN;
use crate::domain::kode::{JenisBelanja, SumberDana};
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::view::AnggaranView;

/// Empty input rows offered below the stored lines, for new lines.
const BARIS_KOSONG: u32 = 100;

/// The columns of the line table: the 22 input fields of the JSON API, then two computed.
const KOLOM: [Kolom; 24] = [
    Kolom::teks("Kode program", 14.0, "program_kode"),
    Kolom::teks("Nama program", 32.0, "program_nama"),
    Kolom::teks("Kode kegiatan", 12.0, "kegiatan_kode"),
    Kolom::teks("Nama kegiatan", 28.0, "kegiatan_nama"),
    Kolom::teks("Akun", 10.0, "akun"),
    Kolom::teks("Jenis belanja", 10.0, "jenis_belanja"),
    Kolom::teks("Sumber dana", 10.0, "sumber_dana"),
    Kolom::teks("Uraian", 28.0, "uraian"),
    Kolom::nilai("Pagu (Rp)", 18.0, "pagu"),
    Kolom::nilai("Realisasi (Rp)", 18.0, "realisasi"),
    Kolom::nilai("Jan", 14.0, "realisasi_bulanan[0]"),
    Kolom::nilai("Feb", 14.0, "realisasi_bulanan[1]"),
    Kolom::nilai("Mar", 14.0, "realisasi_bulanan[2]"),
    Kolom::nilai("Apr", 14.0, "realisasi_bulanan[3]"),
    Kolom::nilai("Mei", 14.0, "realisasi_bulanan[4]"),
    Kolom::nilai("Jun", 14.0, "realisasi_bulanan[5]"),
    Kolom::nilai("Jul", 14.0, "realisasi_bulanan[6]"),
    Kolom::nilai("Agu", 14.0, "realisasi_bulanan[7]"),
    Kolom::nilai("Sep", 14.0, "realisasi_bulanan[8]"),
    Kolom::nilai("Okt", 14.0, "realisasi_bulanan[9]"),
    Kolom::nilai("Nov", 14.0, "realisasi_bulanan[10]"),
    Kolom::nilai("Des", 14.0, "realisasi_bulanan[11]"),
    Kolom::dihitung("Sisa (Rp) — dihitung", 18.0),
    Kolom::dihitung("Penyerapan — dihitung", 12.0),
];

/// The anggaran sheet, as uploads are read. A month left blank in a line whose other months
/// are filled is Rp0, as a planner filling the months as they pass means it.
pub const SPEK: Spek = Spek {
    lembar: "Anggaran",
    wadah: "baris",
    kolom: &KOLOM,
    maks: MAKS_BARIS_ANGGARAN,
    kunci: &[],
    nol: &["realisasi_bulanan"],
};

/// The workbook's bytes: `v` as stored, or an empty template when none is.
pub fn tulis(satker: &SatkerRef, tahun: i32, v: Option<&AnggaranView>) -> Result<Vec<u8>, AppError> {
    let g = Gaya::new();
    let Isian { teks: isian, rupiah: isian_rupiah, hitung_rupiah, hitung_persen, .. } = Isian::new(&g);

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Anggaran")?;
    let start =
        kepala_dokumen(ws, &g, "Anggaran (pagu dan realisasi)", (satker, tahun, None), v.map(|v| (v.status, v.versi)))?;
    // The totals, computed, above the table so that new lines can be added below it.
    let total = v.map(|v| &v.total);
    ws.write_string_with_format(start, 0, "Total pagu (dihitung)", &g.label)?;
    rupiah(ws, start, 1, total.map_or(0, |t| t.pagu), &hitung_rupiah)?;
    ws.write_string_with_format(start + 1, 0, "Total realisasi (dihitung)", &g.label)?;
    rupiah(ws, start + 1, 1, total.map_or(0, |t| t.realisasi), &hitung_rupiah)?;
    ws.write_string_with_format(start + 2, 0, "Penyerapan (dihitung)", &g.label)?;
    desimal(ws, start + 2, 1, total.and_then(|t| t.persen_penyerapan.as_deref()), 100, &hitung_persen)?;

    let header = start + 4;
    kepala_kolom(ws, &g, header, &KOLOM)?;
    let baris = v.map(|v| v.baris.as_slice()).unwrap_or_default();
    let mut row = header + 1;
    for b in baris {
        let l = &b.baris;
        let teks = [
            Some(l.program_kode.as_str()),
            Some(l.program_nama.as_str()),
            l.kegiatan_kode.as_deref(),
            l.kegiatan_nama.as_deref(),
            l.akun.as_deref(),
            Some(l.jenis_belanja.kode()),
            Some(l.sumber_dana.kode()),
            l.uraian.as_deref(),
        ];
        for (col, t) in (0_u16..).zip(teks) {
            ws.write_string_with_format(row, col, t.unwrap_or_default(), &isian)?;
        }
        rupiah(ws, row, 8, l.pagu, &isian_rupiah)?;
        rupiah(ws, row, 9, l.realisasi, &isian_rupiah)?;
        for col in 10..22_u16 {
            match l.realisasi_bulanan.as_ref().and_then(|m| m.get(usize::from(col - 10))) {
                Some(v) => rupiah(ws, row, col, *v, &isian_rupiah)?,
                None => {
                    ws.write_blank(row, col, &isian_rupiah)?;
                }
            }
        }
        rupiah(ws, row, 22, b.sisa, &hitung_rupiah)?;
        desimal(ws, row, 23, b.persen_penyerapan.as_deref(), 100, &hitung_persen)?;
        row += 1;
    }
    let akhir = row + BARIS_KOSONG - 1;
    for r in row..=akhir {
        for col in 0..22_u16 {
            ws.write_blank(r, col, if col >= 8 { &isian_rupiah } else { &isian })?;
        }
    }
    let jenis: Vec<&str> = JenisBelanja::ALL.iter().map(|j| j.kode()).collect();
    let sumber: Vec<&str> = SumberDana::ALL.iter().map(|s| s.kode()).collect();
    ws.add_data_validation(header + 1, 5, akhir, 5, &daftar(&jenis, "jenis belanja")?)?;
    ws.add_data_validation(header + 1, 6, akhir, 6, &daftar(&sumber, "sumber dana")?)?;
    // Only the input cells can be changed (no password: this guards against slips, not people).
    ws.protect();
    Ok(wb.save_to_buffer()?)
}
