//! The recap workbook of a provinsi (or of KPU RI): `Ringkasan` (one row per satker and a total
//! row), `Anggaran` (budget by program × jenis belanja) and `Bulanan` (the monthly absorption
//! curve with a native Excel line chart of it). Every figure is the one the JSON gives.

use rust_xlsxwriter::{Chart, ChartType, Color, Workbook};

use super::{Gaya, desimal, lembar, rupiah};
use crate::domain::kode::BULAN;
use crate::error::AppError;
use crate::view::{BulanView, Jumlah, ProgramJenisView, RingkasanView};

/// The fill of a kategori cell: the usual colours of the bands, best to worst; a band named
/// otherwise by a provinsi's own rules is left unfilled.
fn warna(kategori: &str) -> Option<Color> {
    let rgb = match kategori {
        "Sangat Baik" => 0xA9D08E,
        "Baik" => 0xE2EFDA,
        "Cukup Baik" | "Cukup" => 0xFFEB9C,
        "Kurang" => 0xF8CBAD,
        "Gagal" | "Sangat Kurang" => 0xFFC7CE,
        _ => return None,
    };
    Some(Color::RGB(rgb))
}

/// Pagu, realisasi, sisa and penyerapan from column `col`.
fn jumlah(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    j: &Jumlah,
    (uang, persen): (&rust_xlsxwriter::Format, &rust_xlsxwriter::Format),
) -> Result<(), AppError> {
    rupiah(ws, row, col, j.pagu, uang)?;
    rupiah(ws, row, col + 1, j.realisasi, uang)?;
    rupiah(ws, row, col + 2, j.sisa, uang)?;
    desimal(ws, row, col + 3, j.persen_penyerapan.as_deref(), 100, persen)
}

