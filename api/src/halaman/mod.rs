//! The pages a person uses: the landing page, the dashboard (login, the totals of a provinsi
//! or of the nation, a satker's year, the verification queue) and GraphiQL. Each page is a
//! struct and its template (askama, checked at compile time, escaping on), built from the
//! typed views the services return. Figures are written from the views' exact values the
//! Indonesian way by the same helpers the LKj uses; nothing is recomputed here but sorting and
//! the year-over-year difference of two figures the API gives.
//!
//! Everything a page needs is served by this binary ([`aset`]); no page loads anything from
//! another origin, and every page works without JavaScript.

pub mod aset;
mod indikator;
mod ringkasan;
mod satker;
mod tampil;
mod verifikasi;

pub use indikator::HalamanIndikator;
pub use ringkasan::{HalamanDasbor, Permintaan, Urut};
pub use satker::HalamanSatker;
pub use verifikasi::HalamanVerifikasi;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::error::AppError;

/// What a page may load: its own origin's styles and images, nothing else; no script at all
/// (GraphiQL has its own policy), and it may not be framed.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
                   base-uri 'none'; frame-ancestors 'none'";

/// The page as an answer: HTML, never cached (it shows a person's data), never framed.
pub fn jawab<T: Template>(status: StatusCode, page: &T) -> Result<HttpResponse, AppError> {
    let body = page.render().map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "same-origin"))
        .body(body))
}

/// Who is logged in, as the layout shows it.
#[derive(Clone, Debug)]
pub struct Pengguna {
    pub nama: String,
    pub peran: String,
    pub satker: String,
    /// The session's CSRF token, for the forms of the page.
    pub csrf: String,
    pub verifikator: bool,
}

/// The layout around every page.
#[derive(Clone, Debug)]
pub struct Kerangka {
    pub judul: String,
    pub pengguna: Option<Pengguna>,
    /// Which menu entry is this page: `ringkasan`, `verifikasi`, or empty.
    pub aktif: &'static str,
}

/// An error as a person sees it: the same words as the API's problem, on a page.
#[derive(Template)]
#[template(path = "galat.html")]
pub struct HalamanGalat {
    pub k: Kerangka,
    pub status: u16,
    pub kode: &'static str,
    pub pesan: String,
}

/// An error of a page handler, answered as a page.
#[derive(Debug)]
pub struct Galat(pub AppError);

impl From<AppError> for Galat {
    fn from(e: AppError) -> Self {
        Galat(e)
    }
}

impl std::fmt::Display for Galat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl actix_web::ResponseError for Galat {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        halaman_galat(&self.0, None)
    }
}

fn halaman_galat(e: &AppError, pengguna: Option<Pengguna>) -> HttpResponse {
    use actix_web::ResponseError;
    // The API's answer logs internal causes once; the page shows only the safe words.
    let _ = e.error_response();
    let status = e.status_code();
    let page = HalamanGalat {
        k: Kerangka { judul: format!("Galat {}", status.as_u16()), pengguna, aktif: "" },
        status: status.as_u16(),
        kode: e.code(),
        pesan: e.detail(),
    };
    jawab(status, &page).unwrap_or_else(|_| HttpResponse::build(status).finish())
}

/// The guard refused a page: without a (valid) session, the login form, coming back here
/// after; anything else, an error page.
pub fn galat_guard(req: &HttpRequest, e: AppError) -> HttpResponse {
    match e {
        AppError::MissingToken | AppError::InvalidToken(_) => {
            let lanjut = if req.method() == actix_web::http::Method::GET {
                let pq = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/dasbor");
                format!("/dasbor/masuk?lanjut={}", urlencode(pq))
            } else {
                "/dasbor/masuk".to_string()
            };
            ke(lanjut)
        }
        e => halaman_galat(&e, None),
    }
}

/// A redirect after a form or to the login form (303: the browser follows it with a GET).
/// A target that is not a valid header value (it cannot be, coming from [`lanjut_aman`] or
/// built here, but a redirect must never be what fails) goes to `/dasbor`.
pub fn ke(lokasi: String) -> HttpResponse {
    let lokasi = header::HeaderValue::from_str(&lokasi).unwrap_or(header::HeaderValue::from_static("/dasbor"));
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, lokasi))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// A query-string component.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|q| q.trim_start_matches('=').to_string()).unwrap_or_default()
}

