//! The three documents a satker submits (PK, realisasi, anggaran), parsed from JSON into
//! validated domain values. Every problem is reported, each with the exact field path
//! (`indikator[2].target`, `baris[3].pagu`), so one round trip tells the sender everything to
//! fix. Numbers may be JSON numbers or strings in Indonesian format.

use std::collections::HashSet;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use super::FieldError;
use super::angka::{self, Konteks};
use super::capaian::{MetodePredikat, Polaritas, Target};
use super::kode::{JenisBelanja, SumberDana};
use super::nilai::{self, Nilai, TipeNilai};

pub const MAKS_INDIKATOR: usize = 500;
/// Rupiah of one budget line, and of all lines of one document together: Rp100 triliun. The
/// whole KPU budget is about 10^13; a national total of every satker stays far inside i64.
pub const MAKS_RUPIAH: i64 = 100_000_000_000_000;
pub const MAKS_BARIS_ANGGARAN: usize = 5000;

/// Collects the errors of one document.
struct Cek {
    errors: Vec<FieldError>,
}

impl Cek {
    fn err(&mut self, path: &str, pesan: impl Into<String>) {
        self.errors.push(FieldError::new(path, pesan));
    }

    fn text(&mut self, obj: &Map<String, Value>, path: &str, name: &str, required: bool, max: usize) -> Option<String> {
        let p = format!("{path}.{name}");
        match obj.get(name) {
            None | Some(Value::Null) => {
                if required {
                    self.err(&p, "wajib diisi");
                }
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                if required {
                    self.err(&p, "wajib diisi");
                }
                None
            }
            Some(Value::String(s)) if s.chars().count() > max => {
                self.err(&p, format!("paling banyak {max} karakter"));
                None
            }
            // Codes and units are one line; longer text may have tabs and newlines.
            Some(Value::String(s)) => match super::teks::karakter_kontrol(s, max > 64) {
                Some(c) => {
                    self.err(&p, super::teks::pesan(c));
                    None
                }
                None => Some(s.trim().to_string()),
            },
            Some(_) => {
                self.err(&p, "harus teks");
                None
            }
        }
    }

