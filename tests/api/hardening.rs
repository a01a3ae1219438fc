//! What a hostile tenant or an anonymous stranger tried, class by class: no input, no caller
//! and no outage may break the service or another tenant's view.

use api::domain::akses::Izin;
use api::http::route_infos;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::graphql::gql;
use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::ringkasan::load;

async fn problem(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    assert_eq!(res.headers()["content-type"], "application/problem+json", "status {status}");
    (status, res.json().await.unwrap())
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|e| e.iter().map(|x| x["field"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

fn line(pagu: Value) -> Value {
    json!({"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52", "pagu": pagu, "realisasi": 0})
}

#[tokio::test]
async fn rupiah_beyond_the_bounds_are_refused_and_totals_never_overflow() {
    // Rows are changed behind the service's back below, so nothing may come from the cache.
    let app = spawn_app_with(&[("KINERJA_CACHE_TTL_MS", Some("0"))]).await;
    load(&app).await;
    let op = app.token("18.03", "operator").await;
    let path = "/api/v1/satker/18.03/anggaran/2024";
    let before = app.get_as(&op, path).await.text().await.unwrap();

    let (status, body) = problem(app.put_as(&op, path, &json!({"baris": [line(json!(i64::MAX))]}), None).await).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), ["baris[0].pagu"]);
    let (status, body) = problem(
        app.put_as(&op, path, &json!({"baris": [line(json!("100.000.000.000.000")), line(json!(1))]}), None).await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(fields(&body), ["baris"], "the document total is over Rp100 triliun: {body}");
    assert_eq!(app.get_as(&op, path).await.text().await.unwrap(), before, "nothing changed");

    // Rows stored before the bounds existed (written here behind the API's back): the totals
    // answer a clear 422, never a 500 or a wrapped number.
    let analis = app.token("18", "analis").await;
    assert_eq!(app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024").await.status(), 200);
    let big = i64::MAX - 10;
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("UPDATE anggaran_baris SET pagu = {big}, realisasi = {big}"),
        ))
        .await
        .unwrap();
    // Totals are read from summary rows; rows changed behind the service's back reach them
    // through the rebuild, as stored documents do after the migration that created them.
    bangun_ringkasan(&app);
    let (status, body) = problem(app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024").await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("jumlah_terlalu_besar")), "{body}");
    let (_, body) =
        gql(&app, &analis, r#"{ provinsi(kode: "18") { ringkasan(tahun: 2024) { anggaran { pagu } } } }"#).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "jumlah_terlalu_besar", "{body}");
    let ri = app.token("00", "analis").await;
    let (status, _) = problem(app.get_as(&ri, "/api/v1/nasional/ringkasan?tahun=2024").await).await;
    assert_eq!(status, 422);
    // Each refusal came part-way through the lines PostgreSQL was sending: the connection it
    // was read on is closed, its place freed, and none is left counted that PostgreSQL does
    // not have (the totals below then read whole answers).
    if crate::helpers::is_postgres() {
        crate::graphql::langsung_sesuai(&app).await;
    }

    // One line at the edge still sums exactly: the halves of the split sum add up.
    let edge = i64::MAX / 3;
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "UPDATE anggaran_baris SET pagu = {edge}, realisasi = 0 WHERE id = (SELECT MIN(id) FROM anggaran_baris)"
            ),
        ))
        .await
        .unwrap();
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE anggaran_baris SET pagu = 1, realisasi = 0 WHERE id > (SELECT MIN(id) FROM anggaran_baris)",
        ))
        .await
        .unwrap();
    bangun_ringkasan(&app);
    let lines: i64 = {
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM anggaran_baris b JOIN anggaran a ON a.id = b.anggaran_id JOIN satker s ON s.id = a.satker_id WHERE s.kode_wilayah LIKE '18%'",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "n").unwrap()
    };
    let body: Value = app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024").await.json().await.unwrap();
    assert_eq!(body["anggaran"]["pagu"], json!(edge + lines - 1), "{body}");
}

fn bangun_ringkasan(app: &crate::helpers::TestApp) {
    let out = crate::helpers::run_cli(&["ringkasan", "bangun"], &[("DATABASE_URL", app.database.url.as_str())]);
    assert!(out.status.success(), "{}", crate::helpers::stderr(&out));
}

