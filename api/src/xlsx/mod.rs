//! Workbooks (xlsx) rendered from the typed views: the provinsi and national recap, and a
//! satker's anggaran and PK. Numbers are
//! written as numbers with Excel number formats (`#,##0` for rupiah, `0.00%` for percentages), so
//! a reader set to Indonesian sees `77.452.486.000` and `99,83%`.
//!
//! A cell of a workbook is a double: rupiah up to 2^53 (9 × 10^15, far above any total this
//! service accepts) are exact; a larger figure is written as text so that it is never rounded.
//! Decimal figures (capaian, percentages) are the views' exact decimal strings, converted only
//! here, at the edge of the file format.

pub mod anggaran;
pub mod baca;
pub(crate) mod cetak;
pub mod iku;
pub mod katalog;
pub mod kolom;
pub mod pk;
pub mod realisasi;
pub mod rekap;
pub mod unggah;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, DataValidation, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::error::AppError;

/// The media type of a workbook.
pub const MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl From<XlsxError> for AppError {
    fn from(e: XlsxError) -> Self {
        AppError::internal(format!("xlsx: {e}"))
    }
}

/// The formats a sheet uses.
pub(crate) struct Gaya {
    pub judul: Format,
    pub label: Format,
    pub kepala: Format,
    pub teks: Format,
    pub rupiah: Format,
    pub bilangan: Format,
    pub desimal: Format,
    pub persen: Format,
    pub total_teks: Format,
    pub total_rupiah: Format,
    pub total_desimal: Format,
    pub total_persen: Format,
}

impl Gaya {
    pub fn new() -> Self {
        let sel = Format::new().set_border(FormatBorder::Thin);
        let total = sel.clone().set_bold().set_background_color(Color::RGB(0xF2F2F2));
        Self {
            judul: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            kepala: sel.clone().set_bold().set_text_wrap().set_background_color(Color::RGB(0xD9E1F2)),
            teks: sel.clone(),
            rupiah: sel.clone().set_num_format("#,##0"),
            bilangan: sel.clone().set_num_format("#,##0"),
            desimal: sel.clone().set_num_format("#,##0.00"),
            persen: sel.clone().set_num_format("0.00%"),
            total_teks: total.clone(),
            total_rupiah: total.clone().set_num_format("#,##0"),
            total_desimal: total.clone().set_num_format("#,##0.00"),
            total_persen: total.set_num_format("0.00%"),
        }
    }
}

/// The largest integer a double holds exactly.
pub(crate) const EXACT: i64 = 1 << 53;

/// Rupiah as a number, or as text beyond what a double holds exactly.
pub(crate) fn rupiah(ws: &mut Worksheet, row: u32, col: u16, v: i64, f: &Format) -> Result<(), AppError> {
    if v.abs() <= EXACT {
        #[allow(clippy::cast_precision_loss)] // exact: |v| ≤ 2^53
        ws.write_number_with_format(row, col, v as f64, f)?;
    } else {
        ws.write_string_with_format(row, col, v.to_string(), f)?;
    }
    Ok(())
}

/// An indicator value (target, bobot) as a number when a double holds it exactly as typed
/// (15 significant digits), else as its Indonesian text (`1.234.567,123456`), which reads back
/// the same.
pub(crate) fn nilai(ws: &mut Worksheet, row: u32, col: u16, v: Option<&str>, f: &Format) -> Result<(), AppError> {
    let Some(d) = v.and_then(|s| s.parse::<Decimal>().ok()).map(|d| d.normalize()) else {
        ws.write_blank(row, col, f)?;
        return Ok(());
    };
    let digits = d.mantissa().unsigned_abs().to_string().len();
    match d.to_string().parse::<f64>() {
        Ok(x) if digits <= 15 => ws.write_number_with_format(row, col, x, f)?,
        _ => ws.write_string_with_format(
            row,
            col,
            crate::domain::angka::format(d, crate::domain::angka::Konteks::Desimal),
            f,
        )?,
    };
    Ok(())
}

