//! Delivering the change outbox to webhook subscribers: at least once, in order per
//! subscription, signed as Standard Webhooks says.
//!
//! Every instance runs one worker. Each round it reads the newest final position of the outbox
//! ([`perubahan::puncak`]) and takes, by lease, the subscriptions with something to deliver
//! ([`repo::ambil`]; `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two instances never take the
//! same one). It delivers a subscription's changes one by one from its cursor, and moves the
//! cursor only after the receiver answered 2xx (or the change was parked): an instance that
//! dies mid-delivery leaves the cursor where it was, its lease runs out, and another instance
//! (or itself restarted) delivers the same change again with the same `webhook-id`.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{kiriman, langganan};
use sea_orm::{DatabaseConnection, Set};
use tokio::sync::{Notify, Semaphore};

use super::tujuan::Tujuan;
use crate::auth::{Jenis, Principal};
use crate::domain::akses::Peran;
use crate::domain::webhook::{Lanjutan, header_tanda_tangan, lanjutan};
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::registry::Registry;
use crate::repo::Scope;
use crate::repo::langganan::{self as repo, NONAKTIF, PARKIR, Pegangan, TERKIRIM};
use crate::repo::perubahan::{self, Posisi, Saring};
use crate::view::PesanWebhook;

/// How long a taken subscription stays this instance's without word from it: longer than one
/// delivery may take, so a live holder never loses it mid-request.
pub const SEWA: Duration = Duration::from_secs(25);
/// How often the worker looks for something to deliver when not woken.
const SELANG: Duration = Duration::from_millis(200);
/// Subscriptions one instance delivers to at the same time.
const SEKALIGUS: usize = 8;
/// Changes delivered to one subscription before it lets others have a turn.
const GILIRAN: usize = 500;
/// Changes read from the outbox at a time.
const HALAMAN: u64 = 100;
/// A subscription's cursor is written after this many deliveries, or this long, whichever
/// comes first (and the lease renewed with it).
const CATAT_SETIAP: usize = 50;
const CATAT_SELANG: Duration = Duration::from_secs(1);
/// How much of a receiver's answer is kept.
const CUPLIKAN: usize = 200;

/// What the worker and the endpoints share: where deliveries may go, the retry schedule, and
/// a bell to ring when there is something to deliver now.
pub struct Webhook {
    pub tujuan: Tujuan,
    pub jadwal: Arc<[Duration]>,
    bel: Notify,
}

impl Webhook {
    pub fn baru(izin: Vec<ipnet::IpNet>, jadwal: Vec<Duration>) -> Result<Self, reqwest::Error> {
        Ok(Self { tujuan: Tujuan::baru(izin)?, jadwal: jadwal.into(), bel: Notify::new() })
    }

    /// Wakes this instance's worker now.
    pub fn bangunkan(&self) {
        self.bel.notify_one();
    }
}

/// Starts the worker of this instance, for as long as the service runs.
pub fn jalankan(db: DatabaseConnection, registry: Arc<Registry>, metrics: Arc<Metrics>, webhook: Arc<Webhook>) {
    let pemegang = format!("instans-{}", uuid::Uuid::new_v4().simple());
    let slot = Arc::new(Semaphore::new(SEKALIGUS));
    tokio::spawn(async move {
        loop {
            if let Err(e) = putaran(&db, &registry, &metrics, &webhook, &pemegang, &slot).await {
                tracing::warn!(error = %e, "pengiriman webhook: putaran gagal");
            }
            tokio::select! {
                _ = tokio::time::sleep(SELANG) => {}
                _ = webhook.bel.notified() => {}
            }
        }
    });
}

fn sewa_sampai() -> DateTime<Utc> {
    Utc::now() + chrono::Duration::from_std(SEWA).unwrap_or(chrono::Duration::seconds(25))
}

/// Takes every subscription with something to deliver that this instance has room for.
async fn putaran(
    db: &DatabaseConnection,
    registry: &Arc<Registry>,
    metrics: &Arc<Metrics>,
    webhook: &Arc<Webhook>,
    pemegang: &str,
    slot: &Arc<Semaphore>,
) -> Result<(), AppError> {
    let puncak = perubahan::puncak(db).await?;
    while let Ok(izin) = slot.clone().try_acquire_owned() {
        let Some(g) = repo::ambil(db, pemegang, puncak, sewa_sampai()).await? else { break };
        let (db, registry, metrics, webhook) = (db.clone(), registry.clone(), metrics.clone(), webhook.clone());
        tokio::spawn(async move {
            let _izin = izin;
            let k = Kurir { db: &db, registry: &registry, metrics: &metrics, webhook: &webhook, g: &g };
            if let Err(e) = k.layani(puncak).await {
                tracing::warn!(error = %e, langganan = %g.langganan.kode, "pengiriman webhook gagal dicatat");
                // Let go, so the next round (here or elsewhere) tries again.
                let _ = repo::catat(&db, &g, None, Vec::new()).await;
            }
        });
    }
    Ok(())
}

