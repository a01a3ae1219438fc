//! Submissions over REST: the whole seed 001 year, every rejection, the workflow and locks,
//! ETags and the race they prevent.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

pub fn seed001() -> Value {
    let path = format!("{}/api/data/demo/lampung_utara_2024.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

impl TestApp {
    pub async fn put_as(&self, token: &str, path: &str, body: &Value, if_match: Option<&str>) -> reqwest::Response {
        let mut req = self.client.put(format!("{}{}", self.address, path)).bearer_auth(token).json(body);
        if let Some(tag) = if_match {
            req = req.header("if-match", tag);
        }
        req.send().await.unwrap()
    }
}

async fn ok_json(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|v| v[key] == value).unwrap_or_else(|| panic!("{key}={value} not in {list}"))
}

#[tokio::test]
async fn the_seed_001_year_round_trips_with_exact_totals() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();

    let res = app.put_as(&op, "/api/v1/satker/18.03/pk/2024", &seed["pk"], None).await;
    assert_eq!(res.headers()["etag"], "\"v1\"");
    let pk = ok_json(res).await;
    assert_eq!(pk["berubah"], true);
    assert_eq!(pk["status"], "draf");
    assert_eq!(pk["indikator"].as_array().unwrap().len(), 32);
    let ss3 = find(&pk["indikator"], "kode", "SS3");
    assert_eq!((ss3["target"].as_str(), ss3["metode_predikat"].as_str()), (Some("B"), Some("skor")));
    assert_eq!(find(&pk["indikator"], "kode", "SS9")["target_nilai"], "87.5");
    assert_eq!(find(&pk["indikator"], "kode", "SS5")["target"], "2 laporan");

    let real =
        ok_json(app.put_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4", &seed["realisasi"]["TW4"], None).await)
            .await;
    let r = &real["ringkasan"];
    assert_eq!((r["dilaporkan"].as_u64(), r["diharapkan"].as_u64()), (Some(29), Some(32)));
    assert_eq!(r["capaian_rata_rata"], "100.612069", "(28 × 100 + 117,75) / 29");
    assert_eq!(r["kategori"], "Sangat Baik");
    assert_eq!(r["kelengkapan"], "90.625");
    let mut belum: Vec<&str> =
        real["belum_dilaporkan"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    belum.sort_unstable();
    assert_eq!(belum, ["SS11", "SS12", "SS2"]);
    let ss3 = find(&real["indikator"], "kode", "SS3");
    assert_eq!(ss3["capaian"], "117.75");
    assert_eq!(ss3["capaian_terbatas"], "117.75");
    assert_eq!(ss3["realisasi"], "BB (70,65)");
    assert_eq!(find(&real["indikator"], "kode", "SS9")["capaian"], "100");
    let temuan: Vec<(String, String)> = real["temuan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["kode"].as_str().unwrap().to_string(), t["indikator"].as_str().unwrap_or("").to_string()))
        .collect();
    assert!(temuan.contains(&("capaian_dilaporkan_berbeda".into(), "SS3".into())), "{temuan:?}");
    assert!(temuan.contains(&("predikat_tercapai_di_bawah_100".into(), "SS3".into())), "{temuan:?}");
    assert_eq!(temuan.len(), 2, "{temuan:?}");

    let ang = ok_json(app.put_as(&op, "/api/v1/satker/18.03/anggaran/2024", &seed["anggaran"], None).await).await;
    assert_eq!(
        ang["total"],
        json!({"pagu": 77452486000_i64, "realisasi": 77319385462_i64, "sisa": 133100538, "persen_penyerapan": "99.83"})
    );
    let wa = find(&ang["per_program"], "kode", "076.01.WA");
    assert_eq!(
        (wa["pagu"].as_i64(), wa["realisasi"].as_i64(), wa["persen_penyerapan"].as_str()),
        (Some(3174505000), Some(3171335436), Some("99.90"))
    );
    // 74.148.050.026 / 74.277.981.000 = 99,82507…%, which rounds to 99,83. The LKj prints
    // 99,82 (truncated) yet prints 100,00 for belanja modal (99,99992…, truncated 99,99): no
    // single rule gives both, and rounding gives every other figure of the document.
    let dh = find(&ang["per_program"], "kode", "076.01.DH");
    assert_eq!(
        (dh["pagu"].as_i64(), dh["realisasi"].as_i64(), dh["persen_penyerapan"].as_str()),
        (Some(74277981000), Some(74148050026), Some("99.83"))
    );
    for (jenis, pagu, realisasi, persen) in [
        ("51", 2999452000_i64, 2996870206_i64, "99.91"),
        ("52", 73463786000, 73333268090, "99.82"),
        ("53", 989248000, 989247166, "100.00"),
    ] {
        let j = find(&ang["per_jenis_belanja"], "kode", jenis);
        assert_eq!(
            (j["pagu"].as_i64(), j["realisasi"].as_i64(), j["persen_penyerapan"].as_str()),
            (Some(pagu), Some(realisasi), Some(persen)),
            "{jenis}"
        );
        assert_eq!(j["sisa"].as_i64(), Some(pagu - realisasi));
    }
    assert_eq!(find(&ang["per_jenis_belanja"], "kode", "52")["nama"], "Belanja Barang");
    assert_eq!(find(&ang["per_sumber_dana"], "kode", "APBN")["pagu"], 77452486000_i64);

    // And it all reads back the same.
    let got = ok_json(app.get_as(&op, "/api/v1/satker/18.03/anggaran/2024").await).await;
    assert_eq!(got["total"], ang["total"]);
    let got = ok_json(app.get_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4").await).await;
    assert_eq!(got["ringkasan"], real["ringkasan"]);
    let got = ok_json(app.get_as(&op, "/api/v1/satker/18.03/pk/2024").await).await;
    assert_eq!(find(&got["indikator"], "kode", "SS3")["capaian"][0]["capaian"], "117.75");
}

#[tokio::test]
async fn the_same_put_twice_changes_nothing_and_stale_etags_get_412() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    let path = "/api/v1/satker/18.03/anggaran/2024";
    ok_json(app.put_as(&op, path, &seed["anggaran"], None).await).await;
    let audit_before = entity::audit_log::Entity::find().all(&app.db).await.unwrap().len();

    let again = app.put_as(&op, path, &seed["anggaran"], Some("\"v1\"")).await;
    assert_eq!(again.headers()["etag"], "\"v1\"");
    let again = ok_json(again).await;
    assert_eq!(again["berubah"], false);
    assert_eq!(again["versi"], 1);
    assert_eq!(entity::audit_log::Entity::find().all(&app.db).await.unwrap().len(), audit_before, "no audit noise");

    let mut changed = seed["anggaran"].clone();
    changed["baris"][0]["realisasi"] = json!(2996870000_i64);
    let v2 = app.put_as(&op, path, &changed, Some("\"v1\"")).await;
    assert_eq!(v2.status(), 200);
    assert_eq!(v2.headers()["etag"], "\"v2\"");

    let stale = app.put_as(&op, path, &seed["anggaran"], Some("\"v1\"")).await;
    assert_eq!(stale.status(), 412);
    let body: Value = stale.json().await.unwrap();
    assert_eq!(body["code"], "versi_berubah");
    let now = ok_json(app.get_as(&op, path).await).await;
    assert_eq!(now["baris"][0]["realisasi"], 2996870000_i64, "the stale write did not land");

    // If-None-Match on a read.
    let cached = app
        .client
        .get(format!("{}{path}", app.address))
        .bearer_auth(&op)
        .header("if-none-match", "\"v2\"")
        .send()
        .await
        .unwrap();
    assert_eq!(cached.status(), 304);
}

use sea_orm::EntityTrait;

#[tokio::test]
async fn resaving_a_budget_with_changed_added_and_removed_lines_stores_exactly_the_new_one() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let path = "/api/v1/satker/18.03/anggaran/2025";
    let line = |akun: &str, pagu: i64, realisasi: i64, months: bool| {
        let mut l = json!({"program_kode": "076.01.DH", "program_nama": "Dukungan", "jenis_belanja": "52",
                           "akun": akun, "pagu": pagu, "realisasi": realisasi});
        if months {
            l["realisasi_bulanan"] = json!([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, realisasi]);
        }
        l
    };
    let three = json!({"baris": [line("521111", 100, 10, true), line("521211", 200, 20, false), line("524111", 300, 30, true)]});
    ok_json(app.put_as(&op, path, &three, None).await).await;

    // Line 1 changes (and gains months), line 0 stays, line 2 goes, two lines come.
    let four = json!({"baris": [line("521111", 100, 10, true), line("521211", 250, 25, true),
                               line("522111", 400, 40, false), line("526111", 500, 0, false)]});
    let saved = ok_json(app.put_as(&op, path, &four, None).await).await;
    let stored = ok_json(app.get_as(&op, path).await).await;
    for doc in [&saved, &stored] {
        let akun: Vec<&str> = doc["baris"].as_array().unwrap().iter().map(|b| b["akun"].as_str().unwrap()).collect();
        assert_eq!(akun, ["521111", "521211", "522111", "526111"]);
        assert_eq!(doc["baris"][1]["pagu"], 250);
        assert_eq!(doc["baris"][1]["realisasi_bulanan"][11], 25);
        assert_eq!(doc["baris"][2]["realisasi_bulanan"], Value::Null);
        assert_eq!(doc["total"]["pagu"], 1250);
        assert_eq!(doc["total"]["realisasi"], 75);
    }

    // And shrinking to one line leaves one line.
    let one = json!({"baris": [line("521211", 250, 25, true)]});
    ok_json(app.put_as(&op, path, &one, None).await).await;
    let stored = ok_json(app.get_as(&op, path).await).await;
    assert_eq!(stored["baris"].as_array().unwrap().len(), 1);
    assert_eq!(stored["baris"][0]["akun"], "521211");
    assert_eq!(stored["total"]["pagu"], 250);
}

#[tokio::test]
async fn two_operators_racing_on_one_version_one_wins_one_gets_412() {
    let app = spawn_app().await;
    let a = app.token("18.03", "operator").await;
    let b = app.token("18.03", "operator").await;
    let seed = seed001();
    let path = "/api/v1/satker/18.03/anggaran/2024";
    ok_json(app.put_as(&a, path, &seed["anggaran"], None).await).await;
    let mut one = seed["anggaran"].clone();
    one["baris"][0]["realisasi"] = json!(1);
    let mut two = seed["anggaran"].clone();
    two["baris"][0]["realisasi"] = json!(2);
    let (ra, rb) = tokio::join!(app.put_as(&a, path, &one, Some("\"v1\"")), app.put_as(&b, path, &two, Some("\"v1\"")));
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412]);
    let now = ok_json(app.get_as(&a, path).await).await;
    assert_eq!(now["versi"], 2);
}

