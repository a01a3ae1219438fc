//! The indicator catalogue of a Renstra period: KPU RI's indicators (and a provinsi's additions
//! for its own subtree), defined once, which a PK indicator may name (`katalog: "<kode>"`) and
//! then inherits: its name, unit, value type, polarity and grading method come from here, and a
//! PK that contradicts them is refused at the field.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{Cek, FieldError, MetodePredikat, Polaritas, TipeNilai, nilai, object, parse_enum, top};

/// The most entries one owner's catalogue of a period holds.
pub const MAKS_ENTRI: usize = 1000;

/// The levels an indicator applies to.
pub const TINGKAT: [&str; 3] = ["ri", "provinsi", "kabupaten_kota"];

/// One catalogue entry, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntriKatalog {
    pub kode: String,
    pub nama: String,
    pub tujuan: Option<String>,
    pub sasaran: Option<String>,
    pub definisi: Option<String>,
    pub cara_ukur: Option<String>,
    pub satuan: String,
    pub tipe_nilai: TipeNilai,
    pub polaritas: Polaritas,
    pub metode_predikat: Option<MetodePredikat>,
    /// Some of [`TINGKAT`], in that order.
    pub tingkat: Vec<String>,
    pub pensiun: bool,
    /// The code of the entry of the previous period this one succeeds (its identity carries on).
    pub menggantikan: Option<String>,
}

/// `2025-2029` → 2025: a five-year Renstra period, named by its years, keyed by its first. KPU's
/// periods follow one cycle (2015–2019, 2020–2024, 2025–2029), so a period starts in a year
/// divisible by five.
pub fn periode(s: &str) -> Result<i32, FieldError> {
    let salah = || FieldError::new("periode", "harus periode Renstra lima tahun, mis. 2025-2029");
    let (a, b) = s.trim().split_once('-').ok_or_else(salah)?;
    let (a, b): (i32, i32) = (a.trim().parse().map_err(|_| salah())?, b.trim().parse().map_err(|_| salah())?);
    if b != a + 4 || !(2000..=2095).contains(&a) || a % 5 != 0 {
        return Err(salah());
    }
    Ok(a)
}

/// The period a year falls in, by the Renstra cycle of KPU (2020–2024, 2025–2029, …).
pub fn periode_tahun(tahun: i32) -> i32 {
    tahun - (tahun - 2020).rem_euclid(5)
}

pub fn nama_periode(awal: i32) -> String {
    format!("{awal}-{}", awal + 4)
}

/// Text compared the way a person reads it: case and spacing aside.
fn sama(a: &str, b: &str) -> bool {
    let n = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    n(a) == n(b)
}

/// Units compared by meaning: `%` is `persen`, `Lap` is `laporan`.
fn satuan_sama(a: &str, b: &str) -> bool {
    sama(a, b) || nilai::Satuan::parse(a).is_some_and(|x| nilai::Satuan::parse(b).is_some_and(|y| x == y))
}

/// A name as indicators are matched by: case, punctuation and spacing aside, and the
/// "Pemilu/Pemilihan" variants one word.
pub fn nama_baku(s: &str) -> String {
    let kata: Vec<String> = s
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| if w == "pemilihan" { "pemilu".to_string() } else { w.to_string() })
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(kata.len());
    for w in kata {
        // "Pemilu/Pemilihan" and "Pemilihan/Pemilu" are one word once both are "pemilu".
        if w == "pemilu" && out.last().is_some_and(|l| l == "pemilu") {
            continue;
        }
        out.push(w);
    }
    out.join(" ")
}

