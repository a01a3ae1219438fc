//! The verification queue: what waits for a decision below the caller, and who has not reported.

use askama::Template;

use super::Kerangka;
use super::tampil::*;
use crate::domain::kode::{StatusDokumen, Triwulan};
use crate::repo::dokumen::Dokumen;
use crate::service::dasbor::VerifikasiView;

pub struct ItemAntrean {
    pub satker: String,
    pub kode: String,
    pub dokumen: String,
    pub diajukan: String,
    pub href: String,
    /// The form actions (with the CSRF token and the version shown, so a document changed
    /// since is not decided blindly).
    /// Each indicator's evidence, for a realisasi.
    pub bukti: Vec<(String, Vec<super::satker::TautanBukti>)>,
    pub setujui: String,
    pub kembalikan: String,
    pub id: String,
}

pub struct BarisBelum {
    pub kode: String,
    pub nama: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "verifikasi.html")]
pub struct HalamanVerifikasi {
    pub k: Kerangka,
    pub tahun: i32,
    pub triwulan: &'static str,
    pub pilihan_triwulan: Vec<(&'static str, bool)>,
    pub boleh_putuskan: bool,
    pub antrean: Vec<ItemAntrean>,
    pub belum: Vec<BarisBelum>,
    pub pesan: Option<String>,
}

impl HalamanVerifikasi {
    pub fn susun(k: Kerangka, v: &VerifikasiView, tahun: i32, triwulan: Triwulan, pesan: Option<String>) -> Self {
        let csrf = k.pengguna.as_ref().map(|p| p.csrf.clone()).unwrap_or_default();
        let boleh_putuskan = k.pengguna.as_ref().is_some_and(|p| p.verifikator);
        let antrean = v
            .antrean
            .iter()
            .map(|a| {
                let (jalur, nama, id) = match a.dok {
                    Dokumen::Pk => (format!("pk/{}", a.tahun), "Perjanjian Kinerja".to_string(), "pk".to_string()),
                    Dokumen::Realisasi(tw) => (
                        format!("realisasi/{}/{tw}", a.tahun),
                        format!("Realisasi {tw}"),
                        tw.to_string().to_lowercase(),
                    ),
                    Dokumen::Anggaran => (format!("anggaran/{}", a.tahun), "Anggaran".to_string(), "a".to_string()),
                    Dokumen::Katalog => (format!("katalog/{}", a.tahun), "Katalog".to_string(), "k".to_string()),
                    Dokumen::Iku => {
                        (format!("iku/{}", a.tahun), "Indikator Kinerja Utama".to_string(), "iku".to_string())
                    }
                };
                let aksi = |langkah: &str| {
                    format!(
                        "/dasbor/satker/{}/{jalur}/{langkah}?csrf={}&versi={}&tw={triwulan}",
                        a.satker.kode, csrf, a.versi
                    )
                };
                ItemAntrean {
                    satker: a.satker.nama.clone(),
                    kode: a.satker.kode.clone(),
                    dokumen: format!("{nama} {} (versi {})", a.tahun, a.versi),
                    diajukan: a.diajukan_pada.map(waktu).unwrap_or_else(|| "-".into()),
                    href: format!("/dasbor/satker/{}?tahun={}", a.satker.kode, a.tahun),
                    bukti: a
                        .bukti
                        .iter()
                        .map(|(ind, b)| (ind.clone(), super::satker::TautanBukti::dari(b, &a.satker.kode)))
                        .collect(),
                    setujui: aksi("setujui"),
                    kembalikan: aksi("kembalikan"),
                    id: format!("{}-{id}", a.satker.kode.replace('.', "-")),
                }
            })
            .collect();
        let belum = v
            .pengajuan
            .iter()
            .filter(|p| matches!(p.status, None | Some(StatusDokumen::Draf) | Some(StatusDokumen::Dikembalikan)))
            .map(|p| BarisBelum { kode: p.kode.clone(), nama: p.nama.clone(), status: ketepatan(p) })
            .collect();
        HalamanVerifikasi {
            k,
            tahun,
            triwulan: triwulan.as_str(),
            pilihan_triwulan: Triwulan::ALL.iter().map(|t| (t.as_str(), *t == triwulan)).collect(),
            boleh_putuskan,
            antrean,
            belum,
            pesan,
        }
    }
}
