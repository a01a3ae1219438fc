//! Bukti dukung (`/api/v1/satker/{kode}/bukti`): an upload judged by its bytes, stored once per
//! content, read back byte-identical (whole and by range) in a sandbox by whoever may read the
//! satker, attached to a realisasi row; refusals for what is not evidence, too large, badly
//! named, another satker's. Runs on the local store, and on S3 when `TEST_BUKTI_URL` names a
//! bucket (`.ci/s3`).

use std::time::Duration;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::buku::isi_seed;
use crate::dokumen::seed001;
use crate::helpers::{TestApp, spawn_app, spawn_app_with};

/// A PDF-looking file of `n` bytes whose content depends on `benih`.
fn pdf(n: usize, benih: u8) -> Vec<u8> {
    let mut v = b"%PDF-1.7\n".to_vec();
    let mut x = u32::from(benih) | 1;
    while v.len() < n {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v.push((x & 0xff) as u8);
    }
    v.truncate(n);
    v
}

fn hex(b: &[u8]) -> String {
    Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

async fn unggah(app: &TestApp, token: &str, kode: &str, nama: &str, isi: Vec<u8>) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/satker/{kode}/bukti", app.address))
        .query(&[("nama", nama)])
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(isi)
        .send()
        .await
        .unwrap()
}

async fn ok(res: reqwest::Response, want: u16) -> Value {
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, want, "{v}");
    v
}