/// How one attempt went.
#[derive(Debug)]
struct Jawaban {
    kode: Option<u16>,
    galat: Option<String>,
    cuplikan: Option<String>,
    /// Refused before sending: the target points where it may not.
    ditolak: bool,
}

impl Jawaban {
    fn berhasil(&self) -> bool {
        self.kode.is_some_and(|k| (200..300).contains(&k))
    }

    fn hilang(&self) -> bool {
        self.kode == Some(410)
    }

    fn kolom_terakhir(&self) -> Vec<(langganan::Column, sea_orm::Value)> {
        use langganan::Column as C;
        vec![
            (C::TerakhirWaktu, Some(Utc::now()).into()),
            (C::TerakhirKode, self.kode.map(i32::from).into()),
            (C::TerakhirGalat, self.galat.clone().into()),
        ]
    }
}

/// The error and each of its causes, in one line.
fn galat_teks(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return format!("tidak dijawab dalam {} detik", super::tujuan::BATAS_WAKTU.as_secs());
    }
    let mut teks = e.to_string();
    let mut sumber = std::error::Error::source(e);
    while let Some(s) = sumber {
        teks.push_str(": ");
        teks.push_str(&s.to_string());
        sumber = s.source();
    }
    teks.chars().take(500).collect()
}

/// The start of an answer's body: at most [`CUPLIKAN`] characters, one line, nothing more read.
async fn cuplikan(mut res: reqwest::Response) -> Option<String> {
    let mut bytes = Vec::new();
    while bytes.len() < CUPLIKAN * 4 {
        match res.chunk().await {
            Ok(Some(c)) => bytes.extend_from_slice(&c),
            _ => break,
        }
    }
    let teks: String =
        String::from_utf8_lossy(&bytes).chars().map(|c| if c.is_control() { ' ' } else { c }).take(CUPLIKAN).collect();
    let teks = teks.trim().to_string();
    (!teks.is_empty()).then_some(teks)
}

/// One subscription held by this instance, being served.
struct Kurir<'a> {
    db: &'a DatabaseConnection,
    registry: &'a Registry,
    metrics: &'a Metrics,
    webhook: &'a Webhook,
    g: &'a Pegangan,
}

