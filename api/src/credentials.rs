//! `kinerja client …` and `kinerja user …`: provisioning credentials from the command line,
//! which is how the first admin comes to exist.

use std::io::{BufRead, IsTerminal, Write};

use sea_orm::DatabaseConnection;

use crate::auth::Jenis;
use crate::auth::password::Hasher;
use crate::cli::{ClientAction, UserAction};
use crate::config::Settings;
use crate::db;
use crate::domain::akses::Peran;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::repo::audit::Pelaku;
use crate::repo::{self, Scope};
use crate::service::akses as service;

fn describe(e: AppError) -> String {
    match e {
        AppError::Validation(errors) => {
            errors.iter().map(|f| format!("{}: {}", f.field, f.pesan)).collect::<Vec<_>>().join("; ")
        }
        AppError::NotFound(m) | AppError::Conflict(m) | AppError::BadRequest(m) => m,
        other => other.to_string(),
    }
}

async fn open(settings: &Settings) -> Result<DatabaseConnection, String> {
    let conn = db::connect(&settings.database_url).await.map_err(|e| e.to_string())?;
    db::migrate(&conn).await.map_err(|e| e.to_string())?;
    Ok(conn)
}

async fn satker(conn: &DatabaseConnection, kode: &str) -> Result<SatkerRef, String> {
    repo::satker::by_kode(&Scope::sistem(), conn, kode).await.map(SatkerRef::from).map_err(describe)
}

fn pelaku() -> Pelaku {
    Pelaku::sistem(&format!("cli:{}", std::env::var("USER").unwrap_or_else(|_| "operator".into())))
}

fn print(value: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
    writeln!(std::io::stdout().lock(), "{text}").map_err(|e| e.to_string())
}

pub async fn client(settings: &Settings, action: ClientAction) -> Result<(), String> {
    let conn = open(settings).await?;
    match action {
        ClientAction::Create { satker: kode, role, nama } => {
            let peran: Peran = role.parse()?;
            let target = satker(&conn, &kode).await?;
            let hasher = Hasher::new(1)?;
            let baru =
                service::buat_klien(&conn, &hasher, &pelaku(), &target, peran, nama, None).await.map_err(describe)?;
            print(&baru)
        }
        ClientAction::Revoke { client_id } => {
            service::cabut(&Scope::sistem(), &conn, &pelaku(), Jenis::Klien, &client_id, None)
                .await
                .map_err(describe)?;
            crate::sinyal::kirim(&conn, &crate::sinyal::Sinyal::Cabut(Jenis::Klien, client_id.clone())).await;
            print(&serde_json::json!({ "client_id": client_id, "dicabut": true }))
        }
    }
}

fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Kata sandi: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Ulangi kata sandi: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("kedua kata sandi tidak sama".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

pub async fn user(settings: &Settings, action: UserAction) -> Result<(), String> {
    let conn = open(settings).await?;
    match action {
        UserAction::Create { satker: kode, role, username, nama } => {
            let peran: Peran = role.parse()?;
            let target = satker(&conn, &kode).await?;
            let password = read_password()?;
            let hasher = Hasher::new(1)?;
            let info =
                service::buat_pengguna(&conn, &hasher, &pelaku(), &target, &username, password, peran, nama, None)
                    .await
                    .map_err(describe)?;
            print(&info)
        }
        UserAction::Revoke { username } => {
            service::cabut(&Scope::sistem(), &conn, &pelaku(), Jenis::Pengguna, &username, None)
                .await
                .map_err(describe)?;
            crate::sinyal::kirim(&conn, &crate::sinyal::Sinyal::Cabut(Jenis::Pengguna, username.clone())).await;
            print(&serde_json::json!({ "username": username, "dicabut": true }))
        }
    }
}

/// `kinerja capaian hitung-ulang`: recompute stored capaian of a subtree, audited.
pub async fn hitung_ulang(settings: &Settings, kode: &str, tahun: Option<i32>) -> Result<(), String> {
    let conn = open(settings).await?;
    let registry = crate::registry::Registry::load(&conn).await.map_err(describe)?;
    let root = satker(&conn, kode).await?;
    let txn = crate::db::begin_write(&conn).await.map_err(|e| e.to_string())?;
    let (dokumen, baris) =
        crate::service::aturan::hitung_ulang_subtree(&txn, &registry, &root, tahun).await.map_err(describe)?;
    crate::repo::audit::catat(
        &txn,
        crate::repo::audit::Jejak {
            pelaku: &pelaku(),
            satker_id: Some(root.id),
            aksi: "capaian.hitung_ulang",
            objek: "capaian".into(),
            sebelum: None,
            sesudah: Some(serde_json::json!({ "tahun": tahun, "dihitung_ulang": dokumen, "baris_berubah": baris })),
            request_id: None,
        },
    )
    .await
    .map_err(describe)?;
    txn.commit().await.map_err(|e| e.to_string())?;
    print(&serde_json::json!({ "satker": kode, "tahun": tahun, "dihitung_ulang": dokumen, "baris_berubah": baris }))
}

/// `kinerja ringkasan periksa|bangun`: check the summary rows against a recomputation (exit 1
/// on any difference), or rebuild them.
pub async fn bukti(settings: &Settings, action: crate::cli::BuktiAction) -> Result<(), String> {
    use crate::service::bukti::{Penyimpan, bersih};
    let conn = open(settings).await?;
    let penyimpan = Penyimpan::buka(settings.bukti_url.as_deref(), &settings.data_dir)?;
    match action {
        crate::cli::BuktiAction::Periksa => {
            let (n, hilang) = bersih::periksa(&conn, &penyimpan).await.map_err(describe)?;
            let mut out = std::io::stdout().lock();
            for sha in &hilang {
                writeln!(out, "hilang\t{sha}").map_err(|e| e.to_string())?;
            }
            if hilang.is_empty() {
                writeln!(out, "{n} berkas bukti tercatat, semuanya ada di {}", penyimpan.lokasi)
                    .map_err(|e| e.to_string())
            } else {
                Err(format!("{} dari {n} berkas bukti tercatat tidak ada di {}", hilang.len(), penyimpan.lokasi))
            }
        }
        crate::cli::BuktiAction::Bersihkan => {
            let (lepas, berkas, sementara) = bersih::sekali(&conn, &penyimpan).await.map_err(describe)?;
            print(&serde_json::json!({ "bukti_lepas": lepas, "berkas": berkas, "sementara": sementara }))
        }
    }
}

pub async fn ringkasan(settings: &Settings, action: crate::cli::RingkasanAction) -> Result<(), String> {
    use crate::cli::RingkasanAction;
    use crate::repo::ringkasan::{self, Cakupan};
    let conn = open(settings).await?;
    let cakupan = |tahun: Option<i32>| tahun.map_or(Cakupan::Semua, Cakupan::Tahun);
    match action {
        RingkasanAction::Bangun { tahun } => {
            let txn = crate::db::begin_write(&conn).await.map_err(|e| e.to_string())?;
            ringkasan::bangun(&txn, cakupan(tahun)).await.map_err(describe)?;
            txn.commit().await.map_err(|e| e.to_string())?;
            print(&serde_json::json!({ "tahun": tahun, "dibangun": true }))
        }
        RingkasanAction::Periksa { tahun } => {
            let registry = crate::registry::Registry::load(&conn).await.map_err(describe)?;
            let beda = ringkasan::periksa(&conn, cakupan(tahun), 50).await.map_err(describe)?;
            let mut out = std::io::stdout().lock();
            for d in &beda {
                let kode = registry.by_id(d.satker_id).map_or_else(|| d.satker_id.to_string(), |s| s.kode.clone());
                let arah =
                    if d.tersimpan { "tersimpan tetapi tidak sesuai" } else { "seharusnya ada tetapi tidak tersimpan" };
                writeln!(out, "{}\t{kode}\t{}\t{arah}", d.tabel, d.tahun).map_err(|e| e.to_string())?;
            }
            if beda.is_empty() {
                writeln!(out, "ringkasan sesuai dengan dokumen tersimpan").map_err(|e| e.to_string())?;
                Ok(())
            } else {
                Err(format!(
                    "{} perbedaan antara ringkasan tersimpan dan perhitungan ulang (paling banyak 50 per tabel \
                     dan arah yang ditampilkan); jalankan `kinerja ringkasan bangun`",
                    beda.len()
                ))
            }
        }
    }
}

/// `kinerja demo`: load the Lampung demo on demand; documents already loaded stay as they are.
pub async fn demo(settings: &Settings) -> Result<(), String> {
    let conn = open(settings).await?;
    let registry = crate::registry::Registry::load(&conn).await.map_err(describe)?;
    let dimuat = crate::demo::muat(&conn, &registry).await.map_err(describe)?;
    print(&dimuat)
}

/// `kinerja katalog cocokkan [--tahun N] [--terapkan]`: a line per local indicator (what
/// matching found), then the counts.
pub async fn katalog(settings: &Settings, action: crate::cli::KatalogAction) -> Result<(), String> {
    let crate::cli::KatalogAction::Cocokkan { tahun, terapkan } = action;
    let conn = open(settings).await?;
    let registry = crate::registry::Registry::load(&conn).await.map_err(describe)?;
    let pelaku = pelaku();
    let t = crate::service::dokumen::Tulis {
        pelaku: &pelaku,
        if_match: None,
        baru: false,
        dry_run: false,
        demo: false,
        request_id: None,
    };
    let h = crate::service::dokumen::cocokkan(&conn, &registry, &Scope::sistem(), tahun, terapkan, &t)
        .await
        .map_err(describe)?;
    let mut out = std::io::stdout().lock();
    for u in &h.usulan {
        let isi = u.catatan.as_deref().unwrap_or(&u.nama);
        let katalog = u.katalog.as_deref().unwrap_or("-");
        writeln!(out, "{}\t{}\t{}\t{}\t{katalog}\t{isi}", u.hasil, u.satker, u.tahun, u.kode)
            .map_err(|e| e.to_string())?;
    }
    let akhir = if h.diterapkan {
        format!("diterapkan; {} PK dilewati karena berubah bersamaan (jalankan lagi)", h.dilewati)
    } else {
        "belum diterapkan: tambahkan --terapkan".into()
    };
    writeln!(out, "{} ditautkan, {} bentrok, {} tetap lokal ({akhir})", h.tautkan, h.bentrok, h.lokal)
        .map_err(|e| e.to_string())
}

/// `kinerja bench-data`: national-scale data through the service layer.
pub async fn bench_data(settings: &Settings, tahun: &str, seed: u64) -> Result<(), String> {
    let years = crate::bench_data::parse_tahun(tahun)?;
    let conn = open(settings).await?;
    let registry = crate::registry::Registry::load(&conn).await.map_err(describe)?;
    let hasil = crate::bench_data::muat(&conn, &registry, &years, seed).await.map_err(describe)?;
    print(&hasil)
}
