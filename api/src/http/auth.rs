use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::request_id;
use crate::auth::Principal;
use crate::error::AppError;
use crate::service::token::{self, TokenRequest};
use crate::state::AppState;

/// Client credentials from `Authorization: Basic` (RFC 6749 §2.3.1), form-decoded.
fn basic_credentials(req: &HttpRequest) -> Option<(String, String)> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape =
        |s: &str| serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}")).ok()?.pop().map(|p| p.1);
    Some((unescape(id)?, unescape(secret)?))
}

fn parse_body(req: &HttpRequest, body: &[u8]) -> Result<TokenRequest, AppError> {
    let bad = |m: String| AppError::OAuth {
        error: "invalid_request",
        description: m,
        status: actix_web::http::StatusCode::BAD_REQUEST,
        basic_challenge: false,
    };
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match mime.as_str() {
        "application/x-www-form-urlencoded" => {
            serde_urlencoded::from_bytes(body).map_err(|e| bad(format!("Isian formulir tidak valid: {e}.")))
        }
        "application/json" => serde_json::from_slice(body).map_err(|e| bad(format!("JSON tidak valid: {e}."))),
        _ => Err(bad("Content-Type harus application/x-www-form-urlencoded atau application/json.".into())),
    }
}

pub async fn token(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let mut input = parse_body(&req, &body)?;
    let basic = basic_credentials(&req);
    if let Some((id, secret)) = &basic {
        input.client_id.get_or_insert_with(|| id.clone());
        input.client_secret.get_or_insert_with(|| secret.clone());
    }
    let ctx = konteks(&req, &state, basic.is_some());
    let answer = token::terbitkan(&ctx, input).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(answer))
}

/// What the token service needs of a request: the state's parts, the caller's address (for
/// the failure limits) and the request id (for the audit).
pub(super) fn konteks<'a>(req: &HttpRequest, state: &'a AppState, basic: bool) -> token::Context<'a> {
    token::Context {
        db: &state.db,
        hasher: &state.hasher,
        keys: &state.keys,
        limiter: &state.limiter,
        registry: &state.registry,
        ip: super::alamat::dari(req, &state.proxy_tepercaya),
        request_id: request_id(req),
        basic,
    }
}

pub async fn jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(state.keys.jwks())
}

/// Who the token says the caller is.
pub async fn saya(p: Principal) -> HttpResponse {
    HttpResponse::Ok().json(crate::view::SayaView {
        sub: p.sub,
        jenis: p.jenis.as_str().to_string(),
        role: p.peran.as_str().to_string(),
        satker: p.satker,
    })
}
