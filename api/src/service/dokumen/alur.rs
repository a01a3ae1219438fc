//! The workflow: draf | dikembalikan → diajukan (operator); diajukan → disetujui |
//! dikembalikan (verifikator). Approved data is locked.

use sea_orm::DatabaseConnection;
use serde_json::json;

use super::{Tulis, catat, cek_if_match};
use crate::domain::kode::StatusDokumen;
use crate::error::{AppError, FieldError};
use crate::registry::SatkerRef;
use crate::repo::Scope;
use crate::repo::dokumen::{self as kepala_repo, Dokumen, Kepala, Perubahan};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aksi {
    Ajukan,
    Setujui,
    Kembalikan,
}

impl Aksi {
    fn nama(self) -> &'static str {
        match self {
            Aksi::Ajukan => "ajukan",
            Aksi::Setujui => "setujui",
            Aksi::Kembalikan => "kembalikan",
        }
    }
}

/// One workflow step asked of a document.
pub struct Langkah {
    pub dok: Dokumen,
    pub tahun: i32,
    pub aksi: Aksi,
    pub alasan: Option<String>,
}

/// draf | dikembalikan → diajukan (operator); diajukan → disetujui | dikembalikan (verifikator).
pub async fn transisi(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    langkah: Langkah,
    t: &Tulis<'_>,
) -> Result<Kepala, AppError> {
    let Langkah { dok, tahun, aksi, alasan } = langkah;
    let txn = crate::db::begin_write(db).await?;
    let milik = scope.milik(satker)?;
    crate::db::kunci_tulis(&txn, satker.id, &dok.objek(tahun)).await?;
    let k = kepala_repo::kepala(scope, &txn, dok, milik, tahun)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("{} {} tahun {tahun} belum ada.", dok.nama(), satker.kode)))?;
    cek_if_match(dok, Some(&k), t.if_match, false)?;
    let alasan = alasan.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    use StatusDokumen::*;
    let (boleh, ke) = match aksi {
        Aksi::Ajukan => (matches!(k.status, Draf | Dikembalikan), Diajukan),
        Aksi::Setujui => (k.status == Diajukan, Disetujui),
        Aksi::Kembalikan => (k.status == Diajukan, Dikembalikan),
    };
    if !boleh {
        return Err(AppError::Terkunci {
            kode: "status_tidak_sesuai",
            pesan: format!("{} berstatus '{}'; tidak dapat di-{}.", dok.nama(), k.status, aksi.nama()),
        });
    }
    if aksi == Aksi::Ajukan {
        crate::service::periode::cek_terbuka(&txn, satker, tahun, dok).await?;
    }
    if aksi == Aksi::Kembalikan && alasan.is_none() {
        return Err(AppError::Validation(vec![FieldError::new("alasan", "wajib diisi saat mengembalikan")]));
    }
    if alasan.as_ref().is_some_and(|a| a.chars().count() > 2000) {
        return Err(AppError::Validation(vec![FieldError::new("alasan", "paling banyak 2000 karakter")]));
    }
    let p = Perubahan {
        status: ke,
        alasan: if aksi == Aksi::Kembalikan { alasan.as_deref() } else { None },
        diajukan: aksi == Aksi::Ajukan,
        diputuskan_oleh: (aksi != Aksi::Ajukan).then_some(t.pelaku.sub.as_str()),
        demo: None,
    };
    if kepala_repo::ubah(&txn, dok, k.id, k.versi, p).await?.is_none() {
        return Err(AppError::PreconditionFailed(format!(
            "{} diubah oleh permintaan lain; ambil ulang lalu coba lagi.",
            dok.nama()
        )));
    }
    let prefix = match dok {
        Dokumen::Pk => "pk",
        Dokumen::Realisasi(_) => "realisasi",
        Dokumen::Anggaran => "anggaran",
        Dokumen::Katalog => "katalog",
        Dokumen::Iku => "iku",
    };
    catat(
        &txn,
        t,
        satker,
        &format!("{prefix}.{}", aksi.nama()),
        (dok, tahun, k.versi + 1),
        Some(json!({ "status": k.status, "versi": k.versi })),
        Some(json!({ "status": ke, "versi": k.versi + 1, "alasan": alasan })),
    )
    .await?;
    let baru = kepala_repo::kepala(scope, &txn, dok, milik, tahun)
        .await?
        .ok_or_else(|| AppError::internal("header vanished"))?;
    // Whether the PK was approved before its IKU is a finding of the step that did it.
    if matches!(dok, Dokumen::Pk | Dokumen::Iku) {
        super::konsistensi::perbarui(&txn, scope, satker, tahun).await?;
    }
    // Status and submission time of a triwulan report are in its summary row (timeliness).
    if let Dokumen::Realisasi(tw) = dok {
        crate::repo::ringkasan::perbarui(&txn, milik, tahun, crate::repo::ringkasan::Bagian::Pengajuan(tw.nomor()))
            .await?;
    }
    crate::db::komit(txn).await?;
    Ok(baru)
}

/// The current header, for ETags on reads.
pub async fn kepala(
    db: &DatabaseConnection,
    scope: &Scope,
    dok: Dokumen,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<Option<Kepala>, AppError> {
    kepala_repo::kepala(scope, db, dok, scope.milik(satker)?, tahun).await
}
