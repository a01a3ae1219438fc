//! The IKU decree of a satker-year (seed 000): the Keputusan's particulars and the rows of its
//! Lampiran. A draft may leave the particulars that only exist once it is signed (nomor, place
//! and date, the signatory's name) empty; the considerations, legal bases and diktum default to
//! KPU's usual wording for the satker and year, and are stored as they will be printed, so the
//! document a satker reads back is the one it signs.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::katalog::{EntriKatalog, nama_baku};
use super::{Cek, FieldError, object, top};

/// The most rows a Lampiran holds.
pub const MAKS_BARIS: usize = 200;
/// The most considerations, legal bases or diktum.
const MAKS_BUTIR: usize = 30;

/// An official: their position and name.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pejabat {
    pub jabatan: Option<String>,
    pub nama: Option<String>,
}

/// The official attesting the copy ("Salinan sesuai dengan aslinya"), and their unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Salinan {
    pub unit: Option<String>,
    pub jabatan: Option<String>,
    pub nama: Option<String>,
}

/// One row of the Lampiran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarisIku {
    pub tujuan: String,
    pub sasaran: String,
    /// The indicator's name; from the catalogue entry when it names one and omits this.
    pub indikator: Option<String>,
    pub katalog: Option<String>,
    /// Definisi and cara ukur, as the decree's Keterangan column.
    pub keterangan: Option<String>,
}

/// An IKU decree as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Iku {
    pub nomor: Option<String>,
    pub ditetapkan_di: Option<String>,
    pub tanggal: Option<NaiveDate>,
    pub penetap: Pejabat,
    pub salinan: Salinan,
    pub menimbang: Vec<String>,
    pub mengingat: Vec<String>,
    pub diktum: Vec<String>,
    pub baris: Vec<BarisIku>,
}

/// "KPU Kabupaten Lampung Selatan" → "Komisi Pemilihan Umum Kabupaten Lampung Selatan".
pub fn lembaga(nama_satker: &str) -> String {
    match nama_satker.strip_prefix("KPU ") {
        Some(rest) => format!("Komisi Pemilihan Umum {rest}"),
        None => nama_satker.to_string(),
    }
}

/// KESATU, KEDUA, …: the label of the `n`-th diktum (from 0).
pub fn label_diktum(n: usize) -> String {
    const LABEL: [&str; 10] =
        ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN", "KESEMBILAN", "KESEPULUH"];
    LABEL.get(n).map_or_else(|| format!("KE-{}", n + 1), |l| (*l).to_string())
}

/// The considerations KPU's decrees use, for `lembaga` and `tahun`.
pub fn bawaan_menimbang(lembaga: &str, tahun: i32) -> Vec<String> {
    let judul =
        format!("Keputusan {lembaga} tentang Penetapan Indikator Kinerja Utama Tahun {tahun} di Lingkungan {lembaga}");
    vec![
        format!(
            "bahwa untuk meningkatkan ketepatan dalam melaporkan pencapaian tujuan dan ikhtisar hasil pelaksanaan program dan kegiatan sebagai penjabaran tugas dan fungsi {lembaga}, perlu menetapkan suatu ukuran keberhasilan berupa indikator kinerja utama;"
        ),
        format!("bahwa berdasarkan pertimbangan sebagaimana dimaksud huruf a di atas, perlu menetapkan {judul};"),
    ]
}

