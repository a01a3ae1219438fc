//! The change feed (`GET /api/v1/perubahan`): a stored change appears once, in the writer's
//! transaction (a refused write, a dry run and an unchanged PUT leave none); each caller sees
//! its own scope only; a cursor continues where it left off, never past a change that commits
//! later than one it already has (PostgreSQL: a writer held open), and is refused with 410
//! once older than what is kept; `?tunggu=` waits for the next change.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::buku::isi_seed;
use crate::helpers::{is_postgres, spawn_app};

const NARASI: &str = "/api/v1/satker/18.03/lkj/2024/narasi";

async fn umpan(app: &crate::helpers::TestApp, token: &str, q: &str) -> Value {
    let res = app.get_as(token, &format!("/api/v1/perubahan{q}")).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    v
}

/// The feed read again until `cukup` holds (or 30 s pass): on PostgreSQL a transaction still
/// open anywhere on the cluster (another test's, in another database) holds the feed back a
/// moment, by design; it never makes a change appear out of order or be skipped.
async fn umpan_sampai(app: &crate::helpers::TestApp, token: &str, q: &str, cukup: impl Fn(&Value) -> bool) -> Value {
    let mulai = Instant::now();
    loop {
        let v = umpan(app, token, q).await;
        if cukup(&v) || mulai.elapsed() > Duration::from_secs(30) {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn ada(v: &Value) -> bool {
    !v["perubahan"].as_array().unwrap().is_empty()
}

fn jenis(v: &Value) -> Vec<String> {
    v["perubahan"].as_array().unwrap().iter().map(|p| p["jenis"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_stored_change_appears_once_and_a_refused_dry_or_unchanged_write_leaves_none() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let analis = app.token("18", "analis").await;
    let awal = umpan(&app, &analis, "").await;
    let k0 = awal["kursor"].as_str().unwrap().to_string();

    isi_seed(&app, &op).await;
    let semua = ["pk.simpan", "realisasi.simpan", "anggaran.simpan", "ringkasan.berubah"];
    let v = umpan_sampai(&app, &analis, &format!("?setelah={k0}&batas=1000"), |v| {
        semua.iter().all(|w| jenis(v).iter().any(|x| x == w))
    })
    .await;
    let j = jenis(&v);
    for want in ["pk.simpan", "realisasi.simpan", "anggaran.simpan", "ringkasan.berubah"] {
        assert!(j.iter().any(|x| x == want), "{want} in {j:?}");
    }
    let pk = v["perubahan"].as_array().unwrap().iter().find(|p| p["jenis"] == "pk.simpan").unwrap();
    assert_eq!(
        (pk["satker"].as_str(), pk["tahun"].as_i64(), pk["versi"].as_i64()),
        (Some("18.03"), Some(2024), Some(1))
    );
    assert_eq!(pk["tautan"], "/api/v1/satker/18.03/pk/2024");
    let real = v["perubahan"].as_array().unwrap().iter().find(|p| p["jenis"] == "realisasi.simpan").unwrap();
    assert_eq!(real["tautan"], format!("/api/v1/satker/18.03/realisasi/2024/{}", real["triwulan"].as_str().unwrap()));
    // Cursors are in order and the page's cursor is its last change's.
    let kursor: Vec<&str> = v["perubahan"].as_array().unwrap().iter().map(|p| p["kursor"].as_str().unwrap()).collect();
    assert_eq!(v["kursor"].as_str(), kursor.last().copied());
    let k1 = v["kursor"].as_str().unwrap().to_string();

    // One change through the same write path: one event, who made it, where to read it.
    let body = json!({"penutup": "Capaian kinerja 2024 sangat baik."});
    assert_eq!(app.put_as(&op, NARASI, &body, None).await.status(), 200);
    let v = umpan_sampai(&app, &analis, &format!("?setelah={k1}"), ada).await;
    assert_eq!(jenis(&v), ["narasi_lkj.simpan"]);
    assert_eq!(v["perubahan"][0]["tautan"], NARASI);
    assert!(v["perubahan"][0]["pelaku"].as_str().is_some_and(|p| !p.is_empty()));
    let k2 = v["kursor"].as_str().unwrap().to_string();

    // The same text again, a dry run, a refused body: nothing new.
    assert_eq!(app.put_as(&op, NARASI, &body, None).await.status(), 200);
    let kering = json!({"penutup": "lain"});
    let res = app
        .client
        .put(format!("{}{NARASI}?dry_run=true", app.address))
        .bearer_auth(&op)
        .json(&kering)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.put_as(&op, NARASI, &json!({"bab_v": "x"}), None).await.status(), 422);
    let v = umpan(&app, &analis, &format!("?setelah={k2}")).await;
    assert!(jenis(&v).is_empty(), "{v}");
    assert_eq!(v["kursor"], k2.as_str(), "nothing new: the same cursor");
    assert_eq!(v["lagi"], false);

    // Filters: by type, by subtree; a page that is full says so.
    let v = umpan(&app, &analis, &format!("?setelah={k0}&jenis=pk.simpan,narasi_lkj.simpan")).await;
    assert_eq!(jenis(&v), ["pk.simpan", "narasi_lkj.simpan"]);
    let v = umpan(&app, &analis, &format!("?setelah={k0}&batas=1")).await;
    assert_eq!((jenis(&v).len(), v["lagi"].as_bool()), (1, Some(true)));
    let v = umpan(&app, &analis, &format!("?setelah={k0}&satker=18.03&jenis=narasi_lkj.simpan")).await;
    assert_eq!(jenis(&v), ["narasi_lkj.simpan"]);
    let v = umpan(&app, &analis, &format!("?setelah={k0}&satker=18.01")).await;
    assert!(jenis(&v).is_empty());

    // Bad parameters name their field.
    let res = app.get_as(&analis, "/api/v1/perubahan?setelah=kemarin&batas=0&tunggu=600&jenis=semua").await;
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.unwrap();
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["setelah", "batas", "tunggu", "jenis"], "{p}");
    for q in ["jenis=pk.simpan,", "jenis=%20pk.simpan", "setelah=9999999999999999999-1"] {
        assert_eq!(app.get_as(&analis, &format!("/api/v1/perubahan?{q}")).await.status(), 422, "{q}");
    }
    assert_eq!(app.get_as(&analis, "/api/v1/perubahan?jenis=").await.status(), 200, "an empty filter is none");
}

#[tokio::test]
async fn another_tenant_sees_none_of_the_changes_and_cannot_ask_for_them() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;
    let sendiri = umpan_sampai(&app, &op, "", |v| jenis(v).iter().any(|j| j == "anggaran.simpan")).await;
    assert!(!jenis(&sendiri).is_empty(), "the satker sees its own changes");
    assert!(sendiri["perubahan"].as_array().unwrap().iter().all(|p| p["satker"] == "18.03"));
    for (kode, peran) in [("18.01", "operator"), ("17", "analis"), ("31", "verifikator")] {
        let t = app.token(kode, peran).await;
        let v = umpan(&app, &t, "?batas=1000").await;
        assert!(jenis(&v).is_empty(), "{kode} {peran} sees {v}");
    }
    // Naming a satker outside one's scope is answered as a satker that does not exist.
    let lain = app.token("18.01", "operator").await;
    let res = app.get_as(&lain, "/api/v1/perubahan?satker=18.03").await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let luar = app.token("17", "analis").await;
    assert_eq!(app.get_as(&luar, "/api/v1/perubahan?satker=18").await.status(), 404);
    assert_eq!(app.get("/api/v1/perubahan").await.status(), 401);
    // KPU RI sees them, the provinsi above it too.
    let ri = app.token("00", "analis").await;
    let v = umpan_sampai(&app, &ri, "?satker=18.03", |v| jenis(v).iter().any(|j| j == "pk.simpan")).await;
    assert!(jenis(&v).contains(&"pk.simpan".to_string()));
}

#[tokio::test]
async fn a_cursor_older_than_what_is_kept_is_told_to_resynchronise() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let k0 = umpan(&app, &op, "").await["kursor"].as_str().unwrap().to_string();
    assert_eq!(app.put_as(&op, NARASI, &json!({"penutup": "satu"}), None).await.status(), 200);
    let k1 = umpan_sampai(&app, &op, &format!("?setelah={k0}"), ada).await["kursor"].as_str().unwrap().to_string();
    assert_eq!(app.put_as(&op, NARASI, &json!({"penutup": "dua"}), None).await.status(), 200);
    // What the hourly pruning does with the retention passed: everything up to now goes.
    let n = api::repo::perubahan::pangkas(&app.db, chrono::Utc::now() + chrono::Duration::seconds(1)).await.unwrap();
    assert!(n >= 2, "{n}");
    let res = app.get_as(&op, &format!("/api/v1/perubahan?setelah={k1}")).await;
    assert_eq!(res.status(), 410);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["code"], "kursor_kedaluwarsa", "{p}");
    // Starting over works, and a change after the pruning is read from its cursor.
    let baru = umpan(&app, &op, "").await;
    assert!(jenis(&baru).is_empty());
    let k = baru["kursor"].as_str().unwrap().to_string();
    assert_eq!(app.put_as(&op, NARASI, &json!({"penutup": "tiga"}), None).await.status(), 200);
    assert_eq!(jenis(&umpan_sampai(&app, &op, &format!("?setelah={k}"), ada).await), ["narasi_lkj.simpan"]);
}