#[tokio::test]
async fn decimals_finer_than_the_store_and_control_characters_are_refused() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let pk = "/api/v1/satker/18.03/pk/2024";
    let ind = |target: Value, nama: &str| json!({"indikator": [{"kode": "IK-01", "nama": nama, "satuan": "persen", "target": target}]});
    let (status, body) = problem(app.put_as(&op, pk, &ind(json!("0,0000001"), "x"), None).await).await;
    assert_eq!(status, 422);
    assert_eq!(fields(&body), ["indikator[0].target"]);
    for nama in ["a\u{0}b", "a\u{1b}[31mb", "a\u{7f}"] {
        let (status, body) = problem(app.put_as(&op, pk, &ind(json!("87,5"), nama), None).await).await;
        assert_eq!(status, 422, "{nama:?}: {body}");
        assert_eq!(fields(&body), ["indikator[0].nama"], "{body}");
    }
    assert_eq!(app.get_as(&op, pk).await.status(), 404, "nothing was stored");
    // Tabs and newlines in a long text are text.
    let mut ok = ind(json!("87,5"), "Persentase");
    ok["indikator"][0]["definisi"] = json!("baris satu\nbaris\tdua");
    assert_eq!(app.put_as(&op, pk, &ok, None).await.status(), 200);

    // The same class everywhere text enters: a workflow reason, a client's name, a token id.
    let verif = app.token("18", "verifikator").await;
    assert_eq!(app.post_as(&op, &format!("{pk}/ajukan"), &json!({})).await.status(), 200);
    let (status, body) =
        problem(app.post_as(&verif, &format!("{pk}/kembalikan"), &json!({"alasan": "perbaiki\u{0}"})).await).await;
    assert_eq!((status, fields(&body)), (422, vec!["alasan".to_string()]), "{body}");
    let admin = app.token("18", "admin").await;
    let (status, body) = problem(
        app.post_as(&admin, "/api/v1/satker/18.03/klien", &json!({"peran": "operator", "nama": "x\u{0}"})).await,
    )
    .await;
    assert_eq!((status, fields(&body)), (422, vec!["nama".to_string()]), "{body}");
    let res = app
        .token_request(&[("grant_type", "client_credentials"), ("client_id", "a\u{0}"), ("client_secret", "b")])
        .await;
    assert_eq!(res.status(), 400);
    let res = app.post_as(&admin, "/api/v1/satker/18.03/klien/a%00b/cabut", &json!({})).await;
    assert!(res.status().is_client_error(), "{}", res.status());
}

