//! The Laporan Kinerja of a satker-year, gathered from the services the API answers with: the
//! PK, the year's realisasi (TW4, or the latest triwulan reported), the previous year's for
//! comparison, the anggaran and its monthly curve, the rules in force, and where each document
//! stands. A satker outside the caller's scope is refused before anything is read.

use chrono::Utc;

use super::{analisis, dokumen};
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::{Scope, aturan};
use crate::view::{LkjView, PembandingView, RealisasiView, StatusLkjView, TahunLaluView, TemuanView, teks};

/// A document that may not be stored yet.
fn ada<T>(hasil: Result<T, AppError>) -> Result<Option<T>, AppError> {
    match hasil {
        Ok(v) => Ok(Some(v)),
        Err(AppError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn laporan_tahun(
    db: &sea_orm::DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<Vec<(Triwulan, Option<RealisasiView>)>, AppError> {
    let mut out = Vec::with_capacity(4);
    for tw in Triwulan::ALL {
        out.push((tw, ada(dokumen::get_realisasi(db, registry, scope, satker, tahun, tw).await)?));
    }
    Ok(out)
}

pub async fn satker(
    db: &sea_orm::DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<LkjView, AppError> {
    scope.milik(satker)?;
    let (pk, laporan, lalu, anggaran, bulanan, aturan) = tokio::try_join!(
        async { ada(dokumen::get_pk(db, registry, scope, satker, tahun).await) },
        laporan_tahun(db, registry, scope, satker, tahun),
        laporan_tahun(db, registry, scope, satker, tahun - 1),
        async { ada(dokumen::get_anggaran(db, scope, satker, tahun).await) },
        analisis::anggaran_bulanan(db, scope, satker, tahun),
        aturan::berlaku(db, registry, satker),
    )?;
    let realisasi = laporan.iter().rev().find_map(|(_, r)| r.clone());
    let tahun_lalu = lalu.into_iter().rev().find_map(|(tw, r)| r.map(|r| (tw, r))).map(|(triwulan, r)| TahunLaluView {
        tahun: tahun - 1,
        triwulan,
        capaian_rata_rata: r.ringkasan.capaian_rata_rata.clone(),
        kategori: r.ringkasan.kategori.clone(),
        indikator: r
            .indikator
            .into_iter()
            .map(|i| PembandingView { kode: i.kode, realisasi: i.realisasi, capaian: i.capaian, kategori: i.kategori })
            .collect(),
    });

    let mut status = vec![StatusLkjView {
        dokumen: "Perjanjian Kinerja".into(),
        status: pk.as_ref().map(|v| v.status),
        versi: pk.as_ref().map(|v| v.versi),
        diperbarui_pada: pk.as_ref().map(|v| v.diperbarui_pada),
        alasan: pk.as_ref().and_then(|v| v.alasan.clone()),
    }];
    for (tw, r) in &laporan {
        status.push(StatusLkjView {
            dokumen: format!("Realisasi {tw}"),
            status: r.as_ref().map(|v| v.status),
            versi: r.as_ref().map(|v| v.versi),
            diperbarui_pada: r.as_ref().map(|v| v.diperbarui_pada),
            alasan: r.as_ref().and_then(|v| v.alasan.clone()),
        });
    }
    status.push(StatusLkjView {
        dokumen: "Anggaran".into(),
        status: anggaran.as_ref().map(|v| v.status),
        versi: anggaran.as_ref().map(|v| v.versi),
        diperbarui_pada: anggaran.as_ref().map(|v| v.diperbarui_pada),
        alasan: None,
    });

    let mut temuan: Vec<TemuanView> = Vec::new();
    let sumber =
        pk.iter().flat_map(|v| &v.temuan).chain(laporan.iter().flat_map(|(_, r)| r.iter().flat_map(|r| &r.temuan)));
    for t in sumber.chain(anggaran.iter().flat_map(|v| &v.temuan)) {
        if !temuan.contains(t) {
            temuan.push(t.clone());
        }
    }

    let tag = |huruf: &str, v: Option<i32>| v.map_or_else(|| format!("{huruf}-"), |v| format!("{huruf}{v}"));
    let versi = format!(
        "{}.{}.{}",
        tag("pk", pk.as_ref().map(|v| v.versi)),
        realisasi.as_ref().map_or_else(|| "r-".to_string(), |r| format!("{}v{}", r.triwulan, r.versi)).to_lowercase(),
        tag("a", anggaran.as_ref().map(|v| v.versi)),
    );
    Ok(LkjView {
        satker: satker.kode.clone(),
        nama: satker.nama.clone(),
        tahun,
        dibuat_pada: Utc::now(),
        versi,
        pk,
        realisasi,
        tahun_lalu,
        pita: aturan.pita.pita().to_vec(),
        batas_capaian: teks(Some(aturan.batas)).unwrap_or_default(),
        anggaran,
        bulanan,
        status,
        temuan,
    })
}
