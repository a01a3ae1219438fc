//! A document workbook read back into the JSON the API accepts, with a map from every JSON
//! field path to the cell it came from. The upload then runs the JSON path unchanged (the same
//! parser, the same service, the same transaction); only its errors gain a `sel`.
//!
//! Each document's columns are described once ([`Kolom`]): the writer lays them out, this
//! reader finds them again by their header text, so columns may be moved, rows and sheets
//! added around the table, and blank or merged cells left, without the reading going wrong.

use serde_json::{Map, Number, Value};

use super::baca::{Buku, Henti, Isi, Lembar, alamat, huruf_kolom};
use crate::error::{AppError, FieldError};

pub use super::kolom::{Jenis, Kolom, Spek};
pub(crate) use super::kolom::{LABEL_SATKER, LABEL_TAHUN, LABEL_TRIWULAN, LABEL_VERSI, VERSI_BARU};

/// The version the workbook was downloaded at: what an upload sends as `If-Match`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Versi {
    /// The document's ETag (`"v3"`).
    Ada(String),
    /// Downloaded as an empty template: the document must still not exist.
    Baru,
}

/// A workbook read: the JSON body, where each of its fields came from, and the header block.
pub struct Unggahan {
    pub isi: Value,
    pub peta: Peta,
    pub versi: Versi,
    satker: Option<(String, String)>,
    tahun: Option<(String, String)>,
    triwulan: Option<(String, String)>,
}

/// Where each JSON field path of an upload was read from.
pub struct Peta {
    lembar: String,
    wadah: &'static str,
    kepala_baris: u32,
    /// The sheet row of each element of the JSON array.
    baris: Vec<u32>,
    kolom: Vec<(&'static str, u16)>,
    akhir: u16,
}

impl Peta {
    /// The cell (or range of cells) a field path was read from.
    pub fn sel(&self, field: &str) -> Option<String> {
        let Some(rest) = field.strip_prefix(self.wadah) else {
            return (field == "body").then(|| alamat(&self.lembar, self.kepala_baris, 0));
        };
        let Some(rest) = rest.strip_prefix('[') else {
            return Some(alamat(&self.lembar, self.kepala_baris, 0));
        };
        let (idx, rest) = rest.split_once(']')?;
        let row = *self.baris.get(idx.parse::<usize>().ok()?)?;
        let rentang = |a: u16, b: u16| format!("{}:{}{}", alamat(&self.lembar, row, a), huruf_kolom(b), row + 1);
        let Some(nama) = rest.strip_prefix('.') else { return Some(rentang(0, self.akhir)) };
        if let Some((_, col)) = self.kolom.iter().find(|(m, _)| *m == nama) {
            return Some(alamat(&self.lembar, row, *col));
        }
        let awalan = format!("{nama}[");
        let cols: Vec<u16> = self.kolom.iter().filter(|(m, _)| m.starts_with(&awalan)).map(|(_, c)| *c).collect();
        match (cols.iter().min(), cols.iter().max()) {
            (Some(a), Some(b)) => Some(rentang(*a, *b)),
            _ => Some(rentang(0, self.akhir)),
        }
    }

    /// `e` with the cell of each validation error filled in.
    pub fn tandai(&self, e: AppError) -> AppError {
        match e {
            AppError::Validation(errors) => AppError::Validation(
                errors
                    .into_iter()
                    .map(|mut f| {
                        if f.sel.is_none() {
                            f.sel = self.sel(&f.field);
                        }
                        f
                    })
                    .collect(),
            ),
            other => other,
        }
    }
}

fn normal(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn galat(field: &str, sel: String, pesan: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), pesan: pesan.into(), sel: Some(sel) }
}

/// Reads the document sheet of `spek` from `bytes`.
pub fn baca(bytes: Vec<u8>, spek: &Spek, henti: &Henti) -> Result<Unggahan, AppError> {
    let mut buku = Buku::buka(bytes, henti)?;
    // The header block and the header row come before the data: room for them, and for one
    // row more than the JSON limit so that "too many" is said as the JSON API says it.
    let batas = spek.maks + 64;
    let Some(lembar) = buku.lembar(spek.lembar, batas)? else {
        return Err(AppError::Validation(vec![FieldError::new(
            "body",
            format!("lembar '{}' tidak ada di buku kerja; unduh templat dari layanan ini", spek.lembar),
        )]));
    };
    baca_lembar(&lembar, spek)
}

