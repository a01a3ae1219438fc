//! The pages a person uses, through the real HTTP stack as a browser would use them: the login
//! form and its cookies, the totals of Lampung with the figures the API gives, a satker's page,
//! the verification queue with its forms, GraphiQL from this server alone, and tenancy on every
//! page route. (The real-browser run is `.ci/dasbor`.)

use api::domain::akses::Izin;
use api::http::{halaman, route_infos};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use serde_json::{Value, json};

use crate::buku::isi_seed;
use crate::helpers::{TestApp, spawn_app};

pub(crate) const SANDI: &str = "kata-sandi-uji-yang-panjang";

/// A browser: no redirects followed, cookies kept by hand.
pub(crate) struct Peramban {
    http: reqwest::Client,
    base: String,
    cookies: Vec<(String, String)>,
}

impl Peramban {
    pub(crate) fn new(app: &TestApp) -> Self {
        let http = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
        Self { http, base: app.address.clone(), cookies: Vec::new() }
    }

    pub(crate) fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn simpan(&mut self, res: &reqwest::Response) {
        for h in res.headers().get_all(SET_COOKIE) {
            let s = h.to_str().unwrap();
            let (kv, _) = s.split_once(';').unwrap_or((s, ""));
            let (k, v) = kv.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !v.is_empty() && !s.contains("Max-Age=0") {
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
    }

    fn header_cookie(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub(crate) async fn get(&mut self, path: &str) -> reqwest::Response {
        let res =
            self.http.get(format!("{}{path}", self.base)).header(COOKIE, self.header_cookie()).send().await.unwrap();
        self.simpan(&res);
        res
    }

    pub(crate) async fn post(&mut self, path: &str, form: &[(&str, &str)], origin: Option<&str>) -> reqwest::Response {
        let mut req = self.http.post(format!("{}{path}", self.base)).header(COOKIE, self.header_cookie()).form(form);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let res = req.send().await.unwrap();
        self.simpan(&res);
        res
    }

    /// The login form, filled and sent from our own origin.
    pub(crate) async fn masuk(&mut self, username: &str, password: &str) -> reqwest::Response {
        let form = self.get("/dasbor/masuk").await.text().await.unwrap();
        let csrf = nilai_input(&form, "csrf");
        let base = self.base.clone();
        self.post(
            "/dasbor/masuk",
            &[("username", username), ("password", password), ("csrf", &csrf), ("lanjut", "/dasbor")],
            Some(&base),
        )
        .await
    }

    pub(crate) fn csrf(&self) -> String {
        api::auth::sesi::csrf(&self.cookie("kinerja_sesi").expect("a session"))
    }
}

pub(crate) fn nilai_input(html: &str, name: &str) -> String {
    let tanda = format!("name=\"{name}\" value=\"");
    let i = html.find(&tanda).unwrap_or_else(|| panic!("no {name} in {html}")) + tanda.len();
    html[i..].split('"').next().unwrap().to_string()
}

/// The text of the cell `data-kolom="kolom"` in the row `data-kode="kode"`.
fn sel(html: &str, kode: &str, kolom: &str) -> String {
    let baris = html.split(&format!("data-kode=\"{kode}\"")).nth(1).unwrap_or_else(|| panic!("no row {kode}"));
    let baris = baris.split("</tr>").next().unwrap();
    let tanda = format!("data-kolom=\"{kolom}\">");
    baris.split(&tanda).nth(1).unwrap().split('<').next().unwrap().to_string()
}

/// A user with a password, made by the provinsi's (or KPU RI's) admin over the API.
pub(crate) async fn pengguna(app: &TestApp, kode: &str, peran: &str, username: &str) {
    let admin_kode = if kode == "00" || kode.len() == 2 { kode } else { &kode[..2] };
    let admin = app.token(admin_kode, "admin").await;
    let body = json!({"username": username, "password": SANDI, "peran": peran});
    let res = app.post_as(&admin, &format!("/api/v1/satker/{kode}/pengguna"), &body).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
}

/// The API's words for a percentage, as the pages write it: `100.612069` → `100,612069%`.
fn persen(v: &Value) -> String {
    crate::helpers::persen_tampil(v.as_str().unwrap())
}

fn tidak_ada_asal_lain(html: &str) {
    for attr in ["src=\"http", "href=\"http", "src='http", "href=\"//", "src=\"//", "url(http", "@import"] {
        assert!(!html.contains(attr), "a page must load nothing from another origin ({attr})");
    }
}

#[tokio::test]
async fn an_analyst_logs_in_reads_lampung_as_the_api_reports_it_and_logs_out() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;
    pengguna(&app, "18", "analis", "analis.uji").await;
    let mut b = Peramban::new(&app);

    let res = b.get("/dasbor").await;
    assert_eq!(res.status(), 303, "no session: to the login form");
    assert_eq!(res.headers()[LOCATION], "/dasbor/masuk?lanjut=%2Fdasbor");

    let res = b.masuk("analis.uji", "salah-sekali-kata-sandinya").await;
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("Nama pengguna atau kata sandi salah."));
    assert!(b.cookie("kinerja_sesi").is_none());

    let res = b.masuk("analis.uji", SANDI).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], "/dasbor");
    let set = res.headers().get_all(SET_COOKIE).iter().map(|h| h.to_str().unwrap().to_string()).collect::<Vec<_>>();
    let sesi = set.iter().find(|c| c.starts_with("kinerja_sesi=")).expect("a session cookie");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=3600"] {
        assert!(sesi.contains(attr), "{sesi}");
    }
    assert!(!sesi.contains("Secure"), "not behind TLS here");

    let res = b.get("/dasbor?tahun=2024").await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("default-src 'none'") && !csp.contains("http"), "{csp}");
    let html = res.text().await.unwrap();
    tidak_ada_asal_lain(&html);
    assert!(html.len() < 200 * 1024, "{} bytes", html.len());
    let api: Value = app
        .get_as(&app.token("18", "analis").await, "/api/v1/provinsi/18/ringkasan?tahun=2024")
        .await
        .json()
        .await
        .unwrap();
    let lampura = api["satker"].as_array().unwrap().iter().find(|s| s["kode"] == "18.03").unwrap();
    assert_eq!(sel(&html, "18.03", "capaian"), persen(&lampura["capaian_rata_rata"]));
    assert_eq!(sel(&html, "18.03", "penyerapan"), "99,83%");
    assert_eq!(sel(&html, "18.03", "pagu"), "77.452.486.000");
    assert_eq!(sel(&html, "18.03", "realisasi"), "77.319.385.462");
    assert_eq!(sel(&html, "total", "pagu"), "77.452.486.000", "only Lampung Utara has a budget here");
    assert_eq!(html.matches("<tr data-kode=\"18.").count(), 15, "the 15 kabupaten/kota of Lampung");
    assert!(html.contains("<svg"), "the charts are inline SVG");

    // Sorting is a link, no script: by penyerapan, descending, Lampung Utara first.
    let sorted = b.get("/dasbor?tahun=2024&urut=penyerapan&arah=turun").await.text().await.unwrap();
    let first = sorted.split("<tbody>").nth(1).unwrap().split("data-kode=\"").nth(1).unwrap();
    assert!(first.starts_with("18.03\""), "{}", &first[..20]);
    assert!(sorted.contains("aria-sort=\"descending\""));

    // The satker's page: its indicators per triwulan, its budget, its temuan.
    let res = b.get("/dasbor/satker/18.03?tahun=2024").await;
    assert_eq!(res.status(), 200);
    let satker = res.text().await.unwrap();
    assert!(satker.contains("id=\"penyerapan-satker\">99,83%"));
    assert!(satker.contains("117,75%"), "SS3 scored by the grade method, not the source's 88%");
    assert!(satker.contains("3.174.505.000"), "program Dukungan Manajemen");
    tidak_ada_asal_lain(&satker);

    // The documents before the year, linked from the page and served to the session.
    let link = "/dasbor/satker/18.03/pk/2024?format=html";
    assert!(satker.contains(link), "{link}");
    let res = b.get(link).await;
    assert_eq!(res.status(), 200, "{link}");
    assert!(res.text().await.unwrap().contains("PERJANJIAN KINERJA TAHUN 2024"), "{link}");

    // A download the page links to, with the same session.
    let csv = b.get("/dasbor/provinsi/18/ringkasan?tahun=2024&format=csv").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.text().await.unwrap().contains("77452486000"));

    // Logging out needs the form's token; then the session is gone.
    let res = b.post("/dasbor/keluar", &[], Some(&app.address)).await;
    assert_eq!(res.status(), 403, "no CSRF token");
    assert!(b.cookie("kinerja_sesi").is_some());
    let csrf = b.csrf();
    let res = b.post(&format!("/dasbor/keluar?csrf={csrf}"), &[], Some(&app.address)).await;
    assert_eq!(res.status(), 303);
    assert!(b.cookie("kinerja_sesi").is_none(), "the cookie is dropped");
    assert_eq!(b.get("/dasbor").await.status(), 303);
}