    /// A value as text: JSON strings as typed, JSON numbers in their exact decimal form.
    fn raw(&mut self, v: Option<&Value>, p: &str) -> Option<RawValue> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(RawValue::Teks(s.trim().to_string())),
            Some(Value::Number(n)) => match json_decimal(n) {
                Some(d) => Some(RawValue::Angka(d)),
                None => {
                    self.err(p, "angka di luar jangkauan");
                    None
                }
            },
            Some(_) => {
                self.err(p, "harus angka atau teks");
                None
            }
        }
    }

    fn nilai(&mut self, v: Option<&Value>, p: &str, tipe: TipeNilai, satuan: Option<&nilai::Satuan>) -> Option<Nilai> {
        let n = self.nilai_bebas(v, p, tipe, satuan)?;
        if n.angka().is_some_and(|d| d.abs() > MAKS_NILAI) {
            self.err(p, "nilai terlalu besar (paling besar 9.000.000.000.000)");
            return None;
        }
        if let Some(d) = n.angka().filter(|d| !muat_e6(*d)) {
            self.err(p, presisi_berlebih(d));
            return None;
        }
        if let Nilai::Predikat { skor: Some(d), .. } = &n
            && !muat_e6(*d)
        {
            self.err(p, presisi_berlebih(*d));
            return None;
        }
        Some(n)
    }

    fn nilai_bebas(
        &mut self,
        v: Option<&Value>,
        p: &str,
        tipe: TipeNilai,
        satuan: Option<&nilai::Satuan>,
    ) -> Option<Nilai> {
        match self.raw(v, p)? {
            RawValue::Angka(d) => match tipe {
                TipeNilai::Persen | TipeNilai::Angka | TipeNilai::Indeks => {
                    Some(Nilai::Angka { nilai: d, satuan: satuan.cloned() })
                }
                TipeNilai::Predikat => match nilai::Predikat::dari_skor(d) {
                    Some(predikat) => Some(Nilai::Predikat { predikat, skor: Some(d) }),
                    None => {
                        self.err(p, "skor predikat harus 0–100");
                        None
                    }
                },
                TipeNilai::Kategori => {
                    self.err(p, "opini BPK ditulis sebagai teks: WTP, WDP, TW atau TMP");
                    None
                }
            },
            RawValue::Teks(s) => match nilai::parse(&s, tipe) {
                Ok(Nilai::Angka { nilai, satuan: None }) => Some(Nilai::Angka { nilai, satuan: satuan.cloned() }),
                Ok(n) => Some(n),
                Err(e) => {
                    self.err(p, e.0);
                    None
                }
            },
        }
    }

    fn rupiah(&mut self, v: Option<&Value>, p: &str, required: bool) -> Option<i64> {
        let d = match self.raw(v, p) {
            None => {
                if required {
                    self.err(p, "wajib diisi");
                }
                return None;
            }
            Some(RawValue::Angka(d)) => d,
            Some(RawValue::Teks(s)) => {
                let s = s.trim_start_matches("Rp").trim_start_matches('.').trim().trim_end_matches(",-").to_string();
                match angka::parse(&s, Konteks::Rupiah) {
                    Ok(d) => d,
                    Err(e) => {
                        self.err(p, format!("harus bilangan bulat ≥ 0 ({e})"));
                        return None;
                    }
                }
            }
        };
        match (d.fract().is_zero(), i64::try_from(d)) {
            (true, Ok(v)) if (0..=MAKS_RUPIAH).contains(&v) => Some(v),
            (true, _) if d > Decimal::ZERO => {
                self.err(p, "terlalu besar: paling besar Rp100.000.000.000.000 (Rp100 triliun) per baris");
                None
            }
            _ => {
                self.err(p, "harus bilangan bulat ≥ 0");
                None
            }
        }
    }

    fn array<'v>(&mut self, obj: &'v Map<String, Value>, name: &str, max: usize) -> Option<&'v Vec<Value>> {
        match obj.get(name) {
            Some(Value::Array(a)) if a.len() > max => {
                self.err(name, format!("paling banyak {max} baris, dikirim {}", a.len()));
                None
            }
            Some(Value::Array(a)) => Some(a),
            None | Some(Value::Null) => {
                self.err(name, "wajib diisi (daftar)");
                None
            }
            Some(_) => {
                self.err(name, "harus daftar");
                None
            }
        }
    }

    /// The row's `kode`, which must not repeat (case aside) within the document.
    fn kode_unik(&mut self, obj: &Map<String, Value>, path: &str, seen: &mut HashSet<String>) -> Option<String> {
        let kode = self.text(obj, path, "kode", true, 32);
        if let Some(k) = &kode
            && !seen.insert(k.to_lowercase())
        {
            self.err(&format!("{path}.kode"), format!("kode '{k}' ganda"));
        }
        kode
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() { Ok(value) } else { Err(self.errors) }
    }
}

enum RawValue {
    Angka(Decimal),
    Teks(String),
}

/// A JSON number as the exact decimal it was written as (JSON numbers use `.` for decimals).
fn json_decimal(n: &serde_json::Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    let s = n.to_string();
    Decimal::from_str(&s).ok().or_else(|| Decimal::from_scientific(&s).ok())
}

fn object<'v>(cek: &mut Cek, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
    match v {
        Value::Object(o) => Some(o),
        _ => {
            cek.err(path, "harus objek");
            None
        }
    }
}

fn parse_enum<T: FromStr<Err = String>>(cek: &mut Cek, obj: &Map<String, Value>, path: &str, name: &str) -> Option<T> {
    let p = format!("{path}.{name}");
    let s = cek.text(obj, path, name, false, 32)?;
    match s.to_lowercase().parse() {
        Ok(v) => Some(v),
        Err(m) => {
            cek.err(&p, m);
            None
        }
    }
}

fn top(body: &Value) -> Result<&Map<String, Value>, Vec<FieldError>> {
    body.as_object().ok_or_else(|| vec![FieldError::new("body", "harus objek JSON")])
}

/// One indicator of a Perjanjian Kinerja.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndikatorPk {
    pub kode: String,
    pub nama: String,
    pub tujuan: Option<String>,
    pub sasaran: Option<String>,
    pub definisi: Option<String>,
    pub satuan: String,
    pub tipe_nilai: TipeNilai,
    pub polaritas: Polaritas,
    pub metode_predikat: Option<MetodePredikat>,
    pub bobot: Decimal,
    #[serde(skip)]
    pub target: Target,
    pub target_teks: String,
    pub target_triwulan: [Option<Decimal>; 4],
}

