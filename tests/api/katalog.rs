//! One indicator, one identity: the catalogue through the document protocol, PKs that report
//! against it, statistics grouped by what an indicator is rather than what a satker calls it,
//! and who may write and see which catalogue.

use serde_json::{Value, json};

use crate::graphql::gql;
use crate::helpers::{TestApp, run_cli, spawn_app, spawn_app_with};

const NASIONAL: &str = "/api/v1/katalog/2025-2029";

fn entri(kode: &str, nama: &str, satuan: &str, tipe: &str) -> Value {
    json!({"kode": kode, "nama": nama, "satuan": satuan, "tipe_nilai": tipe})
}

fn katalog_uji() -> Value {
    json!({"indikator": [
        entri("PART-01", "Persentase Partisipasi Pemilih", "persen", "persen"),
        {"kode": "DPT-01", "nama": "Persentase pemilih tidak masuk DPT", "satuan": "persen", "tipe_nilai": "persen", "polaritas": "minimal"},
        {"kode": "SAKIP", "nama": "Nilai Akuntabilitas Kinerja", "satuan": "predikat", "tipe_nilai": "predikat", "metode_predikat": "skor",
         "definisi": "Nilai evaluasi SAKIP oleh Inspektorat Utama", "tingkat": ["provinsi", "kabupaten_kota"]},
    ]})
}

