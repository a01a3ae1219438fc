//! GraphQL: the contract fields against the REST figures, tenant rules per root field,
//! limits, and the schema file in the repository kept in step with the code.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::ringkasan::load;

pub async fn gql(app: &TestApp, token: &str, query: &str) -> (u16, Value) {
    let res = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(token)
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    assert_eq!(res.headers()["content-type"], "application/graphql-response+json");
    (status, res.json().await.unwrap())
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn the_contract_fields_agree_with_rest_to_the_rupiah() {
    let app = spawn_app().await;
    load(&app).await;
    let analis = app.token("18", "analis").await;
    let (status, body) = gql(
        &app,
        &analis,
        r#"{ provinsi(kode: "18") {
              kode nama
              ringkasan(tahun: 2024, triwulan: TW4) { jumlahSatker jumlahMelapor capaianRataRata kategori anggaran { pagu realisasi sisa persenPenyerapan } }
              satker(tahun: 2024, triwulan: TW4) { kode nama capaianRataRata kategori kelengkapan anggaran { pagu realisasi sisa persenPenyerapan } }
            } }"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    let p = &body["data"]["provinsi"];
    let rest: Value =
        app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4").await.json().await.unwrap();
    let r = &p["ringkasan"];
    assert_eq!(r["jumlahSatker"], rest["jumlah_satker"]);
    assert_eq!(r["jumlahMelapor"], rest["jumlah_melapor"]);
    assert_eq!(r["capaianRataRata"], rest["capaian_rata_rata"]);
    assert_eq!(r["kategori"], rest["kategori"]);
    // Rupiah travel as exact strings of digits.
    assert_eq!(r["anggaran"]["pagu"], "78452486000");
    assert_eq!(r["anggaran"]["realisasi"], rest["anggaran"]["realisasi"].to_string());
    assert_eq!(r["anggaran"]["sisa"], "233100538");
    assert_eq!(r["anggaran"]["persenPenyerapan"], "99.70");
    let rows = p["satker"].as_array().unwrap();
    assert_eq!(rows.len(), 16);
    for row in rows {
        let kode = row["kode"].as_str().unwrap();
        let other = rest["satker"].as_array().unwrap().iter().find(|s| s["kode"] == kode).unwrap();
        assert_eq!(row["capaianRataRata"], other["capaian_rata_rata"], "{kode}");
        assert_eq!(row["kelengkapan"], other["kelengkapan"], "{kode}");
        assert_eq!(row["anggaran"]["pagu"], other["anggaran"]["pagu"].to_string(), "{kode}");
    }

    let (_, body) = gql(&app, &analis, r#"{ satker(kode: "18.03", tahun: 2024) { kode capaianRataRata kategori kelengkapan anggaran { pagu } indikator { kode target realisasi capaian kategori } } }"#).await;
    let s = &body["data"]["satker"];
    assert_eq!((s["capaianRataRata"].as_str(), s["kelengkapan"].as_str()), (Some("100.612069"), Some("90.625")));
    assert_eq!(s["anggaran"]["pagu"], "77452486000");
    let ss3 = s["indikator"].as_array().unwrap().iter().find(|i| i["kode"] == "SS3").unwrap();
    assert_eq!(
        (ss3["target"].as_str(), ss3["realisasi"].as_str(), ss3["capaian"].as_str()),
        (Some("B"), Some("BB (70,65)"), Some("117.75"))
    );

    let ri = app.token("00", "analis").await;
    let (_, body) = gql(&app, &ri, "{ nasional { kode ringkasan(tahun: 2024, triwulan: TW4) { jumlahSatker anggaran { pagu } } satker(tahun: 2024, triwulan: TW4) { kode anggaran { pagu } } } }").await;
    let n = &body["data"]["nasional"];
    assert_eq!(n["kode"], "00");
    assert_eq!(n["ringkasan"]["jumlahSatker"], 553);
    assert_eq!(n["ringkasan"]["anggaran"]["pagu"], "78952486000");
    assert_eq!(n["satker"].as_array().unwrap().len(), 39);

    // Queries by GET too.
    let res = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", r#"{ provinsi(kode: "18") { kode } }"#)])
        .bearer_auth(&analis)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["data"]["provinsi"]["kode"], "18");
}