impl IndikatorPk {
    pub fn target_nilai(&self) -> Option<Decimal> {
        match &self.target {
            Target::Nilai(n) => n.angka(),
            Target::Rentang { bawah, .. } => Some(*bawah),
        }
    }

    pub fn target_atas(&self) -> Option<Decimal> {
        match &self.target {
            Target::Rentang { atas, .. } => Some(*atas),
            Target::Nilai(_) => None,
        }
    }
}

pub fn parse_pk(body: &Value) -> Result<Vec<IndikatorPk>, Vec<FieldError>> {
    let obj = top(body)?;
    let mut cek = Cek { errors: Vec::new() };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let none = Vec::new();
    let rows = cek.array(obj, "indikator", MAKS_INDIKATOR).unwrap_or(&none);
    if rows.is_empty() && cek.errors.is_empty() {
        cek.err("indikator", "paling sedikit satu indikator");
    }
    for (i, row) in rows.iter().enumerate() {
        let path = format!("indikator[{i}]");
        let Some(o) = object(&mut cek, row, &path) else { continue };
        let kode = cek.kode_unik(o, &path, &mut seen);
        let nama = cek.text(o, &path, "nama", true, 1000);
        let satuan_teks = cek.text(o, &path, "satuan", true, 64);
        let satuan = satuan_teks.as_deref().and_then(nilai::Satuan::parse);
        let tipe: TipeNilai = parse_enum(&mut cek, o, &path, "tipe_nilai").unwrap_or(match satuan {
            Some(nilai::Satuan::Persen) => TipeNilai::Persen,
            _ => TipeNilai::Angka,
        });
        let polaritas: Polaritas = parse_enum(&mut cek, o, &path, "polaritas").unwrap_or(Polaritas::Maksimal);
        let metode: Option<MetodePredikat> = parse_enum(&mut cek, o, &path, "metode_predikat");
        if matches!(tipe, TipeNilai::Predikat) && metode.is_none() && !o.contains_key("metode_predikat") {
            cek.err(&format!("{path}.metode_predikat"), "wajib untuk indikator predikat: ordinal atau skor");
        }
        if matches!(tipe, TipeNilai::Predikat | TipeNilai::Kategori) && polaritas != Polaritas::Maksimal {
            cek.err(&format!("{path}.polaritas"), "predikat dan opini selalu berpolaritas maksimal");
        }
        let bobot = match cek.raw(o.get("bobot"), &format!("{path}.bobot")) {
            None => Decimal::ONE,
            Some(RawValue::Angka(d)) => d,
            Some(RawValue::Teks(s)) => angka::parse(&s, Konteks::Desimal).unwrap_or_else(|e| {
                cek.err(&format!("{path}.bobot"), e.0);
                Decimal::ONE
            }),
        };
        if bobot <= Decimal::ZERO || bobot > Decimal::from(1000) {
            cek.err(&format!("{path}.bobot"), "harus lebih dari 0 dan paling besar 1000");
        } else if bobot.normalize().scale() > 3 {
            // Aggregates weigh in thousandths, exactly, in SQL.
            cek.err(&format!("{path}.bobot"), "paling banyak tiga angka desimal");
        }
        let tp = format!("{path}.target");
        let target_nilai = cek.nilai(o.get("target"), &tp, tipe, satuan.as_ref());
        if o.get("target").is_none_or(|v| v.is_null()) {
            cek.err(&tp, "wajib diisi");
        }
        let target = match (polaritas, target_nilai) {
            (Polaritas::Rentang, Some(n)) => {
                let ap = format!("{path}.target_atas");
                match cek.nilai(o.get("target_atas"), &ap, tipe, satuan.as_ref()).and_then(|a| a.angka()) {
                    Some(atas) if n.angka().is_some_and(|b| b <= atas) => {
                        Some(Target::Rentang { bawah: n.angka().unwrap_or_default(), atas })
                    }
                    Some(_) => {
                        cek.err(&ap, "harus ≥ target (batas bawah)");
                        None
                    }
                    None => {
                        cek.err(&ap, "wajib untuk polaritas rentang (batas atas)");
                        None
                    }
                }
            }
            (_, Some(n)) => {
                if let Some(v) = n.angka() {
                    if polaritas == Polaritas::Maksimal && v <= Decimal::ZERO && matches!(n, Nilai::Angka { .. }) {
                        cek.err(&tp, "harus lebih dari 0 untuk polaritas maksimal");
                    }
                    if v < Decimal::ZERO {
                        cek.err(&tp, "tidak boleh negatif");
                    }
                }
                Some(Target::Nilai(n))
            }
            (_, None) => None,
        };
        let mut target_triwulan = [None; 4];
        match o.get("target_triwulan") {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) if a.len() == 4 => {
                for (q, v) in a.iter().enumerate() {
                    let qp = format!("{path}.target_triwulan[{q}]");
                    if !matches!(tipe, TipeNilai::Persen | TipeNilai::Angka | TipeNilai::Indeks) {
                        if !v.is_null() {
                            cek.err(&qp, "target triwulan hanya untuk indikator angka, persen atau indeks");
                        }
                        continue;
                    }
                    target_triwulan[q] = cek.nilai(Some(v), &qp, tipe, satuan.as_ref()).and_then(|n| n.angka());
                }
            }
            Some(_) => cek.err(&format!("{path}.target_triwulan"), "harus daftar empat nilai (TW1–TW4)"),
        }
        let tujuan = cek.text(o, &path, "tujuan", false, 1000);
        let sasaran = cek.text(o, &path, "sasaran", false, 1000);
        let definisi = cek.text(o, &path, "definisi", false, 4000);
        if let (Some(kode), Some(nama), Some(satuan_teks), Some(target)) = (kode, nama, satuan_teks, target) {
            let target_teks = match &target {
                Target::Nilai(n) => n.teks(tipe),
                Target::Rentang { bawah, atas } => {
                    format!("{}–{}", angka::format(*bawah, tipe.konteks()), angka::format(*atas, tipe.konteks()))
                }
            };
            out.push(IndikatorPk {
                kode,
                nama,
                tujuan,
                sasaran,
                definisi,
                satuan: satuan_teks,
                tipe_nilai: tipe,
                polaritas,
                metode_predikat: if tipe == TipeNilai::Predikat { metode } else { None },
                bobot,
                target,
                target_teks,
                target_triwulan,
            });
        }
    }
    cek.finish(out)
}

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
            out.push(RealisasiMasuk { indeks: i, kode, realisasi, catatan, bukti_dukung, capaian_dilaporkan });
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BarisAnggaran {
    pub program_kode: String,
    pub program_nama: String,
    pub kegiatan_kode: Option<String>,
    pub kegiatan_nama: Option<String>,
    pub akun: Option<String>,
    pub jenis_belanja: JenisBelanja,
    pub sumber_dana: SumberDana,
    pub uraian: Option<String>,
    pub pagu: i64,
    pub realisasi: i64,
    pub realisasi_bulanan: Option<Vec<i64>>,
}

