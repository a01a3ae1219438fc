//! The dashboard's session: the access token of a `password` grant, kept in an HttpOnly,
//! SameSite=Strict cookie (never where a script can read it), and the CSRF token bound to it.
//!
//! The CSRF token is a hash of the session token: only someone who holds the session can know
//! it, so no server-side state is needed and every instance agrees on it. A request authenticated
//! by the cookie that may change something must carry it (`X-CSRF-Token`, or `?csrf=` in a
//! form's action) and, when the browser says where it comes from, come from our own origin.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::ServiceRequest;
use actix_web::http::header;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// The session cookie's name.
pub const COOKIE: &str = "kinerja_sesi";
/// The cookie the login form's CSRF token is kept in before there is a session.
pub const COOKIE_MASUK: &str = "kinerja_masuk";
/// The header a script sends the CSRF token in.
pub const HEADER_CSRF: &str = "x-csrf-token";

/// Whether `pattern` is one of the dashboard's pages (answered as HTML, session by cookie).
pub fn rute_halaman(pattern: &str) -> bool {
    pattern == "/dasbor" || pattern.starts_with("/dasbor/")
}

/// The routes a browser session may use: the pages, and GraphQL for GraphiQL (which sends the
/// CSRF header with every request).
pub fn menerima_sesi(pattern: &str) -> bool {
    rute_halaman(pattern) || pattern == "/graphql"
}

/// The CSRF token of a session (or of a login form's random value).
pub fn csrf(token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"kinerja-csrf:");
    h.update(token.as_bytes());
    URL_SAFE_NO_PAD.encode(&h.finalize()[..24])
}

/// Equality in time independent of where the strings first differ.
pub fn sama(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Every cookie of ours: HttpOnly, SameSite=Strict, on `path`.
fn kue(name: &'static str, value: String, path: &'static str) -> actix_web::cookie::CookieBuilder<'static> {
    Cookie::build(name, value).path(path).http_only(true).same_site(SameSite::Strict)
}

/// Where the login form's own cookie is sent: to the form alone.
const JALUR_MASUK: &str = "/dasbor/masuk";

/// The cookie that holds a session for `ttl` seconds.
pub fn cookie(token: String, ttl: u64, secure: bool) -> Cookie<'static> {
    kue(COOKIE, token, "/")
        .secure(secure)
        .max_age(CookieDuration::seconds(i64::try_from(ttl).unwrap_or(i64::MAX)))
        .finish()
}

/// The login form's random value, for an hour; `Secure` like the session behind TLS.
pub fn cookie_masuk(nilai: String, secure: bool) -> Cookie<'static> {
    kue(COOKIE_MASUK, nilai, JALUR_MASUK).secure(secure).max_age(CookieDuration::hours(1)).finish()
}

/// The session cookie, dropped by the browser at once.
pub fn hapus(secure: bool) -> Cookie<'static> {
    let mut c = kue(COOKIE, String::new(), "/").secure(secure).finish();
    c.make_removal();
    c
}

/// The login form's cookie, dropped by the browser at once.
pub fn hapus_masuk(secure: bool) -> Cookie<'static> {
    let mut c = kue(COOKIE_MASUK, String::new(), JALUR_MASUK).secure(secure).finish();
    c.make_removal();
    c
}

/// The session token a request carries in its cookie.
pub fn token(req: &ServiceRequest) -> Option<String> {
    req.cookie(COOKIE).map(|c| c.value().to_string()).filter(|t| !t.is_empty())
}

/// Whether the `Origin` (or, without one, the `Referer`) a browser sent names this server. A
/// request with neither is let through: browsers send `Origin` on every cross-site POST, and
/// the SameSite=Strict cookie is not sent on one at all; the CSRF token is checked regardless.
pub fn asal_sendiri(headers: &header::HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let asal = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER)).and_then(|h| h.to_str().ok());
    match asal {
        None => true,
        Some(a) => {
            let tanpa_skema = a.split_once("://").map_or(a, |(_, rest)| rest);
            let authority = tanpa_skema.split('/').next().unwrap_or("");
            !host.is_empty() && authority.eq_ignore_ascii_case(host)
        }
    }
}

/// The check for a state-changing request authenticated by the session cookie.
pub fn periksa_csrf(req: &ServiceRequest, token: &str) -> Result<(), AppError> {
    let ditolak = || {
        AppError::Forbidden(
            "Permintaan ditolak: token formulir (CSRF) tidak cocok. Muat ulang halaman lalu coba lagi.".into(),
        )
    };
    if !asal_sendiri(req.headers()) {
        return Err(ditolak());
    }
    let dari_header = req.headers().get(HEADER_CSRF).and_then(|v| v.to_str().ok()).map(str::to_string);
    let dari_query = || {
        serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v)
    };
    match dari_header.or_else(dari_query) {
        Some(t) if sama(&t, &csrf(token)) => Ok(()),
        _ => Err(ditolak()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn the_csrf_token_is_bound_to_the_session() {
        assert_eq!(csrf("a.b.c"), csrf("a.b.c"));
        assert_ne!(csrf("a.b.c"), csrf("a.b.d"));
        assert_eq!(csrf("x").len(), 32);
        assert!(sama("abc", "abc") && !sama("abc", "abd") && !sama("abc", "ab"));
    }

    #[test]
    fn only_our_own_origin_may_post() {
        assert!(asal_sendiri(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")])));
        assert!(asal_sendiri(&headers(&[("host", "kinerja.kpu.go.id"), ("origin", "https://kinerja.kpu.go.id")])));
        assert!(!asal_sendiri(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://evil.example")])));
        assert!(!asal_sendiri(&headers(&[("host", "127.0.0.1:8080"), ("origin", "null")])));
        assert!(asal_sendiri(&headers(&[("host", "a:1"), ("referer", "http://a:1/dasbor?x=1")])));
        assert!(!asal_sendiri(&headers(&[("host", "a:1"), ("referer", "http://a:12/dasbor")])));
        assert!(asal_sendiri(&headers(&[("host", "a:1")])), "no Origin: the token decides");
    }
}
