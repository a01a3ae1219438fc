use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use entity::audit_log;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

type Form<'a> = &'a [(&'a str, &'a str)];

use crate::helpers::{
    TEST_SECRET, TestApp, fixture, is_postgres, run_cli, spawn_app, spawn_app_with, start, stderr, token_of,
};

fn part(token: &str, i: usize) -> Value {
    serde_json::from_slice(&B64.decode(token.split('.').nth(i).unwrap()).unwrap()).unwrap()
}

async fn assert_invalid_token(app: &TestApp, token: &str, why: &str) {
    let res = app.get_as(token, "/api/v1/auth/saya").await;
    assert_eq!(res.status(), 401, "{why}");
    let challenge = res.headers()["www-authenticate"].to_str().unwrap().to_string();
    assert!(challenge.starts_with("Bearer ") && challenge.contains(r#"error="invalid_token""#), "{why}: {challenge}");
    assert_eq!(res.headers()["content-type"], "application/problem+json", "{why}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "token_tidak_valid", "{why}");
}

#[tokio::test]
async fn client_credentials_by_form_json_and_basic_give_a_complete_token() {
    let app = spawn_app().await;
    let (id, secret) = app.klien("18.03", "operator").await;

    let form = app
        .token_request(&[("grant_type", "client_credentials"), ("client_id", &id), ("client_secret", &secret)])
        .await;
    assert_eq!(form.status(), 200);
    assert_eq!(form.headers()["cache-control"], "no-store");
    let body: Value = form.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap();
    let (header, claims) = (part(token, 0), part(token, 1));
    assert_eq!(header["alg"], "HS256");
    assert!(header["kid"].as_str().is_some_and(|k| !k.is_empty()));
    assert_eq!(claims["iss"], "kinerja");
    assert_eq!(claims["aud"], "kinerja-api");
    assert_eq!(claims["sub"], id.as_str());
    assert_eq!(claims["satker"], "18.03");
    assert_eq!(claims["role"], "operator");
    assert!(uuid::Uuid::parse_str(claims["jti"].as_str().unwrap()).is_ok());
    let (iat, nbf, exp) =
        (claims["iat"].as_u64().unwrap(), claims["nbf"].as_u64().unwrap(), claims["exp"].as_u64().unwrap());
    assert!(nbf <= iat + 1 && exp == iat + 3600);

    let json_req = app
        .client
        .post(format!("{}/api/v1/auth/token", app.address))
        .json(&json!({ "grant_type": "client_credentials", "client_id": id, "client_secret": secret }))
        .send()
        .await
        .unwrap();
    assert_eq!(json_req.status(), 200);

    let basic = app
        .client
        .post(format!("{}/api/v1/auth/token", app.address))
        .basic_auth(&id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 200);

    let me: Value = app.get_as(token, "/api/v1/auth/saya").await.json().await.unwrap();
    assert_eq!(me["satker"]["kode"], "18.03");
    assert_eq!(me["role"], "operator");
    assert_eq!(me["jenis"], "klien");
}

#[tokio::test]
async fn password_grant_for_people() {
    let app = spawn_app().await;
    let admin = app.token("18", "admin").await;
    let res = app
        .post_as(&admin, "/api/v1/satker/18/pengguna", &json!({
            "username": "verif.lampung", "password": "kata-sandi-panjang-sekali", "peran": "verifikator", "nama": "Verifikator Lampung"
        }))
        .await;
    assert_eq!(res.status(), 201);
    let ok = app
        .token_request(&[
            ("grant_type", "password"),
            ("username", "verif.lampung"),
            ("password", "kata-sandi-panjang-sekali"),
        ])
        .await;
    assert_eq!(ok.status(), 200);
    let token = ok.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_string();
    assert_eq!(part(&token, 1)["role"], "verifikator");
    assert_eq!(part(&token, 1)["satker"], "18");

    let bad = app
        .token_request(&[("grant_type", "password"), ("username", "verif.lampung"), ("password", "salah-salah-salah")])
        .await;
    assert_eq!(bad.status(), 400);
    let body: Value = bad.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");

    // Weak passwords and duplicates are refused with the field named.
    let weak = app
        .post_as(
            &admin,
            "/api/v1/satker/18/pengguna",
            &json!({"username": "x.y", "password": "pendek", "peran": "analis"}),
        )
        .await;
    assert_eq!(weak.status(), 422);
    assert_eq!(weak.json::<Value>().await.unwrap()["errors"][0]["field"], "password");
    let dup = app
        .post_as(
            &admin,
            "/api/v1/satker/18/pengguna",
            &json!({"username": "verif.lampung", "password": "kata-sandi-panjang-sekali", "peran": "analis"}),
        )
        .await;
    assert_eq!(dup.status(), 409);
}

#[tokio::test]
async fn token_endpoint_errors_follow_rfc_6749() {
    let app = spawn_app().await;
    let (id, _) = app.klien("18.03", "operator").await;
    let cases: [(Form, u16, &str); 4] = [
        (
            &[("grant_type", "client_credentials"), ("client_id", "tidak-ada"), ("client_secret", "x")],
            401,
            "invalid_client",
        ),
        (
            &[("grant_type", "client_credentials"), ("client_id", &id), ("client_secret", "salah")],
            401,
            "invalid_client",
        ),
        (&[("client_id", &id)], 400, "invalid_request"),
        (&[("grant_type", "authorization_code"), ("code", "x")], 400, "unsupported_grant_type"),
    ];
    for (form, status, error) in cases {
        let res = app.token_request(form).await;
        assert_eq!(res.status(), status, "{form:?}");
        assert_eq!(res.headers()["content-type"], "application/json");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], error, "{form:?}");
        assert!(body["error_description"].as_str().is_some_and(|d| !d.is_empty()));
    }
    let wrong_type = app
        .client
        .post(format!("{}/api/v1/auth/token", app.address))
        .header("content-type", "text/plain")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 400);
    assert_eq!(wrong_type.json::<Value>().await.unwrap()["error"], "invalid_request");

    let basic = app
        .client
        .post(format!("{}/api/v1/auth/token", app.address))
        .basic_auth(&id, Some("salah"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
    assert!(basic.headers()["www-authenticate"].to_str().unwrap().starts_with("Basic"));
}

#[tokio::test]
async fn every_kind_of_bad_token_is_a_401_invalid_token() {
    let app = spawn_app().await;
    let good = app.token("18.03", "operator").await;
    let kid = part(&good, 0)["kid"].as_str().unwrap().to_string();
    let claims = part(&good, 1);
    let now = claims["iat"].as_u64().unwrap();
    let sign = |claims: &Value, key: &[u8]| {
        let mut h = Header::new(Algorithm::HS256);
        h.kid = Some(kid.clone());
        jsonwebtoken::encode(&h, claims, &EncodingKey::from_secret(key)).unwrap()
    };
    let with = |k: &str, v: Value| {
        let mut c = claims.clone();
        c[k] = v;
        c
    };
    assert_eq!(app.get_as(&sign(&claims, TEST_SECRET.as_bytes()), "/api/v1/auth/saya").await.status(), 200);

    assert_invalid_token(&app, &sign(&with("exp", json!(now - 3600)), TEST_SECRET.as_bytes()), "expired").await;
    assert_invalid_token(&app, &sign(&with("nbf", json!(now + 3600)), TEST_SECRET.as_bytes()), "not yet valid").await;
    assert_invalid_token(&app, &sign(&with("iss", json!("penipu")), TEST_SECRET.as_bytes()), "wrong issuer").await;
    assert_invalid_token(&app, &sign(&with("aud", json!("lain")), TEST_SECRET.as_bytes()), "wrong audience").await;
    assert_invalid_token(&app, &sign(&claims, b"kunci-lain-yang-juga-panjang-sekali-0123456789"), "bad signature")
        .await;

    let none_header = B64.encode(json!({ "alg": "none", "typ": "JWT", "kid": kid }).to_string());
    let payload = good.split('.').nth(1).unwrap();
    assert_invalid_token(&app, &format!("{none_header}.{payload}."), "alg none").await;

    let mut other_kid = Header::new(Algorithm::HS256);
    other_kid.kid = Some("kunci-tak-dikenal".into());
    let unknown = jsonwebtoken::encode(&other_kid, &claims, &EncodingKey::from_secret(TEST_SECRET.as_bytes())).unwrap();
    assert_invalid_token(&app, &unknown, "unknown kid").await;
    assert_invalid_token(&app, "bukan-sebuah-jwt", "malformed").await;
    assert_invalid_token(&app, &format!("{}.{payload}.abc", B64.encode("{not json")), "malformed header").await;

    // Claims the service cannot place are refused too.
    assert_invalid_token(&app, &sign(&with("satker", json!("99.99")), TEST_SECRET.as_bytes()), "unknown satker").await;
    assert_invalid_token(&app, &sign(&with("role", json!("raja")), TEST_SECRET.as_bytes()), "unknown role").await;
}

#[tokio::test]
async fn rs256_tokens_verify_against_the_published_jwks() {
    let app =
        spawn_app_with(&[("KINERJA_JWT_PRIVATE_KEY", Some(&fixture("rsa_a.pem"))), ("KINERJA_JWT_SECRET", None)]).await;
    let token = app.token("18.03", "operator").await;
    let header = part(&token, 0);
    assert_eq!(header["alg"], "RS256");
    let jwks: jsonwebtoken::jwk::JwkSet = app.get("/.well-known/jwks.json").await.json().await.unwrap();
    assert_eq!(jwks.keys.len(), 1);
    let jwk = jwks.find(header["kid"].as_str().unwrap()).expect("kid published");
    // A third party verifies our token with nothing but the JWKS.
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap();
    let mut v = jsonwebtoken::Validation::new(Algorithm::RS256);
    v.set_audience(&["kinerja-api"]);
    v.set_issuer(&["kinerja"]);
    let data = jsonwebtoken::decode::<Value>(&token, &key, &v).unwrap();
    assert_eq!(data.claims["satker"], "18.03");
    assert_eq!(app.get_as(&token, "/api/v1/auth/saya").await.status(), 200);

    // The classic confusion attack: an HS256 token keyed with our public key.
    let public_pem = std::fs::read(fixture("rsa_a.pub.pem")).unwrap();
    let mut h = Header::new(Algorithm::HS256);
    h.kid = header["kid"].as_str().map(String::from);
    let forged = jsonwebtoken::encode(&h, &part(&token, 1), &EncodingKey::from_secret(&public_pem)).unwrap();
    assert_invalid_token(&app, &forged, "HS256 signed with the RS256 public key").await;
}

#[tokio::test]
async fn es256_is_supported_too() {
    let app = spawn_app_with(&[("KINERJA_JWT_PRIVATE_KEY", Some(&fixture("ec_a.pem")))]).await;
    let token = app.token("18", "analis").await;
    assert_eq!(part(&token, 0)["alg"], "ES256");
    let jwks: Value = app.get("/.well-known/jwks.json").await.json().await.unwrap();
    assert_eq!(jwks["keys"][0]["kty"], "EC");
    assert_eq!(jwks["keys"][0]["crv"], "P-256");
    assert_eq!(app.get_as(&token, "/api/v1/auth/saya").await.status(), 200);
}

#[tokio::test]
async fn rotating_keys_keeps_old_tokens_valid_until_the_old_key_is_dropped() {
    let app = spawn_app_with(&[("KINERJA_JWT_PRIVATE_KEY", Some(&fixture("rsa_a.pem")))]).await;
    let (id, secret) = app.klien("18.03", "operator").await;
    let old_token = token_of(&app.client, &app.address, &id, &secret).await;

    // Same database, new signing key B, A kept for verification.
    let previous = fixture("rsa_a.pub.pem");
    let (rotated, _) = start(
        &app.database.url,
        &[("KINERJA_JWT_PRIVATE_KEY", Some(&fixture("rsa_b.pem"))), ("KINERJA_JWT_PREVIOUS_KEYS", Some(&previous))],
    )
    .await
    .unwrap();
    let res = app.client.get(format!("{rotated}/api/v1/auth/saya")).bearer_auth(&old_token).send().await.unwrap();
    assert_eq!(res.status(), 200, "a token signed before the rotation still works");
    let new_token = token_of(&app.client, &rotated, &id, &secret).await;
    assert_ne!(part(&new_token, 0)["kid"], part(&old_token, 0)["kid"]);
    let jwks: Value =
        app.client.get(format!("{rotated}/.well-known/jwks.json")).send().await.unwrap().json().await.unwrap();
    let kids: Vec<&str> = jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert_eq!(kids.len(), 2);
    assert!(kids.contains(&part(&old_token, 0)["kid"].as_str().unwrap()));

    // Once A is dropped, its tokens are an unknown kid.
    let (only_b, _) =
        start(&app.database.url, &[("KINERJA_JWT_PRIVATE_KEY", Some(&fixture("rsa_b.pem")))]).await.unwrap();
    let res = app.client.get(format!("{only_b}/api/v1/auth/saya")).bearer_auth(&old_token).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let res = app.client.get(format!("{only_b}/api/v1/auth/saya")).bearer_auth(&new_token).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_revoked_client_is_refused_at_once_and_cannot_get_new_tokens() {
    let app = spawn_app().await;
    let admin = app.token("18", "admin").await;
    let (id, secret) = app.klien("18.03", "operator").await;
    let token = token_of(&app.client, &app.address, &id, &secret).await;
    assert_eq!(app.get_as(&token, "/api/v1/satker/18.03").await.status(), 200);

    let res = app.post_as(&admin, &format!("/api/v1/satker/18/klien/{id}/cabut"), &json!({})).await;
    assert_eq!(res.status(), 200);
    assert_invalid_token(&app, &token, "revoked client").await;
    let again = app
        .token_request(&[("grant_type", "client_credentials"), ("client_id", &id), ("client_secret", &secret)])
        .await;
    assert_eq!(again.status(), 401);
}

#[tokio::test]
async fn a_client_revoked_elsewhere_stops_working_within_the_stated_bound() {
    let app = spawn_app().await;
    let (id, secret) = app.klien("18.03", "operator").await;
    let token = token_of(&app.client, &app.address, &id, &secret).await;
    assert_eq!(app.get_as(&token, "/api/v1/auth/saya").await.status(), 200);
    // Revoked by another process (the CLI), so this instance learns it from the database.
    let out = run_cli(&["client", "revoke", &id], &[("DATABASE_URL", app.database.url.as_str())]);
    assert!(out.status.success(), "{}", stderr(&out));
    let started = std::time::Instant::now();
    loop {
        if app.get_as(&token, "/api/v1/auth/saya").await.status() == 401 {
            break;
        }
        let bound = api::auth::REVOCATION_TTL + std::time::Duration::from_secs(1);
        assert!(started.elapsed() < bound, "revoked token still accepted after {bound:?}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_with_retry_after() {
    let app = spawn_app().await;
    let (id, secret) = app.klien("18.03", "operator").await;
    for _ in 0..5 {
        let res = app
            .token_request(&[("grant_type", "client_credentials"), ("client_id", &id), ("client_secret", "salah")])
            .await;
        assert_eq!(res.status(), 401);
    }
    // Now even the right secret waits: that is what stops guessing.
    let res = app
        .token_request(&[("grant_type", "client_credentials"), ("client_id", &id), ("client_secret", &secret)])
        .await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 900);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "terlalu_banyak_percobaan");
}

/// The failure limits are one count shared by every instance on the database: wrong secrets
/// spread over two instances lock the pair (id, address) exactly as on one, and a burst of
/// concurrent guesses over both is evaluated no more often than the limit allows.
#[tokio::test]
async fn failures_spread_over_two_instances_count_as_one_limit() {
    let app = spawn_app().await;
    let (b, _) = crate::helpers::start(&app.database.url, &[]).await.expect("second instance");
    let (id, secret) = app.klien("18.03", "operator").await;
    let form = [("grant_type", "client_credentials"), ("client_id", id.as_str()), ("client_secret", "salah")];
    for i in 0..5 {
        let base = if i % 2 == 0 { &app.address } else { &b };
        let res = app.client.post(format!("{base}/api/v1/auth/token")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    for base in [&app.address, &b] {
        let ok = [("grant_type", "client_credentials"), ("client_id", id.as_str()), ("client_secret", secret.as_str())];
        let res = app.client.post(format!("{base}/api/v1/auth/token")).form(&ok).send().await.unwrap();
        assert_eq!(res.status(), 429, "locked on {base} too");
    }

    // Twenty guesses at once, half on each instance, for another client: at most five are
    // judged (401), the rest refused unjudged (429).
    let (id2, _) = app.klien("18.03", "operator").await;
    let guesses = (0..20).map(|i| {
        let base = if i % 2 == 0 { app.address.clone() } else { b.clone() };
        let client = app.client.clone();
        let id2 = id2.clone();
        tokio::spawn(async move {
            let form = [("grant_type", "client_credentials"), ("client_id", id2.as_str()), ("client_secret", "salah")];
            client.post(format!("{base}/api/v1/auth/token")).form(&form).send().await.unwrap().status().as_u16()
        })
    });
    let mut judged = 0;
    for g in guesses.collect::<Vec<_>>() {
        match g.await.unwrap() {
            401 => judged += 1,
            429 => {}
            other => panic!("status {other}"),
        }
    }
    assert!(judged <= 5, "{judged} guesses were judged; the limit is 5");
}

/// A failed token request for a fresh unknown client id, as if from `xff`: only the
/// per-address limit can stop these.
async fn fail_from(app: &TestApp, xff: &str, n: usize) -> reqwest::StatusCode {
    let id = format!("tidak-ada-{n}-{}", uuid::Uuid::new_v4().simple());
    let form = [("grant_type", "client_credentials"), ("client_id", id.as_str()), ("client_secret", "salah")];
    let url = format!("{}/api/v1/auth/token", app.address);
    app.client.post(url).header("x-forwarded-for", xff).form(&form).send().await.unwrap().status()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_address_has_its_own_limit() {
    let app =
        spawn_app_with(&[("KINERJA_PROXY_TEPERCAYA", Some("127.0.0.1")), ("KINERJA_AUTH_MAX_GAGAL_ALAMAT", Some("5"))])
            .await;
    for n in 0..5 {
        assert_eq!(fail_from(&app, "198.51.100.7", n).await, 401);
    }
    assert_eq!(fail_from(&app, "198.51.100.7", 5).await, 429, "this client's address is blocked");
    // A client that put an address of its own in front is still seen by the proxy's last hop.
    assert_eq!(fail_from(&app, "192.0.2.1, 198.51.100.7", 6).await, 429);
    assert_eq!(fail_from(&app, "198.51.100.8", 7).await, 401, "another client behind the same proxy is not");
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing() {
    let app = spawn_app_with(&[("KINERJA_AUTH_MAX_GAGAL_ALAMAT", Some("5"))]).await;
    for n in 0..5 {
        assert_eq!(fail_from(&app, &format!("198.51.100.{n}"), n).await, 401);
    }
    assert_eq!(fail_from(&app, "198.51.100.99", 5).await, 429, "the peer address is what counts");
}

#[tokio::test]
async fn token_issuance_failures_and_writes_are_audited_with_the_principal() {
    let app = spawn_app().await;
    let (id, secret) = app.klien("18.03", "operator").await;
    token_of(&app.client, &app.address, &id, &secret).await;
    app.token_request(&[("grant_type", "client_credentials"), ("client_id", &id), ("client_secret", "salah")]).await;
    let admin = app.token("18", "admin").await;
    let admin_sub = part(&admin, 1)["sub"].as_str().unwrap().to_string();
    let created: Value =
        app.post_as(&admin, "/api/v1/satker/18.03/klien", &json!({"peran": "analis"})).await.json().await.unwrap();

    let rows = audit_log::Entity::find().all(&app.db).await.unwrap();
    let issued = rows.iter().find(|r| r.aksi == "token.terbit" && r.pelaku == id).expect("issuance audited");
    assert!(issued.satker_id.is_some() && issued.request_id.is_some());
    assert!(rows.iter().any(|r| r.aksi == "token.gagal" && r.pelaku == id));
    let write = audit_log::Entity::find()
        .filter(audit_log::Column::Aksi.eq("klien.buat"))
        .filter(audit_log::Column::Pelaku.eq(admin_sub.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .expect("client creation audited with the admin as principal");
    assert_eq!(write.sesudah.as_ref().unwrap()["client_id"], created["client_id"]);
    // The secret is never stored in the audit trail.
    let secret_shown = created["client_secret"].as_str().unwrap();
    let all = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert!(all.iter().all(|r| !format!("{r:?}").contains(secret_shown)));
}

#[tokio::test]
async fn embedded_sqlite_generates_and_keeps_a_secret_postgres_refuses_to_start_without_one() {
    let app = spawn_app().await;
    if is_postgres() {
        let err =
            start(&app.database.url, &[("KINERJA_JWT_SECRET", None)]).await.err().unwrap_or_else(|| panic!("refused"));
        assert!(err.to_string().contains("KINERJA_JWT_SECRET"), "{err}");
    } else {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let env = [("KINERJA_JWT_SECRET", None), ("KINERJA_DATA_DIR", Some(data))];
        let (first, _) = start(&app.database.url, &env).await.unwrap();
        let path = dir.path().join("jwt-secret");
        assert!(path.is_file());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let (id, secret) = app.klien("18.03", "operator").await;
        let token = token_of(&app.client, &first, &id, &secret).await;
        // After a restart the same secret is used, so tokens survive.
        let (second, _) = start(&app.database.url, &env).await.unwrap();
        let res = app.client.get(format!("{second}/api/v1/auth/saya")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }
    let err = start(&app.database.url, &[("KINERJA_JWT_SECRET", Some("pendek"))])
        .await
        .err()
        .unwrap_or_else(|| panic!("short secret refused"));
    assert!(err.to_string().contains("terlalu pendek"), "{err}");
}
