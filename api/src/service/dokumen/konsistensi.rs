//! The IKU decree and the Perjanjian Kinerja of one satker-year checked against each other
//! ([`crate::domain::konsistensi`]), the temuan stored (source `iku`) in the very transaction
//! that saved either document or moved either through its workflow, so what a reviewer reads
//! is never older than the documents.

use chrono::Utc;
use sea_orm::ConnectionTrait;

use super::hitung::temuan_baris;
use crate::domain::capaian::Polaritas;
use crate::domain::kode::StatusDokumen;
use crate::domain::konsistensi::{BarisIku, BarisPk, Persetujuan, periksa};
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::repo::dokumen::{self as kepala_repo, Dokumen, Kepala};
use crate::repo::{Scope, iku as iku_repo, isi, katalog as katalog_repo};

/// Where these temuan are stored.
pub(super) const SUMBER: &str = "iku";

fn disetujui(k: &Kepala) -> Option<chrono::DateTime<Utc>> {
    if k.status == StatusDokumen::Disetujui { k.diputuskan_pada } else { None }
}

/// Re-checks the satker-year's IKU against its PK; nothing is found while either is missing.
pub(super) async fn perbarui(
    txn: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<(), AppError> {
    let milik = scope.milik(satker)?;
    let pk = kepala_repo::kepala(scope, txn, Dokumen::Pk, milik, tahun).await?;
    let iku = kepala_repo::kepala(scope, txn, Dokumen::Iku, milik, tahun).await?;
    let (Some(pk), Some(iku)) = (pk, iku) else {
        return isi::ganti_temuan(txn, milik, tahun, SUMBER, None, Vec::new()).await;
    };
    let indikator = isi::indikator(txn, pk.id).await?;
    let baris = iku_repo::baris(txn, iku.id).await?;
    let polaritas =
        katalog_repo::polaritas(txn, &baris.iter().filter_map(|b| b.katalog_id).collect::<Vec<_>>()).await?;
    let baris_iku: Vec<BarisIku> = baris
        .iter()
        .map(|b| BarisIku {
            indikator: &b.indikator,
            katalog: b.katalog_id,
            keterangan: b.keterangan.as_deref(),
            polaritas: b.katalog_id.and_then(|id| polaritas.get(&id)).and_then(|p| p.parse::<Polaritas>().ok()),
        })
        .collect();
    let baris_pk = indikator
        .iter()
        .map(|m| {
            Ok(BarisPk {
                kode: &m.kode,
                nama: &m.nama,
                katalog: m.katalog_id,
                definisi: m.definisi.as_deref(),
                polaritas: m.polaritas.parse().map_err(AppError::internal)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let temuan = periksa(&baris_iku, &baris_pk, Persetujuan { pk: disetujui(&pk), iku: disetujui(&iku) });
    let now = Utc::now();
    let rows = temuan
        .into_iter()
        .map(|(t, kode)| {
            let id = kode.and_then(|k| indikator.iter().find(|m| m.kode == k).map(|m| m.id));
            temuan_baris(milik, tahun, (SUMBER, None), id, t, now)
        })
        .collect();
    isi::ganti_temuan(txn, milik, tahun, SUMBER, None, rows).await
}
