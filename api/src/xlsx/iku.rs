//! A satker's IKU decree of one year as a workbook: the Lampiran, one row per indicator (or an
//! empty template), the catalogue offered as a list and as a sheet of its own, the document's
//! version in the marked cell. The decree's particulars (nomor, date, signatories, the
//! considerations) are not in the workbook: an upload keeps them as stored.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use super::unggah::{Kolom, Spek};
use super::{Gaya, Isian, kepala_dokumen, kepala_kolom};
use crate::domain::dokumen::iku::MAKS_BARIS;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::view::{EntriKatalogView, IkuView};

/// Empty input rows offered below the stored ones.
const BARIS_KOSONG: u32 = 30;

const KOLOM: [Kolom; 5] = [
    Kolom::teks("Tujuan", 30.0, "tujuan"),
    Kolom::teks("Sasaran strategis", 30.0, "sasaran"),
    Kolom::teks("Indikator kinerja utama", 44.0, "indikator"),
    Kolom::teks("Katalog", 12.0, "katalog"),
    Kolom::teks("Keterangan (definisi, cara ukur)", 50.0, "keterangan"),
];

/// The IKU sheet, as uploads are read.
pub const SPEK: Spek = Spek { lembar: "IKU", wadah: "baris", kolom: &KOLOM, maks: MAKS_BARIS, kunci: &[], nol: &[] };

/// The catalogue column.
const KATALOG: u16 = 3;

/// The workbook's bytes: `v` as stored, or an empty template when none is.
pub fn tulis(
    satker: &SatkerRef,
    tahun: i32,
    v: Option<&IkuView>,
    katalog: &[EntriKatalogView],
) -> Result<Vec<u8>, AppError> {
    let g = Gaya::new();
    let isian = Isian::new(&g);
    let mut wb = Workbook::new();
    super::cetak::petunjuk(
        &mut wb,
        &format!("Indikator Kinerja Utama {} {tahun}", satker.nama),
        &[
            "Satu baris per baris Lampiran keputusan IKU: tujuan, sasaran strategis, indikator, dan keterangan (definisi dan cara ukur).",
            "Nomor, tempat, tanggal, pejabat penetap, menimbang, mengingat dan diktum tidak ada di buku kerja ini: yang tersimpan tetap seperti adanya.",
        ],
    )?;
    let ws = wb.add_worksheet();
    ws.set_name("IKU")?;
    let judul = "Indikator Kinerja Utama (Lampiran keputusan)";
    let header = kepala_dokumen(ws, &g, judul, (satker, tahun, None), v.map(|v| (v.status, v.versi)))?;
    kepala_kolom(ws, &g, header, &KOLOM)?;
    let mut row = header + 1;
    for b in v.map(|v| v.baris.as_slice()).unwrap_or_default() {
        let teks = [
            Some(b.tujuan.as_str()),
            Some(b.sasaran.as_str()),
            Some(b.indikator.as_str()),
            b.katalog.as_deref(),
            b.keterangan.as_deref(),
        ];
        for (col, t) in (0_u16..).zip(teks) {
            ws.write_string_with_format(row, col, t.unwrap_or_default(), &isian.teks)?;
        }
        row += 1;
    }
    let akhir = super::baris_kosong(ws, (row, BARIS_KOSONG), 5, &isian.teks)?;
    super::pk::pilihan_katalog(&mut wb, &g, katalog, (header + 1, akhir, KATALOG), "IKU")?;
    Ok(wb.save_to_buffer()?)
}

/// The particulars of the stored decree `v`, added to an uploaded workbook's rows: the
/// workbook holds the Lampiran only, and an upload must not clear the nomor or the signatory.
pub fn dengan_rincian(mut isi: Value, v: &IkuView) -> Value {
    let tersimpan = serde_json::to_value(v).unwrap_or(Value::Null);
    if let (Some(o), Some(t)) = (isi.as_object_mut(), tersimpan.as_object()) {
        for k in ["nomor", "ditetapkan_di", "tanggal", "penetap", "salinan", "menimbang", "mengingat", "diktum"] {
            if let Some(nilai) = t.get(k) {
                o.entry(k).or_insert_with(|| nilai.clone());
            }
        }
    }
    isi
}
