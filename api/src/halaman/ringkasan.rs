//! The totals page: a provinsi's satkers (nationally, the provinsi) with their figures.

use askama::Template;
use rust_decimal::Decimal;

use super::Kerangka;
use super::tampil::*;
use crate::domain::kode::{BULAN, Triwulan};
use crate::lkj;
use crate::service::dasbor::DasborView;
use crate::view::{BarisSatkerView, PengajuanView};

/// A sortable column of the totals table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urut {
    Kode,
    Nama,
    Capaian,
    Kelengkapan,
    Penyerapan,
    Perubahan,
}

impl Urut {
    pub fn parse(s: Option<&str>) -> Urut {
        match s {
            Some("nama") => Urut::Nama,
            Some("capaian") => Urut::Capaian,
            Some("kelengkapan") => Urut::Kelengkapan,
            Some("penyerapan") => Urut::Penyerapan,
            Some("perubahan") => Urut::Perubahan,
            _ => Urut::Kode,
        }
    }

    fn kunci(self) -> &'static str {
        match self {
            Urut::Kode => "kode",
            Urut::Nama => "nama",
            Urut::Capaian => "capaian",
            Urut::Kelengkapan => "kelengkapan",
            Urut::Penyerapan => "penyerapan",
            Urut::Perubahan => "perubahan",
        }
    }
}

/// A header cell: its label and, when sortable, the link that sorts by it.
pub struct Kolom {
    pub label: &'static str,
    pub href: Option<String>,
    /// `ascending`, `descending` or `none` (aria-sort).
    pub aria: &'static str,
    pub angka: bool,
}

/// One satker (nationally, one provinsi) as the table shows it.
pub struct BarisHalaman {
    pub kode: String,
    pub nama: String,
    pub href: Option<String>,
    pub capaian: String,
    pub kategori: String,
    pub kelas_kategori: String,
    pub kelengkapan: String,
    pub pagu: String,
    pub realisasi: String,
    pub penyerapan: String,
    pub ketepatan: String,
    pub capaian_lalu: String,
    pub perubahan: String,
    urut: (Option<Decimal>, Option<Decimal>, Option<Decimal>, Option<Decimal>),
}

/// A headline figure.
pub struct Kartu {
    pub label: &'static str,
    pub nilai: String,
    pub catatan: String,
}