#[tokio::test]
async fn an_invalid_document_is_rejected_whole_with_every_error_and_nothing_changes() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    let path = "/api/v1/satker/18.03/anggaran/2024";
    ok_json(app.put_as(&op, path, &seed["anggaran"], None).await).await;

    let mut bad = seed["anggaran"].clone();
    bad["baris"][1]["pagu"] = json!("dua juta");
    bad["baris"][3]["jenis_belanja"] = json!("59");
    bad["baris"][2]["realisasi"] = json!(-5);
    let res = app.put_as(&op, path, &bad, None).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["baris[1].pagu", "baris[2].realisasi", "baris[3].jenis_belanja"]);
    assert_eq!(body["errors"][0]["pesan"].as_str().unwrap().split(" (").next(), Some("harus bilangan bulat ≥ 0"));
    let now = ok_json(app.get_as(&op, path).await).await;
    assert_eq!((now["versi"].as_i64(), now["total"]["pagu"].as_i64()), (Some(1), Some(77452486000)));

    // Realisasi naming an indicator the PK does not have, and a value that cannot be read.
    ok_json(app.put_as(&op, "/api/v1/satker/18.03/pk/2024", &seed["pk"], None).await).await;
    let res = app
        .put_as(
            &op,
            "/api/v1/satker/18.03/realisasi/2024/TW1",
            &json!({"indikator": [
                {"kode": "SS1", "realisasi": "25%"},
                {"kode": "SS99", "realisasi": "10"},
                {"kode": "SS9", "realisasi": "1.234"},
                {"kode": "SS3", "realisasi": "BB"}
            ]}),
            None,
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["indikator[1].kode", "indikator[2].realisasi", "indikator[3].realisasi"]);
    assert!(body["errors"][1]["pesan"].as_str().unwrap().contains("ambigu"));
    assert!(body["errors"][2]["pesan"].as_str().unwrap().contains("skor"));
    assert_eq!(app.get_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW1").await.status(), 404);
}