/// The legal bases of an IKU decree (seed 000's).
pub fn bawaan_mengingat() -> Vec<String> {
    [
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara Republik Indonesia Tahun 2017 Nomor 182, Tambahan Lembaran Negara Republik Indonesia Nomor 6109) sebagaimana telah diubah ke dalam Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2022 tentang Perubahan atas Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara Republik Indonesia Tahun 2022 Nomor 224);",
        "Peraturan Pemerintah Nomor 8 Tahun 2006 tentang Pelaporan Keuangan dan Kinerja Instansi Pemerintah (Lembaran Negara Republik Indonesia Tahun 2006 Nomor 25, Tambahan Lembaran Negara Republik Indonesia Nomor 4614);",
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 80);",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor PER/09/M.PAN/5/2007 tentang Pedoman Umum Penetapan Indikator Kinerja Utama di Lingkungan Instansi Pemerintah;",
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi Pemerintah (Berita Negara Republik Indonesia Tahun 2014 Nomor 1842);",
        "Peraturan Komisi Pemilihan Umum Nomor 14 Tahun 2020 tentang Tugas, Fungsi, Susunan Organisasi, dan Tata Kerja Sekretariat Jenderal Komisi Pemilihan Umum, Sekretariat Komisi Pemilihan Umum Provinsi, dan Sekretariat Komisi Pemilihan Umum Kabupaten/Kota (Berita Negara Republik Indonesia Tahun 2020 Nomor 1236);",
        "Peraturan Komisi Pemilihan Umum Nomor 4 Tahun 2021 tentang Perubahan Ketiga atas Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 tentang Tata Kerja Komisi Pemilihan Umum, Komisi Pemilihan Umum Provinsi, dan Komisi Pemilihan Umum Kabupaten/Kota (Berita Negara Republik Indonesia Tahun 2021 Nomor 786);",
    ]
    .map(str::to_string)
    .to_vec()
}

/// The diktum KESATU–KELIMA of an IKU decree (seed 000's), for `lembaga` and `tahun`. A list
/// inside a diktum is written one item per line.
pub fn bawaan_diktum(lembaga: &str, tahun: i32) -> Vec<String> {
    vec![
        format!(
            "Menetapkan Indikator Kinerja Utama Tahun {tahun} di Lingkungan {lembaga} sebagaimana tercantum dalam Lampiran yang merupakan bagian yang tidak terpisahkan dari Keputusan ini."
        ),
        "Indikator Kinerja Utama merupakan ukuran keberhasilan dari pencapaian suatu tujuan dan sasaran strategis instansi pemerintah yang digunakan sebagai dasar untuk menyusun:\na. rencana jangka menengah;\nb. rencana kinerja tahunan;\nc. rencana kerja dan anggaran;\nd. perjanjian kinerja;\ne. laporan kinerja; dan\nf. melakukan evaluasi pencapaian kinerja.".into(),
        "Penyusunan laporan kinerja dan evaluasi terhadap pencapaian kinerja sebagaimana dimaksud dalam Diktum KEDUA dilakukan oleh Sekretaris dan disampaikan kepada Ketua Komisi Pemilihan Umum.".into(),
        "Keputusan ini berlaku sejak tanggal ditetapkan, dengan ketentuan apabila di kemudian hari terdapat kekeliruan akan diadakan perbaikan sebagaimana mestinya.".into(),
    ]
}

fn daftar_teks(cek: &mut Cek, o: &Map<String, Value>, name: &str) -> Vec<String> {
    let Some(v) = o.get(name).filter(|v| !v.is_null()) else { return Vec::new() };
    let Some(a) = v.as_array() else {
        cek.err(name, "harus daftar teks");
        return Vec::new();
    };
    if a.len() > MAKS_BUTIR {
        cek.err(name, format!("paling banyak {MAKS_BUTIR} butir"));
    }
    a.iter()
        .enumerate()
        .filter_map(|(i, x)| match x.as_str().map(str::trim) {
            Some(t) if !t.is_empty() && t.chars().count() <= 4000 => Some(t.to_string()),
            _ => {
                cek.err(&format!("{name}[{i}]"), "harus teks, 1 sampai 4000 karakter");
                None
            }
        })
        .collect()
}

/// The body's `tanggal`, a calendar date `YYYY-MM-DD`.
pub(super) fn tanggal(cek: &mut Cek, obj: &Map<String, Value>) -> Option<NaiveDate> {
    cek.text(obj, "", "tanggal", false, 10).and_then(|t| match NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            cek.err("tanggal", "harus tanggal YYYY-MM-DD, mis. 2024-01-19");
            None
        }
    })
}

/// An official (`jabatan`, `nama`) given as the object `name` of the body.
pub(super) fn pejabat(cek: &mut Cek, obj: &Map<String, Value>, name: &str) -> Pejabat {
    let p = bagian(cek, obj, name);
    Pejabat {
        jabatan: p.and_then(|p| cek.text(p, name, "jabatan", false, 300)),
        nama: p.and_then(|p| cek.text(p, name, "nama", false, 200)),
    }
}

