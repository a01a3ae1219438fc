//! Capaian (achievement) of one indicator: realisasi against target, in percent, by the
//! indicator's own rules. Pure: no IO. The rules are written out for planners in
//! `docs/capaian.md`.

use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::nilai::{Nilai, TipeNilai};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Polaritas {
    /// Higher is better: R / T × 100.
    Maksimal,
    /// Lower is better: (2T − R) / T × 100, never below 0 (PermenPANRB 8/2021).
    Minimal,
    /// Inside a target range is 100; outside, measured against the nearer bound.
    Rentang,
}

impl FromStr for Polaritas {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "maksimal" => Ok(Polaritas::Maksimal),
            "minimal" => Ok(Polaritas::Minimal),
            "rentang" => Ok(Polaritas::Rentang),
            _ => Err(format!("polaritas '{s}' tidak dikenal; pilih maksimal, minimal atau rentang")),
        }
    }
}

impl Polaritas {
    pub fn as_str(self) -> &'static str {
        match self {
            Polaritas::Maksimal => "maksimal",
            Polaritas::Minimal => "minimal",
            Polaritas::Rentang => "rentang",
        }
    }
}

/// How a grade (or a BPK opinion) is scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetodePredikat {
    /// At or above the target grade is 100; below it, realisasi rank ÷ target rank × 100.
    Ordinal,
    /// Realisasi score ÷ lower bound of the target grade's band × 100.
    Skor,
}

impl FromStr for MetodePredikat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "ordinal" => Ok(MetodePredikat::Ordinal),
            "skor" => Ok(MetodePredikat::Skor),
            _ => Err(format!("metode predikat '{s}' tidak dikenal; pilih ordinal atau skor")),
        }
    }
}

