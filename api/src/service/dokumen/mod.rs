//! Submitting, reading and verifying the three documents of a satker: Perjanjian Kinerja,
//! realisasi per triwulan and anggaran. Every write is one transaction: all or nothing, the
//! same content twice changes nothing, a stale `If-Match` or a concurrent writer gets 412,
//! and every change leaves an audit row with before and after.
//!
//! This file is the write protocol the three documents share; each document has its own file,
//! the workflow is `alur`, and the recomputation of stored capaian and temuan is `hitung`.

mod alur;
mod anggaran;
mod cocokkan;
mod hitung;
mod iku;
mod katalog;
mod konsistensi;
mod pk;
mod realisasi;

use std::collections::HashMap;

use sea_orm::DatabaseTransaction;
use serde::Serialize;
use serde_json::Value;

use crate::domain::kode::{StatusDokumen, Triwulan};
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::repo::audit::{self, Jejak, Pelaku};
use crate::repo::dokumen::{self as kepala_repo, Dokumen, Kepala, Perubahan};
use crate::repo::ringkasan::{self, Bagian};
use crate::repo::{SatkerMilik, Scope};
use crate::view::{Berversi, TemuanView};

pub use alur::{Aksi, Langkah, kepala, transisi};
pub use anggaran::{get_anggaran, put_anggaran};
pub use cocokkan::{HasilCocok, Usulan, cocokkan};
pub use hitung::hitung_ulang_tahun;
pub use iku::{get_iku, put_iku};
pub use katalog::{daftar_periode, get_katalog, katalog_terlihat, lengkapi_pk, put_katalog};
pub use pk::{get_perjanjian, get_pk, put_pk};
pub use realisasi::{get_realisasi, put_realisasi};

pub fn etag(versi: i32) -> String {
    format!("\"v{versi}\"")
}

/// Options of a write.
pub struct Tulis<'a> {
    pub pelaku: &'a Pelaku,
    pub if_match: Option<&'a str>,
    /// `If-None-Match: *`: the document must not exist yet (a workbook downloaded as an
    /// empty template says so).
    pub baru: bool,
    pub dry_run: bool,
    pub demo: bool,
    pub request_id: Option<String>,
}

/// The outcome of a write: whether anything changed, and the document as it now is (or, on
/// a dry run, as it would be).
#[derive(Debug, Serialize)]
pub struct Hasil<T: Serialize + Berversi> {
    pub berubah: bool,
    pub dry_run: bool,
    #[serde(flatten)]
    pub isi: T,
}

pub(super) fn cek_if_match(
    dok: Dokumen,
    kepala: Option<&Kepala>,
    if_match: Option<&str>,
    baru: bool,
) -> Result<(), AppError> {
    if let (true, Some(k)) = (baru, kepala) {
        return Err(AppError::PreconditionFailed(format!(
            "{} sudah dibuat orang lain (versi sekarang {}) sejak templat ini diunduh; ambil ulang lalu kirim lagi.",
            dok.nama(),
            etag(k.versi)
        )));
    }
    let Some(im) = if_match.map(str::trim) else { return Ok(()) };
    match kepala {
        Some(k) if im == "*" || im.split(',').any(|t| t.trim() == etag(k.versi)) => Ok(()),
        Some(k) => Err(AppError::PreconditionFailed(format!(
            "{} sudah berubah (versi sekarang {}); ambil ulang lalu kirim lagi.",
            dok.nama(),
            etag(k.versi)
        ))),
        None => Err(AppError::PreconditionFailed(format!(
            "{} belum ada; kirim tanpa If-Match untuk membuatnya.",
            dok.nama()
        ))),
    }
}

pub(super) fn cek_boleh_ubah(dok: Dokumen, kepala: &Kepala) -> Result<(), AppError> {
    match kepala.status {
        StatusDokumen::Disetujui => Err(AppError::Terkunci {
            kode: "terkunci_disetujui",
            pesan: format!("{} sudah disetujui dan terkunci.", dok.nama()),
        }),
        StatusDokumen::Diajukan => Err(AppError::Terkunci {
            kode: "sedang_diverifikasi",
            pesan: format!("{} sedang diverifikasi; tunggu disetujui atau dikembalikan.", dok.nama()),
        }),
        StatusDokumen::Draf | StatusDokumen::Dikembalikan => Ok(()),
    }
}

