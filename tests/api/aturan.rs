//! Capaian rules per subtree: set by a provinsi, validated, stored capaian recomputed, audited.

use entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::dokumen::seed001;
use crate::helpers::{TestApp, run_cli, spawn_app, stderr, stdout};

async fn load_seed(app: &TestApp) -> String {
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    for (path, body) in [
        ("/api/v1/satker/18.03/pk/2024", &seed["pk"]),
        ("/api/v1/satker/18.03/realisasi/2024/TW4", &seed["realisasi"]["TW4"]),
    ] {
        let res = app.put_as(&op, path, body, None).await;
        assert_eq!(res.status(), 200, "{path}");
    }
    op
}

async fn ss3(app: &TestApp, token: &str) -> (Value, Value) {
    let real: Value = app.get_as(token, "/api/v1/satker/18.03/realisasi/2024/TW4").await.json().await.unwrap();
    let row = real["indikator"].as_array().unwrap().iter().find(|i| i["kode"] == "SS3").unwrap().clone();
    (row, real["ringkasan"].clone())
}

fn five_bands() -> Value {
    json!([
        {"dari": 0, "sampai": 51, "nama": "Sangat Kurang"},
        {"dari": "51", "sampai": "66", "nama": "Kurang"},
        {"dari": 66, "sampai": 76, "nama": "Cukup"},
        {"dari": 76, "sampai": "91", "nama": "Baik"},
        {"dari": 91, "sampai": null, "nama": "Sangat Baik"}
    ])
}

#[tokio::test]
async fn a_provinsi_sets_rules_for_its_subtree_and_stored_capaian_follow() {
    let app = spawn_app().await;
    let op = load_seed(&app).await;
    let admin = app.token("18", "admin").await;

    let before: Value = app.get_as(&op, "/api/v1/satker/18.03/aturan-capaian").await.json().await.unwrap();
    assert_eq!(before["batas_capaian"], "120");
    assert_eq!(before["ditetapkan_oleh"], Value::Null);
    assert_eq!(before["pita_kategori"][3]["nama"], "Sangat Baik");
    let (row, _) = ss3(&app, &op).await;
    assert_eq!(row["capaian_terbatas"], "117.75");

    let res = app
        .client
        .put(format!("{}/api/v1/satker/18/aturan-capaian", app.address))
        .bearer_auth(&admin)
        .json(&json!({"batas_capaian": "100", "pita_kategori": five_bands()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let set: Value = res.json().await.unwrap();
    assert_eq!((set["dihitung_ulang"].as_u64(), set["batas_capaian"].as_str()), (Some(1), Some("100")));
    assert!(set["baris_berubah"].as_u64().unwrap() >= 1);

    let (row, ringkasan) = ss3(&app, &op).await;
    assert_eq!(
        (row["capaian"].as_str(), row["capaian_terbatas"].as_str()),
        (Some("117.75"), Some("100")),
        "raw kept, cap applied"
    );
    assert_eq!(ringkasan["capaian_rata_rata"], "100");
    assert_eq!(ringkasan["batas_capaian"], "100");
    let now: Value = app.get_as(&op, "/api/v1/satker/18.03/aturan-capaian").await.json().await.unwrap();
    assert_eq!(now["ditetapkan_oleh"], "18");
    assert_eq!(now["pita_kategori"].as_array().unwrap().len(), 5);
    // Another provinsi keeps the national defaults.
    let other: Value =
        app.get_as(&app.token("31", "analis").await, "/api/v1/satker/31/aturan-capaian").await.json().await.unwrap();
    assert_eq!(other["batas_capaian"], "120");

    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Aksi.eq("aturan.tetapkan"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(audit.sebelum.unwrap()["batas_capaian"], "120");
    assert_eq!(audit.sesudah.unwrap()["dihitung_ulang"], 1);

    // Removing the override restores the inherited rules, and the stored values with them.
    let res = app
        .client
        .delete(format!("{}/api/v1/satker/18/aturan-capaian", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (row, _) = ss3(&app, &op).await;
    assert_eq!(row["capaian_terbatas"], "117.75");
}

#[tokio::test]
async fn bad_rules_are_refused_and_only_upper_levels_set_them() {
    let app = spawn_app().await;
    let admin = app.token("18", "admin").await;
    let put = |token: String, path: &'static str, body: Value| {
        let (client, address) = (app.client.clone(), app.address.clone());
        async move { client.put(format!("{address}{path}")).bearer_auth(token).json(&body).send().await.unwrap() }
    };
    let gap = json!({"pita_kategori": [{"dari": 0, "sampai": 50, "nama": "Kurang"}, {"dari": 51, "sampai": null, "nama": "Baik"}]});
    let res = put(admin.clone(), "/api/v1/satker/18/aturan-capaian", gap).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "pita_kategori");
    assert!(body["errors"][0]["pesan"].as_str().unwrap().contains("celah"));

    let res = put(admin.clone(), "/api/v1/satker/18/aturan-capaian", json!({"batas_capaian": 90})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["field"], "batas_capaian");

    let res = put(admin.clone(), "/api/v1/satker/18.03/aturan-capaian", json!({"batas_capaian": 110})).await;
    assert_eq!(res.status(), 422, "a kabupaten does not set its own bands");
    let res = put(app.token("18", "analis").await, "/api/v1/satker/18/aturan-capaian", json!({})).await;
    assert_eq!(res.status(), 403);
    let res = put(app.token("31", "admin").await, "/api/v1/satker/18/aturan-capaian", json!({})).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn cli_recomputes_stored_capaian() {
    let app = spawn_app().await;
    load_seed(&app).await;
    let out = run_cli(
        &["capaian", "hitung-ulang", "--satker", "18", "--tahun", "2024"],
        &[("DATABASE_URL", app.database.url.as_str())],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["dihitung_ulang"], 1);
    assert_eq!(report["baris_berubah"], 0, "nothing changed, so nothing is rewritten");
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Aksi.eq("capaian.hitung_ulang"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
}