#[tokio::test]
async fn a_login_from_elsewhere_or_without_its_form_is_refused_and_an_operator_has_no_dashboard() {
    let app = spawn_app().await;
    pengguna(&app, "18", "analis", "analis.uji").await;
    pengguna(&app, "18.03", "operator", "operator.uji").await;
    let mut b = Peramban::new(&app);
    let form = b.get("/dasbor/masuk").await.text().await.unwrap();
    let csrf = nilai_input(&form, "csrf");
    let isi = [("username", "analis.uji"), ("password", SANDI), ("csrf", csrf.as_str())];
    assert_eq!(b.post("/dasbor/masuk", &isi, Some("http://evil.example")).await.status(), 403);
    let mut lain = Peramban::new(&app);
    assert_eq!(lain.post("/dasbor/masuk", &isi, None).await.status(), 403, "no form cookie: forged");
    assert!(lain.cookie("kinerja_sesi").is_none() && b.cookie("kinerja_sesi").is_none());

    let mut op = Peramban::new(&app);
    let res = op.masuk("operator.uji", SANDI).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("Dasbor untuk analis, verifikator dan admin"));
    assert!(op.cookie("kinerja_sesi").is_none());
    // Nor with a bearer token of an operator, on any page.
    let token = app.token("18.03", "operator").await;
    for path in ["/dasbor", "/dasbor/verifikasi", "/dasbor/satker/18.03"] {
        let res = app.get_as(&token, path).await;
        assert_eq!(res.status(), 403, "{path}");
        assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    }
    // A session token is not a key to the API: the API takes bearer tokens only.
    let mut a = Peramban::new(&app);
    assert_eq!(a.masuk("analis.uji", SANDI).await.status(), 303);
    assert_eq!(a.get("/api/v1/provinsi/18/ringkasan?tahun=2024").await.status(), 401);
}

