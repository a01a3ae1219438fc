//! Reading an uploaded workbook, defensively. A file is checked before any spreadsheet parser
//! sees it: its size, that it is a zip and not an OLE file (an encrypted workbook or an old
//! `.xls`), that it carries no macros, and that no part unpacks beyond a bound (a zip bomb is
//! refused while it is being unpacked, whatever its headers claim). Cells are then streamed,
//! never laid out as a dense grid, so a sheet whose one cell sits at XFD1048576 costs nothing.
//!
//! A number cell is a double. It is read as Excel shows it: rounded to 15 significant digits
//! (what Excel itself guarantees), so `=0,1+0,2` reads as `0,3` and a typed `87,5` as `87.5`.
//! Whole rupiah below 2^53 are exact either way.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use calamine::{DataRef, Reader, Xlsx};
use rust_decimal::Decimal;

use crate::error::AppError;

/// The largest workbook accepted: a 5,000-line anggaran is under 1 MiB.
pub const MAKS_BERKAS: usize = 8 * 1024 * 1024;
/// All parts of a workbook together, unpacked.
const MAKS_TERURAI: u64 = 64 * 1024 * 1024;
/// Parts of a workbook: a few dozen in anything Excel or LibreOffice writes.
const MAKS_BAGIAN: usize = 2000;
/// Columns read from a sheet; anything further right is ignored.
pub const MAKS_KOLOM: u16 = 64;
/// Distinct texts of a workbook (its shared strings), and the bytes of the part that holds
/// them: a 5,000-line anggaran has a few thousand. The spreadsheet parser keeps every one in
/// memory, so a part of millions of one-letter strings is refused before it gets there.
const MAKS_TEKS_BERSAMA: u64 = 200_000;
const MAKS_TEKS_BERSAMA_BYTE: u64 = 16 * 1024 * 1024;
/// Cells of one sheet looked at, filled or not, wherever they stand.
const MAKS_SEL: u64 = 500_000;
/// How often (in cells) a long read looks whether it should stop.
const SETIAP_SEL: u64 = 4096;

/// When a read must stop: its time is up, or its request was answered or dropped (see
/// [`Henti::batalkan`]). Every loop of the reader looks at it, so a parse does not go on
/// holding memory after nobody waits for it.
#[derive(Clone, Debug)]
pub struct Henti {
    batal: Arc<AtomicBool>,
    tenggat: Instant,
}

impl Henti {
    /// A read that may take `batas` at most.
    pub fn dalam(batas: Duration) -> Self {
        Self { batal: Arc::new(AtomicBool::new(false)), tenggat: Instant::now() + batas }
    }

    /// Asks the read to stop at its next look.
    pub fn batalkan(&self) {
        self.batal.store(true, Ordering::Relaxed);
    }

    fn cek(&self) -> Result<(), AppError> {
        if self.batal.load(Ordering::Relaxed) || Instant::now() >= self.tenggat { Err(terlalu_rumit()) } else { Ok(()) }
    }
}

/// A workbook whose reading took too long or was given up.
pub fn terlalu_rumit() -> AppError {
    ditolak(
        "xlsx_terlalu_rumit",
        StatusCode::UNPROCESSABLE_ENTITY,
        "Buku kerja tidak selesai dibaca dalam batas waktu; hapus lembar dan isi yang tidak diperlukan lalu kirim lagi.",
    )
}

fn terlalu_banyak(apa: String) -> AppError {
    ditolak(
        "xlsx_terlalu_rumit",
        StatusCode::UNPROCESSABLE_ENTITY,
        format!("Buku kerja berisi {apa}. Hapus lembar, sel dan isi yang tidak diperlukan lalu kirim lagi."),
    )
}

/// One non-empty cell, as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Isi {
    Teks(String),
    /// A number cell, as Excel shows it (15 significant digits).
    Angka(Decimal),
    Benar(bool),
    /// `#DIV/0!`, `#N/A`, … (the cached result of a failing formula).
    Galat(String),
    /// A cell Excel holds as a date or time.
    Tanggal,
}

impl Isi {
    /// The cell as text, for fields that are text: numbers in their plain decimal form.
    pub fn teks(&self) -> Option<String> {
        match self {
            Isi::Teks(s) => Some(s.clone()),
            Isi::Angka(d) => Some(d.normalize().to_string()),
            Isi::Benar(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_string()),
            Isi::Galat(_) | Isi::Tanggal => None,
        }
    }
}

