//! Webhook subscriptions: made, listed, paused, resumed, deleted and re-keyed by the client
//! that owns them, within its own scope; their parked deliveries listed and sent again. The
//! delivery itself is [`kirim`].

pub mod kirim;
pub mod tujuan;

use chrono::Utc;
use entity::{kiriman, langganan};
use rand::RngCore;
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::auth::Principal;
use crate::domain::teks::satu_baris;
use crate::error::{AppError, FieldError};
use crate::registry::Registry;
use crate::repo::audit::{self, Jejak, Pelaku};
use crate::repo::langganan::{self as repo, AKTIF, JEDA, Pemilik};
use crate::repo::perubahan::{self, Posisi};
use crate::view::{
    DaftarKiriman, DaftarLangganan, KirimUlangView, KirimanTerakhirView, KirimanView, LanggananBaru, LanggananView,
};
pub use kirim::Webhook;

/// The most subscriptions one client may own.
pub const PALING_BANYAK: u64 = 25;
/// How long deliveries stay signed with the secret a rotation replaced as well.
pub const MASA_RAHASIA_LAMA: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// A new subscription, as asked.
pub struct Masukan {
    pub url: String,
    pub jenis: Vec<String>,
    pub satker: Option<String>,
    pub keterangan: Option<String>,
    /// A feed cursor to start after (what the client has read so far); default: now.
    pub setelah: Option<String>,
}

fn rahasia_baru() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    crate::domain::webhook::rahasia_dari(&bytes)
}

fn kode_baru() -> String {
    format!("lgn_{}", uuid::Uuid::new_v4().simple())
}

fn tidak_ada(kode: &str) -> AppError {
    AppError::NotFound(format!("Langganan {} tidak ditemukan.", crate::domain::teks::kutip(kode)))
}

fn jenis_daftar(s: &str) -> Vec<String> {
    s.split(',').filter(|j| !j.is_empty()).map(str::to_string).collect()
}

fn view(registry: &Registry, l: langganan::Model, parkir: i64, dipangkas: Posisi) -> LanggananView {
    LanggananView {
        kursor_kedaluwarsa: repo::posisi(&l) < dipangkas,
        jenis: jenis_daftar(&l.jenis),
        satker: registry.by_id(l.satker_id).map(|s| s.kode.clone()).unwrap_or_default(),
        kursor: repo::posisi(&l).teks(),
        terakhir: l.terakhir_waktu.map(|waktu| KirimanTerakhirView {
            waktu,
            kode: l.terakhir_kode,
            galat: l.terakhir_galat.clone(),
        }),
        rahasia_lama_sampai: l.rahasia_lama_sampai.filter(|t| *t > Utc::now()),
        id: l.kode,
        url: l.url,
        keterangan: l.keterangan,
        status: l.status,
        alasan: l.alasan,
        percobaan: l.percobaan,
        coba_lagi_pada: l.coba_lagi_pada,
        parkir,
        dibuat: l.dibuat,
        diubah: l.diubah,
    }
}

async fn views(
    db: &DatabaseConnection,
    registry: &Registry,
    ls: Vec<langganan::Model>,
) -> Result<Vec<LanggananView>, AppError> {
    let ids: Vec<i64> = ls.iter().map(|l| l.id).collect();
    let parkir: std::collections::HashMap<i64, i64> = repo::jumlah_parkir(db, &ids).await?.into_iter().collect();
    let dipangkas = perubahan::dipangkas(db).await?.unwrap_or_default();
    Ok(ls
        .into_iter()
        .map(|l| {
            let n = parkir.get(&l.id).copied().unwrap_or(0);
            view(registry, l, n, dipangkas)
        })
        .collect())
}

fn pelaku(p: &Principal) -> Pelaku {
    Pelaku { sub: p.sub.clone(), jenis: p.jenis.as_str().into() }
}

/// The audit row of a change to a subscription (not in the change feed: like credentials, it
/// is its owner's business).
fn jejak<'a>(
    p: &'a Pelaku,
    satker_id: i64,
    aksi: &'a str,
    kode: &str,
    sesudah: serde_json::Value,
    request_id: Option<String>,
) -> Jejak<'a> {
    Jejak {
        pelaku: p,
        satker_id: Some(satker_id),
        aksi,
        objek: format!("langganan:{kode}"),
        sebelum: None,
        sesudah: Some(sesudah),
        request_id,
    }
}

