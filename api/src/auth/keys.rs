//! Signing and verifying access tokens. One signing key (HS256 from a secret, or RS256/ES256
//! from a PEM private key) and any number of verification keys, each named by a `kid`: the
//! RFC 7638 thumbprint of its public key. Rotating is adding the new private key and keeping
//! the old public key as a verification key until the last token signed with it expires.

use jsonwebtoken::jwk::{Jwk, JwkSet, ThumbprintHash};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};

use crate::config::Secret;

/// The claims of every access token this service issues.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
    /// Ours always carry one; an external provider's may not.
    #[serde(default)]
    pub jti: String,
    /// kode_wilayah of the caller's satker.
    pub satker: String,
    pub role: String,
    /// `klien` or `pengguna`: which credential the token was issued for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jenis: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("token kedaluwarsa")]
    Expired,
    #[error("token belum berlaku")]
    NotYetValid,
    #[error("penerbit (iss) token tidak dikenal")]
    Issuer,
    #[error("audiens (aud) token tidak sesuai")]
    Audience,
    #[error("tanda tangan token tidak valid")]
    Signature,
    #[error("kunci token (kid) tidak dikenal")]
    UnknownKid,
    #[error("algoritma token tidak diizinkan")]
    Algorithm,
    #[error("token tidak dapat dibaca")]
    Malformed,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{0}")]
    Config(String),
}

struct VerifyKey {
    kid: String,
    alg: Algorithm,
    key: DecodingKey,
    /// Published in the JWKS; `None` for symmetric keys, which are never published.
    public: Option<Jwk>,
}

pub struct KeySet {
    signing_kid: String,
    signing_alg: Algorithm,
    signing: EncodingKey,
    verify: Vec<VerifyKey>,
    pub issuer: String,
    pub audience: String,
    pub ttl_secs: u64,
}

/// Minimum length of an HS256 secret: 32 bytes is HS256's own key size.
pub const MIN_SECRET_LEN: usize = 32;

fn kid_of(jwk: &Jwk) -> Result<String, KeyError> {
    jwk.thumbprint(ThumbprintHash::SHA256).map_err(|e| KeyError::Config(format!("thumbprint kunci: {e}")))
}

/// Reads a PEM private key, RSA or EC P-256, and returns the algorithm it signs with.
fn private_key(pem: &[u8]) -> Result<(Algorithm, EncodingKey), KeyError> {
    if let Ok(k) = EncodingKey::from_rsa_pem(pem) {
        return Ok((Algorithm::RS256, k));
    }
    if let Ok(k) = EncodingKey::from_ec_pem(pem) {
        return Ok((Algorithm::ES256, k));
    }
    Err(KeyError::Config("kunci privat bukan PEM RSA atau EC P-256".into()))
}

/// Reads a PEM public key, RSA or EC P-256.
fn public_key(pem: &[u8]) -> Result<(Algorithm, DecodingKey), KeyError> {
    if let Ok(k) = DecodingKey::from_rsa_pem(pem) {
        return Ok((Algorithm::RS256, k));
    }
    if let Ok(k) = DecodingKey::from_ec_pem(pem) {
        return Ok((Algorithm::ES256, k));
    }
    Err(KeyError::Config("kunci publik bukan PEM RSA atau EC P-256".into()))
}

impl KeySet {
    /// HS256 with a shared secret.
    pub fn hs256(secret: &Secret, issuer: &str, audience: &str, ttl_secs: u64) -> Result<Self, KeyError> {
        if secret.expose().len() < MIN_SECRET_LEN {
            return Err(KeyError::Config(format!(
                "KINERJA_JWT_SECRET terlalu pendek: minimal {MIN_SECRET_LEN} karakter"
            )));
        }
        let bytes = secret.expose().as_bytes();
        let signing = EncodingKey::from_secret(bytes);
        let jwk = Jwk::from_encoding_key(&signing, Algorithm::HS256).map_err(|e| KeyError::Config(e.to_string()))?;
        let kid = format!("hs-{}", &kid_of(&jwk)?[..16]);
        Ok(Self {
            signing_kid: kid.clone(),
            signing_alg: Algorithm::HS256,
            signing,
            verify: vec![VerifyKey { kid, alg: Algorithm::HS256, key: DecodingKey::from_secret(bytes), public: None }],
            issuer: issuer.into(),
            audience: audience.into(),
            ttl_secs,
        })
    }

    /// RS256 or ES256 from a PEM private key; `previous` are PEM public keys of earlier
    /// signing keys, still accepted for verification.
    pub fn asymmetric(
        private_pem: &[u8],
        previous: &[Vec<u8>],
        issuer: &str,
        audience: &str,
        ttl_secs: u64,
    ) -> Result<Self, KeyError> {
        let (alg, signing) = private_key(private_pem)?;
        let mut jwk = Jwk::from_encoding_key(&signing, alg).map_err(|e| KeyError::Config(e.to_string()))?;
        let kid = kid_of(&jwk)?;
        jwk.common.key_id = Some(kid.clone());
        let key = DecodingKey::from_jwk(&jwk).map_err(|e| KeyError::Config(e.to_string()))?;
        let mut verify = vec![VerifyKey { kid: kid.clone(), alg, key, public: Some(jwk) }];
        for pem in previous {
            let (alg, key) = public_key(pem)?;
            let mut jwk = Jwk::from_decoding_key(&key, Some(alg)).map_err(|e| KeyError::Config(e.to_string()))?;
            let kid = kid_of(&jwk)?;
            jwk.common.key_id = Some(kid.clone());
            if verify.iter().all(|v| v.kid != kid) {
                verify.push(VerifyKey { kid, alg, key, public: Some(jwk) });
            }
        }
        Ok(Self {
            signing_kid: kid,
            signing_alg: alg,
            signing,
            verify,
            issuer: issuer.into(),
            audience: audience.into(),
            ttl_secs,
        })
    }