/// Every write route, as the role allowed to use it, with bodies a fuzzer would send: none
/// may answer 500, and each refusal is problem+json.
#[tokio::test]
async fn no_body_makes_a_write_route_fail_with_500() {
    let app = spawn_app().await;
    let tokens = [
        ("operator", app.token("18.03", "operator").await),
        ("verifikator", app.token("18", "verifikator").await),
        ("admin", app.token("00", "admin").await),
    ];
    let nasty = [
        json!(null),
        json!([]),
        json!("\u{0}"),
        json!({"indikator": [{"kode": "\u{0}", "nama": 1e308, "satuan": {}, "target": "9".repeat(400)}]}),
        json!({"baris": [{"pagu": u64::MAX, "realisasi": -1, "program_kode": "076.01.WA", "realisasi_bulanan": vec![i64::MAX; 12]}]}),
        json!({"baris": [line(json!(1e300))]}),
        json!({"alasan": ["x"], "tenggat": "kemarin", "sampai": -1, "peran": "\u{0}", "batas_capaian": "1e9999"}),
        json!({"pita_kategori": [{"dari": "-1", "nama": "\u{0}"}], "batas_capaian": 100}),
    ];
    let mut tried = 0;
    for route in route_infos() {
        if !matches!(route.izin, Izin::Tulis | Izin::Verifikasi | Izin::Kelola) || route.method == "GET" {
            continue;
        }
        let who = match route.izin {
            Izin::Tulis => &tokens[0].1,
            Izin::Verifikasi => &tokens[1].1,
            _ => &tokens[2].1,
        };
        let path = route
            .path
            .replace(
                "{kode}",
                if route.izin == Izin::Kelola && route.path.contains("periode") { "00" } else { "18.03" },
            )
            .replace("{tahun}", "2024")
            .replace("{triwulan}", "TW4")
            .replace("{jenis}", "TW4")
            .replace("{client_id}", "tidak-ada")
            .replace("{username}", "tidak-ada")
            .replace("{aksi}", "kembalikan");
        let method = reqwest::Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        for body in &nasty {
            let res = app
                .client
                .request(method.clone(), format!("{}{path}", app.address))
                .bearer_auth(who)
                .json(body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            assert!(status < 500, "{} {path} with {body}: {status}", route.method);
            if status >= 400 {
                // A page answers a person with a page; the API with a problem.
                let expected = if api::http::halaman(route.path) {
                    "text/html; charset=utf-8"
                } else {
                    "application/problem+json"
                };
                assert_eq!(res.headers()["content-type"], expected, "{} {path}", route.method);
            }
            tried += 1;
        }
    }
    assert!(tried >= 15 * nasty.len(), "only {tried} requests");
}

#[tokio::test]
async fn made_up_methods_do_not_grow_the_metrics() {
    let app = spawn_app().await;
    for i in 0..300 {
        let m = reqwest::Method::from_bytes(format!("FOOBAR{i}").as_bytes()).unwrap();
        let res = app.client.request(m, format!("{}/health", app.address)).send().await.unwrap();
        assert_eq!(res.status(), 405);
    }
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(!text.contains("FOOBAR"), "no caller-made label");
    let series = text.lines().filter(|l| l.starts_with("kinerja_http_requests_total{")).count();
    assert!(series <= 3, "{series} series:\n{text}");
    assert!(text.contains(r#"method="OTHER",route="/health",status="405""#), "{text}");
}

/// Every aggregate route and every GraphQL root field, tried by every role at a provinsi and
/// at KPU RI: an operator reads its own satker and nothing rolled up above it.
#[tokio::test]
async fn every_aggregate_is_refused_to_operators_and_open_to_the_other_roles() {
    let app = spawn_app().await;
    load(&app).await;
    let aggregate_routes: Vec<_> =
        route_infos().into_iter().filter(|r| matches!(r.izin, Izin::Agregat | Izin::Nasional)).collect();
    // The provinsi and national totals, the provinsi's (or KPU RI's) LKj, and its satkers'
    // evidence storage; the dashboard reaches the same handlers under /dasbor (the same
    // checks: tests/api/dasbor.rs).
    let aggregate_routes: Vec<_> = aggregate_routes.into_iter().filter(|r| !api::http::halaman(r.path)).collect();
    assert_eq!(aggregate_routes.len(), 6, "a new aggregate route needs its case here");
    // One catalogue indicator for the indicator rankings.
    let admin_ri = app.token("00", "admin").await;
    let katalog =
        json!({"indikator": [{"kode": "PART-01", "nama": "Partisipasi", "satuan": "persen", "tipe_nilai": "persen"}]});
    assert_eq!(app.put_as(&admin_ri, "/api/v1/katalog/2020-2024", &katalog, None).await.status(), 200);
    for kode in ["18", "00"] {
        for role in ["operator", "verifikator", "analis", "admin"] {
            let token = app.token(kode, role).await;
            for route in &aggregate_routes {
                if route.izin == Izin::Nasional && kode != "00" {
                    continue;
                }
                // An operator's own satker is refused the roll-up (403); a provinsi below KPU
                // RI's operator is outside its scope, which is one satker (404).
                let expected = match (role, route.izin, kode) {
                    ("operator", Izin::Agregat, "00") => 404,
                    ("operator", _, _) => 403,
                    _ => 200,
                };
                let path =
                    route.path.replace("{kode}", "18").replace("{tahun}", "2024").replace("{katalog}", "PART-01");
                let res = app.get_as(&token, &format!("{path}?tahun=2024")).await;
                assert_eq!(res.status(), expected, "{role} of {kode} on {path}");
            }
            let provinsi =
                gql(&app, &token, r#"{ provinsi(kode: "18") { ringkasan(tahun: 2024) { jumlahSatker } } }"#).await.1;
            let nasional = gql(&app, &token, "{ nasional { ringkasan(tahun: 2024) { jumlahSatker } } }").await.1;
            let satker =
                gql(&app, &token, &format!(r#"{{ satker(kode: "{kode}", tahun: 2024) {{ kode capaianRataRata }} }}"#))
                    .await
                    .1;
            let code = |b: &Value| b["errors"][0]["extensions"]["code"].as_str().unwrap_or("").to_string();
            if role == "operator" {
                let expected = if kode == "18" { "akses_ditolak" } else { "tidak_ditemukan" };
                assert_eq!(code(&provinsi), expected, "{role} of {kode}: {provinsi}");
                if kode == "00" {
                    assert_eq!(code(&nasional), "akses_ditolak", "{nasional}");
                }
            } else {
                assert!(provinsi.get("errors").is_none(), "{role} of {kode}: {provinsi}");
                if kode == "00" {
                    assert!(nasional.get("errors").is_none(), "{nasional}");
                }
            }
            if kode == "18" {
                assert_eq!(code(&nasional), "tidak_ditemukan", "{role}: {nasional}");
            }
            // Every role reads its own satker's own figures.
            assert!(satker.get("errors").is_none(), "{role} of {kode}: {satker}");
            assert_eq!(satker["data"]["satker"]["kode"], kode);
        }
    }
    // The operator of the provinsi reads its own satker, not the kabupaten below it.
    let op = app.token("18", "operator").await;
    assert_eq!(app.get_as(&op, "/api/v1/satker/18.03/pk/2024").await.status(), 404);
    let list: Vec<Value> = app.get_as(&op, "/api/v1/satker").await.json().await.unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
}

#[tokio::test]
async fn graphql_totals_cost_what_they_compute_and_years_are_bounded() {
    let app = spawn_app().await;
    load(&app).await;
    let analis = app.token("18", "analis").await;
    let aliases: String =
        (0..490).map(|i| format!("t{i}: ringkasan(tahun: {}) {{ jumlahSatker }} ", 2000 + i % 100)).collect();
    let abusive = format!(r#"{{ provinsi(kode: "18") {{ {aliases} }} }}"#);
    let (status, body) = gql(&app, &analis, &abusive).await;
    assert_eq!(status, 400, "refused before anything runs: {body}");
    assert_eq!(body["data"], Value::Null);
    assert!(body["errors"][0]["message"].as_str().unwrap().to_lowercase().contains("complex"), "{body}");

    // Twenty-one distinct totals with nothing else asked fit the complexity but not the cap.
    let aliases: String =
        (0..19).map(|i| format!("t{i}: ringkasan(tahun: {}) {{ jumlahSatker }} ", 2001 + i)).collect();
    let (_, body) = gql(&app, &analis, &format!(r#"{{ provinsi(kode: "18") {{ {aliases} }} }}"#)).await;
    assert!(body.get("errors").is_none(), "19 totals are allowed: {body}");

    for tahun in [1, 1999, 2101, 2147483647] {
        let (_, body) = gql(
            &app,
            &analis,
            &format!(r#"{{ provinsi(kode: "18") {{ ringkasan(tahun: {tahun}) {{ jumlahSatker }} }} }}"#),
        )
        .await;
        assert!(
            body["errors"][0]["message"].as_str().is_some_and(|m| m.contains("2000") || m.contains("2100")),
            "{tahun}: {body}"
        );
    }

    // The analyst's query of the README still passes.
    let ri = app.token("00", "analis").await;
    let readme = r#"{
      provinsi(kode: "18") {
        kode nama
        ringkasan(tahun: 2024, triwulan: TW4) { jumlahSatker jumlahMelapor capaianRataRata kategori
                                                anggaran { pagu realisasi sisa persenPenyerapan } }
        satker(tahun: 2024, triwulan: TW4) { kode nama capaianRataRata kategori kelengkapan
                                             anggaran { pagu persenPenyerapan } }
      }
      satker(kode: "18.03", tahun: 2024) { capaianRataRata indikator { kode target realisasi capaian kategori } }
      nasional { ringkasan(tahun: 2024) { capaianRataRata anggaran { pagu } } }
    }"#;
    let (status, body) = gql(&app, &ri, readme).await;
    assert_eq!(status, 200);
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["provinsi"]["ringkasan"]["anggaran"]["pagu"].as_str().map(|s| !s.is_empty()), Some(true));
}

#[tokio::test]
async fn credential_ids_are_for_admins_and_guessers_cannot_lock_the_owner_out() {
    let app = spawn_app_with(&[("KINERJA_PROXY_TEPERCAYA", Some("127.0.0.1"))]).await;
    let (id, secret) = app.klien("18.03", "operator").await;
    let op = crate::helpers::token_of(&app.client, &app.address, &id, &secret).await;
    let riwayat = app.get_as(&op, "/api/v1/satker/18.03/riwayat").await.text().await.unwrap();
    assert!(!riwayat.contains(&id), "an operator sees no client id: {riwayat}");
    assert!(!riwayat.contains("token.terbit"), "nor the token rows: {riwayat}");
    let admin = app.token("18", "admin").await;
    let riwayat = app.get_as(&admin, "/api/v1/satker/18.03/riwayat").await.text().await.unwrap();
    assert!(riwayat.contains(&id) && riwayat.contains("token.terbit"), "{riwayat}");

    let attempt = |xff: &'static str, secret: String| {
        let (client, url, id) = (app.client.clone(), format!("{}/api/v1/auth/token", app.address), id.clone());
        async move {
            let form =
                [("grant_type", "client_credentials"), ("client_id", id.as_str()), ("client_secret", secret.as_str())];
            client.post(url).header("x-forwarded-for", xff).form(&form).send().await.unwrap().status().as_u16()
        }
    };
    for _ in 0..5 {
        assert_eq!(attempt("198.51.100.7", "salah".into()).await, 401);
    }
    assert_eq!(attempt("198.51.100.7", secret.clone()).await, 429, "the guesser's address is stopped");
    assert_eq!(attempt("198.51.100.8", secret.clone()).await, 200, "the owner elsewhere is not locked out");

    // 64 wrong secrets at once from a fresh address: counted before they are checked.
    let before = count_failures(&app).await;
    let burst: Vec<_> = (0..64).map(|_| tokio::spawn(attempt("198.51.100.9", "salah".into()))).collect();
    let mut statuses = Vec::new();
    for b in burst {
        statuses.push(b.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 59);
    assert_eq!(count_failures(&app).await - before, 5, "only five secrets were evaluated");
}

async fn count_failures(app: &TestApp) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE aksi = 'token.gagal'",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

#[tokio::test]
async fn headers_guard_every_answer_and_every_refusal_is_problem_json() {
    let app = spawn_app_with(&[("KINERJA_HSTS", Some("31536000"))]).await;
    let health = app.get("/health").await;
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");
    assert_eq!(health.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    for page in ["/docs", "/graphiql"] {
        let res = app.get(page).await;
        assert!(
            res.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"),
            "{page}"
        );
        assert_eq!(res.headers()["x-frame-options"], "DENY", "{page}");
    }
    let op = app.token("18.03", "operator").await;
    let me = app.get_as(&op, "/api/v1/auth/saya").await;
    assert_eq!(me.headers()["cache-control"], "no-store");
    let analis = app.token("18", "analis").await;
    let total = app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024").await;
    assert_eq!(total.headers()["cache-control"], "private, no-cache", "an ETag'd total may be revalidated");

    let big = "x".repeat(1024 * 1024 + 10);
    for path in ["/api/v1/auth/token", "/graphql"] {
        let res = app
            .client
            .post(format!("{}{path}", app.address))
            .bearer_auth(&analis)
            .header("content-type", "application/json")
            .body(big.clone())
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!((status, body["code"].as_str()), (413, Some("terlalu_besar")), "{path}");
    }
    // A method a resource does not serve is 405 with the methods it does serve.
    let trace = app
        .client
        .request(reqwest::Method::TRACE, format!("{}/api/v1/satker/18.03/pk/2024", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(trace.status(), 405);
    assert_eq!(trace.headers()["allow"], "GET, PUT");
    assert_eq!(app.client.delete(format!("{}/health", app.address)).send().await.unwrap().headers()["allow"], "GET");

    // A JSON body without Content-Type is refused like any other type.
    for (path, token) in [("/graphql", &analis), ("/api/v1/satker/18.03/pk/2024/ajukan", &op)] {
        let res = app
            .client
            .post(format!("{}{path}", app.address))
            .bearer_auth(token)
            .body(r#"{"query": "{ nasional { kode } }"}"#)
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!((status, body["code"].as_str()), (415, Some("jenis_konten_tidak_didukung")), "{path}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_embedded_database_and_its_wal_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kinerja.db");
    let url = format!("sqlite://{}", db.display());
    let (address, _) = crate::helpers::start(&url, &[]).await.unwrap();
    assert_eq!(reqwest::get(format!("{address}/ready")).await.unwrap().status(), 200);
    for name in ["kinerja.db", "kinerja.db-wal"] {
        let mode = std::fs::metadata(dir.path().join(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name} is {mode:o}");
    }
}