fn program_kode_valid(s: &str) -> bool {
    // RKA-K/L program code: bagian anggaran, program, letters: 076.01.WA
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts[0].len() == 3
        && parts[0].bytes().all(|b| b.is_ascii_digit())
        && parts[1].len() == 2
        && parts[1].bytes().all(|b| b.is_ascii_digit())
        && parts[2].len() == 2
        && parts[2].bytes().all(|b| b.is_ascii_uppercase())
}

pub fn parse_anggaran(body: &Value) -> Result<Vec<BarisAnggaran>, Vec<FieldError>> {
    let obj = top(body)?;
    let mut cek = Cek { errors: Vec::new() };
    let mut out = Vec::new();
    let none = Vec::new();
    let rows = cek.array(obj, "baris", MAKS_BARIS_ANGGARAN).unwrap_or(&none);
    // Σ pagu and Σ realisasi of the valid lines, in a type no document can overflow.
    let mut total = (0_i128, 0_i128);
    for (i, row) in rows.iter().enumerate() {
        let path = format!("baris[{i}]");
        let Some(o) = object(&mut cek, row, &path) else { continue };
        let program_kode = cek.text(o, &path, "program_kode", true, 32);
        if let Some(k) = &program_kode
            && !program_kode_valid(k)
        {
            cek.err(&format!("{path}.program_kode"), "format kode program RKA-K/L: 076.01.WA");
        }
        let program_nama = cek.text(o, &path, "program_nama", true, 500);
        let kegiatan_kode = cek.text(o, &path, "kegiatan_kode", false, 32);
        let kegiatan_nama = cek.text(o, &path, "kegiatan_nama", false, 500);
        let jenis_belanja = cek.text(o, &path, "jenis_belanja", true, 2).and_then(|j| {
            let parsed = JenisBelanja::dari_kode(&j);
            if parsed.is_none() {
                cek.err(&format!("{path}.jenis_belanja"), "harus 51–58 (51 pegawai, 52 barang, 53 modal, …)");
            }
            parsed
        });
        let akun = cek.text(o, &path, "akun", false, 6);
        if let Some(a) = &akun {
            let ok = a.len() == 6 && a.bytes().all(|b| b.is_ascii_digit());
            if !ok {
                cek.err(&format!("{path}.akun"), "harus 6 angka");
            } else if jenis_belanja.is_some_and(|j| !a.starts_with(j.kode())) {
                cek.err(&format!("{path}.akun"), "dua angka pertama akun harus sama dengan jenis_belanja");
            }
        }
        let sumber_dana = cek.text(o, &path, "sumber_dana", false, 16).and_then(|s| {
            let parsed = SumberDana::dari_kode(&s);
            if parsed.is_none() {
                let semua: Vec<&str> = SumberDana::ALL.iter().map(|s| s.kode()).collect();
                cek.err(&format!("{path}.sumber_dana"), format!("harus salah satu dari {}", semua.join(", ")));
            }
            parsed
        });
        let uraian = cek.text(o, &path, "uraian", false, 2000);
        let pagu = cek.rupiah(o.get("pagu"), &format!("{path}.pagu"), true);
        let realisasi = cek.rupiah(o.get("realisasi"), &format!("{path}.realisasi"), true);
        let bp = format!("{path}.realisasi_bulanan");
        let bulanan = match o.get("realisasi_bulanan") {
            None | Some(Value::Null) => None,
            Some(Value::Array(a)) if a.len() == 12 => {
                // A plain whole number needs no checking (nor a path for an error message).
                let plain = |v: &Value| v.as_i64().filter(|n| *n >= 0);
                let months: Vec<Option<i64>> = a
                    .iter()
                    .enumerate()
                    .map(|(m, v)| plain(v).or_else(|| cek.rupiah(Some(v), &format!("{bp}[{m}]"), true)))
                    .collect();
                months.into_iter().collect::<Option<Vec<i64>>>()
            }
            Some(_) => {
                cek.err(&bp, "harus daftar 12 nilai (Januari–Desember)");
                None
            }
        };
        if let (Some(b), Some(r)) = (&bulanan, realisasi) {
            let total: i128 = b.iter().map(|v| i128::from(*v)).sum();
            if total != i128::from(r) {
                cek.err(
                    &bp,
                    format!(
                        "jumlahnya Rp{} tidak sama dengan realisasi Rp{}",
                        angka::format(Decimal::from_i128_with_scale(total, 0), Konteks::Rupiah),
                        angka::format(Decimal::from(r), Konteks::Rupiah)
                    ),
                );
            }
        }
        if let (Some(program_kode), Some(program_nama), Some(jenis_belanja), Some(pagu), Some(realisasi)) =
            (program_kode, program_nama, jenis_belanja, pagu, realisasi)
        {
            total.0 += i128::from(pagu);
            total.1 += i128::from(realisasi);
            out.push(BarisAnggaran {
                program_kode,
                program_nama,
                kegiatan_kode,
                kegiatan_nama,
                akun,
                jenis_belanja,
                sumber_dana: sumber_dana.unwrap_or(SumberDana::Apbn),
                uraian,
                pagu,
                realisasi,
                realisasi_bulanan: bulanan,
            });
        }
    }
    for (nama, jumlah) in [("pagu", total.0), ("realisasi", total.1)] {
        if jumlah > i128::from(MAKS_RUPIAH) {
            cek.err(
                "baris",
                format!(
                    "jumlah {nama} seluruh baris Rp{} melebihi batas Rp100.000.000.000.000 (Rp100 triliun) per dokumen",
                    angka::format(Decimal::from_i128_with_scale(jumlah, 0), Konteks::Rupiah)
                ),
            );
        }
    }
    cek.finish(out)
}

