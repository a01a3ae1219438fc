//! `kinerja beban-tenggat`: the deadline-day load against running instances, for capacity
//! planning (bench/tenggat.sh). Writers send each kabupaten/kota's realisasi of one triwulan and
//! its anggaran (every request a real change: a new version, audit row and summaries), round
//! the 514 satkers; readers are provinsi analysts refreshing their dashboard page and totals. Requests
//! alternate between the servers given, as a load balancer would. Closed loops: each writer and
//! reader sends its next request when the last is answered, so the figures are what the set-up
//! sustains at that concurrency.
//!
//! Needs the benchmark data (`kinerja bench-data`) for the year in the database the servers use
//! (`DATABASE_URL`), where it creates one API client per satker and mints their tokens with the
//! configured key; the servers must share that key.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::config::Settings;
use crate::domain::kode::Triwulan;
use crate::registry::{Registry, SatkerRef};

pub struct Opsi {
    pub server: Vec<String>,
    pub detik: u64,
    pub penulis: usize,
    pub pembaca: usize,
    pub tahun: i32,
    pub triwulan: Triwulan,
    pub seed: u64,
}

#[derive(Debug, Default, Serialize)]
pub struct Angka {
    pub jumlah: usize,
    pub gagal: usize,
    pub per_detik: String,
    pub p50_ms: String,
    pub p99_ms: String,
}

#[derive(Debug, Serialize)]
pub struct Hasil {
    pub server: usize,
    pub detik: u64,
    pub penulis: usize,
    pub pembaca: usize,
    /// PUT realisasi and PUT anggaran.
    pub tulis: Angka,
    /// The provinsi dashboard page and the provinsi totals (JSON).
    pub baca: Angka,
}

fn angka(mut ms: Vec<f64>, gagal: usize, detik: f64) -> Angka {
    ms.sort_by(f64::total_cmp);
    let q = |p: f64| ms.get(((ms.len() as f64 * p) as usize).min(ms.len().saturating_sub(1))).copied().unwrap_or(0.0);
    Angka {
        jumlah: ms.len(),
        gagal,
        per_detik: format!("{:.1}", ms.len() as f64 / detik),
        p50_ms: format!("{:.2}", q(0.5)),
        p99_ms: format!("{:.2}", q(0.99)),
    }
}

/// A client and a token for each of `satker` with `peran`.
async fn token(
    db: &sea_orm::DatabaseConnection,
    keys: &crate::auth::keys::KeySet,
    satker: &[SatkerRef],
    peran: crate::domain::akses::Peran,
) -> Result<Vec<String>, String> {
    let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
    let hasher = crate::auth::password::Hasher::new(cores).map_err(|e| e.to_string())?;
    let pelaku = crate::repo::audit::Pelaku::sistem("beban-tenggat");
    let mut out = Vec::new();
    for chunk in satker.chunks(cores * 4) {
        let mut jobs = Vec::new();
        for s in chunk {
            let (db, hasher, pelaku, s) = (db.clone(), hasher.clone(), pelaku.clone(), s.clone());
            jobs.push(tokio::spawn(async move {
                let nama = Some("beban-tenggat".to_string());
                crate::service::akses::buat_klien(&db, &hasher, &pelaku, &s, peran, nama, None).await
            }));
        }
        for (s, job) in chunk.iter().zip(jobs) {
            let k = job.await.map_err(|e| e.to_string())?.map_err(|e| e.to_string())?;
            let claims = keys.claims(&k.client_id, &s.kode, peran.as_str(), "klien", crate::auth::keys::now_secs());
            out.push(keys.sign(&claims).map_err(|e| e.to_string())?);
        }
    }
    Ok(out)
}

