//! `kinerja bench-data`: every satker of the registry over several years, with realistic
//! documents (25–40 mixed indicators, four triwulan, budgets with monthly realisasi), loaded
//! through the service layer so the stored capaian are real. Deterministic for a seed.

use std::io::Write;
use std::time::Instant;

use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::acak::Acak;
use crate::domain::dokumen as doc;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::Scope;
use crate::repo::audit::Pelaku;
use crate::service::dokumen::{self as service, Tulis};

/// How many of a PK's indicators (the first ones) report against the catalogue.
const DARI_KATALOG: usize = 30;

/// KPU RI's catalogue for the benchmark: the first [`DARI_KATALOG`] indicator slots, defined as
/// the generated PKs use them.
pub fn katalog() -> Value {
    let entri: Vec<Value> = (0..DARI_KATALOG)
        .map(|i| {
            let kode = format!("KPU-{:02}", i + 1);
            match i % 8 {
                0..=3 => json!({"kode": kode, "nama": format!("Persentase kinerja {kode}"), "satuan": "persen", "tipe_nilai": "persen"}),
                4 => json!({"kode": kode, "nama": format!("Jumlah kegiatan {kode}"), "satuan": "kali", "tipe_nilai": "angka"}),
                5 => json!({"kode": kode, "nama": format!("Jumlah revisi {kode}"), "satuan": "kali", "tipe_nilai": "angka", "polaritas": "minimal"}),
                6 => json!({"kode": kode, "nama": format!("Indeks {kode}"), "satuan": "nilai", "tipe_nilai": "indeks"}),
                _ => json!({"kode": kode, "nama": format!("Nilai SAKIP {kode}"), "satuan": "predikat", "tipe_nilai": "predikat", "metode_predikat": "skor"}),
            }
        })
        .collect();
    json!({ "indikator": entri })
}

