//! Figures and states the Indonesian way, as every page writes them: from the API's exact
//! strings, by the LKj's own helpers.

use rust_decimal::Decimal;

use crate::domain::angka::{self, Konteks};
use crate::domain::kode::StatusDokumen;
use crate::lkj::{self, Grafik};
use crate::view::{Jumlah, PengajuanView};

pub(super) fn desimal(s: Option<&str>) -> Option<Decimal> {
    s.and_then(|s| s.parse().ok())
}

/// A value of the API as a person reads it: a number the Indonesian way, a grade as it is.
pub(super) fn nilai(s: Option<&str>) -> String {
    match s {
        Some(v) if v.parse::<Decimal>().is_ok() => lkj::desimal(Some(v)),
        Some(v) => v.to_string(),
        None => "-".into(),
    }
}

/// The CSS class of a kategori, by its name (`Sangat Baik` → `k-sangat-baik`).
pub(super) fn kelas_kategori(k: Option<&str>) -> String {
    match k {
        Some(k) => format!("k-{}", k.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-")),
        None => "k-none".into(),
    }
}

/// The difference of two percentages the API gives, in points with a sign: `+2,35`.
pub(super) fn selisih(baru: Option<&str>, lama: Option<&str>) -> (String, Option<Decimal>) {
    match (desimal(baru), desimal(lama)) {
        (Some(b), Some(l)) => {
            let d = b - l;
            let t = angka::format(d.abs(), Konteks::Desimal);
            let tanda = if d > Decimal::ZERO {
                "+"
            } else if d < Decimal::ZERO {
                "−"
            } else {
                "±"
            };
            (format!("{tanda}{t}"), Some(d))
        }
        _ => ("-".into(), None),
    }
}

pub(super) fn status_teks(s: Option<StatusDokumen>) -> &'static str {
    match s {
        None => "belum ada",
        Some(StatusDokumen::Draf) => "draf",
        Some(StatusDokumen::Diajukan) => "diajukan",
        Some(StatusDokumen::Disetujui) => "disetujui",
        Some(StatusDokumen::Dikembalikan) => "dikembalikan",
    }
}

pub(super) fn waktu(t: chrono::DateTime<chrono::Utc>) -> String {
    let wib = t + chrono::Duration::hours(7);
    format!("{}, {} WIB", lkj::tanggal(t), wib.format("%H.%M"))
}

/// Whether a satker's report of a triwulan came in, and on time.
pub(super) fn ketepatan(p: &PengajuanView) -> String {
    let tepat = match p.tepat_waktu {
        Some(true) => ", tepat waktu",
        Some(false) => ", terlambat",
        None => "",
    };
    match p.status {
        None | Some(StatusDokumen::Draf) if p.tepat_waktu == Some(false) => {
            format!("{} (lewat tenggat)", if p.status.is_none() { "Belum melapor" } else { "Draf" })
        }
        None => "Belum melapor".into(),
        Some(StatusDokumen::Draf) => "Draf".into(),
        Some(s) => format!("{}{tepat}", capital(status_teks(Some(s)))),
    }
}

/// How many of these reports came in (submitted, whatever was decided since).
pub(super) fn masuk<'a>(p: impl Iterator<Item = &'a PengajuanView>) -> usize {
    p.filter(|p| matches!(p.status, Some(x) if x != StatusDokumen::Draf)).count()
}

pub(super) fn penyerapan(j: &Jumlah) -> String {
    lkj::persen(j.persen_penyerapan.as_deref())
}

/// A chart of the page, or none when there is nothing to draw (or it cannot be drawn: the
/// table beside it then speaks alone).
pub(super) fn grafik(judul: &str, garis: bool, titik: Vec<(String, Decimal)>) -> Option<String> {
    if titik.is_empty() {
        return None;
    }
    let (label, nilai) = titik.into_iter().unzip();
    let g = Grafik { judul: judul.into(), garis, label, nilai, acuan: (!garis).then_some(Decimal::ONE_HUNDRED) };
    lkj::grafik::svg(&g).ok()
}

pub(super) fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_over_year_is_the_difference_of_the_two_figures_in_points() {
        assert_eq!(selisih(Some("101.25"), Some("98.90")).0, "+2,35");
        assert_eq!(selisih(Some("90"), Some("100")).0, "−10");
        assert_eq!(selisih(Some("90"), None).0, "-");
        assert_eq!(kelas_kategori(Some("Sangat Baik")), "k-sangat-baik");
        assert_eq!(kelas_kategori(None), "k-none");
    }
}
