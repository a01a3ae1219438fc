//! Whether a satker's IKU decree and its Perjanjian Kinerja of one year agree, as temuan a
//! reviewer (Inspektorat, the provinsi's verifier) would raise: an IKU indicator the PK sets no
//! target for, a PK indicator whose definition or polarity differs from the IKU's, and a PK
//! approved before its IKU. Pure: the caller reads both documents.
//!
//! An IKU row and a PK indicator are the same indicator when both name the same catalogue
//! entry, or, when either is the satker's own, when their names are the same words (case,
//! spacing and "Pemilu/Pemilihan" aside).

use chrono::{DateTime, Utc};

use super::capaian::Polaritas;
use super::dokumen::katalog::nama_baku;
use super::temuan::Temuan;

/// An IKU row as compared: its indicator, catalogue entry, keterangan, and the polarity its
/// catalogue entry sets (the decree itself states none).
pub struct BarisIku<'a> {
    pub indikator: &'a str,
    pub katalog: Option<i64>,
    pub keterangan: Option<&'a str>,
    pub polaritas: Option<Polaritas>,
}

/// A PK indicator as compared.
pub struct BarisPk<'a> {
    pub kode: &'a str,
    pub nama: &'a str,
    pub katalog: Option<i64>,
    pub definisi: Option<&'a str>,
    pub polaritas: Polaritas,
}

/// When each document was approved, if it was.
#[derive(Clone, Copy, Debug, Default)]
pub struct Persetujuan {
    pub pk: Option<DateTime<Utc>>,
    pub iku: Option<DateTime<Utc>>,
}

fn sama(iku: &BarisIku, pk: &BarisPk) -> bool {
    match (iku.katalog, pk.katalog) {
        (Some(a), Some(b)) => a == b,
        _ => nama_baku(iku.indikator) == nama_baku(pk.nama),
    }
}

fn teks_berbeda(a: &str, b: &str) -> bool {
    nama_baku(a) != nama_baku(b)
}

/// The temuan of one year's IKU against its PK, each with the PK indicator's kode when it is
/// about one.
pub fn periksa(iku: &[BarisIku], pk: &[BarisPk], disetujui: Persetujuan) -> Vec<(Temuan, Option<String>)> {
    let mut out = Vec::new();
    for (i, r) in iku.iter().enumerate() {
        let Some(p) = pk.iter().find(|p| sama(r, p)) else {
            out.push((
                Temuan {
                    kode: "iku_tanpa_target_pk",
                    pesan: format!(
                        "IKU baris {} \"{}\" tidak memiliki target di Perjanjian Kinerja tahun yang sama.",
                        i + 1,
                        r.indikator
                    ),
                    indikator: None,
                },
                None,
            ));
            continue;
        };
        if let (Some(ket), Some(def)) = (r.keterangan, p.definisi)
            && teks_berbeda(ket, def)
        {
            out.push((
                Temuan {
                    kode: "iku_pk_definisi_berbeda",
                    pesan: format!(
                        "Definisi indikator {} di PK berbeda dengan keterangan IKU baris {}: periksa mana yang berlaku.",
                        p.kode,
                        i + 1
                    ),
                    indikator: Some(p.kode.to_string()),
                },
                Some(p.kode.to_string()),
            ));
        }
        if let Some(pol) = r.polaritas.filter(|pol| *pol != p.polaritas) {
            out.push((
                Temuan {
                    kode: "iku_pk_polaritas_berbeda",
                    pesan: format!(
                        "Polaritas indikator {} di PK ({}) berbeda dengan IKU baris {} ({}).",
                        p.kode,
                        p.polaritas.as_str(),
                        i + 1,
                        pol.as_str()
                    ),
                    indikator: Some(p.kode.to_string()),
                },
                Some(p.kode.to_string()),
            ));
        }
    }
    if let Some(pk) = disetujui.pk
        && disetujui.iku.is_none_or(|iku| iku > pk)
    {
        let pesan = match disetujui.iku {
            Some(_) => "Perjanjian Kinerja disetujui sebelum keputusan IKU-nya disetujui.",
            None => "Perjanjian Kinerja sudah disetujui, sedangkan keputusan IKU-nya belum.",
        };
        out.push((Temuan { kode: "pk_disetujui_sebelum_iku", pesan: pesan.into(), indikator: None }, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iku<'a>(indikator: &'a str, katalog: Option<i64>, polaritas: Option<Polaritas>) -> BarisIku<'a> {
        BarisIku { indikator, katalog, keterangan: Some("Jumlah pemilih yang memilih dibagi DPT"), polaritas }
    }

    fn pk<'a>(kode: &'a str, nama: &'a str, katalog: Option<i64>, polaritas: Polaritas) -> BarisPk<'a> {
        BarisPk { kode, nama, katalog, definisi: None, polaritas }
    }

    #[test]
    fn an_iku_indicator_without_a_pk_target_is_found_by_identity_or_words() {
        let rows = [
            iku("Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan", Some(6), Some(Polaritas::Maksimal)),
            iku("Nilai SAKIP", None, None),
            iku("Jumlah sengketa", None, None),
        ];
        let pk_rows = [
            pk("P-1", "Partisipasi (nama lain)", Some(6), Polaritas::Maksimal),
            pk("S", "nilai  sakip", None, Polaritas::Maksimal),
        ];
        let t = periksa(&rows, &pk_rows, Persetujuan::default());
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].0.kode, "iku_tanpa_target_pk");
        assert!(t[0].0.pesan.contains("baris 3"));
    }

    #[test]
    fn a_different_definition_or_polarity_names_the_pk_indicator() {
        let rows = [iku("Jumlah revisi DIPA", Some(9), Some(Polaritas::Minimal))];
        let mut p = pk("SS11", "Jumlah revisi DIPA", None, Polaritas::Maksimal);
        p.definisi = Some("Banyaknya revisi anggaran dalam setahun");
        let t = periksa(&rows, &[p], Persetujuan::default());
        let kode: Vec<&str> = t.iter().map(|(t, _)| t.kode).collect();
        assert_eq!(kode, ["iku_pk_definisi_berbeda", "iku_pk_polaritas_berbeda"]);
        assert!(t.iter().all(|(_, k)| k.as_deref() == Some("SS11")));
        let mut same = pk("SS11", "Jumlah revisi DIPA", None, Polaritas::Minimal);
        same.definisi = Some("jumlah pemilih yang memilih dibagi  DPT.");
        assert!(periksa(&rows, &[same], Persetujuan::default()).is_empty(), "same words, same polarity");
    }

    #[test]
    fn a_pk_approved_before_its_iku_is_a_finding_even_once_the_iku_is_approved() {
        let t0 = Utc::now();
        let t1 = t0 + chrono::Duration::hours(1);
        let kode = |p: Persetujuan| periksa(&[], &[], p).into_iter().map(|(t, _)| t.kode).collect::<Vec<_>>();
        assert_eq!(kode(Persetujuan { pk: Some(t0), iku: None }), ["pk_disetujui_sebelum_iku"]);
        assert_eq!(kode(Persetujuan { pk: Some(t0), iku: Some(t1) }), ["pk_disetujui_sebelum_iku"]);
        assert!(kode(Persetujuan { pk: Some(t1), iku: Some(t0) }).is_empty());
        assert!(kode(Persetujuan { pk: None, iku: None }).is_empty());
    }
}
