//! A satker's anggaran of one year as the workbook its planner works in: a sheet of
//! instructions, then the stored lines (or an empty template), input cells unlocked, computed
//! cells (sisa, penyerapan, totals) locked, shaded and written as formulas that follow what is
//! typed, lists for the closed vocabularies (jenis belanja with its name beside its code), the
//! document's version (its ETag) in a marked cell, and A4 landscape print setup.

use rust_xlsxwriter::Workbook;

use super::cetak::{petunjuk, rumus_persen, rumus_rupiah, sel};
use super::unggah::{Kolom, Spek};
use super::{Gaya, Isian, daftar, kepala_dokumen, kepala_kolom, rupiah};
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
    Kolom::kode("Jenis belanja", 22.0, "jenis_belanja"),
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

/// What the instructions sheet says of this workbook.
const PETUNJUK: [&str; 3] = [
    "Satu baris per baris anggaran (akun). Pagu dan realisasi dalam rupiah penuh tanpa desimal.",
    "Realisasi bulanan Jan–Des: isi bulan yang sudah berjalan. Bila satu bulan diisi, bulan yang kosong dihitung Rp0. Baris tanpa rincian bulanan tidak masuk kurva penyerapan bulanan, dan laporan menyebut berapa bagian pagu yang tercakup.",
    "Jenis belanja dan sumber dana dipilih dari daftar. Jenis belanja tertulis dengan namanya (52 Belanja Barang); yang dibaca hanya kodenya.",
];

/// Jenis belanja as the workbook offers it: its code, then its name.
fn jenis_belanja(j: JenisBelanja) -> String {
    format!("{} {}", j.kode(), j.nama())
}

/// The workbook's bytes: `v` as stored, or an empty template when none is.
pub fn tulis(satker: &SatkerRef, tahun: i32, v: Option<&AnggaranView>) -> Result<Vec<u8>, AppError> {
    let g = Gaya::new();
    let Isian { teks: isian, rupiah: isian_rupiah, hitung_rupiah, hitung_persen, .. } = Isian::new(&g);

    let mut wb = Workbook::new();
    petunjuk(&mut wb, &format!("Anggaran {} {tahun}", satker.nama), &PETUNJUK)?;
    let ws = wb.add_worksheet();
    ws.set_name("Anggaran")?;
    let start =
        kepala_dokumen(ws, &g, "Anggaran (pagu dan realisasi)", (satker, tahun, None), v.map(|v| (v.status, v.versi)))?;
    let header = start + 4;
    kepala_kolom(ws, &g, header, &KOLOM)?;
    let baris = v.map(|v| v.baris.as_slice()).unwrap_or_default();
    let mut row = header + 1;
    for b in baris {
        let l = &b.baris;
        let jenis = jenis_belanja(l.jenis_belanja);
        let teks = [
            Some(l.program_kode.as_str()),
            Some(l.program_nama.as_str()),
            l.kegiatan_kode.as_deref(),
            l.kegiatan_nama.as_deref(),
            l.akun.as_deref(),
            Some(jenis.as_str()),
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
        dihitung(ws, row, (Some(b.sisa), b.persen_penyerapan.as_deref()), (&hitung_rupiah, &hitung_persen))?;
        row += 1;
    }
    let akhir = row + BARIS_KOSONG - 1;
    for r in row..=akhir {
        for col in 0..22_u16 {
            ws.write_blank(r, col, if col >= 8 { &isian_rupiah } else { &isian })?;
        }
        dihitung(ws, r, (None, None), (&hitung_rupiah, &hitung_persen))?;
    }
    // The totals, above the table so that new lines can be added below it, over every row.
    let total = v.map(|v| &v.total);
    let (awal, jumlah) = (sel(header + 1, 8), sel(akhir, 8));
    let (awal_r, jumlah_r) = (sel(header + 1, 9), sel(akhir, 9));
    ws.write_string_with_format(start, 0, "Total pagu (dihitung)", &g.label)?;
    rumus_rupiah(ws, (start, 1), &format!("=SUM({awal}:{jumlah})"), Some(total.map_or(0, |t| t.pagu)), &hitung_rupiah)?;
    ws.write_string_with_format(start + 1, 0, "Total realisasi (dihitung)", &g.label)?;
    let r = Some(total.map_or(0, |t| t.realisasi));
    rumus_rupiah(ws, (start + 1, 1), &format!("=SUM({awal_r}:{jumlah_r})"), r, &hitung_rupiah)?;
    ws.write_string_with_format(start + 2, 0, "Penyerapan (dihitung)", &g.label)?;
    let (p, q) = (sel(start, 1), sel(start + 1, 1));
    let penyerapan = total.and_then(|t| t.persen_penyerapan.as_deref());
    rumus_persen(ws, (start + 2, 1), &format!("=IF({p}=0,\"\",{q}/{p})"), penyerapan, &hitung_persen)?;

    let jenis: Vec<String> = JenisBelanja::ALL.iter().map(|j| jenis_belanja(*j)).collect();
    let jenis: Vec<&str> = jenis.iter().map(String::as_str).collect();
    let sumber: Vec<&str> = SumberDana::ALL.iter().map(|s| s.kode()).collect();
    ws.add_data_validation(header + 1, 5, akhir, 5, &daftar(&jenis, "jenis belanja")?)?;
    ws.add_data_validation(header + 1, 6, akhir, 6, &daftar(&sumber, "sumber dana")?)?;
    // Only the input cells can be changed (no password: this guards against slips, not people).
    ws.protect();
    Ok(wb.save_to_buffer()?)
}

/// A line's sisa and penyerapan as formulas of its pagu (I) and realisasi (J), empty while the
/// line has no pagu; the cached results are the service's figures.
fn dihitung(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    (sisa, persen): (Option<i64>, Option<&str>),
    (uang, pct): (&rust_xlsxwriter::Format, &rust_xlsxwriter::Format),
) -> Result<(), AppError> {
    let (pagu, realisasi) = (sel(row, 8), sel(row, 9));
    rumus_rupiah(ws, (row, 22), &format!("=IF({pagu}=\"\",\"\",{pagu}-{realisasi})"), sisa, uang)?;
    rumus_persen(ws, (row, 23), &format!("=IF(OR({pagu}=\"\",{pagu}=0),\"\",{realisasi}/{pagu})"), persen, pct)
}