impl Kurir<'_> {
    fn l(&self) -> &langganan::Model {
        &self.g.langganan
    }

    /// What its owner may see now: the owner's scope (from its credential as it stands)
    /// narrowed to the subscription's satker. None when the owner is revoked or gone, or the
    /// satker is no longer within its scope.
    async fn lingkup(&self) -> Result<Option<Scope>, AppError> {
        let l = self.l();
        let Some(jenis) = Jenis::parse(&l.pemilik_jenis) else { return Ok(None) };
        let Some(k) = crate::repo::akses::cari(&Scope::sistem(), self.db, jenis, &l.pemilik).await? else {
            return Ok(None);
        };
        let (Some(satker), Some(akar), Ok(peran)) =
            (self.registry.by_id(k.satker_id), self.registry.by_id(l.satker_id), k.peran.parse::<Peran>())
        else {
            return Ok(None);
        };
        if k.dicabut_pada.is_some() {
            return Ok(None);
        }
        Ok(Principal::pemilik_langganan(&l.pemilik, jenis, satker.clone(), peran).scope().di_bawah(akar).ok())
    }

    /// Sends one message, signed with every secret in use.
    async fn kirim(&self, webhook_id: &str, body: &[u8]) -> Jawaban {
        let l = self.l();
        let gagal = |galat: String, ditolak: bool| Jawaban { kode: None, galat: Some(galat), cuplikan: None, ditolak };
        let url = match url::Url::parse(&l.url) {
            Ok(u) => u,
            Err(e) => return gagal(format!("URL tidak sah: {e}"), true),
        };
        if let Some(alasan) = self.webhook.tujuan.ip_literal_ditolak(&url) {
            return gagal(alasan, true);
        }
        let now = Utc::now();
        let mut rahasia = vec![l.rahasia.as_str()];
        if let (Some(lama), Some(sampai)) = (&l.rahasia_lama, l.rahasia_lama_sampai)
            && sampai > now
        {
            rahasia.push(lama);
        }
        let timestamp = now.timestamp();
        let res = self
            .webhook
            .tujuan
            .http
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", webhook_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", header_tanda_tangan(&rahasia, webhook_id, timestamp, body))
            .body(body.to_vec())
            .send()
            .await;
        match res {
            Ok(res) => {
                let kode = res.status().as_u16();
                let galat = (!(200..300).contains(&kode)).then(|| format!("penerima menjawab {kode}"));
                Jawaban { kode: Some(kode), galat, cuplikan: cuplikan(res).await, ditolak: false }
            }
            Err(e) => {
                let ditolak =
                    std::error::Error::source(&e).is_some_and(|_| galat_teks(&e).contains("KINERJA_WEBHOOK_IZINKAN"));
                gagal(galat_teks(&e), ditolak)
            }
        }
    }

    /// Stops the subscription for good reason; its owner resumes it when fixed.
    async fn hentikan(&self, alasan: String, j: Option<&Jawaban>) -> Result<(), AppError> {
        use langganan::Column as C;
        let mut kolom: Vec<(C, sea_orm::Value)> =
            vec![(C::Status, NONAKTIF.into()), (C::Alasan, Some(alasan).into()), (C::Diubah, Utc::now().into())];
        if let Some(j) = j {
            kolom.extend(j.kolom_terakhir());
        }
        repo::catat(self.db, self.g, None, kolom).await?;
        self.metrics.kiriman("nonaktif");
        Ok(())
    }

    async fn layani(&self, puncak: Posisi) -> Result<(), AppError> {
        let Some(scope) = self.lingkup().await? else {
            return self
                .hentikan("Pemiliknya dicabut, atau satkernya tidak lagi dalam cakupan pemiliknya.".into(), None)
                .await;
        };
        if !self.kirim_ulang().await? {
            return Ok(());
        }
        self.kirim_baru(&scope, puncak).await
    }

    /// The parked deliveries queued to go again: one attempt each. Answers whether to go on.
    async fn kirim_ulang(&self) -> Result<bool, AppError> {
        for k in repo::antrean(self.db, self.g, GILIRAN as u64).await? {
            let j = self.kirim(&k.webhook_id, k.isi.as_bytes()).await;
            let status = if j.berhasil() { TERKIRIM } else { PARKIR };
            self.metrics.kiriman(if j.berhasil() { "terkirim" } else { "parkir" });
            repo::catat_kiriman(self.db, &k, status, j.kode.map(i32::from), j.galat.clone(), j.cuplikan.clone())
                .await?;
            if j.hilang() {
                self.hentikan("Penerima menjawab 410 Gone: langganan dihentikan.".into(), Some(&j)).await?;
                return Ok(false);
            }
            if !repo::catat(self.db, self.g, Some(sewa_sampai()), j.kolom_terakhir()).await? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The changes after its cursor, in order, until none is left, one fails, or its turn ends.
    /// Changes are read a page at a time, and the cursor is written after every
    /// [`CATAT_SETIAP`] deliveries or [`CATAT_SELANG`] (and at every failure and at the end):
    /// an instance that dies sends at most those again, which at-least-once allows.
    async fn kirim_baru(&self, scope: &Scope, puncak: Posisi) -> Result<(), AppError> {
        use langganan::Column as C;
        let l = self.l();
        let jenis = super::jenis_daftar(&l.jenis);
        let mut posisi = repo::posisi(l);
        let mut percobaan = l.percobaan;
        let mut gagal_pertama = l.gagal_pertama;
        let mut dikirim = 0usize;
        let mut belum_dicatat: Option<Jawaban> = None;
        let mut dicatat = tokio::time::Instant::now();
        let berhasil = |posisi: Posisi, j: &Jawaban| {
            let mut kolom = repo::kolom_posisi(posisi);
            kolom.extend(j.kolom_terakhir());
            kolom.extend([
                (C::Percobaan, 0i32.into()),
                (C::GagalPertama, Option::<DateTime<Utc>>::None.into()),
                (C::CobaLagiPada, Option::<DateTime<Utc>>::None.into()),
            ]);
            kolom
        };
        while dikirim < GILIRAN {
            let saring = Saring { setelah: posisi, batas: HALAMAN, jenis: &jenis };
            let halaman = perubahan::baca(scope, self.db, &saring).await?;
            let habis = halaman.len() < usize::try_from(HALAMAN).unwrap_or(usize::MAX);
            for b in halaman {
                let webhook_id = format!("msg_{}_{}", l.kode.trim_start_matches("lgn_"), b.posisi.teks());
                let pesan = PesanWebhook {
                    jenis: b.jenis.clone(),
                    timestamp: b.waktu,
                    data: crate::service::perubahan::view(b.clone()),
                };
                let body = serde_json::to_vec(&pesan).map_err(AppError::internal)?;
                let j = self.kirim(&webhook_id, &body).await;
                dikirim += 1;
                if j.berhasil() {
                    self.metrics.kiriman("terkirim");
                    posisi = b.posisi;
                    percobaan = 0;
                    gagal_pertama = None;
                    let j = belum_dicatat.insert(j);
                    let n = dikirim.is_multiple_of(CATAT_SETIAP);
                    if n || dicatat.elapsed() >= CATAT_SELANG {
                        if !repo::catat(self.db, self.g, Some(sewa_sampai()), berhasil(posisi, j)).await? {
                            return Ok(());
                        }
                        belum_dicatat = None;
                        dicatat = tokio::time::Instant::now();
                    }
                    continue;
                }
                // What was delivered before this one is recorded with whatever happens to it.
                let mut kolom = match belum_dicatat.take() {
                    Some(sebelum) => berhasil(posisi, &sebelum),
                    None => Vec::new(),
                };
                if j.hilang() {
                    kolom.extend([
                        (C::Status, NONAKTIF.into()),
                        (C::Alasan, Some("Penerima menjawab 410 Gone: langganan dihentikan.".to_string()).into()),
                        (C::Diubah, Utc::now().into()),
                    ]);
                    kolom.extend(j.kolom_terakhir());
                    repo::catat(self.db, self.g, None, kolom).await?;
                    self.metrics.kiriman("nonaktif");
                    return Ok(());
                }
                let now = Utc::now();
                percobaan = percobaan.saturating_add(1);
                let sejak = gagal_pertama.unwrap_or(now);
                gagal_pertama = Some(sejak);
                let selama = (now - sejak).to_std().unwrap_or_default();
                let n = u32::try_from(percobaan).unwrap_or(u32::MAX);
                match lanjutan(&self.webhook.jadwal, n, selama) {
                    Lanjutan::CobaLagi(jeda) => {
                        self.metrics.kiriman(if j.ditolak { "ditolak" } else { "gagal" });
                        let lagi = now + chrono::Duration::from_std(jeda).unwrap_or(chrono::Duration::hours(12));
                        kolom.extend(j.kolom_terakhir());
                        kolom.extend([
                            (C::Percobaan, percobaan.into()),
                            (C::GagalPertama, Some(sejak).into()),
                            (C::CobaLagiPada, Some(lagi).into()),
                        ]);
                        repo::catat(self.db, self.g, None, kolom).await?;
                        return Ok(());
                    }
                    Lanjutan::Parkir => {
                        self.metrics.kiriman("parkir");
                        let txn = crate::db::begin_write(self.db).await?;
                        repo::parkirkan(
                            &txn,
                            kiriman::ActiveModel {
                                langganan_id: Set(l.id),
                                webhook_id: Set(webhook_id),
                                jenis: Set(b.jenis.clone()),
                                perubahan_xid: Set(b.posisi.xid),
                                perubahan_id: Set(b.posisi.id),
                                isi: Set(String::from_utf8_lossy(&body).into_owned()),
                                status: Set(PARKIR.into()),
                                percobaan: Set(percobaan),
                                kode: Set(j.kode.map(i32::from)),
                                galat: Set(j.galat.clone()),
                                cuplikan: Set(j.cuplikan.clone()),
                                dibuat: Set(now),
                                diubah: Set(now),
                                ..Default::default()
                            },
                        )
                        .await?;
                        posisi = b.posisi;
                        percobaan = 0;
                        // The failing streak goes on: the next change gets one attempt if the
                        // target has been failing longer than a whole schedule.
                        kolom.extend(repo::kolom_posisi(posisi));
                        kolom.extend(j.kolom_terakhir());
                        kolom.extend([
                            (C::Percobaan, 0i32.into()),
                            (C::GagalPertama, Some(sejak).into()),
                            (C::CobaLagiPada, Option::<DateTime<Utc>>::None.into()),
                        ]);
                        if !repo::catat(&txn, self.g, Some(sewa_sampai()), kolom).await? {
                            return Ok(());
                        }
                        crate::db::komit(txn).await?;
                        dicatat = tokio::time::Instant::now();
                    }
                }
            }
            if habis {
                // Everything of its business up to the position read before it was taken is
                // delivered: its cursor goes there, past the changes not of its business.
                let akhir = posisi.max(puncak);
                let mut kolom = match belum_dicatat.take() {
                    Some(j) => berhasil(akhir, &j),
                    None => repo::kolom_posisi(akhir),
                };
                if akhir == repo::posisi(l) {
                    kolom.clear();
                }
                repo::catat(self.db, self.g, None, kolom).await?;
                return Ok(());
            }
        }
        // Its turn is over: record, let go, and be taken again in a later round.
        let kolom = match belum_dicatat.take() {
            Some(j) => berhasil(posisi, &j),
            None => Vec::new(),
        };
        repo::catat(self.db, self.g, None, kolom).await?;
        Ok(())
    }
}