pub(super) fn bagian<'v>(cek: &mut Cek, o: &'v Map<String, Value>, name: &str) -> Option<&'v Map<String, Value>> {
    match o.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => {
            cek.err(name, "harus objek");
            None
        }
    }
}

/// Parses an IKU decree: every problem reported with its field (`baris[3].sasaran`).
pub fn parse_iku(body: &Value) -> Result<Iku, Vec<FieldError>> {
    let obj = top(body)?;
    let mut cek = Cek { errors: Vec::new() };
    let nomor = cek.text(obj, "", "nomor", false, 64);
    let ditetapkan_di = cek.text(obj, "", "ditetapkan_di", false, 100);
    let tanggal = tanggal(&mut cek, obj);
    let penetap = pejabat(&mut cek, obj, "penetap");
    let s = bagian(&mut cek, obj, "salinan");
    let salinan = Salinan {
        unit: s.and_then(|s| cek.text(s, "salinan", "unit", false, 300)),
        jabatan: s.and_then(|s| cek.text(s, "salinan", "jabatan", false, 300)),
        nama: s.and_then(|s| cek.text(s, "salinan", "nama", false, 200)),
    };
    let menimbang = daftar_teks(&mut cek, obj, "menimbang");
    let mengingat = daftar_teks(&mut cek, obj, "mengingat");
    let diktum = daftar_teks(&mut cek, obj, "diktum");
    let none = Vec::new();
    let rows = cek.array(obj, "baris", MAKS_BARIS).unwrap_or(&none);
    if rows.is_empty() && cek.errors.is_empty() {
        cek.err("baris", "paling sedikit satu indikator kinerja utama");
    }
    let mut baris = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let path = format!("baris[{i}]");
        let Some(o) = object(&mut cek, row, &path) else { continue };
        let tujuan = cek.text(o, &path, "tujuan", true, 1000);
        let sasaran = cek.text(o, &path, "sasaran", true, 1000);
        let indikator = cek.text(o, &path, "indikator", false, 1000);
        let katalog = cek.text(o, &path, "katalog", false, 64);
        let keterangan = cek.text(o, &path, "keterangan", false, 4000);
        if indikator.is_none() && katalog.is_none() {
            cek.err(&format!("{path}.indikator"), "wajib diisi, kecuali baris merujuk indikator katalog");
        }
        if let (Some(tujuan), Some(sasaran)) = (tujuan, sasaran) {
            baris.push(BarisIku { tujuan, sasaran, indikator, katalog, keterangan });
        }
    }
    cek.finish(Iku { nomor, ditetapkan_di, tanggal, penetap, salinan, menimbang, mengingat, diktum, baris })
}

/// The decree with what it left to defaults filled in for `nama_satker` and `tahun`: the
/// considerations, legal bases and diktum, and the signatory's position. What is stored.
pub fn lengkapi_bawaan(mut iku: Iku, nama_satker: &str, tahun: i32) -> Iku {
    let l = lembaga(nama_satker);
    if iku.menimbang.is_empty() {
        iku.menimbang = bawaan_menimbang(&l, tahun);
    }
    if iku.mengingat.is_empty() {
        iku.mengingat = bawaan_mengingat();
    }
    if iku.diktum.is_empty() {
        iku.diktum = bawaan_diktum(&l, tahun);
    }
    if iku.penetap.jabatan.is_none() {
        iku.penetap.jabatan = Some(format!("Ketua {l}"));
    }
    iku
}