#[tokio::test]
async fn evidence_is_stored_once_read_back_whole_and_by_range_and_attached_to_a_row() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let analis = app.token("18", "analis").await;
    isi_seed(&app, &op).await;
    let isi = pdf(300_000, 7);
    let a = ok(unggah(&app, &op, "18.03", "BA Sosialisasi TW4.pdf", isi.clone()).await, 201).await;
    assert_eq!(a["nama"], "BA Sosialisasi TW4.pdf");
    assert_eq!(a["media"], "application/pdf");
    assert_eq!(a["ukuran"], 300_000);
    assert_eq!(a["sha256"], hex(&isi));
    assert_eq!(a["terlampir"], false);
    let id = a["id"].as_str().unwrap().to_string();
    // The same bytes again, under another name: another upload, the same content, counted once.
    let b = ok(unggah(&app, &op, "18.03", "salinan.pdf", isi.clone()).await, 201).await;
    assert_ne!(b["id"], a["id"]);
    assert_eq!(b["sha256"], a["sha256"]);
    let daftar = ok(app.get_as(&analis, "/api/v1/satker/18.03/bukti").await, 200).await;
    assert_eq!(daftar["bukti"].as_array().unwrap().len(), 2);
    assert_eq!(daftar["terpakai"], 300_000, "stored once, counted once");

    // Read back by the provinsi's analyst: byte-identical, in a sandbox.
    let res = app.get_as(&analis, &format!("/api/v1/satker/18.03/bukti/{id}")).await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
    assert!(h["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''BA%20Sosialisasi%20TW4.pdf"));
    assert_eq!(h["accept-ranges"], "bytes");
    assert_eq!(h["content-length"], "300000");
    assert_eq!(res.bytes().await.unwrap().as_ref(), isi.as_slice());
    let res = app
        .client
        .get(format!("{}/api/v1/satker/18.03/bukti/{id}", app.address))
        .bearer_auth(&analis)
        .header("range", "bytes=1000-1999")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 206);
    assert_eq!(res.headers()["content-range"], "bytes 1000-1999/300000");
    assert_eq!(res.bytes().await.unwrap().as_ref(), &isi[1000..2000]);
    let res = app
        .client
        .get(format!("{}/api/v1/satker/18.03/bukti/{id}", app.address))
        .bearer_auth(&analis)
        .header("range", "bytes=-100")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 206);
    assert_eq!(res.bytes().await.unwrap().as_ref(), &isi[299_900..]);
    let res = app
        .client
        .get(format!("{}/api/v1/satker/18.03/bukti/{id}", app.address))
        .bearer_auth(&analis)
        .header("range", "bytes=400000-")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 416);
    assert_eq!(res.headers()["content-range"], "bytes */300000");

    // Attached to a realisasi row: the document shows it, and it is kept with it.
    let mut body = seed001()["realisasi"]["TW4"].clone();
    body["indikator"][0]["bukti"] = json!([id]);
    let path = "/api/v1/satker/18.03/realisasi/2024/TW4";
    let v = ok(app.put_as(&op, path, &body, None).await, 200).await;
    assert_eq!(v["indikator"][0]["bukti"][0]["id"], id.as_str(), "{v}");
    assert_eq!(v["indikator"][0]["bukti"][0]["nama"], "BA Sosialisasi TW4.pdf");
    let v = ok(app.get_as(&analis, path).await, 200).await;
    assert_eq!(v["indikator"][0]["bukti"][0]["tautan"], format!("/api/v1/satker/18.03/bukti/{id}"));
    // A row that does not list its evidence (a workbook, an older client) keeps it; `[]` clears.
    let mut tanpa = seed001()["realisasi"]["TW4"].clone();
    tanpa["indikator"][0]["catatan"] = json!("Catatan diperbarui.");
    let v = ok(app.put_as(&op, path, &tanpa, None).await, 200).await;
    assert_eq!(v["indikator"][0]["bukti"][0]["id"], id.as_str(), "kept: {v}");
    tanpa["indikator"][0]["bukti"] = json!([]);
    let v = ok(app.put_as(&op, path, &tanpa, None).await, 200).await;
    assert_eq!(v["indikator"][0]["bukti"], json!([]), "cleared");
    let v = ok(app.put_as(&op, path, &body, None).await, 200).await;
    assert_eq!(v["indikator"][0]["bukti"][0]["id"], id.as_str(), "attached again");
    let hapus = |kode: String| {
        app.client.delete(format!("{}/api/v1/satker/18.03/bukti/{kode}", app.address)).bearer_auth(&op).send()
    };
    let res = hapus(id.clone()).await.unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "bukti_terlampir");
    let res = hapus(b["id"].as_str().unwrap().to_string()).await.unwrap();
    assert_eq!(res.status(), 204, "an unattached upload can go");
    // The file stays readable: its content is still named by the attached upload.
    let res = app.get_as(&analis, &format!("/api/v1/satker/18.03/bukti/{id}")).await;
    assert_eq!(res.bytes().await.unwrap().len(), 300_000);

    // A budget line rests on its SP2D the same way; a line that does not say keeps it.
    let sp2d = ok(unggah(&app, &op, "18.03", "SP2D 00123.pdf", pdf(4000, 21)).await, 201).await;
    let sp2d_id = sp2d["id"].as_str().unwrap();
    let mut anggaran = seed001()["anggaran"].clone();
    anggaran["baris"][0]["bukti"] = json!([sp2d_id]);
    let apath = "/api/v1/satker/18.03/anggaran/2024";
    let v = ok(app.put_as(&op, apath, &anggaran, None).await, 200).await;
    assert_eq!(v["baris"][0]["bukti"], json!([sp2d_id]), "{v}");
    assert_eq!(v["bukti"][0]["nama"], "SP2D 00123.pdf");
    let mut ubah = seed001()["anggaran"].clone();
    ubah["baris"][1]["uraian"] = json!("Uraian diperbarui");
    let v = ok(app.put_as(&op, apath, &ubah, None).await, 200).await;
    assert_eq!(v["baris"][0]["bukti"], json!([sp2d_id]), "kept");
    ubah["baris"][2]["bukti"] = json!(["bkt_00000000000000000000000000000000"]);
    let v = ok(app.put_as(&op, apath, &ubah, None).await, 422).await;
    assert_eq!(v["errors"][0]["field"], "baris[2].bukti[0]", "{v}");

    // People see it: the dashboard's satker page links each indicator's evidence (through the
    // dashboard's own session), the verification queue lists it once the report is submitted,
    // and the LKj names the data dukung.
    crate::dasbor::pengguna(&app, "18", "verifikator", "verif18").await;
    let mut p = crate::dasbor::Peramban::new(&app);
    assert_eq!(p.masuk("verif18", crate::dasbor::SANDI).await.status(), 303);
    let html = p.get("/dasbor/satker/18.03?tahun=2024").await.text().await.unwrap();
    let tautan = format!("/dasbor/satker/18.03/bukti/{id}");
    assert!(html.contains(&format!("<a href=\"{tautan}\" target=\"_blank\" rel=\"noopener\">BA Sosialisasi TW4.pdf</a> <span class=\"redup\">(293 KB)</span>")), "{html}");
    let res = p.get(&tautan).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), isi.as_slice());
    let res = app.post_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4/ajukan", &json!({})).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let html = p.get("/dasbor/verifikasi?tahun=2024&triwulan=TW4").await.text().await.unwrap();
    assert!(html.contains("Bukti dukung (1 indikator)") && html.contains(&tautan), "{html}");
    let lkj = app.get_as(&analis, "/api/v1/satker/18.03/lkj/2024?format=html").await.text().await.unwrap();
    assert!(lkj.contains("Data dukung: BA Sosialisasi TW4.pdf (293 KB)"), "the LKj names the data dukung");

    // The change feed and the audit trail say so.
    let umpan = ok(app.get_as(&op, "/api/v1/perubahan?jenis=bukti.unggah,bukti.hapus&batas=10").await, 200).await;
    let jenis: Vec<&str> =
        umpan["perubahan"].as_array().unwrap().iter().map(|p| p["jenis"].as_str().unwrap()).collect();
    assert_eq!(jenis, ["bukti.unggah", "bukti.unggah", "bukti.hapus", "bukti.unggah"]);
    assert_eq!(umpan["perubahan"][0]["tautan"], format!("/api/v1/satker/18.03/bukti/{id}"));

    // Evidence it does not have (missing, or another satker's) is a field error; nothing changes.
    let lain = app.token("18.01", "operator").await;
    let milik_lain = ok(unggah(&app, &lain, "18.01", "lain.pdf", pdf(1000, 9)).await, 201).await;
    for salah in ["bkt_00000000000000000000000000000000", milik_lain["id"].as_str().unwrap()] {
        let mut body = seed001()["realisasi"]["TW4"].clone();
        body["indikator"][1]["bukti"] = json!([salah]);
        let v = ok(app.put_as(&op, path, &body, None).await, 422).await;
        assert_eq!(v["errors"][0]["field"], "indikator[1].bukti[0]", "{v}");
        assert_eq!(v["errors"][0]["pesan"], format!("bukti '{salah}' tidak ada di satker ini"));
    }
    let v = ok(app.get_as(&analis, path).await, 200).await;
    assert_eq!(v["indikator"][1]["bukti"], json!([]), "the refused write changed nothing");
    // Another satker's file is what a missing one is, to a reader outside it.
    let res = app.get_as(&op, &format!("/api/v1/satker/18.01/bukti/{}", milik_lain["id"].as_str().unwrap())).await;
    assert_eq!(res.status(), 404);
    // The provinsi sees each satker's usage.
    let p = ok(app.get_as(&analis, "/api/v1/provinsi/18/bukti").await, 200).await;
    let satker: Vec<(&str, i64)> = p["satker"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["satker"].as_str().unwrap(), s["ukuran"].as_i64().unwrap()))
        .collect();
    assert_eq!(satker, [("18.03", 304_000), ("18.01", 1000)]);
}