/// The non-empty cells of one sheet, by row then column (both from 0).
pub struct Lembar {
    pub nama: String,
    pub baris: BTreeMap<u32, BTreeMap<u16, Isi>>,
}

impl Lembar {
    pub fn sel(&self, row: u32, col: u16) -> Option<&Isi> {
        self.baris.get(&row).and_then(|r| r.get(&col))
    }

    /// The cell's address as a person reads it: `PK!D7`.
    pub fn alamat(&self, row: u32, col: u16) -> String {
        alamat(&self.nama, row, col)
    }
}

/// `Sheet!D7` for a row and column counted from 0; a sheet name with spaces is quoted, as
/// Excel writes it.
pub fn alamat(lembar: &str, row: u32, col: u16) -> String {
    let nama = if lembar.chars().all(char::is_alphanumeric) { lembar.to_string() } else { format!("'{lembar}'") };
    format!("{nama}!{}{}", huruf_kolom(col), u64::from(row) + 1)
}

/// `A`, `B`, …, `Z`, `AA`, … for a column counted from 0.
pub fn huruf_kolom(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(char::from(b'A' + u8::try_from(r).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

fn ditolak(kode: &'static str, status: StatusCode, pesan: impl Into<String>) -> AppError {
    AppError::Berkas { kode, status, pesan: pesan.into() }
}

fn rusak(sebab: impl std::fmt::Display) -> AppError {
    ditolak(
        "xlsx_tidak_terbaca",
        StatusCode::BAD_REQUEST,
        format!(
            "Berkas bukan buku kerja Excel (.xlsx) yang utuh: {sebab}. Simpan ulang dari Excel sebagai .xlsx lalu kirim lagi."
        ),
    )
}

/// A workbook that passed the checks, ready to read sheets from.
pub struct Buku {
    xlsx: Xlsx<Cursor<Vec<u8>>>,
    henti: Henti,
}

impl Buku {
    /// Checks `bytes` and opens them as a workbook.
    pub fn buka(bytes: Vec<u8>, henti: &Henti) -> Result<Self, AppError> {
        if bytes.len() > MAKS_BERKAS {
            return Err(terlalu_besar());
        }
        const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if bytes.starts_with(&OLE) {
            // An encrypted .xlsx is an OLE container with an "EncryptedPackage" stream; any other
            // OLE file is most likely the old binary .xls.
            let nama: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
            return Err(if bytes.windows(nama.len()).any(|w| w == nama.as_slice()) {
                ditolak(
                    "xlsx_terenkripsi",
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Buku kerja ini dilindungi kata sandi (terenkripsi). Buka di Excel, hapus kata sandinya \
                     (File › Info › Lindungi Buku Kerja), simpan, lalu kirim lagi.",
                )
            } else {
                ditolak(
                    "xlsx_format_lama",
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Berkas ini berformat Excel lama (.xls). Simpan sebagai Buku Kerja Excel (.xlsx) lalu kirim lagi.",
                )
            });
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return Err(rusak("isinya bukan arsip zip"));
        }
        periksa_arsip(&bytes, henti)?;
        henti.cek()?;
        let xlsx = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsxError::Password => ditolak(
                "xlsx_terenkripsi",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Buku kerja ini dilindungi kata sandi; hapus kata sandinya lalu kirim lagi.",
            ),
            other => rusak(other),
        })?;
        Ok(Self { xlsx, henti: henti.clone() })
    }

    /// The sheet named `nama` (case aside, wherever it sits among the sheets), with at most
    /// `maks_baris` rows holding anything: more is refused as soon as it is seen.
    pub fn lembar(&mut self, nama: &str, maks_baris: usize) -> Result<Option<Lembar>, AppError> {
        let Some(asli) = self.xlsx.sheet_names().into_iter().find(|n| n.trim().eq_ignore_ascii_case(nama)) else {
            return Ok(None);
        };
        let mut reader = self.xlsx.worksheet_cells_reader(&asli).map_err(rusak)?;
        let mut baris: BTreeMap<u32, BTreeMap<u16, Isi>> = BTreeMap::new();
        let mut dilihat: u64 = 0;
        while let Some(cell) = reader.next_cell().map_err(rusak)? {
            dilihat += 1;
            if dilihat > MAKS_SEL {
                return Err(terlalu_banyak(format!("lebih dari {MAKS_SEL} sel di lembar '{asli}'")));
            }
            if dilihat.is_multiple_of(SETIAP_SEL) {
                self.henti.cek()?;
            }
            let (row, col) = cell.get_position();
            let Ok(col) = u16::try_from(col) else { continue };
            if col >= MAKS_KOLOM {
                continue;
            }
            let Some(isi) = isi(cell.get_value()) else { continue };
            if !baris.contains_key(&row) && baris.len() >= maks_baris {
                return Err(AppError::Validation(vec![crate::error::FieldError {
                    field: "body".into(),
                    pesan: format!("lembar '{asli}' berisi lebih dari {maks_baris} baris terisi"),
                    sel: Some(alamat(&asli, row, col)),
                }]));
            }
            baris.entry(row).or_default().insert(col, isi);
        }
        Ok(Some(Lembar { nama: asli, baris }))
    }
}

pub fn terlalu_besar() -> AppError {
    ditolak(
        "xlsx_terlalu_besar",
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "Buku kerja melebihi batas ({} MiB, atau {} MiB setelah dibuka). Hapus lembar, gambar atau \
             baris yang tidak diperlukan lalu kirim lagi.",
            MAKS_BERKAS / (1024 * 1024),
            MAKS_TERURAI / (1024 * 1024)
        ),
    )
}

