//! Deadlines per period (PK, each triwulan's realisasi, anggaran), set nationally by KPU RI.
//! After a deadline a satker can no longer write or submit that document, unless a
//! verifikator above it has reopened the period for it, until a date, with a reason.

use chrono::{DateTime, Duration, Utc};
use entity::{periode, perpanjangan};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use crate::error::{AppError, FieldError};
use crate::registry::SatkerRef;
use crate::repo::audit::{self, Jejak, Pelaku};
use crate::repo::dokumen::Dokumen;

fn kunci(dok: Dokumen) -> (&'static str, i16) {
    match dok {
        Dokumen::Pk => ("pk", 0),
        Dokumen::Realisasi(tw) => ("realisasi", tw.nomor()),
        Dokumen::Anggaran => ("anggaran", 0),
        // The catalogue has no reporting period of its own.
        Dokumen::Katalog => ("katalog", 0),
        Dokumen::Iku => ("iku", 0),
    }
}

/// `pk`, `anggaran`, `TW1`…`TW4` as used in paths.
pub fn parse_jenis(s: &str) -> Result<Dokumen, AppError> {
    match s.to_ascii_uppercase().as_str() {
        "PK" => Ok(Dokumen::Pk),
        "ANGGARAN" => Ok(Dokumen::Anggaran),
        other => match other.parse::<crate::domain::kode::Triwulan>() {
            Ok(tw) => Ok(Dokumen::Realisasi(tw)),
            Err(_) => {
                Err(AppError::Validation(vec![FieldError::new("jenis", "harus pk, TW1, TW2, TW3, TW4 atau anggaran")]))
            }
        },
    }
}

fn label(jenis: &str, triwulan: i16) -> String {
    if triwulan > 0 { format!("TW{triwulan}") } else { jenis.to_string() }
}

/// Refuses with `periode_ditutup` when the period's deadline has passed for this satker.
pub async fn cek_terbuka(
    db: &impl ConnectionTrait,
    satker: &SatkerRef,
    tahun: i32,
    dok: Dokumen,
) -> Result<(), AppError> {
    let (jenis, tw) = kunci(dok);
    let Some(p) = periode::Entity::find()
        .filter(periode::Column::Tahun.eq(tahun))
        .filter(periode::Column::Jenis.eq(jenis))
        .filter(periode::Column::Triwulan.eq(tw))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let now = Utc::now();
    let lewat = p.ditutup || p.tenggat.is_some_and(|t| now > t);
    if !lewat {
        return Ok(());
    }
    let dibuka = perpanjangan::Entity::find()
        .filter(perpanjangan::Column::SatkerId.eq(satker.id))
        .filter(perpanjangan::Column::Tahun.eq(tahun))
        .filter(perpanjangan::Column::Jenis.eq(jenis))
        .filter(perpanjangan::Column::Triwulan.eq(tw))
        .one(db)
        .await?
        .is_some_and(|x| x.sampai > now);
    if dibuka {
        return Ok(());
    }
    let kapan = p.tenggat.map(|t| t.to_rfc3339()).unwrap_or_else(|| "ditutup".into());
    Err(AppError::Terkunci {
        kode: "periode_ditutup",
        pesan: format!(
            "Periode {} {tahun} sudah ditutup (batas waktu {kapan}). Verifikator di atas satker {} dapat membukanya kembali.",
            label(jenis, tw),
            satker.kode
        ),
    })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Periode {
    pub tahun: i32,
    pub jenis: String,
    pub tenggat: Option<DateTime<Utc>>,
    pub ditutup: bool,
}

pub async fn daftar(db: &DatabaseConnection, tahun: i32) -> Result<Vec<Periode>, AppError> {
    Ok(periode::Entity::find()
        .filter(periode::Column::Tahun.eq(tahun))
        .order_by_asc(periode::Column::Jenis)
        .order_by_asc(periode::Column::Triwulan)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Periode { tahun: p.tahun, jenis: label(&p.jenis, p.triwulan), tenggat: p.tenggat, ditutup: p.ditutup })
        .collect())
}

