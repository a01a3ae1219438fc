//! A satker's Perjanjian Kinerja of one year as a workbook: one row per indicator (or an empty
//! template), input cells unlocked, the capaian computed per triwulan locked and shaded, lists
//! for tipe nilai, polaritas and metode predikat, and the document's version in a marked cell.

use rust_xlsxwriter::Workbook;

use super::{Gaya, Isian, daftar, kepala_dokumen, kepala_tabel};
use crate::domain::capaian::{MetodePredikat, Polaritas};
use crate::domain::nilai::TipeNilai;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::view::PkView;

/// Empty input rows offered below the stored indicators.
const BARIS_KOSONG: u32 = 50;

/// The columns: 15 input, then the stored capaian of each triwulan (computed).
const KOLOM: [(&str, f64); 19] = [
    ("Kode", 10.0),
    ("Nama indikator", 40.0),
    ("Tujuan", 24.0),
    ("Sasaran", 24.0),
    ("Definisi", 24.0),
    ("Satuan", 12.0),
    ("Tipe nilai", 12.0),
    ("Polaritas", 12.0),
    ("Metode predikat", 12.0),
    ("Bobot", 8.0),
    ("Target", 12.0),
    ("Target TW1", 11.0),
    ("Target TW2", 11.0),
    ("Target TW3", 11.0),
    ("Target TW4", 11.0),
    ("Capaian TW1 — dihitung", 12.0),
    ("Capaian TW2 — dihitung", 12.0),
    ("Capaian TW3 — dihitung", 12.0),
    ("Capaian TW4 — dihitung", 12.0),
];

/// The workbook's bytes: `v` as stored, or an empty template when none is.
pub fn tulis(satker: &SatkerRef, tahun: i32, v: Option<&PkView>) -> Result<Vec<u8>, AppError> {
    let g = Gaya::new();
    let isian = Isian::new(&g);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("PK")?;
    let header = kepala_dokumen(ws, &g, "Perjanjian Kinerja", (satker, tahun), v.map(|v| (v.status, v.versi)))?;
    kepala_tabel(ws, &g, header, &KOLOM)?;
    let mut row = header + 1;
    for i in v.map(|v| v.indikator.as_slice()).unwrap_or_default() {
        let tw = |q: usize| i.target_triwulan.get(q).cloned().flatten();
        let cells = [
            Some(i.kode.clone()),
            Some(i.nama.clone()),
            i.tujuan.clone(),
            i.sasaran.clone(),
            i.definisi.clone(),
            Some(i.satuan.clone()),
            Some(i.tipe_nilai.as_str().to_string()),
            Some(i.polaritas.as_str().to_string()),
            i.metode_predikat.map(|m| m.as_str().to_string()),
            Some(i.bobot.clone()),
            i.target.clone(),
            tw(0),
            tw(1),
            tw(2),
            tw(3),
        ];
        // Values as typed (text), so that "87,5" or "WTP" come back exactly as they went out.
        for (col, c) in (0_u16..).zip(cells) {
            ws.write_string_with_format(row, col, c.unwrap_or_default(), &isian.teks)?;
        }
        for q in 1..=4_u16 {
            let capaian = i.capaian.iter().find(|c| u16::try_from(c.triwulan.nomor()) == Ok(q));
            let teks = capaian.and_then(|c| c.capaian.clone()).unwrap_or_default();
            ws.write_string_with_format(row, 14 + q, teks, &isian.hitung_teks)?;
        }
        row += 1;
    }
    let akhir = row + BARIS_KOSONG - 1;
    for r in row..=akhir {
        for col in 0..15_u16 {
            ws.write_blank(r, col, &isian.teks)?;
        }
    }
    let tipe: Vec<&str> = TipeNilai::ALL.iter().map(|t| t.as_str()).collect();
    let polaritas = [Polaritas::Maksimal, Polaritas::Minimal, Polaritas::Rentang].map(Polaritas::as_str);
    let metode = [MetodePredikat::Ordinal, MetodePredikat::Skor].map(MetodePredikat::as_str);
    ws.add_data_validation(header + 1, 6, akhir, 6, &daftar(&tipe, "tipe nilai")?)?;
    ws.add_data_validation(header + 1, 7, akhir, 7, &daftar(&polaritas, "polaritas")?)?;
    ws.add_data_validation(header + 1, 8, akhir, 8, &daftar(&metode, "metode predikat")?)?;
    ws.protect();
    Ok(wb.save_to_buffer()?)
}