#[tokio::test]
async fn what_is_not_evidence_too_large_or_badly_named_is_refused_and_leaves_nothing() {
    let app = spawn_app_with(&[("KINERJA_BUKTI_MAKS_MB", Some("1")), ("KINERJA_BUKTI_KUOTA_GB", Some("0.002"))]).await;
    let op = app.token("18.03", "operator").await;
    let mut docx = b"PK\x03\x04".to_vec();
    docx.extend_from_slice(&[0; 26]);
    docx.extend_from_slice(b"[Content_Types].xml....word/document.xml....word/vbaProject.bin");
    for (nama, isi, status, code) in [
        ("laporan.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04".to_vec(), 415, "jenis_berkas_ditolak"),
        ("laporan.pdf", b"\x7fELF\x02\x01\x01".to_vec(), 415, "jenis_berkas_ditolak"),
        ("halaman.pdf", b"<!doctype html><script>alert(1)</script>".to_vec(), 415, "jenis_berkas_ditolak"),
        (
            "gambar.png",
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
            415,
            "jenis_berkas_ditolak",
        ),
        ("makro.docx", docx, 415, "jenis_berkas_ditolak"),
        ("kosong.pdf", Vec::new(), 422, "validasi_gagal"),
        ("../rahasia.pdf", pdf(100, 1), 422, "validasi_gagal"),
        ("a\\b.pdf", pdf(100, 1), 422, "validasi_gagal"),
        ("baris\nbaru.pdf", pdf(100, 1), 422, "validasi_gagal"),
        ("besar.pdf", pdf(1024 * 1024 + 1, 2), 413, "berkas_terlalu_besar"),
    ] {
        let res = unggah(&app, &op, "18.03", nama, isi).await;
        assert_eq!(res.status(), status, "{nama:?}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["code"], code, "{nama:?}: {v}");
        if status == 422 {
            assert!(["nama", "berkas"].contains(&v["errors"][0]["field"].as_str().unwrap()), "{v}");
        }
    }
    // No name at all.
    let res = app
        .client
        .post(format!("{}/api/v1/satker/18.03/bukti", app.address))
        .bearer_auth(&op)
        .body(pdf(100, 1))
        .send()
        .await
        .unwrap();
    assert_eq!(ok(res, 422).await["errors"][0]["field"], "nama");
    // A name from Content-Disposition serves too, in its exact (UTF-8) form.
    let res = app
        .client
        .post(format!("{}/api/v1/satker/18.03/bukti", app.address))
        .bearer_auth(&op)
        .header(
            "content-disposition",
            "attachment; filename=\"foto.png\"; filename*=UTF-8''Foto%20kegiatan%20%C3%A9.png",
        )
        .body(b"\x89PNG\r\n\x1a\n0000".to_vec())
        .send()
        .await
        .unwrap();
    let v = ok(res, 201).await;
    assert_eq!((v["nama"].as_str(), v["media"].as_str()), (Some("Foto kegiatan é.png"), Some("image/png")));

    // A multipart form, as a browser or `curl -F` sends it: the file part's own name.
    let jpeg = [&[0xFFu8, 0xD8, 0xFF, 0xE0][..], &[1; 5000][..]].concat();
    let form = reqwest::multipart::Form::new()
        .text("keterangan", "foto kegiatan")
        .part("berkas", reqwest::multipart::Part::bytes(jpeg.clone()).file_name("Foto sosialisasi.jpg"));
    let res = app
        .client
        .post(format!("{}/api/v1/satker/18.03/bukti", app.address))
        .bearer_auth(&op)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let v = ok(res, 201).await;
    assert_eq!(
        (v["nama"].as_str(), v["media"].as_str(), v["ukuran"].as_i64()),
        (Some("Foto sosialisasi.jpg"), Some("image/jpeg"), Some(5004))
    );
    assert_eq!(v["sha256"], hex(&jpeg));
    let form = reqwest::multipart::Form::new().text("keterangan", "tanpa berkas");
    let res = app
        .client
        .post(format!("{}/api/v1/satker/18.03/bukti", app.address))
        .bearer_auth(&op)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(ok(res, 422).await["errors"][0]["field"], "berkas");

    // Over the limit, announced: refused before the body is read (the body here never ends).
    let tak_berujung = futures_util::stream::unfold(0u64, |n| async move {
        if n >= 512 * 1024 {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        Some((Ok::<_, std::io::Error>(vec![b'%'; 64 * 1024]), n + 64 * 1024))
    });
    let res = tokio::time::timeout(
        Duration::from_secs(10),
        app.client
            .post(format!("{}/api/v1/satker/18.03/bukti?nama=besar.pdf", app.address))
            .bearer_auth(&op)
            .header("content-length", (5u64 * 1024 * 1024).to_string())
            .body(reqwest::Body::wrap_stream(tak_berujung))
            .send(),
    )
    .await
    .expect("answered without reading the whole body");
    if let Ok(res) = res {
        assert_eq!(res.status(), 413);
    }
    // Within the file limit but beyond the satker's quota (2 MB in all).
    ok(unggah(&app, &op, "18.03", "satu.pdf", pdf(1000 * 1024, 3)).await, 201).await;
    ok(unggah(&app, &op, "18.03", "dua.pdf", pdf(1000 * 1024, 4)).await, 201).await;
    let v = ok(unggah(&app, &op, "18.03", "tiga.pdf", pdf(200 * 1024, 5)).await, 413).await;
    assert_eq!(v["code"], "kuota_bukti_habis");
    // Nothing refused was recorded.
    let daftar = ok(app.get_as(&op, "/api/v1/satker/18.03/bukti").await, 200).await;
    let nama: Vec<&str> = daftar["bukti"].as_array().unwrap().iter().map(|b| b["nama"].as_str().unwrap()).collect();
    assert_eq!(nama, ["dua.pdf", "satu.pdf", "Foto sosialisasi.jpg", "Foto kegiatan é.png"]);
    // Another satker's operator cannot upload here, nor read the list.
    let lain = app.token("18.01", "operator").await;
    assert_eq!(unggah(&app, &lain, "18.03", "x.pdf", pdf(100, 1)).await.status(), 404);
    assert_eq!(app.get_as(&lain, "/api/v1/satker/18.03/bukti").await.status(), 404);
}

#[tokio::test]
async fn unattached_uploads_and_unnamed_content_are_cleaned_and_the_store_checks_out() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let a = ok(unggah(&app, &op, "18.03", "a.pdf", pdf(5000, 11)).await, 201).await;
    // A day later nothing has taken it: made older here, as the clock would.
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => "UPDATE bukti SET dibuat = dibuat - INTERVAL '2 days'",
        _ => "UPDATE bukti SET dibuat = '2020-01-01 00:00:00+00:00'",
    };
    app.db.execute_raw(Statement::from_string(backend, sql)).await.unwrap();
    // A second handle on the app's own store: what the cleaning acts on, as the CLI opens it.
    let penyimpan = api::service::bukti::Penyimpan::buka(Some(&app.bukti_url), std::path::Path::new(".")).unwrap();
    assert!(penyimpan.ada(a["sha256"].as_str().unwrap()).await.unwrap());
    let (lepas, berkas, _) = api::service::bukti::bersih::sekali(&app.db, &penyimpan).await.unwrap();
    assert_eq!((lepas, berkas), (1, 1));
    assert!(!penyimpan.ada(a["sha256"].as_str().unwrap()).await.unwrap());
    assert_eq!(
        app.get_as(&op, &format!("/api/v1/satker/18.03/bukti/{}", a["id"].as_str().unwrap())).await.status(),
        404
    );
    let (n, hilang) = api::service::bukti::bersih::periksa(&app.db, &penyimpan).await.unwrap();
    assert_eq!((n, hilang.len()), (0, 0));
}

