//! The summary rows the totals are read from stay equal to a recomputation from the documents,
//! whatever sequence of writes, dry runs, workflow steps and rule changes reaches them; a
//! summary changed behind the service's back is found by `kinerja ringkasan periksa` and
//! repaired by `kinerja ringkasan bangun`.

use api::acak::Acak;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{TestApp, run_cli, spawn_app, stderr, stdout};

const SATKER: [&str; 3] = ["18.01", "18.03", "31.71"];
const TAHUN: [i32; 2] = [2024, 2025];
const TW: [&str; 4] = ["TW1", "TW2", "TW3", "TW4"];

fn periksa(app: &TestApp) -> std::process::Output {
    run_cli(&["ringkasan", "periksa"], &[("DATABASE_URL", app.database.url.as_str())])
}

fn bands(r: &mut Acak) -> Value {
    let a = r.antara(40, 60);
    let b = r.antara(a + 1, 80);
    let c = r.antara(b + 1, 95);
    json!([
        {"dari": 0, "sampai": a, "nama": "Kurang"},
        {"dari": a, "sampai": b, "nama": "Cukup"},
        {"dari": b, "sampai": c, "nama": "Baik"},
        {"dari": c, "sampai": null, "nama": "Sangat Baik"}
    ])
}

/// One random step. Its outcome may be a refusal (a locked report, a PK that would drop
/// reported indicators): the summaries must be right either way.
async fn langkah(app: &TestApp, r: &mut Acak, tokens: &Tokens, registry: &api::registry::Registry) -> String {
    let kode = SATKER[usize::try_from(r.antara(0, 2)).unwrap()];
    let tahun = TAHUN[usize::try_from(r.antara(0, 1)).unwrap()];
    let q = usize::try_from(r.antara(0, 3)).unwrap();
    let satker = registry.by_kode(kode).unwrap();
    let varian = u64::try_from(r.antara(1, 3)).unwrap();
    let (pk, tws, anggaran) = api::bench_data::dokumen(varian, satker, tahun);
    let op = &tokens.operator[kode];
    let base = format!("/api/v1/satker/{kode}");
    let (label, res) = match r.antara(0, 11) {
        0 => ("pk", app.put_as(op, &format!("{base}/pk/{tahun}"), &pk, None).await),
        1..=4 => ("realisasi", app.put_as(op, &format!("{base}/realisasi/{tahun}/{}", TW[q]), &tws[q], None).await),
        5 => ("anggaran", app.put_as(op, &format!("{base}/anggaran/{tahun}"), &anggaran, None).await),
        6 => {
            let path = format!("{base}/realisasi/{tahun}/{}?dry_run=true", TW[q]);
            ("dry run", app.put_as(op, &path, &tws[q], None).await)
        }
        7 | 8 => {
            let path = format!("{base}/realisasi/{tahun}/{}/ajukan", TW[q]);
            let res = app.post_as(op, &path, &json!({})).await;
            // Half of the reports submitted are decided at once, the rest wait.
            if res.status() != 200 || r.antara(0, 1) == 0 {
                ("ajukan", res)
            } else {
                (
                    "ajukan dan verifikasi",
                    putuskan(app, r, tokens, &format!("{base}/realisasi/{tahun}/{}", TW[q])).await,
                )
            }
        }
        9 => ("verifikasi", putuskan(app, r, tokens, &format!("{base}/realisasi/{tahun}/{}", TW[q])).await),
        _ => {
            let (root, admin) = if r.antara(0, 1) == 0 { ("18", &tokens.admin18) } else { ("00", &tokens.admin00) };
            let url = format!("{}/api/v1/satker/{root}/aturan-capaian", app.address);
            let res = if r.antara(0, 3) == 0 {
                app.client.delete(url).bearer_auth(admin).send().await.unwrap()
            } else {
                let body = json!({"batas_capaian": r.antara(100, 150).to_string(), "pita_kategori": bands(r)});
                app.client.put(url).bearer_auth(admin).json(&body).send().await.unwrap()
            };
            ("aturan", res)
        }
    };
    let status = res.status();
    assert!(status.as_u16() < 500, "{label} {kode} {tahun}: {status} {}", res.text().await.unwrap());
    format!("{label} {kode} {tahun} TW{} → {status}", q + 1)
}