/// One satker-year of documents: PK, four triwulan reports, anggaran.
pub fn dokumen(seed: u64, satker: &SatkerRef, tahun: i32) -> (Value, Vec<Value>, Value) {
    let key: Vec<u8> = satker.kode.bytes().chain(tahun.to_le_bytes()).collect();
    let mut r = Acak::new(seed, &key);
    let n = usize::try_from(r.antara(25, 40)).unwrap_or(30);
    let mut pk = Vec::with_capacity(n);
    let mut tw: Vec<Vec<Value>> = vec![Vec::new(); 4];
    for i in 0..n {
        let kode = format!("IK-{:02}", i + 1);
        // Most indicators come from KPU's catalogue (named there by its own code); the last
        // few of a long PK are the satker's own.
        let label = if i < DARI_KATALOG { format!("KPU-{:02}", i + 1) } else { kode.clone() };
        match i % 8 {
            // Percentages, higher is better, quarterly targets.
            0..=3 => {
                let target = r.antara(70, 100);
                let tws: Vec<String> = (1..=4).map(|q| (target * q / 4).to_string()).collect();
                pk.push(json!({"kode": kode, "nama": format!("Persentase kinerja {label}"), "satuan": "persen", "target": target.to_string(), "target_triwulan": tws}));
                let akhir = target * 100 + r.antara(-1500, 1000) * target / 100;
                for q in 1..=4_i64 {
                    let v = (akhir * q / 4).max(0);
                    tw[usize::try_from(q - 1).unwrap_or(0)]
                        .push(json!({"kode": kode, "realisasi": format!("{},{:02}", v / 100, v % 100)}));
                }
            }
            // Counts, higher is better.
            4 => {
                let target = r.antara(2, 30);
                pk.push(json!({"kode": kode, "nama": format!("Jumlah kegiatan {label}"), "satuan": "kali", "target": target}));
                for q in 1..=4_i64 {
                    let v = (target * q / 4 + r.antara(-1, 2)).max(0);
                    tw[usize::try_from(q - 1).unwrap_or(0)].push(json!({"kode": kode, "realisasi": v}));
                }
            }
            // Counts, lower is better (revisions, findings).
            5 => {
                let target = r.antara(0, 10);
                pk.push(json!({"kode": kode, "nama": format!("Jumlah revisi {label}"), "satuan": "kali", "polaritas": "minimal", "target": target}));
                for q in 1..=4_i64 {
                    let v = (target * q / 4 + r.antara(-1, 3)).max(0);
                    tw[usize::try_from(q - 1).unwrap_or(0)].push(json!({"kode": kode, "realisasi": v}));
                }
            }
            // An index.
            6 => {
                pk.push(json!({"kode": kode, "nama": format!("Indeks {label}"), "satuan": "nilai", "tipe_nilai": "indeks", "target": "75"}));
                let v = r.antara(6000, 9000);
                tw[3].push(json!({"kode": kode, "realisasi": format!("{},{:02}", v / 100, v % 100)}));
            }
            // A SAKIP grade by score.
            _ => {
                pk.push(json!({"kode": kode, "nama": format!("Nilai SAKIP {label}"), "satuan": "predikat", "tipe_nilai": "predikat", "metode_predikat": "skor", "target": "BB"}));
                let v = r.antara(6000, 9200);
                tw[3].push(json!({"kode": kode, "realisasi": format!("{},{:02}", v / 100, v % 100)}));
            }
        }
    }
    for (i, row) in pk.iter_mut().enumerate().take(DARI_KATALOG) {
        row["katalog"] = json!(format!("KPU-{:02}", i + 1));
    }
    let mut baris = Vec::new();
    for (program, nama, jenis) in [
        ("076.01.WA", "Dukungan Manajemen", ["51", "52", "53"]),
        ("076.01.DH", "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi", ["52", "53", "57"]),
    ] {
        for j in jenis {
            for sumber in ["APBN", "HIBAH"] {
                if sumber == "HIBAH" && program == "076.01.WA" {
                    continue;
                }
                let pagu = r.antara(50_000, 20_000_000) * 1000;
                let realisasi = pagu / 10_000 * r.antara(8_500, 10_000);
                let weights: Vec<i64> = (1..=12).map(|m| 3 + m + r.antara(0, 5)).collect();
                let total: i64 = weights.iter().sum();
                let mut months: Vec<i64> = weights.iter().map(|w| realisasi * w / total).collect();
                months[11] += realisasi - months.iter().sum::<i64>();
                baris.push(
                    json!({"program_kode": program, "program_nama": nama, "jenis_belanja": j, "sumber_dana": sumber,
                                  "pagu": pagu, "realisasi": realisasi, "realisasi_bulanan": months}),
                );
            }
        }
    }
    (json!({ "indikator": pk }), tw.into_iter().map(|t| json!({ "indikator": t })).collect(), json!({ "baris": baris }))
}

#[derive(Debug, serde::Serialize)]
pub struct Hasil {
    pub satker_tahun: usize,
    pub dokumen: usize,
    pub detik: f64,
}

fn invalid(e: Vec<crate::error::FieldError>) -> AppError {
    AppError::internal(format!("generated document invalid: {e:?}"))
}

