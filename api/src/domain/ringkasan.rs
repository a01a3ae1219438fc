//! A satker's overall capaian: the (optionally weighted) mean of its indicators' capped
//! capaian, over the indicators reported so far, with completeness and kategori.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::capaian::SKALA;
use super::kategori::PitaKategori;

/// One indicator as the summary sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Butir {
    /// Capped capaian; `None` when not reported yet.
    pub capaian_terbatas: Option<Decimal>,
    pub bobot: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ringkasan {
    /// `None` while nothing is reported: an empty mean is not 0.
    pub capaian_rata_rata: Option<Decimal>,
    pub kategori: Option<String>,
    pub dilaporkan: usize,
    pub diharapkan: usize,
    /// Reported ÷ expected indicators, in percent.
    pub kelengkapan: Decimal,
}

fn bulat(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(SKALA, RoundingStrategy::MidpointAwayFromZero)
}

pub fn ringkas(butir: &[Butir], pita: &PitaKategori) -> Ringkasan {
    let reported: Vec<(Decimal, Decimal)> = butir
        .iter()
        .filter_map(|b| b.capaian_terbatas.map(|c| (c, b.bobot)))
        .filter(|(_, w)| *w > Decimal::ZERO)
        .collect();
    let total_bobot: Decimal = reported.iter().map(|(_, w)| *w).sum();
    // Capped capaian (a few hundred at most) times weights (≤ 1000) over a few thousand
    // indicators stays far inside Decimal's range; checked all the same.
    let weighted = reported.iter().try_fold(Decimal::ZERO, |acc, (c, w)| acc.checked_add(c.checked_mul(*w)?));
    let capaian_rata_rata = match (total_bobot.is_zero(), weighted) {
        (false, Some(sum)) => sum.checked_div(total_bobot).map(bulat),
        _ => None,
    };
    let dilaporkan = butir.iter().filter(|b| b.capaian_terbatas.is_some()).count();
    let kelengkapan = if butir.is_empty() {
        Decimal::ZERO
    } else {
        bulat(Decimal::from(dilaporkan) * Decimal::ONE_HUNDRED / Decimal::from(butir.len()))
    };
    Ringkasan {
        kategori: capaian_rata_rata.and_then(|c| pita.kategori(c)).map(str::to_string),
        capaian_rata_rata,
        dilaporkan,
        diharapkan: butir.len(),
        kelengkapan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn b(c: Option<Decimal>, w: Decimal) -> Butir {
        Butir { capaian_terbatas: c, bobot: w }
    }

    #[test]
    fn unreported_indicators_are_left_out_of_the_mean_and_counted_in_completeness() {
        let r = ringkas(
            &[b(Some(dec!(100)), dec!(1)), b(Some(dec!(80)), dec!(1)), b(None, dec!(1)), b(None, dec!(1))],
            &PitaKategori::bawaan(),
        );
        assert_eq!(r.capaian_rata_rata, Some(dec!(90)), "not (100 + 80 + 0 + 0) / 4");
        assert_eq!(r.kategori.as_deref(), Some("Baik"));
        assert_eq!((r.dilaporkan, r.diharapkan), (2, 4));
        assert_eq!(r.kelengkapan, dec!(50));
    }

    #[test]
    fn weights_and_empty_cases() {
        let r = ringkas(&[b(Some(dec!(100)), dec!(3)), b(Some(dec!(60)), dec!(1))], &PitaKategori::bawaan());
        assert_eq!(r.capaian_rata_rata, Some(dec!(90)));
        let none = ringkas(&[b(None, dec!(1))], &PitaKategori::bawaan());
        assert_eq!(none.capaian_rata_rata, None);
        assert_eq!(none.kategori, None);
        assert_eq!(ringkas(&[], &PitaKategori::bawaan()).kelengkapan, dec!(0));
    }
}
