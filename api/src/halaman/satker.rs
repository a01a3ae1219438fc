//! A satker's page: its indicators per triwulan, documents, budget, temuan and audit trail.

use askama::Template;

use super::Kerangka;
use super::tampil::*;
use crate::domain::kode::Triwulan;
use crate::lkj;
use crate::service::dasbor::SatkerDasborView;
use crate::view::Jumlah;

pub struct SelTriwulan {
    pub realisasi: String,
    pub capaian: String,
    pub kategori: String,
    pub kelas: String,
}

/// An evidence file as a link on a page.
pub struct TautanBukti {
    pub nama: String,
    pub href: String,
    pub ukuran: String,
}

impl TautanBukti {
    /// The links of an indicator's evidence in a realisasi, through the dashboard.
    pub fn dari(v: &[crate::view::BuktiView], satker: &str) -> Vec<TautanBukti> {
        v.iter()
            .map(|b| TautanBukti {
                nama: b.nama.clone(),
                href: format!("/dasbor/satker/{satker}/bukti/{}", b.id),
                ukuran: crate::domain::bukti::ukuran_tampil(b.ukuran),
            })
            .collect()
    }
}

pub struct BarisIndikator {
    /// The evidence the latest realisasi of it rests on.
    pub bukti: Vec<TautanBukti>,
    pub kode: String,
    pub nama: String,
    pub satuan: String,
    pub target: String,
    pub tw: Vec<SelTriwulan>,
}

pub struct BarisJumlah {
    pub nama: String,
    pub pagu: String,
    pub realisasi: String,
    pub sisa: String,
    pub penyerapan: String,
}

impl BarisJumlah {
    fn dari(nama: String, j: &Jumlah) -> Self {
        BarisJumlah {
            nama,
            pagu: lkj::rupiah(j.pagu),
            realisasi: lkj::rupiah(j.realisasi),
            sisa: lkj::rupiah(j.sisa),
            penyerapan: penyerapan(j),
        }
    }
}

pub struct BarisStatus {
    pub dokumen: String,
    pub status: &'static str,
    pub diperbarui: String,
    pub alasan: String,
}

pub struct BarisRiwayat {
    pub waktu: String,
    pub pelaku: String,
    pub aksi: String,
    pub objek: String,
}