/// What matching a satker's own indicator against the catalogue found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cocok<'a> {
    /// The entry of the same name, whose definition the indicator agrees with.
    Tautkan(&'a EntriKatalog),
    /// An entry of the same name whose definition differs: left local, with the reason.
    Bentrok(&'a EntriKatalog, String),
    /// No entry of that name for this level.
    Tidak,
}

/// The catalogue entry a satker's own indicator is, by its name, if its unit, type and
/// polarity agree; retired entries and entries not for the satker's level are not candidates.
pub fn cocokkan<'a>(
    (nama, satuan, tipe, polaritas): (&str, &str, TipeNilai, Polaritas),
    tingkat: &str,
    entri: &'a [EntriKatalog],
) -> Cocok<'a> {
    let baku = nama_baku(nama);
    let Some(e) =
        entri.iter().find(|e| !e.pensiun && e.tingkat.iter().any(|t| t == tingkat) && nama_baku(&e.nama) == baku)
    else {
        return Cocok::Tidak;
    };
    let mut beda = Vec::new();
    if !satuan_sama(satuan, &e.satuan) {
        beda.push(format!("satuan {satuan} ≠ {}", e.satuan));
    }
    if tipe != e.tipe_nilai {
        beda.push(format!("tipe {} ≠ {}", tipe.as_str(), e.tipe_nilai.as_str()));
    }
    if polaritas != e.polaritas {
        beda.push(format!("polaritas {} ≠ {}", polaritas.as_str(), e.polaritas.as_str()));
    }
    if beda.is_empty() { Cocok::Tautkan(e) } else { Cocok::Bentrok(e, beda.join(", ")) }
}

/// Parses a catalogue document: `{"indikator": [{kode, nama, satuan, tipe_nilai, polaritas,
/// metode_predikat, tingkat, tujuan, sasaran, definisi, cara_ukur, pensiun, menggantikan}]}`.
pub fn parse_katalog(body: &Value) -> Result<Vec<EntriKatalog>, Vec<FieldError>> {
    let obj = top(body)?;
    let mut cek = Cek { errors: Vec::new() };
    let none = Vec::new();
    let rows = cek.array(obj, "indikator", MAKS_ENTRI).unwrap_or(&none);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let path = format!("indikator[{i}]");
        let Some(o) = object(&mut cek, row, &path) else { continue };
        let kode = cek.kode_unik(o, &path, &mut seen);
        let nama = cek.text(o, &path, "nama", true, 1000);
        let satuan = cek.text(o, &path, "satuan", true, 64);
        let tipe: Option<TipeNilai> = parse_enum(&mut cek, o, &path, "tipe_nilai");
        if tipe.is_none() && o.get("tipe_nilai").is_none_or(Value::is_null) {
            cek.err(&format!("{path}.tipe_nilai"), "wajib diisi: persen, angka, indeks, predikat atau kategori");
        }
        let polaritas: Polaritas = parse_enum(&mut cek, o, &path, "polaritas").unwrap_or(Polaritas::Maksimal);
        let metode: Option<MetodePredikat> = parse_enum(&mut cek, o, &path, "metode_predikat");
        if tipe == Some(TipeNilai::Predikat) && metode.is_none() && !o.contains_key("metode_predikat") {
            cek.err(&format!("{path}.metode_predikat"), "wajib untuk indikator predikat: ordinal atau skor");
        }
        if matches!(tipe, Some(TipeNilai::Predikat | TipeNilai::Kategori)) && polaritas != Polaritas::Maksimal {
            cek.err(&format!("{path}.polaritas"), "predikat dan opini selalu berpolaritas maksimal");
        }
        let tingkat = match o.get("tingkat") {
            None | Some(Value::Null) => TINGKAT.iter().map(|t| t.to_string()).collect(),
            Some(Value::Array(a)) if !a.is_empty() => {
                let diminta: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                if diminta.len() != a.len() || diminta.iter().any(|t| !TINGKAT.contains(t)) {
                    cek.err(&format!("{path}.tingkat"), "daftar dari: ri, provinsi, kabupaten_kota");
                }
                TINGKAT.iter().filter(|t| diminta.contains(t)).map(|t| t.to_string()).collect()
            }
            Some(_) => {
                cek.err(&format!("{path}.tingkat"), "daftar dari: ri, provinsi, kabupaten_kota");
                Vec::new()
            }
        };
        let pensiun = match o.get("pensiun") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                cek.err(&format!("{path}.pensiun"), "harus true atau false");
                false
            }
        };
        let tujuan = cek.text(o, &path, "tujuan", false, 1000);
        let sasaran = cek.text(o, &path, "sasaran", false, 1000);
        let definisi = cek.text(o, &path, "definisi", false, 4000);
        let cara_ukur = cek.text(o, &path, "cara_ukur", false, 4000);
        let menggantikan = cek.text(o, &path, "menggantikan", false, 64);
        if let (Some(kode), Some(nama), Some(satuan), Some(tipe_nilai)) = (kode, nama, satuan, tipe) {
            out.push(EntriKatalog {
                kode,
                nama,
                tujuan,
                sasaran,
                definisi,
                cara_ukur,
                satuan,
                tipe_nilai,
                polaritas,
                metode_predikat: if tipe_nilai == TipeNilai::Predikat { metode } else { None },
                tingkat,
                pensiun,
                menggantikan,
            });
        }
    }
    cek.finish(out)
}