/// Sets (or clears) a period's deadline. National: the caller is KPU RI.
pub async fn tetapkan(
    db: &DatabaseConnection,
    ri: &SatkerRef,
    tahun: i32,
    dok: Dokumen,
    tenggat: Option<DateTime<Utc>>,
    pelaku: &Pelaku,
    request_id: Option<String>,
) -> Result<Periode, AppError> {
    let (jenis, tw) = kunci(dok);
    let txn = crate::db::begin_write(db).await?;
    let existing = periode::Entity::find()
        .filter(periode::Column::Tahun.eq(tahun))
        .filter(periode::Column::Jenis.eq(jenis))
        .filter(periode::Column::Triwulan.eq(tw))
        .one(&txn)
        .await?;
    let sebelum = existing.as_ref().map(|p| json!({ "tenggat": p.tenggat }));
    let mut m = periode::ActiveModel {
        tahun: Set(tahun),
        jenis: Set(jenis.into()),
        triwulan: Set(tw),
        tenggat: Set(tenggat),
        ditutup: Set(false),
        alasan_tutup: Set(None),
        ..Default::default()
    };
    if let Some(e) = existing {
        m.id = Set(e.id);
    }
    m.save(&txn).await?;
    audit::catat(
        &txn,
        Jejak {
            pelaku,
            satker_id: Some(ri.id),
            aksi: "periode.tetapkan",
            objek: format!("periode:{tahun}:{}", label(jenis, tw)),
            sebelum,
            sesudah: Some(json!({ "tenggat": tenggat })),
            request_id,
        },
    )
    .await?;
    crate::db::komit(txn).await?;
    Ok(Periode { tahun, jenis: label(jenis, tw), tenggat, ditutup: false })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Pembukaan {
    pub satker: String,
    pub tahun: i32,
    pub jenis: String,
    pub sampai: DateTime<Utc>,
    pub alasan: String,
}

/// Reopens a closed period for one satker until `sampai` (default: seven days from now).
#[allow(clippy::too_many_arguments)]
pub async fn buka(
    db: &DatabaseConnection,
    satker: &SatkerRef,
    tahun: i32,
    dok: Dokumen,
    sampai: Option<DateTime<Utc>>,
    alasan: Option<String>,
    pelaku: &Pelaku,
    request_id: Option<String>,
) -> Result<Pembukaan, AppError> {
    let now = Utc::now();
    let sampai = sampai.unwrap_or(now + Duration::days(7));
    let mut errors = Vec::new();
    let alasan = alasan.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    if alasan.is_none() {
        errors.push(FieldError::new("alasan", "wajib diisi: mengapa periode dibuka kembali"));
    }
    if sampai <= now || sampai > now + Duration::days(90) {
        errors.push(FieldError::new("sampai", "harus di masa depan, paling lama 90 hari lagi"));
    }
    let Some(alasan) = alasan.filter(|_| errors.is_empty()) else { return Err(AppError::Validation(errors)) };
    let (jenis, tw) = kunci(dok);
    let txn = crate::db::begin_write(db).await?;
    let existing = perpanjangan::Entity::find()
        .filter(perpanjangan::Column::SatkerId.eq(satker.id))
        .filter(perpanjangan::Column::Tahun.eq(tahun))
        .filter(perpanjangan::Column::Jenis.eq(jenis))
        .filter(perpanjangan::Column::Triwulan.eq(tw))
        .one(&txn)
        .await?;
    let mut m = perpanjangan::ActiveModel {
        satker_id: Set(satker.id),
        tahun: Set(tahun),
        jenis: Set(jenis.into()),
        triwulan: Set(tw),
        sampai: Set(sampai),
        alasan: Set(alasan.clone()),
        oleh: Set(pelaku.sub.clone()),
        created_at: Set(now),
        ..Default::default()
    };
    if let Some(e) = existing {
        m.id = Set(e.id);
    }
    m.save(&txn).await?;
    audit::catat(
        &txn,
        Jejak {
            pelaku,
            satker_id: Some(satker.id),
            aksi: "periode.buka",
            objek: format!("periode:{tahun}:{}", label(jenis, tw)),
            sebelum: None,
            sesudah: Some(json!({ "sampai": sampai, "alasan": alasan })),
            request_id,
        },
    )
    .await?;
    crate::db::komit(txn).await?;
    Ok(Pembukaan { satker: satker.kode.clone(), tahun, jenis: label(jenis, tw), sampai, alasan })
}

/// The deadline of one period, if one is set.
pub async fn tenggat(db: &impl ConnectionTrait, tahun: i32, dok: Dokumen) -> Result<Option<DateTime<Utc>>, AppError> {
    let (jenis, tw) = kunci(dok);
    Ok(periode::Entity::find()
        .filter(periode::Column::Tahun.eq(tahun))
        .filter(periode::Column::Jenis.eq(jenis))
        .filter(periode::Column::Triwulan.eq(tw))
        .one(db)
        .await?
        .and_then(|p| p.tenggat))
}
