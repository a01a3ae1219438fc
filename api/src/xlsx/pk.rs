//! A satker's Perjanjian Kinerja of one year as a workbook: one row per indicator (or an empty
//! template), input cells unlocked, the capaian computed per triwulan locked and shaded, lists
//! for tipe nilai, polaritas and metode predikat, and the document's version in a marked cell.

use rust_xlsxwriter::Workbook;

use super::unggah::{Kolom, Spek};
use super::{Gaya, Isian, daftar, desimal, kepala_dokumen, kepala_kolom, nilai};
use crate::domain::capaian::{MetodePredikat, Polaritas};
use crate::domain::dokumen::MAKS_INDIKATOR;
use crate::domain::nilai::TipeNilai;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::view::{EntriKatalogView, PkView};

/// Empty input rows offered below the stored indicators.
const BARIS_KOSONG: u32 = 50;

/// The columns: 17 input (the fields of the JSON API, the catalogue code last), then the
/// stored capaian of each triwulan (computed).
const KOLOM: [Kolom; 21] = [
    Kolom::teks("Kode", 10.0, "kode"),
    Kolom::teks("Nama indikator", 40.0, "nama"),
    Kolom::teks("Tujuan", 24.0, "tujuan"),
    Kolom::teks("Sasaran", 24.0, "sasaran"),
    Kolom::teks("Definisi", 24.0, "definisi"),
    Kolom::teks("Satuan", 12.0, "satuan"),
    Kolom::teks("Tipe nilai", 12.0, "tipe_nilai"),
    Kolom::teks("Polaritas", 12.0, "polaritas"),
    Kolom::teks("Metode predikat", 12.0, "metode_predikat"),
    Kolom::nilai("Bobot", 8.0, "bobot"),
    Kolom::nilai("Target", 12.0, "target"),
    Kolom::nilai("Target atas (rentang)", 12.0, "target_atas"),
    Kolom::nilai("Target TW1", 11.0, "target_triwulan[0]"),
    Kolom::nilai("Target TW2", 11.0, "target_triwulan[1]"),
    Kolom::nilai("Target TW3", 11.0, "target_triwulan[2]"),
    Kolom::nilai("Target TW4", 11.0, "target_triwulan[3]"),
    Kolom::teks_baru("Katalog", 12.0, "katalog"),
    Kolom::dihitung("Capaian TW1 — dihitung", 12.0),
    Kolom::dihitung("Capaian TW2 — dihitung", 12.0),
    Kolom::dihitung("Capaian TW3 — dihitung", 12.0),
    Kolom::dihitung("Capaian TW4 — dihitung", 12.0),
];

/// The PK sheet, as uploads are read.
pub const SPEK: Spek =
    Spek { lembar: "PK", wadah: "indikator", kolom: &KOLOM, maks: MAKS_INDIKATOR, kunci: &[], nol: &[] };

/// Input columns: everything before the computed capaian.
const ISIAN: u16 = 17;
/// The catalogue column.
const KATALOG: u16 = 16;