/// Loads every satker for each year, printing a progress bar on stderr.
pub async fn muat(db: &DatabaseConnection, registry: &Registry, tahun: &[i32], seed: u64) -> Result<Hasil, AppError> {
    let scope = Scope::sistem();
    let pelaku = Pelaku::sistem("bench-data");
    let t = Tulis { pelaku: &pelaku, if_match: None, baru: false, dry_run: false, demo: true, request_id: None };
    let satker = registry.subtree("00");
    // The national catalogue of every Renstra period the years fall in, first.
    let mut periode: Vec<i32> = tahun.iter().map(|y| crate::domain::dokumen::katalog::periode_tahun(*y)).collect();
    periode.dedup();
    let nasional = registry.by_kode("00").ok_or_else(|| AppError::internal("KPU RI not in the registry"))?;
    for awal in periode {
        let entri = doc::katalog::parse_katalog(&katalog()).map_err(invalid)?;
        service::put_katalog(db, registry, &scope, nasional, awal, entri, &t).await?;
    }
    let total = satker.len() * tahun.len();
    let started = Instant::now();
    let mut done = 0;
    let mut jumlah_dokumen = 0;
    for y in tahun {
        for s in &satker {
            let (pk, tws, anggaran) = dokumen(seed, s, *y);
            let pk = service::lengkapi_pk(db, registry, &scope, s, *y, &pk).await?;
            service::put_pk(db, registry, &scope, s, *y, doc::parse_pk(&pk).map_err(invalid)?.into(), &t).await?;
            for (q, body) in crate::domain::kode::Triwulan::ALL.into_iter().zip(tws) {
                let masuk = doc::parse_realisasi(&body).map_err(invalid)?;
                service::put_realisasi(db, registry, &scope, s, *y, q, masuk, &t).await?;
            }
            service::put_anggaran(db, &scope, s, *y, doc::parse_anggaran(&anggaran).map_err(invalid)?, &t).await?;
            jumlah_dokumen += 6;
            done += 1;
            if done % 20 == 0 || done == total {
                let elapsed = started.elapsed().as_secs_f64();
                let eta = elapsed / done as f64 * (total - done) as f64;
                let filled = done * 40 / total;
                let bar: String = "#".repeat(filled) + &"-".repeat(40 - filled);
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r[{bar}] {done}/{total} satker-tahun, {elapsed:.0} s, sisa ~{eta:.0} s ");
                let _ = err.flush();
            }
        }
    }
    let _ = writeln!(std::io::stderr());
    Ok(Hasil { satker_tahun: done, dokumen: jumlah_dokumen, detik: started.elapsed().as_secs_f64() })
}

/// `2020..2024`, `2024` or `2020,2022`.
pub fn parse_tahun(s: &str) -> Result<Vec<i32>, String> {
    let bad = || format!("--tahun '{s}' tidak dikenal; contoh: 2020..2024, 2024 atau 2020,2022");
    let years: Vec<i32> = if let Some((a, b)) = s.split_once("..") {
        let (a, b) = (a.trim().parse::<i32>().map_err(|_| bad())?, b.trim().parse::<i32>().map_err(|_| bad())?);
        (a..=b).collect()
    } else {
        s.split(',').map(|y| y.trim().parse::<i32>().map_err(|_| bad())).collect::<Result<_, _>>()?
    };
    if years.is_empty() || years.iter().any(|y| !(2000..=2100).contains(y)) {
        return Err(bad());
    }
    Ok(years)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_documents_are_valid_and_deterministic() {
        let s = SatkerRef {
            id: 1,
            kode: "18.03".into(),
            nama: "x".into(),
            tingkat: "kabupaten_kota".into(),
            jalur: "00/18/18.03".into(),
        };
        for tahun in 2020..=2024 {
            let (pk, tws, anggaran) = dokumen(7, &s, tahun);
            let n = doc::parse_pk(&pk).unwrap().len();
            assert!((25..=40).contains(&n));
            // What the catalogue defines, the generated PK says the same way.
            let katalog = doc::katalog::parse_katalog(&katalog()).unwrap();
            let cari = |k: &str| katalog.iter().find(|e| e.kode == k);
            let lengkap = doc::katalog::lengkapi_pk(&pk, "kabupaten_kota", cari).unwrap();
            assert_eq!(lengkap["indikator"].as_array().unwrap().len(), n);
            assert_eq!(pk["indikator"][0]["katalog"], "KPU-01");
            assert!(pk["indikator"][n - 1].get("katalog").is_none() || n <= 30);
            for tw in &tws {
                doc::parse_realisasi(tw).unwrap();
            }
            assert!(doc::parse_anggaran(&anggaran).unwrap().len() >= 9);
            assert_eq!(dokumen(7, &s, tahun).2, anggaran);
        }
        assert_ne!(dokumen(7, &s, 2024).0, dokumen(8, &s, 2024).0, "another seed, other data");
    }
}