/// Makes a subscription for the caller; answers it with its secret, shown this once.
pub async fn buat(
    db: &DatabaseConnection,
    registry: &Registry,
    webhook: &Webhook,
    p: &Principal,
    m: Masukan,
    request_id: Option<String>,
) -> Result<LanggananBaru, AppError> {
    let pemilik = p.pemilik()?;
    let mut errors = Vec::new();
    let url = match url::Url::parse(m.url.trim()) {
        _ if m.url.len() > 2000 => {
            errors.push(FieldError::new("url", "paling panjang 2000 karakter"));
            None
        }
        Ok(u) => match webhook.tujuan.periksa(&u).await {
            Ok(()) => Some(u),
            Err(alasan) => {
                errors.push(FieldError::new("url", alasan));
                None
            }
        },
        Err(_) => {
            errors.push(FieldError::new("url", "bukan URL (mis. https://contoh.go.id/kinerja/kait)"));
            None
        }
    };
    if m.jenis.len() > 50 {
        errors.push(FieldError::new("jenis", "paling banyak 50 jenis"));
    }
    for (i, j) in m.jenis.iter().enumerate() {
        if !crate::service::perubahan::jenis_sah(j) {
            errors.push(FieldError::new(
                format!("jenis[{i}]"),
                format!("'{}' bukan jenis perubahan (mis. realisasi.simpan)", crate::domain::teks::kutip(j)),
            ));
        }
    }
    if let Some(k) = &m.keterangan {
        if let Err(e) = satu_baris("keterangan", k) {
            errors.push(e);
        } else if k.chars().count() > 200 {
            errors.push(FieldError::new("keterangan", "paling banyak 200 karakter"));
        }
    }
    let setelah = match m.setelah.as_deref() {
        None => None,
        Some(s) => match Posisi::dari(s) {
            Some(p) => Some(p),
            None => {
                errors.push(FieldError::new("setelah", "bukan kursor dari umpan ini (mis. 812-40)"));
                None
            }
        },
    };
    let akar = match m.satker.as_deref() {
        None => p.satker.clone(),
        Some(kode) => registry.by_kode(kode).cloned().ok_or_else(|| AppError::satker_tidak_ditemukan(kode))?,
    };
    p.scope().di_bawah(&akar)?;
    let Some(url) = url.filter(|_| errors.is_empty()) else { return Err(AppError::Validation(errors)) };
    let dipangkas = perubahan::dipangkas(db).await?.unwrap_or_default();
    if setelah.is_some_and(|s| s < dipangkas) {
        return Err(AppError::Validation(vec![FieldError::new(
            "setelah",
            "kursor lebih tua dari perubahan yang masih disimpan; baca ulang seluruh data lalu mulai tanpa kursor",
        )]));
    }
    let mulai = match setelah {
        Some(s) => s,
        None => perubahan::puncak(db).await?,
    };
    let mut jenis = m.jenis;
    jenis.sort();
    jenis.dedup();
    let rahasia = rahasia_baru();
    let kode = kode_baru();
    let txn = crate::db::begin_write(db).await?;
    if repo::jumlah(&txn, &pemilik).await? >= PALING_BANYAK {
        return Err(AppError::Terkunci {
            kode: "langganan_terlalu_banyak",
            pesan: format!("Satu klien paling banyak memiliki {PALING_BANYAK} langganan; hapus yang tidak dipakai."),
        });
    }
    let baru = repo::Baru {
        kode: kode.clone(),
        satker_id: akar.id,
        url: url.to_string(),
        jenis: jenis.join(","),
        keterangan: m.keterangan.filter(|k| !k.trim().is_empty()),
        rahasia: rahasia.clone(),
        mulai,
    };
    let pl = pelaku(p);
    let sesudah = json!({ "url": baru.url, "jenis": jenis, "satker": akar.kode });
    let saved = repo::simpan(&txn, repo::model_baru(&pemilik, baru)).await?;
    audit::catat(&txn, jejak(&pl, akar.id, "langganan.buat", &kode, sesudah, request_id)).await?;
    crate::db::komit(txn).await?;
    Ok(LanggananBaru { langganan: view(registry, saved, 0, dipangkas), rahasia })
}

pub async fn daftar(db: &DatabaseConnection, registry: &Registry, p: &Principal) -> Result<DaftarLangganan, AppError> {
    let ls = repo::daftar(db, &p.pemilik()?).await?;
    Ok(DaftarLangganan { langganan: views(db, registry, ls).await? })
}

async fn cari(db: &DatabaseConnection, pemilik: &Pemilik, kode: &str) -> Result<langganan::Model, AppError> {
    repo::satu(db, pemilik, kode).await?.ok_or_else(|| tidak_ada(kode))
}

pub async fn satu(
    db: &DatabaseConnection,
    registry: &Registry,
    p: &Principal,
    kode: &str,
) -> Result<LanggananView, AppError> {
    let l = cari(db, &p.pemilik()?, kode).await?;
    Ok(views(db, registry, vec![l]).await?.remove(0))
}

/// What an owner may do to a subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Langkah {
    Jeda,
    Lanjutkan,
}

