//! Temuan (findings): what a careful reviewer would flag in a report, as machine-checkable
//! codes with messages in Bahasa Indonesia. A temuan does not block a submission; it tells
//! the verifier where to look.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::angka::{self, Konteks};
use super::capaian::{Aturan, Hasil, Polaritas, Target};
use super::kategori::PitaKategori;
use super::nilai::{self, Nilai, Satuan, TipeNilai};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Temuan {
    /// Stable machine code.
    pub kode: &'static str,
    pub pesan: String,
    /// The indicator's kode, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indikator: Option<String>,
}

fn temuan(kode: &'static str, indikator: Option<&str>, pesan: String) -> Temuan {
    Temuan { kode, pesan, indikator: indikator.map(str::to_string) }
}

fn fmt(d: Decimal) -> String {
    angka::format(d, Konteks::Desimal)
}

/// Everything known about one indicator in one report.
pub struct CekIndikator<'a> {
    pub kode: &'a str,
    pub nama: &'a str,
    pub aturan: Aturan,
    pub target: Option<&'a Target>,
    /// The target of the last triwulan, if quarterly targets are set.
    pub target_triwulan_akhir: Option<Decimal>,
    pub realisasi: Option<&'a Nilai>,
    /// What the engine computed.
    pub hasil: Option<&'a Hasil>,
    /// What the report itself wrote, as typed: `88%`, `1 Satker`.
    pub capaian_dilaporkan: Option<&'a str>,
    pub kategori_dilaporkan: Option<&'a str>,
    /// The target as the report restated it, if it did.
    pub target_dilaporkan: Option<&'a Nilai>,
    /// The indicator's name as the report wrote it, if it did.
    pub nama_dilaporkan: Option<&'a str>,
    pub pita: &'a PitaKategori,
}

