//! In-process costs of the parts every request pays for, without database or network:
//! validating a submitted document, the capaian rules, the summary, verifying a token, and
//! the deliberately slow argon2id check. `cargo bench -p api --bench inti`.

use std::hint::black_box;

use api::auth::keys::KeySet;
use api::config::Secret;
use api::domain::angka::{self, Konteks};
use api::domain::capaian::{self, Aturan, Polaritas, Target};
use api::domain::dokumen::{parse_anggaran, parse_realisasi};
use api::domain::kategori::PitaKategori;
use api::domain::nilai::{Nilai, TipeNilai};
use api::domain::ringkasan::{Butir, ringkas};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use serde_json::json;

/// A 200-line budget as `bench/tulis.sh` sends it: every line with its twelve months.
fn anggaran_200() -> serde_json::Value {
    let baris: Vec<_> = (0..200)
        .map(|i| {
            json!({"program_kode": "076.01.DH", "program_nama": "Penyelenggaraan Pemilu", "jenis_belanja": "52",
                   "sumber_dana": "APBN", "akun": format!("52{i:04}"), "pagu": 1_000_000, "realisasi": 900_000,
                   "realisasi_bulanan": vec![75_000; 12]})
        })
        .collect();
    json!({ "baris": baris })
}

fn realisasi_40() -> serde_json::Value {
    let rows: Vec<_> =
        (0..40).map(|i| json!({"kode": format!("B-{i:02}"), "realisasi": "80,5", "catatan": "uji"})).collect();
    json!({ "indikator": rows })
}

fn dokumen(c: &mut Criterion) {
    let anggaran = anggaran_200();
    c.bench_function("parse_anggaran 200 baris", |b| b.iter(|| parse_anggaran(black_box(&anggaran))));
    let realisasi = realisasi_40();
    c.bench_function("parse_realisasi 40 indikator", |b| b.iter(|| parse_realisasi(black_box(&realisasi))));
    c.bench_function("angka::parse rupiah", |b| b.iter(|| angka::parse(black_box("77.452.486.000"), Konteks::Rupiah)));
}

fn capaian_dan_ringkasan(c: &mut Criterion) {
    let persen = |v: i64| Nilai::Angka { nilai: Decimal::new(v, 1), satuan: None };
    let rules = [
        Aturan { tipe: TipeNilai::Persen, polaritas: Polaritas::Maksimal, metode: None },
        Aturan { tipe: TipeNilai::Persen, polaritas: Polaritas::Minimal, metode: None },
    ];
    let target = Target::Nilai(persen(900));
    let realisasi: Vec<Nilai> = (0..40).map(|i| persen(700 + i * 10)).collect();
    c.bench_function("capaian::hitung 40 indikator", |b| {
        b.iter(|| {
            realisasi
                .iter()
                .enumerate()
                .filter_map(|(i, r)| capaian::hitung(&rules[i % 2], black_box(&target), Some(r)).ok().flatten())
                .map(|h| h.capaian)
                .sum::<Decimal>()
        })
    });
    let pita = PitaKategori::bawaan();
    let butir: Vec<Butir> = (0..40)
        .map(|i| Butir { capaian_terbatas: Some(Decimal::new(8000 + i * 97, 2)), bobot: Decimal::ONE })
        .collect();
    c.bench_function("ringkas 40 indikator", |b| b.iter(|| ringkas(black_box(&butir), &pita)));
}

fn token(c: &mut Criterion) {
    let keys =
        KeySet::hs256(&Secret::new("rahasia-bench-yang-cukup-panjang-0123456789"), "kinerja", "kinerja-api", 3600)
            .expect("keys");
    let now = api::auth::keys::now_secs();
    let jwt = keys.sign(&keys.claims("klien-1", "18.05", "operator", "klien", now)).expect("sign");
    c.bench_function("verifikasi JWT HS256", |b| b.iter(|| keys.verify(black_box(&jwt)).is_ok()));

    let hash = api::auth::password::hash_blocking("rahasia-klien").expect("hash");
    let mut slow = c.benchmark_group("argon2id");
    slow.sample_size(10);
    slow.bench_function("verifikasi rahasia klien", |b| {
        b.iter(|| api::auth::password::verify_blocking(black_box("rahasia-klien"), &hash))
    });
    slow.finish();
}

criterion_group!(benches, dokumen, capaian_dan_ringkasan, token);
criterion_main!(benches);