impl MetodePredikat {
    pub fn as_str(self) -> &'static str {
        match self {
            MetodePredikat::Ordinal => "ordinal",
            MetodePredikat::Skor => "skor",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Aturan {
    pub tipe: TipeNilai,
    pub polaritas: Polaritas,
    /// Required for grades; ignored otherwise.
    pub metode: Option<MetodePredikat>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Nilai(Nilai),
    Rentang { bawah: Decimal, atas: Decimal },
}

/// Default cap applied to capaian when averaging.
pub const BATAS_BAWAAN: Decimal = dec!(120);

/// Capaian is stored to six decimals.
pub const SKALA: u32 = 6;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hasil {
    /// Raw capaian in percent, never negative, never capped.
    pub capaian: Decimal,
    /// The formula as applied, for people checking the number: `70,65 / 60 × 100`.
    pub rumus: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GalatCapaian {
    #[error("target harus lebih dari 0 untuk polaritas {0}")]
    TargetTidakPositif(&'static str),
    #[error("metode skor memerlukan skor realisasi, mis. 'BB (70,65)'")]
    SkorDiperlukan,
    #[error("indikator predikat memerlukan metode: ordinal atau skor")]
    MetodeDiperlukan,
    #[error("rentang target tidak valid: batas bawah {0} melebihi batas atas {1}")]
    RentangTerbalik(Decimal, Decimal),
    #[error("target dan realisasi tidak sebanding: {0}")]
    TidakSebanding(String),
    #[error("angka terlalu besar untuk dihitung")]
    TerlaluBesar,
}

fn persen(num: Decimal, den: Decimal) -> Decimal {
    let value = num.checked_div(den).and_then(|q| q.checked_mul(dec!(100))).unwrap_or(Decimal::MAX);
    value.max(Decimal::ZERO).round_dp_with_strategy(SKALA, RoundingStrategy::MidpointAwayFromZero)
}

fn fmt(d: Decimal) -> String {
    super::angka::format(d, super::angka::Konteks::Desimal)
}

fn hasil(capaian: Decimal, rumus: String) -> Result<Option<Hasil>, GalatCapaian> {
    Ok(Some(Hasil { capaian, rumus }))
}

/// Capaian of one indicator. `Ok(None)` means not reported yet: such an indicator counts
/// against completeness and is left out of averages, never treated as zero.
pub fn hitung(aturan: &Aturan, target: &Target, realisasi: Option<&Nilai>) -> Result<Option<Hasil>, GalatCapaian> {
    let Some(realisasi) = realisasi else { return Ok(None) };
    match (aturan.tipe, target, realisasi) {
        (
            TipeNilai::Predikat,
            Target::Nilai(Nilai::Predikat { predikat: t, .. }),
            Nilai::Predikat { predikat: r, skor },
        ) => {
            if aturan.polaritas != Polaritas::Maksimal {
                return Err(GalatCapaian::TidakSebanding("predikat selalu berpolaritas maksimal".into()));
            }
            match aturan.metode.ok_or(GalatCapaian::MetodeDiperlukan)? {
                MetodePredikat::Ordinal => ordinal(r.peringkat(), t.peringkat(), r.as_str(), t.as_str()),
                MetodePredikat::Skor => {
                    let skor = skor.ok_or(GalatCapaian::SkorDiperlukan)?;
                    let batas = t.batas_bawah();
                    if batas.is_zero() {
                        // Band D starts at 0: every score meets a target of D.
                        return hasil(dec!(100), format!("target {t} dipenuhi setiap skor"));
                    }
                    hasil(persen(skor, batas), format!("{} / {} (batas bawah {t}) × 100", fmt(skor), fmt(batas)))
                }
            }
        }
        (TipeNilai::Kategori, Target::Nilai(Nilai::Opini(t)), Nilai::Opini(r)) => {
            ordinal(r.peringkat(), t.peringkat(), r.as_str(), t.as_str())
        }
        (TipeNilai::Persen | TipeNilai::Angka | TipeNilai::Indeks, target, Nilai::Angka { nilai: r, .. }) => {
            let r = *r;
            match (aturan.polaritas, target) {
                (Polaritas::Maksimal, Target::Nilai(Nilai::Angka { nilai: t, .. })) => {
                    if *t <= Decimal::ZERO {
                        return Err(GalatCapaian::TargetTidakPositif("maksimal"));
                    }
                    hasil(persen(r, *t), format!("{} / {} × 100", fmt(r), fmt(*t)))
                }
                (Polaritas::Minimal, Target::Nilai(Nilai::Angka { nilai: t, .. })) => {
                    let t = *t;
                    if t < Decimal::ZERO {
                        return Err(GalatCapaian::TargetTidakPositif("minimal"));
                    }
                    if t.is_zero() {
                        // Target zero (no findings, no revisions): met only by zero.
                        let c = if r <= Decimal::ZERO { dec!(100) } else { Decimal::ZERO };
                        return hasil(
                            c,
                            format!(
                                "target 0: realisasi {} {}",
                                fmt(r),
                                if c.is_zero() { "melebihi" } else { "memenuhi" }
                            ),
                        );
                    }
                    let num =
                        dec!(2).checked_mul(t).and_then(|x| x.checked_sub(r)).ok_or(GalatCapaian::TerlaluBesar)?;
                    hasil(persen(num, t), format!("(2 × {} − {}) / {} × 100", fmt(t), fmt(r), fmt(t)))
                }
                (Polaritas::Rentang, Target::Rentang { bawah, atas }) => {
                    let (b, a) = (*bawah, *atas);
                    if b > a {
                        return Err(GalatCapaian::RentangTerbalik(b, a));
                    }
                    if r >= b && r <= a {
                        hasil(dec!(100), format!("{} dalam rentang {}–{}", fmt(r), fmt(b), fmt(a)))
                    } else if r < b {
                        if b <= Decimal::ZERO {
                            return Err(GalatCapaian::TargetTidakPositif("rentang"));
                        }
                        hasil(persen(r, b), format!("{} / {} (batas bawah) × 100", fmt(r), fmt(b)))
                    } else {
                        if a <= Decimal::ZERO {
                            return Err(GalatCapaian::TargetTidakPositif("rentang"));
                        }
                        let num =
                            dec!(2).checked_mul(a).and_then(|x| x.checked_sub(r)).ok_or(GalatCapaian::TerlaluBesar)?;
                        hasil(persen(num, a), format!("(2 × {} − {}) / {} (batas atas) × 100", fmt(a), fmt(r), fmt(a)))
                    }
                }
                (Polaritas::Rentang, _) => {
                    Err(GalatCapaian::TidakSebanding("polaritas rentang memerlukan target rentang".into()))
                }
                (_, Target::Rentang { .. }) => {
                    Err(GalatCapaian::TidakSebanding("target rentang memerlukan polaritas rentang".into()))
                }
                (_, Target::Nilai(t)) => Err(GalatCapaian::TidakSebanding(format!("target {t:?} bukan angka"))),
            }
        }
        (tipe, _, r) => {
            Err(GalatCapaian::TidakSebanding(format!("realisasi {r:?} tidak cocok untuk tipe {}", tipe.as_str())))
        }
    }
}

fn ordinal(r: u32, t: u32, r_name: &str, t_name: &str) -> Result<Option<Hasil>, GalatCapaian> {
    if r >= t {
        hasil(dec!(100), format!("{r_name} setara atau di atas target {t_name}"))
    } else {
        hasil(
            persen(Decimal::from(r), Decimal::from(t)),
            format!("peringkat {r_name} ({r}) / peringkat {t_name} ({t}) × 100"),
        )
    }
}

/// The capped value used for averaging. The raw capaian is kept as well.
pub fn batasi(capaian: Decimal, batas: Decimal) -> Decimal {
    capaian.min(batas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nilai::{self, Opini, Predikat};
    use proptest::prelude::*;

    fn angka(v: Decimal) -> Nilai {
        Nilai::Angka { nilai: v, satuan: None }
    }

    fn aturan(tipe: TipeNilai, polaritas: Polaritas) -> Aturan {
        Aturan { tipe, polaritas, metode: None }
    }

    fn c(a: &Aturan, t: &Target, r: &Nilai) -> Decimal {
        hitung(a, t, Some(r)).unwrap().unwrap().capaian
    }

    #[test]
    fn higher_is_better() {
        let a = aturan(TipeNilai::Persen, Polaritas::Maksimal);
        assert_eq!(c(&a, &Target::Nilai(angka(dec!(100))), &angka(dec!(75))), dec!(75));
        assert_eq!(c(&a, &Target::Nilai(angka(dec!(10))), &angka(dec!(25))), dec!(250));
        assert_eq!(c(&a, &Target::Nilai(angka(dec!(3))), &angka(dec!(2))), dec!(66.666667));
        assert_eq!(
            hitung(&a, &Target::Nilai(angka(dec!(0))), Some(&angka(dec!(1)))),
            Err(GalatCapaian::TargetTidakPositif("maksimal"))
        );
    }

    #[test]
    fn lower_is_better_never_below_zero() {
        let a = aturan(TipeNilai::Angka, Polaritas::Minimal);
        let t = Target::Nilai(angka(dec!(10)));
        assert_eq!(c(&a, &t, &angka(dec!(8))), dec!(120));
        assert_eq!(c(&a, &t, &angka(dec!(10))), dec!(100));
        assert_eq!(c(&a, &t, &angka(dec!(15))), dec!(50));
        assert_eq!(c(&a, &t, &angka(dec!(25))), dec!(0), "(2×10 − 25)/10 is negative: floored at 0");
        let zero = Target::Nilai(angka(dec!(0)));
        assert_eq!(c(&a, &zero, &angka(dec!(0))), dec!(100));
        assert_eq!(c(&a, &zero, &angka(dec!(1))), dec!(0));
    }

    #[test]
    fn target_range() {
        let a = aturan(TipeNilai::Persen, Polaritas::Rentang);
        let t = Target::Rentang { bawah: dec!(95), atas: dec!(105) };
        assert_eq!(c(&a, &t, &angka(dec!(100))), dec!(100));
        assert_eq!(c(&a, &t, &angka(dec!(95))), dec!(100));
        assert_eq!(c(&a, &t, &angka(dec!(76))), dec!(80));
        assert_eq!(c(&a, &t, &angka(dec!(126))), dec!(80));
        assert!(hitung(&a, &Target::Rentang { bawah: dec!(9), atas: dec!(1) }, Some(&angka(dec!(5)))).is_err());
    }

    #[test]
    fn grades_by_score_never_punish_beating_the_target() {
        let skor =
            Aturan { tipe: TipeNilai::Predikat, polaritas: Polaritas::Maksimal, metode: Some(MetodePredikat::Skor) };
        let target_b = Target::Nilai(Nilai::Predikat { predikat: Predikat::B, skor: None });
        let bb = nilai::parse("BB (70,65)", TipeNilai::Predikat).unwrap();
        // Seed 001 wrote 88% (70,65 / 80): the wrong bound. Against B's band (>60) it is 117,75%.
        let h = hitung(&skor, &target_b, Some(&bb)).unwrap().unwrap();
        assert_eq!(h.capaian, dec!(117.75));
        assert_eq!(h.rumus, "70,65 / 60 (batas bawah B) × 100");
        let no_score = Nilai::Predikat { predikat: Predikat::BB, skor: None };
        assert_eq!(hitung(&skor, &target_b, Some(&no_score)), Err(GalatCapaian::SkorDiperlukan));

        let ordinal = Aturan { metode: Some(MetodePredikat::Ordinal), ..skor };
        assert_eq!(c(&ordinal, &target_b, &bb), dec!(100));
        let cc = Nilai::Predikat { predikat: Predikat::CC, skor: None };
        assert_eq!(c(&ordinal, &target_b, &cc), dec!(75), "CC rank 3 / B rank 4");
        assert_eq!(hitung(&Aturan { metode: None, ..skor }, &target_b, Some(&bb)), Err(GalatCapaian::MetodeDiperlukan));
    }

    #[test]
    fn bpk_opinions_are_ordinal() {
        let a = aturan(TipeNilai::Kategori, Polaritas::Maksimal);
        let t = Target::Nilai(Nilai::Opini(Opini::WTP));
        assert_eq!(c(&a, &t, &Nilai::Opini(Opini::WTP)), dec!(100));
        assert_eq!(c(&a, &t, &Nilai::Opini(Opini::WDP)), dec!(75));
    }

    #[test]
    fn not_reported_is_not_zero() {
        let a = aturan(TipeNilai::Persen, Polaritas::Maksimal);
        assert_eq!(hitung(&a, &Target::Nilai(angka(dec!(100))), None), Ok(None));
    }

    #[test]
    fn cap_keeps_the_raw_value_apart() {
        assert_eq!(batasi(dec!(250), BATAS_BAWAAN), dec!(120));
        assert_eq!(batasi(dec!(88.3125), BATAS_BAWAAN), dec!(88.3125));
    }

    fn polaritas() -> impl Strategy<Value = Polaritas> {
        prop_oneof![Just(Polaritas::Maksimal), Just(Polaritas::Minimal), Just(Polaritas::Rentang)]
    }

    fn dec_strategy() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (-10_i64.pow(12)..10_i64.pow(12), 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
            Just(Decimal::MAX),
            Just(Decimal::MIN),
            (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        ]
    }

    proptest! {
        #[test]
        fn never_panics(t in dec_strategy(), t2 in dec_strategy(), r in dec_strategy(), p in polaritas(), tipe in 0usize..5, metode in any::<bool>()) {
            let tipe = TipeNilai::ALL[tipe];
            let a = Aturan { tipe, polaritas: p, metode: Some(if metode { MetodePredikat::Skor } else { MetodePredikat::Ordinal }) };
            for target in [Target::Nilai(angka(t)), Target::Rentang { bawah: t, atas: t2 }] {
                let _ = hitung(&a, &target, Some(&angka(r)));
            }
            if let Some(g) = Predikat::dari_skor(r.abs() % dec!(100)) {
                let _ = hitung(&a, &Target::Nilai(Nilai::Predikat { predikat: g, skor: None }), Some(&Nilai::Predikat { predikat: g, skor: Some(r) }));
            }
        }

        #[test]
        fn more_realisasi_never_lowers_capaian_when_higher_is_better(t in 1_i64..10_i64.pow(9), r1 in 0_i64..10_i64.pow(9), d in 0_i64..10_i64.pow(9), s in 0u32..=4) {
            let a = aturan(TipeNilai::Angka, Polaritas::Maksimal);
            let target = Target::Nilai(angka(Decimal::new(t, s)));
            let lo = c(&a, &target, &angka(Decimal::new(r1, s)));
            let hi = c(&a, &target, &angka(Decimal::new(r1 + d, s)));
            prop_assert!(hi >= lo);
            prop_assert!(lo >= Decimal::ZERO);
        }

        #[test]
        fn more_realisasi_never_raises_capaian_when_lower_is_better(t in 0_i64..10_i64.pow(9), r1 in 0_i64..10_i64.pow(9), d in 0_i64..10_i64.pow(9), s in 0u32..=4) {
            let a = aturan(TipeNilai::Angka, Polaritas::Minimal);
            let target = Target::Nilai(angka(Decimal::new(t, s)));
            let lo = c(&a, &target, &angka(Decimal::new(r1, s)));
            let hi = c(&a, &target, &angka(Decimal::new(r1 + d, s)));
            prop_assert!(hi <= lo);
            prop_assert!(hi >= Decimal::ZERO);
        }

        #[test]
        fn by_score_a_grade_at_or_above_target_is_at_least_100(t in 0usize..7, skor in 0_i64..=10_000) {
            let a = Aturan { tipe: TipeNilai::Predikat, polaritas: Polaritas::Maksimal, metode: Some(MetodePredikat::Skor) };
            let skor = Decimal::new(skor, 2);
            let r = Predikat::dari_skor(skor).unwrap();
            let target = Predikat::ALL[t];
            let got = c(&a, &Target::Nilai(Nilai::Predikat { predikat: target, skor: None }), &Nilai::Predikat { predikat: r, skor: Some(skor) });
            // Below the target grade can reach exactly 100 only on the band's (exclusive) lower
            // bound: a score of 70,00 is B, and 70,00 / 70 (BB) is 100.
            if r >= target { prop_assert!(got >= dec!(100), "{r} vs {target}: {got}"); } else { prop_assert!(got <= dec!(100), "{r} vs {target}: {got}"); }
        }

        #[test]
        fn a_better_grade_never_scores_lower(t in 0usize..7, r1 in 0usize..7, r2 in 0usize..7) {
            let a = Aturan { tipe: TipeNilai::Predikat, polaritas: Polaritas::Maksimal, metode: Some(MetodePredikat::Ordinal) };
            let (lo, hi) = (Predikat::ALL[r1.min(r2)], Predikat::ALL[r1.max(r2)]);
            let target = Target::Nilai(Nilai::Predikat { predikat: Predikat::ALL[t], skor: None });
            let g = |p| c(&a, &target, &Nilai::Predikat { predikat: p, skor: None });
            prop_assert!(g(hi) >= g(lo));
            if hi >= Predikat::ALL[t] { prop_assert_eq!(g(hi), dec!(100)); }
        }
    }
}
