//! Tenants never see each other. The cross-tenant matrix is generated from the router's own
//! list of routes: a route added without a case here fails this suite.

use api::domain::akses::Izin;
use api::http::route_infos;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// The role that may use a permission on its own satker: the attacker gets its best shot.
fn role_for(izin: Izin) -> &'static str {
    match izin {
        Izin::Tulis => "operator",
        Izin::Verifikasi => "verifikator",
        Izin::Kelola | Izin::KelolaNasional => "admin",
        Izin::Baca | Izin::Agregat | Izin::Nasional | Izin::Masuk | Izin::Publik | Izin::Dasbor => "analis",
    }
}

/// Public routes, and routes that take no satker in the path and show only the caller's own
/// scope. Each needs its own reasoning, so each is listed by hand.
const PUBLIC: &[&str] = &[
    "/health",
    "/ready",
    "/metrics",
    "/.well-known/jwks.json",
    "/api/v1/auth/token",
    "/api/v1/openapi.json",
    "/docs",
    "/graphiql",
];
/// GraphQL resolves each satker it touches through the same rule as the guard; its cross-tenant
/// cases are per root field in tests/api/graphql.rs. The change feed filters by the caller's
/// scope in its query and takes a satker only as `?satker=`, narrowed inside that scope; its
/// cross-tenant cases are in tests/api/perubahan.rs.
/// Webhook subscriptions belong to the client that made them, whatever its satker: their
/// cases (another tenant, another client of the same satker, one below) are in
/// tests/api/langganan.rs.
const OWN_SCOPE_ONLY: &[&str] = &[
    "/api/v1/auth/saya",
    "/api/v1/satker",
    "/graphql",
    "/api/v1/perubahan",
    "/api/v1/langganan",
    "/api/v1/langganan/{id}",
    "/api/v1/langganan/{id}/jeda",
    "/api/v1/langganan/{id}/lanjutkan",
    "/api/v1/langganan/{id}/rotasi",
    "/api/v1/langganan/{id}/parkir",
    "/api/v1/langganan/{id}/parkir/kirim-ulang",
];
/// National reference every authenticated caller may read: the deadlines of each period, and
/// the indicator catalogue (national, plus the caller's own provinsi's additions: the case of
/// another provinsi's additions is in tests/api/katalog.rs).
const NATIONAL: &[&str] = &["/api/v1/periode/{tahun}", "/api/v1/katalog", "/api/v1/katalog/{periode}"];

fn fill(path: &str, kode: &str) -> String {
    let mut out = String::new();
    for seg in path.split('/').skip(1) {
        out.push('/');
        match seg {
            "{kode}" => out.push_str(kode),
            s if s.starts_with('{') => out.push('x'),
            s => out.push_str(s),
        }
    }
    out
}

async fn call(app: &TestApp, method: &impl std::fmt::Display, token: &str, path: &str) -> reqwest::Response {
    let m = reqwest::Method::from_bytes(method.to_string().as_bytes()).unwrap();
    app.client.request(m, format!("{}{}", app.address, path)).bearer_auth(token).json(&json!({})).send().await.unwrap()
}

#[tokio::test]
async fn every_route_refuses_other_tenants_exactly_like_a_missing_satker() {
    let app = spawn_app().await;
    // (attacker satker, victim satker): sibling kabupaten, kabupaten of another provinsi,
    // provinsi of another provinsi (against the provinsi and one of its kabupaten), and a
    // kabupaten reaching up to its own provinsi.
    let pairs = [("18.01", "18.03"), ("31.71", "18.03"), ("31", "18"), ("31", "18.03"), ("18.03", "18")];
    let mut checked = 0;
    // Pages answer a person with a page; their cross-tenant matrix is in tests/api/dasbor.rs.
    for route in route_infos().into_iter().filter(|r| !api::http::halaman(r.path)) {
        if PUBLIC.contains(&route.path) {
            assert_eq!(route.izin, Izin::Publik, "{} is listed as public", route.path);
            continue;
        }
        if OWN_SCOPE_ONLY.contains(&route.path) || (NATIONAL.contains(&route.path) && route.izin == Izin::Masuk) {
            continue;
        }
        if matches!(route.izin, Izin::Nasional | Izin::KelolaNasional) {
            // KPU RI's figures and catalogue: every other satker is refused as if the route did
            // not exist.
            for attacker in ["18", "18.03", "31", "31.71"] {
                let token = app.token(attacker, role_for(route.izin)).await;
                let res = call(&app, &route.method, &token, route.path).await;
                assert_eq!(res.status(), 404, "{} {} as {attacker}", route.method, route.path);
                checked += 1;
            }
            continue;
        }
        assert!(
            route.path.contains("{kode}"),
            "route {} {} has no cross-tenant case: add one to tests/api/tenancy.rs",
            route.method,
            route.path
        );
        for (attacker, victim) in pairs {
            let token = app.token(attacker, role_for(route.izin)).await;
            let res = call(&app, &route.method, &token, &fill(route.path, victim)).await;
            let status = res.status();
            let body: Value = res.json().await.unwrap();
            let missing = call(&app, &route.method, &token, &fill(route.path, "99.99")).await;
            let missing_status = missing.status();
            let missing_body: Value = missing.json().await.unwrap();
            assert_eq!(status, 404, "{} {} as {attacker} on {victim}: {body}", route.method, route.path);
            assert_eq!(status, missing_status);
            assert_eq!(body["code"], missing_body["code"]);
            assert_eq!(
                body["detail"].as_str().unwrap().replace(victim, "?"),
                missing_body["detail"].as_str().unwrap().replace("99.99", "?"),
                "the refusal must not reveal that {victim} exists"
            );
            checked += 1;
        }
    }
    assert!(checked >= 7 * pairs.len(), "only {checked} cases ran");
}

