//! The one place that decides whether a request may reach its handler. It runs on every
//! route, before any extractor reads the body, and reads the route's [`Izin`] from the route
//! table: verify the token, place the caller, resolve `{kode}` inside the caller's scope
//! (anything outside is answered exactly like a satker that does not exist), then apply the
//! role rules of [`crate::domain::akses`].

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};

use super::keys::TokenError;
use super::{Jenis, Principal, Target, sesi};
use crate::domain::akses::{Hubungan, Izin, boleh};
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo;
use crate::state::AppState;

/// (method, path pattern) → permission: what the guard reads for every request. Built from the
/// router's own table (`http::route_table`), so no route can be served without an entry.
pub struct RouteTable(std::collections::HashMap<&'static str, Vec<(actix_web::http::Method, Izin)>>);

impl RouteTable {
    pub fn new(routes: impl IntoIterator<Item = (actix_web::http::Method, &'static str, Izin)>) -> Self {
        let mut map: std::collections::HashMap<&'static str, Vec<_>> = std::collections::HashMap::new();
        for (m, p, izin) in routes {
            map.entry(p).or_default().push((m, izin));
        }
        Self(map)
    }

    /// One hash lookup by pattern, then the few methods of that path.
    pub fn izin(&self, method: &actix_web::http::Method, pattern: &str) -> Option<Izin> {
        self.0.get(pattern)?.iter().find(|(m, _)| m == method).map(|(_, izin)| *izin)
    }
}

pub async fn authorize(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    match check(&req).await {
        Ok(()) => next.call(req).await.map(ServiceResponse::map_into_left_body),
        // A page answers a person: a login form instead of a 401, an HTML page for the rest.
        Err(e) if sesi::rute_halaman(&crate::http::middleware::rute(req.request()).unwrap_or_default()) => {
            let res = crate::halaman::galat_guard(req.request(), e);
            Ok(req.into_response(res).map_into_right_body())
        }
        Err(e) => Ok(req.error_response(e).map_into_right_body()),
    }
}

fn bearer(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

/// The token of a request: its bearer token, or, on the routes a browser session may use, the
/// session cookie, with the CSRF check for anything but a read.
fn token(req: &ServiceRequest, pattern: &str) -> Result<String, AppError> {
    if let Some(t) = bearer(req) {
        return Ok(t);
    }
    if !sesi::menerima_sesi(pattern) {
        return Err(AppError::MissingToken);
    }
    let t = sesi::token(req).ok_or(AppError::MissingToken)?;
    if !req.method().is_safe() {
        sesi::periksa_csrf(req, &t)?;
    }
    Ok(t)
}

async fn check(req: &ServiceRequest) -> Result<(), AppError> {
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| AppError::internal("app state missing"))?;
    let pattern = crate::http::middleware::rute(req.request()).unwrap_or_default();
    // A method the resource does not serve falls through to its 405 answer.
    let routes = req.app_data::<web::Data<RouteTable>>().ok_or_else(|| AppError::internal("route table missing"))?;
    let Some(izin) = routes.izin(req.method(), &pattern) else { return Ok(()) };
    if izin == Izin::Publik {
        return Ok(());
    }
    let token = token(req, &pattern)?;
    let principal = authenticate(state, &token).await?;

    let kode = match izin {
        Izin::Nasional | Izin::KelolaNasional => Some("00".to_string()),
        _ => req.match_info().get("kode").map(str::to_string),
    };
    if let Some(kode) = kode.as_deref() {
        let target = resolve_target(&state.registry, &principal, kode, izin)?;
        req.extensions_mut().insert(Target(target));
    } else if !boleh(principal.peran, izin, Hubungan::Sendiri) {
        // A route without a satker in its path that the caller's role may not use at all.
        return Err(AppError::Forbidden(format!("Peran {} tidak dapat membuka ini.", principal.peran)));
    }
    req.extensions_mut().insert(principal);
    Ok(())
}

/// The satker `kode` as seen by `principal` needing `izin`: outside the caller's subtree it is
/// answered exactly like a satker that does not exist; inside, the role rules decide. REST
/// (through [`authorize`]) and GraphQL both resolve every satker they touch here.
pub fn resolve_target(
    registry: &Registry,
    principal: &Principal,
    kode: &str,
    izin: Izin,
) -> Result<SatkerRef, AppError> {
    let not_found = || AppError::satker_tidak_ditemukan(kode);
    let target = registry.by_kode(kode).ok_or_else(not_found)?;
    if !principal.scope().contains(&target.jalur) {
        return Err(not_found());
    }
    let hubungan = if target.id == principal.satker.id { Hubungan::Sendiri } else { Hubungan::Bawahan };
    if !boleh(principal.peran, izin, hubungan) {
        return Err(AppError::Forbidden(format!(
            "Peran {} pada satker {} tidak boleh melakukan ini terhadap satker {kode}.",
            principal.peran, principal.satker.kode
        )));
    }
    Ok(target.clone())
}

pub async fn authenticate(state: &AppState, token: &str) -> Result<Principal, AppError> {
    let (claims, external) = match (state.keys.verify(token), &state.idp) {
        (Err(TokenError::UnknownKid), Some(idp)) => (idp.verify(token).await, true),
        (result, _) => (result, false),
    };
    let claims = claims.map_err(|e| AppError::InvalidToken(e.to_string()))?;
    let invalid = |m: &str| AppError::InvalidToken(m.to_string());
    let peran = claims.role.parse().map_err(|_| invalid("peran tidak dikenal"))?;
    let satker = state.registry.by_kode(&claims.satker).ok_or_else(|| invalid("satker tidak dikenal"))?.clone();
    let jenis = if external {
        Jenis::Eksternal
    } else {
        claims.jenis.as_deref().and_then(Jenis::parse).ok_or_else(|| invalid("jenis kredensial tidak dikenal"))?
    };
    let revoked = match state.revocations.cached(jenis, &claims.sub) {
        Some(r) => r,
        None if jenis == Jenis::Eksternal => false,
        None => {
            let r = repo::akses::dicabut(&state.db, jenis, &claims.sub).await?;
            state.revocations.remember(jenis, &claims.sub, r);
            r
        }
    };
    if revoked {
        return Err(invalid("kredensial telah dicabut"));
    }
    Ok(Principal { sub: claims.sub, jenis, satker, peran, jti: claims.jti })
}
