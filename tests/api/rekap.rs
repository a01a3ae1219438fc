//! The recap workbook of the provinsi and national totals, read back by an independent reader
//! (calamine, not the crate that wrote it): every figure equals the JSON's, the total row and
//! the cross-tab add up to the provinsi's budget, and other tenants are refused.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};
use crate::ringkasan::load;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn workbook(app: &TestApp, token: &str, path: &str, accept: &str) -> (reqwest::StatusCode, String, Vec<u8>) {
    let res = app
        .client
        .get(format!("{}{}", app.address, path))
        .bearer_auth(token)
        .header("accept", accept)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, ct, res.bytes().await.unwrap().to_vec())
}

/// The rows of a sheet as cells.
fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook");
    wb.worksheet_range(name).expect(name).rows().map(<[Data]>::to_vec).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The row whose first cell is `kode`.
fn row<'a>(rows: &'a [Vec<Data>], kode: &str) -> &'a [Data] {
    rows.iter().find(|r| r.first().is_some_and(|c| text(c) == kode)).unwrap_or_else(|| panic!("no row {kode}"))
}

fn json_number(v: &Value) -> f64 {
    v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).unwrap_or_else(|| panic!("{v}"))
}

#[tokio::test]
async fn the_provinsi_recap_workbook_says_what_the_json_says() {
    let app = spawn_app().await;
    load(&app).await;
    let analis = app.token("18", "analis").await;
    let path = "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4";
    let json: Value = app.get_as(&analis, path).await.json().await.unwrap();
    let (status, ct, bytes) = workbook(&app, &analis, path, XLSX).await;
    assert_eq!((status.as_u16(), ct.as_str()), (200, XLSX));
    let (_, ct2, bytes2) = workbook(&app, &analis, &format!("{path}&format=xlsx"), "application/json").await;
    assert_eq!(ct2, XLSX, "?format=xlsx wins over Accept");
    assert_eq!(sheet(&bytes2, "Ringkasan"), sheet(&bytes, "Ringkasan"));

    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), ["Ringkasan", "Anggaran", "Bulanan"]);

    let rows = sheet(&bytes, "Ringkasan");
    assert!(text(&rows[1][1]).contains("Lampung"), "header block names the provinsi: {:?}", rows[1]);
    for s in json["satker"].as_array().unwrap() {
        let r = row(&rows, s["kode"].as_str().unwrap());
        assert_eq!(text(&r[1]), s["nama"].as_str().unwrap());
        assert_eq!(number(&r[8]), json_number(&s["anggaran"]["pagu"]), "pagu of {}", s["kode"]);
        assert_eq!(number(&r[9]), json_number(&s["anggaran"]["realisasi"]));
        assert_eq!(number(&r[10]), json_number(&s["anggaran"]["sisa"]));
        if let Some(c) = s["capaian_rata_rata"].as_str() {
            assert!((number(&r[3]) - c.parse::<f64>().unwrap()).abs() < 1e-9, "capaian of {}", s["kode"]);
            assert_eq!(text(&r[4]), s["kategori"].as_str().unwrap());
        }
        if let Some(p) = s["anggaran"]["persen_penyerapan"].as_str() {
            assert!((number(&r[11]) * 100.0 - p.parse::<f64>().unwrap()).abs() < 1e-9);
        }
    }
    let total = row(&rows, "TOTAL");
    assert_eq!(number(&total[8]), json_number(&json["anggaran"]["pagu"]));
    assert_eq!(number(&total[9]), json_number(&json["anggaran"]["realisasi"]));
    assert_eq!(text(&total[4]), json["kategori"].as_str().unwrap());

    // Program × jenis belanja adds up to the provinsi's budget, line by line to the rupiah.
    let anggaran = sheet(&bytes, "Anggaran");
    let mut pagu = 0.0;
    let mut baris = 0;
    for r in anggaran.iter().filter(|r| r.len() > 4 && text(&r[0]).contains('.')) {
        assert!(!text(&r[2]).is_empty(), "jenis belanja: {r:?}");
        pagu += number(&r[4]);
        baris += 1;
    }
    assert!(baris >= 2, "{anggaran:?}");
    assert_eq!(pagu, json_number(&json["anggaran"]["pagu"]));
    assert_eq!(number(&row(&anggaran, "TOTAL")[4]), pagu);

    // The monthly curve, where months were reported.
    let bulanan = sheet(&bytes, "Bulanan");
    let curve: Value = {
        let q = serde_json::json!({"query": r#"{ provinsi(kode: "18") { anggaranBulanan(tahun: 2024) { bulan realisasi kumulatif pagu } } }"#});
        let res =
            app.client.post(format!("{}/graphql", app.address)).bearer_auth(&analis).json(&q).send().await.unwrap();
        res.json().await.unwrap()
    };
    let months = curve["data"]["provinsi"]["anggaranBulanan"].as_array().cloned().unwrap_or_default();
    if let Some(des) = months.iter().find(|m| m["bulan"] == 12) {
        assert_eq!(number(&row(&bulanan, "Desember")[2]), json_number(&des["kumulatif"]), "{bulanan:?}");
        // The sheet says what the curve is drawn against, and what share of the whole pagu.
        assert_eq!(
            number(&row(&bulanan, "Pagu baris anggaran yang memiliki rincian bulanan (penyebut kurva)")[2]),
            json_number(&des["pagu"])
        );
        assert_eq!(number(&row(&bulanan, "Pagu seluruh satker")[2]), pagu);
        let cakupan = number(&row(&bulanan, "Bagian pagu yang tercakup kurva")[2]);
        assert!((cakupan - json_number(&des["pagu"]) / pagu).abs() < 1e-9, "{cakupan}");
    } else {
        assert!(bulanan.iter().any(|r| r.iter().any(|c| text(c).contains("Belum ada realisasi bulanan"))));
    }
}

#[tokio::test]
async fn the_national_recap_workbook_has_a_row_per_provinsi_and_tenants_are_refused() {
    let app = spawn_app().await;
    load(&app).await;
    let ri = app.token("00", "analis").await;
    let path = "/api/v1/nasional/ringkasan?tahun=2024&format=xlsx";
    let json: Value = app.get_as(&ri, "/api/v1/nasional/ringkasan?tahun=2024").await.json().await.unwrap();
    let (status, ct, bytes) = workbook(&app, &ri, path, "*/*").await;
    assert_eq!((status.as_u16(), ct.as_str()), (200, XLSX));
    let rows = sheet(&bytes, "Ringkasan");
    assert_eq!(number(&row(&rows, "18")[8]), json_number(&row_json(&json, "18")["anggaran"]["pagu"]));
    assert_eq!(number(&row(&rows, "TOTAL")[8]), json_number(&json["anggaran"]["pagu"]));

    // Another provinsi's analyst, and an operator, get the same refusals as for JSON, as
    // problem+json, not a workbook.
    for (token, path) in [
        (app.token("31", "analis").await, "/api/v1/provinsi/18/ringkasan?tahun=2024&format=xlsx"),
        (app.token("18", "analis").await, "/api/v1/nasional/ringkasan?tahun=2024&format=xlsx"),
        (app.token("18.03", "operator").await, "/api/v1/provinsi/18/ringkasan?tahun=2024&format=xlsx"),
    ] {
        let (status, ct, _) = workbook(&app, &token, path, XLSX).await;
        assert!([403, 404].contains(&status.as_u16()), "{path}: {status}");
        assert_eq!(ct, "application/problem+json", "{path}");
    }
    let (status, _, _) = workbook(&app, &ri, "/api/v1/nasional/ringkasan?tahun=2024&format=pdf", XLSX).await;
    assert_eq!(status, 422);
}

fn row_json<'a>(v: &'a Value, kode: &str) -> &'a Value {
    v["satker"].as_array().unwrap().iter().find(|s| s["kode"] == kode).unwrap()
}

