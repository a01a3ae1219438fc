//! A satker's own report, chapter by chapter as seed 001 has them: Bab I Pendahuluan, Bab II
//! Perencanaan Kinerja, Bab III Akuntabilitas Kinerja (measurement, kategori, the year before,
//! each indicator's narrative, the budget), Catatan Verifikasi, Bab IV Penutup.

use rust_decimal::Decimal;

use super::{Blok, Grafik, Laporan, desimal, judul, persen_cetak, rupiah, tabel, tanggal};
use crate::domain::angka::{self, Konteks};
use crate::domain::kode::BULAN;
use crate::view::{IndikatorView, LkjView};

/// A chapter the satker wrote: paragraphs split at blank lines, `- ` list items as bullets.
fn narasi(teks: &str) -> Vec<Blok> {
    let mut out = Vec::new();
    for p in teks.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let mut biasa = Vec::new();
        for baris in p.lines() {
            match baris.trim_start().strip_prefix("- ") {
                Some(butir) => {
                    if !biasa.is_empty() {
                        out.push(Blok::Paragraf(std::mem::take(&mut biasa).join("\n")));
                    }
                    out.push(Blok::Paragraf(format!("• {}", butir.trim())));
                }
                None => biasa.push(baris),
            }
        }
        if !biasa.is_empty() {
            out.push(Blok::Paragraf(biasa.join("\n")));
        }
    }
    out
}

fn sasaran(i: &IndikatorView) -> String {
    i.sasaran.clone().or_else(|| i.tujuan.clone()).unwrap_or_default()
}

