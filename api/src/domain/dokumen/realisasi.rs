//! A triwulan's realisasi as sent; each value is read by its indicator's rules later.

use super::*;

/// One indicator's realisasi in a triwulan report, still as typed: it is parsed against the
/// PK's rules for that indicator, which the caller knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RealisasiMasuk {
    pub indeks: usize,
    pub kode: String,
    pub realisasi: Value,
    pub catatan: Option<String>,
    pub bukti_dukung: Option<String>,
    pub capaian_dilaporkan: Option<String>,
    /// Evidence files it rests on (`bkt_…` ids of the satker's uploads); `None` when the row
    /// does not say (a workbook, an older client), which keeps what is stored.
    pub bukti: Option<Vec<String>>,
}

pub fn parse_realisasi(body: &Value) -> Result<Vec<RealisasiMasuk>, Vec<FieldError>> {
    let obj = top(body)?;
    let mut cek = Cek { errors: Vec::new() };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let none = Vec::new();
    let rows = cek.array(obj, "indikator", MAKS_INDIKATOR).unwrap_or(&none);
    for (i, row) in rows.iter().enumerate() {
        let path = format!("indikator[{i}]");
        let Some(o) = object(&mut cek, row, &path) else { continue };
        let kode = cek.kode_unik(o, &path, &mut seen);
        let realisasi = o.get("realisasi").cloned().unwrap_or(Value::Null);
        if realisasi.is_null() || realisasi.as_str().is_some_and(|s| s.trim().is_empty()) {
            cek.err(&format!("{path}.realisasi"), "wajib diisi; indikator yang belum ada realisasinya jangan dikirim");
        }
        let catatan = cek.text(o, &path, "catatan", false, 10_000);
        let bukti_dukung = cek.text(o, &path, "bukti_dukung", false, 2000);
        let bukti = daftar_bukti(&mut cek, o, &path);
        let capaian_dilaporkan = match o.get("capaian_dilaporkan") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => {
                cek.err(&format!("{path}.capaian_dilaporkan"), "harus angka atau teks");
                None
            }
        };
        if let Some(kode) = kode {
            out.push(RealisasiMasuk { indeks: i, kode, realisasi, catatan, bukti_dukung, capaian_dilaporkan, bukti });
        }
    }
    cek.finish(out)
}

/// Parses one realisasi value by its indicator's rules; the error carries the field path.
pub fn nilai_realisasi(
    v: &Value,
    path: &str,
    tipe: TipeNilai,
    satuan: Option<&nilai::Satuan>,
) -> Result<Nilai, FieldError> {
    let mut cek = Cek { errors: Vec::new() };
    match cek.nilai(Some(v), path, tipe, satuan) {
        Some(n) => Ok(n),
        None => Err(cek.errors.into_iter().next().unwrap_or_else(|| FieldError::new(path, "wajib diisi"))),
    }
}