/// The service killed (SIGKILL) while an upload streams in: no metadata is left pointing at a
/// missing object, and `kinerja bukti periksa` agrees after the restart.
#[tokio::test]
async fn an_upload_cut_by_a_killed_service_leaves_no_metadata() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let port = crate::cli::free_port();
    let env = [("KINERJA_DEMO", "false"), ("KINERJA_LOG", "warn")];
    let mut child = crate::cli::serve(dir.path(), port, &env, Stdio::null());
    crate::cli::wait_until_serving(port);
    let cli = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kinerja"));
        c.current_dir(dir.path()).env_remove("DATABASE_URL").envs(env).args(args);
        c.output().unwrap()
    };
    let cred: Value =
        serde_json::from_slice(&cli(&["client", "create", "--satker", "18.03", "--role", "operator"]).stdout).unwrap();
    let address = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let token = crate::helpers::token_of(
        &client,
        &address,
        cred["client_id"].as_str().unwrap(),
        cred["client_secret"].as_str().unwrap(),
    )
    .await;
    // 4 MB sent, then the stream waits: the service is killed while it reads.
    let lambat = futures_util::stream::unfold(0usize, |n| async move {
        if n == 64 {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        let mut c = vec![b'x'; 64 * 1024];
        if n == 0 {
            c[..5].copy_from_slice(b"%PDF-");
        }
        Some((Ok::<_, std::io::Error>(c), n + 1))
    });
    let upload = tokio::spawn(
        client
            .post(format!("{address}/api/v1/satker/18.03/bukti?nama=terputus.pdf"))
            .bearer_auth(&token)
            .body(reqwest::Body::wrap_stream(lambat))
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(upload.await.unwrap().is_err(), "the upload did not complete");
    let mut child = crate::cli::serve(dir.path(), port, &env, Stdio::null());
    crate::cli::wait_until_serving(port);
    let v: Value = client
        .get(format!("{address}/api/v1/satker/18.03/bukti"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["bukti"], json!([]), "{v}");
    let out = cli(&["bukti", "periksa"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("0 berkas bukti tercatat"));
    // The temporary object of the cut upload is what remains, and the cleaning's business.
    let sementara = dir.path().join("data/bukti/sementara");
    assert!(sementara.exists());
    child.kill().unwrap();
    child.wait().unwrap();
}
