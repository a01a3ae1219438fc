//! A provinsi's (or KPU RI's) report: its own, then the annex that recaps every satker (or
//! every provinsi) below it.

use super::{Blok, Laporan, Untuk, judul, persen, rupiah, susun, tabel, tanggal};
use crate::view::LkjProvinsiView;

/// A provinsi's (or KPU RI's) report: its own, then the annex over everything below it.
pub fn susun_provinsi(v: &LkjProvinsiView, untuk: Untuk) -> Laporan {
    let mut l = susun(&v.lkj, untuk);
    let th = v.lkj.tahun;
    let nasional = v.lkj.satker == "00";
    let rekap = if nasional { "PER PROVINSI" } else { "PER SATKER" };
    l.blok.push(judul(1, &format!("LAMPIRAN: REKAP KINERJA DAN ANGGARAN {rekap}"), "lampiran"));
    l.blok.push(Blok::Paragraf(format!(
        "Rekap {} di bawah {} tahun {th}: capaian dan kategori dari laporan realisasi terakhir setiap satker, \
         kelengkapan laporan, penyerapan anggaran, penyampaian realisasi TW IV beserta ketepatan waktunya, dan jumlah temuan pemeriksaan otomatis.",
        if nasional { "setiap provinsi (dengan seluruh satker di bawahnya)" } else { "setiap satker" },
        v.lkj.nama,
    )));
    let ya_tidak = |b: Option<bool>| match b {
        Some(true) => "ya".to_string(),
        Some(false) => "tidak".to_string(),
        None => "-".to_string(),
    };
    let rows = v
        .lampiran
        .iter()
        .map(|s| {
            vec![
                s.kode.clone(),
                s.nama.clone(),
                s.triwulan.map(|t| t.to_string()).unwrap_or_else(|| "-".into()),
                persen(s.capaian_rata_rata.as_deref()),
                s.kategori.clone().unwrap_or_else(|| "-".into()),
                persen(s.kelengkapan.as_deref()),
                rupiah(s.anggaran.pagu),
                rupiah(s.anggaran.realisasi),
                persen(s.anggaran.persen_penyerapan.as_deref()),
                s.diajukan_pada.map(tanggal).unwrap_or_else(|| "-".into()),
                ya_tidak(s.tepat_waktu),
                s.temuan.to_string(),
            ]
        })
        .collect();
    let mut t = tabel(
        format!(
            "Tabel L.1. Rekap Kinerja dan Anggaran {} Tahun {th}",
            if nasional { "per Provinsi" } else { "per Satker" }
        ),
        &[
            "Kode",
            "Satker",
            "TW",
            "Capaian",
            "Kategori",
            "Kelengkapan",
            "Pagu (Rp)",
            "Realisasi (Rp)",
            "Penyerapan",
            "Realisasi TW IV diajukan",
            "Tepat waktu",
            "Temuan",
        ],
        &[false, false, false, true, false, true, true, true, true, false, false, true],
        rows,
    );
    t.jumlah = Some(vec![
        String::new(),
        "Jumlah".into(),
        String::new(),
        persen(v.rekap_capaian_rata_rata.as_deref()),
        v.rekap_kategori.clone().unwrap_or_default(),
        String::new(),
        rupiah(v.rekap_anggaran.pagu),
        rupiah(v.rekap_anggaran.realisasi),
        persen(v.rekap_anggaran.persen_penyerapan.as_deref()),
        String::new(),
        String::new(),
        v.lampiran.iter().map(|s| s.temuan).sum::<i64>().to_string(),
    ]);
    l.blok.push(Blok::Tabel(t));
    l
}