/// Where a login may send a person afterwards: a dashboard page of this server, nothing else.
/// The target is parsed as a URL against this server (never passed on as a string): it must
/// stay on this origin and under `/dasbor`, and what comes back is its path and query as the
/// parser serialises them, percent-encoded, so nothing in it can break a header. Control
/// characters, backslashes and anything else go to `/dasbor`.
pub fn lanjut_aman(lanjut: Option<&str>) -> String {
    const AWAL: &str = "/dasbor";
    let Some(l) = lanjut.filter(|l| l.starts_with('/') && !l.chars().any(|c| c.is_control() || c == '\\')) else {
        return AWAL.into();
    };
    let Ok(dasar) = url::Url::parse("http://kinerja.invalid/") else { return AWAL.into() };
    let Ok(u) = dasar.join(l) else { return AWAL.into() };
    let jalur = u.path();
    let milik =
        u.origin() == dasar.origin() && (jalur == AWAL || jalur.starts_with("/dasbor/")) && !jalur.contains("//");
    if !milik {
        return AWAL.into();
    }
    let hasil = match u.query() {
        Some(q) => format!("{jalur}?{q}"),
        None => jalur.to_string(),
    };
    if header::HeaderValue::from_str(&hasil).is_ok() { hasil } else { AWAL.into() }
}

/// `/`: what the service is, where to go, and whether it is up.
#[derive(Template)]
#[template(path = "beranda.html")]
pub struct HalamanBeranda {
    pub k: Kerangka,
    pub versi: &'static str,
    pub siap: bool,
}

/// The login form.
#[derive(Template)]
#[template(path = "masuk.html")]
pub struct HalamanMasuk {
    pub k: Kerangka,
    pub csrf: String,
    pub lanjut: String,
    pub username: String,
    pub pesan: Option<String>,
    pub info: Option<String>,
}

/// GraphiQL, from the vendored assets.
#[derive(Template)]
#[template(path = "graphiql.html")]
pub struct HalamanGraphiql {
    /// The session's CSRF token, when someone is logged in to the dashboard: GraphiQL then
    /// queries with that session.
    pub csrf: Option<String>,
}

/// The policy of the GraphiQL page: its own scripts and styles (React sets inline styles),
/// its inline fonts, queries to this origin.
pub const CSP_GRAPHIQL: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                                img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
                                base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_only_leads_to_a_dashboard_page() {
        assert_eq!(lanjut_aman(Some("/dasbor/satker/18.03?tahun=2024")), "/dasbor/satker/18.03?tahun=2024");
        assert_eq!(lanjut_aman(Some("/dasbor?tahun=2023")), "/dasbor?tahun=2023");
        for jahat in ["https://evil.example/", "//evil.example", "/dasbor//evil.example", "/dasborx", "/api/v1/satker"]
        {
            assert_eq!(lanjut_aman(Some(jahat)), "/dasbor", "{jahat}");
        }
        assert_eq!(lanjut_aman(None), "/dasbor");
        for rusak in
            ["/dasbor/\r\nSet-Cookie: a=b", "/dasbor/%0d%0a", "/dasbor\\..\\x", "/dasbor/\u{0}", "/dasbor/../api"]
        {
            let l = lanjut_aman(Some(rusak));
            assert!(l.starts_with("/dasbor") && !l.contains(['\r', '\n', '\0']), "{rusak:?} → {l:?}");
            assert!(header::HeaderValue::from_str(&l).is_ok(), "{l:?}");
        }
        assert_eq!(lanjut_aman(Some("/dasbor/../api/v1/satker")), "/dasbor");
        assert_eq!(lanjut_aman(Some("/dasbor/satker/18.03?tahun=<b>")), "/dasbor/satker/18.03?tahun=%3Cb%3E");
    }

    #[test]
    fn an_error_page_escapes_what_it_shows() {
        let page = HalamanGalat {
            k: Kerangka { judul: "Galat 404".into(), pengguna: None, aktif: "" },
            status: 404,
            kode: "tidak_ditemukan",
            pesan: "Satker <script>alert(1)</script> tidak ditemukan.".into(),
        };
        let html = page.render().unwrap();
        assert!(html.contains("alert(1)") && !html.contains("<script>alert"), "{html}");
    }
}
