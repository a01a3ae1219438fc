//! A satker's realisasi of one triwulan as a workbook: one row per indicator of the year's PK,
//! the reported ones first as stored, then those not reported yet with their realisasi cells
//! empty. The kode, name, unit and target come from the PK and are locked; realisasi, the
//! satker's own capaian, catatan and bukti dukung are input; capaian and kategori are computed.

use rust_xlsxwriter::Workbook;

use super::unggah::{Kolom, Spek};
use super::{Gaya, Isian, desimal, kepala_dokumen, kepala_kolom, nilai};
use crate::domain::dokumen::MAKS_INDIKATOR;
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::view::{PkView, RealisasiView};

const KOLOM: [Kolom; 10] = [
    Kolom::teks("Kode", 10.0, "kode"),
    Kolom::dihitung("Nama indikator", 40.0),
    Kolom::dihitung("Satuan", 12.0),
    Kolom::dihitung("Target", 12.0),
    Kolom::nilai("Realisasi", 14.0, "realisasi"),
    Kolom::nilai("Capaian menurut satker", 14.0, "capaian_dilaporkan"),
    Kolom::teks("Catatan", 36.0, "catatan"),
    Kolom::teks("Bukti dukung", 30.0, "bukti_dukung"),
    Kolom::dihitung("Capaian — dihitung", 12.0),
    Kolom::dihitung("Kategori — dihitung", 16.0),
];

/// The realisasi sheet, as uploads are read: a row counts once anything besides its kode is
/// filled, so the indicators left empty are "not reported yet", as in the JSON API.
pub const SPEK: Spek =
    Spek { lembar: "Realisasi", wadah: "indikator", kolom: &KOLOM, maks: MAKS_INDIKATOR, kunci: &["kode"], nol: &[] };

/// The workbook's bytes: the report `v` as stored (or none yet) against the PK `pk`.
pub fn tulis(
    satker: &SatkerRef,
    tahun: i32,
    tw: Triwulan,
    pk: &PkView,
    v: Option<&RealisasiView>,
) -> Result<Vec<u8>, AppError> {
    let g = Gaya::new();
    let isian = Isian::new(&g);
    let mut wb = Workbook::new();
    super::cetak::petunjuk(
        &mut wb,
        &format!("Realisasi Kinerja TW{} {} {tahun}", tw.nomor(), satker.nama),
        &[
            "Semua indikator Perjanjian Kinerja, dalam urutannya. Isi realisasi indikator yang dilaporkan; indikator yang realisasinya dibiarkan kosong dihitung belum dilaporkan, bukan nol.",
            "Realisasi ditulis seperti di dokumen (87,5 atau 87,5%; BB (70,65); WTP). Capaian dan kategori di kanan adalah hitungan server saat buku kerja diunduh; unggah untuk menghitung ulang.",
        ],
    )?;
    let ws = wb.add_worksheet();
    ws.set_name(SPEK.lembar)?;
    let judul = format!("Realisasi Kinerja TW{}", tw.nomor());
    let start = kepala_dokumen(ws, &g, &judul, (satker, tahun, Some(tw)), v.map(|v| (v.status, v.versi)))?;
    let r = v.map(|v| &v.ringkasan);
    ws.write_string_with_format(start, 0, "Capaian rata-rata (dihitung)", &g.label)?;
    desimal(ws, start, 1, r.and_then(|r| r.capaian_rata_rata.as_deref()), 100, &isian.hitung_persen)?;
    ws.write_string_with_format(start + 1, 0, "Kategori (dihitung)", &g.label)?;
    ws.write_string_with_format(
        start + 1,
        1,
        r.and_then(|r| r.kategori.clone()).unwrap_or_default(),
        &isian.hitung_teks,
    )?;
    ws.write_string_with_format(start + 2, 0, "Kelengkapan (dihitung)", &g.label)?;
    desimal(ws, start + 2, 1, r.and_then(|r| r.kelengkapan.as_deref()), 100, &isian.hitung_persen)?;

    let header = start + 4;
    kepala_kolom(ws, &g, header, &KOLOM)?;
    let dilaporkan = v.map(|v| v.indikator.as_slice()).unwrap_or_default();
    let q = usize::try_from(tw.nomor() - 1).unwrap_or(0);
    // In the PK's order, reported or not, as the planner reads the PK; a reported row the PK
    // no longer has (none can be stored) would follow.
    let di_pk = |kode: &str| pk.indikator.iter().any(|i| i.kode.eq_ignore_ascii_case(kode));
    let urutan = pk
        .indikator
        .iter()
        .map(|i| match dilaporkan.iter().find(|d| d.kode.eq_ignore_ascii_case(&i.kode)) {
            Some(d) => Baris::Dilaporkan(d),
            None => Baris::Belum(i),
        })
        .chain(dilaporkan.iter().filter(|d| !di_pk(&d.kode)).map(Baris::Dilaporkan));
    for (row, baris) in (header + 1..).zip(urutan) {
        match baris {
            Baris::Dilaporkan(i) => {
                let tampil =
                    [Some(i.kode.as_str()), Some(i.nama.as_str()), Some(i.satuan.as_str()), i.target.as_deref()];
                for (col, t) in (0_u16..).zip(tampil) {
                    ws.write_string_with_format(row, col, t.unwrap_or_default(), &isian.hitung_teks)?;
                }
                // As stored, as text: "87,5", "BB (70,65)" and "WTP" come back exactly as they went out.
                let masuk = [
                    i.realisasi.as_deref(),
                    i.capaian_dilaporkan.as_deref(),
                    i.catatan.as_deref(),
                    i.bukti_dukung.as_deref(),
                ];
                for (col, t) in (4_u16..).zip(masuk) {
                    ws.write_string_with_format(row, col, t.unwrap_or_default(), &isian.teks)?;
                }
                desimal(ws, row, 8, i.capaian.as_deref(), 100, &isian.hitung_persen)?;
                ws.write_string_with_format(row, 9, i.kategori.clone().unwrap_or_default(), &isian.hitung_teks)?;
            }
            Baris::Belum(i) => {
                for (col, t) in (0_u16..).zip([&i.kode, &i.nama, &i.satuan]) {
                    ws.write_string_with_format(row, col, t, &isian.hitung_teks)?;
                }
                match i.target_triwulan.get(q).cloned().flatten() {
                    Some(t) => nilai(ws, row, 3, Some(&t), &isian.hitung_teks)?,
                    None => {
                        ws.write_string_with_format(row, 3, i.target.clone().unwrap_or_default(), &isian.hitung_teks)?;
                    }
                }
                for col in 4..8_u16 {
                    ws.write_blank(row, col, &isian.teks)?;
                }
                ws.write_blank(row, 8, &isian.hitung_persen)?;
                ws.write_blank(row, 9, &isian.hitung_teks)?;
            }
        }
    }
    ws.protect();
    Ok(wb.save_to_buffer()?)
}

/// A row of the workbook: an indicator reported in the triwulan, or one of the PK's not yet.
enum Baris<'a> {
    Dilaporkan(&'a crate::view::RealisasiIndikatorView),
    Belum(&'a crate::view::IndikatorView),
}
