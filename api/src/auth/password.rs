//! Credential hashing with argon2id. Hashing is deliberately slow, so it runs on blocking
//! threads and at most `permits` at a time: a burst of logins cannot starve other requests.

use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use tokio::sync::Semaphore;

use crate::error::AppError;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// Verified against when an id is unknown, so the answer takes as long as for a real one.
    dummy: Arc<String>,
}

/// One argon2id hash, on the calling thread (the server calls it on a blocking thread).
pub fn hash_blocking(secret: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(secret.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// One argon2id verification, on the calling thread.
pub fn verify_blocking(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(secret.as_bytes(), &h).is_ok())
}

impl Hasher {
    pub fn new(permits: usize) -> Result<Self, String> {
        let dummy = hash_blocking(&generate_secret())?;
        Ok(Self { permits: Arc::new(Semaphore::new(permits.max(1))), dummy: Arc::new(dummy) })
    }

    pub async fn hash(&self, secret: String) -> Result<String, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || hash_blocking(&secret))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)
    }

    /// Verifies `secret` against `hash`; with no hash (unknown id) it does the same work
    /// against a dummy and answers false.
    pub async fn verify(&self, secret: String, hash: Option<String>) -> Result<bool, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy.as_ref().clone());
        let ok =
            tokio::task::spawn_blocking(move || verify_blocking(&secret, &hash)).await.map_err(AppError::internal)?;
        Ok(known && ok)
    }
}

/// 32 random bytes, URL-safe base64: client secrets and generated signing secrets.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A client id that says whose it is: `klien-18.03-3f9a1c2e7b4d`.
pub fn generate_client_id(kode_wilayah: &str) -> String {
    let mut bytes = [0u8; 6];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("klien-{kode_wilayah}-{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_ids_never_do() {
        let h = Hasher::new(2).unwrap();
        let hash = h.hash("rahasia-yang-panjang".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(h.verify("rahasia-yang-panjang".into(), Some(hash.clone())).await.unwrap());
        assert!(!h.verify("salah".into(), Some(hash)).await.unwrap());
        assert!(!h.verify("apa saja".into(), None).await.unwrap());
    }

    #[test]
    fn generated_ids_and_secrets_are_distinct_and_shaped() {
        assert_ne!(generate_secret(), generate_secret());
        assert_eq!(generate_secret().len(), 43);
        let id = generate_client_id("18.03");
        assert!(id.starts_with("klien-18.03-") && id.len() == "klien-18.03-".len() + 12, "{id}");
    }
}