#[tokio::test]
async fn own_scope_routes_show_only_the_callers_subtree() {
    let app = spawn_app().await;
    let analis_18 = app.token("18", "analis").await;
    let list: Vec<Value> = app.get_as(&analis_18, "/api/v1/satker").await.json().await.unwrap();
    assert_eq!(list.len(), 16, "Lampung and its 15 kabupaten/kota");
    assert!(list.iter().all(|s| s["kode"] == "18" || s["kode"].as_str().unwrap().starts_with("18.")));

    let operator = app.token("18.03", "operator").await;
    let list: Vec<Value> = app.get_as(&operator, "/api/v1/satker").await.json().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["kode"], "18.03");

    let ri = app.token("00", "analis").await;
    let list: Vec<Value> = app.get_as(&ri, "/api/v1/satker").await.json().await.unwrap();
    assert_eq!(list.len(), 553);

    let me: Value = app.get_as(&operator, "/api/v1/auth/saya").await.json().await.unwrap();
    assert_eq!(me["satker"]["kode"], "18.03");
}

#[tokio::test]
async fn each_role_does_what_it_may_and_no_more() {
    let app = spawn_app().await;
    let operator = app.token("18.03", "operator").await;
    let analis = app.token("18", "analis").await;
    let verifikator = app.token("18", "verifikator").await;
    let admin_18 = app.token("18", "admin").await;
    let admin_kab = app.token("18.03", "admin").await;
    let admin_ri = app.token("00", "admin").await;

    // Reading.
    assert_eq!(app.get_as(&operator, "/api/v1/satker/18.03").await.status(), 200);
    assert_eq!(app.get_as(&analis, "/api/v1/satker/18.03").await.status(), 200);
    assert_eq!(app.get_as(&analis, "/api/v1/satker/18").await.status(), 200);
    assert_eq!(app.get_as(&verifikator, "/api/v1/satker/18.03").await.status(), 200);
    assert_eq!(app.get_as(&operator, "/api/v1/satker/18").await.status(), 404, "above is outside the subtree");

    // Managing access is the admin's alone, and only in its subtree.
    let new_client = json!({"peran": "operator", "nama": "SIPD Lampung Utara"});
    for (who, token) in [("operator", &operator), ("analis", &analis), ("verifikator", &verifikator)] {
        let res = app.post_as(token, "/api/v1/satker/18.03/klien", &new_client).await;
        assert_eq!(res.status(), 403, "{who}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "akses_ditolak");
    }
    let res = app.post_as(&admin_18, "/api/v1/satker/18.03/klien", &new_client).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["satker"], "18.03");
    let id = created["client_id"].as_str().unwrap();
    let secret = created["client_secret"].as_str().unwrap();
    let token = crate::helpers::token_of(&app.client, &app.address, id, secret).await;
    assert_eq!(app.get_as(&token, "/api/v1/satker/18.03").await.status(), 200, "the new client works");

    let listed: Vec<Value> = app.get_as(&admin_18, "/api/v1/satker/18/klien").await.json().await.unwrap();
    let entry = listed.iter().find(|k| k["id"] == id).expect("listed in the provinsi's subtree");
    assert!(entry.get("client_secret").is_none() && !entry.to_string().contains(secret), "secrets are shown once");

    assert_eq!(app.post_as(&admin_kab, "/api/v1/satker/18/klien", &new_client).await.status(), 404);
    assert_eq!(app.post_as(&admin_18, "/api/v1/satker/31.71/klien", &new_client).await.status(), 404);
    assert_eq!(app.post_as(&admin_ri, "/api/v1/satker/31.71/klien", &new_client).await.status(), 201);

    // A kabupaten admin cannot revoke a client of its sibling, even knowing its id.
    let sibling = app.token("18.01", "admin").await;
    let res = app.post_as(&sibling, &format!("/api/v1/satker/18.01/klien/{id}/cabut"), &json!({})).await;
    assert_eq!(res.status(), 404);
    assert_eq!(app.get_as(&token, "/api/v1/satker/18.03").await.status(), 200, "still valid");

    let bad_role = app.post_as(&admin_18, "/api/v1/satker/18.03/klien", &json!({"peran": "raja"})).await;
    assert_eq!(bad_role.status(), 422);
    assert_eq!(bad_role.json::<Value>().await.unwrap()["errors"][0]["field"], "peran");
}

#[tokio::test]
async fn requests_without_a_token_are_401_and_wrong_methods_405() {
    let app = spawn_app().await;
    // Pages send a person to the login form instead (tests/api/dasbor.rs).
    for route in route_infos().into_iter().filter(|r| r.izin != Izin::Publik && !api::http::halaman(r.path)) {
        let m = reqwest::Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        let res = app.client.request(m, format!("{}{}", app.address, fill(route.path, "18.03"))).send().await.unwrap();
        assert_eq!(res.status(), 401, "{} {}", route.method, route.path);
        assert_eq!(res.headers()["www-authenticate"], r#"Bearer realm="kinerja""#);
    }
    let res = app.client.delete(format!("{}/api/v1/auth/token", app.address)).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}