/// Every page route that names a satker, tried by other tenants: answered exactly like a satker
/// that does not exist. The routes without a satker show only the caller's own subtree.
#[tokio::test]
async fn other_tenants_see_nothing_of_lampung_on_any_page() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;
    let pairs = [("18.01", "18.03"), ("31.71", "18.03"), ("31", "18"), ("31", "18.03"), ("18.03", "18")];
    let mut checked = 0;
    for route in route_infos().into_iter().filter(|r| halaman(r.path) && r.izin != Izin::Publik) {
        if !route.path.contains("{kode}") {
            assert!(
                ["/dasbor", "/dasbor/verifikasi", "/dasbor/indikator", "/dasbor/keluar", "/dasbor/nasional/ringkasan"]
                    .contains(&route.path),
                "page route {} {} has no cross-tenant case here",
                route.method,
                route.path
            );
            continue;
        }
        let role = if route.izin == Izin::Verifikasi { "verifikator" } else { "analis" };
        for (attacker, victim) in pairs {
            let token = app.token(attacker, role).await;
            let isi = |kode: &str| {
                route
                    .path
                    .replace("{kode}", kode)
                    .replace("{tahun}", "2024")
                    .replace("{triwulan}", "TW4")
                    .replace("{aksi}", "kembalikan")
            };
            let m = reqwest::Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
            let call = |path: String| {
                app.client.request(m.clone(), format!("{}{path}", app.address)).bearer_auth(&token).send()
            };
            let res = call(isi(victim)).await.unwrap();
            let status = res.status();
            let body = res.text().await.unwrap();
            let missing = call(isi("99.99")).await.unwrap();
            assert_eq!(status, 404, "{} {} as {attacker} on {victim}: {body}", route.method, route.path);
            assert_eq!(missing.status(), 404);
            let missing = missing.text().await.unwrap();
            assert_eq!(
                body.replace(victim, "?"),
                missing.replace("99.99", "?"),
                "must not reveal that {victim} exists"
            );
            checked += 1;
        }
    }
    assert!(checked >= 6 * pairs.len(), "only {checked} cases ran");

    // DKI Jakarta's analyst, logged in: its own provinsi only, nothing of Lampung anywhere.
    pengguna(&app, "31", "analis", "analis.dki").await;
    let mut b = Peramban::new(&app);
    assert_eq!(b.masuk("analis.dki", SANDI).await.status(), 303);
    for path in [
        "/dasbor?tahun=2024",
        "/dasbor/verifikasi?tahun=2024",
        "/dasbor/indikator?tahun=2024",
        "/dasbor/nasional/ringkasan?tahun=2024",
    ] {
        let res = b.get(path).await;
        let status = res.status();
        let html = res.text().await.unwrap();
        assert!(!html.contains("Lampung") && !html.contains("18.03"), "{path}");
        if path.starts_with("/dasbor/nasional") {
            assert_eq!(status, 404, "KPU RI's figures are not a provinsi's");
        } else {
            assert_eq!(status, 200, "{path}");
        }
    }
    let res = b.get("/dasbor/satker/18.03?tahun=2024").await;
    assert_eq!(res.status(), 404);
    assert!(!res.text().await.unwrap().contains("Lampung"));
}

