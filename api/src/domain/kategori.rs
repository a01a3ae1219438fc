//! Category bands: half-open intervals `[dari, sampai)` that together cover every capaian
//! from 0 to infinity, checked when they are loaded so no value can fall between two bands
//! (seed 001's table leaves 75,5 and 90,5 nowhere) or into two.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Pita {
    #[schema(value_type = String)]
    pub dari: Decimal,
    /// Exclusive upper bound; `None` for the last band, which runs to infinity.
    #[schema(value_type = Option<String>)]
    pub sampai: Option<Decimal>,
    pub nama: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PitaKategori(Vec<Pita>);

impl PitaKategori {
    /// Validates: starts at 0, each band ends where the next begins, only the last is open,
    /// no band is empty and every band is named.
    pub fn new(pita: Vec<Pita>) -> Result<Self, String> {
        let Some(first) = pita.first() else { return Err("pita kategori kosong".into()) };
        if first.dari != Decimal::ZERO {
            return Err(format!("pita pertama harus mulai dari 0, bukan {}", first.dari));
        }
        for (i, p) in pita.iter().enumerate() {
            if p.nama.trim().is_empty() {
                return Err(format!("pita ke-{} tidak bernama", i + 1));
            }
            let last = i + 1 == pita.len();
            match (p.sampai, last) {
                (None, true) => {}
                (None, false) => return Err(format!("hanya pita terakhir yang boleh tanpa batas atas ('{}')", p.nama)),
                (Some(_), true) => {
                    return Err(format!(
                        "pita terakhir ('{}') harus tanpa batas atas agar capaian > 100 pun masuk",
                        p.nama
                    ));
                }
                (Some(s), false) => {
                    if s <= p.dari {
                        return Err(format!("pita '{}' kosong: [{}, {s})", p.nama, p.dari));
                    }
                    let next = &pita[i + 1];
                    if next.dari < s {
                        return Err(format!("pita '{}' dan '{}' tumpang tindih", p.nama, next.nama));
                    }
                    if next.dari > s {
                        return Err(format!(
                            "ada celah antara pita '{}' dan '{}': [{s}, {})",
                            p.nama, next.nama, next.dari
                        ));
                    }
                }
            }
        }
        Ok(Self(pita))
    }

    /// Seed 001 Tabel 6 made contiguous: [0,55) Gagal, [55,76) Cukup Baik, [76,91) Baik,
    /// [91,∞) Sangat Baik.
    pub fn bawaan() -> Self {
        Self(vec![
            Pita { dari: dec!(0), sampai: Some(dec!(55)), nama: "Gagal".into() },
            Pita { dari: dec!(55), sampai: Some(dec!(76)), nama: "Cukup Baik".into() },
            Pita { dari: dec!(76), sampai: Some(dec!(91)), nama: "Baik".into() },
            Pita { dari: dec!(91), sampai: None, nama: "Sangat Baik".into() },
        ])
    }

    /// The five-band scale many local governments use (≤ 50 Sangat Kurang … > 90 Sangat Baik).
    pub fn lima_pita() -> Self {
        Self(vec![
            Pita { dari: dec!(0), sampai: Some(dec!(51)), nama: "Sangat Kurang".into() },
            Pita { dari: dec!(51), sampai: Some(dec!(66)), nama: "Kurang".into() },
            Pita { dari: dec!(66), sampai: Some(dec!(76)), nama: "Cukup".into() },
            Pita { dari: dec!(76), sampai: Some(dec!(91)), nama: "Baik".into() },
            Pita { dari: dec!(91), sampai: None, nama: "Sangat Baik".into() },
        ])
    }

    pub fn pita(&self) -> &[Pita] {
        &self.0
    }

    /// The band a capaian falls in. Negative values do not occur (capaian is floored at 0)
    /// and fall in none.
    pub fn kategori(&self, capaian: Decimal) -> Option<&str> {
        self.0.iter().find(|p| capaian >= p.dari && p.sampai.is_none_or(|s| capaian < s)).map(|p| p.nama.as_str())
    }
}

impl<'de> Deserialize<'de> for PitaKategori {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        PitaKategori::new(Vec::<Pita>::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_default_fills_the_seed_gaps() {
        let k = PitaKategori::bawaan();
        assert_eq!(k.kategori(dec!(54.99)), Some("Gagal"));
        assert_eq!(k.kategori(dec!(55)), Some("Cukup Baik"));
        assert_eq!(k.kategori(dec!(75.5)), Some("Cukup Baik"), "seed gap between 75 and 76");
        assert_eq!(k.kategori(dec!(90.5)), Some("Baik"), "seed gap between 90 and 91");
        assert_eq!(k.kategori(dec!(100)), Some("Sangat Baik"), "seed 001 called its 100% 'Baik'");
        assert_eq!(k.kategori(dec!(250)), Some("Sangat Baik"));
        assert_eq!(k.kategori(dec!(-1)), None);
    }

    #[test]
    fn gaps_overlaps_and_open_ends_are_refused() {
        let p = |dari: i64, sampai: Option<i64>, nama: &str| Pita {
            dari: Decimal::from(dari),
            sampai: sampai.map(Decimal::from),
            nama: nama.into(),
        };
        assert!(PitaKategori::new(vec![]).is_err());
        assert!(PitaKategori::new(vec![p(1, None, "a")]).unwrap_err().contains("mulai dari 0"));
        assert!(PitaKategori::new(vec![p(0, Some(50), "a"), p(51, None, "b")]).unwrap_err().contains("celah"));
        assert!(PitaKategori::new(vec![p(0, Some(50), "a"), p(40, None, "b")]).unwrap_err().contains("tumpang tindih"));
        assert!(PitaKategori::new(vec![p(0, Some(50), "a"), p(50, Some(100), "b")]).unwrap_err().contains("terakhir"));
        assert!(PitaKategori::new(vec![p(0, None, "a"), p(50, None, "b")]).is_err());
        assert!(PitaKategori::new(vec![p(0, Some(0), "a"), p(0, None, "b")]).unwrap_err().contains("kosong"));
        assert!(PitaKategori::new(vec![p(0, None, " ")]).is_err());
        assert!(PitaKategori::new(PitaKategori::lima_pita().pita().to_vec()).is_ok());
    }

    #[test]
    fn bands_deserialize_only_when_valid() {
        let ok: Result<PitaKategori, _> = serde_json::from_str(
            r#"[{"dari":"0","sampai":"60","nama":"Kurang"},{"dari":"60","sampai":null,"nama":"Baik"}]"#,
        );
        assert!(ok.is_ok());
        let gap: Result<PitaKategori, _> = serde_json::from_str(
            r#"[{"dari":"0","sampai":"60","nama":"Kurang"},{"dari":"61","sampai":null,"nama":"Baik"}]"#,
        );
        assert!(gap.unwrap_err().to_string().contains("celah"));
    }

    proptest! {
        #[test]
        fn every_non_negative_capaian_is_in_exactly_one_band(m in 0_i64..10_i64.pow(12), scale in 0u32..=6, five in any::<bool>()) {
            let bands = if five { PitaKategori::lima_pita() } else { PitaKategori::bawaan() };
            let c = Decimal::new(m, scale);
            let hits = bands.pita().iter().filter(|p| c >= p.dari && p.sampai.is_none_or(|s| c < s)).count();
            prop_assert_eq!(hits, 1);
            prop_assert!(bands.kategori(c).is_some());
        }
    }
}
