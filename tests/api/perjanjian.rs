//! The Perjanjian Kinerja's own particulars (parties, place, date, programs) through the one
//! write protocol, and the agreement rendered from its view as Word and as a page: both
//! signature blocks, the Lampiran's targets as the PK states them, programs defaulting to the
//! year's budget totals; another satker refused like a missing one; hostile text escaped.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::iku::dokumen_xml;

const PK: &str = "/api/v1/satker/18.02/pk/2026";

fn pk() -> Value {
    json!({
        "indikator": [
            {"kode": "A", "nama": "Persentase arsip tertata", "sasaran": "Tata kelola arsip", "satuan": "persen", "target": "87,5"},
            {"kode": "B", "nama": "Jumlah laporan keuangan", "sasaran": "Tata kelola arsip", "satuan": "laporan", "target": "2 Lap"},
            {"kode": "C", "nama": "Nilai SAKIP", "sasaran": "Akuntabilitas", "satuan": "predikat", "tipe_nilai": "predikat", "metode_predikat": "ordinal", "target": "B"},
        ],
        "pihak_pertama": {"nama": "Sekretaris Uji"},
        "pihak_kedua": {"nama": "Ketua Uji"},
        "ditetapkan_di": "Gunung Sugih",
        "tanggal": "2026-01-05",
    })
}

async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> (u16, Value) {
    crate::iku::put(app, token, path, body, None).await
}

#[tokio::test]
async fn particulars_are_kept_unless_named_and_audited_on_their_own() {
    let app = spawn_app().await;
    let op = app.token("18.02", "operator").await;
    let (status, v) = put(&app, &op, PK, &pk()).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["pihak_pertama"]["nama"].as_str(), v["pihak_kedua"]["nama"].as_str(), v["tanggal"].as_str()),
        (Some("Sekretaris Uji"), Some("Ketua Uji"), Some("2026-01-05"))
    );
    assert_eq!(v["pihak_pertama"]["jabatan"], Value::Null, "stored as given; the document prints the default");

    // Indicators alone (a workbook, an older script): the particulars stay.
    let mut hanya = pk();
    for k in ["pihak_pertama", "pihak_kedua", "ditetapkan_di", "tanggal"] {
        hanya.as_object_mut().unwrap().remove(k);
    }
    let (status, v) = put(&app, &op, PK, &hanya).await;
    assert_eq!((status, v["berubah"].as_bool()), (200, Some(false)), "{v}");
    assert_eq!(v["ditetapkan_di"], "Gunung Sugih");

    // All-or-nothing: a bad program row and a bad indicator in one body, both named.
    let mut salah = pk();
    salah["program"] = json!([{"kode": "076.01.WA", "anggaran": "1,5"}, {"anggaran": 5}]);
    salah["indikator"][0]["target"] = json!(null);
    let (status, e) = put(&app, &op, PK, &salah).await;
    assert_eq!(status, 422, "{e}");
    let fields: Vec<&str> = e["errors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["indikator[0].target", "program[0].anggaran", "program[1].nama"], "{e}");
    let v: Value = app.get_as(&op, PK).await.json().await.unwrap();
    assert_eq!((v["versi"].as_i64(), v["program"].as_array().map(Vec::len)), (Some(1), Some(0)), "nothing stored");

    // A change to the particulars alone: a version of its own and an audit row of its own.
    let mut ubah = hanya.clone();
    ubah["tanggal"] = Value::Null;
    ubah["program"] = json!([{"kode": "076.01.WA", "nama": "Dukungan Manajemen", "anggaran": "Rp1.500.000.000"}]);
    let (status, v) = put(&app, &op, PK, &ubah).await;
    assert_eq!((status, v["versi"].as_i64(), v["tanggal"].clone()), (200, Some(2), Value::Null), "{v}");
    assert_eq!(v["program"][0]["anggaran"], 1_500_000_000_i64);
    let riwayat: Value = app.get_as(&op, "/api/v1/satker/18.02/riwayat").await.json().await.unwrap();
    let aksi: Vec<&str> = riwayat["riwayat"].as_array().unwrap().iter().map(|r| r["aksi"].as_str().unwrap()).collect();
    assert_eq!(aksi, ["pk.rincian", "pk.rincian", "pk.simpan"], "newest first: {riwayat}");
    assert_eq!(riwayat["riwayat"][0]["sebelum"]["tanggal"], "2026-01-05");
}