#[tokio::test]
async fn a_long_poll_returns_with_the_next_change() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let k = umpan(&app, &op, "").await["kursor"].as_str().unwrap().to_string();
    let mulai = Instant::now();
    let penulis = {
        let (client, address, op) = (app.client.clone(), app.address.clone(), op.clone());
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(800)).await;
            client.put(format!("{address}{NARASI}")).bearer_auth(op).json(&json!({"penutup": "x"})).send().await
        })
    };
    let v = umpan(&app, &op, &format!("?setelah={k}&tunggu=20")).await;
    let lama = mulai.elapsed();
    assert_eq!(penulis.await.unwrap().unwrap().status(), 200);
    assert_eq!(jenis(&v), ["narasi_lkj.simpan"], "waited for the change");
    assert!(lama >= Duration::from_millis(700) && lama < Duration::from_secs(15), "{lama:?}");
}

/// On PostgreSQL two writers race: one transaction is held open while a later one commits.
/// The feed does not hand out the later change (its cursor would pass the earlier one) until
/// the earlier commits; then both come, the earlier first.
#[tokio::test]
async fn a_writer_held_open_holds_the_feed_back_and_nothing_is_skipped() {
    if !is_postgres() {
        return; // SQLite has one writer: nothing commits out of order.
    }
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let k = umpan(&app, &op, "").await["kursor"].as_str().unwrap().to_string();

    let lambat = app.db.begin().await.unwrap();
    lambat
        .execute_unprepared(
            "INSERT INTO perubahan (xid, waktu, jenis, satker_id, objek) \
             SELECT pg_current_xact_id()::text::bigint, now(), 'uji.tahan', id, 'uji:2024' \
             FROM satker WHERE kode_wilayah = '18.03'",
        )
        .await
        .unwrap();
    assert_eq!(app.put_as(&op, NARASI, &json!({"penutup": "sesudah"}), None).await.status(), 200);
    let v = umpan(&app, &op, &format!("?setelah={k}")).await;
    assert!(jenis(&v).is_empty(), "a later commit waits behind the open writer: {v}");
    assert_eq!(v["kursor"], k.as_str());

    lambat.commit().await.unwrap();
    let v = umpan_sampai(&app, &op, &format!("?setelah={k}"), |v| jenis(v).len() >= 2).await;
    assert_eq!(jenis(&v), ["uji.tahan", "narasi_lkj.simpan"], "both, the earlier transaction first");
}
