//! What the last outside probe found, each as it was attacked: a workbook of millions of shared
//! strings sent eight times at once, a line break in the login's `lanjut`, a dashboard decision
//! that told no other instance, unconditional concurrent writes on PostgreSQL, numbers in
//! exponent notation, and the smaller items (cookie, echo, error page, blank header cell).

use std::io::{Cursor, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::header::{LOCATION, SET_COOKIE};
use serde_json::{Value, json};

use crate::buku::{Sel, XLSX, baca, lembar, tulis};
use crate::cli::free_port;
use crate::dasbor::{Peramban, SANDI, pengguna};
use crate::dokumen::seed001;
use crate::helpers::{fresh_database, run_cli, spawn_app, spawn_app_with, token_of};

/// The parts of a workbook with one part's bytes replaced.
fn ganti_bagian(bytes: &[u8], nama: &str, ubah: impl FnOnce(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut ubah = Some(ubah);
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        let name = f.name().unwrap().to_string();
        if name == nama {
            b = (ubah.take().unwrap())(b);
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&b).unwrap();
    }
    assert!(ubah.is_none(), "no part {nama}");
    out.finish().unwrap().into_inner()
}

/// The probe's workbook: a valid PK template whose shared strings part holds 3.5 million more
/// one-letter strings (56 MiB unpacked, under the 64 MiB bound; about 150 KB on the wire).
fn buku_teks_bersama(template: &[u8]) -> Vec<u8> {
    ganti_bagian(template, "xl/sharedStrings.xml", |xml| {
        let xml = String::from_utf8(xml).unwrap();
        let akhir = xml.rfind("</sst>").unwrap();
        let mut baru = String::with_capacity(xml.len() + 3_500_000 * 16);
        baru.push_str(&xml[..akhir]);
        for _ in 0..3_500_000 {
            baru.push_str("<si><t>a</t></si>");
        }
        baru.push_str("</sst>");
        baru.into_bytes()
    })
}

/// The resident memory of a process, from the kernel's own account of it.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS");
    kb / 1024.0
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Eight concurrent uploads of the probe's workbook to the real binary (its own process, so
/// its memory is measured alone): every one is refused (4xx, or 503 when the readers are
/// busy), and the server's resident memory afterwards is within 100 MB of before.
#[tokio::test]
async fn a_burst_of_shared_string_workbooks_is_refused_and_memory_returns() {
    let db = fresh_database(true).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .current_dir(dir.path())
        .env("DATABASE_URL", &db.url)
        .env("KINERJA_BIND", format!("127.0.0.1:{port}"))
        .env("KINERJA_DEMO", "false")
        .env("KINERJA_LOG", "warn")
        .env("KINERJA_JWT_SECRET", crate::helpers::TEST_SECRET)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let _server = Server(child);
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mulai = Instant::now();
    while http.get(format!("{base}/ready")).send().await.map(|r| r.status() != 200).unwrap_or(true) {
        assert!(mulai.elapsed() < Duration::from_secs(30), "server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let out = run_cli(
        &["client", "create", "--satker", "18.03", "--role", "operator", "--nama", "probe"],
        &[("DATABASE_URL", db.url.as_str())],
    );
    assert!(out.status.success(), "{}", crate::helpers::stderr(&out));
    let cred: Value = serde_json::from_slice(&out.stdout).unwrap();
    let token =
        token_of(&http, &base, cred["client_id"].as_str().unwrap(), cred["client_secret"].as_str().unwrap()).await;
    let alamat = format!("{base}/api/v1/satker/18.03/pk/2024");
    let template = http.get(format!("{alamat}?format=xlsx")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(template.status(), 200);
    let buku = buku_teks_bersama(&template.bytes().await.unwrap());
    assert!(buku.len() < 1024 * 1024, "small on the wire: {} bytes", buku.len());

    // A normal upload first, so the resting level includes what any upload allocates once.
    let seed = seed001();
    let res = http.put(&alamat).bearer_auth(&token).json(&seed["pk"]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let sebelum = rss_mib(pid);
    let kirim = (0..8).map(|_| {
        let (http, alamat, token, buku) = (http.clone(), alamat.clone(), token.clone(), buku.clone());
        tokio::spawn(async move {
            let res = http.put(alamat).bearer_auth(token).header("content-type", XLSX).body(buku).send().await.unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap_or(Value::Null);
            (status, body)
        })
    });
    let mulai = Instant::now();
    for j in futures_join(kirim.collect()).await {
        let (status, body) = j;
        assert!((400..500).contains(&status) || status == 503, "{status} {body}");
        assert_eq!(body["code"], "xlsx_terlalu_rumit", "{body}");
    }
    let lama = mulai.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sesudah = rss_mib(pid);
    eprintln!("8 uploads refused in {lama:?}; RSS {sebelum:.1} MiB before, {sesudah:.1} MiB after");
    assert!(sesudah - sebelum < 100.0, "RSS {sebelum:.1} → {sesudah:.1} MiB");
    // Still serving, and the PK is as it was.
    let pk: Value = http.get(&alamat).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(pk["versi"], 1, "{pk}");
}

async fn futures_join<T>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// A line break in `lanjut` after a correct password: a session and a redirect to a dashboard
/// page (the text made into a path, never a header), not a 500 with an audited token.
#[tokio::test]
async fn a_login_with_a_line_break_in_lanjut_logs_in_and_stays_on_the_dashboard() {
    let app = spawn_app().await;
    pengguna(&app, "18", "analis", "analis.lanjut").await;
    for lanjut in ["/dasbor/\r\nSet-Cookie: a=b", "/dasbor/%0d%0aSet-Cookie:%20a=b", "/dasbor\\evil", "//evil.example/"]
    {
        let mut b = Peramban::new(&app);
        let form = b.get("/dasbor/masuk").await.text().await.unwrap();
        let csrf = crate::dasbor::nilai_input(&form, "csrf");
        let base = app.address.clone();
        let res = b
            .post(
                "/dasbor/masuk",
                &[("username", "analis.lanjut"), ("password", SANDI), ("csrf", &csrf), ("lanjut", lanjut)],
                Some(&base),
            )
            .await;
        assert_eq!(res.status(), 303, "{lanjut:?}");
        let lokasi = res.headers()[LOCATION].to_str().unwrap().to_string();
        assert!(lokasi.starts_with("/dasbor"), "{lanjut:?} → {lokasi}");
        assert!(!res.headers().get_all(SET_COOKIE).iter().any(|c| c.to_str().unwrap().starts_with("a=")), "{lanjut:?}");
        assert!(b.cookie("kinerja_sesi").is_some(), "a session for {lanjut:?}");
    }
}

/// The generation of changes an instance has heard of, from its metrics.
async fn generasi(http: &reqwest::Client, base: &str) -> i64 {
    let m = http.get(format!("{base}/metrics")).send().await.unwrap().text().await.unwrap();
    m.lines()
        .find_map(|l| l.strip_prefix("kinerja_ringkasan_generasi "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no generation in metrics"))
}

/// A verifikator's decision on the dashboard (303) makes cached totals stale here, and (on
/// PostgreSQL) on another instance over the same database, within a second.
#[tokio::test]
async fn a_dashboard_decision_is_signalled_like_any_write() {
    let minute = [("KINERJA_CACHE_TTL_MS", Some("60000"))];
    let app = spawn_app_with(&minute).await;
    let lain = if crate::helpers::is_postgres() {
        Some(crate::helpers::start(&app.database.url, &minute).await.unwrap().0)
    } else {
        None
    };
    let op = app.token("18.03", "operator").await;
    crate::buku::isi_seed(&app, &op).await;
    let res = app.post_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4/ajukan", &json!({})).await;
    assert_eq!(res.status(), 200);
    pengguna(&app, "18", "verifikator", "verifikator.sinyal").await;
    let mut b = Peramban::new(&app);
    assert_eq!(b.masuk("verifikator.sinyal", SANDI).await.status(), 303);
    let html = b.get("/dasbor/verifikasi?tahun=2024").await.text().await.unwrap();
    let tanda = "action=\"/dasbor/satker/18.03/realisasi/2024/TW4/setujui?";
    let i = html.find(tanda).expect("an approve form") + "action=\"".len();
    let setujui = html[i..].split('"').next().unwrap().replace("&amp;", "&");

    let http = reqwest::Client::new();
    let sini = generasi(&http, &app.address).await;
    let sana = match &lain {
        Some(base) => Some(generasi(&http, base).await),
        None => None,
    };
    let res = b.post(&setujui, &[], Some(&app.address.clone())).await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()[LOCATION].to_str().unwrap().ends_with("hasil=setujui"));
    assert!(generasi(&http, &app.address).await > sini, "this instance's cache is stale");
    if let (Some(base), Some(sana)) = (&lain, sana) {
        let mulai = Instant::now();
        while generasi(&http, base).await <= sana {
            assert!(mulai.elapsed() < Duration::from_secs(1), "the other instance was not told");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    // A refused form (no CSRF token) changes nothing and signals nothing.
    let sekarang = generasi(&http, &app.address).await;
    let tanpa = setujui.split("?csrf=").next().unwrap().to_string();
    assert_eq!(b.post(&tanpa, &[], Some(&app.address.clone())).await.status(), 403);
    assert_eq!(generasi(&http, &app.address).await, sekarang);
}

fn anggaran(pagu: i64) -> Value {
    json!({"baris": [{"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52",
        "pagu": pagu, "realisasi": 1}]})
}

/// 32 concurrent writes without `If-Match` all succeed, on both databases, each one a version;
/// a stale `If-Match` still answers 412.
#[tokio::test]
async fn unconditional_concurrent_writes_all_succeed_and_a_stale_if_match_is_refused() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let path = "/api/v1/satker/18.03/anggaran/2091";
    let tugas: Vec<_> = (0..32)
        .map(|i| {
            let (client, url, op) = (app.client.clone(), format!("{}{path}", app.address), op.clone());
            tokio::spawn(async move {
                let res = client.put(url).bearer_auth(op).json(&anggaran(1_000_000 + i)).send().await.unwrap();
                (res.status().as_u16(), res.text().await.unwrap())
            })
        })
        .collect();
    for (status, body) in futures_join(tugas).await {
        assert_eq!(status, 200, "{body}");
    }
    let res = app.get_as(&op, path).await;
    assert_eq!(res.headers()["etag"], "\"v32\"", "every write is one version");
    let res = app.put_as(&op, path, &anggaran(5), Some("\"v31\"")).await;
    assert_eq!(res.status(), 412);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "versi_berubah");
}

/// `1e-7` is not the value 1 in the unit `e-7`: refused with the field named, nothing stored.
#[tokio::test]
async fn numbers_in_exponent_notation_are_refused_with_the_field() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    for e in ["1e-7", "1E5", "1e308"] {
        let mut pk = seed001()["pk"].clone();
        pk["indikator"][1]["target"] = json!(e);
        let res = app.put_as(&op, "/api/v1/satker/18.03/pk/2024", &pk, None).await;
        assert_eq!(res.status(), 422, "{e}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], "indikator[1].target", "{body}");
        assert!(body["errors"][0]["pesan"].as_str().unwrap().contains("eksponen"), "{body}");
    }
    assert_eq!(app.get_as(&op, "/api/v1/satker/18.03/pk/2024").await.status(), 404, "nothing stored");
}

/// The smaller items: the login form's cookie is `Secure` behind TLS; a huge GraphQL `kode` is
/// not echoed whole; a dashboard page with a query that does not parse answers the dashboard's
/// error page; a workbook whose satker cell was emptied is refused at that cell.
#[tokio::test]
async fn the_smaller_findings() {
    let app = spawn_app_with(&[("KINERJA_HSTS", Some("31536000"))]).await;
    let res = app.get("/dasbor/masuk").await;
    let kue: Vec<String> = res.headers().get_all(SET_COOKIE).iter().map(|c| c.to_str().unwrap().to_string()).collect();
    let masuk = kue.iter().find(|c| c.starts_with("kinerja_masuk=")).expect("the form's cookie");
    assert!(masuk.contains("Secure") && masuk.contains("HttpOnly"), "{masuk}");

    let analis = app.token("18", "analis").await;
    let kode = "9".repeat(100_000);
    let q = json!({"query": format!("{{ provinsi(kode: \"{kode}\") {{ nama }} }}")});
    let res = app.post_as(&analis, "/graphql", &q).await;
    let text = res.text().await.unwrap();
    assert!(text.len() < 2_000, "{} bytes answered", text.len());
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "tidak_ditemukan", "{body}");

    pengguna(&app, "18", "analis", "analis.galat").await;
    let mut b = Peramban::new(&app);
    assert_eq!(b.masuk("analis.galat", SANDI).await.status(), 303);
    for q in ["/dasbor?tahun=%3Cscript%3Ealert(1)%3C/script%3E", "/dasbor/satker/18.03?tahun=abc"] {
        let res = b.get(q).await;
        assert_eq!(res.status(), 422, "{q}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{q}");
        let html = res.text().await.unwrap();
        assert!(html.contains("validasi_gagal") && !html.contains("<script>alert"), "{html}");
    }

    let op = app.token("18.03", "operator").await;
    crate::buku::isi_seed(&app, &op).await;
    let path = "/api/v1/satker/18.03/anggaran/2024";
    let mut sheets = baca(&app.unduh(&op, path).await);
    let grid = lembar(&mut sheets, "Anggaran");
    let (r, c) = grid
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|s| matches!(s, Sel::Teks(t) if t == "Satker")).map(|c| (r, c)))
        .expect("the satker label");
    grid[r][c + 1] = Sel::Kosong;
    let sebelum = app.json_of(&op, path).await;
    let (status, body) = app.unggah(&op, path, tulis(&sheets, &[])).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "satker", "{body}");
    assert!(body["errors"][0]["sel"].as_str().unwrap().starts_with("Anggaran!"), "{body}");
    assert_eq!(app.json_of(&op, path).await, sebelum, "nothing stored");
}
