//! A Perjanjian Kinerja as sent: indicators with unit, type, polarity, weight and targets.

use super::*;

/// One indicator of a Perjanjian Kinerja.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndikatorPk {
    pub kode: String,
    /// The catalogue entry it reports against (see [`super::katalog`]), or none: the satker's own.
    pub katalog: Option<String>,
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
        let katalog = cek.text(o, &path, "katalog", false, 64);
        if let (Some(kode), Some(nama), Some(satuan_teks), Some(target)) = (kode, nama, satuan_teks, target) {
            let target_teks = match &target {
                Target::Nilai(n) => n.teks(tipe),
                Target::Rentang { bawah, atas } => {
                    format!("{}–{}", angka::format(*bawah, tipe.konteks()), angka::format(*atas, tipe.konteks()))
                }
            };
            out.push(IndikatorPk {
                kode,
                katalog,
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