#[tokio::test]
async fn malformed_oversized_and_mistyped_bodies() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let url = format!("{}/api/v1/satker/18.03/anggaran/2024", app.address);
    let send = |body: Vec<u8>, ct: &'static str| {
        let (client, url, op) = (app.client.clone(), url.clone(), op.clone());
        async move { client.put(url).bearer_auth(op).header("content-type", ct).body(body).send().await.unwrap() }
    };
    let res = send(b"{\"baris\": [\n  {\"pagu\": 1,}\n]}".to_vec(), "application/json").await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("baris 2"), "{body}");

    assert_eq!(send(b"baris=1".to_vec(), "application/x-www-form-urlencoded").await.status(), 415);
    let big = format!("{{\"baris\": [], \"x\": \"{}\"}}", "a".repeat(1024 * 1024 + 10));
    let res = send(big.into_bytes(), "application/json").await;
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["content-type"], "application/problem+json");

    let rows: Vec<Value> = (0..5001).map(|_| json!({})).collect();
    let res = app.put_as(&op, "/api/v1/satker/18.03/anggaran/2024", &json!({ "baris": rows }), None).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "baris");

    assert_eq!(app.put_as(&op, "/api/v1/satker/18.03/anggaran/1999", &json!({"baris": []}), None).await.status(), 422);
    let res = app.get_as(&op, "/api/v1/satker/18.03/riwayat?limit=banyak").await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = app.put_as(&op, "/api/v1/satker/18.03/anggaran/2024?dry_run=mungkin", &json!({"baris": []}), None).await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.get_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW5").await.status(), 422);
}