/// A query POSTed as a client would, with the number of SQL statements the answer says it cost
/// (its `Server-Timing`).
async fn gql_pernyataan(app: &TestApp, token: &str, query: &str) -> (Value, u32) {
    let res = app.client.post(format!("{}/graphql", app.address)).bearer_auth(token).json(&json!({ "query": query }));
    let res = res.send().await.unwrap();
    assert_eq!(res.status(), 200);
    let timing = res.headers().get("server-timing").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let n = timing
        .split("desc=\"")
        .nth(1)
        .and_then(|d| d.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no statement count in Server-Timing: {timing:?}"));
    let body: Value = res.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body}");
    (body, n)
}

#[tokio::test]
async fn the_readme_question_is_one_statement_and_each_distinct_total_one_more() {
    let app = spawn_app().await;
    load(&app).await;
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let pertanyaan = readme.split("```graphql").nth(1).and_then(|b| b.split("```").next()).unwrap();
    assert!(pertanyaan.contains("ringkasan(") && pertanyaan.contains("satker("), "{pertanyaan}");
    let analis = app.token("18", "analis").await;
    // The first request of a token also checks it against the revocations; what follows is the
    // query alone, asked three times (the later ones with the parsed query kept).
    gql_pernyataan(&app, &analis, "{ provinsi(kode: \"18\") { kode } }").await;
    let mut jawaban = Vec::new();
    for _ in 0..3 {
        let (body, n) = gql_pernyataan(&app, &analis, pertanyaan).await;
        assert_eq!(n, 1, "the README's question is one statement: {body}");
        jawaban.push(body);
    }
    assert_eq!(jawaban[0], jawaban[2], "a query seen before answers the same");
    assert_eq!(jawaban[0]["data"]["provinsi"]["satker"].as_array().map(Vec::len), Some(16));
    // Two distinct totals (TW4, and each satker's latest report) are two statements.
    let dua = pertanyaan.replace("satker(tahun: 2024, triwulan: TW4)", "satker(tahun: 2024)");
    assert_ne!(dua, pertanyaan);
    assert_eq!(gql_pernyataan(&app, &analis, &dua).await.1, 2);
    // And the same total under two aliases is still one.
    let alias = "{ provinsi(kode: \"18\") { a: ringkasan(tahun: 2024) { jumlahSatker } b: ringkasan(tahun: 2024) { capaianRataRata } satker(tahun: 2024) { kode } } }";
    assert_eq!(gql_pernyataan(&app, &analis, alias).await.1, 1);
    // REST says the same of itself.
    let res = app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4").await;
    assert_eq!(res.headers()["server-timing"].to_str().unwrap().split("desc=").nth(1), Some("\"1 pernyataan\""));
}

/// The one number a statement answers.
async fn satu_angka(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    use sea_orm::ConnectionTrait;
    let row = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await;
    row.unwrap().unwrap().try_get_by_index::<i64>(0).unwrap()
}

/// The totals run on connections each worker thread keeps for itself (outside the pool, so
/// without its ping on release). Connections killed under them are never used again: the next
/// totals are the same, from a new connection or from the pool.
#[tokio::test]
async fn totals_on_the_workers_own_connections_survive_them_being_killed() {
    if !crate::helpers::is_postgres() {
        return; // SQLite has no round trip to save and no such connections.
    }
    let app = spawn_app().await;
    load(&app).await;
    let analis = app.token("18", "analis").await;
    let path = "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4";
    // The first request of a token also checks it against the revocations.
    assert_eq!(app.get_as(&analis, path).await.status(), 200);
    let baca = || async {
        let res = app.get_as(&analis, path).await;
        assert_eq!(res.status(), 200);
        let n = res.headers()["server-timing"].to_str().unwrap().to_string();
        assert!(n.ends_with("desc=\"1 pernyataan\""), "{n}");
        res.json::<Value>().await.unwrap()
    };
    let pertama = baca().await;
    for _ in 0..5 {
        assert_eq!(baca().await, pertama);
    }
    let terbuka = langsung_sesuai(&app).await;
    assert!(terbuka >= 1, "the totals kept their own connections: {terbuka}");
    let bunuh = "SELECT COUNT(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kinerja-langsung'";
    assert_eq!(satu_angka(&app.db, bunuh).await, terbuka);
    for _ in 0..5 {
        assert_eq!(baca().await, pertama, "the same totals after their connections were killed");
    }
    // The killed ones are closed, not kept.
    langsung_sesuai(&app).await;
}

