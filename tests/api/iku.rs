//! The IKU decree as a document of its own: the protocol every document follows, its workflow,
//! the decree rendered from the view as Word and as a page (seed 000 row for row on the demo),
//! hostile text escaped, and another satker refused like a missing one.

use std::io::{Cursor, Read};

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const IKU: &str = "/api/v1/satker/18.02/iku/2026";

fn draf() -> Value {
    json!({"baris": [
        {"tujuan": "Tujuan satu", "sasaran": "Sasaran A", "indikator": "Persentase partisipasi pemilih", "keterangan": "Pengguna hak pilih dibagi DPT"},
        {"tujuan": "Tujuan satu", "sasaran": "Sasaran A", "indikator": "Jumlah sosialisasi"},
        {"tujuan": "Tujuan satu", "sasaran": "Sasaran B", "indikator": "Nilai SAKIP"},
        {"tujuan": "Tujuan dua", "sasaran": "Sasaran C", "indikator": "Persentase sengketa selesai"},
    ]})
}

pub(crate) async fn put(app: &TestApp, token: &str, path: &str, body: &Value, if_match: Option<&str>) -> (u16, Value) {
    let res = app.put_as(token, path, body, if_match).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The text of `word/document.xml` of a docx.
pub(crate) fn dokumen_xml(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[tokio::test]
async fn an_iku_is_a_document_with_versions_a_workflow_and_defaults_in_kpus_words() {
    let app = spawn_app().await;
    let op = app.token("18.02", "operator").await;

    let mut salah = draf();
    salah["tanggal"] = json!("19 Januari 2026");
    salah["baris"][1].as_object_mut().unwrap().remove("indikator");
    salah["baris"][2]["sasaran"] = json!("  ");
    let (status, e) = put(&app, &op, IKU, &salah, None).await;
    assert_eq!(status, 422, "{e}");
    let fields: Vec<&str> = e["errors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["tanggal", "baris[1].indikator", "baris[2].sasaran"], "{e}");
    let res = app
        .client
        .put(format!("{}{IKU}?dry_run=true", app.address))
        .bearer_auth(&op)
        .json(&draf())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.get_as(&op, IKU).await.status(), 404, "a dry run stores nothing");

    let (status, v) = put(&app, &op, IKU, &draf(), None).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!((v["versi"].as_i64(), v["status"].as_str(), v["nomor"].clone()), (Some(1), Some("draf"), Value::Null));
    assert_eq!(v["penetap"]["jabatan"], "Ketua Komisi Pemilihan Umum Kabupaten Lampung Tengah");
    assert_eq!(v["mengingat"].as_array().unwrap().len(), 7, "KPU's usual legal bases");
    assert!(
        v["diktum"][0]
            .as_str()
            .unwrap()
            .contains("Tahun 2026 di Lingkungan Komisi Pemilihan Umum Kabupaten Lampung Tengah")
    );
    // What was read back, sent again as it is: nothing new.
    let dibaca: Value = app.get_as(&op, IKU).await.json().await.unwrap();
    let (status, sama) = put(&app, &op, IKU, &dibaca, None).await;
    assert_eq!((status, sama["berubah"].as_bool(), sama["versi"].as_i64()), (200, Some(false), Some(1)));
    let mut ttd = dibaca.clone();
    ttd["nomor"] = json!("7");
    ttd["tanggal"] = json!("2026-01-20");
    ttd["penetap"]["nama"] = json!("Nama Ketua");
    assert_eq!(put(&app, &op, IKU, &ttd, Some("\"v1\"")).await.0, 200);
    let (status, stale) = put(&app, &op, IKU, &dibaca, Some("\"v1\"")).await;
    assert_eq!((status, stale["code"].as_str()), (412, Some("versi_berubah")));

    // Workflow: submitted, locked, approved by the provinsi's verifikator.
    let res = app.post_as(&op, &format!("{IKU}/ajukan"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let (status, e) = put(&app, &op, IKU, &ttd, None).await;
    assert_eq!((status, e["code"].as_str()), (409, Some("sedang_diverifikasi")));
    let verifikator = app.token("18", "verifikator").await;
    let res = app.post_as(&verifikator, &format!("{IKU}/setujui"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let v: Value = app.get_as(&op, IKU).await.json().await.unwrap();
    assert_eq!((v["status"].as_str(), v["versi"].as_i64()), (Some("disetujui"), Some(4)));
    let riwayat: Value = app.get_as(&op, "/api/v1/satker/18.02/riwayat").await.json().await.unwrap();
    let aksi: Vec<&str> = riwayat["riwayat"].as_array().unwrap().iter().map(|r| r["aksi"].as_str().unwrap()).collect();
    assert!(aksi.contains(&"iku.simpan") && aksi.contains(&"iku.ajukan") && aksi.contains(&"iku.setujui"), "{aksi:?}");

    // Another satker's is answered like a missing one.
    let lain = app.token("18.03", "operator").await;
    let res = app.get_as(&lain, IKU).await;
    assert_eq!(res.status(), 404);
    let missing = app.get_as(&lain, "/api/v1/satker/99.99/iku/2026").await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn hostile_text_is_refused_or_escaped_never_markup() {
    let app = spawn_app().await;
    let op = app.token("18.02", "operator").await;
    let mut b = draf();
    b["baris"][0]["indikator"] = json!("<script>alert(1)</script> & <b>tebal</b>");
    b["ditetapkan_di"] = json!("Gunung \"Sugih\" <img src=x onerror=alert(1)>");
    assert_eq!(put(&app, &op, IKU, &b, None).await.0, 200);
    let html = app.get_as(&op, &format!("{IKU}?format=html")).await.text().await.unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x") && !html.contains("<b>tebal"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;"));
    let docx = app.get_as(&op, &format!("{IKU}?format=docx")).await.bytes().await.unwrap();
    let xml = dokumen_xml(&docx);
    assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;"));
    let mut kontrol = draf();
    kontrol["baris"][0]["keterangan"] = json!("a\u{0007}b");
    let (status, e) = put(&app, &op, IKU, &kontrol, None).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["errors"][0]["field"], "baris[0].keterangan");
}

/// The demo's decree is seed 000's: the particulars, the Lampiran row for row in the seed's
/// order, its tujuan and sasaran merged down the rows they hold; as Word and as a page.
#[tokio::test]
async fn lampung_selatans_decree_is_seed_000_as_word_and_as_a_page() {
    let app = spawn_app_with(&[("KINERJA_DEMO", Some("true"))]).await;
    let analis = app.token("18", "analis").await;
    let path = "/api/v1/satker/18.01/iku/2024";
    let v: Value = app.get_as(&analis, path).await.json().await.unwrap();
    assert_eq!(
        (v["nomor"].as_str(), v["tanggal"].as_str(), v["ditetapkan_di"].as_str()),
        (Some("32"), Some("2024-01-19"), Some("Kalianda"))
    );
    let baris = v["baris"].as_array().unwrap();
    assert_eq!(baris.len(), 14);
    assert_eq!(baris[5]["indikator"], "Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan");
    assert_eq!(baris[5]["katalog"], "KPU-06");

    let res = app.get_as(&analis, &format!("{path}?format=docx")).await;
    assert_eq!(res.headers()["content-type"], api::lkj::DOCX);
    let xml = dokumen_xml(&res.bytes().await.unwrap());
    for teks in [
        "NOMOR 32 TAHUN 2024",
        "Ditetapkan di Kalianda",
        "pada tanggal 19 Januari 2024",
        "ANSURASTA RAZAK",
        "Salinan sesuai dengan aslinya",
        "Ade Lydia Sari",
        "MEMUTUSKAN:",
        "KESATU",
        "KELIMA",
        "LAMPIRAN",
    ] {
        assert!(xml.contains(teks), "{teks}");
    }
    let mut posisi = 0;
    for b in baris {
        let nama = b["indikator"].as_str().unwrap().replace('&', "&amp;");
        let i = xml[posisi..].find(&nama).unwrap_or_else(|| panic!("{nama} after the previous row"));
        posisi += i;
    }
    assert_eq!(xml.matches("w:val=\"restart\"").count(), 3 + 5 + 3, "three tujuan and their numbers, five sasaran");
    assert!(xml.contains("<w:tblHeader />"), "the Lampiran's header row repeats");

    let html = app.get_as(&analis, &format!("{path}?format=html")).await.text().await.unwrap();
    assert!(
        html.contains("rowspan=\"5\">Terwujudnya Komisi Pemilihan Umum Yang Mandiri"),
        "tujuan 1 spans its five rows"
    );
    assert!(html.contains("rowspan=\"4\">Terwujudnya Sumber Daya Manusia"), "the second sasaran spans four");
    assert!(!html.contains("http://") && !html.contains("https://"), "nothing fetched from elsewhere");
}

/// JSON → workbook → JSON: the decree downloaded as a workbook and sent back unchanged stores
/// nothing; a row edited in the workbook is stored with the particulars kept; an error names
/// its cell; another satker's workbook is refused like a missing satker.
#[tokio::test]
async fn the_lampiran_travels_as_a_workbook_and_back_storing_nothing_new() {
    use crate::buku::{Sel, baca, tulis};
    let app = spawn_app().await;
    let op = app.token("18.02", "operator").await;
    let mut b = draf();
    b["nomor"] = json!("7");
    b["tanggal"] = json!("2026-01-19");
    b["penetap"] = json!({"nama": "Ketua Uji"});
    assert_eq!(put(&app, &op, IKU, &b, None).await.0, 200);
    let sebelum = app.json_of(&op, IKU).await;

    let bytes = app.unduh(&op, IKU).await;
    let (status, v) = app.unggah(&op, IKU, bytes.clone()).await;
    assert_eq!((status, v["berubah"].as_bool()), (200, Some(false)), "{v}");
    let sesudah = app.json_of(&op, IKU).await;
    assert_eq!(sesudah, sebelum, "nothing new is stored");

    // The fourth row's sasaran edited in another program; the rows are read from the IKU sheet.
    let mut sheets = baca(&bytes);
    let (_, grid) = sheets.iter_mut().find(|(n, _)| n == "IKU").unwrap();
    let baris = grid.iter().position(|r| matches!(r.first(), Some(Sel::Teks(t)) if t == "Tujuan dua")).unwrap();
    grid[baris][1] = Sel::Teks("Sasaran C yang diperbaiki".into());
    let (status, v) = app.unggah(&op, IKU, tulis(&sheets, &[])).await;
    assert_eq!((status, v["berubah"].as_bool()), (200, Some(true)), "{v}");
    assert_eq!(v["baris"][3]["sasaran"], "Sasaran C yang diperbaiki");
    assert_eq!((v["nomor"].as_str(), v["penetap"]["nama"].as_str()), (Some("7"), Some("Ketua Uji")), "kept: {v}");
    assert_eq!(v["menimbang"], sebelum["menimbang"]);

    // A row without its sasaran: refused at its cell, nothing stored.
    let bytes = app.unduh(&op, IKU).await;
    let mut sheets = baca(&bytes);
    let (_, grid) = sheets.iter_mut().find(|(n, _)| n == "IKU").unwrap();
    grid[baris][1] = Sel::Kosong;
    let (status, e) = app.unggah(&op, IKU, tulis(&sheets, &[])).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["errors"][0]["field"], "baris[3].sasaran", "{e}");
    assert_eq!(e["errors"][0]["sel"], format!("IKU!B{}", baris + 1), "{e}");
    assert_eq!(app.json_of(&op, IKU).await["versi"], 2);

    // Another satker: refused like one that does not exist, as JSON or as a workbook.
    let lain = app.token("18.03", "operator").await;
    assert_eq!(app.get_as(&lain, &format!("{IKU}?format=xlsx")).await.status(), 404);
    let (status, _) = app.unggah(&lain, IKU, bytes).await;
    assert_eq!(status, 404);
}