#[tokio::test]
async fn a_verifikator_returns_a_submission_from_the_queue_with_a_reason() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;
    let res = app.post_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW4/ajukan", &json!({})).await;
    assert_eq!(res.status(), 200);
    pengguna(&app, "18", "verifikator", "verifikator.uji").await;
    let mut b = Peramban::new(&app);
    assert_eq!(b.masuk("verifikator.uji", SANDI).await.status(), 303);

    let html = b.get("/dasbor/verifikasi?tahun=2024").await.text().await.unwrap();
    assert!(html.contains("id=\"antrean-18-03-tw4\""), "{html}");
    assert!(html.contains("Menunggu keputusan (1)"));
    let aksi = |langkah: &str| {
        let tanda = format!("action=\"/dasbor/satker/18.03/realisasi/2024/TW4/{langkah}?");
        let i = html.find(&tanda).unwrap() + "action=\"".len();
        html[i..].split('"').next().unwrap().replace("&amp;", "&")
    };
    let kembalikan = aksi("kembalikan");
    let laporan = "/api/v1/satker/18.03/realisasi/2024/TW4";
    let status = |app: &TestApp| {
        let op = op.clone();
        let app_addr = app.address.clone();
        async move {
            let v: Value = reqwest::Client::new()
                .get(format!("{app_addr}{laporan}"))
                .bearer_auth(op)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            (v["status"].as_str().unwrap().to_string(), v["alasan"].clone())
        }
    };

    // Without the form's token, or from another site: refused, nothing changes.
    let tanpa = kembalikan.split("?csrf=").next().unwrap().to_string();
    assert_eq!(b.post(&tanpa, &[("alasan", "x")], Some(&app.address)).await.status(), 403);
    assert_eq!(b.post(&kembalikan, &[("alasan", "x")], Some("http://evil.example")).await.status(), 403);
    assert_eq!(status(&app).await.0, "diajukan");

    // Without a reason: back to the queue with the rule, nothing changes.
    let res = b.post(&kembalikan, &[("alasan", "  ")], Some(&app.address)).await;
    assert_eq!(res.status(), 303);
    let lokasi = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(lokasi.ends_with("hasil=validasi_gagal"), "{lokasi}");
    assert!(b.get(&lokasi).await.text().await.unwrap().contains("Alasan wajib diisi"));
    assert_eq!(status(&app).await.0, "diajukan");

    let res = b.post(&kembalikan, &[("alasan", "Bukti dukung SS11 belum dilampirkan")], Some(&app.address)).await;
    assert_eq!(res.status(), 303);
    let lokasi = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(lokasi.ends_with("hasil=kembalikan"), "{lokasi}");
    let (s, alasan) = status(&app).await;
    assert_eq!(s, "dikembalikan");
    assert_eq!(alasan, "Bukti dukung SS11 belum dilampirkan");
    let html = b.get(&lokasi).await.text().await.unwrap();
    assert!(html.contains("Dokumen dikembalikan dengan alasan.") && html.contains("Menunggu keputusan (0)"));

    // The same form again: the document has moved on; nothing is decided twice.
    let res = b.post(&kembalikan, &[("alasan", "lagi")], Some(&app.address)).await;
    let lokasi = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(lokasi.ends_with("hasil=versi_berubah") || lokasi.ends_with("hasil=status_tidak_sesuai"), "{lokasi}");

    // The audit trail names the verifikator, shown on the satker's page.
    let satker = b.get("/dasbor/satker/18.03?tahun=2024").await.text().await.unwrap();
    assert!(satker.contains("realisasi.kembalikan") && satker.contains("Bukti dukung SS11 belum dilampirkan"));
}

