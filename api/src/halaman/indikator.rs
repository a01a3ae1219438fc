//! The indicator page: one catalogue indicator across the caller's provinsi (nationally, every
//! satker and every provinsi), ranked, whatever each satker calls it.

use askama::Template;
use rust_decimal::Decimal;

use super::Kerangka;
use super::tampil::*;
use crate::domain::kode::Triwulan;
use crate::lkj;
use crate::view::{EntriKatalogView, PeringkatIndikatorView};

/// An entry of the indicator list.
pub struct PilihanKatalog {
    pub kode: String,
    pub label: String,
    pub dipilih: bool,
}

/// One satker's line of the ranking.
pub struct BarisPeringkat {
    pub peringkat: String,
    pub kode: String,
    pub nama: String,
    pub href: String,
    pub kode_indikator: String,
    pub target: String,
    pub realisasi: String,
    pub capaian: String,
    pub kategori: String,
    pub kelas_kategori: String,
}

/// One provinsi's line (the national view).
pub struct BarisProvinsi {
    pub kode: String,
    pub nama: String,
    pub melapor: String,
    pub rata_rata: String,
    pub rentang: String,
}

/// The indicator shown, in words.
pub struct Terpilih {
    pub katalog: String,
    pub nama: String,
    pub keterangan: String,
    pub rata_rata: String,
    pub melapor: String,
}

#[derive(Template)]
#[template(path = "indikator.html")]
pub struct HalamanIndikator {
    pub k: Kerangka,
    pub judul: String,
    pub tahun: i32,
    pub triwulan: String,
    pub pilihan_triwulan: Vec<(&'static str, bool)>,
    pub pilihan: Vec<PilihanKatalog>,
    pub periode: String,
    pub terpilih: Option<Terpilih>,
    pub baris: Vec<BarisPeringkat>,
    pub provinsi: Vec<BarisProvinsi>,
    pub grafik: Option<String>,
}

impl HalamanIndikator {
    pub fn susun(
        k: Kerangka,
        wilayah: &str,
        (tahun, triwulan, periode): (i32, Triwulan, String),
        katalog: &[EntriKatalogView],
        v: Option<&PeringkatIndikatorView>,
    ) -> Self {
        let terpilih_kode = v.map(|v| v.katalog.as_str());
        let pilihan = katalog
            .iter()
            .filter(|e| !e.pensiun)
            .map(|e| PilihanKatalog {
                kode: e.kode.clone(),
                label: format!("{} · {}", e.kode, e.nama),
                dipilih: Some(e.kode.as_str()) == terpilih_kode,
            })
            .collect();
        let baris = v
            .map(|v| {
                v.satker
                    .iter()
                    .map(|s| BarisPeringkat {
                        peringkat: s.peringkat.map_or_else(|| "-".into(), |p| p.to_string()),
                        kode: s.kode.clone(),
                        nama: s.nama.clone(),
                        href: format!("/dasbor/satker/{}?tahun={tahun}", s.kode),
                        kode_indikator: s.kode_indikator.clone(),
                        target: s.target.clone().unwrap_or_else(|| "-".into()),
                        realisasi: s.realisasi.clone().unwrap_or_else(|| "belum dilaporkan".into()),
                        capaian: lkj::persen(s.capaian.as_deref()),
                        kategori: s.kategori.clone().unwrap_or_else(|| "-".into()),
                        kelas_kategori: kelas_kategori(s.kategori.as_deref()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let provinsi = v
            .map(|v| {
                v.provinsi
                    .iter()
                    .map(|p| BarisProvinsi {
                        kode: p.kode.clone(),
                        nama: p.nama.clone(),
                        melapor: format!("{} dari {}", p.jumlah_melapor, p.jumlah_satker),
                        rata_rata: lkj::persen(p.rata_rata.as_deref()),
                        rentang: match (&p.min, &p.max) {
                            (Some(a), Some(b)) => format!("{} – {}", lkj::persen(Some(a)), lkj::persen(Some(b))),
                            _ => "-".into(),
                        },
                    })
                    .collect()
            })
            .unwrap_or_default();
        let titik: Vec<(String, Decimal)> = v
            .map(|v| v.satker.iter().filter_map(|s| Some((s.kode.clone(), desimal(s.capaian.as_deref())?))).collect())
            .unwrap_or_default();
        let terpilih = v.map(|v| Terpilih {
            katalog: v.katalog.clone(),
            nama: v.nama.clone(),
            keterangan: format!("satuan {}, polaritas {}, periode {}", v.satuan, v.polaritas.as_str(), v.periode),
            rata_rata: lkj::persen(v.rata_rata.as_deref()),
            melapor: format!("{} dari {} satker melapor", v.jumlah_melapor, v.jumlah_satker),
        });
        let nasional = wilayah == "00";
        Self {
            judul: format!("Indikator {} {tahun}", if nasional { "nasional" } else { "provinsi" }),
            k,
            tahun,
            triwulan: triwulan.to_string(),
            pilihan_triwulan: Triwulan::ALL.iter().map(|t| (t.as_str(), *t == triwulan)).collect(),
            pilihan,
            periode,
            grafik: grafik("Capaian per satker (%)", false, titik),
            terpilih,
            baris,
            provinsi,
        }
    }
}
