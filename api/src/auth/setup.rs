//! Choosing the signing key at start-up.

use std::path::Path;

use super::keys::{KeySet, MIN_SECRET_LEN};
use super::password::generate_secret;
use crate::config::{Backend, Secret, Settings};

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("tidak dapat membaca kunci {}: {e}", path.display()))
}

/// A PEM private key if configured, else the HS256 secret. With neither: on SQLite a strong
/// secret is generated once and kept in the data directory (so `cargo run` just works); on
/// PostgreSQL, which means production, start-up is refused.
pub fn keyset(settings: &Settings) -> Result<KeySet, String> {
    let (iss, aud, ttl) = (&settings.jwt_issuer, &settings.jwt_audience, settings.jwt_ttl_secs);
    if let Some(path) = &settings.jwt_private_key {
        let previous = settings.jwt_previous_keys.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
        return KeySet::asymmetric(&read(path)?, &previous, iss, aud, ttl).map_err(|e| e.to_string());
    }
    let secret = match (&settings.jwt_secret, settings.database_url.backend()) {
        (Some(s), _) => s.clone(),
        (None, Some(Backend::Sqlite)) => stored_secret(&settings.data_dir)?,
        (None, _) => {
            return Err(format!(
                "KINERJA_JWT_SECRET wajib diisi (minimal {MIN_SECRET_LEN} karakter) bila memakai PostgreSQL, \
                 atau KINERJA_JWT_PRIVATE_KEY untuk RS256/ES256"
            ));
        }
    };
    KeySet::hs256(&secret, iss, aud, ttl).map_err(|e| e.to_string())
}

fn stored_secret(data_dir: &Path) -> Result<Secret, String> {
    let path = data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return Ok(Secret::new(existing.trim()));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| format!("tidak dapat membuat {}: {e}", data_dir.display()))?;
    let secret = generate_secret();
    write_private(&path, &secret).map_err(|e| format!("tidak dapat menyimpan {}: {e}", path.display()))?;
    tracing::info!(path = %path.display(), "rahasia JWT dibuat untuk basis data tertanam");
    Ok(Secret::new(secret))
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}