/// Pauses a subscription, or resumes one paused or stopped: it goes on from its cursor, with
/// its retries starting afresh.
pub async fn langkah(
    db: &DatabaseConnection,
    registry: &Registry,
    p: &Principal,
    kode: &str,
    langkah: Langkah,
    request_id: Option<String>,
) -> Result<LanggananView, AppError> {
    use langganan::Column as C;
    let pemilik = p.pemilik()?;
    let l = cari(db, &pemilik, kode).await?;
    let (status, aksi) = match langkah {
        Langkah::Jeda => (JEDA, "langganan.jeda"),
        Langkah::Lanjutkan => (AKTIF, "langganan.lanjutkan"),
    };
    let mut kolom: Vec<(C, sea_orm::Value)> =
        vec![(C::Status, status.into()), (C::Alasan, Option::<String>::None.into())];
    if langkah == Langkah::Lanjutkan {
        kolom.extend([
            (C::Percobaan, 0i32.into()),
            (C::GagalPertama, Option::<chrono::DateTime<Utc>>::None.into()),
            (C::CobaLagiPada, Option::<chrono::DateTime<Utc>>::None.into()),
        ]);
    }
    // Pausing lets go of the lease, so a worker delivering now records nothing more.
    kolom.extend([
        (C::Pemegang, Option::<String>::None.into()),
        (C::PegangSampai, Option::<chrono::DateTime<Utc>>::None.into()),
    ]);
    let pl = pelaku(p);
    let txn = crate::db::begin_write(db).await?;
    if !repo::ubah(&txn, &pemilik, kode, kolom).await? {
        return Err(tidak_ada(kode));
    }
    audit::catat(&txn, jejak(&pl, l.satker_id, aksi, kode, json!({ "status": status }), request_id)).await?;
    crate::db::komit(txn).await?;
    satu(db, registry, p, kode).await
}

pub async fn hapus(
    db: &DatabaseConnection,
    p: &Principal,
    kode: &str,
    request_id: Option<String>,
) -> Result<(), AppError> {
    let pemilik = p.pemilik()?;
    let l = cari(db, &pemilik, kode).await?;
    let pl = pelaku(p);
    let txn = crate::db::begin_write(db).await?;
    if !repo::hapus(&txn, &pemilik, kode).await? {
        return Err(tidak_ada(kode));
    }
    audit::catat(&txn, jejak(&pl, l.satker_id, "langganan.hapus", kode, json!({ "url": l.url }), request_id)).await?;
    crate::db::komit(txn).await?;
    Ok(())
}

/// A new secret, shown once; the one it replaces still signs deliveries for a day, so the
/// receiver can switch without missing one.
pub async fn rotasi(
    db: &DatabaseConnection,
    registry: &Registry,
    p: &Principal,
    kode: &str,
    request_id: Option<String>,
) -> Result<LanggananBaru, AppError> {
    use langganan::Column as C;
    let pemilik = p.pemilik()?;
    let l = cari(db, &pemilik, kode).await?;
    let rahasia = rahasia_baru();
    let sampai = Utc::now() + MASA_RAHASIA_LAMA;
    let kolom: Vec<(C, sea_orm::Value)> = vec![
        (C::Rahasia, rahasia.clone().into()),
        (C::RahasiaLama, Some(l.rahasia.clone()).into()),
        (C::RahasiaLamaSampai, Some(sampai).into()),
    ];
    let pl = pelaku(p);
    let txn = crate::db::begin_write(db).await?;
    if !repo::ubah(&txn, &pemilik, kode, kolom).await? {
        return Err(tidak_ada(kode));
    }
    audit::catat(
        &txn,
        jejak(&pl, l.satker_id, "langganan.rotasi", kode, json!({ "rahasia_lama_sampai": sampai }), request_id),
    )
    .await?;
    crate::db::komit(txn).await?;
    Ok(LanggananBaru { langganan: satu(db, registry, p, kode).await?, rahasia })
}

fn kiriman_view(k: kiriman::Model) -> KirimanView {
    KirimanView {
        id: k.id,
        webhook_id: k.webhook_id,
        jenis: k.jenis,
        kursor: Posisi { xid: k.perubahan_xid, id: k.perubahan_id }.teks(),
        status: k.status,
        percobaan: k.percobaan,
        kode: k.kode,
        galat: k.galat,
        cuplikan: k.cuplikan,
        dibuat: k.dibuat,
        diubah: k.diubah,
    }
}

pub async fn parkir(db: &DatabaseConnection, p: &Principal, kode: &str) -> Result<DaftarKiriman, AppError> {
    let l = cari(db, &p.pemilik()?, kode).await?;
    Ok(DaftarKiriman { kiriman: repo::parkir(db, &l).await?.into_iter().map(kiriman_view).collect() })
}

/// Queues parked deliveries (all, or those named) to go again with their `webhook-id`, ahead of
/// new changes; each gets one more attempt and is parked again if it fails.
pub async fn kirim_ulang(
    db: &DatabaseConnection,
    webhook: &Webhook,
    p: &Principal,
    kode: &str,
    ids: Option<Vec<i64>>,
) -> Result<KirimUlangView, AppError> {
    let l = cari(db, &p.pemilik()?, kode).await?;
    if ids.as_ref().is_some_and(|i| i.len() > 1000) {
        return Err(AppError::Validation(vec![FieldError::new("kiriman", "paling banyak 1000 sekaligus")]));
    }
    let txn = crate::db::begin_write(db).await?;
    let antre = repo::antrekan(&txn, &l, ids.as_deref()).await?;
    crate::db::komit(txn).await?;
    webhook.bangunkan();
    Ok(KirimUlangView { antre })
}