/// Decimal ↔ the fixed-point integer stored in `_e6` columns.
pub fn ke_e6(d: Decimal) -> Option<i64> {
    let scaled = d
        .round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .checked_mul(Decimal::from(1_000_000))?;
    i64::try_from(scaled.trunc()).ok()
}

/// Whether `d` is held exactly at scale 10^6 (six decimals at most): anything finer would be
/// rounded away when stored, so it is refused instead (`0,0000001` is not 0).
pub fn muat_e6(d: Decimal) -> bool {
    d.normalize().scale() <= 6
}

fn presisi_berlebih(d: Decimal) -> String {
    format!(
        "paling banyak 6 angka desimal; '{}' tidak dapat disimpan tanpa pembulatan",
        angka::format(d, Konteks::Desimal)
    )
}

/// Indicator values are bounded so they fit a BIGINT at scale 10^6 with room to spare.
pub const MAKS_NILAI: Decimal = rust_decimal_macros::dec!(9_000_000_000_000);

pub fn dari_e6(v: i64) -> Decimal {
    Decimal::new(v, 6).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::json;

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_pk_with_defaults_and_indonesian_numbers() {
        let pk = parse_pk(&json!({"indikator": [
            {"kode": "IK-01", "nama": "Persentase arsip", "satuan": "persen", "target": "87,5", "target_triwulan": ["25", "50", 75, "87,5"]},
            {"kode": "IK-02", "nama": "Laporan keuangan", "satuan": "laporan", "target": 2},
            {"kode": "IK-03", "nama": "Nilai SAKIP", "satuan": "predikat", "tipe_nilai": "predikat", "metode_predikat": "skor", "target": "B"}
        ]}))
        .unwrap();
        assert_eq!(pk[0].tipe_nilai, TipeNilai::Persen);
        assert_eq!(pk[0].target_nilai(), Some(dec!(87.5)));
        assert_eq!(pk[0].target_triwulan, [Some(dec!(25)), Some(dec!(50)), Some(dec!(75)), Some(dec!(87.5))]);
        assert_eq!(pk[0].target_teks, "87,5%");
        assert_eq!(pk[1].tipe_nilai, TipeNilai::Angka);
        assert_eq!(pk[1].target_teks, "2 laporan");
        assert_eq!(pk[2].metode_predikat, Some(MetodePredikat::Skor));
        assert_eq!(pk[0].polaritas, Polaritas::Maksimal);
        assert_eq!(pk[0].bobot, Decimal::ONE);
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let e = parse_pk(&json!({"indikator": [
            {"kode": "IK-01", "nama": "", "satuan": "persen", "target": "1.234"},
            {"kode": "ik-01", "nama": "x", "satuan": "persen", "target": "0"},
            {"kode": "IK-03", "nama": "x", "satuan": "predikat", "tipe_nilai": "predikat", "target": "B"},
            {"kode": "IK-04", "nama": "x", "satuan": "persen", "polaritas": "rentang", "target": "95"},
            "bukan objek"
        ]}))
        .unwrap_err();
        assert_eq!(
            fields(&e),
            [
                "indikator[0].nama",
                "indikator[0].target",
                "indikator[1].kode",
                "indikator[1].target",
                "indikator[2].metode_predikat",
                "indikator[3].target_atas",
                "indikator[4]"
            ]
        );
        assert!(e[1].pesan.contains("ambigu"));
        assert_eq!(fields(&parse_pk(&json!({"indikator": []})).unwrap_err()), ["indikator"]);
        assert_eq!(fields(&parse_pk(&json!([])).unwrap_err()), ["body"]);
    }

    #[test]
    fn budget_lines_are_exact_and_checked() {
        let rows = parse_anggaran(&json!({"baris": [
            {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "51", "sumber_dana": "apbn",
             "pagu": 2999452000_i64, "realisasi": "2.996.870.206"},
        ]}))
        .unwrap();
        assert_eq!(rows[0].pagu, 2_999_452_000);
        assert_eq!(rows[0].realisasi, 2_996_870_206);
        assert_eq!(rows[0].sumber_dana, SumberDana::Apbn);

        let e = parse_anggaran(&json!({"baris": [
            {"program_kode": "76.1.WA", "program_nama": "x", "jenis_belanja": "59", "pagu": -1, "realisasi": 1.5},
            {"program_kode": "076.01.WA", "program_nama": "x", "jenis_belanja": "52", "akun": "511111", "pagu": 10, "realisasi": 10,
             "realisasi_bulanan": [1,1,1,1,1,1,1,1,1,1,1,1]},
            {"program_kode": "076.01.WA", "program_nama": "x", "jenis_belanja": "52", "sumber_dana": "DAK", "pagu": "12,5", "realisasi": 0}
        ]}))
        .unwrap_err();
        assert_eq!(
            fields(&e),
            [
                "baris[0].program_kode",
                "baris[0].jenis_belanja",
                "baris[0].pagu",
                "baris[0].realisasi",
                "baris[1].akun",
                "baris[1].realisasi_bulanan",
                "baris[2].sumber_dana",
                "baris[2].pagu"
            ]
        );
        assert_eq!(e[2].pesan, "harus bilangan bulat ≥ 0");
    }

    #[test]
    fn rupiah_are_bounded_per_line_and_per_document() {
        let line = |pagu: Value| json!({"program_kode": "076.01.WA", "program_nama": "x", "jenis_belanja": "52", "pagu": pagu, "realisasi": 0});
        assert!(parse_anggaran(&json!({"baris": [line(json!(MAKS_RUPIAH))]})).is_ok());
        let e = parse_anggaran(&json!({"baris": [line(json!(MAKS_RUPIAH + 1))]})).unwrap_err();
        assert_eq!(fields(&e), ["baris[0].pagu"]);
        assert!(e[0].pesan.contains("terlalu besar"), "{}", e[0].pesan);
        let e = parse_anggaran(&json!({"baris": [line(json!(i64::MAX)), line(json!("9.223.372.036.854.775.807"))]}))
            .unwrap_err();
        assert_eq!(fields(&e), ["baris[0].pagu", "baris[1].pagu"]);
        assert!(parse_anggaran(&json!({"baris": [line(json!("99999999999999999999999"))]})).is_err());
        let e = parse_anggaran(&json!({"baris": [line(json!(MAKS_RUPIAH)), line(json!(1))]})).unwrap_err();
        assert_eq!(fields(&e), ["baris"]);
        assert!(e[0].pesan.contains("per dokumen"), "{}", e[0].pesan);
    }

    #[test]
    fn precision_the_store_cannot_hold_is_refused() {
        let pk = |target: Value| {
            parse_pk(&json!({"indikator": [{"kode": "A", "nama": "x", "satuan": "persen", "target": target}]}))
        };
        assert!(pk(json!("0,000001")).is_ok());
        for bad in [json!("0,0000001"), json!(0.0000001), json!("87,1234567")] {
            let e = pk(bad.clone()).unwrap_err();
            assert_eq!(fields(&e), ["indikator[0].target"], "{bad}");
            assert!(e[0].pesan.contains("6 angka desimal"), "{}", e[0].pesan);
        }
        assert!(pk(json!("87,5000000")).is_ok(), "trailing zeros lose nothing");
        let e = nilai_realisasi(&json!("BB (70,6500001)"), "r", TipeNilai::Predikat, None).unwrap_err();
        assert!(e.pesan.contains("6 angka desimal"), "{}", e.pesan);
    }

    #[test]
    fn control_characters_in_fields_are_refused() {
        let e = parse_pk(&json!({"indikator": [
            {"kode": "A\u{0}", "nama": "x", "satuan": "persen", "target": 1},
            {"kode": "B", "nama": "x", "satuan": "persen", "target": 1, "definisi": "dua\nbaris\tboleh"},
            {"kode": "C\tD", "nama": "x", "satuan": "persen", "target": 1}
        ]}))
        .unwrap_err();
        assert_eq!(fields(&e), ["indikator[0].kode", "indikator[2].kode"]);
    }

    #[test]
    fn too_many_rows_is_one_clear_error() {
        let rows: Vec<Value> = (0..=MAKS_INDIKATOR).map(|i| json!({"kode": format!("K{i}")})).collect();
        let e = parse_pk(&json!({ "indikator": rows })).unwrap_err();
        assert_eq!(fields(&e), ["indikator"]);
        assert!(e[0].pesan.contains("paling banyak 500"));
    }

    #[test]
    fn fixed_point_storage() {
        assert_eq!(ke_e6(dec!(87.5)), Some(87_500_000));
        assert_eq!(ke_e6(dec!(208.3333333)), Some(208_333_333));
        assert_eq!(dari_e6(117_750_000), dec!(117.75));
        assert_eq!(ke_e6(Decimal::MAX), None);
        assert_eq!(MAKS_NILAI, dec!(9000000000000));
        assert!(ke_e6(MAKS_NILAI).is_some() && ke_e6(-MAKS_NILAI).is_some());
        let e = parse_pk(
            &json!({"indikator": [{"kode": "A", "nama": "x", "satuan": "orang", "target": "9.000.000.000.001"}]}),
        )
        .unwrap_err();
        assert!(e[0].pesan.contains("terlalu besar"));
    }
}