/// Sends a request and notes how long the whole answer took, or that it failed.
async fn catat(req: reqwest::RequestBuilder, ms: &mut Vec<f64>, gagal: &mut usize) {
    let t = Instant::now();
    match req.send().await {
        Ok(r) if r.status().is_success() => {
            let _ = r.bytes().await;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        _ => *gagal += 1,
    }
}

pub async fn jalankan(settings: &Settings, o: Opsi) -> Result<Hasil, String> {
    if o.server.is_empty() {
        return Err("sebutkan --server".into());
    }
    let db = crate::db::connect(&settings.database_url).await.map_err(|e| e.to_string())?;
    let registry = Registry::load(&db).await.map_err(|e| e.to_string())?;
    let keys = crate::auth::setup::keyset(settings)?;
    let kab: Vec<SatkerRef> =
        registry.subtree("00").into_iter().filter(|s| s.tingkat == "kabupaten_kota").cloned().collect();
    let prov: Vec<SatkerRef> =
        registry.subtree("00").into_iter().filter(|s| s.tingkat == "provinsi").cloned().collect();
    if kab.is_empty() || prov.is_empty() {
        return Err("registri satker kosong".into());
    }
    eprintln!("membuat {} klien operator dan {} analis…", kab.len(), prov.len());
    let t_op = token(&db, &keys, &kab, crate::domain::akses::Peran::Operator).await?;
    let t_an = token(&db, &keys, &prov, crate::domain::akses::Peran::Analis).await?;
    // Each satker's documents as the benchmark data holds them.
    let badan: Vec<(Value, Value)> = kab
        .iter()
        .map(|s| {
            let (_, tw, anggaran) = crate::bench_data::dokumen(o.seed, s, o.tahun);
            (tw[usize::try_from(o.triwulan.nomor() - 1).unwrap_or(0)].clone(), anggaran)
        })
        .collect();
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().map_err(|e| e.to_string())?;
    let konteks = Arc::new((kab, prov, t_op, t_an, badan, o.server.clone()));
    let giliran = Arc::new(AtomicUsize::new(0));
    let versi = Arc::new(AtomicUsize::new(0));
    let selesai = Instant::now() + Duration::from_secs(o.detik);
    let mulai = Instant::now();

    let mut tugas = Vec::new();
    for w in 0..o.penulis {
        let (k, http, giliran, versi, tw) = (konteks.clone(), http.clone(), giliran.clone(), versi.clone(), o.triwulan);
        let tahun = o.tahun;
        tugas.push(tokio::spawn(async move {
            let (kab, _, t_op, _, badan, server) = &*k;
            let (mut ms, mut gagal) = (Vec::new(), 0usize);
            let mut n = w;
            while Instant::now() < selesai {
                let i = giliran.fetch_add(1, Ordering::Relaxed) % kab.len();
                let v = versi.fetch_add(1, Ordering::Relaxed);
                let (mut real, mut ang) = badan[i].clone();
                // A real change each time: a narrative, a budget line's description.
                if let Some(ind) = real["indikator"].get_mut(0) {
                    ind["catatan"] = Value::String(format!("beban tenggat {v}"));
                }
                if let Some(b) = ang["baris"].get_mut(0) {
                    b["uraian"] = Value::String(format!("beban tenggat {v}"));
                }
                let kode = &kab[i].kode;
                for (path, body) in [
                    (format!("/api/v1/satker/{kode}/realisasi/{tahun}/{tw}"), real),
                    (format!("/api/v1/satker/{kode}/anggaran/{tahun}"), ang),
                ] {
                    let base = &server[n % server.len()];
                    n += 1;
                    catat(http.put(format!("{base}{path}")).bearer_auth(&t_op[i]).json(&body), &mut ms, &mut gagal)
                        .await;
                }
            }
            (true, ms, gagal)
        }));
    }
    for r in 0..o.pembaca {
        let (k, http) = (konteks.clone(), http.clone());
        let tahun = o.tahun;
        tugas.push(tokio::spawn(async move {
            let (_, prov, _, t_an, _, server) = &*k;
            let (mut ms, mut gagal) = (Vec::new(), 0usize);
            let mut n = r;
            while Instant::now() < selesai {
                let j = n % prov.len();
                let path = if n % 2 == 0 {
                    format!("/dasbor?tahun={tahun}")
                } else {
                    format!("/api/v1/provinsi/{}/ringkasan?tahun={tahun}", prov[j].kode)
                };
                let base = &server[n % server.len()];
                n += 1;
                catat(http.get(format!("{base}{path}")).bearer_auth(&t_an[j]), &mut ms, &mut gagal).await;
            }
            (false, ms, gagal)
        }));
    }
    let (mut tulis, mut baca, mut gt, mut gb) = (Vec::new(), Vec::new(), 0, 0);
    for t in tugas {
        let (penulis, ms, gagal) = t.await.map_err(|e| e.to_string())?;
        if penulis {
            tulis.extend(ms);
            gt += gagal;
        } else {
            baca.extend(ms);
            gb += gagal;
        }
    }
    let detik = mulai.elapsed().as_secs_f64();
    Ok(Hasil {
        server: o.server.len(),
        detik: o.detik,
        penulis: o.penulis,
        pembaca: o.pembaca,
        tulis: angka(tulis, gt, detik),
        baca: angka(baca, gb, detik),
    })
}
