//! An anggaran as sent: budget lines with pagu, realisasi and the months.

use super::*;

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
    /// Evidence files the line rests on (`bkt_…`); `None` when the line does not say (a
    /// workbook, an older client), which keeps what the stored line lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bukti: Option<Vec<String>>,
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
        let bukti = daftar_bukti(&mut cek, o, &path);
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
                bukti,
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
