//! Webhooks (`/api/v1/langganan`): a real receiver on this machine gets every change of the
//! subscription's scope, in order, once in the normal case, signed as Standard Webhooks says
//! (checked here with HMAC-SHA256 directly, and in CI with the `standardwebhooks` package);
//! a failing receiver is retried on the schedule, then the change is parked and can be sent
//! again; 410 stops the subscription; internal targets are refused without the allow-list;
//! a subscription is its owner's alone.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{TestApp, spawn_app_with, start};

/// One delivery as the receiver got it.
#[derive(Clone, Debug)]
struct Diterima {
    id: String,
    timestamp: i64,
    signature: String,
    body: Vec<u8>,
    pada: Instant,
}

impl Diterima {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    /// Whether one of its signatures is `secret`'s, computed here from the standard's words.
    fn sah(&self, secret: &str) -> bool {
        let key = STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        mac.update(format!("{}.{}.", self.id, self.timestamp).as_bytes());
        mac.update(&self.body);
        let want = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
        self.signature.split(' ').any(|s| s == want)
    }
}

/// An HTTP receiver on 127.0.0.1 that records what it gets and answers with the statuses
/// queued (200 when none is).
struct Penerima {
    url: String,
    diterima: Arc<Mutex<Vec<Diterima>>>,
    jawab: Arc<Mutex<VecDeque<u16>>>,
}