/// A value of the header block above row `sampai`: the label in one cell, its value in the next
/// filled cell to the right; with the value's address.
fn label(lembar: &Lembar, sampai: u32, nama: &str) -> Option<(String, String)> {
    let nama = normal(nama);
    lembar.baris.range(..sampai).find_map(|(row, cells)| {
        let (col, _) = cells.iter().find(|(_, c)| matches!(c, Isi::Teks(t) if normal(t) == nama))?;
        let nilai_col = cells.range(col + 1..).next().map(|(c, _)| *c).unwrap_or(col + 1);
        let nilai = lembar.sel(*row, nilai_col).and_then(Isi::teks).unwrap_or_default();
        Some((nilai.trim().to_string(), lembar.alamat(*row, nilai_col)))
    })
}

fn baca_lembar(lembar: &Lembar, spek: &Spek) -> Result<Unggahan, AppError> {
    let mut errors = Vec::new();
    // The header row: the first row naming the first column, in any column.
    let pertama = normal(spek.kolom[0].kepala);
    let kepala_baris = lembar
        .baris
        .iter()
        .find(|(_, cells)| cells.values().any(|c| matches!(c, Isi::Teks(t) if normal(t) == pertama)))
        .map(|(row, _)| *row)
        .ok_or_else(|| {
            AppError::Validation(vec![galat(
                "body",
                alamat(&lembar.nama, 0, 0),
                format!("baris judul tabel (kolom '{}') tidak ditemukan", spek.kolom[0].kepala),
            )])
        })?;
    let judul = &lembar.baris[&kepala_baris];
    let mut kolom: Vec<(&'static str, u16, Jenis)> = Vec::new();
    for k in spek.kolom {
        let Some(medan) = k.medan else { continue };
        let nama = normal(k.kepala);
        match judul.iter().find(|(_, c)| matches!(c, Isi::Teks(t) if normal(t) == nama)) {
            Some((col, _)) => kolom.push((medan, *col, k.jenis)),
            None if k.baru => {}
            None => errors.push(galat(
                "body",
                alamat(&lembar.nama, kepala_baris, 0),
                format!("kolom '{}' tidak ada di baris judul tabel", k.kepala),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let akhir = kolom.iter().map(|(_, c, _)| *c).max().unwrap_or(0);

    let label = |nama: &str| label(lembar, kepala_baris, nama);
    let versi = match label(LABEL_VERSI) {
        Some((v, _)) if v == VERSI_BARU => Versi::Baru,
        Some((v, _)) if v.starts_with("\"v") => Versi::Ada(v),
        Some((v, sel)) => {
            return Err(AppError::Validation(vec![galat(
                "versi",
                sel,
                format!("sel versi dokumen berisi '{v}'; jangan ubah sel ini (unduh ulang bila perlu)"),
            )]));
        }
        None => {
            return Err(AppError::Validation(vec![galat(
                "versi",
                alamat(&lembar.nama, 0, 0),
                format!("baris '{LABEL_VERSI}' tidak ada di atas tabel; unduh ulang buku kerja dari layanan ini"),
            )]));
        }
    };

    let mut rows = Vec::new();
    let mut baris = Vec::new();
    for (row, cells) in lembar.baris.range(kepala_baris + 1..) {
        let terisi = kolom.iter().any(|(medan, col, _)| !spek.kunci.contains(medan) && cells.get(col).is_some());
        if !terisi {
            continue;
        }
        let path = format!("{}[{}]", spek.wadah, rows.len());
        let mut obj = Map::new();
        let mut larik: Vec<(&str, usize, Value)> = Vec::new();
        for (medan, col, jenis) in &kolom {
            let v = match cells.get(col) {
                None => Value::Null,
                Some(Isi::Galat(g)) => {
                    errors.push(galat(
                        &format!("{path}.{medan}"),
                        lembar.alamat(*row, *col),
                        format!("sel berisi galat Excel {g}; isi dengan nilai"),
                    ));
                    continue;
                }
                Some(Isi::Tanggal) => {
                    errors.push(galat(
                        &format!("{path}.{medan}"),
                        lembar.alamat(*row, *col),
                        "sel berisi tanggal; tulis sebagai angka atau teks (format sel: Umum atau Teks)",
                    ));
                    continue;
                }
                Some(Isi::Benar(_)) => {
                    errors.push(galat(
                        &format!("{path}.{medan}"),
                        lembar.alamat(*row, *col),
                        "sel berisi nilai logika (TRUE/FALSE); isi dengan nilai",
                    ));
                    continue;
                }
                Some(Isi::Angka(d)) if *jenis == Jenis::Nilai => angka_json(*d),
                Some(isi) if *jenis == Jenis::Kode => isi
                    .teks()
                    .and_then(|t| t.split_whitespace().next().map(str::to_string))
                    .map_or(Value::Null, Value::String),
                Some(isi) => isi.teks().map_or(Value::Null, Value::String),
            };
            match medan.split_once('[') {
                Some((nama, q)) => {
                    let q: usize = q.trim_end_matches(']').parse().unwrap_or(0);
                    larik.push((nama, q, v));
                }
                None => {
                    if !v.is_null() {
                        obj.insert((*medan).to_string(), v);
                    }
                }
            }
        }
        let mut nama_larik: Vec<&str> = larik.iter().map(|(n, _, _)| *n).collect();
        nama_larik.dedup();
        for nama in nama_larik {
            let isi: Vec<&(&str, usize, Value)> = larik.iter().filter(|(n, _, _)| *n == nama).collect();
            if isi.iter().all(|(_, _, v)| v.is_null()) {
                continue;
            }
            let panjang = isi.iter().map(|(_, q, _)| q + 1).max().unwrap_or(0);
            let kosong = if spek.nol.contains(&nama) { Value::from(0) } else { Value::Null };
            let mut arr = vec![kosong; panjang];
            for (_, q, v) in isi {
                if !v.is_null() {
                    arr[*q] = v.clone();
                }
            }
            obj.insert(nama.to_string(), Value::Array(arr));
        }
        rows.push(Value::Object(obj));
        baris.push(*row);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut isi = Map::new();
    isi.insert(spek.wadah.to_string(), Value::Array(rows));
    Ok(Unggahan {
        isi: Value::Object(isi),
        peta: Peta {
            lembar: lembar.nama.clone(),
            wadah: spek.wadah,
            kepala_baris,
            baris,
            kolom: kolom.iter().map(|(m, c, _)| (*m, *c)).collect(),
            akhir,
        },
        versi,
        satker: label(LABEL_SATKER),
        tahun: label(LABEL_TAHUN),
        triwulan: label(LABEL_TRIWULAN),
    })
}

/// A number as JSON: whole numbers as integers, others as the double of their (at most 15
/// digit) decimal text, which prints back as that same text.
fn angka_json(d: rust_decimal::Decimal) -> Value {
    if d.fract().is_zero()
        && let Ok(i) = i64::try_from(d)
    {
        return Value::from(i);
    }
    d.to_string().parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::String(d.to_string()), Value::Number)
}

impl Unggahan {
    /// Refuses a workbook of another satker, year or triwulan than the address it is sent to:
    /// last quarter's file sent to this quarter is a slip worth stopping.
    pub fn cocokkan(&self, satker: &str, tahun: i32, triwulan: Option<u8>) -> Result<(), AppError> {
        // A header block whose cell was emptied or garbled is refused like a wrong one: the
        // check cannot be skipped by clearing the cell it reads.
        let mut errors = Vec::new();
        let hilang = |medan: &str, label: &str| {
            galat(
                medan,
                self.peta.sel("body").unwrap_or_default(),
                format!("baris '{label}' tidak ada di atas tabel; unduh ulang buku kerja dari layanan ini"),
            )
        };
        if self.satker.is_none() {
            errors.push(hilang("satker", LABEL_SATKER));
        }
        if self.tahun.is_none() {
            errors.push(hilang("tahun", LABEL_TAHUN));
        }
        if triwulan.is_some() && self.triwulan.is_none() {
            errors.push(hilang("triwulan", LABEL_TRIWULAN));
        }
        if let Some((v, sel)) = &self.satker {
            match v.split_whitespace().next() {
                Some(k) if k.eq_ignore_ascii_case(satker) => {}
                Some(_) => errors.push(galat(
                    "satker",
                    sel.clone(),
                    format!("buku kerja ini untuk satker '{v}', bukan {satker}"),
                )),
                None => errors.push(galat(
                    "satker",
                    sel.clone(),
                    format!("sel satker kosong; isi dengan {satker} atau unduh ulang buku kerja"),
                )),
            }
        }
        if let Some((v, sel)) = &self.tahun {
            match v.parse::<i32>() {
                Ok(t) if t == tahun => {}
                Ok(_) => {
                    errors.push(galat("tahun", sel.clone(), format!("buku kerja ini untuk tahun {v}, bukan {tahun}")))
                }
                Err(_) => errors.push(galat(
                    "tahun",
                    sel.clone(),
                    format!("sel tahun berisi '{v}', bukan tahun; isi dengan {tahun}"),
                )),
            }
        }
        if let (Some((v, sel)), Some(tw)) = (&self.triwulan, triwulan) {
            match v.trim_start_matches(|c: char| !c.is_ascii_digit()).parse::<u8>() {
                Ok(t) if t == tw => {}
                Ok(_) => errors.push(galat("triwulan", sel.clone(), format!("buku kerja ini untuk {v}, bukan TW{tw}"))),
                Err(_) => {
                    errors.push(galat("triwulan", sel.clone(), format!("sel triwulan berisi '{v}'; isi dengan TW{tw}")))
                }
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
    }
}

/// Where a document workbook belongs, read from its own sheet and header block: what a batch
/// upload needs to send each file to its address without being told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tujuan {
    /// `pk`, `realisasi` or `anggaran`: the path segment of its address.
    pub dokumen: &'static str,
    pub satker: String,
    pub tahun: i32,
    /// `TW1`–`TW4`, for a realisasi.
    pub triwulan: Option<String>,
}

impl Tujuan {
    /// The document's path under `/api/v1`.
    pub fn alamat(&self) -> String {
        match &self.triwulan {
            Some(tw) => format!("/api/v1/satker/{}/{}/{}/{tw}", self.satker, self.dokumen, self.tahun),
            None => format!("/api/v1/satker/{}/{}/{}", self.satker, self.dokumen, self.tahun),
        }
    }
}

/// The document a workbook holds and whose it is.
pub fn tujuan(bytes: Vec<u8>, henti: &Henti) -> Result<Tujuan, AppError> {
    let mut buku = Buku::buka(bytes, henti)?;
    for (dokumen, spek) in
        [("pk", &super::pk::SPEK), ("realisasi", &super::realisasi::SPEK), ("anggaran", &super::anggaran::SPEK)]
    {
        let Some(lembar) = buku.lembar(spek.lembar, spek.maks + 64)? else { continue };
        // The header block only: the table is the server's to check.
        let cari = |nama: &str| label(&lembar, 32, nama).map(|(v, _)| v);
        let tidak_ada =
            |label: &str| AppError::BadRequest(format!("baris '{label}' tidak ada di lembar {}", spek.lembar));
        let satker = cari(LABEL_SATKER).and_then(|v| v.split_whitespace().next().map(str::to_string));
        let tahun = cari(LABEL_TAHUN).and_then(|v| v.parse().ok());
        return Ok(Tujuan {
            dokumen,
            satker: satker.ok_or_else(|| tidak_ada(LABEL_SATKER))?,
            tahun: tahun.ok_or_else(|| tidak_ada(LABEL_TAHUN))?,
            triwulan: match dokumen {
                "realisasi" => Some(cari(LABEL_TRIWULAN).ok_or_else(|| tidak_ada(LABEL_TRIWULAN))?),
                _ => None,
            },
        });
    }
    Err(AppError::BadRequest("buku kerja tanpa lembar PK, Realisasi atau Anggaran".into()))
}