/// The totals' own connections as the service counts them (`/metrics`) and as PostgreSQL sees
/// them (by name) agree, and every one is idle between requests; returns how many there are.
/// A connection closed by the service leaves PostgreSQL a moment later, hence the retries.
pub(crate) async fn langsung_sesuai(app: &crate::helpers::TestApp) -> i64 {
    let metrik = |teks: &str, nama: &str| -> i64 {
        teks.lines().find_map(|l| l.strip_prefix(&format!("{nama} "))).and_then(|v| v.parse().ok()).unwrap()
    };
    let nama = "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kinerja-langsung'";
    let mut lihat = (0, 0, 0);
    for _ in 0..50 {
        let teks = app.get("/metrics").await.text().await.unwrap();
        let terbuka = metrik(&teks, "kinerja_db_langsung_connections");
        lihat = (terbuka, metrik(&teks, "kinerja_db_langsung_idle_connections"), satu_angka(&app.db, nama).await);
        if lihat == (terbuka, terbuka, terbuka) {
            return terbuka;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("open, idle, seen by PostgreSQL: {lihat:?}");
}

#[tokio::test]
async fn every_root_field_refuses_other_tenants_like_missing_ones() {
    let app = spawn_app().await;
    let lain = app.token("31", "analis").await;
    let kab = app.token("18.03", "operator").await;
    let prov = app.token("18", "analis").await;
    for (token, query) in [
        (&lain, r#"{ provinsi(kode: "18") { kode } }"#),
        (&kab, r#"{ provinsi(kode: "18") { kode } }"#),
        (&lain, r#"{ satker(kode: "18.03", tahun: 2024) { kode } }"#),
        (&prov, r#"{ satker(kode: "31.71", tahun: 2024) { kode } }"#),
        (&prov, "{ nasional { kode } }"),
        (&kab, "{ nasional { kode } }"),
    ] {
        let (_, body) = gql(&app, token, query).await;
        assert_eq!(body["data"], Value::Null, "{query}: {body}");
        assert_eq!(code(&body), "tidak_ditemukan", "{query}: {body}");
    }
    let (_, missing) = gql(&app, &lain, r#"{ provinsi(kode: "99") { kode } }"#).await;
    let (_, refused) = gql(&app, &lain, r#"{ provinsi(kode: "18") { kode } }"#).await;
    assert_eq!(
        missing["errors"][0]["message"].as_str().unwrap().replace("99", "?"),
        refused["errors"][0]["message"].as_str().unwrap().replace("18", "?")
    );
    // A kabupaten operator may read its own satker but not below-level views of others.
    let (_, own) = gql(&app, &kab, r#"{ satker(kode: "18.03", tahun: 2024) { kode } }"#).await;
    assert_eq!(own["data"]["satker"]["kode"], "18.03");
    // No token at all never reaches GraphQL.
    let res = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({"query": "{ nasional { kode } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn limits_and_errors_protect_the_server_and_leak_nothing() {
    let app = spawn_app().await;
    let ri = app.token("00", "analis").await;
    let deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }";
    let (status, body) = gql(&app, &ri, deep).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().to_lowercase().contains("nested too deep"), "{body}");

    let (status, body) = gql(&app, &ri, "{ nasional { kode ").await;
    assert_eq!(status, 400);
    assert!(body["errors"].as_array().is_some_and(|e| !e.is_empty()));
    let (status, body) = gql(&app, &ri, "{ tidakAda }").await;
    assert_eq!(status, 400, "{body}");
    assert!(!body.to_string().to_lowercase().contains("sql"));
}

#[test]
fn schema_graphql_in_the_repository_matches_the_code() {
    let path = format!("{}/schema.graphql", env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let current = api::graphql::schema().sdl();
    assert!(committed == current, "schema.graphql is out of date: run `cargo run -- graphql-schema > schema.graphql`");
}

#[tokio::test]
async fn analyst_views_budget_groups_absorption_curve_indicators_findings_and_laggards() {
    let app = spawn_app().await;
    load(&app).await;
    // 18.01 also sends its spending by month: 75 million each month.
    let lamsel = app.token("18.01", "operator").await;
    let res = app
        .put_as(&lamsel, "/api/v1/satker/18.01/anggaran/2024", &json!({"baris": [
            {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52", "pagu": 1000000000, "realisasi": 900000000,
             "realisasi_bulanan": [75000000, 75000000, 75000000, 75000000, 75000000, 75000000, 75000000, 75000000, 75000000, 75000000, 75000000, 75000000]}]}), None)
        .await;
    assert_eq!(res.status(), 200);
    let analis = app.token("18", "analis").await;
    let (_, body) = gql(
        &app,
        &analis,
        r#"{ provinsi(kode: "18") {
              jenis: anggaranPer(tahun: 2024, dimensi: JENIS_BELANJA) { kode nama anggaran { pagu realisasi persenPenyerapan } }
              program: anggaranPer(tahun: 2024, dimensi: PROGRAM) { kode nama anggaran { pagu } }
              anggaranBulanan(tahun: 2024) { bulan realisasi kumulatif pagu persenKumulatif }
              indikator(tahun: 2024, triwulan: TW4) { kode katalog lokal satker jumlahSatker jumlahMelapor rataRata min max kategori { kategori jumlah } }
              temuan(tahun: 2024) { kode jumlah jumlahSatker }
              belumMelapor(tahun: 2024, triwulan: TW4) { kode }
            } }"#,
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let p = &body["data"]["provinsi"];
    let find = |list: &Value, kode: &str| {
        list.as_array().unwrap().iter().find(|x| x["kode"] == kode).cloned().unwrap_or(Value::Null)
    };

    let j52 = find(&p["jenis"], "52");
    assert_eq!(j52["nama"], "Belanja Barang");
    assert_eq!(j52["anggaran"]["pagu"], "74463786000", "73.463.786.000 + 1.000.000.000");
    assert_eq!(find(&p["jenis"], "51")["anggaran"]["pagu"], "2999452000");
    assert_eq!(find(&p["program"], "076.01.WA")["anggaran"]["pagu"], "4174505000");
    assert_eq!(find(&p["program"], "076.01.DH")["nama"], "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi");

    let curve = p["anggaranBulanan"].as_array().unwrap();
    assert_eq!(curve.len(), 12);
    // Against the pagu of the lines that give a monthly breakdown (18.01's Rp1.000.000.000), not
    // the provinsi's whole 78.452.486.000: Lampung Utara's budget gives none, and is outside the
    // curve with its pagu as with its realisasi.
    assert_eq!(
        (curve[0]["realisasi"].as_str(), curve[0]["pagu"].as_str(), curve[0]["persenKumulatif"].as_str()),
        (Some("75000000"), Some("1000000000"), Some("7.50"))
    );
    assert_eq!(
        (curve[11]["kumulatif"].as_str(), curve[11]["persenKumulatif"].as_str()),
        (Some("900000000"), Some("90.00")),
        "December ends where the covered budget's own absorption does (900.000.000 of 1.000.000.000)"
    );

    // 18.01 and 18.02 each call an indicator of their own "A": two indicators, never counted
    // as one. Only 18.01's was reported in TW4, so it alone is listed, as 18.01's.
    let a: Vec<&Value> = p["indikator"].as_array().unwrap().iter().filter(|x| x["kode"] == "A").collect();
    assert_eq!(a.len(), 1, "{}", p["indikator"]);
    let a = a[0];
    assert_eq!((a["lokal"].as_bool(), a["katalog"].as_str(), a["satker"].as_str()), (Some(true), None, Some("18.01")));
    assert_eq!(
        (a["jumlahSatker"].as_i64(), a["jumlahMelapor"].as_i64()),
        (Some(1), Some(1)),
        "18.01's own A: 18.02's A is another indicator"
    );
    assert_eq!((a["rataRata"].as_str(), a["min"].as_str(), a["max"].as_str()), (Some("80"), Some("80"), Some("80")));
    assert_eq!(a["kategori"], json!([{"kategori": "Baik", "jumlah": 1}]));
    assert_eq!(find(&p["indikator"], "SS3")["max"], "117.75");

    let berbeda = find(&p["temuan"], "capaian_dilaporkan_berbeda");
    assert_eq!((berbeda["jumlah"].as_i64(), berbeda["jumlahSatker"].as_i64()), (Some(1), Some(1)));
    assert_eq!(
        find(&p["temuan"], "polaritas_perlu_diperiksa")["jumlah"],
        1,
        "SS11 counts revisions as higher-is-better"
    );

    let belum: Vec<&str> = p["belumMelapor"].as_array().unwrap().iter().map(|s| s["kode"].as_str().unwrap()).collect();
    assert_eq!(belum.len(), 14);
    assert!(!belum.contains(&"18.03") && !belum.contains(&"18.01") && belum.contains(&"18.02"));
}

#[tokio::test]
async fn ranking_and_timeliness() {
    let app = spawn_app().await;
    load(&app).await;
    let analis = app.token("18", "analis").await;
    let order = |body: &Value, field: &str| -> Vec<String> {
        body["data"]["provinsi"][field]
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .map(|s| s["kode"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, body) = gql(
        &app,
        &analis,
        r#"{ provinsi(kode: "18") {
              c: satker(tahun: 2024, triwulan: TW4, urut: CAPAIAN) { kode capaianRataRata }
              p: satker(tahun: 2024, triwulan: TW4, urut: PENYERAPAN) { kode }
              k: satker(tahun: 2024, triwulan: TW4) { kode } } }"#,
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(order(&body, "c")[..2], ["18.03", "18.01"], "100,61 before 90, the unreported after");
    assert_eq!(order(&body, "p")[..2], ["18.03", "18.01"], "99,83% before 90,00%");
    assert_eq!(order(&body, "k")[0], "18");

    // A deadline ahead: the submitted report is on time, the draft is not yet late.
    let ri = app.token("00", "admin").await;
    let ahead = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    assert_eq!(
        app.put_as(&ri, "/api/v1/satker/00/periode/2024/TW4", &json!({"tenggat": ahead}), None).await.status(),
        200
    );
    let op = app.token("18.03", "operator").await;
    assert_eq!(app.post_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4/ajukan", &json!({})).await.status(), 200);
    let query = r#"{ provinsi(kode: "18") { pengajuan(tahun: 2024, triwulan: TW4) { kode status diajukanPada tenggat tepatWaktu } } }"#;
    let (_, body) = gql(&app, &analis, query).await;
    let rows = body["data"]["provinsi"]["pengajuan"].as_array().unwrap().clone();
    let get = |rows: &[Value], kode: &str| rows.iter().find(|r| r["kode"] == kode).unwrap().clone();
    let lampura = get(&rows, "18.03");
    assert_eq!((lampura["status"].as_str(), lampura["tepatWaktu"].as_bool()), (Some("diajukan"), Some(true)));
    assert!(lampura["diajukanPada"].is_string());
    assert_eq!(
        (get(&rows, "18.01")["status"].as_str(), get(&rows, "18.01")["tepatWaktu"].clone()),
        (Some("draf"), Value::Null)
    );
    assert_eq!(get(&rows, "18.02")["status"], Value::Null);

    // Once the deadline has passed, whoever has not submitted is late.
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    assert_eq!(
        app.put_as(&ri, "/api/v1/satker/00/periode/2024/TW4", &json!({"tenggat": past}), None).await.status(),
        200
    );
    let (_, body) = gql(&app, &analis, query).await;
    let rows = body["data"]["provinsi"]["pengajuan"].as_array().unwrap().clone();
    assert_eq!(get(&rows, "18.01")["tepatWaktu"], false);
    assert_eq!(get(&rows, "18.02")["tepatWaktu"], false);
}