    pub fn signing_kid(&self) -> &str {
        &self.signing_kid
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, KeyError> {
        let mut header = Header::new(self.signing_alg);
        header.kid = Some(self.signing_kid.clone());
        jsonwebtoken::encode(&header, claims, &self.signing).map_err(|e| KeyError::Config(e.to_string()))
    }

    /// Claims for a new token issued now.
    pub fn claims(&self, sub: &str, satker: &str, role: &str, jenis: &str, now: u64) -> Claims {
        Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: sub.into(),
            iat: now,
            nbf: now,
            exp: now + self.ttl_secs,
            jti: uuid::Uuid::new_v4().to_string(),
            satker: satker.into(),
            role: role.into(),
            jenis: Some(jenis.into()),
        }
    }

    /// Whether a key with this `kid` is one of ours.
    pub fn knows(&self, kid: &str) -> bool {
        self.verify.iter().any(|v| v.kid == kid)
    }

    /// Verifies a token signed by one of our keys. The algorithm comes from our key, never
    /// from the token's header, so `alg: none` and HS256-with-a-public-key are refused.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| match e.kind() {
            ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => TokenError::Algorithm,
            _ => TokenError::Malformed,
        })?;
        let kid = header.kid.as_deref().ok_or(TokenError::UnknownKid)?;
        let key = self.verify.iter().find(|v| v.kid == kid).ok_or(TokenError::UnknownKid)?;
        if header.alg != key.alg {
            return Err(TokenError::Algorithm);
        }
        decode_with(token, &key.key, key.alg, &self.issuer, &self.audience)
    }

    /// The public keys, for `/.well-known/jwks.json`. Empty when signing with HS256.
    pub fn jwks(&self) -> JwkSet {
        JwkSet { keys: self.verify.iter().filter_map(|v| v.public.clone()).collect() }
    }
}

/// Strict validation: every registered claim required, 30 s of leeway for clock skew.
pub fn decode_with(
    token: &str,
    key: &DecodingKey,
    alg: Algorithm,
    issuer: &str,
    audience: &str,
) -> Result<Claims, TokenError> {
    let mut v = Validation::new(alg);
    v.set_issuer(&[issuer]);
    v.set_audience(&[audience]);
    v.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
    v.validate_nbf = true;
    v.leeway = 30;
    jsonwebtoken::decode::<Claims>(token, key, &v).map(|d| d.claims).map_err(|e| match e.kind() {
        ErrorKind::ExpiredSignature => TokenError::Expired,
        ErrorKind::ImmatureSignature => TokenError::NotYetValid,
        ErrorKind::InvalidIssuer => TokenError::Issuer,
        ErrorKind::InvalidAudience => TokenError::Audience,
        ErrorKind::InvalidSignature => TokenError::Signature,
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => TokenError::Algorithm,
        _ => TokenError::Malformed,
    })
}

pub fn now_secs() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs() -> KeySet {
        KeySet::hs256(&Secret::new("k".repeat(40)), "kinerja", "kinerja-api", 3600).unwrap()
    }

    #[test]
    fn hs256_signs_and_verifies() {
        // Also proves a crypto backend is compiled in: without one, this panics at run time.
        let ks = hs();
        let claims = ks.claims("klien-1", "18.03", "operator", "klien", now_secs());
        let token = ks.sign(&claims).unwrap();
        assert_eq!(ks.verify(&token).unwrap(), claims);
        assert!(ks.jwks().keys.is_empty(), "a symmetric key must never be published");
    }

    #[test]
    fn short_secret_is_refused() {
        assert!(KeySet::hs256(&Secret::new("pendek"), "i", "a", 60).is_err());
    }

    #[test]
    fn expired_and_future_tokens_are_refused() {
        let ks = hs();
        let mut c = ks.claims("s", "18", "analis", "klien", now_secs() - 7200);
        assert_eq!(ks.verify(&ks.sign(&c).unwrap()), Err(TokenError::Expired));
        c = ks.claims("s", "18", "analis", "klien", now_secs() + 600);
        assert_eq!(ks.verify(&ks.sign(&c).unwrap()), Err(TokenError::NotYetValid));
    }

    #[test]
    fn another_secret_is_an_unknown_kid_and_tampering_breaks_the_signature() {
        let ks = hs();
        let other = KeySet::hs256(&Secret::new("z".repeat(40)), "kinerja", "kinerja-api", 3600).unwrap();
        let token = other.sign(&other.claims("s", "18", "analis", "klien", now_secs())).unwrap();
        assert_eq!(ks.verify(&token), Err(TokenError::UnknownKid));

        let token = ks.sign(&ks.claims("s", "18", "analis", "klien", now_secs())).unwrap();
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        // Change one character in the middle: always valid base64, never the right signature.
        let mut sig: Vec<char> = parts[2].chars().collect();
        sig[10] = if sig[10] == 'A' { 'B' } else { 'A' };
        parts[2] = sig.into_iter().collect();
        assert_eq!(ks.verify(&parts.join(".")), Err(TokenError::Signature));
        assert_eq!(ks.verify("bukan.token"), Err(TokenError::Malformed));
    }
}