async fn put(app: &TestApp, token: &str, path: &str, body: &Value, if_match: Option<&str>) -> (u16, Value) {
    let res = app.put_as(token, path, body, if_match).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The statistics of a provinsi's indicators in TW4 of `tahun`.
async fn statistik(app: &TestApp, token: &str, kode: &str, tahun: i32) -> Vec<Value> {
    let q = format!(
        r#"{{ provinsi(kode: "{kode}") {{ indikator(tahun: {tahun}, triwulan: TW4) {{ kode nama katalog lokal satker jumlahSatker jumlahMelapor rataRata min max kategori {{ kategori jumlah }} }} }} }}"#
    );
    let (status, body) = gql(app, token, &q).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["provinsi"]["indikator"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_national_catalogue_is_a_versioned_document_written_by_kpu_ri_alone() {
    let app = spawn_app().await;
    let admin_ri = app.token("00", "admin").await;
    let body = katalog_uji();

    // Validation is whole, with the field named; nothing is stored.
    let mut salah = body.clone();
    salah["indikator"][1]["kode"] = json!("part-01");
    salah["indikator"][2].as_object_mut().unwrap().remove("metode_predikat");
    let (status, e) = put(&app, &admin_ri, NASIONAL, &salah, None).await;
    assert_eq!(status, 422, "{e}");
    let fields: Vec<&str> = e["errors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"indikator[1].kode") && fields.contains(&"indikator[2].metode_predikat"), "{fields:?}");
    assert_eq!(app.get_as(&admin_ri, "/api/v1/satker/00/katalog/2025-2029").await.status(), 404);

    // A dry run answers what would be stored and stores nothing.
    let res = app
        .client
        .put(format!("{}{NASIONAL}?dry_run=true", app.address))
        .bearer_auth(&admin_ri)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.get_as(&admin_ri, "/api/v1/satker/00/katalog/2025-2029").await.status(), 404);

    let (status, v1) = put(&app, &admin_ri, NASIONAL, &body, None).await;
    assert_eq!(status, 200, "{v1}");
    assert_eq!(
        (v1["versi"].as_i64(), v1["berubah"].as_bool(), v1["satker"].as_str()),
        (Some(1), Some(true), Some("00"))
    );
    assert_eq!(v1["indikator"][0]["identitas"], "2025:PART-01");
    assert_eq!(v1["indikator"][2]["tingkat"], json!(["provinsi", "kabupaten_kota"]));
    let res = app.get_as(&admin_ri, "/api/v1/satker/00/katalog/2025-2029").await;
    assert_eq!(res.headers()["etag"], "\"v1\"");
    let (status, same) = put(&app, &admin_ri, NASIONAL, &body, None).await;
    assert_eq!((status, same["berubah"].as_bool(), same["versi"].as_i64()), (200, Some(false), Some(1)), "unchanged");
    let mut v2 = body.clone();
    v2["indikator"][0]["cara_ukur"] = json!("Pengguna hak pilih dibagi DPT");
    assert_eq!(put(&app, &admin_ri, NASIONAL, &v2, Some("\"v1\"")).await.0, 200);
    let (status, stale) = put(&app, &admin_ri, NASIONAL, &body, Some("\"v1\"")).await;
    assert_eq!((status, stale["code"].as_str()), (412, Some("versi_berubah")));

    // Everyone signed in reads it; only KPU RI's admin writes it.
    let op = app.token("18.03", "operator").await;
    let terlihat: Value = app.get_as(&op, NASIONAL).await.json().await.unwrap();
    assert_eq!(terlihat["indikator"].as_array().unwrap().len(), 3);
    assert_eq!(terlihat["indikator"][0]["pemilik"], "00");
    let daftar: Value = app.get_as(&op, "/api/v1/katalog").await.json().await.unwrap();
    assert_eq!(daftar, json!([{"periode": "2025-2029", "jumlah_indikator": 3}]));
    for (kode, peran) in [("18", "admin"), ("00", "analis"), ("18.03", "operator")] {
        let t = app.token(kode, peran).await;
        let (status, _) = put(&app, &t, NASIONAL, &body, None).await;
        assert!(status == 404 || status == 403, "{kode} {peran}: {status}");
    }
    assert_eq!(app.get_as(&op, "/api/v1/katalog/2023-2027").await.status(), 422, "not a Renstra period");

    // The audit trail of KPU RI holds the change, before and after.
    let riwayat: Value = app.get_as(&admin_ri, "/api/v1/satker/00/riwayat").await.json().await.unwrap();
    let rows = riwayat["riwayat"].as_array().cloned().unwrap_or_default();
    assert!(rows.iter().filter(|r| r["aksi"] == "katalog.simpan").count() >= 2, "{riwayat}");
}

#[tokio::test]
async fn a_pk_inherits_from_the_catalogue_and_is_refused_where_it_contradicts_it() {
    let app = spawn_app().await;
    let admin_ri = app.token("00", "admin").await;
    assert_eq!(put(&app, &admin_ri, NASIONAL, &katalog_uji(), None).await.0, 200);
    let op = app.token("18.02", "operator").await;
    let path = "/api/v1/satker/18.02/pk/2026";

    let lawan = json!({"indikator": [{"kode": "IK-04", "katalog": "DPT-01", "polaritas": "maksimal", "target": 2}]});
    let (status, e) = put(&app, &op, path, &lawan, None).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["errors"][0]["field"], "indikator[0].polaritas", "{e}");
    let asing = json!({"indikator": [{"kode": "IK-04", "katalog": "TIDAK-ADA", "target": 2}]});
    assert_eq!(put(&app, &op, path, &asing, None).await.1["errors"][0]["field"], "indikator[0].katalog");
    assert_eq!(app.get_as(&op, path).await.status(), 404, "nothing stored");

    let pk = json!({"indikator": [
        {"kode": "IK-01", "katalog": "part-01", "target": "78"},
        {"kode": "IK-04", "katalog": "DPT-01", "nama": "persentase pemilih  tidak masuk DPT", "target": "2"},
        {"kode": "IK-99", "nama": "Jumlah rapat koordinasi", "satuan": "kali", "target": 4},
    ]});
    let (status, v) = put(&app, &op, path, &pk, None).await;
    assert_eq!(status, 200, "{v}");
    let i = &v["indikator"];
    assert_eq!(
        (i[0]["katalog"].as_str(), i[0]["nama"].as_str()),
        (Some("PART-01"), Some("Persentase Partisipasi Pemilih"))
    );
    assert_eq!((i[0]["satuan"].as_str(), i[0]["tipe_nilai"].as_str()), (Some("persen"), Some("persen")));
    assert_eq!(i[1]["polaritas"], "minimal", "inherited");
    assert_eq!(i[1]["nama"], "Persentase pemilih tidak masuk DPT", "stored as the catalogue writes it");
    assert_eq!((i[2]["katalog"].as_str(), i[2]["nama"].as_str()), (None, Some("Jumlah rapat koordinasi")));
    let (status, same) = put(&app, &op, path, &pk, None).await;
    assert_eq!((status, same["berubah"].as_bool()), (200, Some(false)), "the same PK again changes nothing");

    // KPU RI's own PK may not use an indicator that is not for its level.
    let op_ri = app.token("00", "operator").await;
    let ri = json!({"indikator": [{"kode": "S1", "katalog": "SAKIP", "target": "BB"}]});
    let (status, e) = put(&app, &op_ri, "/api/v1/satker/00/pk/2026", &ri, None).await;
    assert_eq!((status, e["errors"][0]["field"].as_str()), (422, Some("indikator[0].katalog")), "{e}");

    // An entry in use is retired, never deleted; a retired code is refused in a new PK but
    // stays in the PK that already uses it.
    let mut tanpa = katalog_uji();
    tanpa["indikator"].as_array_mut().unwrap().remove(0);
    let (status, e) = put(&app, &admin_ri, NASIONAL, &tanpa, None).await;
    assert_eq!((status, e["code"].as_str()), (409, Some("katalog_dipakai")), "{e}");
    let mut pensiun = katalog_uji();
    pensiun["indikator"][0]["pensiun"] = json!(true);
    assert_eq!(put(&app, &admin_ri, NASIONAL, &pensiun, None).await.0, 200);
    let op3 = app.token("18.03", "operator").await;
    let baru = json!({"indikator": [{"kode": "P", "katalog": "PART-01", "target": "78"}]});
    let (status, e) = put(&app, &op3, "/api/v1/satker/18.03/pk/2026", &baru, None).await;
    assert_eq!(status, 422, "{e}");
    assert!(e["errors"][0]["pesan"].as_str().unwrap().contains("pensiun"), "{e}");
    let mut ubah = pk.clone();
    ubah["indikator"][2]["target"] = json!(5);
    assert_eq!(put(&app, &op, path, &ubah, None).await.0, 200, "its own PK keeps the retired entry");
}

#[tokio::test]
async fn statistics_group_by_identity_not_by_what_a_satker_calls_an_indicator() {
    let app = spawn_app().await;
    let admin_ri = app.token("00", "admin").await;
    assert_eq!(put(&app, &admin_ri, NASIONAL, &katalog_uji(), None).await.0, 200);
    let tahun = 2026;
    // 18.01 and 18.02 both call different indicators of their own "X-1" (90 % and 50 %), and
    // report the catalogue's partisipasi under different codes of their own (80 and 60).
    for (kode, x, part_kode, part) in [("18.01", "90", "A-PART", "80"), ("18.02", "50", "B-7", "60")] {
        let op = app.token(kode, "operator").await;
        let nama_x = if kode == "18.01" { "Persentase arsip tertata" } else { "Persentase rapat tepat waktu" };
        let pk = json!({"indikator": [
            {"kode": "X-1", "nama": nama_x, "satuan": "persen", "target": 100},
            {"kode": part_kode, "katalog": "PART-01", "target": 100},
        ]});
        assert_eq!(put(&app, &op, &format!("/api/v1/satker/{kode}/pk/{tahun}"), &pk, None).await.0, 200);
        let real = json!({"indikator": [{"kode": "X-1", "realisasi": x}, {"kode": part_kode, "realisasi": part}]});
        let (status, b) = put(&app, &op, &format!("/api/v1/satker/{kode}/realisasi/{tahun}/TW4"), &real, None).await;
        assert_eq!(status, 200, "{b}");
    }
    let analis = app.token("18", "analis").await;
    let rows = statistik(&app, &analis, "18", tahun).await;
    let x: Vec<&Value> = rows.iter().filter(|r| r["kode"] == "X-1").collect();
    assert_eq!(x.len(), 2, "two different indicators, never one mean: {rows:?}");
    for (satker, mean) in [("18.01", "90"), ("18.02", "50")] {
        let r = x.iter().find(|r| r["satker"] == satker).unwrap();
        assert_eq!(
            (r["lokal"].as_bool(), r["rataRata"].as_str(), r["jumlahSatker"].as_i64()),
            (Some(true), Some(mean), Some(1))
        );
    }
    let part: Vec<&Value> = rows.iter().filter(|r| r["katalog"] == "PART-01").collect();
    assert_eq!(part.len(), 1, "one indicator under two codes: {rows:?}");
    let p = part[0];
    assert_eq!((p["kode"].as_str(), p["nama"].as_str()), (Some("PART-01"), Some("Persentase Partisipasi Pemilih")));
    assert_eq!(
        (p["jumlahSatker"].as_i64(), p["jumlahMelapor"].as_i64(), p["rataRata"].as_str()),
        (Some(2), Some(2), Some("70"))
    );
    // Two reports in two kategori: one group of SQL each, added up into one indicator.
    assert_eq!((p["min"].as_str(), p["max"].as_str()), (Some("60"), Some("80")));
    let kategori = p["kategori"].as_array().unwrap();
    assert_eq!(kategori.len(), 2, "{p}");
    assert!(kategori.iter().all(|k| k["jumlah"] == 1) && kategori.iter().any(|k| k["kategori"] == "Baik"), "{p}");
    assert_eq!((p["lokal"].as_bool(), p["satker"].as_str()), (Some(false), None));
    assert_eq!(rows.len(), 3);
    // Only what is comparable across satkers: the catalogue's.
    let (status, b) = gql(&app, &analis, &format!(
        r#"{{ provinsi(kode: "18") {{ indikator(tahun: {tahun}, triwulan: TW4, lokal: false) {{ kode jumlahSatker rataRata }} }} }}"#
    ))
    .await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(b["data"]["provinsi"]["indikator"], json!([{"kode": "PART-01", "jumlahSatker": 2, "rataRata": "70"}]));
}

#[tokio::test]
async fn a_provinsi_adds_to_the_catalogue_for_its_own_subtree_only() {
    let app = spawn_app().await;
    let admin_ri = app.token("00", "admin").await;
    assert_eq!(put(&app, &admin_ri, NASIONAL, &katalog_uji(), None).await.0, 200);
    let admin_18 = app.token("18", "admin").await;
    let path = "/api/v1/satker/18/katalog/2025-2029";
    let tambahan = json!({"indikator": [{"kode": "LPG-01", "nama": "Jumlah sosialisasi pemilih", "satuan": "kali", "tipe_nilai": "angka", "tingkat": ["kabupaten_kota"]}]});
    // Not for KPU RI's level, and not a code the national catalogue already has.
    let mut ri = tambahan.clone();
    ri["indikator"][0]["tingkat"] = json!(["ri", "kabupaten_kota"]);
    assert_eq!(put(&app, &admin_18, path, &ri, None).await.1["errors"][0]["field"], "indikator[0].tingkat");
    let mut kembar = tambahan.clone();
    kembar["indikator"][0]["kode"] = json!("part-01");
    assert_eq!(put(&app, &admin_18, path, &kembar, None).await.1["errors"][0]["field"], "indikator[0].kode");
    let (status, v) = put(&app, &admin_18, path, &tambahan, None).await;
    assert_eq!((status, v["satker"].as_str()), (200, Some("18")), "{v}");
    // A kabupaten keeps no catalogue of its own.
    let admin_kab = app.token("18.03", "admin").await;
    assert_eq!(put(&app, &admin_kab, "/api/v1/satker/18.03/katalog/2025-2029", &tambahan, None).await.0, 422);

    // Lampung's satkers see it; another provinsi's do not, nor may they report against it.
    let lihat = |app: &TestApp, token: String| {
        let (client, url) = (app.client.clone(), format!("{}{NASIONAL}", app.address));
        async move {
            let v: Value = client.get(url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
            v["indikator"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["kode"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert!(lihat(&app, app.token("18.03", "operator").await).await.contains(&"LPG-01".to_string()));
    let di_31 = lihat(&app, app.token("31.71", "operator").await).await;
    assert!(!di_31.contains(&"LPG-01".to_string()) && di_31.contains(&"PART-01".to_string()), "{di_31:?}");
    assert!(!lihat(&app, app.token("31", "analis").await).await.contains(&"LPG-01".to_string()));
    assert!(lihat(&app, app.token("00", "analis").await).await.contains(&"LPG-01".to_string()), "KPU RI sees all");
    let op_31 = app.token("31.71", "operator").await;
    let pk = json!({"indikator": [{"kode": "S", "katalog": "LPG-01", "target": 4}]});
    let (status, e) = put(&app, &op_31, "/api/v1/satker/31.71/pk/2026", &pk, None).await;
    assert_eq!((status, e["errors"][0]["field"].as_str()), (422, Some("indikator[0].katalog")), "{e}");
    let op_18 = app.token("18.03", "operator").await;
    assert_eq!(put(&app, &op_18, "/api/v1/satker/18.03/pk/2026", &pk, None).await.0, 200);
    // Another provinsi's admin cannot read or write Lampung's additions.
    let admin_31 = app.token("31", "admin").await;
    assert_eq!(put(&app, &admin_31, path, &tambahan, None).await.0, 404);
    assert_eq!(app.get_as(&admin_31, path).await.status(), 404);
}

#[tokio::test]
async fn an_indicator_carried_into_the_next_period_keeps_its_identity() {
    let app = spawn_app().await;
    let admin_ri = app.token("00", "admin").await;
    let lama = json!({"indikator": [entri("IKU-06", "Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan", "persen", "persen")]});
    assert_eq!(put(&app, &admin_ri, "/api/v1/katalog/2020-2024", &lama, None).await.0, 200);
    let mut baru = katalog_uji();
    baru["indikator"][0]["menggantikan"] = json!("IKU-06");
    let (status, v) = put(&app, &admin_ri, NASIONAL, &baru, None).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["indikator"][0]["identitas"], "2020:IKU-06", "the 2020 identity carries on");
    baru["indikator"][1]["menggantikan"] = json!("TIDAK-ADA");
    let (status, e) = put(&app, &admin_ri, NASIONAL, &baru, None).await;
    assert_eq!((status, e["errors"][0]["field"].as_str()), (422, Some("indikator[1].menggantikan")), "{e}");

    // A satker reporting against it in both periods: one identity in both years' summaries.
    let op = app.token("18.02", "operator").await;
    for (tahun, katalog) in [(2024, "IKU-06"), (2025, "PART-01")] {
        let pk = json!({"indikator": [{"kode": "P", "katalog": katalog, "target": 75}]});
        assert_eq!(put(&app, &op, &format!("/api/v1/satker/18.02/pk/{tahun}"), &pk, None).await.0, 200);
        let r = json!({"indikator": [{"kode": "P", "realisasi": 80}]});
        assert_eq!(put(&app, &op, &format!("/api/v1/satker/18.02/realisasi/{tahun}/TW4"), &r, None).await.0, 200);
    }
    let analis = app.token("18", "analis").await;
    let a = statistik(&app, &analis, "18", 2024).await;
    let b = statistik(&app, &analis, "18", 2025).await;
    assert_eq!((a[0]["katalog"].as_str(), b[0]["katalog"].as_str()), (Some("IKU-06"), Some("PART-01")));
    let out = run_cli(&["ringkasan", "periksa"], &[("DATABASE_URL", app.database.url.as_str())]);
    assert!(out.status.success(), "summaries stay exact: {}", crate::helpers::stderr(&out));
}

/// The demo: "Persentase Partisipasi Pemilih" is one row for every Lampung satker that has it;
/// the satkers' own indicators stay their own; the summaries are exact.
#[tokio::test]
async fn the_demo_reports_against_kpus_catalogue() {
    let app = spawn_app_with(&[("KINERJA_DEMO", Some("true"))]).await;
    let analis = app.token("18", "analis").await;
    let katalog: Value = app.get_as(&analis, "/api/v1/katalog/2020-2024").await.json().await.unwrap();
    let kode: Vec<&str> =
        katalog["indikator"].as_array().unwrap().iter().map(|e| e["kode"].as_str().unwrap()).collect();
    assert_eq!(kode.len(), 15, "fourteen national IKU and Lampung's addition: {kode:?}");
    let rows = statistik(&app, &analis, "18", 2024).await;
    let part: Vec<&Value> = rows.iter().filter(|r| r["katalog"] == "KPU-06").collect();
    assert_eq!(part.len(), 1, "{rows:?}");
    assert_eq!(part[0]["nama"], "Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan");
    assert_eq!(part[0]["jumlahSatker"], 14, "thirteen kabupaten/kota and Lampung Selatan");
    let sakip = rows.iter().find(|r| r["katalog"] == "KPU-03").unwrap();
    assert_eq!(sakip["jumlahSatker"], 2, "Lampung Selatan's IKU-03 and Lampung Utara's SS3");
    assert!(rows.iter().filter(|r| r["kode"] == "IK-05").all(|r| r["lokal"] == true));
    assert_eq!(rows.iter().filter(|r| r["kode"] == "IK-05").count(), 13, "a satker's own, never merged");
    let pk: Value = app.get_as(&analis, "/api/v1/satker/18.03/pk/2024").await.json().await.unwrap();
    let ss3 = pk["indikator"].as_array().unwrap().iter().find(|i| i["kode"] == "SS3").unwrap().clone();
    assert_eq!(ss3["katalog"], "KPU-03");
    let out = run_cli(&["ringkasan", "periksa"], &[("DATABASE_URL", app.database.url.as_str())]);
    assert!(out.status.success(), "{}", crate::helpers::stderr(&out));
}

/// One catalogue indicator across Lampung, over REST, GraphQL and the dashboard page: every
/// satker that has it, best first, the same figures everywhere; nationally also per provinsi.
#[tokio::test]
async fn the_ranking_of_one_catalogue_indicator_is_the_same_everywhere() {
    let app = spawn_app_with(&[("KINERJA_DEMO", Some("true"))]).await;
    let analis = app.token("18", "analis").await;
    let res = app.get_as(&analis, "/api/v1/provinsi/18/indikator/KPU-06?tahun=2024&triwulan=TW4").await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!((v["katalog"].as_str(), v["jumlah_satker"].as_i64()), (Some("KPU-06"), Some(14)));
    let satker = v["satker"].as_array().unwrap();
    let capaian: Vec<f64> =
        satker.iter().filter_map(|s| s["capaian"].as_str()).map(|c| c.parse::<f64>().unwrap()).collect();
    assert!(capaian.windows(2).all(|w| w[0] >= w[1]), "best first: {capaian:?}");
    assert_eq!(satker[0]["peringkat"], 1);
    let lamsel = satker.iter().find(|s| s["kode"] == "18.01").unwrap();
    assert_eq!((lamsel["kode_indikator"].as_str(), lamsel["realisasi"].as_str()), (Some("IKU-06"), Some("79,12%")));
    assert!(v["provinsi"].as_array().unwrap().is_empty(), "per provinsi only nationally");

    let (status, g) = gql(
        &app,
        &analis,
        r#"{ katalog(periode: "2020-2024") { kode pemilik }
             provinsi(kode: "18") { peringkatIndikator(katalog: "KPU-06", tahun: 2024, triwulan: TW4) {
               jumlahSatker rataRata satker { peringkat kode kodeIndikator capaian kategori } } } }"#,
    )
    .await;
    assert_eq!(status, 200, "{g}");
    assert_eq!(g["data"]["katalog"].as_array().unwrap().len(), 15);
    let p = &g["data"]["provinsi"]["peringkatIndikator"];
    assert_eq!(p["satker"][0]["kode"], satker[0]["kode"]);
    assert_eq!(p["satker"][0]["capaian"], satker[0]["capaian"]);
    assert_eq!(p["rataRata"], v["rata_rata"]);

    // The page shows the same ranking, in Indonesian figures.
    crate::dasbor::pengguna(&app, "18", "analis", "analis.indikator").await;
    let mut b = crate::dasbor::Peramban::new(&app);
    assert_eq!(b.masuk("analis.indikator", crate::dasbor::SANDI).await.status(), 303);
    let html = b.get("/dasbor/indikator?katalog=KPU-06&tahun=2024&triwulan=TW4").await.text().await.unwrap();
    let pertama = satker[0]["kode"].as_str().unwrap();
    let capaian_api = crate::helpers::persen_tampil(satker[0]["capaian"].as_str().unwrap());
    let baris = html.split(&format!("data-kode=\"{pertama}\"")).nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(baris.contains(&capaian_api), "{baris}");
    assert!(html.contains("Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan"));

    // Nationally: every satker with it, and the provinsi it is in.
    let ri = app.token("00", "analis").await;
    let n: Value = app.get_as(&ri, "/api/v1/nasional/indikator/KPU-06?tahun=2024").await.json().await.unwrap();
    let lampung = n["provinsi"].as_array().unwrap().iter().find(|p| p["kode"] == "18").unwrap().clone();
    assert_eq!((lampung["jumlah_satker"].as_i64(), lampung["rata_rata"].clone()), (Some(14), v["rata_rata"].clone()));

    // Refusals: an unknown code is a 404 naming it; another provinsi's analyst sees nothing of
    // Lampung (the route table's matrix tries every satker route; this is the page).
    let res = app.get_as(&analis, "/api/v1/provinsi/18/indikator/TIDAK-ADA?tahun=2024").await;
    assert_eq!(res.status(), 404);
    let analis_31 = app.token("31", "analis").await;
    assert_eq!(app.get_as(&analis_31, "/api/v1/provinsi/18/indikator/KPU-06?tahun=2024").await.status(), 404);
    crate::dasbor::pengguna(&app, "31", "analis", "analis.dki").await;
    let mut dki = crate::dasbor::Peramban::new(&app);
    assert_eq!(dki.masuk("analis.dki", crate::dasbor::SANDI).await.status(), 303);
    let html = dki.get("/dasbor/indikator?katalog=KPU-06&tahun=2024").await.text().await.unwrap();
    assert!(!html.contains("Lampung") && !html.contains("18.0"), "another provinsi's page shows none of Lampung");
}

/// `kinerja katalog cocokkan`: PKs written before the catalogue (every indicator the satker's
/// own) are matched by name; nothing changes without `--terapkan`; with it, the statistics see
/// one catalogue indicator, every PK linked has a new version and an audit row, its targets and
/// capaian are as they were, and the summaries stay exact.
#[tokio::test]
async fn cocokkan_links_what_existed_before_the_catalogue() {
    let app = spawn_app().await;
    let demo: Value = serde_json::from_str(include_str!("../../api/data/demo/katalog_2020-2024.json")).unwrap();
    let admin_ri = app.token("00", "admin").await;
    assert_eq!(put(&app, &admin_ri, "/api/v1/katalog/2020-2024", &demo["nasional"], None).await.0, 200);
    let seed = crate::dokumen::seed001();
    let lampura = app.token("18.03", "operator").await;
    assert_eq!(put(&app, &lampura, "/api/v1/satker/18.03/pk/2024", &seed["pk"], None).await.0, 200);
    let op = app.token("18.02", "operator").await;
    let pk = json!({"indikator": [
        {"kode": "IK-01", "nama": "Persentase  partisipasi pemilih dalam Pemilihan/Pemilu", "satuan": "%", "target": 78},
        {"kode": "IK-04", "nama": "Persentase pemilih yang berhak memilih namun tidak masuk dalam daftar pemilih (DPT)", "satuan": "persen", "target": 2},
        {"kode": "IK-05", "nama": "Persentase arsip tertata", "satuan": "persen", "target": 90},
    ]});
    assert_eq!(put(&app, &op, "/api/v1/satker/18.02/pk/2024", &pk, None).await.0, 200);
    let real = json!({"indikator": [{"kode": "IK-01", "realisasi": "80"}, {"kode": "IK-04", "realisasi": "1,5"}, {"kode": "IK-05", "realisasi": 90}]});
    assert_eq!(put(&app, &op, "/api/v1/satker/18.02/realisasi/2024/TW4", &real, None).await.0, 200);
    let sebelum: Value = app.get_as(&op, "/api/v1/satker/18.02/pk/2024").await.json().await.unwrap();

    let env = [("DATABASE_URL", app.database.url.as_str())];
    let out = run_cli(&["katalog", "cocokkan", "--tahun", "2024"], &env);
    assert!(out.status.success(), "{}", crate::helpers::stderr(&out));
    let teks = crate::helpers::stdout(&out);
    assert!(teks.contains("tautkan\t18.02\t2024\tIK-01\tKPU-06"), "{teks}");
    assert!(teks.contains("bentrok\t18.02\t2024\tIK-04\tKPU-09\tpolaritas maksimal ≠ minimal"), "{teks}");
    assert!(teks.contains("lokal\t18.02\t2024\tIK-05\t-"), "{teks}");
    assert!(teks.contains("lokal\t18.03\t2024\tSS3\t-"), "Lampung Utara's wording is its own: {teks}");
    assert!(teks.trim_end().ends_with("(belum diterapkan: tambahkan --terapkan)"), "{teks}");
    let tetap: Value = app.get_as(&op, "/api/v1/satker/18.02/pk/2024").await.json().await.unwrap();
    assert_eq!(tetap, sebelum, "nothing changes without --terapkan");

    let out = run_cli(&["katalog", "cocokkan", "--tahun", "2024", "--terapkan"], &env);
    assert!(out.status.success(), "{}", crate::helpers::stderr(&out));
    let sesudah: Value = app.get_as(&op, "/api/v1/satker/18.02/pk/2024").await.json().await.unwrap();
    assert_eq!(sesudah["versi"], sebelum["versi"].as_i64().unwrap() + 1);
    let i = &sesudah["indikator"];
    assert_eq!(
        (i[0]["katalog"].as_str(), i[0]["nama"].as_str()),
        (Some("KPU-06"), Some("Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan"))
    );
    assert_eq!(i[0]["target"], sebelum["indikator"][0]["target"]);
    assert_eq!(i[0]["capaian"], sebelum["indikator"][0]["capaian"], "stored capaian stay exact");
    assert!(i[1]["katalog"].is_null() && i[2]["katalog"].is_null());
    let analis = app.token("18", "analis").await;
    let rows = statistik(&app, &analis, "18", 2024).await;
    assert!(rows.iter().any(|r| r["katalog"] == "KPU-06" && r["jumlahMelapor"] == 1), "{rows:?}");
    let riwayat: Value = app.get_as(&op, "/api/v1/satker/18.02/riwayat").await.json().await.unwrap();
    assert!(riwayat["riwayat"].as_array().unwrap().iter().any(|r| r["aksi"] == "pk.tautkan_katalog"), "{riwayat}");
    let out = run_cli(&["ringkasan", "periksa"], &env);
    assert!(out.status.success(), "summaries stay exact: {}", crate::helpers::stdout(&out));
    let again = run_cli(&["katalog", "cocokkan", "--terapkan"], &env);
    assert!(crate::helpers::stdout(&again).contains("0 ditautkan"), "{}", crate::helpers::stdout(&again));
}

/// The catalogue as a workbook: downloaded (a template when none is stored), filled in another
/// program, uploaded through the same validation (errors at the cell), and an unchanged round
/// trip stores nothing. The PK workbook offers the catalogue: a sheet of it, and a Katalog
/// column whose code makes the row that indicator.
#[tokio::test]
async fn the_catalogue_and_the_pk_travel_as_workbooks() {
    use crate::buku::{Sel, baca, kepala, lembar, tulis};
    let app = spawn_app().await;
    let admin_ri = app.token("00", "admin").await;
    let path = "/api/v1/satker/00/katalog/2025-2029";
    let template = app.unduh(&admin_ri, path).await;
    let mut sheets = baca(&template);
    let grid = lembar(&mut sheets, "Katalog");
    let h = kepala(grid, "Kode");
    let baris = |kode: &str, nama: &str, satuan: &str, tipe: &str, tingkat: &str| {
        let mut r = vec![Sel::Kosong; 13];
        for (i, v) in [(0, kode), (1, nama), (2, satuan), (3, tipe), (6, tingkat)] {
            if !v.is_empty() {
                r[i] = Sel::Teks(v.into());
            }
        }
        r
    };
    grid.truncate(h + 1);
    grid.push(baris("PART-01", "Persentase Partisipasi Pemilih", "persen", "persen", ""));
    grid.push(baris("SOS-01", "Jumlah sosialisasi", "kali", "angka", "provinsi, kabupaten_kota"));
    let mut salah = sheets.clone();
    lembar(&mut salah, "Katalog")[h + 2][3] = Sel::Teks("desimal".into());
    let (status, e) = app.unggah(&admin_ri, path, tulis(&salah, &[])).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["errors"][0]["field"], "indikator[1].tipe_nilai", "{e}");
    assert_eq!(e["errors"][0]["sel"], format!("Katalog!D{}", h + 3), "{e}");
    let (status, v) = app.unggah(&admin_ri, path, tulis(&sheets, &[])).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["indikator"][1]["tingkat"], json!(["provinsi", "kabupaten_kota"]));
    assert_eq!(v["indikator"][0]["tingkat"], json!(["ri", "provinsi", "kabupaten_kota"]), "empty: every level");
    let kembali = app.unduh(&admin_ri, path).await;
    let (status, sama) = app.unggah(&admin_ri, path, kembali).await;
    assert_eq!((status, sama["berubah"].as_bool(), sama["versi"].as_i64()), (200, Some(false), Some(1)), "{sama}");

    // A PK workbook: the catalogue on a sheet, a row that names PART-01 and leaves the rest
    // to it.
    let op = app.token("18.02", "operator").await;
    let pk_path = "/api/v1/satker/18.02/pk/2026";
    let mut pk = baca(&app.unduh(&op, pk_path).await);
    let daftar: Vec<String> =
        lembar(&mut pk, "Katalog").iter().filter_map(|r| r.first().map(crate::buku::teks)).collect();
    assert!(daftar.contains(&"PART-01".to_string()) && daftar.contains(&"SOS-01".to_string()), "{daftar:?}");
    let grid = lembar(&mut pk, "PK");
    let h = kepala(grid, "Kode");
    let k = grid[h].iter().position(|c| crate::buku::teks(c) == "Katalog").expect("a Katalog column");
    grid.truncate(h + 1);
    let mut r = vec![Sel::Kosong; 20];
    r[0] = Sel::Teks("IK-01".into());
    r[10] = Sel::Angka(78.0);
    r[k] = Sel::Teks("PART-01".into());
    grid.push(r);
    let (status, v) = app.unggah(&op, pk_path, tulis(&pk, &[])).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["indikator"][0]["katalog"].as_str(), v["indikator"][0]["nama"].as_str()),
        (Some("PART-01"), Some("Persentase Partisipasi Pemilih"))
    );
}