/// A PK body with every indicator that names a catalogue entry completed from it: what it
/// omits is filled in, what contradicts the entry is an error at that field, an unknown or
/// retired code (or one not for this satker's level) an error at `katalog`. Indicators without
/// `katalog` are the satker's own and pass unchanged.
pub fn lengkapi_pk<'a>(
    body: &Value,
    tingkat: &str,
    cari: impl Fn(&str) -> Option<&'a EntriKatalog>,
) -> Result<Value, Vec<FieldError>> {
    let mut body = body.clone();
    let mut errors = Vec::new();
    let Some(rows) = body.get_mut("indikator").and_then(Value::as_array_mut) else { return Ok(body) };
    for (i, row) in rows.iter_mut().enumerate() {
        let Some(o) = row.as_object_mut() else { continue };
        let path = format!("indikator[{i}]");
        let kode = match o.get("katalog") {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(_) => {
                errors.push(FieldError::new(format!("{path}.katalog"), "harus kode indikator katalog (teks)"));
                continue;
            }
        };
        let Some(e) = cari(&kode) else {
            errors.push(FieldError::new(
                format!("{path}.katalog"),
                format!("'{}' tidak ada di katalog indikator periode ini", crate::domain::teks::kutip(&kode)),
            ));
            continue;
        };
        if e.pensiun {
            errors.push(FieldError::new(format!("{path}.katalog"), format!("indikator katalog {kode} sudah pensiun")));
            continue;
        }
        if !e.tingkat.iter().any(|t| t == tingkat) {
            errors.push(FieldError::new(
                format!("{path}.katalog"),
                format!("indikator katalog {kode} tidak berlaku untuk tingkat {tingkat}"),
            ));
            continue;
        }
        o.insert("katalog".into(), Value::String(e.kode.clone()));
        let warisan: [(&str, Option<&str>, bool); 5] = [
            ("nama", Some(&e.nama), true),
            ("satuan", Some(&e.satuan), true),
            ("tipe_nilai", Some(e.tipe_nilai.as_str()), false),
            ("polaritas", Some(e.polaritas.as_str()), false),
            ("metode_predikat", e.metode_predikat.map(MetodePredikat::as_str), false),
        ];
        for (medan, nilai, teks) in warisan {
            let cocok = |s: &str, v: &str| {
                if medan == "satuan" {
                    satuan_sama(s, v)
                } else if teks {
                    sama(s, v)
                } else {
                    s.trim() == v
                }
            };
            match (o.get(medan).cloned(), nilai) {
                // Omitted, or the same words: stored as the catalogue writes them.
                (None | Some(Value::Null), Some(v)) => {
                    o.insert(medan.into(), Value::String(v.into()));
                }
                (Some(Value::String(s)), Some(v)) if cocok(&s, v) => {
                    o.insert(medan.into(), Value::String(v.into()));
                }
                (Some(Value::String(s)), None) if s.trim().is_empty() => {}
                (None | Some(Value::Null), None) => {}
                (Some(other), v) => errors.push(FieldError::new(
                    format!("{path}.{medan}"),
                    format!(
                        "bertentangan dengan katalog {kode}: di katalog '{}', di PK '{}'; kosongkan agar diwarisi",
                        v.unwrap_or("-"),
                        other
                            .as_str()
                            .map_or_else(|| crate::domain::teks::kutip(&other.to_string()), crate::domain::teks::kutip)
                    ),
                )),
            }
        }
        for (medan, nilai) in [("definisi", &e.definisi), ("tujuan", &e.tujuan), ("sasaran", &e.sasaran)] {
            if o.get(medan).is_none_or(Value::is_null)
                && let Some(v) = nilai
            {
                o.insert(medan.into(), Value::String(v.clone()));
            }
        }
    }
    if errors.is_empty() { Ok(body) } else { Err(errors) }
}