/// A decimal string of a view (`"99.83"`), divided by `per` (100 for a percentage cell), as a
/// number; an empty cell when absent.
pub(crate) fn desimal(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<&str>,
    per: u32,
    f: &Format,
) -> Result<(), AppError> {
    let angka = v.and_then(|s| s.parse::<Decimal>().ok()).map(|d| d / Decimal::from(per));
    match angka.and_then(|d| d.to_string().parse::<f64>().ok()) {
        Some(x) => ws.write_number_with_format(row, col, x, f)?,
        None => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

/// Writes `judul` and the lines of the header block (label, value) from the first row; returns
/// the next free row.
pub(crate) fn blok_kepala(
    ws: &mut Worksheet,
    g: &Gaya,
    judul: &str,
    baris: &[(&str, String)],
) -> Result<u32, AppError> {
    ws.write_string_with_format(0, 0, judul, &g.judul)?;
    let mut row = 1;
    for (label, nilai) in baris {
        ws.write_string_with_format(row, 0, *label, &g.label)?;
        ws.write_string(row, 1, nilai)?;
        row += 1;
    }
    Ok(row + 1)
}

/// A new sheet named `nama`: the header block titled `judul`, then the table's header row
/// (frozen). Returns the sheet and the table's first data row.
pub(crate) fn lembar<'a>(
    wb: &'a mut rust_xlsxwriter::Workbook,
    g: &Gaya,
    (nama, judul): (&str, &str),
    kepala: &[(&str, String)],
    kolom: &[(&str, f64)],
) -> Result<(&'a mut Worksheet, u32), AppError> {
    let ws = wb.add_worksheet();
    ws.set_name(nama)?;
    let header = blok_kepala(ws, g, judul, kepala)?;
    kepala_tabel(ws, g, header, kolom)?;
    Ok((ws, header + 1))
}

/// The header row at `row`, frozen, with each column's width.
pub(crate) fn kepala_tabel(ws: &mut Worksheet, g: &Gaya, row: u32, kolom: &[(&str, f64)]) -> Result<(), AppError> {
    for (i, (nama, lebar)) in kolom.iter().enumerate() {
        let col = u16::try_from(i).map_err(AppError::internal)?;
        ws.write_string_with_format(row, col, *nama, &g.kepala)?;
        ws.set_column_width(col, *lebar)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    cetak::siap_cetak(ws, Some(row))
}

/// Whether a request asks for a workbook: `?format=xlsx` (which wins) or `Accept`.
pub fn diminta(req: &actix_web::HttpRequest, format: Option<&str>) -> Result<bool, AppError> {
    match format.map(str::to_ascii_lowercase).as_deref() {
        Some("xlsx") => Ok(true),
        Some("json") => Ok(false),
        Some(_) => Err(AppError::Validation(vec![crate::error::FieldError::new("format", "harus json atau xlsx")])),
        None => Ok(req
            .headers()
            .get(actix_web::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains(MEDIA_TYPE))),
    }
}

/// A workbook answer, with a file name to save it under.
pub fn jawaban(body: Vec<u8>, nama: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type(MEDIA_TYPE)
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{nama}\"")))
        .insert_header((actix_web::http::header::VARY, "Accept"))
        .body(body)
}

/// `banyak` empty input rows from `awal`, their first `kolom` columns unlocked as `isian`;
/// answers the last one, where the lists of those columns end.
pub(crate) fn baris_kosong(
    ws: &mut Worksheet,
    (awal, banyak): (u32, u32),
    kolom: u16,
    isian: &rust_xlsxwriter::Format,
) -> Result<u32, AppError> {
    let akhir = awal + banyak - 1;
    for r in awal..=akhir {
        for col in 0..kolom {
            ws.write_blank(r, col, isian)?;
        }
    }
    Ok(akhir)
}

/// The header row of a document sheet, laid out from its column descriptions.
pub(crate) fn kepala_kolom(ws: &mut Worksheet, g: &Gaya, row: u32, kolom: &[unggah::Kolom]) -> Result<(), AppError> {
    let k: Vec<(&str, f64)> = kolom.iter().map(|k| (k.kepala, k.lebar)).collect();
    kepala_tabel(ws, g, row, &k)
}

/// The cells of a document workbook: input (unlocked) and computed (locked, shaded).
pub(crate) struct Isian {
    pub teks: Format,
    pub rupiah: Format,
    pub hitung_rupiah: Format,
    pub hitung_persen: Format,
    pub hitung_teks: Format,
}

impl Isian {
    pub fn new(g: &Gaya) -> Self {
        let teks = Format::new().set_unlocked().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
        let abu = Color::RGB(0xEDEDED);
        Self {
            rupiah: teks.clone().set_num_format("#,##0"),
            // Long text (a sasaran, an uraian) wraps inside its column instead of running on.
            teks: teks.set_text_wrap(),
            hitung_rupiah: g.rupiah.clone().set_background_color(abu),
            hitung_persen: g.persen.clone().set_background_color(abu),
            hitung_teks: g.teks.clone().set_background_color(abu).set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// A list a cell must be chosen from, with a message naming the choices.
pub(crate) fn daftar(list: &[&str], judul: &str) -> Result<DataValidation, AppError> {
    Ok(DataValidation::new()
        .allow_list_strings(list)?
        .set_error_message(format!("Pilih salah satu {judul}: {}.", list.join(", ")))?)
}

/// The header block of a document workbook: satker, year, status, and the version cell that
/// carries the document's ETag ("belum ada" for a template). Returns the next free row.
pub(crate) fn kepala_dokumen(
    ws: &mut Worksheet,
    g: &Gaya,
    judul: &str,
    (satker, tahun, triwulan): (&crate::registry::SatkerRef, i32, Option<crate::domain::kode::Triwulan>),
    tersimpan: Option<(crate::domain::kode::StatusDokumen, i32)>,
) -> Result<u32, AppError> {
    use unggah::{LABEL_SATKER, LABEL_TAHUN, LABEL_TRIWULAN, LABEL_VERSI, VERSI_BARU};
    let (status, versi) = match tersimpan {
        Some((status, versi)) => (status.to_string(), crate::service::dokumen::etag(versi)),
        None => ("belum ada".to_string(), VERSI_BARU.to_string()),
    };
    let mut kepala = vec![(LABEL_SATKER, format!("{} {}", satker.kode, satker.nama)), (LABEL_TAHUN, tahun.to_string())];
    if let Some(tw) = triwulan {
        kepala.push((LABEL_TRIWULAN, format!("TW{}", tw.nomor())));
    }
    kepala.push(("Status", status));
    kepala.push((LABEL_VERSI, versi));
    blok_kepala(ws, g, judul, &kepala)
}