/// Unpacks every part once, into nothing, stopping at the bound: what a zip claims about its
/// sizes is not trusted. Counts the shared strings on the way (what the spreadsheet parser
/// would hold in memory). Refuses macro-enabled workbooks. Stops when `henti` says so.
fn periksa_arsip(bytes: &[u8], henti: &Henti) -> Result<(), AppError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(rusak)?;
    if zip.len() > MAKS_BAGIAN {
        return Err(rusak(format!("arsip berisi {} bagian", zip.len())));
    }
    let mut sisa = MAKS_TERURAI;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(rusak)?;
        let nama = part.name().map_err(rusak)?.to_ascii_lowercase();
        if nama.ends_with("vbaproject.bin") {
            return Err(ditolak(
                "xlsx_bermakro",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Buku kerja ini berisi makro (.xlsm). Simpan sebagai Buku Kerja Excel (.xlsx) tanpa makro lalu kirim lagi.",
            ));
        }
        if part.encrypted() {
            return Err(ditolak(
                "xlsx_terenkripsi",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Bagian buku kerja ini terenkripsi; hapus kata sandinya lalu kirim lagi.",
            ));
        }
        let mut teks = nama.ends_with("sharedstrings.xml").then(HitungSi::default);
        let mut dibaca: u64 = 0;
        loop {
            henti.cek()?;
            let n = part.read(&mut buf).map_err(rusak)?;
            if n == 0 {
                break;
            }
            dibaca += n as u64;
            if dibaca > sisa {
                return Err(terlalu_besar());
            }
            if let Some(t) = &mut teks {
                t.baca(&buf[..n]);
                if t.n > MAKS_TEKS_BERSAMA || dibaca > MAKS_TEKS_BERSAMA_BYTE {
                    return Err(terlalu_banyak(format!(
                        "terlalu banyak teks berbeda (lebih dari {MAKS_TEKS_BERSAMA} teks atau {} MiB)",
                        MAKS_TEKS_BERSAMA_BYTE / (1024 * 1024)
                    )));
                }
            }
        }
        sisa -= dibaca;
    }
    Ok(())
}

/// Counts the `<si>` elements (one shared string each, with any namespace prefix) of an XML
/// stream fed to it in pieces.
#[derive(Default)]
struct HitungSi {
    n: u64,
    dalam_tag: bool,
    nama: Vec<u8>,
}

impl HitungSi {
    fn baca(&mut self, buf: &[u8]) {
        for &b in buf {
            if b == b'<' {
                self.dalam_tag = true;
                self.nama.clear();
            } else if self.dalam_tag {
                if matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r') {
                    let lokal = self.nama.rsplit(|c| *c == b':').next().unwrap_or_default();
                    if lokal == b"si" {
                        self.n += 1;
                    }
                    self.dalam_tag = false;
                } else if self.nama.len() < 32 {
                    self.nama.push(b);
                } else {
                    self.dalam_tag = false;
                }
            }
        }
    }
}