#[tokio::test]
async fn dry_run_reports_without_writing() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    let res = app
        .client
        .put(format!("{}/api/v1/satker/18.03/anggaran/2024?dry_run=true", app.address))
        .bearer_auth(&op)
        .json(&seed["anggaran"])
        .send()
        .await
        .unwrap();
    let body = ok_json(res).await;
    assert_eq!((body["dry_run"].as_bool(), body["berubah"].as_bool()), (Some(true), Some(true)));
    assert_eq!(body["total"]["sisa"], 133100538);
    assert_eq!(app.get_as(&op, "/api/v1/satker/18.03/anggaran/2024").await.status(), 404);
    assert!(entity::audit_log::Entity::find().all(&app.db).await.unwrap().iter().all(|r| r.aksi != "anggaran.simpan"));
}

#[tokio::test]
async fn workflow_locks_and_reasons() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let verif = app.token("18", "verifikator").await;
    let verif_kab = app.token("18.03", "verifikator").await;
    let seed = seed001();
    let pk = "/api/v1/satker/18.03/pk/2024";
    assert_eq!(app.post_as(&op, &format!("{pk}/ajukan"), &json!({})).await.status(), 404, "nothing to submit yet");
    ok_json(app.put_as(&op, pk, &seed["pk"], None).await).await;

    let res = ok_json(app.post_as(&op, &format!("{pk}/ajukan"), &json!({})).await).await;
    assert_eq!((res["status"].as_str(), res["versi"].as_i64()), (Some("diajukan"), Some(2)));
    let res = app.put_as(&op, pk, &seed["pk"], None).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "sedang_diverifikasi");

    // Only a verifikator above may decide, and returning needs a reason.
    assert_eq!(app.post_as(&op, &format!("{pk}/setujui"), &json!({})).await.status(), 403);
    assert_eq!(app.post_as(&verif_kab, &format!("{pk}/setujui"), &json!({})).await.status(), 403, "not its own satker");
    let res = app.post_as(&verif, &format!("{pk}/kembalikan"), &json!({})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["field"], "alasan");
    let res = ok_json(
        app.post_as(&verif, &format!("{pk}/kembalikan"), &json!({"alasan": "Target SS11 belum sesuai Renstra"})).await,
    )
    .await;
    assert_eq!(
        (res["status"].as_str(), res["alasan"].as_str()),
        (Some("dikembalikan"), Some("Target SS11 belum sesuai Renstra"))
    );

    let mut fixed = seed["pk"].clone();
    fixed["indikator"][12]["target"] = json!("10 Kali");
    let res = ok_json(app.put_as(&op, pk, &fixed, None).await).await;
    assert_eq!(res["status"], "draf");
    ok_json(app.post_as(&op, &format!("{pk}/ajukan"), &json!({})).await).await;
    let res = ok_json(app.post_as(&verif, &format!("{pk}/setujui"), &json!({})).await).await;
    assert_eq!(res["status"], "disetujui");

    let res = app.put_as(&op, pk, &seed["pk"], None).await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "terkunci_disetujui");
    assert!(body["detail"].as_str().unwrap().contains("disetujui"));
    let res = app.post_as(&verif, &format!("{pk}/setujui"), &json!({})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "status_tidak_sesuai");

    // The same for a triwulan report, and its history tells who did what.
    let tw = "/api/v1/satker/18.03/realisasi/2024/TW4";
    ok_json(app.put_as(&op, tw, &seed["realisasi"]["TW4"], None).await).await;
    ok_json(app.post_as(&op, &format!("{tw}/ajukan"), &json!({})).await).await;
    ok_json(app.post_as(&verif, &format!("{tw}/setujui"), &json!({})).await).await;
    assert_eq!(app.put_as(&op, tw, &seed["realisasi"]["TW4"], None).await.status(), 409);

    let riwayat = ok_json(app.get_as(&verif, "/api/v1/satker/18.03/riwayat").await).await;
    let dokumen: Vec<&Value> = riwayat["riwayat"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["objek"].as_str().is_some_and(|o| o.starts_with("pk:") || o.starts_with("realisasi:")))
        .collect();
    let aksi: Vec<&str> = dokumen.iter().map(|r| r["aksi"].as_str().unwrap()).collect();
    assert_eq!(
        aksi,
        [
            "realisasi.setujui",
            "realisasi.ajukan",
            "realisasi.simpan",
            "pk.setujui",
            "pk.ajukan",
            "pk.simpan",
            "pk.kembalikan",
            "pk.ajukan",
            "pk.rincian",
            "pk.simpan"
        ]
    );
    let edit = dokumen[5];
    assert_eq!(edit["sebelum"][12]["target_teks"], "12 kali");
    assert_eq!(edit["sesudah"][12]["target_teks"], "10 kali");
    // A verifikator sees who acted by the credential's name, never its id.
    assert_eq!(edit["pelaku"], Value::Null);
    assert!(edit["pelaku_nama"].as_str().is_some_and(|n| !n.is_empty()), "{edit}");
    assert_eq!(edit["jenis_pelaku"], "klien");
    assert!(!riwayat.to_string().contains("klien-18.03-"), "no client id anywhere: {riwayat}");
    // The admin sees the id.
    let admin = app.token("18", "admin").await;
    let riwayat = ok_json(app.get_as(&admin, "/api/v1/satker/18.03/riwayat").await).await;
    let ids: Vec<&str> = riwayat["riwayat"].as_array().unwrap().iter().filter_map(|r| r["pelaku"].as_str()).collect();
    assert!(ids.iter().any(|p| p.starts_with("klien-18.03-")), "{riwayat}");
}

