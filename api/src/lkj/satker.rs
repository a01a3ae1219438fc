//! A satker's own report, part by part as seed 001 has them: Kata Pengantar and its signature,
//! Daftar Isi, Ikhtisar, Bab I Pendahuluan, Bab II Perencanaan Kinerja, Bab III Akuntabilitas
//! Kinerja ([`super::capaian`], [`super::anggaran`]), the Catatan Verifikasi for a reviewer
//! ([`super::verifikasi`]), Bab IV Penutup, and the PK as Lampiran.

use super::{Blok, Laporan, Penanda, Pengesahan, Untuk, desimal, judul, sasaran, tabel, tanggal};
use crate::keputusan::{KOSONG, baris_jabatan};
use crate::view::LkjView;

/// A part the satker wrote: paragraphs split at blank lines, `- ` list items as bullets.
pub(super) fn narasi(teks: &str) -> Vec<Blok> {
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

/// The satker's words, or a placeholder saying what belongs there.
fn narasi_atau(b: &mut Vec<Blok>, teks: Option<&String>, isian: &str) {
    match teks {
        Some(t) => b.extend(narasi(t)),
        None => b.push(Blok::Isian(format!("[Diisi satker: {isian}]"))),
    }
}

/// Where and when, and who signs: as the satker gave them, else where its PK was signed and
/// the PK's pihak pertama; what nobody gave is a dotted blank, as on a form.
fn pengesahan(v: &LkjView) -> Pengesahan {
    let n = &v.narasi;
    let pk = v.perjanjian.as_ref();
    let tempat = n.tempat.clone().or_else(|| pk.and_then(|p| p.ditetapkan_di.clone())).unwrap_or(KOSONG.into());
    let kapan = n.tanggal.map_or_else(|| format!("{KOSONG} {}", v.tahun + 1), crate::keputusan::tanggal);
    let penanda = if n.penandatangan.is_empty() {
        let pihak = pk.map(|p| &p.pihak_pertama);
        let jabatan = pihak
            .and_then(|p| p.jabatan.clone())
            .unwrap_or_else(|| crate::domain::dokumen::perjanjian::jabatan_pihak_pertama(&v.nama));
        vec![Penanda {
            jabatan: baris_jabatan(&jabatan),
            nama: pihak.and_then(|p| p.nama.clone()).unwrap_or(KOSONG.into()),
            nip: None,
        }]
    } else {
        n.penandatangan
            .iter()
            .map(|p| Penanda { jabatan: baris_jabatan(&p.jabatan), nama: p.nama.clone(), nip: p.nip.clone() })
            .collect()
    };
    Pengesahan { tempat_tanggal: format!("{tempat}, {kapan}"), penanda }
}

/// Bab II's words when the satker gave none: the Renstra period and the tujuan and sasaran its
/// PK's indicators carry, in the PK's order.
fn perencanaan_dari_pk(v: &LkjView) -> Vec<Blok> {
    let indikator = v.pk.as_ref().map(|p| p.indikator.as_slice()).unwrap_or_default();
    let mut pohon: Vec<(String, Vec<String>)> = Vec::new();
    for i in indikator {
        let tujuan = i.tujuan.clone().unwrap_or_default();
        let Some(s) = i.sasaran.clone() else { continue };
        match pohon.iter_mut().find(|(t, _)| *t == tujuan) {
            Some((_, ss)) if !ss.contains(&s) => ss.push(s),
            Some(_) => {}
            None => pohon.push((tujuan, vec![s])),
        }
    }
    if pohon.is_empty() {
        return vec![Blok::Isian("[Diisi satker: Renstra, visi, misi, tujuan, dan sasaran strategis.]".into())];
    }
    let mut b = vec![Blok::Paragraf(format!(
        "Perencanaan kinerja {} tahun {} berpedoman pada Rencana Strategis (Renstra) Komisi Pemilihan Umum periode {}. \
         Tujuan dan sasaran strategis yang dijabarkan dalam Perjanjian Kinerja tahun {} adalah sebagai berikut.",
        v.nama, v.tahun, v.periode, v.tahun
    ))];
    for (tujuan, ss) in pohon {
        if !tujuan.is_empty() {
            b.push(Blok::Paragraf(format!("Tujuan: {tujuan}")));
        }
        b.extend(ss.into_iter().map(|s| Blok::Paragraf(format!("• {s}"))));
    }
    b
}

fn bab_2(b: &mut Vec<Blok>, v: &LkjView) {
    let th = v.tahun;
    b.push(judul(1, "BAB II PERENCANAAN KINERJA", "bab-2"));
    match &v.narasi.perencanaan {
        Some(t) => b.extend(narasi(t)),
        None => b.extend(perencanaan_dari_pk(v)),
    }
    let indikator = v.pk.as_ref().map(|p| p.indikator.as_slice()).unwrap_or_default();
    if indikator.is_empty() {
        b.push(Blok::Paragraf(format!("Perjanjian Kinerja {th} belum disampaikan.")));
        return;
    }
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
    let mut t = tabel(
        format!("Tabel 3. Rencana Kinerja Tahun {th}"),
        &["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target"],
        &[true, false, false, false, true],
        rows,
    );
    t.gabung = vec![1];
    b.push(Blok::Tabel(t));
    // Quarterly targets only when the PK gives some: five pages of empty cells help nobody.
    let ada = indikator.iter().any(|i| i.target_triwulan.iter().any(Option::is_some));
    if ada {
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
}

/// Lays out the report of `v`, for a reviewer or to submit.
pub fn susun(v: &LkjView, untuk: Untuk) -> Laporan {
    let mut b = Vec::new();
    let n = &v.narasi;
    b.push(judul(1, "KATA PENGANTAR", "kata-pengantar"));
    narasi_atau(&mut b, n.kata_pengantar.as_ref(), "kata pengantar pimpinan satker.");
    b.push(Blok::Pengesahan(pengesahan(v)));
    b.push(Blok::DaftarIsi);
    if let Some(t) = &n.ikhtisar {
        b.push(judul(1, "IKHTISAR EKSEKUTIF", "ikhtisar"));
        b.extend(narasi(t));
    }
    b.push(judul(1, "BAB I PENDAHULUAN", "bab-1"));
    narasi_atau(
        &mut b,
        n.pendahuluan.as_ref(),
        "latar belakang, tugas dan fungsi, struktur organisasi, dan isu strategis.",
    );
    bab_2(&mut b, v);
    super::capaian::bab_3(&mut b, v, untuk);
    super::anggaran::bagian(&mut b, v);
    if untuk == Untuk::Periksa {
        super::verifikasi::catatan(&mut b, v);
    }
    b.push(judul(1, "BAB IV PENUTUP", "bab-4"));
    narasi_atau(&mut b, n.penutup.as_ref(), "simpulan, kendala, dan langkah perbaikan ke depan.");
    if let Some(p) = &v.perjanjian {
        b.push(judul(1, &format!("LAMPIRAN: PERJANJIAN KINERJA TAHUN {}", v.tahun), "lampiran-pk"));
        b.push(Blok::Perjanjian(Box::new(crate::perjanjian::susun(p))));
    }

    super::nomori(&mut b);
    Laporan {
        judul: "LAPORAN KINERJA".into(),
        satker: v.nama.clone(),
        tahun: v.tahun,
        // What a reader of the signed copy needs: when the data were taken. The data's version
        // (`pk1.tw4v1…`) is for machines; it stays in the JSON view and its ETag.
        asal: format!("Data per {}", tanggal(v.dibuat_pada)),
        kaki: format!("LKj {} Tahun {}", v.nama, v.tahun),
        blok: b,
    }
}