/// The workbook's bytes: `v` as stored, or an empty template when none is.
pub fn tulis(
    satker: &SatkerRef,
    tahun: i32,
    v: Option<&PkView>,
    katalog: &[EntriKatalogView],
) -> Result<Vec<u8>, AppError> {
    let g = Gaya::new();
    let isian = Isian::new(&g);
    let mut wb = Workbook::new();
    super::cetak::petunjuk(
        &mut wb,
        &format!("Perjanjian Kinerja {} {tahun}", satker.nama),
        &[
            "Satu baris per indikator, dalam urutan Perjanjian Kinerja. Kode Katalog dipilih dari daftar di lembar Katalog; indikator milik satker sendiri dibiarkan tanpa kode katalog.",
            "Target tahunan dan target triwulan ditulis seperti di dokumen (87,5 atau 87,5%; B; WTP). Capaian triwulan di kanan dihitung dari realisasi yang sudah dilaporkan.",
            "Pihak penanda tangan, tempat, tanggal dan program tidak ada di buku kerja ini: yang tersimpan tetap seperti adanya saat buku kerja diunggah.",
        ],
    )?;
    let ws = wb.add_worksheet();
    ws.set_name("PK")?;
    let header = kepala_dokumen(ws, &g, "Perjanjian Kinerja", (satker, tahun, None), v.map(|v| (v.status, v.versi)))?;
    kepala_kolom(ws, &g, header, &KOLOM)?;
    let mut row = header + 1;
    for i in v.map(|v| v.indikator.as_slice()).unwrap_or_default() {
        // Text as typed; the target as stored ("87,5%", "B", "WTP"), a range as its two bounds.
        let rentang = i.polaritas == Polaritas::Rentang;
        let teks = [
            Some(i.kode.as_str()),
            Some(i.nama.as_str()),
            i.tujuan.as_deref(),
            i.sasaran.as_deref(),
            i.definisi.as_deref(),
            Some(i.satuan.as_str()),
            Some(i.tipe_nilai.as_str()),
            Some(i.polaritas.as_str()),
            i.metode_predikat.map(MetodePredikat::as_str),
        ];
        for (col, t) in (0_u16..).zip(teks) {
            ws.write_string_with_format(row, col, t.unwrap_or_default(), &isian.teks)?;
        }
        nilai(ws, row, 9, Some(&i.bobot), &isian.teks)?;
        if rentang {
            nilai(ws, row, 10, i.target_nilai.as_deref(), &isian.teks)?;
            nilai(ws, row, 11, i.target_atas.as_deref(), &isian.teks)?;
        } else {
            ws.write_string_with_format(row, 10, i.target.clone().unwrap_or_default(), &isian.teks)?;
            ws.write_blank(row, 11, &isian.teks)?;
        }
        for q in 0..4_u16 {
            let tw = i.target_triwulan.get(usize::from(q)).cloned().flatten();
            nilai(ws, row, 12 + q, tw.as_deref(), &isian.teks)?;
        }
        ws.write_string_with_format(row, KATALOG, i.katalog.as_deref().unwrap_or_default(), &isian.teks)?;
        for q in 1..=4_u16 {
            let capaian = i.capaian.iter().find(|c| u16::try_from(c.triwulan.nomor()) == Ok(q));
            let teks = capaian.and_then(|c| c.capaian.as_deref());
            desimal(ws, row, ISIAN - 1 + q, teks, 100, &isian.hitung_persen)?;
        }
        row += 1;
    }
    let akhir = super::baris_kosong(ws, (row, BARIS_KOSONG), ISIAN, &isian.teks)?;
    let tipe: Vec<&str> = TipeNilai::ALL.iter().map(|t| t.as_str()).collect();
    let polaritas = [Polaritas::Maksimal, Polaritas::Minimal, Polaritas::Rentang].map(Polaritas::as_str);
    let metode = [MetodePredikat::Ordinal, MetodePredikat::Skor].map(MetodePredikat::as_str);
    // Units are open (any unit may be typed); the list offers the usual ones and only warns.
    let satuan = ["persen", "laporan", "kali", "orang", "dokumen", "satker", "kegiatan", "indeks", "predikat"];
    let saran = daftar(&satuan, "satuan")?.set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Warning);
    ws.add_data_validation(header + 1, 5, akhir, 5, &saran)?;
    ws.add_data_validation(header + 1, 6, akhir, 6, &daftar(&tipe, "tipe nilai")?)?;
    ws.add_data_validation(header + 1, 7, akhir, 7, &daftar(&polaritas, "polaritas")?)?;
    ws.add_data_validation(header + 1, 8, akhir, 8, &daftar(&metode, "metode predikat")?)?;
    pilihan_katalog(&mut wb, &g, katalog, (header + 1, akhir, KATALOG), "PK")?;
    Ok(wb.save_to_buffer()?)
}

/// The catalogue the satker sees for the year's period, on a sheet of its own, offered as the
/// list of sheet `lembar`'s catalogue column (`baris`: first row, last row, column): a code
/// there makes the row that indicator. Protects sheet `lembar`.
pub(super) fn pilihan_katalog(
    wb: &mut Workbook,
    g: &Gaya,
    katalog: &[EntriKatalogView],
    (awal, akhir, kolom): (u32, u32, u16),
    lembar: &str,
) -> Result<(), AppError> {
    let aktif: Vec<&EntriKatalogView> = katalog.iter().filter(|e| !e.pensiun).collect();
    let ws = wb.worksheet_from_name(lembar)?;
    if !aktif.is_empty() {
        let akhir_katalog = u32::try_from(aktif.len()).unwrap_or(u32::MAX) + 1;
        let pilihan = rust_xlsxwriter::DataValidation::new()
            .allow_list_formula(rust_xlsxwriter::Formula::new(format!("=Katalog!$A$3:$A${}", akhir_katalog + 1)))
            .set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Warning)
            .set_error_message("Pilih kode dari lembar Katalog, atau kosongkan untuk indikator satker sendiri.")?;
        ws.add_data_validation(awal, kolom, akhir, kolom, &pilihan)?;
    }
    ws.protect();
    if !aktif.is_empty() {
        lembar_katalog(wb, g, &aktif, lembar)?;
    }
    Ok(())
}

/// The reference sheet of catalogue indicators a row of `lembar` may name.
fn lembar_katalog(wb: &mut Workbook, g: &Gaya, aktif: &[&EntriKatalogView], lembar: &str) -> Result<(), AppError> {
    let ws = wb.add_worksheet();
    ws.set_name("Katalog")?;
    let judul = format!("Katalog indikator (isi kolom Katalog di lembar {lembar} dengan kodenya)");
    ws.write_string_with_format(0, 0, judul, &g.judul)?;
    let kolom = [("Kode", 12.0), ("Nama indikator", 50.0), ("Satuan", 10.0), ("Tipe nilai", 11.0), ("Polaritas", 11.0)];
    super::kepala_tabel(ws, g, 1, &kolom)?;
    for (row, e) in (2_u32..).zip(aktif) {
        let isi = [e.kode.as_str(), e.nama.as_str(), e.satuan.as_str(), e.tipe_nilai.as_str(), e.polaritas.as_str()];
        for (col, t) in (0_u16..).zip(isi) {
            ws.write_string_with_format(row, col, t, &g.teks)?;
        }
    }
    ws.protect();
    Ok(())
}