/// A verifikator of the report's provinsi approves it or returns it, at random.
async fn putuskan(app: &TestApp, r: &mut Acak, tokens: &Tokens, laporan: &str) -> reqwest::Response {
    let kode = laporan.trim_start_matches("/api/v1/satker/");
    let verif = &tokens.verifikator[&kode[..2]];
    let (aksi, body) =
        if r.antara(0, 1) == 0 { ("setujui", json!({})) } else { ("kembalikan", json!({"alasan": "periksa lagi"})) };
    app.post_as(verif, &format!("{laporan}/{aksi}"), &body).await
}

struct Tokens {
    operator: std::collections::HashMap<&'static str, String>,
    verifikator: std::collections::HashMap<&'static str, String>,
    admin18: String,
    admin00: String,
}

#[tokio::test]
async fn summaries_equal_a_recomputation_after_any_sequence_of_writes() {
    let app = spawn_app().await;
    let registry = api::registry::Registry::load(&app.db).await.unwrap();
    let mut tokens = Tokens {
        operator: Default::default(),
        verifikator: Default::default(),
        admin18: app.token("18", "admin").await,
        admin00: app.token("00", "admin").await,
    };
    for kode in SATKER {
        tokens.operator.insert(kode, app.token(kode, "operator").await);
    }
    for kode in ["18", "31"] {
        tokens.verifikator.insert(kode, app.token(kode, "verifikator").await);
    }
    let analis = app.token("18", "analis").await;
    for seed in 1..=4_u64 {
        let mut r = Acak::new(seed, b"ringkasan");
        let mut jejak = Vec::new();
        // Every satker-year starts with a PK, so that reports can be written.
        for kode in SATKER {
            for tahun in TAHUN {
                let (pk, _, _) = api::bench_data::dokumen(seed, registry.by_kode(kode).unwrap(), tahun);
                let path = format!("/api/v1/satker/{kode}/pk/{tahun}");
                let res = app.put_as(&tokens.operator[kode], &path, &pk, None).await;
                jejak.push(format!("pk {kode} {tahun} → {}", res.status()));
            }
        }
        for _ in 0..30 {
            jejak.push(langkah(&app, &mut r, &tokens, &registry).await);
        }
        let out = periksa(&app);
        assert!(
            out.status.success(),
            "seed {seed}: summaries differ from a recomputation after\n{}\n{}{}",
            jejak.join("\n"),
            stdout(&out),
            stderr(&out)
        );
    }

    // The totals read from the summaries; then one summary row changed behind the service's
    // back is found, named, and repaired.
    let path = "/api/v1/provinsi/18/ringkasan?tahun=2024";
    let before: Value = app.get_as(&analis, path).await.json().await.unwrap();
    assert!(before["anggaran"]["pagu"].as_i64().unwrap() > 0, "{before}");
    let backend = app.db.get_database_backend();
    app.db
        .execute_raw(Statement::from_string(
            backend,
            "UPDATE ringkasan_satker SET pagu_s = pagu_s + 1 WHERE tahun = 2024 AND satker_id = (SELECT id FROM satker WHERE kode_wilayah = '18.03')",
        ))
        .await
        .unwrap();
    let after: Value = app.get_as(&analis, path).await.json().await.unwrap();
    assert_eq!(
        after["anggaran"]["pagu"].as_i64(),
        before["anggaran"]["pagu"].as_i64().map(|p| p + 1),
        "read from the summary"
    );
    let out = periksa(&app);
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("ringkasan_satker\t18.03\t2024\ttersimpan tetapi tidak sesuai"), "{text}");
    assert!(text.contains("ringkasan_satker\t18.03\t2024\tseharusnya ada"), "{text}");
    assert!(stderr(&out).contains("kinerja ringkasan bangun"), "{}", stderr(&out));

    let out = run_cli(&["ringkasan", "bangun", "--tahun", "2024"], &[("DATABASE_URL", app.database.url.as_str())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(periksa(&app).status.success());
    let repaired: Value = app.get_as(&analis, path).await.json().await.unwrap();
    assert_eq!(repaired, before);
}

/// Documents stored before the summary rows existed are carried over: the migration that
/// creates the rows is followed, in the same start-up, by filling them from what is stored.
#[tokio::test]
async fn the_migration_fills_summary_rows_from_documents_already_stored() {
    use migration::{Migrator, MigratorTrait};
    let app = spawn_app().await;
    crate::ringkasan::load(&app).await;
    let analis = app.token("18", "analis").await;
    let ri = app.token("00", "analis").await;
    let paths = [
        (&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024"),
        (&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4"),
        (&ri, "/api/v1/nasional/ringkasan?tahun=2024"),
    ];
    let mut before = Vec::new();
    for (token, path) in paths {
        before.push(app.get_as(token, path).await.text().await.unwrap());
    }

    // Back to the schema before the summaries (their tables dropped), then up as start-up does.
    let steps = Migrator::migrations().len()
        - Migrator::migrations().iter().position(|m| m.name() == migration::RINGKASAN).unwrap();
    Migrator::down(&app.db, Some(u32::try_from(steps).unwrap())).await.unwrap();
    let backend = app.db.get_database_backend();
    assert!(app.db.execute_raw(Statement::from_string(backend, "SELECT 1 FROM ringkasan_satker")).await.is_err());
    api::db::migrate(&app.db).await.unwrap();

    for ((token, path), before) in paths.into_iter().zip(before) {
        assert_eq!(app.get_as(token, path).await.text().await.unwrap(), before, "{path}");
    }
    assert!(periksa(&app).status.success());
}

/// Two instances on one database, with the default settings: a write through one is in the
/// totals read through the other at once, REST and GraphQL.
#[tokio::test]
async fn a_write_through_one_instance_is_in_the_totals_of_another_at_once() {
    let a = spawn_app().await;
    crate::ringkasan::load(&a).await;
    let (b_address, _) = crate::helpers::start(&a.database.url, &[]).await.unwrap();
    let analis = a.token("18", "analis").await;
    let total = |token: String| {
        let (client, url) = (a.client.clone(), format!("{b_address}/api/v1/provinsi/18/ringkasan?tahun=2024"));
        async move {
            let body: Value = client.get(url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
            body["anggaran"]["pagu"].as_i64().unwrap()
        }
    };
    let gql = |token: String| {
        let (client, url) = (a.client.clone(), format!("{b_address}/graphql"));
        async move {
            let q = json!({"query": r#"{ provinsi(kode: "18") { ringkasan(tahun: 2024) { anggaran { pagu } } } }"#});
            let body: Value = client.post(url).bearer_auth(token).json(&q).send().await.unwrap().json().await.unwrap();
            let pagu = &body["data"]["provinsi"]["ringkasan"]["anggaran"]["pagu"];
            pagu.as_i64().or_else(|| pagu.as_str().and_then(|s| s.parse().ok())).unwrap_or_else(|| panic!("{body}"))
        }
    };
    let sebelum = total(analis.clone()).await;
    assert_eq!(gql(analis.clone()).await, sebelum);

    let op = a.token("18.01", "operator").await;
    let body = json!({"baris": [{"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52",
        "pagu": 7_000_000_000_i64, "realisasi": 1}]});
    let lama: Value = a.get_as(&op, "/api/v1/satker/18.01/anggaran/2024").await.json().await.unwrap();
    let lama_pagu = lama["total"]["pagu"].as_i64().unwrap();
    assert_eq!(a.put_as(&op, "/api/v1/satker/18.01/anggaran/2024", &body, None).await.status(), 200);
    let sesudah = sebelum - lama_pagu + 7_000_000_000;
    assert_eq!(total(analis.clone()).await, sesudah, "REST through the other instance");
    assert_eq!(gql(analis).await, sesudah, "GraphQL through the other instance");
}

/// The totals name each satker's kategori by the rules in force for it (read with the summary
/// lines), and the provinsi's by the provinsi's own.
#[tokio::test]
async fn totals_name_kategori_by_the_rules_in_force() {
    let app = spawn_app().await;
    crate::ringkasan::load(&app).await;
    let admin = app.token("18", "admin").await;
    let bands = json!([
        {"dari": 0, "sampai": 95, "nama": "Rendah"},
        {"dari": 95, "sampai": null, "nama": "Tinggi"}
    ]);
    let res = app
        .client
        .put(format!("{}/api/v1/satker/18/aturan-capaian", app.address))
        .bearer_auth(&admin)
        .json(&json!({"batas_capaian": "120", "pita_kategori": bands}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let analis = app.token("18", "analis").await;
    let total: Value =
        app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4").await.json().await.unwrap();
    let kategori = |kode: &str| {
        total["satker"].as_array().unwrap().iter().find(|s| s["kode"] == kode).unwrap()["kategori"].clone()
    };
    assert_eq!(kategori("18.01"), "Rendah", "90: {total}");
    assert_eq!(kategori("18.03"), "Tinggi", "100,61…: {total}");
    assert_eq!(total["kategori"], "Tinggi", "the provinsi's mean, 95,3…, by its own rules: {total}");
    // Another provinsi keeps the national bands.
    let ri = app.token("00", "analis").await;
    let n: Value = app.get_as(&ri, "/api/v1/nasional/ringkasan?tahun=2024&triwulan=TW4").await.json().await.unwrap();
    let row = |kode: &str| n["satker"].as_array().unwrap().iter().find(|s| s["kode"] == kode).unwrap().clone();
    assert_eq!(row("18")["kategori"], "Tinggi");
    assert_eq!(row("31")["kategori"], "Gagal");
}

/// With totals cached for a minute on every instance, a write through one instance reaches the
/// totals read through another within a second: the write tells every instance (NOTIFY), and
/// the TTL is only a safety net. A revocation through the CLI reaches a running instance as
/// fast. PostgreSQL only: SQLite serves one instance.
#[tokio::test]
async fn with_a_minute_of_cache_a_write_elsewhere_is_seen_within_a_second() {
    if !crate::helpers::is_postgres() {
        eprintln!("skipped: messages between instances are PostgreSQL's (set TEST_DATABASE_URL)");
        return;
    }
    let minute = [("KINERJA_CACHE_TTL_MS", Some("60000"))];
    let a = crate::helpers::spawn_app_with(&minute).await;
    crate::ringkasan::load(&a).await;
    let (b, _) = crate::helpers::start(&a.database.url, &minute).await.unwrap();
    let analis = a.token("18", "analis").await;
    let pagu_di_b = || {
        let (client, url, t) =
            (a.client.clone(), format!("{b}/api/v1/provinsi/18/ringkasan?tahun=2024"), analis.clone());
        async move {
            let body: Value = client.get(url).bearer_auth(t).send().await.unwrap().json().await.unwrap();
            body["anggaran"]["pagu"].as_i64().unwrap()
        }
    };
    let sebelum = pagu_di_b().await;
    assert_eq!(pagu_di_b().await, sebelum, "cached on B");
    let op = a.token("18.01", "operator").await;
    let lama: Value = a.get_as(&op, "/api/v1/satker/18.01/anggaran/2024").await.json().await.unwrap();
    let body = json!({"baris": [{"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52",
        "pagu": 7_000_000_000_i64, "realisasi": 1}]});
    assert_eq!(a.put_as(&op, "/api/v1/satker/18.01/anggaran/2024", &body, None).await.status(), 200);
    let sesudah = sebelum - lama["total"]["pagu"].as_i64().unwrap() + 7_000_000_000;
    let mulai = std::time::Instant::now();
    while pagu_di_b().await != sesudah {
        assert!(mulai.elapsed() < std::time::Duration::from_secs(1), "B still serves the old total");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    // A client revoked by the CLI (another process) is refused by B at once, not after the 5 s
    // of its revocation memory.
    let (id, secret) = a.klien("18.03", "operator").await;
    let token = crate::helpers::token_of(&a.client, &b, &id, &secret).await;
    let saya = || a.client.get(format!("{b}/api/v1/auth/saya")).bearer_auth(token.clone()).send();
    assert_eq!(saya().await.unwrap().status(), 200, "remembered as not revoked on B");
    let out = crate::helpers::run_cli(&["client", "revoke", &id], &[("DATABASE_URL", a.database.url.as_str())]);
    assert!(out.status.success(), "{}", crate::helpers::stderr(&out));
    let mulai = std::time::Instant::now();
    while saya().await.unwrap().status() != 401 {
        assert!(mulai.elapsed() < std::time::Duration::from_secs(1), "B still accepts the revoked client");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
