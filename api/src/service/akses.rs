//! Creating, listing and revoking API clients and users.

use chrono::{DateTime, Utc};
use entity::{klien_api, pengguna};
use sea_orm::{DatabaseConnection, Set};
use serde::Serialize;
use serde_json::json;

use crate::auth::Jenis;
use crate::auth::password::{Hasher, generate_client_id, generate_secret};
use crate::domain::akses::Peran;
use crate::error::{AppError, FieldError};
use crate::registry::{Registry, SatkerRef};
use crate::repo::audit::{self, Jejak, Pelaku};
use crate::repo::{Scope, akses as repo};

/// A new client; the secret is shown here once and never again.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KlienBaru {
    pub client_id: String,
    pub client_secret: String,
    pub nama: String,
    pub satker: String,
    pub peran: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Kredensial {
    /// client_id or username.
    pub id: String,
    pub nama: String,
    pub satker: String,
    pub peran: String,
    pub dibuat_pada: DateTime<Utc>,
    pub dicabut_pada: Option<DateTime<Utc>>,
}

fn kode(registry: &Registry, satker_id: i64) -> String {
    registry.by_id(satker_id).map(|s| s.kode.clone()).unwrap_or_default()
}

pub async fn buat_klien(
    db: &DatabaseConnection,
    hasher: &Hasher,
    pelaku: &Pelaku,
    target: &SatkerRef,
    peran: Peran,
    nama: Option<String>,
    request_id: Option<String>,
) -> Result<KlienBaru, AppError> {
    nama_valid(nama.as_deref())?;
    let client_id = generate_client_id(&target.kode);
    let client_secret = generate_secret();
    let secret_hash = hasher.hash(client_secret.clone()).await?;
    let nama = nama.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| format!("{} ({peran})", target.nama));
    let txn = crate::db::begin_write(db).await?;
    repo::simpan_klien(
        &txn,
        klien_api::ActiveModel {
            client_id: Set(client_id.clone()),
            secret_hash: Set(secret_hash),
            nama: Set(nama.clone()),
            satker_id: Set(target.id),
            peran: Set(peran.as_str().into()),
            created_at: Set(Utc::now()),
            ..Default::default()
        },
    )
    .await?;
    audit::catat(
        &txn,
        Jejak {
            pelaku,
            satker_id: Some(target.id),
            aksi: "klien.buat",
            objek: format!("klien:{client_id}"),
            sebelum: None,
            sesudah: Some(json!({ "client_id": client_id, "nama": nama, "peran": peran.as_str() })),
            request_id,
        },
    )
    .await?;
    crate::db::komit(txn).await?;
    Ok(KlienBaru { client_id, client_secret, nama, satker: target.kode.clone(), peran: peran.as_str().into() })
}

pub const MIN_PASSWORD: usize = 12;

/// A credential's display name: one line of at most 200 characters.
fn nama_valid(nama: Option<&str>) -> Result<(), AppError> {
    let Some(n) = nama else { return Ok(()) };
    crate::domain::teks::satu_baris("nama", n).map_err(|e| AppError::Validation(vec![e]))?;
    if n.chars().count() > 200 {
        return Err(AppError::Validation(vec![crate::error::FieldError::new("nama", "paling banyak 200 karakter")]));
    }
    Ok(())
}