#[tokio::test]
async fn stored_capaian_follows_the_pk_and_realisasi_needs_a_pk() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    let res = app.put_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4", &seed["realisasi"]["TW4"], None).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "pk_belum_ada");

    ok_json(app.put_as(&op, "/api/v1/satker/18.03/pk/2024", &seed["pk"], None).await).await;
    ok_json(app.put_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4", &seed["realisasi"]["TW4"], None).await).await;
    let mut pk = seed["pk"].clone();
    pk["indikator"][0]["target"] = json!("80%");
    ok_json(app.put_as(&op, "/api/v1/satker/18.03/pk/2024", &pk, None).await).await;
    let real = ok_json(app.get_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4").await).await;
    let ss1 = find(&real["indikator"], "kode", "SS1");
    assert_eq!((ss1["capaian"].as_str(), ss1["capaian_terbatas"].as_str()), (Some("125"), Some("120")));

    // An indicator with realisasi cannot silently disappear from the PK.
    let mut shorter = seed["pk"].clone();
    shorter["indikator"].as_array_mut().unwrap().remove(0);
    let res = app.put_as(&op, "/api/v1/satker/18.03/pk/2024", &shorter, None).await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "indikator_berealisasi");
    assert!(body["detail"].as_str().unwrap().contains("SS1 (TW4)"));
}

