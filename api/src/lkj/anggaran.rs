//! Bab III D: the budget and its realisasi per program, jenis belanja and sumber dana, and the
//! monthly curve with what share of the pagu it is drawn against.

use rust_decimal::Decimal;

use super::{Blok, Grafik, judul, persen, rupiah, tabel};
use crate::domain::kode::BULAN;
use crate::view::{Jumlah, KelompokView, LkjView};

fn nama_bulan(b: i16) -> &'static str {
    BULAN[usize::try_from(b - 1).unwrap_or(0).min(11)]
}

fn kelompok(judul: String, kolom: &str, g: &[KelompokView], t: &Jumlah) -> Blok {
    let rows = g
        .iter()
        .map(|k| {
            vec![
                // A group whose name is its code (sumber dana APBN) is written once.
                match &k.nama {
                    Some(n) if !n.eq_ignore_ascii_case(&k.kode) => format!("{} {n}", k.kode),
                    _ => k.kode.clone(),
                },
                rupiah(k.jumlah.pagu),
                rupiah(k.jumlah.realisasi),
                rupiah(k.jumlah.sisa),
                persen(k.jumlah.persen_penyerapan.as_deref()),
            ]
        })
        .collect();
    let mut tb = tabel(
        judul,
        &[kolom, "Pagu (Rp)", "Realisasi (Rp)", "Sisa (Rp)", "Penyerapan"],
        &[false, true, true, true, true],
        rows,
    );
    tb.jumlah = Some(vec![
        "Jumlah".into(),
        rupiah(t.pagu),
        rupiah(t.realisasi),
        rupiah(t.sisa),
        persen(t.persen_penyerapan.as_deref()),
    ]);
    Blok::Tabel(tb)
}

/// What the curve is drawn against: the pagu of the lines with a monthly breakdown, and its
/// share of the whole pagu, so a reader sees why December's figure may differ from the total.
pub fn cakupan_kurva(pagu_kurva: i64, pagu_seluruh: i64) -> String {
    if pagu_kurva == pagu_seluruh {
        return format!(
            "Kurva dihitung atas seluruh pagu (Rp{}); penyerapan kumulatif Desember sama dengan penyerapan total.",
            rupiah(pagu_kurva)
        );
    }
    let bagian = crate::view::persen_penyerapan(pagu_seluruh, pagu_kurva);
    format!(
        "Kurva dihitung atas pagu baris anggaran yang dirinci per bulan, Rp{} ({} dari pagu Rp{}); \
         realisasi baris tanpa rincian bulanan tidak masuk kurva.",
        rupiah(pagu_kurva),
        persen(bagian.as_deref()),
        rupiah(pagu_seluruh)
    )
}

/// Bab III D.
pub(super) fn bagian(b: &mut Vec<Blok>, v: &LkjView) {
    let (nama, th) = (&v.nama, v.tahun);
    b.push(judul(2, "D. Realisasi Anggaran", "anggaran"));
    match &v.anggaran {
        None => b.push(Blok::Paragraf(format!("Anggaran {th} belum disampaikan."))),
        Some(a) => {
            let t = &a.total;
            b.push(Blok::Paragraf(format!(
                "Pagu anggaran {nama} tahun {th} sebesar Rp{} dengan realisasi Rp{} ({}), sisa Rp{}.",
                rupiah(t.pagu),
                rupiah(t.realisasi),
                persen(t.persen_penyerapan.as_deref()),
                rupiah(t.sisa)
            )));
            b.push(kelompok(
                format!("Tabel 8. Realisasi Anggaran per Program Tahun {th}"),
                "Program",
                &a.per_program,
                t,
            ));
            b.push(kelompok(
                format!("Tabel 9. Realisasi Anggaran per Jenis Belanja Tahun {th}"),
                "Jenis belanja",
                &a.per_jenis_belanja,
                t,
            ));
            b.push(kelompok(
                format!("Tabel 10. Realisasi Anggaran per Sumber Dana Tahun {th}"),
                "Sumber dana",
                &a.per_sumber_dana,
                t,
            ));
        }
    }
    if !v.bulanan.iter().any(|m| m.realisasi != 0) {
        return;
    }
    let rows = v
        .bulanan
        .iter()
        .map(|m| {
            vec![
                nama_bulan(m.bulan).to_string(),
                rupiah(m.realisasi),
                rupiah(m.kumulatif),
                persen(m.persen_kumulatif.as_deref()),
            ]
        })
        .collect();
    b.push(Blok::Tabel(tabel(
        format!("Tabel 11. Realisasi Anggaran Bulanan Tahun {th}"),
        &["Bulan", "Realisasi (Rp)", "Kumulatif (Rp)", "Penyerapan kumulatif"],
        &[false, true, true, true],
        rows,
    )));
    let pagu_kurva = v.bulanan.first().map_or(0, |m| m.pagu);
    b.push(Blok::Paragraf(cakupan_kurva(pagu_kurva, v.pagu_seluruh)));
    b.push(Blok::Grafik(Grafik {
        judul: format!("Grafik 2. Kurva Penyerapan Anggaran Kumulatif {th} (%)"),
        garis: true,
        label: v.bulanan.iter().map(|m| nama_bulan(m.bulan)[..3].to_string()).collect(),
        nilai: v
            .bulanan
            .iter()
            .map(|m| m.persen_kumulatif.as_deref().and_then(|p| p.parse().ok()).unwrap_or_default())
            .collect(),
        acuan: Some(Decimal::ONE_HUNDRED),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_curve_says_what_share_of_the_pagu_it_covers() {
        let penuh = cakupan_kurva(77_452_486_000, 77_452_486_000);
        assert!(penuh.contains("seluruh pagu (Rp77.452.486.000)"), "{penuh}");
        let sebagian = cakupan_kurva(1_000_000_000, 3_000_000_000);
        assert!(sebagian.contains("Rp1.000.000.000 (33,33% dari pagu Rp3.000.000.000)"), "{sebagian}");
    }
}