/// The planner's anggaran workbook: the stored lines as the JSON gives them, the version in a
/// marked cell, an empty template for a satker with none stored, and other tenants refused.
#[tokio::test]
async fn the_anggaran_workbook_holds_the_stored_lines_or_a_template() {
    let app = spawn_app().await;
    load(&app).await;
    let op = app.token("18.03", "operator").await;
    let path = "/api/v1/satker/18.03/anggaran/2024";
    let res = app.get_as(&op, path).await;
    let tag = res.headers().get("etag").unwrap().to_str().unwrap().to_string();
    let json: Value = res.json().await.unwrap();
    let (status, ct, bytes) = workbook(&app, &op, path, XLSX).await;
    assert_eq!((status.as_u16(), ct.as_str()), (200, XLSX));
    let rows = sheet(&bytes, "Anggaran");
    let versi = rows.iter().find(|r| text(&r[0]).starts_with("Versi dokumen")).expect("a version cell");
    assert_eq!(text(&versi[1]), tag, "the version cell carries the ETag");
    let header = rows.iter().position(|r| text(&r[0]) == "Kode program").expect("header row");
    let lines: Vec<&Vec<Data>> = rows[header + 1..].iter().filter(|r| !text(&r[0]).is_empty()).collect();
    let stored = json["baris"].as_array().unwrap();
    assert_eq!(lines.len(), stored.len());
    for (r, b) in lines.iter().zip(stored) {
        assert_eq!(text(&r[0]), b["program_kode"].as_str().unwrap());
        // Jenis belanja with its name beside its code; the code is what is read back.
        let jenis = text(&r[5]);
        assert_eq!(jenis.split_whitespace().next(), b["jenis_belanja"].as_str(), "{jenis}");
        assert!(jenis.contains("Belanja") || jenis.len() > 3, "{jenis}");
        assert_eq!(text(&r[6]), b["sumber_dana"].as_str().unwrap());
        assert_eq!(number(&r[8]), json_number(&b["pagu"]), "{b}");
        assert_eq!(number(&r[9]), json_number(&b["realisasi"]));
        assert_eq!(number(&r[22]), json_number(&b["sisa"]));
        if let Some(months) = b["realisasi_bulanan"].as_array() {
            for (i, m) in months.iter().enumerate() {
                assert_eq!(number(&r[10 + i]), json_number(m), "month {} of {b}", i + 1);
            }
        }
    }
    let total = rows.iter().find(|r| text(&r[0]).starts_with("Total pagu")).unwrap();
    assert_eq!(number(&total[1]), json_number(&json["total"]["pagu"]));
    // The computed cells are formulas that follow what the planner types offline.
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(wb.sheet_names()[0], "Petunjuk", "instructions first");
    let rumus = wb.worksheet_formula("Anggaran").unwrap();
    let (r0, c0) = rumus.start().unwrap();
    let (r0, c0) = (r0 as usize, c0 as usize);
    let rumus: Vec<Vec<String>> = rumus.rows().map(<[String]>::to_vec).collect();
    let f = |row: usize, col: usize| rumus[row - r0][col - c0].clone();
    assert!(f(header + 1, 22).contains("-J"), "sisa: {:?}", f(header + 1, 22));
    assert!(f(header + 1, 23).contains("/I"), "penyerapan: {:?}", f(header + 1, 23));
    let total_at = rows.iter().position(|r| text(&r[0]).starts_with("Total pagu")).unwrap();
    assert!(f(total_at, 1).starts_with("SUM(I"), "{:?}", f(total_at, 1));

    // None stored: a template with the satker named and no lines.
    let lamsel = app.token("18.02", "operator").await;
    let (status, _, bytes) = workbook(&app, &lamsel, "/api/v1/satker/18.02/anggaran/2024?format=xlsx", "*/*").await;
    assert_eq!(status, 200);
    let rows = sheet(&bytes, "Anggaran");
    assert!(text(&rows[1][1]).starts_with("18.02"), "{:?}", rows[1]);
    let header = rows.iter().position(|r| text(&r[0]) == "Kode program").unwrap();
    assert!(rows[header + 1..].iter().all(|r| text(&r[0]).is_empty()), "no lines in a template");

    // Another satker's operator, and another provinsi's analyst: refused, never a template.
    for (token, path) in [
        (app.token("18.01", "operator").await, "/api/v1/satker/18.03/anggaran/2024?format=xlsx"),
        (app.token("31", "analis").await, "/api/v1/satker/18.02/anggaran/2024?format=xlsx"),
    ] {
        let (status, ct, _) = workbook(&app, &token, path, XLSX).await;
        assert!([403, 404].contains(&status.as_u16()), "{path}: {status}");
        assert_eq!(ct, "application/problem+json");
    }
}