/// A cell's value, or `None` when it holds nothing (blank, or only spaces).
fn isi(v: &DataRef<'_>) -> Option<Isi> {
    match v {
        DataRef::Empty => None,
        DataRef::String(s) => teks(s),
        DataRef::SharedString(s) => teks(s),
        DataRef::Int(i) => Some(Isi::Angka(Decimal::from(*i))),
        DataRef::Float(f) => Some(angka(*f)),
        DataRef::Bool(b) => Some(Isi::Benar(*b)),
        DataRef::Error(e) => Some(Isi::Galat(e.to_string())),
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => Some(Isi::Tanggal),
    }
}

fn teks(s: &str) -> Option<Isi> {
    (!s.trim().is_empty()).then(|| Isi::Teks(s.to_string()))
}

/// A double as Excel shows it: 15 significant digits, then the exact decimal of that text.
fn angka(f: f64) -> Isi {
    if !f.is_finite() {
        return Isi::Galat("#NUM!".into());
    }
    let s = format!("{f:.14e}");
    match Decimal::from_scientific(&s) {
        Ok(d) => Isi::Angka(d.normalize()),
        Err(_) => Isi::Galat("#NUM!".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(angka(0.1 + 0.2), Isi::Angka(Decimal::new(3, 1)));
        assert_eq!(angka(87.5), Isi::Angka(Decimal::new(875, 1)));
        assert_eq!(angka(77_452_486_000.0), Isi::Angka(Decimal::from(77_452_486_000_i64)));
        assert_eq!(angka(99_999_999_999_999.0), Isi::Angka(Decimal::from(99_999_999_999_999_i64)));
        assert_eq!(angka(f64::NAN), Isi::Galat("#NUM!".into()));
    }

    #[test]
    fn shared_strings_are_counted_across_pieces_and_prefixes() {
        let xml = b"<sst count=\"3\"><si><t>a</t></si><x:si><x:t>b</x:t></x:si><si/><sis>no</sis></sst>";
        for potong in [1, 2, 3, 7, xml.len()] {
            let mut h = HitungSi::default();
            for bagian in xml.chunks(potong) {
                h.baca(bagian);
            }
            assert_eq!(h.n, 3, "pieces of {potong}");
        }
    }

    #[test]
    fn a_read_stops_when_told_or_late() {
        let h = Henti::dalam(Duration::from_secs(60));
        assert!(h.cek().is_ok());
        h.clone().batalkan();
        assert!(matches!(h.cek(), Err(AppError::Berkas { kode: "xlsx_terlalu_rumit", .. })));
        assert!(Henti::dalam(Duration::ZERO).cek().is_err());
    }

    #[test]
    fn addresses_are_excel_letters() {
        assert_eq!(alamat("PK", 6, 3), "PK!D7");
        assert_eq!(alamat("Anggaran", 0, 25), "Anggaran!Z1");
        assert_eq!(alamat("Anggaran", 0, 26), "Anggaran!AA1");
        assert_eq!(alamat("Lembar 1", 9, 27), "'Lembar 1'!AB10");
        assert_eq!(huruf_kolom(701), "ZZ");
        assert_eq!(huruf_kolom(702), "AAA");
    }

    #[test]
    fn what_is_not_a_workbook_is_refused_with_its_reason() {
        let kode = |b: &[u8]| match Buku::buka(b.to_vec(), &Henti::dalam(Duration::from_secs(10))) {
            Err(AppError::Berkas { kode, .. }) => kode,
            Err(other) => panic!("{other:?}"),
            Ok(_) => "diterima",
        };
        assert_eq!(kode(b"kode,nama\n1,2\n"), "xlsx_tidak_terbaca");
        assert_eq!(kode(b"PK\x03\x04 bukan zip"), "xlsx_tidak_terbaca");
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(kode(&ole), "xlsx_format_lama");
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(kode(&ole), "xlsx_terenkripsi");
        assert_eq!(kode(&vec![b'P'; MAKS_BERKAS + 1]), "xlsx_terlalu_besar");
    }
}
