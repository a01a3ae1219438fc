//! Tokens from an external identity provider (e.g. a KPU single sign-on), trusted by its
//! issuer and the public keys it publishes as a JWKS. Its tokens must carry our `satker` and
//! `role` claims (a claim mapper on the provider's side). Keys are fetched at start-up and
//! again when a token names an unknown `kid` (key rotation at the provider), at most once per
//! [`REFRESH_MIN`], so a stream of bogus tokens cannot turn us into a flood against it.

use std::str::FromStr;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey};
use tokio::sync::{Mutex, RwLock};

use super::keys::{Claims, TokenError, decode_with};

pub const REFRESH_MIN: Duration = Duration::from_secs(5);

pub struct ExternalIdp {
    pub issuer: String,
    audience: String,
    jwks_url: String,
    http: reqwest::Client,
    keys: RwLock<JwkSet>,
    last_fetch: Mutex<Option<Instant>>,
}

/// The algorithms a key may verify: its declared `alg`, else its family's asymmetric ones.
/// Never HMAC: a public key must not double as a shared secret.
fn allowed(jwk: &Jwk, header_alg: Algorithm) -> bool {
    use Algorithm::*;
    if let Some(declared) = jwk.common.key_algorithm {
        return Algorithm::from_str(&declared.to_string())
            .is_ok_and(|a| a == header_alg && !matches!(a, HS256 | HS384 | HS512));
    }
    match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => matches!(header_alg, RS256 | RS384 | RS512 | PS256 | PS384 | PS512),
        AlgorithmParameters::EllipticCurve(_) => matches!(header_alg, ES256 | ES384),
        AlgorithmParameters::OctetKeyPair(_) => header_alg == EdDSA,
        _ => false,
    }
}

impl ExternalIdp {
    pub fn new(issuer: String, audience: String, jwks_url: String) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| format!("klien HTTP untuk JWKS: {e}"))?;
        Ok(Self {
            issuer,
            audience,
            jwks_url,
            http,
            keys: RwLock::new(JwkSet { keys: Vec::new() }),
            last_fetch: Mutex::new(None),
        })
    }

    /// Fetches the provider's keys unless that was done less than [`REFRESH_MIN`] ago.
    pub async fn refresh(&self) -> Result<(), String> {
        let mut last = self.last_fetch.lock().await;
        if last.is_some_and(|t| t.elapsed() < REFRESH_MIN) {
            return Ok(());
        }
        *last = Some(Instant::now());
        let set: JwkSet = self
            .http
            .get(&self.jwks_url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| format!("JWKS {} tidak dapat diambil: {e}", self.jwks_url))?
            .json()
            .await
            .map_err(|e| format!("JWKS {} tidak valid: {e}", self.jwks_url))?;
        *self.keys.write().await = set;
        Ok(())
    }

    async fn key(&self, kid: &str, alg: Algorithm) -> Option<DecodingKey> {
        let keys = self.keys.read().await;
        let jwk = keys.find(kid).filter(|k| allowed(k, alg))?;
        DecodingKey::from_jwk(jwk).ok()
    }

    pub async fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        let kid = header.kid.as_deref().ok_or(TokenError::UnknownKid)?;
        let key = match self.key(kid, header.alg).await {
            Some(k) => k,
            None => {
                if let Err(e) = self.refresh().await {
                    tracing::warn!(error = %e, "penyegaran JWKS gagal");
                }
                self.key(kid, header.alg).await.ok_or(TokenError::UnknownKid)?
            }
        };
        decode_with(token, &key, header.alg, &self.issuer, &self.audience)
    }
}
