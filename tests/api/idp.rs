//! Tokens from an external identity provider, served locally: a tiny HTTP server publishes
//! the provider's JWKS, and the test signs tokens with the provider's private key.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::{fixture, spawn_app_with};

const ISSUER: &str = "https://sso.kpu.go.id/realms/kpu";

struct JwksServer {
    url: String,
    fetches: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Drop for JwksServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(body: Arc<Mutex<String>>) -> JwksServer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/realms/kpu/protocol/openid-connect/certs", listener.local_addr().unwrap());
    let fetches = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (count, halt) = (fetches.clone(), stop.clone());
    std::thread::spawn(move || {
        // Bounded: stops when the test drops the server, and after two minutes regardless.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while !halt.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    let _ = stream.set_nonblocking(false);
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    count.fetch_add(1, Ordering::SeqCst);
                    let body = body.lock().unwrap().clone();
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
        }
    });
    JwksServer { url, fetches, stop }
}

fn provider_key(file: &str, kid: &str) -> (EncodingKey, Jwk) {
    let key = EncodingKey::from_rsa_pem(&std::fs::read(fixture(file)).unwrap()).unwrap();
    let mut jwk = Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap();
    jwk.common.key_id = Some(kid.into());
    (key, jwk)
}

fn provider_token(key: &EncodingKey, kid: &str, claims: Value) -> String {
    let mut h = Header::new(Algorithm::RS256);
    h.kid = Some(kid.into());
    jsonwebtoken::encode(&h, &claims, key).unwrap()
}

fn claims(overrides: Value) -> Value {
    let now = jsonwebtoken::get_current_timestamp();
    let mut c = json!({
        "iss": ISSUER, "aud": "kinerja-api", "sub": "f3b1c2d4-budi", "iat": now, "nbf": now, "exp": now + 300,
        "satker": "18", "role": "analis"
    });
    for (k, v) in overrides.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

#[tokio::test]
async fn tokens_of_the_configured_identity_provider_are_accepted_within_their_scope() {
    let (key, jwk) = provider_key("rsa_b.pem", "sso-1");
    let body = Arc::new(Mutex::new(serde_json::to_string(&JwkSet { keys: vec![jwk] }).unwrap()));
    let server = serve(body.clone());
    let app =
        spawn_app_with(&[("KINERJA_IDP_ISSUER", Some(ISSUER)), ("KINERJA_IDP_JWKS_URL", Some(&server.url))]).await;
    assert_eq!(server.fetches.load(Ordering::SeqCst), 1, "keys fetched at start-up");

    let token = provider_token(&key, "sso-1", claims(json!({})));
    let me: Value = app.get_as(&token, "/api/v1/auth/saya").await.json().await.unwrap();
    assert_eq!(me["jenis"], "eksternal");
    assert_eq!(me["sub"], "f3b1c2d4-budi");
    assert_eq!(app.get_as(&token, "/api/v1/satker/18.03").await.status(), 200);
    assert_eq!(app.get_as(&token, "/api/v1/satker/31").await.status(), 404, "same tenant rules");
    for _ in 0..5 {
        assert_eq!(app.get_as(&token, "/api/v1/satker/18").await.status(), 200);
    }
    assert_eq!(server.fetches.load(Ordering::SeqCst), 1, "keys are cached, not fetched per request");

    // Wrong issuer or audience, and a key the provider never published, are refused.
    for (bad, why) in [
        (provider_token(&key, "sso-1", claims(json!({"iss": "https://penipu.example"}))), "issuer"),
        (provider_token(&key, "sso-1", claims(json!({"aud": "aplikasi-lain"}))), "audience"),
        (provider_token(&provider_key("rsa_a.pem", "sso-2").0, "sso-2", claims(json!({}))), "unpublished key"),
        (provider_token(&key, "sso-1", claims(json!({"satker": "99.99"}))), "unknown satker"),
    ] {
        assert_eq!(app.get_as(&bad, "/api/v1/auth/saya").await.status(), 401, "{why}");
    }
    // An HMAC token naming the provider's key, keyed with its public key, is refused.
    let public = std::fs::read(fixture("rsa_b.pub.pem")).unwrap();
    let mut h = Header::new(Algorithm::HS256);
    h.kid = Some("sso-1".into());
    let forged = jsonwebtoken::encode(&h, &claims(json!({})), &EncodingKey::from_secret(&public)).unwrap();
    assert_eq!(app.get_as(&forged, "/api/v1/auth/saya").await.status(), 401);

    // The provider rotates to a new key: after the refresh interval, an unknown kid makes us
    // fetch its keys again, and the new key works.
    let (new_key, new_jwk) = provider_key("rsa_a.pem", "sso-2");
    *body.lock().unwrap() = serde_json::to_string(&JwkSet { keys: vec![new_jwk] }).unwrap();
    tokio::time::sleep(api::auth::idp::REFRESH_MIN).await;
    let rotated = provider_token(&new_key, "sso-2", claims(json!({})));
    assert_eq!(app.get_as(&rotated, "/api/v1/auth/saya").await.status(), 200);
    assert!(server.fetches.load(Ordering::SeqCst) >= 2);
}

#[tokio::test]
async fn an_unreachable_provider_does_not_stop_the_service() {
    let app = spawn_app_with(&[
        ("KINERJA_IDP_ISSUER", Some(ISSUER)),
        ("KINERJA_IDP_JWKS_URL", Some("http://127.0.0.1:9/certs")),
    ])
    .await;
    assert_eq!(app.get("/ready").await.status(), 200);
    let (key, _) = provider_key("rsa_b.pem", "sso-1");
    let token = provider_token(&key, "sso-1", claims(json!({})));
    assert_eq!(app.get_as(&token, "/api/v1/auth/saya").await.status(), 401);
    // Our own tokens keep working.
    let own = app.token("18", "analis").await;
    assert_eq!(app.get_as(&own, "/api/v1/auth/saya").await.status(), 200);
}