async fn penerima() -> Penerima {
    let diterima = Arc::new(Mutex::new(Vec::new()));
    let jawab = Arc::new(Mutex::new(VecDeque::new()));
    let (d, j) = (diterima.clone(), jawab.clone());
    let server = HttpServer::new(move || {
        let (d, j) = (d.clone(), j.clone());
        App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let (d, j) = (d.clone(), j.clone());
            async move {
                let h = |n: &str| req.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                d.lock().unwrap().push(Diterima {
                    id: h("webhook-id"),
                    timestamp: h("webhook-timestamp").parse().unwrap_or(0),
                    signature: h("webhook-signature"),
                    body: body.to_vec(),
                    pada: Instant::now(),
                });
                let status = j.lock().unwrap().pop_front().unwrap_or(200);
                HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                    .body(format!("jawaban penerima {status}"))
            }
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    Penerima { url: format!("http://127.0.0.1:{port}/kait"), diterima, jawab }
}

impl Penerima {
    fn semua(&self) -> Vec<Diterima> {
        self.diterima.lock().unwrap().clone()
    }

    /// Waits (up to 30 s) until `cukup` holds of what arrived.
    async fn tunggu(&self, cukup: impl Fn(&[Diterima]) -> bool) -> Vec<Diterima> {
        let mulai = Instant::now();
        loop {
            let d = self.semua();
            if cukup(&d) || mulai.elapsed() > Duration::from_secs(30) {
                return d;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

const IZIN: (&str, Option<&str>) = ("KINERJA_WEBHOOK_IZINKAN", Some("127.0.0.1/32"));

async fn narasi(app: &TestApp, token: &str, kode: &str, teks: &str) {
    let path = format!("/api/v1/satker/{kode}/lkj/2024/narasi");
    let res = app.put_as(token, &path, &json!({ "penutup": teks }), None).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

async fn langganan(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.post_as(token, "/api/v1/langganan", &body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v
}

async fn lihat(app: &TestApp, token: &str, id: &str) -> Value {
    app.get_as(token, &format!("/api/v1/langganan/{id}")).await.json().await.unwrap()
}

/// Polls a subscription until `cukup` holds (or 30 s pass).
async fn lihat_sampai(app: &TestApp, token: &str, id: &str, cukup: impl Fn(&Value) -> bool) -> Value {
    let mulai = Instant::now();
    loop {
        let v = lihat(app, token, id).await;
        if cukup(&v) || mulai.elapsed() > Duration::from_secs(30) {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn every_change_in_scope_arrives_signed_in_order_and_once() {
    let app = spawn_app_with(&[IZIN]).await;
    let rx = penerima().await;
    let op = app.token("18.03", "operator").await;
    let op_lain = app.token("31.71", "operator").await;
    let analis = app.token("18", "analis").await;
    let baru = langganan(&app, &analis, json!({ "url": rx.url, "keterangan": "gudang data provinsi" })).await;
    let secret = baru["rahasia"].as_str().unwrap().to_string();
    let id = baru["langganan"]["id"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(baru["langganan"]["status"], "aktif");
    assert_eq!(baru["langganan"]["satker"], "18");
    let mulai = baru["langganan"]["kursor"].as_str().unwrap().to_string();
    // The secret is shown once: never again in a read.
    assert!(!lihat(&app, &analis, &id).await.to_string().contains(&secret));

    for i in 0..6 {
        narasi(&app, &op, "18.03", &format!("Penutup versi {i}.")).await;
        narasi(&app, &op_lain, "31.71", &format!("Penutup lain {i}.")).await;
    }
    // What the feed gives this analis after the subscription's start is what must arrive.
    let feed: Value =
        app.get_as(&analis, &format!("/api/v1/perubahan?setelah={mulai}&batas=1000")).await.json().await.unwrap();
    let want: Vec<String> =
        feed["perubahan"].as_array().unwrap().iter().map(|p| p["kursor"].as_str().unwrap().to_string()).collect();
    assert_eq!(want.len(), 6, "{feed}");
    let got = rx.tunggu(|d| d.len() >= want.len()).await;
    // Allow a late duplicate to show itself, if one were coming.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let got_all = rx.semua();
    assert_eq!(got_all.len(), got.len(), "no delivery twice in the normal case");
    let kursor: Vec<String> = got.iter().map(|d| d.json()["data"]["kursor"].as_str().unwrap().to_string()).collect();
    assert_eq!(kursor, want, "every change of its scope, in order, nothing of another tenant's");
    for d in &got {
        assert!(d.sah(&secret), "signature of {}", d.id);
        assert!(!d.sah("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "a wrong secret does not verify");
        let v = d.json();
        assert_eq!(v["type"], "narasi_lkj.simpan");
        assert_eq!(v["data"]["satker"], "18.03");
        assert_eq!(v["data"]["tautan"], "/api/v1/satker/18.03/lkj/2024/narasi");
        assert!((d.timestamp - chrono::Utc::now().timestamp()).abs() < 60);
    }
    let ids: std::collections::HashSet<&str> = got.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), got.len(), "webhook-id unique per change");

    let v = lihat_sampai(&app, &analis, &id, |v| v["terakhir"]["kode"] == 200).await;
    assert_eq!(v["terakhir"]["kode"], 200, "{v}");
    assert_eq!(v["percobaan"], 0);
    let metrik = app.get("/metrics").await.text().await.unwrap();
    assert!(metrik.contains("kinerja_webhook_kiriman_total{hasil=\"terkirim\"} 6"), "{metrik}");
    assert!(metrik.contains("kinerja_webhook_tertunda_tertua_detik 0"), "{metrik}");

    // A type filter: only those types arrive; pausing stops deliveries; resuming goes on from
    // the cursor.
    let rx2 = penerima().await;
    let pk_saja = langganan(&app, &analis, json!({ "url": rx2.url, "jenis": ["pk.simpan"] })).await;
    let id2 = pk_saja["langganan"]["id"].as_str().unwrap();
    narasi(&app, &op, "18.03", "Tidak untuk langganan pk.").await;
    rx.tunggu(|d| d.len() > 6).await;
    assert!(rx2.semua().is_empty(), "a narasi change is not a pk.simpan");
    let res = app.post_as(&analis, &format!("/api/v1/langganan/{id}/jeda"), &json!({})).await;
    assert_eq!(res.status(), 200);
    narasi(&app, &op, "18.03", "Saat dijeda.").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(rx.semua().len(), 7, "nothing while paused");
    let res = app.post_as(&analis, &format!("/api/v1/langganan/{id}/lanjutkan"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let d = rx.tunggu(|d| d.len() >= 8).await;
    assert_eq!(d[7].json()["data"]["jenis"], "narasi_lkj.simpan");
    let daftar: Value = app.get_as(&analis, "/api/v1/langganan").await.json().await.unwrap();
    let ids: Vec<&str> = daftar["langganan"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [id.as_str(), id2]);
    let res =
        app.client.delete(format!("{}/api/v1/langganan/{id2}", app.address)).bearer_auth(&analis).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_as(&analis, &format!("/api/v1/langganan/{id2}")).await.status(), 404);
}

#[tokio::test]
async fn a_failing_receiver_is_retried_on_schedule_then_parked_and_sent_again() {
    let app = spawn_app_with(&[IZIN, ("KINERJA_WEBHOOK_JADWAL", Some("1s,2s"))]).await;
    let rx = penerima().await;
    rx.jawab.lock().unwrap().extend([500, 503, 500]);
    let op = app.token("18.03", "operator").await;
    let baru = langganan(&app, &op, json!({ "url": rx.url })).await;
    let id = baru["langganan"]["id"].as_str().unwrap().to_string();
    narasi(&app, &op, "18.03", "Gagal dulu.").await;

    let d = rx.tunggu(|d| d.len() >= 3).await;
    assert_eq!(d.len(), 3, "three attempts: the first and one per wait");
    assert!(d.iter().all(|x| x.id == d[0].id), "the same webhook-id on every attempt");
    assert!(d[1].pada - d[0].pada >= Duration::from_millis(950), "{:?}", d[1].pada - d[0].pada);
    assert!(d[2].pada - d[1].pada >= Duration::from_millis(1950), "{:?}", d[2].pada - d[1].pada);
    let v = lihat_sampai(&app, &op, &id, |v| v["parkir"] == 1).await;
    assert_eq!(v["parkir"], 1, "{v}");
    let parkir: Value = app.get_as(&op, &format!("/api/v1/langganan/{id}/parkir")).await.json().await.unwrap();
    let k = &parkir["kiriman"][0];
    assert_eq!(
        (k["status"].as_str(), k["percobaan"].as_i64(), k["kode"].as_i64()),
        (Some("parkir"), Some(3), Some(500))
    );
    assert_eq!(k["webhook_id"].as_str(), Some(d[0].id.as_str()));
    assert_eq!(k["cuplikan"], "jawaban penerima 500");

    // The next change goes on (the receiver is well again).
    narasi(&app, &op, "18.03", "Sudah pulih.").await;
    let d = rx.tunggu(|d| d.len() >= 4).await;
    assert_eq!(d[3].json()["data"]["jenis"], "narasi_lkj.simpan");
    assert_ne!(d[3].id, d[0].id);

    // Sent again: the parked change, with its webhook-id, and nothing is parked any more.
    let res = app.post_as(&op, &format!("/api/v1/langganan/{id}/parkir/kirim-ulang"), &json!({})).await;
    assert_eq!(res.status(), 202);
    assert_eq!(res.json::<Value>().await.unwrap()["antre"], 1);
    let d = rx.tunggu(|d| d.len() >= 5).await;
    assert_eq!(d[4].id, d[0].id);
    assert_eq!(d[4].body, d[0].body);
    let v = lihat_sampai(&app, &op, &id, |v| v["parkir"] == 0).await;
    assert_eq!(v["parkir"], 0, "{v}");
    let metrik = app.get("/metrics").await.text().await.unwrap();
    for want in ["hasil=\"gagal\"} 2", "hasil=\"parkir\"} 1", "hasil=\"terkirim\"} 2"] {
        assert!(metrik.contains(want), "{want}: {metrik}");
    }
}

#[tokio::test]
async fn a_receiver_answering_410_stops_its_subscription_until_resumed() {
    let app = spawn_app_with(&[IZIN]).await;
    let rx = penerima().await;
    rx.jawab.lock().unwrap().push_back(410);
    let op = app.token("18.03", "operator").await;
    let baru = langganan(&app, &op, json!({ "url": rx.url })).await;
    let id = baru["langganan"]["id"].as_str().unwrap().to_string();
    narasi(&app, &op, "18.03", "Satu.").await;
    let v = lihat_sampai(&app, &op, &id, |v| v["status"] == "nonaktif").await;
    assert_eq!(v["status"], "nonaktif", "{v}");
    assert!(v["alasan"].as_str().unwrap().contains("410"), "{v}");
    narasi(&app, &op, "18.03", "Dua.").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(rx.semua().len(), 1, "nothing more after 410");
    // Resumed, it goes on from its cursor: the change answered 410 comes again, then the next.
    let res = app.post_as(&op, &format!("/api/v1/langganan/{id}/lanjutkan"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let d = rx.tunggu(|d| d.len() >= 3).await;
    assert_eq!(d.len(), 3);
    assert_eq!(d[1].id, d[0].id);
    assert_eq!(d[2].json()["data"]["jenis"], "narasi_lkj.simpan");
}

#[tokio::test]
async fn internal_targets_are_refused_unless_allowed() {
    let app = spawn_app_with(&[]).await;
    let op = app.token("18.03", "operator").await;
    for url in [
        "http://127.0.0.1:9/kait",
        "http://localhost:9/kait",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.5/kait",
        "http://[::1]/kait",
        "http://[::ffff:127.0.0.1]/kait",
        "ftp://contoh.go.id/kait",
        "https://user:pw@contoh.go.id/kait",
        "bukan url",
    ] {
        let res = app.post_as(&op, "/api/v1/langganan", &json!({ "url": url })).await;
        assert_eq!(res.status(), 422, "{url}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["errors"][0]["field"], "url", "{url}: {v}");
    }
    let v: Value = app.get_as(&op, "/api/v1/langganan").await.json().await.unwrap();
    assert_eq!(v["langganan"], json!([]), "nothing stored after a refusal");
    // Allowed by range: loopback yes, other private addresses still no.
    let app = spawn_app_with(&[IZIN]).await;
    let op = app.token("18.03", "operator").await;
    let res = app.post_as(&op, "/api/v1/langganan", &json!({ "url": "http://127.0.0.1:9/kait" })).await;
    assert_eq!(res.status(), 201);
    let res = app.post_as(&op, "/api/v1/langganan", &json!({ "url": "http://10.0.0.5/kait" })).await;
    assert_eq!(res.status(), 422);
    let res = app.post_as(&op, "/api/v1/langganan", &json!({ "url": "http://127.0.0.1:9/", "jenis": ["pk"] })).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["errors"][0]["field"], "jenis[0]", "{v}");
}

#[tokio::test]
async fn a_subscription_is_its_owners_alone_and_follows_only_its_scope() {
    let app = spawn_app_with(&[IZIN]).await;
    let rx = penerima().await;
    let pemilik = app.token("18", "admin").await;
    let baru = langganan(&app, &pemilik, json!({ "url": rx.url, "satker": "18.03" })).await;
    let id = baru["langganan"]["id"].as_str().unwrap().to_string();
    let missing = "lgn_00000000000000000000000000000000";
    // Another tenant, another client of the same satker, and one of the satker below: each
    // gets exactly what a subscription that does not exist gets.
    for (kode, peran) in [("31", "admin"), ("18", "admin"), ("18.03", "operator")] {
        let lain = app.token(kode, peran).await;
        for (method, suffix) in [
            ("GET", ""),
            ("DELETE", ""),
            ("POST", "/jeda"),
            ("POST", "/lanjutkan"),
            ("POST", "/rotasi"),
            ("GET", "/parkir"),
            ("POST", "/parkir/kirim-ulang"),
        ] {
            let call = |target: String| {
                let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                app.client
                    .request(m, format!("{}/api/v1/langganan/{target}{suffix}", app.address))
                    .bearer_auth(&lain)
                    .send()
            };
            let res = call(id.clone()).await.unwrap();
            let (status, body) = (res.status(), res.json::<Value>().await.unwrap());
            let res = call(missing.to_string()).await.unwrap();
            let (m_status, m_body) = (res.status(), res.json::<Value>().await.unwrap());
            assert_eq!(status, 404, "{kode} {method} {suffix}: {body}");
            assert_eq!((status, &body["code"]), (m_status, &m_body["code"]));
            assert_eq!(
                body["detail"].as_str().unwrap().replace(&id, "?"),
                m_body["detail"].as_str().unwrap().replace(missing, "?")
            );
        }
        let v: Value = app.get_as(&lain, "/api/v1/langganan").await.json().await.unwrap();
        assert!(!v.to_string().contains(&id), "{kode} lists no other owner's subscription");
    }
    // A subtree outside the caller's scope is a satker that does not exist; an operator
    // follows its own satker alone.
    let luar = app.token("31.71", "operator").await;
    for satker in ["18.03", "31", "00"] {
        let res = app.post_as(&luar, "/api/v1/langganan", &json!({ "url": rx.url, "satker": satker })).await;
        assert_eq!(res.status(), 404, "{satker}");
    }
    // The admin's subscription to 18.03 gets 18.03's changes, not 18.01's.
    let op = app.token("18.03", "operator").await;
    let op_01 = app.token("18.01", "operator").await;
    narasi(&app, &op_01, "18.01", "Tetangga.").await;
    narasi(&app, &op, "18.03", "Sendiri.").await;
    let d = rx.tunggu(|d| !d.is_empty()).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let d2 = rx.semua();
    assert_eq!(d2.len(), d.len());
    assert!(d2.iter().all(|x| x.json()["data"]["satker"] == "18.03"), "{d2:?}");
    // Its owner's credential revoked: the subscription stops, nothing more is sent.
    let saya: Value = app.get_as(&pemilik, "/api/v1/auth/saya").await.json().await.unwrap();
    let client_id = saya["sub"].as_str().unwrap();
    let admin_pusat = app.token("00", "admin").await;
    let res = app.post_as(&admin_pusat, &format!("/api/v1/satker/18/klien/{client_id}/cabut"), &json!({})).await;
    assert_eq!(res.status(), 200);
    narasi(&app, &op, "18.03", "Setelah pemilik dicabut.").await;
    let mulai = Instant::now();
    let status = loop {
        use sea_orm::EntityTrait;
        let row = entity::langganan::Entity::find().all(&app.db).await.unwrap().remove(0);
        if row.status == "nonaktif" || mulai.elapsed() > Duration::from_secs(15) {
            break (row.status, row.alasan);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(status.0, "nonaktif", "{status:?}");
    assert_eq!(rx.semua().len(), d2.len(), "nothing sent for a revoked owner");
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_old_one() {
    let app = spawn_app_with(&[IZIN]).await;
    let rx = penerima().await;
    let op = app.token("18.03", "operator").await;
    let baru = langganan(&app, &op, json!({ "url": rx.url })).await;
    let lama = baru["rahasia"].as_str().unwrap().to_string();
    let id = baru["langganan"]["id"].as_str().unwrap().to_string();
    let res = app.post_as(&op, &format!("/api/v1/langganan/{id}/rotasi"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let r: Value = res.json().await.unwrap();
    let baru_rahasia = r["rahasia"].as_str().unwrap().to_string();
    assert_ne!(baru_rahasia, lama);
    assert!(r["langganan"]["rahasia_lama_sampai"].is_string(), "{r}");
    narasi(&app, &op, "18.03", "Setelah rotasi.").await;
    let d = rx.tunggu(|d| !d.is_empty()).await;
    assert_eq!(d[0].signature.split(' ').count(), 2, "{}", d[0].signature);
    assert!(d[0].sah(&lama) && d[0].sah(&baru_rahasia));
}

#[tokio::test]
async fn two_instances_deliver_each_change_once() {
    let app = spawn_app_with(&[IZIN]).await;
    let (kedua, _db) = start(&app.database.url, &[IZIN]).await.expect("second instance");
    let rx = penerima().await;
    let op = app.token("18.03", "operator").await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(langganan(&app, &op, json!({ "url": rx.url })).await["langganan"]["id"].as_str().unwrap().to_string());
    }
    for i in 0..10 {
        // Writes through both instances.
        let (alamat, teks) = if i % 2 == 0 { (&app.address, "satu") } else { (&kedua, "dua") };
        let res = app
            .client
            .put(format!("{alamat}/api/v1/satker/18.03/lkj/2024/narasi"))
            .bearer_auth(&op)
            .json(&json!({ "penutup": format!("{teks} {i}") }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let d = rx.tunggu(|d| d.len() >= 40).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let d_all = rx.semua();
    assert_eq!(d_all.len(), d.len(), "no change delivered twice");
    assert_eq!(d.len(), 40, "10 changes × 4 subscriptions");
    let unik: std::collections::HashSet<&str> = d.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(unik.len(), 40);
    // In order per subscription.
    for id in &ids {
        let tag = id.trim_start_matches("lgn_");
        let mine: Vec<String> = d
            .iter()
            .filter(|x| x.id.contains(tag))
            .map(|x| x.json()["data"]["kursor"].as_str().unwrap().to_string())
            .collect();
        let mut urut = mine.clone();
        urut.sort_by_key(|k| {
            let (a, b) = k.split_once('-').unwrap();
            (a.parse::<i64>().unwrap(), b.parse::<i64>().unwrap())
        });
        assert_eq!(mine, urut);
        assert_eq!(mine.len(), 10);
    }
}

#[tokio::test]
async fn a_subscription_behind_the_changes_kept_says_so() {
    let app = spawn_app_with(&[IZIN]).await;
    let rx = penerima().await;
    let op = app.token("18.03", "operator").await;
    let baru = langganan(&app, &op, json!({ "url": rx.url })).await;
    let id = baru["langganan"]["id"].as_str().unwrap().to_string();
    assert_eq!(baru["langganan"]["kursor_kedaluwarsa"], false);
    let res = app.post_as(&op, &format!("/api/v1/langganan/{id}/jeda"), &json!({})).await;
    assert_eq!(res.status(), 200);
    narasi(&app, &op, "18.03", "Selama jeda.").await;
    // The retention passes over the change it has not received.
    let dipangkas =
        api::repo::perubahan::pangkas(&app.db, chrono::Utc::now() + chrono::Duration::seconds(1)).await.unwrap();
    assert!(dipangkas >= 1);
    let v = lihat(&app, &op, &id).await;
    assert_eq!(v["kursor_kedaluwarsa"], true, "{v}");
    // Starting after a cursor older than what is kept is refused, naming the field.
    let res = app.post_as(&op, "/api/v1/langganan", &json!({ "url": rx.url, "setelah": "0-0" })).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["field"], "setelah");
}