#[derive(Template)]
#[template(path = "dasbor.html")]
pub struct HalamanDasbor {
    pub k: Kerangka,
    pub judul: String,
    pub tahun: i32,
    pub tahun_lalu: i32,
    pub pilihan_tahun: Vec<(i32, bool)>,
    pub pilihan_triwulan: Vec<(&'static str, bool)>,
    pub triwulan: String,
    pub triwulan_pengajuan: &'static str,
    pub kartu: Vec<Kartu>,
    pub kolom: Vec<Kolom>,
    pub baris: Vec<BarisHalaman>,
    pub total: BarisHalaman,
    pub grafik_capaian: Option<String>,
    pub grafik_bulanan: Option<String>,
    /// What the curve is drawn against, as a share of the whole pagu.
    pub cakupan_kurva: String,
    pub unduh: Vec<(&'static str, String)>,
    pub nasional: bool,
}

/// What the totals page was asked for.
pub struct Permintaan {
    pub tahun: i32,
    pub triwulan: Option<Triwulan>,
    pub urut: Urut,
    pub turun: bool,
}

fn baris_halaman(
    r: &BarisSatkerView,
    lalu: Option<&BarisSatkerView>,
    ketepatan: String,
    href: Option<String>,
) -> BarisHalaman {
    let (perubahan, d) = selisih(r.capaian_rata_rata.as_deref(), lalu.and_then(|l| l.capaian_rata_rata.as_deref()));
    BarisHalaman {
        kode: r.kode.clone(),
        nama: r.nama.clone(),
        href,
        capaian: lkj::persen(r.capaian_rata_rata.as_deref()),
        kategori: r.kategori.clone().unwrap_or_else(|| "belum dilaporkan".into()),
        kelas_kategori: kelas_kategori(r.kategori.as_deref()),
        kelengkapan: lkj::persen(r.kelengkapan.as_deref()),
        pagu: lkj::rupiah(r.anggaran.pagu),
        realisasi: lkj::rupiah(r.anggaran.realisasi),
        penyerapan: penyerapan(&r.anggaran),
        ketepatan,
        capaian_lalu: lkj::persen(lalu.and_then(|l| l.capaian_rata_rata.as_deref())),
        perubahan,
        urut: (
            desimal(r.capaian_rata_rata.as_deref()),
            desimal(r.kelengkapan.as_deref()),
            desimal(r.anggaran.persen_penyerapan.as_deref()),
            d,
        ),
    }
}

impl HalamanDasbor {
    pub fn susun(k: Kerangka, v: &DasborView, minta: &Permintaan, tahun_ada: i32) -> Self {
        let r = &v.ringkasan;
        let nasional = r.kode == "00";
        let lalu = |kode: &str| v.tahun_lalu.satker.iter().find(|s| s.kode == kode);
        let mut baris: Vec<BarisHalaman> = r
            .satker
            .iter()
            .map(|s| {
                let ketepatan = if nasional {
                    // A provinsi's row: how many satkers under it have submitted.
                    let mine: Vec<&PengajuanView> = v
                        .pengajuan
                        .iter()
                        .filter(|p| s.kode != "00" && (p.kode == s.kode || p.kode.starts_with(&format!("{}.", s.kode))))
                        .collect();
                    let masuk = masuk(mine.iter().copied());
                    let telat = mine.iter().filter(|p| p.tepat_waktu == Some(false)).count();
                    if mine.is_empty() {
                        "-".into()
                    } else if telat > 0 {
                        format!("{masuk}/{} masuk, {telat} terlambat", mine.len())
                    } else {
                        format!("{masuk}/{} masuk", mine.len())
                    }
                } else {
                    v.pengajuan.iter().find(|p| p.kode == s.kode).map(ketepatan).unwrap_or_else(|| "-".into())
                };
                let href = if nasional { None } else { Some(format!("/dasbor/satker/{}?tahun={}", s.kode, r.tahun)) };
                baris_halaman(s, lalu(&s.kode), ketepatan, href)
            })
            .collect();
        baris.sort_by(|a, b| {
            use std::cmp::Ordering;
            let arah = |o: Ordering| if minta.turun { o.reverse() } else { o };
            // Rows without a figure go last, whichever way the column is sorted.
            let angka = |x: Option<Decimal>, y: Option<Decimal>| match (x, y) {
                (Some(x), Some(y)) => arah(x.cmp(&y)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            match minta.urut {
                Urut::Kode => arah(a.kode.cmp(&b.kode)),
                Urut::Nama => arah(a.nama.cmp(&b.nama)),
                Urut::Capaian => angka(a.urut.0, b.urut.0),
                Urut::Kelengkapan => angka(a.urut.1, b.urut.1),
                Urut::Penyerapan => angka(a.urut.2, b.urut.2),
                Urut::Perubahan => angka(a.urut.3, b.urut.3),
            }
        });

        let tw_param = minta.triwulan.map(|t| format!("&triwulan={t}")).unwrap_or_default();
        let kolom = [
            ("Kode", Some(Urut::Kode), false),
            ("Satker", Some(Urut::Nama), false),
            ("Capaian", Some(Urut::Capaian), true),
            ("Kategori", None, false),
            ("Kelengkapan", Some(Urut::Kelengkapan), true),
            ("Pagu (Rp)", None, true),
            ("Realisasi (Rp)", None, true),
            ("Penyerapan", Some(Urut::Penyerapan), true),
            ("Penyampaian", None, false),
            ("Capaian tahun lalu", None, true),
            ("Perubahan (poin)", Some(Urut::Perubahan), true),
        ]
        .into_iter()
        .map(|(label, urut, angka)| {
            let aktif = urut == Some(minta.urut);
            let turun = if aktif { !minta.turun } else { angka };
            Kolom {
                label,
                href: urut.map(|u| {
                    format!(
                        "/dasbor?tahun={}{tw_param}&urut={}&arah={}",
                        r.tahun,
                        u.kunci(),
                        if turun { "turun" } else { "naik" }
                    )
                }),
                aria: match (aktif, minta.turun) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
                angka,
            }
        })
        .collect();

        let total_baris = BarisSatkerView {
            kode: String::new(),
            nama: "Jumlah".into(),
            tingkat: String::new(),
            triwulan: r.triwulan,
            capaian_rata_rata: r.capaian_rata_rata.clone(),
            kategori: r.kategori.clone(),
            dilaporkan: 0,
            diharapkan: 0,
            kelengkapan: None,
            anggaran: r.anggaran.clone(),
            nilai: None,
        };
        let lalu_total =
            BarisSatkerView { capaian_rata_rata: v.tahun_lalu.capaian_rata_rata.clone(), ..total_baris.clone() };
        let masuk = masuk(v.pengajuan.iter());
        let mut total =
            baris_halaman(&total_baris, Some(&lalu_total), format!("{masuk}/{} masuk", v.pengajuan.len()), None);
        total.kelengkapan = format!("{} dari {} melapor", r.jumlah_melapor, r.jumlah_satker);

        let kartu = vec![
            Kartu {
                label: "Capaian rata-rata",
                nilai: lkj::persen(r.capaian_rata_rata.as_deref()),
                catatan: r.kategori.clone().unwrap_or_else(|| "belum ada laporan".into()),
            },
            Kartu {
                label: "Satker melapor",
                nilai: format!("{} dari {}", r.jumlah_melapor, r.jumlah_satker),
                catatan: format!("tahun lalu {}", lkj::persen(v.tahun_lalu.capaian_rata_rata.as_deref())),
            },
            Kartu {
                label: "Pagu",
                nilai: format!("Rp{}", lkj::rupiah(r.anggaran.pagu)),
                catatan: format!("sisa Rp{}", lkj::rupiah(r.anggaran.sisa)),
            },
            Kartu {
                label: "Realisasi anggaran",
                nilai: format!("Rp{}", lkj::rupiah(r.anggaran.realisasi)),
                catatan: format!("penyerapan {}", penyerapan(&r.anggaran)),
            },
        ];

        let grafik_capaian = grafik(
            "Capaian per satker",
            false,
            r.satker.iter().filter_map(|s| Some((s.kode.clone(), desimal(s.capaian_rata_rata.as_deref())?))).collect(),
        );
        let grafik_bulanan = grafik(
            "Penyerapan kumulatif",
            true,
            v.bulanan
                .iter()
                .filter_map(|b| {
                    let nama = BULAN.get(usize::try_from(b.bulan - 1).ok()?)?;
                    Some((nama.chars().take(3).collect(), desimal(b.persen_kumulatif.as_deref())?))
                })
                .collect(),
        );

        let tw = minta.triwulan.map(|t| format!("&triwulan={t}")).unwrap_or_default();
        let mut unduh = Vec::new();
        let dasar = if nasional {
            "/dasbor/nasional/ringkasan".to_string()
        } else {
            format!("/dasbor/provinsi/{}/ringkasan", r.kode)
        };
        unduh.push(("Rekap CSV", format!("{dasar}?tahun={}{tw}&format=csv", r.tahun)));
        unduh.push(("Rekap Excel (.xlsx)", format!("{dasar}?tahun={}{tw}&format=xlsx", r.tahun)));
        unduh.push(("LKj (halaman cetak)", format!("/dasbor/provinsi/{}/lkj/{}?format=html", r.kode, r.tahun)));
        unduh.push(("LKj (Word)", format!("/dasbor/provinsi/{}/lkj/{}?format=docx", r.kode, r.tahun)));

        let akhir = tahun_ada.max(r.tahun);
        HalamanDasbor {
            k,
            judul: if nasional { "Ringkasan nasional".into() } else { format!("Ringkasan {}", r.nama) },
            tahun: r.tahun,
            tahun_lalu: r.tahun - 1,
            pilihan_tahun: (akhir - 5..=akhir).rev().map(|t| (t, t == r.tahun)).collect(),
            pilihan_triwulan: Triwulan::ALL.iter().map(|t| (t.as_str(), Some(*t) == minta.triwulan)).collect(),
            triwulan: minta.triwulan.map_or_else(|| "laporan terakhir tiap satker".into(), |t| t.to_string()),
            triwulan_pengajuan: v.triwulan_pengajuan.as_str(),
            kartu,
            kolom,
            baris,
            total,
            grafik_capaian,
            grafik_bulanan,
            cakupan_kurva: lkj::cakupan_kurva(v.bulanan.first().map_or(0, |b| b.pagu), r.anggaran.pagu),
            unduh,
            nasional,
        }
    }
}