#[tokio::test]
async fn graphiql_comes_from_this_server_and_queries_with_the_session() {
    let app = spawn_app().await;
    let res = app.get("/graphiql").await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unpkg") && !csp.contains("http"), "{csp}");
    let html = res.text().await.unwrap();
    tidak_ada_asal_lain(&html);
    let mut assets = 0;
    for part in html.split("src=\"").skip(1).chain(html.split("href=\"").skip(1)) {
        let path = part.split('"').next().unwrap();
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_string();
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        assert!(ct.starts_with(if path.ends_with(".js") { "text/javascript" } else { "" }), "{path}: {ct}");
        assert!(res.bytes().await.unwrap().len() > 100);
        let again =
            app.client.get(format!("{}{path}", app.address)).header("if-none-match", etag).send().await.unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assets += 1;
    }
    assert!(assets >= 6, "react, react-dom, graphiql js and css, its starter, the icon: {assets}");
    assert_eq!(app.get("/aset/tidak-ada.js").await.status(), 404);

    // Logged in to the dashboard, GraphiQL's page carries the session's CSRF token, and a query
    // with the cookie and that header runs as the session; without the header it is refused.
    pengguna(&app, "18", "analis", "analis.uji").await;
    let mut b = Peramban::new(&app);
    assert_eq!(b.masuk("analis.uji", SANDI).await.status(), 303);
    let page = b.get("/graphiql").await.text().await.unwrap();
    assert!(page.contains(&format!("<meta name=\"csrf-token\" content=\"{}\">", b.csrf())));
    let query = json!({"query": "{ provinsi(kode: \"18\") { nama } }"});
    let kirim = |csrf: Option<String>| {
        let mut r = b
            .http
            .post(format!("{}/graphql", app.address))
            .header(COOKIE, b.header_cookie())
            .header("origin", app.address.clone())
            .json(&query);
        if let Some(c) = csrf {
            r = r.header("x-csrf-token", c);
        }
        r.send()
    };
    let ok: Value = kirim(Some(b.csrf())).await.unwrap().json().await.unwrap();
    assert_eq!(ok["data"]["provinsi"]["nama"], "KPU Provinsi Lampung", "{ok}");
    assert_eq!(kirim(None).await.unwrap().status(), 403);
    assert_eq!(kirim(Some("palsu".into())).await.unwrap().status(), 403);
}

#[tokio::test]
async fn the_landing_page_says_where_to_go_and_whether_the_service_is_up() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    tidak_ada_asal_lain(&html);
    for link in
        ["href=\"/dasbor\"", "href=\"/docs\"", "href=\"/graphiql\"", "href=\"/api/v1/openapi.json\"", "href=\"/ready\""]
    {
        assert!(html.contains(link), "{link}");
    }
    assert!(html.contains("class=\"sehat ya\">siap"));
    // The OpenAPI document describes the API, not the pages.
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"].as_object().unwrap().keys().all(|p| !halaman(p)));
}