#[derive(Template)]
#[template(path = "satker.html")]
pub struct HalamanSatker {
    pub k: Kerangka,
    pub kode: String,
    pub nama: String,
    pub tahun: i32,
    pub pilihan_tahun: Vec<(i32, bool)>,
    pub capaian: String,
    pub kategori: String,
    pub kelas_kategori: String,
    pub triwulan: String,
    pub indikator: Vec<BarisIndikator>,
    pub status: Vec<BarisStatus>,
    pub program: Vec<BarisJumlah>,
    pub jenis: Vec<BarisJumlah>,
    pub total: Option<BarisJumlah>,
    pub temuan: Vec<(String, String)>,
    pub riwayat: Vec<BarisRiwayat>,
    pub unduh: Vec<(&'static str, String)>,
}

impl HalamanSatker {
    pub fn susun(k: Kerangka, v: &SatkerDasborView) -> Self {
        let l = &v.lkj;
        let indikator =
            l.pk.iter()
                .flat_map(|pk| &pk.indikator)
                .map(|i| BarisIndikator {
                    bukti: l
                        .realisasi
                        .iter()
                        .flat_map(|r| &r.indikator)
                        .find(|r| r.kode == i.kode)
                        .map(|r| TautanBukti::dari(&r.bukti, &l.satker))
                        .unwrap_or_default(),
                    kode: i.kode.clone(),
                    nama: i.nama.clone(),
                    satuan: i.satuan.clone(),
                    target: nilai(i.target.as_deref()),
                    tw: Triwulan::ALL
                        .iter()
                        .map(|tw| {
                            let c = i.capaian.iter().find(|c| c.triwulan == *tw);
                            SelTriwulan {
                                realisasi: c.map_or_else(|| "-".into(), |c| nilai(c.realisasi.as_deref())),
                                capaian: lkj::persen(c.and_then(|c| c.capaian.as_deref())),
                                kategori: c.and_then(|c| c.kategori.clone()).unwrap_or_default(),
                                kelas: kelas_kategori(c.and_then(|c| c.kategori.as_deref())),
                            }
                        })
                        .collect(),
                })
                .collect();
        let ringkasan = l.realisasi.as_ref().map(|r| &r.ringkasan);
        let a = l.anggaran.as_ref();
        let kelompok = |g: Option<&Vec<crate::view::KelompokView>>| -> Vec<BarisJumlah> {
            g.into_iter()
                .flatten()
                .map(|g| {
                    let nama = match &g.nama {
                        Some(n) => format!("{} {n}", g.kode),
                        None => g.kode.clone(),
                    };
                    BarisJumlah::dari(nama, &g.jumlah)
                })
                .collect()
        };
        HalamanSatker {
            k,
            kode: l.satker.clone(),
            nama: l.nama.clone(),
            tahun: l.tahun,
            pilihan_tahun: (l.tahun - 3..=l.tahun + 1).rev().map(|t| (t, t == l.tahun)).collect(),
            capaian: lkj::persen(ringkasan.and_then(|r| r.capaian_rata_rata.as_deref())),
            kategori: ringkasan.and_then(|r| r.kategori.clone()).unwrap_or_else(|| "belum dilaporkan".into()),
            kelas_kategori: kelas_kategori(ringkasan.and_then(|r| r.kategori.as_deref())),
            triwulan: l.realisasi.as_ref().map_or_else(|| "-".into(), |r| r.triwulan.to_string()),
            indikator,
            status: l
                .status
                .iter()
                .map(|s| BarisStatus {
                    dokumen: s.dokumen.clone(),
                    status: status_teks(s.status),
                    diperbarui: s.diperbarui_pada.map(waktu).unwrap_or_else(|| "-".into()),
                    alasan: s.alasan.clone().unwrap_or_default(),
                })
                .collect(),
            program: kelompok(a.map(|a| &a.per_program)),
            jenis: kelompok(a.map(|a| &a.per_jenis_belanja)),
            total: a.map(|a| BarisJumlah::dari("Jumlah".into(), &a.total)),
            temuan: l.temuan.iter().map(|t| (t.kode.clone(), t.pesan.clone())).collect(),
            riwayat: v
                .riwayat
                .riwayat
                .iter()
                .map(|j| BarisRiwayat {
                    waktu: waktu(j.waktu),
                    pelaku: j
                        .pelaku_nama
                        .clone()
                        .or_else(|| j.pelaku.clone())
                        .unwrap_or_else(|| j.jenis_pelaku.clone()),
                    aksi: j.aksi.clone(),
                    objek: j.objek.clone(),
                })
                .collect(),
            unduh: vec![
                ("LKj (halaman cetak)", format!("/dasbor/satker/{}/lkj/{}?format=html", l.satker, l.tahun)),
                ("LKj (Word)", format!("/dasbor/satker/{}/lkj/{}?format=docx", l.satker, l.tahun)),
                ("Keputusan IKU (halaman cetak)", format!("/dasbor/satker/{}/iku/{}?format=html", l.satker, l.tahun)),
                ("Keputusan IKU (Word)", format!("/dasbor/satker/{}/iku/{}?format=docx", l.satker, l.tahun)),
                (
                    "Perjanjian Kinerja (halaman cetak)",
                    format!("/dasbor/satker/{}/pk/{}?format=html", l.satker, l.tahun),
                ),
                ("Perjanjian Kinerja (Word)", format!("/dasbor/satker/{}/pk/{}?format=docx", l.satker, l.tahun)),
            ],
        }
    }
}
