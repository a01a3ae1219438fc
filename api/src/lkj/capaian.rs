//! Bab III A–C: the year's measurement against the PK (Tabel 5 and its chart), the kategori
//! bands in force, the comparison with the year before, and each indicator's narrative.

use rust_decimal::Decimal;

use super::{Blok, Grafik, Untuk, judul, persen, sasaran, tabel};
use crate::domain::angka::{self, Konteks};
use crate::view::{LkjView, RealisasiView};

fn pengukuran(b: &mut Vec<Blok>, v: &LkjView, r: &RealisasiView, untuk: Untuk) {
    let (nama, th) = (&v.nama, v.tahun);
    let indikator = v.pk.as_ref().map(|p| p.indikator.as_slice()).unwrap_or_default();
    let s = &r.ringkasan;
    // The workflow state is the reviewer's business; the submitted report states the data.
    let status = match untuk {
        Untuk::Periksa => format!(" (status: {})", r.status),
        Untuk::Serah => String::new(),
    };
    b.push(Blok::Paragraf(format!(
        "Pengukuran berikut memakai realisasi {} {th} yang dilaporkan {nama}{status}. Dari {} indikator \
         Perjanjian Kinerja, {} dilaporkan (kelengkapan {}). Capaian rata-rata {} dengan kategori {}; \
         capaian tiap indikator dibatasi {} saat dirata-ratakan.",
        r.triwulan,
        s.diharapkan,
        s.dilaporkan,
        persen(s.kelengkapan.as_deref()),
        persen(s.capaian_rata_rata.as_deref()),
        s.kategori.clone().unwrap_or_else(|| "-".into()),
        persen(s.batas_capaian.as_deref()),
    )));
    let rows = r
        .indikator
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let sas = indikator.iter().find(|p| p.kode == i.kode).map(sasaran).unwrap_or_default();
            vec![
                (n + 1).to_string(),
                sas,
                format!("{} {}", i.kode, i.nama),
                i.target.clone().unwrap_or_default(),
                i.realisasi.clone().unwrap_or_default(),
                persen(i.capaian.as_deref()),
                i.kategori.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut t = tabel(
        format!("Tabel 5. Pengukuran Kinerja terhadap Perjanjian Kinerja {nama} Tahun {th}"),
        &["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian", "Kategori"],
        &[true, false, false, true, true, true, false],
        rows,
    );
    t.gabung = vec![1];
    t.jumlah = Some(vec![
        String::new(),
        String::new(),
        "Capaian rata-rata".into(),
        String::new(),
        String::new(),
        persen(s.capaian_rata_rata.as_deref()),
        s.kategori.clone().unwrap_or_default(),
    ]);
    b.push(Blok::Tabel(t));
    if !r.belum_dilaporkan.is_empty() {
        b.push(Blok::Paragraf(format!(
            "Belum dilaporkan (tidak ikut dirata-ratakan): {}.",
            r.belum_dilaporkan.join(", ")
        )));
    }
    b.push(Blok::Grafik(Grafik {
        judul: format!("Grafik 1. Capaian per Indikator {} {th}", r.triwulan),
        garis: false,
        label: r.indikator.iter().map(|i| i.kode.clone()).collect(),
        nilai: r
            .indikator
            .iter()
            .map(|i| i.capaian.as_deref().and_then(|c| c.parse().ok()).unwrap_or_default())
            .collect(),
        acuan: Some(Decimal::ONE_HUNDRED),
    }));
}

fn pita(b: &mut Vec<Blok>, v: &LkjView) {
    let rows = v
        .pita
        .iter()
        .map(|p| {
            let dari = angka::format(p.dari, Konteks::Desimal);
            let rentang = match p.sampai {
                Some(s) => format!("{dari} ≤ capaian < {}", angka::format(s, Konteks::Desimal)),
                None => format!("capaian ≥ {dari}"),
            };
            vec![rentang, p.nama.clone()]
        })
        .collect();
    b.push(Blok::Tabel(tabel(
        "Tabel 6. Kategori Capaian yang Berlaku".into(),
        &["Rentang capaian (%)", "Kategori"],
        &[false, false],
        rows,
    )));
}

fn perbandingan(b: &mut Vec<Blok>, v: &LkjView) {
    let th = v.tahun;
    b.push(judul(2, "B. Perbandingan dengan Tahun Sebelumnya", "perbandingan"));
    let (Some(l), Some(r)) = (&v.tahun_lalu, &v.realisasi) else {
        b.push(Blok::Paragraf(format!(
            "Data kinerja tahun {} tidak tersimpan; perbandingan tidak dapat dibuat.",
            th - 1
        )));
        return;
    };
    let rows = r
        .indikator
        .iter()
        .map(|i| {
            let lalu = l.indikator.iter().find(|x| x.kode.eq_ignore_ascii_case(&i.kode));
            vec![
                format!("{} {}", i.kode, i.nama),
                lalu.and_then(|x| x.realisasi.clone()).unwrap_or_else(|| "-".into()),
                persen(lalu.and_then(|x| x.capaian.as_deref())),
                i.realisasi.clone().unwrap_or_default(),
                persen(i.capaian.as_deref()),
            ]
        })
        .collect();
    b.push(Blok::Tabel(tabel(
        format!("Tabel 7. Realisasi dan Capaian {} ({}) dan {th} ({})", l.tahun, l.triwulan, r.triwulan),
        &[
            "Indikator Kinerja",
            &format!("Realisasi {}", l.tahun),
            &format!("Capaian {}", l.tahun),
            &format!("Realisasi {th}"),
            &format!("Capaian {th}"),
        ],
        &[false, true, true, true, true],
        rows,
    )));
}

fn analisis(b: &mut Vec<Blok>, r: &RealisasiView) {
    b.push(judul(2, "C. Analisis Capaian per Indikator", "analisis"));
    for i in &r.indikator {
        b.push(Blok::Paragraf(format!(
            "{} {}: target {}, realisasi {}, capaian {} ({}).",
            i.kode,
            i.nama,
            i.target.clone().unwrap_or_default(),
            i.realisasi.clone().unwrap_or_default(),
            persen(i.capaian.as_deref()),
            i.kategori.clone().unwrap_or_else(|| "-".into())
        )));
        match &i.catatan {
            Some(c) => b.push(Blok::Paragraf(c.clone())),
            None => b.push(Blok::Isian("[Diisi satker: analisis capaian indikator ini.]".into())),
        }
        // The data dukung: the files the realisasi rests on (name and size), then the text.
        let berkas: Vec<String> =
            i.bukti.iter().map(|f| format!("{} ({})", f.nama, crate::domain::bukti::ukuran_tampil(f.ukuran))).collect();
        match (&i.bukti_dukung, berkas.is_empty()) {
            (Some(d), true) => b.push(Blok::Paragraf(format!("Bukti dukung: {d}"))),
            (None, false) => b.push(Blok::Paragraf(format!("Data dukung: {}.", berkas.join("; ")))),
            (Some(d), false) => b.push(Blok::Paragraf(format!("Data dukung: {}; {d}", berkas.join("; ")))),
            (None, true) => {}
        }
    }
}

/// Bab III A–C.
pub(super) fn bab_3(b: &mut Vec<Blok>, v: &LkjView, untuk: Untuk) {
    b.push(judul(1, "BAB III AKUNTABILITAS KINERJA", "bab-3"));
    b.push(judul(2, "A. Capaian Kinerja", "capaian"));
    match &v.realisasi {
        None => b.push(Blok::Paragraf(format!("Realisasi kinerja {} belum dilaporkan.", v.tahun))),
        Some(r) => pengukuran(b, v, r, untuk),
    }
    pita(b, v);
    perbandingan(b, v);
    if let Some(r) = &v.realisasi {
        analisis(b, r);
    }
}