#[tokio::test]
async fn the_agreement_is_rendered_with_both_parties_and_its_lampiran() {
    let app = spawn_app().await;
    let op = app.token("18.02", "operator").await;
    let mut b = pk();
    b["pihak_kedua"]["nama"] = json!("<script>alert(1)</script> & <b>Ketua</b>");
    assert_eq!(put(&app, &op, PK, &b).await.0, 200);
    // No budget stored yet, and no program rows: the Lampiran's program table is empty, Rp0.
    let res = app.get_as(&op, &format!("{PK}?format=docx")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], api::lkj::DOCX);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("pk-18.02-2026.docx"));
    let xml = dokumen_xml(&res.bytes().await.unwrap());
    for teks in [
        "PERJANJIAN KINERJA TAHUN 2026",
        "Sekretaris Komisi Pemilihan Umum Kabupaten Lampung Tengah",
        "selaku atasan pihak pertama, selanjutnya disebut pihak kedua.",
        "Gunung Sugih, 5 Januari 2026",
        "Pihak Kedua,",
        "Pihak Pertama,",
        "SEKRETARIS UJI",
        "&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt; &amp; &lt;B&gt;KETUA&lt;/B&gt;",
        "87,5%",
        "2 laporan",
        "Rp0",
    ] {
        assert!(xml.contains(teks), "{teks}");
    }
    assert_eq!(xml.matches("w:val=\"restart\"").count(), 4, "two sasaran and their numbers span their rows");

    // A budget stored: the Lampiran lists its programs with their totals.
    let anggaran = json!({"baris": [
        {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "51", "pagu": "1.000.000.000", "realisasi": 0},
        {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52", "pagu": "174.505.000", "realisasi": 0},
        {"program_kode": "076.01.DH", "program_nama": "Penyelenggaraan Pemilu", "jenis_belanja": "52", "pagu": "74.277.981.000", "realisasi": 0},
    ]});
    let (status, a) = put(&app, &op, "/api/v1/satker/18.02/anggaran/2026", &anggaran).await;
    assert_eq!(status, 200, "{a}");
    let html = app.get_as(&op, &format!("{PK}?format=html")).await.text().await.unwrap();
    assert!(html.contains("Dukungan Manajemen (076.01.WA)</td><td class=\"angka\">Rp1.174.505.000</td>"), "{html}");
    assert!(html.contains("Rp74.277.981.000") && html.contains("Rp75.452.486.000"), "the sum of both programs");
    assert!(!html.contains("<script>alert") && !html.contains("<b>Ketua"), "escaped, never markup");
    assert!(!html.contains("http://") && !html.contains("https://"), "nothing fetched from elsewhere");
    assert!(html.contains("rowspan=\"2\">Tata kelola arsip"), "{html}");

    let res = app.get_as(&op, &format!("{PK}?format=pdf")).await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn another_satkers_agreement_is_refused_like_a_missing_one() {
    let app = spawn_app().await;
    let op = app.token("18.02", "operator").await;
    assert_eq!(put(&app, &op, PK, &pk()).await.0, 200);
    let lain = app.token("18.03", "operator").await;
    for format in ["docx", "html", "json"] {
        let res = app.get_as(&lain, &format!("{PK}?format={format}")).await;
        assert_eq!(res.status(), 404, "{format}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "tidak_ditemukan", "{body}");
    }
    let provinsi_lain = app.token("17", "analis").await;
    assert_eq!(app.get_as(&provinsi_lain, &format!("{PK}?format=docx")).await.status(), 404);
    assert_eq!(put(&app, &lain, PK, &pk()).await.0, 404);
}

/// The demo's Lampung Utara: seed 001's targets in the Lampiran, its two programs with the
/// totals of its budget (77.452.486.000 together), signed at Kotabumi.
#[tokio::test]
async fn lampung_utaras_agreement_holds_seed_001s_targets_and_budget() {
    let app = spawn_app_with(&[("KINERJA_DEMO", Some("true"))]).await;
    let analis = app.token("18", "analis").await;
    let path = "/api/v1/satker/18.03/pk/2024";
    let v: Value = app.get_as(&analis, path).await.json().await.unwrap();
    let res = app.get_as(&analis, &format!("{path}?format=docx")).await;
    let xml = dokumen_xml(&res.bytes().await.unwrap());
    let mut posisi = 0;
    for i in v["indikator"].as_array().unwrap() {
        let target = i["target"].as_str().unwrap();
        let i_pos = xml[posisi..].find(target).unwrap_or_else(|| panic!("{} {target} in order", i["kode"]));
        posisi += i_pos;
    }
    for teks in
        ["Kotabumi, ", "Rp3.174.505.000", "Rp74.277.981.000", "Rp77.452.486.000", "87,5%", "12 kali", "2 laporan"]
    {
        assert!(xml.contains(teks), "{teks}");
    }
}

/// The IKU and the PK of one year checked against each other, as temuan both documents show:
/// written in the transaction that saved or approved either.
#[tokio::test]
async fn the_iku_and_the_pk_are_checked_against_each_other() {
    let app = spawn_app().await;
    let op = app.token("18.02", "operator").await;
    let iku_path = "/api/v1/satker/18.02/iku/2026";
    let iku = json!({"baris": [
        {"tujuan": "T", "sasaran": "Tata kelola arsip", "indikator": "Persentase  arsip tertata", "keterangan": "Arsip tertata dibagi seluruh arsip"},
        {"tujuan": "T", "sasaran": "Sosialisasi", "indikator": "Jumlah sosialisasi tatap muka"},
    ]});
    let (status, v) = put(&app, &op, iku_path, &iku).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["temuan"], json!([]), "no PK yet: nothing to compare");

    let mut b = pk();
    b["indikator"][0]["definisi"] = json!("Arsip inaktif yang dipindahkan ke depo");
    let (status, v) = put(&app, &op, PK, &b).await;
    assert_eq!(status, 200, "{v}");
    let kode = |v: &Value| -> Vec<(String, Option<String>)> {
        v["temuan"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["kode"].as_str().is_some_and(|k| k.starts_with("iku_") || k.starts_with("pk_disetujui")))
            .map(|t| (t["kode"].as_str().unwrap().to_string(), t["indikator"].as_str().map(str::to_string)))
            .collect()
    };
    let want =
        vec![("iku_pk_definisi_berbeda".to_string(), Some("A".to_string())), ("iku_tanpa_target_pk".to_string(), None)];
    let mut got = kode(&v);
    got.sort();
    assert_eq!(got, want, "the PK's answer: {v}");
    let v: Value = app.get_as(&op, iku_path).await.json().await.unwrap();
    let mut got = kode(&v);
    got.sort();
    assert_eq!(got, want, "the IKU shows the same: {v}");

    // The provinsi approves the PK while the IKU is still a draft.
    let verifikator = app.token("18", "verifikator").await;
    assert_eq!(app.post_as(&op, &format!("{PK}/ajukan"), &json!({})).await.status(), 200);
    assert_eq!(app.post_as(&verifikator, &format!("{PK}/setujui"), &json!({})).await.status(), 200);
    let v: Value = app.get_as(&op, PK).await.json().await.unwrap();
    assert!(kode(&v).iter().any(|(k, _)| k == "pk_disetujui_sebelum_iku"), "{v}");

    // The IKU corrected (its second row dropped, the keterangan as the PK defines it): only the
    // order of approval remains, and it stays once the IKU is approved after the PK.
    let iku = json!({"baris": [
        {"tujuan": "T", "sasaran": "Tata kelola arsip", "indikator": "Persentase arsip tertata", "keterangan": "Arsip inaktif yang dipindahkan ke depo."},
    ]});
    let (status, v) = put(&app, &op, iku_path, &iku).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(kode(&v), vec![("pk_disetujui_sebelum_iku".to_string(), None)], "{v}");
    assert_eq!(app.post_as(&op, &format!("{iku_path}/ajukan"), &json!({})).await.status(), 200);
    assert_eq!(app.post_as(&verifikator, &format!("{iku_path}/setujui"), &json!({})).await.status(), 200);
    let v: Value = app.get_as(&op, iku_path).await.json().await.unwrap();
    assert_eq!(kode(&v), vec![("pk_disetujui_sebelum_iku".to_string(), None)], "{v}");

    // Counted with the provinsi's temuan.
    let analis = app.token("18", "analis").await;
    let (status, b) = crate::graphql::gql(
        &app,
        &analis,
        r#"{ provinsi(kode: "18") { temuan(tahun: 2026) { kode jumlah jumlahSatker } } }"#,
    )
    .await;
    assert_eq!(status, 200, "{b}");
    let t = b["data"]["provinsi"]["temuan"].as_array().unwrap();
    let urutan = t.iter().find(|t| t["kode"] == "pk_disetujui_sebelum_iku").unwrap_or_else(|| panic!("{b}"));
    assert_eq!((urutan["jumlah"].as_i64(), urutan["jumlahSatker"].as_i64()), (Some(1), Some(1)));
}