fn normal(s: &str) -> String {
    s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Names of indicators where less is better; a reviewer would ask about higher-is-better.
const KATA_MINIMAL: &[&str] = &["revisi", "tidak masuk", "pelanggaran", "keterlambatan"];

pub fn periksa_indikator(c: &CekIndikator) -> Vec<Temuan> {
    let k = Some(c.kode);
    let mut out = Vec::new();

    let target_nilai = match c.target {
        Some(Target::Nilai(n)) => Some(n),
        _ => None,
    };
    if let (Some(t), Some(r)) = (target_nilai.and_then(Nilai::satuan), c.realisasi.and_then(Nilai::satuan))
        && t != r
    {
        out.push(temuan(
            "satuan_berbeda",
            k,
            format!("Satuan target ({}) dan realisasi ({}) berbeda; capaian tidak bermakna.", t.nama(), r.nama()),
        ));
    }

    if let Some(nama) = c.nama_dilaporkan
        && normal(nama) != normal(c.nama)
    {
        out.push(temuan(
            "indikator_berbeda",
            k,
            format!("Laporan memakai indikator '{}', bukan '{}' dari Perjanjian Kinerja.", nama.trim(), c.nama.trim()),
        ));
    }

    if let (Some(dilaporkan), Some(target)) = (c.target_dilaporkan, target_nilai)
        && dilaporkan.angka() != target.angka()
    {
        out.push(temuan(
            "target_berbeda",
            k,
            format!(
                "Target dalam laporan ({}) berbeda dari target Perjanjian Kinerja ({}).",
                dilaporkan.teks(c.aturan.tipe),
                target.teks(c.aturan.tipe)
            ),
        ));
    }

    if let (Some(tw4), Some(Some(tahunan))) = (c.target_triwulan_akhir, target_nilai.map(Nilai::angka))
        && tw4 != tahunan
    {
        out.push(temuan(
            "target_triwulan_akhir_berbeda",
            k,
            format!("Target triwulan IV ({}) berbeda dari target tahunan ({}).", fmt(tw4), fmt(tahunan)),
        ));
    }

    if let Some(Nilai::Predikat { predikat, skor: Some(skor) }) = c.realisasi
        && nilai::Predikat::dari_skor(*skor) != Some(*predikat)
    {
        out.push(temuan(
            "predikat_tidak_sesuai_skor",
            k,
            format!(
                "Skor {} termasuk predikat {}, bukan {predikat}.",
                fmt(*skor),
                nilai::Predikat::dari_skor(*skor).map(|p| p.as_str()).unwrap_or("?")
            ),
        ));
    }

    if let Some(teks) = c.capaian_dilaporkan {
        match nilai::parse(teks, TipeNilai::Persen) {
            Ok(Nilai::Angka { nilai: dilaporkan, satuan: None | Some(Satuan::Persen) }) => {
                let tercapai = matches!(
                    (target_nilai, c.realisasi),
                    (Some(Nilai::Predikat { predikat: t, .. }), Some(Nilai::Predikat { predikat: r, .. })) if r >= t
                ) || matches!(
                    (target_nilai, c.realisasi),
                    (Some(Nilai::Opini(t)), Some(Nilai::Opini(r))) if r >= t
                );
                if tercapai && dilaporkan < Decimal::ONE_HUNDRED {
                    out.push(temuan(
                        "predikat_tercapai_di_bawah_100",
                        k,
                        format!(
                            "Realisasi setara atau di atas target, tetapi capaian dilaporkan {}%.",
                            fmt(dilaporkan)
                        ),
                    ));
                }
                if let Some(h) = c.hasil {
                    // Compare at the precision the report used: 88% against 88, 99,83% against 99,83.
                    let dihitung =
                        h.capaian.round_dp_with_strategy(dilaporkan.scale(), RoundingStrategy::MidpointAwayFromZero);
                    if dihitung != dilaporkan {
                        out.push(temuan(
                            "capaian_dilaporkan_berbeda",
                            k,
                            // The computed value as the reports print it (117,75%), not at the
                            // precision it was compared at (118%), so it reads as Tabel 5 does.
                            format!(
                                "Capaian dilaporkan {}%, dihitung {}% ({}).",
                                fmt(dilaporkan),
                                angka::format_persen(h.capaian),
                                h.rumus
                            ),
                        ));
                    }
                }
            }
            _ => out.push(temuan(
                "capaian_dilaporkan_bukan_angka",
                k,
                format!("Capaian dilaporkan '{teks}' bukan persentase."),
            )),
        }
    }

    if let (Some(dilaporkan), Some(h)) = (c.kategori_dilaporkan, c.hasil)
        && let Some(dihitung) = c.pita.kategori(h.capaian)
        && !dilaporkan.trim().eq_ignore_ascii_case(dihitung)
    {
        out.push(temuan(
            "kategori_dilaporkan_berbeda",
            k,
            format!(
                "Kategori dilaporkan '{}', menurut pita kategori capaian {}% adalah '{dihitung}'.",
                dilaporkan.trim(),
                angka::format_persen(h.capaian)
            ),
        ));
    }

    let nama = c.nama.to_lowercase();
    if c.aturan.polaritas == Polaritas::Maksimal && KATA_MINIMAL.iter().any(|w| nama.contains(w)) {
        out.push(temuan(
            "polaritas_perlu_diperiksa",
            k,
            "Indikator ini tampaknya lebih baik bila lebih kecil, tetapi berpolaritas maksimal.".into(),
        ));
    }

    if c.realisasi.is_none() {
        out.push(temuan("belum_dilaporkan", k, "Realisasi belum dilaporkan.".into()));
    }
    out
}

/// Cumulative realisasi by triwulan must not fall from one triwulan to the next.
pub fn periksa_kumulatif(kode: &str, per_triwulan: &[Option<Decimal>; 4]) -> Vec<Temuan> {
    let mut out = Vec::new();
    let mut last: Option<(usize, Decimal)> = None;
    for (i, v) in per_triwulan.iter().enumerate() {
        if let Some(v) = v {
            if let Some((j, prev)) = last
                && *v < prev
            {
                out.push(temuan(
                    "realisasi_kumulatif_turun",
                    Some(kode),
                    format!("Realisasi kumulatif turun dari {} (TW{}) ke {} (TW{}).", fmt(prev), j + 1, fmt(*v), i + 1),
                ));
            }
            last = Some((i, *v));
        }
    }
    out
}

/// A budget line: monthly realisasi must add up to the total, and realisasi not exceed pagu.
pub fn periksa_anggaran(baris: &str, pagu: i64, realisasi: i64, bulanan: Option<&[i64]>) -> Vec<Temuan> {
    let rp = |v: i64| angka::format(Decimal::from(v), Konteks::Rupiah);
    let mut out = Vec::new();
    if realisasi > pagu {
        out.push(temuan(
            "realisasi_melebihi_pagu",
            None,
            format!("{baris}: realisasi Rp{} melebihi pagu Rp{}.", rp(realisasi), rp(pagu)),
        ));
    }
    if let Some(b) = bulanan {
        let total: i128 = b.iter().map(|v| i128::from(*v)).sum();
        if total != i128::from(realisasi) {
            out.push(temuan(
                "anggaran_bulanan_tidak_sesuai",
                None,
                format!(
                    "{baris}: jumlah realisasi bulanan Rp{} tidak sama dengan realisasi Rp{}.",
                    angka::format(Decimal::from_i128_with_scale(total, 0), Konteks::Rupiah),
                    rp(realisasi)
                ),
            ));
        }
    }
    out
}

/// The report's overall kategori against the bands.
pub fn periksa_kategori_keseluruhan(capaian: Decimal, dilaporkan: &str, pita: &PitaKategori) -> Option<Temuan> {
    let dihitung = pita.kategori(capaian)?;
    (!dilaporkan.trim().eq_ignore_ascii_case(dihitung)).then(|| {
        temuan(
            "kategori_dilaporkan_berbeda",
            None,
            format!(
                "Capaian keseluruhan {}% dilaporkan '{}', menurut pita kategori '{dihitung}'.",
                angka::format_persen(capaian),
                dilaporkan.trim()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn cumulative_falls_and_budget_lines() {
        let t = periksa_kumulatif("IK-01", &[Some(dec!(25)), Some(dec!(50)), Some(dec!(40)), None]);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].kode, "realisasi_kumulatif_turun");
        assert!(t[0].pesan.contains("TW2") && t[0].pesan.contains("TW3"));
        assert!(periksa_kumulatif("IK-01", &[Some(dec!(25)), None, Some(dec!(75)), Some(dec!(100))]).is_empty());

        let a = periksa_anggaran("076.01.WA/51", 100, 120, Some(&[9; 12]));
        let kode: Vec<_> = a.iter().map(|t| t.kode).collect();
        assert_eq!(kode, ["realisasi_melebihi_pagu", "anggaran_bulanan_tidak_sesuai"]);
        assert!(periksa_anggaran("x", 100, 120, None).len() == 1);
        assert!(periksa_anggaran("x", 2_999_452_000, 2_996_870_206, None).is_empty());
    }
}