/// The object of a catalogue entry as JSON (what a catalogue GET answers for each entry).
pub fn ke_json(e: &EntriKatalog) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("kode".into(), e.kode.clone().into());
    o.insert("nama".into(), e.nama.clone().into());
    o.insert("tujuan".into(), e.tujuan.clone().into());
    o.insert("sasaran".into(), e.sasaran.clone().into());
    o.insert("definisi".into(), e.definisi.clone().into());
    o.insert("cara_ukur".into(), e.cara_ukur.clone().into());
    o.insert("satuan".into(), e.satuan.clone().into());
    o.insert("tipe_nilai".into(), e.tipe_nilai.as_str().into());
    o.insert("polaritas".into(), e.polaritas.as_str().into());
    o.insert("metode_predikat".into(), e.metode_predikat.map(MetodePredikat::as_str).into());
    o.insert("tingkat".into(), e.tingkat.clone().into());
    o.insert("pensiun".into(), e.pensiun.into());
    o.insert("menggantikan".into(), e.menggantikan.clone().into());
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn partisipasi() -> EntriKatalog {
        parse_katalog(&json!({"indikator": [{"kode": "IKU-PP", "nama": "Persentase Partisipasi Pemilih",
            "satuan": "%", "tipe_nilai": "persen", "definisi": "Pemilih yang menggunakan hak pilih"}]}))
        .unwrap()
        .remove(0)
    }

    #[test]
    fn periods_are_five_years_named_by_their_years() {
        assert_eq!(periode("2025-2029"), Ok(2025));
        assert!(periode("2025-2030").is_err() && periode("2025").is_err() && periode("x-y").is_err());
        assert!(periode("2023-2027").is_err(), "not a Renstra period");
        assert_eq!((periode_tahun(2024), periode_tahun(2025), periode_tahun(2029)), (2020, 2025, 2025));
        assert_eq!(nama_periode(2020), "2020-2024");
    }

    #[test]
    fn a_catalogue_is_validated_whole_with_the_field_named() {
        let e = parse_katalog(&json!({"indikator": [
            {"kode": "A", "nama": "x", "satuan": "%", "tipe_nilai": "persen"},
            {"kode": "a", "nama": "y", "satuan": "%", "tipe_nilai": "persen"},
            {"kode": "B", "nama": "z", "satuan": "predikat", "tipe_nilai": "predikat", "tingkat": ["desa"]},
            {"kode": "C", "nama": "w", "satuan": "%", "tipe_nilai": null},
        ]}))
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert!(fields.contains(&"indikator[1].kode"), "{fields:?}");
        assert!(
            fields.contains(&"indikator[2].metode_predikat") && fields.contains(&"indikator[2].tingkat"),
            "{fields:?}"
        );
        assert_eq!(partisipasi().tingkat, TINGKAT.map(String::from).to_vec(), "every level by default");
    }

    #[test]
    fn names_match_case_punctuation_and_pemilu_variants_aside() {
        let a = nama_baku("Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan");
        assert_eq!(a, nama_baku("persentase  partisipasi pemilih dalam pemilihan"));
        assert_eq!(a, nama_baku("Persentase Partisipasi Pemilih dalam Pemilihan/Pemilu."));
        assert_ne!(a, nama_baku("Persentase Partisipasi Pemilih Perempuan dalam Pemilu"));
        let e = partisipasi();
        let daftar = [e.clone()];
        let ind = |satuan, polaritas| ("Persentase partisipasi pemilih", satuan, TipeNilai::Persen, polaritas);
        assert_eq!(cocokkan(ind("%", Polaritas::Maksimal), "kabupaten_kota", &daftar), Cocok::Tautkan(&daftar[0]));
        assert!(
            matches!(cocokkan(ind("persen", Polaritas::Minimal), "kabupaten_kota", &daftar), Cocok::Bentrok(_, r) if r.contains("polaritas"))
        );
        assert_eq!(
            cocokkan(("Jumlah rapat", "kali", TipeNilai::Angka, Polaritas::Maksimal), "provinsi", &daftar),
            Cocok::Tidak
        );
        let mut pensiun = e;
        pensiun.pensiun = true;
        assert_eq!(cocokkan(ind("%", Polaritas::Maksimal), "kabupaten_kota", &[pensiun]), Cocok::Tidak);
    }

    #[test]
    fn a_pk_inherits_what_it_omits_and_is_refused_where_it_contradicts() {
        let e = partisipasi();
        let cari = |k: &str| (k.eq_ignore_ascii_case("IKU-PP")).then_some(&e);
        let pk = json!({"indikator": [
            {"kode": "IK-01", "katalog": "iku-pp", "target": "77,5"},
            {"kode": "X", "nama": "milik sendiri", "satuan": "kali", "target": 2},
        ]});
        let lengkap = lengkapi_pk(&pk, "kabupaten_kota", cari).unwrap();
        let r = &lengkap["indikator"][0];
        assert_eq!(
            (r["nama"].as_str(), r["satuan"].as_str(), r["tipe_nilai"].as_str()),
            (Some("Persentase Partisipasi Pemilih"), Some("%"), Some("persen"))
        );
        assert_eq!((r["polaritas"].as_str(), r["katalog"].as_str()), (Some("maksimal"), Some("IKU-PP")));
        assert_eq!(r["definisi"], "Pemilih yang menggunakan hak pilih");
        assert_eq!(lengkap["indikator"][1], pk["indikator"][1], "a local indicator is left as it is");

        let same_words = json!({"indikator": [{"kode": "IK-01", "katalog": "IKU-PP", "nama": "persentase  partisipasi pemilih", "target": 70}]});
        let sama_kata = lengkapi_pk(&same_words, "kabupaten_kota", cari).expect("case and spacing aside");
        assert_eq!(
            sama_kata["indikator"][0]["nama"], "Persentase Partisipasi Pemilih",
            "stored as the catalogue writes it"
        );
        let lawan =
            json!({"indikator": [{"kode": "IK-01", "katalog": "IKU-PP", "polaritas": "minimal", "target": 70}]});
        let err = lengkapi_pk(&lawan, "kabupaten_kota", cari).unwrap_err();
        assert_eq!(err[0].field, "indikator[0].polaritas");
        let asing = json!({"indikator": [{"kode": "IK-01", "katalog": "TIDAK-ADA", "target": 70}]});
        assert_eq!(lengkapi_pk(&asing, "kabupaten_kota", cari).unwrap_err()[0].field, "indikator[0].katalog");
        let mut pensiun = e.clone();
        pensiun.pensiun = true;
        let err = lengkapi_pk(&pk, "kabupaten_kota", |_| Some(&pensiun)).unwrap_err();
        assert!(err[0].pesan.contains("pensiun"));
        let mut ri = e.clone();
        ri.tingkat = vec!["ri".into()];
        assert!(lengkapi_pk(&pk, "kabupaten_kota", |_| Some(&ri)).unwrap_err()[0].pesan.contains("tingkat"));
    }
}