/// Checks the preconditions of a content write and returns the current header, if any.
pub(super) async fn siapkan(
    txn: &DatabaseTransaction,
    scope: &Scope,
    dok: Dokumen,
    satker: &SatkerRef,
    tahun: i32,
    t: &Tulis<'_>,
) -> Result<Option<Kepala>, AppError> {
    let milik = scope.milik(satker)?;
    crate::db::kunci_tulis(txn, satker.id, &dok.objek(tahun)).await?;
    let kepala = kepala_repo::kepala(scope, txn, dok, milik, tahun).await?;
    periksa(txn, dok, satker, tahun, kepala.as_ref(), t).await?;
    Ok(kepala)
}

/// The preconditions of a content write, on a header the caller already holds: the version
/// asked for, the workflow lock, and the period's deadline.
pub(super) async fn periksa(
    txn: &DatabaseTransaction,
    dok: Dokumen,
    satker: &SatkerRef,
    tahun: i32,
    kepala: Option<&Kepala>,
    t: &Tulis<'_>,
) -> Result<(), AppError> {
    cek_if_match(dok, kepala, t.if_match, t.baru)?;
    if let Some(k) = kepala {
        cek_boleh_ubah(dok, k)?;
    }
    crate::service::periode::cek_terbuka(txn, satker, tahun, dok).await
}

/// Creates the header or bumps its version (back to `draf`), refusing a concurrent change.
pub(super) async fn simpan_kepala(
    txn: &DatabaseTransaction,
    dok: Dokumen,
    satker: SatkerMilik,
    tahun: i32,
    kepala: Option<&Kepala>,
    demo: bool,
) -> Result<Kepala, AppError> {
    let race = || {
        AppError::PreconditionFailed(format!(
            "{} diubah oleh permintaan lain pada saat yang sama; ambil ulang lalu kirim lagi.",
            dok.nama()
        ))
    };
    match kepala {
        None => {
            let (id, updated_at) = kepala_repo::buat(txn, dok, satker, tahun, demo).await.map_err(|e| match e {
                AppError::Db(e) if crate::error::is_unique_violation(&e) => race(),
                other => other,
            })?;
            Ok(Kepala {
                id,
                status: StatusDokumen::Draf,
                versi: 1,
                alasan: None,
                demo,
                updated_at,
                diputuskan_pada: None,
            })
        }
        Some(k) => {
            let p = Perubahan {
                status: StatusDokumen::Draf,
                alasan: None,
                diajukan: false,
                diputuskan_oleh: None,
                demo: Some(demo),
            };
            let updated_at = kepala_repo::ubah(txn, dok, k.id, k.versi, p).await?.ok_or_else(race)?;
            Ok(Kepala {
                id: k.id,
                status: StatusDokumen::Draf,
                versi: k.versi + 1,
                alasan: None,
                demo,
                updated_at,
                diputuskan_pada: k.diputuskan_pada,
            })
        }
    }
}

/// Ends a content write: a dry run is rolled back; otherwise the summary rows of the
/// satker-year are brought up to date in the same transaction, and it commits.
pub(super) async fn akhiri(
    txn: DatabaseTransaction,
    dry_run: bool,
    (satker, tahun, bagian): (SatkerMilik, i32, Bagian),
) -> Result<(), AppError> {
    if dry_run {
        txn.rollback().await?
    } else {
        ringkasan::perbarui(&txn, satker, tahun, bagian).await?;
        crate::db::komit(txn).await?
    }
    Ok(())
}

/// The audit row (and the change feed's event) of a document write that left document `dok` of
/// year `tahun` at version `versi`.
pub(super) async fn catat(
    txn: &DatabaseTransaction,
    t: &Tulis<'_>,
    satker: &SatkerRef,
    aksi: &str,
    (dok, tahun, versi): (Dokumen, i32, i32),
    sebelum: Option<Value>,
    sesudah: Option<Value>,
) -> Result<(), AppError> {
    audit::catat_versi(
        txn,
        Jejak {
            pelaku: t.pelaku,
            satker_id: Some(satker.id),
            aksi,
            objek: dok.objek(tahun),
            sebelum,
            sesudah,
            request_id: t.request_id.clone(),
        },
        Some(versi),
    )
    .await
}

impl<T: Serialize + Berversi> Berversi for Hasil<T> {
    fn versi(&self) -> i32 {
        self.isi.versi()
    }
}

/// Findings as shown: the indicator by its kode.
pub(super) fn temuan_view(rows: Vec<entity::temuan::Model>, kode_indikator: &HashMap<i64, String>) -> Vec<TemuanView> {
    rows.into_iter()
        .map(|t| TemuanView {
            kode: t.kode,
            pesan: t.pesan,
            indikator: t.indikator_id.and_then(|id| kode_indikator.get(&id).cloned()),
            triwulan: t.triwulan.and_then(Triwulan::dari_nomor),
        })
        .collect()
}