/// The workbook's bytes.
pub fn tulis(
    r: &RingkasanView,
    program_jenis: &[ProgramJenisView],
    bulanan: &[BulanView],
) -> Result<Vec<u8>, AppError> {
    let g = Gaya::new();
    let mut wb = Workbook::new();
    let tw = r.triwulan.map_or_else(|| "terakhir dilaporkan".to_string(), |t| t.as_str().to_string());
    let kepala = [("Satker", format!("{} {}", r.kode, r.nama)), ("Tahun", r.tahun.to_string()), ("Triwulan", tw)];

    // Ringkasan: one row per satker, then the total.
    let (ws, awal) = lembar(
        &mut wb,
        &g,
        ("Ringkasan", "Ringkasan Kinerja dan Anggaran"),
        &kepala,
        &[
            ("Kode", 10.0),
            ("Satker", 36.0),
            ("Triwulan", 10.0),
            ("Capaian rata-rata (%)", 14.0),
            ("Kategori", 14.0),
            ("Indikator dilaporkan", 12.0),
            ("Indikator PK", 12.0),
            ("Kelengkapan", 12.0),
            ("Pagu (Rp)", 20.0),
            ("Realisasi (Rp)", 20.0),
            ("Sisa (Rp)", 20.0),
            ("Penyerapan", 12.0),
        ],
    )?;
    let mut row = awal;
    for s in &r.satker {
        ws.write_string_with_format(row, 0, &s.kode, &g.teks)?;
        ws.write_string_with_format(row, 1, &s.nama, &g.teks)?;
        ws.write_string_with_format(row, 2, s.triwulan.map(|t| t.as_str()).unwrap_or_default(), &g.teks)?;
        desimal(ws, row, 3, s.capaian_rata_rata.as_deref(), 1, &g.desimal)?;
        let kategori = s.kategori.as_deref().unwrap_or_default();
        match warna(kategori) {
            Some(c) => ws.write_string_with_format(row, 4, kategori, &g.teks.clone().set_background_color(c))?,
            None => ws.write_string_with_format(row, 4, kategori, &g.teks)?,
        };
        rupiah(ws, row, 5, s.dilaporkan, &g.bilangan)?;
        rupiah(ws, row, 6, s.diharapkan, &g.bilangan)?;
        desimal(ws, row, 7, s.kelengkapan.as_deref(), 100, &g.persen)?;
        jumlah(ws, row, 8, &s.anggaran, (&g.rupiah, &g.persen))?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "TOTAL", &g.total_teks)?;
    ws.write_string_with_format(row, 1, &r.nama, &g.total_teks)?;
    ws.write_string_with_format(row, 2, r.triwulan.map(|t| t.as_str()).unwrap_or_default(), &g.total_teks)?;
    desimal(ws, row, 3, r.capaian_rata_rata.as_deref(), 1, &g.total_desimal)?;
    ws.write_string_with_format(row, 4, r.kategori.as_deref().unwrap_or_default(), &g.total_teks)?;
    rupiah(ws, row, 5, r.satker.iter().map(|s| s.dilaporkan).sum(), &g.total_rupiah)?;
    rupiah(ws, row, 6, r.satker.iter().map(|s| s.diharapkan).sum(), &g.total_rupiah)?;
    ws.write_blank(row, 7, &g.total_teks)?;
    jumlah(ws, row, 8, &r.anggaran, (&g.total_rupiah, &g.total_persen))?;

    // Anggaran: program × jenis belanja.
    let (ws, awal) = lembar(
        &mut wb,
        &g,
        ("Anggaran", "Anggaran per Program dan Jenis Belanja"),
        &kepala,
        &[
            ("Kode program", 14.0),
            ("Program", 36.0),
            ("Jenis belanja", 8.0),
            ("Uraian jenis belanja", 22.0),
            ("Pagu (Rp)", 20.0),
            ("Realisasi (Rp)", 20.0),
            ("Sisa (Rp)", 20.0),
            ("Penyerapan", 12.0),
        ],
    )?;
    let mut row = awal;
    for p in program_jenis {
        ws.write_string_with_format(row, 0, &p.program_kode, &g.teks)?;
        ws.write_string_with_format(row, 1, &p.program_nama, &g.teks)?;
        ws.write_string_with_format(row, 2, &p.jenis_belanja, &g.teks)?;
        ws.write_string_with_format(row, 3, p.jenis_belanja_nama.as_deref().unwrap_or_default(), &g.teks)?;
        jumlah(ws, row, 4, &p.jumlah, (&g.rupiah, &g.persen))?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "TOTAL", &g.total_teks)?;
    for col in 1..=3 {
        ws.write_blank(row, col, &g.total_teks)?;
    }
    jumlah(ws, row, 4, &r.anggaran, (&g.total_rupiah, &g.total_persen))?;

    // Bulanan: the curve and its chart.
    let (ws, awal) = lembar(
        &mut wb,
        &g,
        ("Bulanan", "Penyerapan Anggaran per Bulan"),
        &kepala,
        &[("Bulan", 12.0), ("Realisasi (Rp)", 20.0), ("Kumulatif (Rp)", 20.0), ("Penyerapan kumulatif", 14.0)],
    )?;
    let mut row = awal;
    for b in bulanan {
        let nama = usize::try_from(b.bulan - 1).ok().and_then(|i| BULAN.get(i)).copied().unwrap_or_default();
        ws.write_string_with_format(row, 0, nama, &g.teks)?;
        rupiah(ws, row, 1, b.realisasi, &g.rupiah)?;
        rupiah(ws, row, 2, b.kumulatif, &g.rupiah)?;
        desimal(ws, row, 3, b.persen_kumulatif.as_deref(), 100, &g.persen)?;
        row += 1;
    }
    if !bulanan.is_empty() {
        let mut chart = Chart::new(ChartType::Line);
        chart
            .add_series()
            .set_name("Penyerapan kumulatif")
            .set_categories(("Bulanan", awal, 0, row - 1, 0))
            .set_values(("Bulanan", awal, 3, row - 1, 3));
        chart.title().set_name("Penyerapan anggaran kumulatif");
        chart.y_axis().set_num_format("0%");
        ws.insert_chart(awal - 1, 5, &chart)?;
        // The denominator said where the curve ends: a satker whose budget gives no monthly
        // breakdown is outside the curve, its pagu as its realisasi.
        let pagu = bulanan.first().map_or(0, |b| b.pagu);
        ws.write_string_with_format(
            row + 1,
            0,
            "Pagu baris anggaran yang memiliki rincian bulanan (penyebut kurva)",
            &g.teks,
        )?;
        rupiah(ws, row + 1, 2, pagu, &g.rupiah)?;
        ws.write_string_with_format(row + 2, 0, "Pagu seluruh satker", &g.teks)?;
        rupiah(ws, row + 2, 2, r.anggaran.pagu, &g.rupiah)?;
        ws.write_string_with_format(row + 3, 0, "Bagian pagu yang tercakup kurva", &g.teks)?;
        let (k, s) = (super::cetak::sel(row + 1, 2), super::cetak::sel(row + 2, 2));
        let cakupan = crate::view::persen_penyerapan(r.anggaran.pagu, pagu);
        super::cetak::rumus_persen(
            ws,
            (row + 3, 2),
            &format!("=IF({s}=0,\"\",{k}/{s})"),
            cakupan.as_deref(),
            &g.persen,
        )?;
    } else {
        ws.write_string(row, 0, "Belum ada realisasi bulanan.")?;
    }
    Ok(wb.save_to_buffer()?)
}