/// Rows that name a catalogue entry, completed from it: the indicator's name when omitted (and
/// as the catalogue writes it when the same words), the keterangan from its definition when
/// omitted; a different name, or an unknown, retired or other-level code, is an error at its
/// field. Answers each row's catalogue code as the catalogue writes it.
pub fn lengkapi_katalog<'a>(
    baris: &mut [BarisIku],
    tingkat: &str,
    cari: impl Fn(&str) -> Option<&'a EntriKatalog>,
) -> Result<Vec<Option<String>>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(baris.len());
    for (i, b) in baris.iter_mut().enumerate() {
        let Some(kode) = b.katalog.clone() else {
            out.push(None);
            continue;
        };
        let e = match cari(&kode) {
            Some(e) if !e.pensiun && e.tingkat.iter().any(|t| t == tingkat) => e,
            Some(_) => {
                errors.push(FieldError::new(
                    format!("baris[{i}].katalog"),
                    format!("indikator katalog {kode} pensiun atau bukan untuk tingkat {tingkat}"),
                ));
                out.push(None);
                continue;
            }
            None => {
                errors.push(FieldError::new(
                    format!("baris[{i}].katalog"),
                    format!("'{}' tidak ada di katalog indikator periode ini", crate::domain::teks::kutip(&kode)),
                ));
                out.push(None);
                continue;
            }
        };
        match &b.indikator {
            Some(n) if nama_baku(n) != nama_baku(&e.nama) => errors.push(FieldError::new(
                format!("baris[{i}].indikator"),
                format!("bertentangan dengan katalog {}: '{}'; kosongkan agar diwarisi", e.kode, e.nama),
            )),
            _ => b.indikator = Some(e.nama.clone()),
        }
        if b.keterangan.is_none() {
            b.keterangan.clone_from(&e.definisi);
        }
        out.push(Some(e.kode.clone()));
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_decree_is_validated_whole_and_completed_with_kpus_wording() {
        let e =
            parse_iku(&json!({"tanggal": "19-01-2024", "baris": [{"tujuan": "T"}, {"tujuan": "T", "sasaran": "S"}]}))
                .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert!(
            fields.contains(&"tanggal")
                && fields.contains(&"baris[0].sasaran")
                && fields.contains(&"baris[1].indikator"),
            "{fields:?}"
        );
        let iku = parse_iku(&json!({"nomor": "32", "tanggal": "2024-01-19", "baris": [{"tujuan": "T", "sasaran": "S", "indikator": "I"}]})).unwrap();
        assert_eq!(iku.tanggal, NaiveDate::from_ymd_opt(2024, 1, 19));
        let lengkap = lengkapi_bawaan(iku, "KPU Kabupaten Lampung Selatan", 2024);
        assert_eq!(lengkap.penetap.jabatan.as_deref(), Some("Ketua Komisi Pemilihan Umum Kabupaten Lampung Selatan"));
        assert!(lengkap.menimbang[0].contains("tugas dan fungsi Komisi Pemilihan Umum Kabupaten Lampung Selatan"));
        assert_eq!(lengkap.mengingat.len(), 7);
        assert!(lengkap.diktum[0].starts_with("Menetapkan Indikator Kinerja Utama Tahun 2024 di Lingkungan Komisi Pemilihan Umum Kabupaten Lampung Selatan"));
        assert_eq!(
            (label_diktum(0), label_diktum(4), label_diktum(12)),
            ("KESATU".into(), "KELIMA".into(), "KE-13".into())
        );
    }

    #[test]
    fn rows_naming_the_catalogue_inherit_its_words() {
        let k = super::super::katalog::parse_katalog(&json!({"indikator": [{"kode": "KPU-06", "nama": "Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan", "satuan": "persen", "tipe_nilai": "persen", "definisi": "Pengguna hak pilih dibagi pemilih"}]})).unwrap();
        let cari = |c: &str| k.iter().find(|e| e.kode.eq_ignore_ascii_case(c));
        let mut baris = vec![
            BarisIku {
                tujuan: "T".into(),
                sasaran: "S".into(),
                indikator: None,
                katalog: Some("kpu-06".into()),
                keterangan: None,
            },
            BarisIku {
                tujuan: "T".into(),
                sasaran: "S".into(),
                indikator: Some("Lain".into()),
                katalog: None,
                keterangan: None,
            },
        ];
        let kode = lengkapi_katalog(&mut baris, "kabupaten_kota", cari).unwrap();
        assert_eq!(kode, vec![Some("KPU-06".into()), None]);
        assert_eq!(baris[0].indikator.as_deref(), Some("Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan"));
        assert_eq!(baris[0].keterangan.as_deref(), Some("Pengguna hak pilih dibagi pemilih"));
        let mut lawan = vec![BarisIku {
            tujuan: "T".into(),
            sasaran: "S".into(),
            indikator: Some("Persentase lain".into()),
            katalog: Some("KPU-06".into()),
            keterangan: None,
        }];
        assert_eq!(lengkapi_katalog(&mut lawan, "kabupaten_kota", cari).unwrap_err()[0].field, "baris[0].indikator");
    }
}