/// Lays out the report of `v`.
pub fn susun(v: &LkjView) -> Laporan {
    let mut b = Vec::new();
    let nama = &v.nama;
    let th = v.tahun;
    let indikator = v.pk.as_ref().map(|p| p.indikator.as_slice()).unwrap_or_default();

    let n = &v.narasi;
    if let Some(t) = &n.ikhtisar {
        b.push(judul(1, "IKHTISAR EKSEKUTIF", "ikhtisar"));
        b.extend(narasi(t));
    }
    b.push(judul(1, "BAB I PENDAHULUAN", "bab-1"));
    match &n.pendahuluan {
        Some(t) => b.extend(narasi(t)),
        None => b.push(Blok::Isian(
            "[Diisi satker: latar belakang, tugas dan fungsi, struktur organisasi, dan isu strategis.]".into(),
        )),
    }

    b.push(judul(1, "BAB II PERENCANAAN KINERJA", "bab-2"));
    if indikator.is_empty() {
        b.push(Blok::Paragraf(format!("Perjanjian Kinerja {th} belum disampaikan.")));
    } else {
        let rows = indikator
            .iter()
            .enumerate()
            .map(|(n, i)| {
                vec![
                    (n + 1).to_string(),
                    sasaran(i),
                    format!("{} {}", i.kode, i.nama),
                    i.satuan.clone(),
                    i.target.clone().unwrap_or_default(),
                ]
            })
            .collect();
        b.push(Blok::Tabel(tabel(
            format!("Tabel 3. Rencana Kinerja Tahun {th}"),
            &["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target"],
            &[true, false, false, false, true],
            rows,
        )));
        let rows = indikator
            .iter()
            .enumerate()
            .map(|(n, i)| {
                let mut r = vec![(n + 1).to_string(), format!("{} {}", i.kode, i.nama)];
                r.extend((0..4).map(|q| desimal(i.target_triwulan.get(q).cloned().flatten().as_deref())));
                r
            })
            .collect();
        b.push(Blok::Tabel(tabel(
            format!("Tabel 4. Target Triwulan Tahun {th}"),
            &["No", "Indikator Kinerja", "TW I", "TW II", "TW III", "TW IV"],
            &[true, false, true, true, true, true],
            rows,
        )));
    }

    b.push(judul(1, "BAB III AKUNTABILITAS KINERJA", "bab-3"));
    b.push(judul(2, "A. Capaian Kinerja", "capaian"));
    match &v.realisasi {
        None => b.push(Blok::Paragraf(format!("Realisasi kinerja {th} belum dilaporkan."))),
        Some(r) => {
            let s = &r.ringkasan;
            b.push(Blok::Paragraf(format!(
                "Pengukuran berikut memakai realisasi {} {th} yang dilaporkan {} (status: {}). Dari {} indikator \
                 Perjanjian Kinerja, {} dilaporkan (kelengkapan {}). Capaian rata-rata {} dengan kategori {}; \
                 capaian tiap indikator dibatasi {} saat dirata-ratakan.",
                r.triwulan,
                nama,
                r.status,
                s.diharapkan,
                s.dilaporkan,
                persen_cetak(s.kelengkapan.as_deref()),
                persen_cetak(s.capaian_rata_rata.as_deref()),
                s.kategori.clone().unwrap_or_else(|| "-".into()),
                persen_cetak(s.batas_capaian.as_deref()),
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
                        persen_cetak(i.capaian.as_deref()),
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
            t.jumlah = Some(vec![
                String::new(),
                String::new(),
                "Capaian rata-rata".into(),
                String::new(),
                String::new(),
                persen_cetak(s.capaian_rata_rata.as_deref()),
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
    }
    let pita = v
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
        pita,
    )));

    b.push(judul(2, "B. Perbandingan dengan Tahun Sebelumnya", "perbandingan"));
    match (&v.tahun_lalu, &v.realisasi) {
        (Some(l), Some(r)) => {
            let rows = r
                .indikator
                .iter()
                .map(|i| {
                    let lalu = l.indikator.iter().find(|x| x.kode.eq_ignore_ascii_case(&i.kode));
                    vec![
                        format!("{} {}", i.kode, i.nama),
                        lalu.and_then(|x| x.realisasi.clone()).unwrap_or_else(|| "-".into()),
                        persen_cetak(lalu.and_then(|x| x.capaian.as_deref())),
                        i.realisasi.clone().unwrap_or_default(),
                        persen_cetak(i.capaian.as_deref()),
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
        _ => b.push(Blok::Paragraf(format!(
            "Data kinerja tahun {} tidak tersimpan; perbandingan tidak dapat dibuat.",
            th - 1
        ))),
    }

    if let Some(r) = &v.realisasi {
        b.push(judul(2, "C. Analisis Capaian per Indikator", "analisis"));
        for i in &r.indikator {
            b.push(Blok::Paragraf(format!(
                "{} {}: target {}, realisasi {}, capaian {} ({}).",
                i.kode,
                i.nama,
                i.target.clone().unwrap_or_default(),
                i.realisasi.clone().unwrap_or_default(),
                persen_cetak(i.capaian.as_deref()),
                i.kategori.clone().unwrap_or_else(|| "-".into())
            )));
            match &i.catatan {
                Some(c) => b.push(Blok::Paragraf(c.clone())),
                None => b.push(Blok::Isian("[Diisi satker: analisis capaian indikator ini.]".into())),
            }
            if let Some(d) = &i.bukti_dukung {
                b.push(Blok::Paragraf(format!("Bukti dukung: {d}")));
            }
        }
    }

    b.push(judul(2, "D. Realisasi Anggaran", "anggaran"));
    match &v.anggaran {
        None => b.push(Blok::Paragraf(format!("Anggaran {th} belum disampaikan."))),
        Some(a) => {
            let t = &a.total;
            b.push(Blok::Paragraf(format!(
                "Pagu anggaran {nama} tahun {th} sebesar Rp{} dengan realisasi Rp{} ({}), sisa Rp{}.",
                rupiah(t.pagu),
                rupiah(t.realisasi),
                persen_cetak(t.persen_penyerapan.as_deref()),
                rupiah(t.sisa)
            )));
            let kelompok = |judul: String, kolom: &str, g: &[crate::view::KelompokView]| {
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
                            persen_cetak(k.jumlah.persen_penyerapan.as_deref()),
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
                    persen_cetak(t.persen_penyerapan.as_deref()),
                ]);
                Blok::Tabel(tb)
            };
            b.push(kelompok(format!("Tabel 8. Realisasi Anggaran per Program Tahun {th}"), "Program", &a.per_program));
            b.push(kelompok(
                format!("Tabel 9. Realisasi Anggaran per Jenis Belanja Tahun {th}"),
                "Jenis belanja",
                &a.per_jenis_belanja,
            ));
            b.push(kelompok(
                format!("Tabel 10. Realisasi Anggaran per Sumber Dana Tahun {th}"),
                "Sumber dana",
                &a.per_sumber_dana,
            ));
        }
    }
    if v.bulanan.iter().any(|m| m.realisasi != 0) {
        let rows = v
            .bulanan
            .iter()
            .map(|m| {
                vec![
                    BULAN[usize::try_from(m.bulan - 1).unwrap_or(0)].to_string(),
                    rupiah(m.realisasi),
                    rupiah(m.kumulatif),
                    persen_cetak(m.persen_kumulatif.as_deref()),
                ]
            })
            .collect();
        b.push(Blok::Tabel(tabel(
            format!("Tabel 11. Realisasi Anggaran Bulanan Tahun {th}"),
            &["Bulan", "Realisasi (Rp)", "Kumulatif (Rp)", "Penyerapan kumulatif"],
            &[false, true, true, true],
            rows,
        )));
        b.push(Blok::Grafik(Grafik {
            judul: format!("Grafik 2. Kurva Penyerapan Anggaran Kumulatif {th} (%)"),
            garis: true,
            label: v
                .bulanan
                .iter()
                .map(|m| BULAN[usize::try_from(m.bulan - 1).unwrap_or(0)][..3].to_string())
                .collect(),
            nilai: v
                .bulanan
                .iter()
                .map(|m| m.persen_kumulatif.as_deref().and_then(|p| p.parse().ok()).unwrap_or_default())
                .collect(),
            acuan: Some(Decimal::ONE_HUNDRED),
        }));
    }

    b.push(judul(1, "CATATAN VERIFIKASI", "verifikasi"));
    b.push(Blok::Paragraf(
        "Status setiap dokumen dalam alur verifikasi pada saat laporan ini dibuat, dan temuan pemeriksaan \
         otomatis atas data yang disampaikan."
            .into(),
    ));
    let rows = v
        .status
        .iter()
        .map(|s| {
            vec![
                s.dokumen.clone(),
                s.status.map_or_else(|| "belum disampaikan".into(), |st| st.to_string()),
                s.versi.map(|x| x.to_string()).unwrap_or_default(),
                s.diperbarui_pada.map(tanggal).unwrap_or_default(),
                s.alasan.clone().unwrap_or_default(),
            ]
        })
        .collect();
    b.push(Blok::Tabel(tabel(
        "Tabel 12. Status Dokumen".into(),
        &["Dokumen", "Status", "Versi", "Terakhir diubah", "Alasan dikembalikan"],
        &[false, false, true, false, false],
        rows,
    )));
    if v.temuan.is_empty() {
        b.push(Blok::Paragraf("Tidak ada temuan.".into()));
    } else {
        let rows = v
            .temuan
            .iter()
            .map(|t| {
                vec![
                    t.kode.clone(),
                    t.indikator.clone().unwrap_or_default(),
                    t.triwulan.map(|q| q.to_string()).unwrap_or_default(),
                    t.pesan.clone(),
                ]
            })
            .collect();
        b.push(Blok::Tabel(tabel(
            "Tabel 13. Temuan".into(),
            &["Kode", "Indikator", "Triwulan", "Temuan"],
            &[false, false, false, false],
            rows,
        )));
    }

    b.push(judul(1, "BAB IV PENUTUP", "bab-4"));
    match &n.penutup {
        Some(t) => b.extend(narasi(t)),
        None => b.push(Blok::Isian("[Diisi satker: simpulan, kendala, dan langkah perbaikan ke depan.]".into())),
    }

    super::nomori(&mut b);
    Laporan {
        judul: "LAPORAN KINERJA".into(),
        satker: nama.clone(),
        tahun: th,
        // What a reader of the signed copy needs: when the data were taken. The data's version
        // (`pk1.tw4v1…`) is for machines; it stays in the JSON view and its ETag.
        asal: format!("Data per {}", tanggal(v.dibuat_pada)),
        kaki: format!("LKj {nama} Tahun {th}"),
        blok: b,
    }
}
