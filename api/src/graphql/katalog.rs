//! The indicator catalogue and the ranking of one catalogue indicator, as GraphQL types mapped
//! from the services' views.

use super::*;
use crate::view::{EntriKatalogView, NilaiProvinsiView, NilaiSatkerView, PeringkatIndikatorView};

/// One catalogue indicator.
#[derive(SimpleObject)]
pub struct EntriKatalog {
    kode: String,
    nama: String,
    tujuan: Option<String>,
    sasaran: Option<String>,
    definisi: Option<String>,
    cara_ukur: Option<String>,
    satuan: String,
    /// `persen`, `angka`, `indeks`, `predikat` or `kategori`.
    tipe_nilai: String,
    /// `maksimal`, `minimal` or `rentang`.
    polaritas: String,
    metode_predikat: Option<String>,
    /// `ri`, `provinsi`, `kabupaten_kota`.
    tingkat: Vec<String>,
    pensiun: bool,
    menggantikan: Option<String>,
    identitas: String,
    /// `00` (KPU RI) or the provinsi whose addition it is.
    pemilik: String,
}

impl From<EntriKatalogView> for EntriKatalog {
    fn from(e: EntriKatalogView) -> Self {
        Self {
            kode: e.kode,
            nama: e.nama,
            tujuan: e.tujuan,
            sasaran: e.sasaran,
            definisi: e.definisi,
            cara_ukur: e.cara_ukur,
            satuan: e.satuan,
            tipe_nilai: e.tipe_nilai.as_str().into(),
            polaritas: e.polaritas.as_str().into(),
            metode_predikat: e.metode_predikat.map(|m| m.as_str().into()),
            tingkat: e.tingkat,
            pensiun: e.pensiun,
            menggantikan: e.menggantikan,
            identitas: e.identitas,
            pemilik: e.pemilik,
        }
    }
}

/// One satker on one catalogue indicator.
#[derive(SimpleObject)]
pub struct NilaiSatker {
    /// 1 for the best capaian; equal capaian share a rank; null when not reported.
    peringkat: Option<i32>,
    kode: String,
    nama: String,
    /// What the satker calls the indicator in its PK.
    kode_indikator: String,
    target: Option<String>,
    realisasi: Option<String>,
    capaian: Option<Desimal>,
    kategori: Option<String>,
}

/// One provinsi on one catalogue indicator.
#[derive(SimpleObject)]
pub struct NilaiProvinsi {
    kode: String,
    nama: String,
    jumlah_satker: i32,
    jumlah_melapor: i32,
    rata_rata: Option<Desimal>,
    min: Option<Desimal>,
    max: Option<Desimal>,
}

/// One catalogue indicator across a subtree, best first.
#[derive(SimpleObject)]
pub struct PeringkatIndikator {
    katalog: String,
    nama: String,
    satuan: String,
    polaritas: String,
    periode: String,
    jumlah_satker: i32,
    jumlah_melapor: i32,
    rata_rata: Option<Desimal>,
    satker: Vec<NilaiSatker>,
    /// Per provinsi, in the national view.
    provinsi: Vec<NilaiProvinsi>,
}

fn satker_dari(s: NilaiSatkerView) -> NilaiSatker {
    NilaiSatker {
        peringkat: s.peringkat.map(i32_of),
        kode: s.kode,
        nama: s.nama,
        kode_indikator: s.kode_indikator,
        target: s.target,
        realisasi: s.realisasi,
        capaian: s.capaian.map(Desimal),
        kategori: s.kategori,
    }
}

fn provinsi_dari(p: NilaiProvinsiView) -> NilaiProvinsi {
    NilaiProvinsi {
        kode: p.kode,
        nama: p.nama,
        jumlah_satker: i32_of(p.jumlah_satker),
        jumlah_melapor: i32_of(p.jumlah_melapor),
        rata_rata: p.rata_rata.map(Desimal),
        min: p.min.map(Desimal),
        max: p.max.map(Desimal),
    }
}

impl From<PeringkatIndikatorView> for PeringkatIndikator {
    fn from(v: PeringkatIndikatorView) -> Self {
        Self {
            katalog: v.katalog,
            nama: v.nama,
            satuan: v.satuan,
            polaritas: v.polaritas.as_str().into(),
            periode: v.periode,
            jumlah_satker: i32_of(v.jumlah_satker),
            jumlah_melapor: i32_of(v.jumlah_melapor),
            rata_rata: v.rata_rata.map(Desimal),
            satker: v.satker.into_iter().map(satker_dari).collect(),
            provinsi: v.provinsi.into_iter().map(provinsi_dari).collect(),
        }
    }
}