fn validasi_pengguna(username: &str, password: &str) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let ok_chars = username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !(3..=64).contains(&username.len()) || !ok_chars {
        errors.push(FieldError::new(
            "username",
            "3–64 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung",
        ));
    }
    if password.chars().count() < MIN_PASSWORD {
        errors.push(FieldError::new("password", format!("minimal {MIN_PASSWORD} karakter")));
    } else if password.chars().count() > 1024 {
        // argon2 hashes whatever it is given: a bound keeps one request from costing a lot.
        errors.push(FieldError::new("password", "paling banyak 1024 karakter"));
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

#[allow(clippy::too_many_arguments)]
pub async fn buat_pengguna(
    db: &DatabaseConnection,
    hasher: &Hasher,
    pelaku: &Pelaku,
    target: &SatkerRef,
    username: &str,
    password: String,
    peran: Peran,
    nama: Option<String>,
    request_id: Option<String>,
) -> Result<Kredensial, AppError> {
    validasi_pengguna(username, &password)?;
    nama_valid(nama.as_deref())?;
    if repo::cari(&Scope::sistem(), db, Jenis::Pengguna, username).await?.is_some() {
        return Err(AppError::Conflict(format!("Nama pengguna '{username}' sudah dipakai.")));
    }
    let password_hash = hasher.hash(password).await?;
    let nama = nama.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| username.to_string());
    let txn = crate::db::begin_write(db).await?;
    let saved = repo::simpan_pengguna(
        &txn,
        pengguna::ActiveModel {
            username: Set(username.into()),
            password_hash: Set(password_hash),
            nama: Set(nama.clone()),
            satker_id: Set(target.id),
            peran: Set(peran.as_str().into()),
            created_at: Set(Utc::now()),
            ..Default::default()
        },
    )
    .await
    // Two creations racing past the check above meet the unique index here.
    .map_err(|e| match e {
        AppError::Db(e) if crate::error::is_unique_violation(&e) => {
            AppError::Conflict(format!("Nama pengguna '{username}' sudah dipakai."))
        }
        other => other,
    })?;
    audit::catat(
        &txn,
        Jejak {
            pelaku,
            satker_id: Some(target.id),
            aksi: "pengguna.buat",
            objek: format!("pengguna:{username}"),
            sebelum: None,
            sesudah: Some(json!({ "username": username, "nama": nama, "peran": peran.as_str() })),
            request_id,
        },
    )
    .await?;
    crate::db::komit(txn).await?;
    Ok(Kredensial {
        id: saved.username,
        nama: saved.nama,
        satker: target.kode.clone(),
        peran: saved.peran,
        dibuat_pada: saved.created_at,
        dicabut_pada: None,
    })
}

impl Jenis {
    fn label(self) -> &'static str {
        match self {
            Jenis::Klien => "Klien",
            _ => "Pengguna",
        }
    }
}

/// Clients or users of the satkers in `scope`, without their secrets.
pub async fn daftar(
    scope: &Scope,
    db: &DatabaseConnection,
    registry: &Registry,
    jenis: Jenis,
) -> Result<Vec<Kredensial>, AppError> {
    Ok(repo::daftar(scope, db, jenis)
        .await?
        .into_iter()
        .map(|k| Kredensial {
            satker: kode(registry, k.satker_id),
            id: k.id,
            nama: k.nama,
            peran: k.peran,
            dibuat_pada: k.created_at,
            dicabut_pada: k.dicabut_pada,
        })
        .collect())
}

/// Revokes a client or user in `scope`. Revoking twice is not an error and writes no second
/// audit row.
pub async fn cabut(
    scope: &Scope,
    db: &DatabaseConnection,
    pelaku: &Pelaku,
    jenis: Jenis,
    id: &str,
    request_id: Option<String>,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let k = repo::cari(scope, &txn, jenis, id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("{} {id} tidak ditemukan.", jenis.label())))?;
    if k.dicabut_pada.is_none() {
        repo::cabut(scope, &txn, jenis, id).await?;
        audit::catat(
            &txn,
            Jejak {
                pelaku,
                satker_id: Some(k.satker_id),
                aksi: &format!("{}.cabut", jenis.as_str()),
                objek: format!("{}:{id}", jenis.as_str()),
                sebelum: Some(json!({ "dicabut_pada": null })),
                sesudah: Some(json!({ "dicabut": true })),
                request_id,
            },
        )
        .await?;
    }
    crate::db::komit(txn).await?;
    Ok(())
}
