//! Live aggregates over REST: two provinsi with known data, every contract field checked
//! against figures computed by hand; JSON and CSV agree; ETag/304; tenants refused.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::dokumen::seed001;
use crate::helpers::{TestApp, spawn_app};

async fn put(app: &TestApp, token: &str, path: &str, body: Value) {
    let res = app.put_as(token, path, &body, None).await;
    assert_eq!(res.status(), 200, "{path}: {}", res.text().await.unwrap());
}

/// 18.03 = seed 001; 18.01 = two indicators (80 and 100 → 90) and a budget; 18.02 = a PK with
/// nothing reported; 31.71 = one indicator at 50 and a budget fully spent.
pub async fn load(app: &TestApp) {
    let seed = seed001();
    let lampura = app.token("18.03", "operator").await;
    put(app, &lampura, "/api/v1/satker/18.03/pk/2024", seed["pk"].clone()).await;
    put(app, &lampura, "/api/v1/satker/18.03/realisasi/2024/TW4", seed["realisasi"]["TW4"].clone()).await;
    put(app, &lampura, "/api/v1/satker/18.03/anggaran/2024", seed["anggaran"].clone()).await;

    let lamsel = app.token("18.01", "operator").await;
    put(
        app,
        &lamsel,
        "/api/v1/satker/18.01/pk/2024",
        json!({"indikator": [
        {"kode": "A", "nama": "Persentase partisipasi", "satuan": "persen", "target": "100"},
        {"kode": "B", "nama": "Jumlah sosialisasi", "satuan": "kali", "target": 10}]}),
    )
    .await;
    put(
        app,
        &lamsel,
        "/api/v1/satker/18.01/realisasi/2024/TW4",
        json!({"indikator": [
        {"kode": "A", "realisasi": "80"}, {"kode": "B", "realisasi": "10"}]}),
    )
    .await;
    put(app, &lamsel, "/api/v1/satker/18.01/anggaran/2024", json!({"baris": [
        {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52", "pagu": 1000000000, "realisasi": 900000000}]})).await;

    let lamteng = app.token("18.02", "operator").await;
    put(
        app,
        &lamteng,
        "/api/v1/satker/18.02/pk/2024",
        json!({"indikator": [
        {"kode": "A", "nama": "a", "satuan": "persen", "target": "100"},
        {"kode": "B", "nama": "b", "satuan": "persen", "target": "100"},
        {"kode": "C", "nama": "c", "satuan": "persen", "target": "100"}]}),
    )
    .await;

    let jakpus = app.token("31.71", "operator").await;
    put(
        app,
        &jakpus,
        "/api/v1/satker/31.71/pk/2024",
        json!({"indikator": [{"kode": "A", "nama": "a", "satuan": "persen", "target": "100"}]}),
    )
    .await;
    put(
        app,
        &jakpus,
        "/api/v1/satker/31.71/realisasi/2024/TW4",
        json!({"indikator": [{"kode": "A", "realisasi": "50"}]}),
    )
    .await;
    put(app, &jakpus, "/api/v1/satker/31.71/anggaran/2024", json!({"baris": [
        {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "51", "pagu": 500000000, "realisasi": 500000000}]})).await;
}

fn row<'a>(r: &'a Value, kode: &str) -> &'a Value {
    r["satker"].as_array().unwrap().iter().find(|s| s["kode"] == kode).unwrap_or_else(|| panic!("{kode} missing"))
}

#[tokio::test]
async fn provinsi_and_nasional_totals_are_exact_and_json_and_csv_agree() {
    let app = spawn_app().await;
    load(&app).await;
    let analis = app.token("18", "analis").await;

    let res = app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4").await;
    assert_eq!(res.status(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let r: Value = res.json().await.unwrap();
    assert_eq!(
        (r["kode"].as_str(), r["tahun"].as_i64(), r["triwulan"].as_str()),
        (Some("18"), Some(2024), Some("TW4"))
    );
    assert_eq!((r["jumlah_satker"].as_u64(), r["jumlah_melapor"].as_u64()), (Some(16), Some(2)));
    assert_eq!(r["capaian_rata_rata"], "95.306034", "(100,612069 + 90) / 2");
    assert_eq!(r["kategori"], "Sangat Baik");
    assert_eq!(
        r["anggaran"],
        json!({"pagu": 78452486000_i64, "realisasi": 78219385462_i64, "sisa": 233100538, "persen_penyerapan": "99.70"})
    );
    let lampura = row(&r, "18.03");
    assert_eq!(
        (lampura["capaian_rata_rata"].as_str(), lampura["kategori"].as_str()),
        (Some("100.612069"), Some("Sangat Baik"))
    );
    assert_eq!(
        (lampura["dilaporkan"].as_i64(), lampura["diharapkan"].as_i64(), lampura["kelengkapan"].as_str()),
        (Some(29), Some(32), Some("90.625"))
    );
    assert_eq!(
        lampura["anggaran"],
        json!({"pagu": 77452486000_i64, "realisasi": 77319385462_i64, "sisa": 133100538, "persen_penyerapan": "99.83"})
    );
    assert_eq!(row(&r, "18.01")["capaian_rata_rata"], "90");
    assert_eq!(row(&r, "18.01")["kategori"], "Baik");
    let lamteng = row(&r, "18.02");
    assert_eq!(
        (lamteng["capaian_rata_rata"].clone(), lamteng["kelengkapan"].as_str(), lamteng["diharapkan"].as_i64()),
        (Value::Null, Some("0"), Some(3))
    );
    assert_eq!(row(&r, "18")["tingkat"], "provinsi", "the provinsi satker itself is listed");

    // The same figures as the satker's own anggaran endpoint, to the rupiah.
    let own: Value = app.get_as(&analis, "/api/v1/satker/18.03/anggaran/2024").await.json().await.unwrap();
    assert_eq!(own["total"], lampura["anggaran"]);

    // CSV: one row per satker plus a total row, agreeing with the JSON.
    let csv = app
        .client
        .get(format!("{}/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4", app.address))
        .bearer_auth(&analis)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(lines[0][..4], ["kode", "nama", "triwulan", "capaian_rata_rata"]);
    assert_eq!(lines.len(), 1 + 16 + 1);
    let l = lines.iter().find(|l| l[0] == "18.03").unwrap();
    assert_eq!((l[3], l[8], l[9], l[11]), ("100.612069", "77452486000", "77319385462", "99.83"));
    let total = lines.last().unwrap();
    assert_eq!(
        (total[0], total[3], total[8], total[9], total[10], total[11]),
        ("TOTAL", "95.306034", "78452486000", "78219385462", "233100538", "99.70")
    );
    let as_format: String = app
        .get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4&format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(as_format, text);

    // ETag: unchanged data is 304; a change changes the tag.
    let cached = app
        .client
        .get(format!("{}/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4", app.address))
        .bearer_auth(&analis)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(cached.status(), 304);
    let lamsel = app.token("18.01", "operator").await;
    put(
        &app,
        &lamsel,
        "/api/v1/satker/18.01/realisasi/2024/TW4",
        json!({"indikator": [{"kode": "A", "realisasi": "100"}, {"kode": "B", "realisasi": "10"}]}),
    )
    .await;
    let fresh = app
        .client
        .get(format!("{}/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4", app.address))
        .bearer_auth(&analis)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), 200, "live: the change shows at once");
    let fresh: Value = fresh.json().await.unwrap();
    assert_eq!(row(&fresh, "18.01")["capaian_rata_rata"], "100");

    // Without a triwulan, each satker's latest report; a triwulan nobody reported is empty.
    let latest: Value = app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024").await.json().await.unwrap();
    assert_eq!(row(&latest, "18.03")["triwulan"], "TW4");
    let tw1: Value =
        app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW1").await.json().await.unwrap();
    assert_eq!((tw1["jumlah_melapor"].as_u64(), tw1["capaian_rata_rata"].clone()), (Some(0), Value::Null));

    // KPU RI sees every provinsi rolled up.
    let ri = app.token("00", "analis").await;
    let n: Value = app.get_as(&ri, "/api/v1/nasional/ringkasan?tahun=2024&triwulan=TW4").await.json().await.unwrap();
    assert_eq!(n["satker"].as_array().unwrap().len(), 39, "KPU RI and 38 provinsi");
    assert_eq!(n["jumlah_satker"], 553);
    assert_eq!(row(&n, "18")["anggaran"]["pagu"], 78452486000_i64);
    // The national row of a provinsi says exactly what the provinsi view says.
    let prov: Value =
        app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4").await.json().await.unwrap();
    assert_eq!(prov["capaian_rata_rata"], "100.306034", "(100,6120689… + 100) / 2");
    assert_eq!(row(&n, "18")["capaian_rata_rata"], prov["capaian_rata_rata"]);
    assert_eq!(row(&n, "18")["anggaran"], prov["anggaran"]);
    assert_eq!(row(&n, "31")["capaian_rata_rata"], "50");
    assert_eq!(row(&n, "31")["kategori"], "Gagal");
    assert_eq!(
        n["anggaran"],
        json!({"pagu": 78952486000_i64, "realisasi": 78719385462_i64, "sisa": 233100538, "persen_penyerapan": "99.70"})
    );
}

#[tokio::test]
async fn aggregates_refuse_other_tenants_and_bad_parameters() {
    let app = spawn_app().await;
    let lain = app.token("31", "analis").await;
    let kab = app.token("18.03", "analis").await;
    let prov = app.token("18", "analis").await;
    for (token, path) in [
        (&lain, "/api/v1/provinsi/18/ringkasan?tahun=2024"),
        (&kab, "/api/v1/provinsi/18/ringkasan?tahun=2024"),
        (&prov, "/api/v1/provinsi/18.03/ringkasan?tahun=2024"),
        (&prov, "/api/v1/nasional/ringkasan?tahun=2024"),
        (&lain, "/api/v1/nasional/ringkasan?tahun=2024"),
    ] {
        let res = app.get_as(token, path).await;
        assert_eq!(res.status(), 404, "{path}");
    }
    let missing: Value = app.get_as(&lain, "/api/v1/provinsi/99/ringkasan?tahun=2024").await.json().await.unwrap();
    let refused: Value = app.get_as(&lain, "/api/v1/provinsi/18/ringkasan?tahun=2024").await.json().await.unwrap();
    assert_eq!(missing["code"], refused["code"]);
    assert_eq!(app.get_as(&prov, "/api/v1/provinsi/18/ringkasan").await.status(), 422, "tahun is required");
    assert_eq!(app.get_as(&prov, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW9").await.status(), 422);
}

/// Only requests that change stored data make cached totals stale: GraphQL queries, token
/// requests, refused writes, dry runs and writes of the same content do not. A summary row
/// changed behind the service's back shows whether the cache was kept or emptied.
#[tokio::test]
async fn only_writes_that_change_data_make_cached_totals_stale() {
    let app = crate::helpers::spawn_app_with(&[("KINERJA_CACHE_TTL_MS", Some("600000"))]).await;
    load(&app).await;
    let analis = app.token("18", "analis").await;
    let total = |app: &TestApp, token: String| {
        let (client, url) = (app.client.clone(), format!("{}/api/v1/provinsi/18/ringkasan?tahun=2024", app.address));
        async move {
            let body: Value = client.get(url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
            body["anggaran"]["pagu"].as_i64().unwrap()
        }
    };
    let cached = total(&app, analis.clone()).await;
    app.db
        .execute_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE ringkasan_satker SET pagu_s = pagu_s + 1 WHERE tahun = 2024 AND satker_id = (SELECT id FROM satker WHERE kode_wilayah = '18.03')",
        ))
        .await
        .unwrap();

    let lamsel = app.token("18.01", "operator").await;
    let path = "/api/v1/satker/18.01/anggaran/2024";
    let same = app.get_as(&lamsel, path).await.json::<Value>().await.unwrap();
    let body = json!({"baris": [{"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52",
        "pagu": 1000000000, "realisasi": 900000000}]});
    let q = json!({"query": r#"{ provinsi(kode: "18") { ringkasan(tahun: 2024) { jumlahSatker } } }"#});
    let gql = app.client.post(format!("{}/graphql", app.address)).bearer_auth(&analis).json(&q).send().await.unwrap();
    assert_eq!(gql.status(), 200);
    let (id, secret) = app.klien("18", "analis").await;
    crate::helpers::token_of(&app.client, &app.address, &id, &secret).await;
    assert_eq!(app.put_as(&lamsel, path, &json!({"baris": "bukan daftar"}), None).await.status(), 422);
    let mut changed = body.clone();
    changed["baris"][0]["pagu"] = json!(2000000000);
    assert_eq!(app.put_as(&lamsel, &format!("{path}?dry_run=true"), &changed, None).await.status(), 200);
    let again = app.put_as(&lamsel, path, &body, None).await.json::<Value>().await.unwrap();
    assert_eq!(again["berubah"], false, "the same budget again: {same}");
    assert_eq!(total(&app, analis.clone()).await, cached, "nothing above changed stored data: the cache is kept");

    // A real write makes the total current, the change behind the back included.
    assert_eq!(app.put_as(&lamsel, path, &changed, None).await.status(), 200);
    assert_eq!(total(&app, analis).await, cached + 1 + 1_000_000_000);
}
