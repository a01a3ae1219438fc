//! Authentication: tokens, credentials, the principal of a request, and the one middleware
//! that decides, from the route table, whether a request may proceed.

pub mod guard;
pub mod idp;
pub mod keys;
pub mod password;
pub mod ratelimit;
pub mod sesi;
pub mod setup;

use std::collections::HashMap;
use std::future::{Ready, ready};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use crate::domain::akses::Peran;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::repo::Scope;

/// Which kind of credential a token was issued for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Jenis {
    Klien,
    Pengguna,
    /// A token from the external identity provider; its revocation is the provider's business.
    Eksternal,
}

impl Jenis {
    pub fn as_str(self) -> &'static str {
        match self {
            Jenis::Klien => "klien",
            Jenis::Pengguna => "pengguna",
            Jenis::Eksternal => "eksternal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "klien" => Some(Jenis::Klien),
            "pengguna" => Some(Jenis::Pengguna),
            _ => None,
        }
    }
}

/// The authenticated caller. Only the auth middleware creates one.
#[derive(Clone, Debug)]
pub struct Principal {
    pub sub: String,
    pub jenis: Jenis,
    pub satker: SatkerRef,
    pub peran: Peran,
    pub jti: String,
}

impl Principal {
    /// Who wrote, as instances tell each other (`klien:…`, `pengguna:…`).
    pub fn kunci_penulis(&self) -> String {
        format!("{}:{}", self.jenis.as_str(), self.sub)
    }

    /// The only way a tenant [`Scope`] comes to be, from the role table: an operator enters and
    /// reads its own satker alone; every other role sees its satker and the subtree below it.
    pub fn scope(&self) -> Scope {
        match self.peran {
            Peran::Operator => Scope::satker(self.satker.jalur.clone()),
            Peran::Verifikator | Peran::Analis | Peran::Admin => Scope::subtree(self.satker.jalur.clone()),
        }
    }
}

impl Principal {
    /// Who owns the webhook subscriptions this caller makes and sees: its client or user.
    /// A token of the external identity provider has no credential here to own one.
    pub fn pemilik(&self) -> Result<crate::repo::langganan::Pemilik, AppError> {
        match self.jenis {
            Jenis::Klien | Jenis::Pengguna => Ok(crate::repo::langganan::Pemilik::baru(self.jenis.as_str(), &self.sub)),
            Jenis::Eksternal => Err(AppError::Forbidden(
                "Langganan webhook dimiliki klien API atau pengguna layanan ini; token penyedia identitas luar \
                 tidak dapat memilikinya."
                    .into(),
            )),
        }
    }

    /// The owner of a webhook subscription as it stands now (its stored credential: satker and
    /// role), for the delivery worker acting for it without a request. Not revoked: checked by
    /// the caller.
    pub fn pemilik_langganan(sub: &str, jenis: Jenis, satker: SatkerRef, peran: Peran) -> Self {
        Self { sub: sub.to_string(), jenis, satker, peran, jti: String::new() }
    }
}

impl FromRequest for Principal {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(req.extensions().get::<Principal>().cloned().ok_or(AppError::MissingToken))
    }
}

impl FromRequest for Scope {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(req.extensions().get::<Principal>().map(Principal::scope).ok_or(AppError::MissingToken))
    }
}

/// The satker named by `{kode}` in the path, already checked to be in the caller's scope.
#[derive(Clone, Debug)]
pub struct Target(pub SatkerRef);

impl FromRequest for Target {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let target = req.extensions().get::<Target>().cloned();
        ready(target.ok_or_else(|| AppError::internal("Target requested on a route without {kode}")))
    }
}

/// How long a "not revoked" answer is trusted before the database is asked again. A revoked
/// credential's tokens stop working on this instance at once, on others within this bound.
pub const REVOCATION_TTL: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct Revocations {
    cache: Mutex<HashMap<(Jenis, String), (bool, Instant)>>,
}

impl Revocations {
    pub fn cached(&self, jenis: Jenis, sub: &str) -> Option<bool> {
        let cache = self.cache.lock().ok()?;
        cache.get(&(jenis, sub.to_string())).filter(|(_, at)| at.elapsed() < REVOCATION_TTL).map(|(r, _)| *r)
    }

    /// Forgets everything remembered: the next check of each credential asks the database.
    pub fn lupakan(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
    }

    pub fn remember(&self, jenis: Jenis, sub: &str, revoked: bool) {
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() > 100_000 {
                cache.retain(|_, (_, at)| at.elapsed() < REVOCATION_TTL);
            }
            // Only verified tokens' subjects get here, but the bound holds whatever they are.
            if cache.len() > 100_000 {
                cache.clear();
            }
            cache.insert((jenis, sub.to_string()), (revoked, Instant::now()));
        }
    }
}
