//! What makes a workbook one a planner can work in offline and print: a first sheet saying in
//! Bahasa Indonesia what it is and how to fill it, A4 landscape pages one page wide with the
//! table's header repeated, and computed cells as formulas that follow what is typed (with
//! the figure the service computed as their cached result, for readers that do not calculate).
//! An upload never reads a computed cell: the service computes everything again.

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet, utility::row_col_to_cell};

use super::EXACT;
use crate::error::AppError;

/// What every document workbook says about itself, after its own lines.
const UMUM: [&str; 5] = [
    "Isi hanya sel putih. Sel abu-abu dihitung dan terkunci (tanpa kata sandi: perlindungan ini mencegah salah ketik, bukan orang).",
    "Sel yang dihitung memakai rumus, jadi langsung berubah saat Anda mengetik, juga tanpa internet. Saat diunggah, server menghitung ulang semuanya; rumus yang terhapus atau rusak tidak mengubah apa pun yang tersimpan.",
    "Baris \"Versi dokumen (jangan diubah)\" menandai versi yang Anda unduh. Bila orang lain menyimpan versi baru sementara itu, unggahan ditolak (412) dan tidak ada yang hilang: unduh ulang lalu isi lagi.",
    "Kolom boleh dipindah dan baris atau lembar boleh ditambah di sekitar tabel: server mengenali kolom dari judulnya.",
    "Unggah buku kerja ini kembali lewat dasbor, atau PUT ke alamat yang sama dengan Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet. Setiap kesalahan disebut dengan selnya (mis. Anggaran!I7).",
];

/// The first sheet, `Petunjuk`: the workbook's title, its own lines, then the common ones.
pub(crate) fn petunjuk(wb: &mut Workbook, judul: &str, khusus: &[&str]) -> Result<(), AppError> {
    let ws = wb.add_worksheet();
    ws.set_name("Petunjuk")?;
    let tebal = Format::new().set_bold().set_font_size(14);
    let teks = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    ws.set_column_width(0, 4.0)?;
    ws.set_column_width(1, 110.0)?;
    ws.write_string_with_format(0, 0, format!("Petunjuk: {judul}"), &tebal)?;
    for (i, t) in khusus.iter().chain(UMUM.iter()).enumerate() {
        let row = u32::try_from(i).map_err(AppError::internal)? + 2;
        ws.write_string_with_format(row, 0, format!("{}.", i + 1), &teks)?;
        ws.write_string_with_format(row, 1, *t, &teks)?;
    }
    siap_cetak(ws, None)?;
    ws.protect();
    Ok(())
}

/// A4 landscape, one page wide, the header row `kepala` repeated on every printed page.
pub(crate) fn siap_cetak(ws: &mut Worksheet, kepala: Option<u32>) -> Result<(), AppError> {
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&L&A&RHalaman &P dari &N");
    if let Some(r) = kepala {
        ws.set_repeat_rows(r, r)?;
    }
    Ok(())
}

/// `I7`: the A1 name of a cell.
pub(crate) fn sel(row: u32, col: u16) -> String {
    row_col_to_cell(row, col)
}

/// A formula giving rupiah, its cached result the service's figure.
pub(crate) fn rumus_rupiah(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    rumus: &str,
    hasil: Option<i64>,
    f: &Format,
) -> Result<(), AppError> {
    let mut r = Formula::new(rumus);
    if let Some(v) = hasil.filter(|v| v.abs() <= EXACT) {
        r = r.set_result(v.to_string());
    }
    ws.write_formula_with_format(row, col, r, f)?;
    Ok(())
}

/// A formula giving a percentage cell (a fraction: 0,9983 shown as 99,83%), its cached result
/// the service's exact percentage divided by 100.
pub(crate) fn rumus_persen(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    rumus: &str,
    persen: Option<&str>,
    f: &Format,
) -> Result<(), AppError> {
    let hasil = persen
        .and_then(|p| p.parse::<rust_decimal::Decimal>().ok())
        .map(|d| (d / rust_decimal::Decimal::ONE_HUNDRED).normalize().to_string());
    let r = Formula::new(rumus).set_result(hasil.unwrap_or_default());
    ws.write_formula_with_format(row, col, r, f)?;
    Ok(())
}