#[tokio::test]
async fn an_empty_database_starts_with_the_lampung_demo_and_reloading_changes_nothing() {
    let app = crate::helpers::spawn_app_with(&[("KINERJA_DEMO", Some("true"))]).await;
    let analis = app.token("18", "analis").await;
    let pk = ok_json(app.get_as(&analis, "/api/v1/satker/18.03/pk/2024").await).await;
    assert_eq!(pk["demo"], true);
    assert_eq!(pk["indikator"].as_array().unwrap().len(), 32);
    let ang = ok_json(app.get_as(&analis, "/api/v1/satker/18.03/anggaran/2024").await).await;
    assert_eq!(ang["total"]["pagu"], 77452486000_i64);
    let lamsel = ok_json(app.get_as(&analis, "/api/v1/satker/18.01/pk/2024").await).await;
    assert_eq!(lamsel["indikator"].as_array().unwrap().len(), 14);
    assert_eq!(lamsel["indikator"][8]["polaritas"], "minimal");
    for kode in ["18.02", "18.13", "18.71", "18.72"] {
        let tw = ok_json(app.get_as(&analis, &format!("/api/v1/satker/{kode}/realisasi/2024/TW4")).await).await;
        assert!(tw["ringkasan"]["capaian_rata_rata"].is_string(), "{kode}");
    }
    // Two reports wait for the verifikator, so the queue of the demo is not empty.
    for kode in api::demo::DIAJUKAN {
        let tw = ok_json(app.get_as(&analis, &format!("/api/v1/satker/{kode}/realisasi/2024/TW4")).await).await;
        assert_eq!(tw["status"], "diajukan", "{kode}");
    }
    let out = crate::helpers::run_cli(&["demo"], &[("DATABASE_URL", app.database.url.as_str())]);
    assert!(out.status.success(), "{}", crate::helpers::stderr(&out));
    let report: Value = serde_json::from_str(&crate::helpers::stdout(&out)).unwrap();
    assert_eq!((report["satker"].as_u64(), report["berubah"].as_u64()), (Some(15), Some(0)));
}

/// A write renders its answer from what it holds, without reading back: that answer must be
/// exactly what a read gives afterwards, findings and timestamps included.
#[tokio::test]
async fn a_written_document_answers_exactly_what_a_read_gives_afterwards() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    ok_json(app.put_as(&op, "/api/v1/satker/18.03/pk/2024", &seed["pk"], None).await).await;
    let mut tw4 = seed["realisasi"]["TW4"].clone();
    for tw in ["TW2", "TW3", "TW4"] {
        // TW3 below TW2 for the first indicator: a cumulative value that falls is a finding.
        let mut body = tw4.clone();
        if tw == "TW2" {
            body["indikator"][0]["realisasi"] = json!("99");
        }
        if tw == "TW3" {
            body["indikator"][0]["realisasi"] = json!("10");
        }
        let path = format!("/api/v1/satker/18.03/realisasi/2024/{tw}");
        let mut written = ok_json(app.put_as(&op, &path, &body, None).await).await;
        let read = ok_json(app.get_as(&op, &path).await).await;
        assert_eq!(written.as_object_mut().unwrap().remove("berubah"), Some(json!(true)));
        written.as_object_mut().unwrap().remove("dry_run");
        assert_eq!(written, read, "{tw}");
        if tw == "TW3" {
            assert!(!read["temuan"].as_array().unwrap().is_empty(), "the fall is found: {read}");
        }
    }
    // The budget too, with a line spent beyond its pagu (a finding).
    let mut anggaran = seed["anggaran"].clone();
    anggaran["baris"][0]["realisasi"] = json!(anggaran["baris"][0]["pagu"].as_i64().unwrap() + 1);
    anggaran["baris"][0].as_object_mut().unwrap().remove("realisasi_bulanan");
    let path = "/api/v1/satker/18.03/anggaran/2024";
    let mut written = ok_json(app.put_as(&op, path, &anggaran, None).await).await;
    let read = ok_json(app.get_as(&op, path).await).await;
    written.as_object_mut().unwrap().remove("berubah");
    written.as_object_mut().unwrap().remove("dry_run");
    assert_eq!(written, read);
    assert!(!read["temuan"].as_array().unwrap().is_empty(), "{read}");

    // Rewriting TW2 higher than TW3 moves nothing before it, and TW3's finding stays current.
    tw4["indikator"][0]["realisasi"] = json!("98");
    let w = ok_json(app.put_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW2", &tw4, None).await).await;
    assert_eq!(w["versi"], 2);
    let tw3 = ok_json(app.get_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW3").await).await;
    assert!(tw3["temuan"].as_array().unwrap().iter().any(|t| t["indikator"] == tw3["indikator"][0]["kode"]), "{tw3}");
}