/// The PK workbook: every indicator as typed, the capaian of each triwulan computed (locked),
/// the version cell, a template for a satker without a PK, other tenants refused.
#[tokio::test]
async fn the_pk_workbook_holds_the_indicators_as_typed_or_a_template() {
    let app = spawn_app().await;
    load(&app).await;
    let op = app.token("18.03", "operator").await;
    let path = "/api/v1/satker/18.03/pk/2024";
    let res = app.get_as(&op, path).await;
    let tag = res.headers().get("etag").unwrap().to_str().unwrap().to_string();
    let json: Value = res.json().await.unwrap();
    let (status, ct, bytes) = workbook(&app, &op, &format!("{path}?format=xlsx"), "*/*").await;
    assert_eq!((status.as_u16(), ct.as_str()), (200, XLSX));
    let rows = sheet(&bytes, "PK");
    let versi = rows.iter().find(|r| text(&r[0]).starts_with("Versi dokumen")).expect("a version cell");
    assert_eq!(text(&versi[1]), tag);
    let header = rows.iter().position(|r| text(&r[0]) == "Kode").expect("header row");
    let lines: Vec<&Vec<Data>> = rows[header + 1..].iter().filter(|r| !text(&r[0]).is_empty()).collect();
    let stored = json["indikator"].as_array().unwrap();
    assert_eq!(lines.len(), stored.len());
    let tw4_col = rows[header].iter().position(|c| text(c) == "Capaian TW4 — dihitung").expect("TW4 column");
    let as_text = |v: &Value| v.as_str().map(str::to_string).unwrap_or_default();
    for (r, i) in lines.iter().zip(stored) {
        assert_eq!(text(&r[0]), as_text(&i["kode"]));
        assert_eq!(text(&r[1]), as_text(&i["nama"]));
        assert_eq!(text(&r[5]), as_text(&i["satuan"]));
        assert_eq!(text(&r[7]), as_text(&i["polaritas"]));
        assert_eq!(text(&r[10]), as_text(&i["target"]), "{i}");
        let tw4 = i["capaian"].as_array().unwrap().iter().find(|c| c["triwulan"] == "TW4");
        // Capaian as a percentage cell: 100 is 100%, shown "100,00%".
        match tw4.and_then(|c| c["capaian"].as_str()) {
            Some(c) => assert!((number(&r[tw4_col]) * 100.0 - c.parse::<f64>().unwrap()).abs() < 1e-9, "{i}"),
            None => assert_eq!(text(&r[tw4_col]), "", "{i}"),
        }
    }

    let other = app.token("18.04", "operator").await;
    let (status, _, bytes) = workbook(&app, &other, "/api/v1/satker/18.04/pk/2024", XLSX).await;
    assert_eq!(status, 200);
    let rows = sheet(&bytes, "PK");
    let header = rows.iter().position(|r| text(&r[0]) == "Kode").unwrap();
    assert!(rows[header + 1..].iter().all(|r| text(&r[0]).is_empty()), "no indicators in a template");

    let (status, ct, _) =
        workbook(&app, &app.token("18.01", "operator").await, &format!("{path}?format=xlsx"), XLSX).await;
    assert!([403, 404].contains(&status.as_u16()), "{status}");
    assert_eq!(ct, "application/problem+json");
}
