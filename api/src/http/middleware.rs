//! Request context: a request id on every request, response and log line, and the metrics.

use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, ResponseError, web};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

use crate::state::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
pub const SERVER_TIMING: HeaderName = HeaderName::from_static("server-timing");

/// The id of the current request: the caller's `x-request-id` when it is sane, else a new UUID.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

fn acceptable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// Outermost middleware: fixes the request id before anything logs, echoes it on the
/// response, and records the request in the metrics by route pattern.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().to_string();
    let authenticated = req.headers().contains_key(header::AUTHORIZATION);
    let started = Instant::now();

    let (res, (berubah, pernyataan, waktu_db)) = crate::db::PERMINTAAN
        .scope(crate::db::Permintaan::default(), async move {
            let res = next.call(req).await;
            let db = crate::db::PERMINTAAN.with(|p| (p.berubah.get(), p.pernyataan.get(), p.waktu_db.get()));
            (res, db)
        })
        .await;
    let mut res = problem_json(res?);

    if let Some(state) = &state {
        let route = rute(res.request());
        if berubah || mungkin_mengubah(&method, route.as_deref(), &res) {
            state.cache.ubah();
            // The writer reads its own writes from the primary, on this instance and, told with
            // the totals going stale, on every other.
            let penulis = res.request().extensions().get::<crate::auth::Principal>().map(|p| p.kunci_penulis());
            if let Some(p) = &penulis {
                state.pembaca.catat_tulis(p);
            }
            crate::sinyal::kirim(&state.db, &crate::sinyal::Sinyal::Ringkasan(penulis)).await;
        }
        state.metrics.observe(&method, route.as_deref(), res.status().as_u16(), started.elapsed().as_secs_f64());
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    // What the database did for this answer (Server-Timing, shown by browsers' developer
    // tools): how many statements, and their time.
    if pernyataan > 0
        && let Ok(value) = HeaderValue::from_str(&format!(
            "db;dur={:.3};desc=\"{pernyataan} pernyataan\"",
            waktu_db.as_secs_f64() * 1000.0
        ))
    {
        res.headers_mut().insert(SERVER_TIMING, value);
    }
    security_headers(res.headers_mut(), authenticated, state.as_ref().and_then(|s| s.hsts.clone()));
    Ok(res)
}

/// A resource's path pattern, given to it as app data when it is registered: once the router
/// has chosen the resource, its pattern is read from there, not matched against the whole
/// route table again (`match_pattern` does that on every call: issue 28's profile).
#[derive(Clone, Copy, Debug)]
pub struct Pola(pub &'static str);

/// The request's route pattern (`/api/v1/provinsi/{kode}/ringkasan`) once routed; `None`
/// before routing or for a path no resource serves.
pub fn rute(req: &actix_web::HttpRequest) -> Option<std::borrow::Cow<'static, str>> {
    match req.app_data::<Pola>() {
        Some(p) => Some(std::borrow::Cow::Borrowed(p.0)),
        None => req.match_pattern().map(std::borrow::Cow::Owned),
    }
}

/// Routes that take a body but never change stored data: GraphQL (queries only) and tokens.
const HANYA_BACA: [(&str, &str); 2] = [("POST", "/graphql"), ("POST", "/api/v1/auth/token")];

/// Besides every request whose service committed a change (whatever its status: a dashboard
/// form answers 303), a successful request that may have changed stored data makes cached
/// totals stale. Reads, the read-only POSTs, refused requests and writes that said they
/// changed nothing (the same document again, a dry run) do not. Anything else does, so no new
/// write path can forget.
fn mungkin_mengubah<B>(method: &str, route: Option<&str>, res: &ServiceResponse<B>) -> bool {
    let membaca = matches!(method, "GET" | "HEAD" | "OPTIONS")
        || route.is_some_and(|r| HANYA_BACA.iter().any(|(m, p)| *m == method && *p == r));
    !membaca && res.status().is_success() && res.response().extensions().get::<TidakBerubah>().is_none()
}

/// Put in a response's extensions by a write that stored nothing new.
#[derive(Clone, Copy, Debug)]
pub struct TidakBerubah;

/// An error answer that actix produced itself (a body over the limit, an unreadable path)
/// comes as plain text; it is replaced by the problem+json every other error is.
fn problem_json<B: MessageBody>(res: ServiceResponse<B>) -> ServiceResponse<EitherBody<B>> {
    let status = res.status();
    let typed = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| !ct.starts_with("text/plain"));
    if status.as_u16() < 400 || typed {
        return res.map_into_left_body();
    }
    let (req, old) = res.into_parts();
    let mut new = crate::error::AppError::for_status(status).error_response();
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = old.headers().get(&name) {
            new.headers_mut().insert(name, v.clone());
        }
    }
    ServiceResponse::new(req, new).map_into_right_body()
}

/// Content for HTML pages: their own styles and scripts only, never framed. GraphiQL sets a
/// wider one of its own.
pub const CSP_HTML: &str = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                            script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; \
                            frame-ancestors 'none'";

/// Headers every answer carries: no MIME sniffing; on HTML no framing and a CSP; on
/// authenticated data no storing in shared or browser caches unless the handler said how it
/// may be cached (answers with an ETag may be kept and revalidated, privately); HSTS when the
/// service is configured to sit behind TLS.
fn security_headers(h: &mut HeaderMap, authenticated: bool, hsts: Option<HeaderValue>) {
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("text/html"));
    if html {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP_HTML));
        }
    }
    if authenticated && !h.contains_key(header::CACHE_CONTROL) {
        let policy = if h.contains_key(header::ETAG) { "private, no-cache" } else { "no-store" };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    if let Some(v) = hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, v);
    }
}

/// Root span of every request, carrying the same request id the client sees.
pub struct KinerjaRootSpan;

impl RootSpanBuilder for KinerjaRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let id = request.extensions().get::<RequestId>().map(|r| r.0.clone()).unwrap_or_default();
        // The route is known once the router has chosen a resource: recorded at the end.
        tracing::info_span!(
            "http",
            request_id = %id,
            method = %request.method(),
            route = tracing::field::Empty,
            status = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            http.status_code = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        if let Ok(res) = outcome {
            let status = res.status().as_u16();
            span.record("route", rute(res.request()).as_deref().unwrap_or("unmatched"));
            span.record("status", status);
            span.in_scope(|| tracing::info!(status, "permintaan selesai"));
        }
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn request_ids_are_bounded_and_plain() {
        assert!(acceptable("3f1c-abc_1.2:3"));
        assert!(!acceptable(""));
        assert!(!acceptable("a b"));
        assert!(!acceptable("<script>"));
        assert!(!acceptable(&"a".repeat(129)));
    }
}
