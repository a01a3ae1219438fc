//! What one instance tells the others, through PostgreSQL `LISTEN/NOTIFY` on the channel
//! `kinerja`: that totals may have changed (every instance's cached totals go stale at once) and
//! that a credential was revoked (every instance refuses its tokens at once). On SQLite there is
//! one instance and nothing to tell.
//!
//! The listener keeps a connection of its own (not from the pool, so a pooler in transaction
//! mode can sit in front of the rest) and reconnects by itself; when it had to reconnect it may
//! have missed something, so it drops every cached total and every remembered "not revoked".

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

use crate::auth::{Jenis, Revocations};
use crate::replika::Pembaca;
use crate::service::cache::CacheRingkasan;

pub const SALURAN: &str = "kinerja";
const RINGKASAN: &str = "ringkasan";

/// A message between instances.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sinyal {
    /// Stored data changed (by this credential, `klien:…`/`pengguna:…`, when one is known):
    /// cached totals are stale, and the writer reads from the primary for a while.
    Ringkasan(Option<String>),
    /// A credential was revoked.
    Cabut(Jenis, String),
}

impl Sinyal {
    pub fn teks(&self) -> String {
        match self {
            Sinyal::Ringkasan(None) => RINGKASAN.into(),
            Sinyal::Ringkasan(Some(penulis)) => format!("{RINGKASAN}:{penulis}"),
            Sinyal::Cabut(j, sub) => format!("cabut:{}:{sub}", j.as_str()),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == RINGKASAN {
            return Some(Sinyal::Ringkasan(None));
        }
        if let Some(penulis) = s.strip_prefix("ringkasan:") {
            return Some(Sinyal::Ringkasan(Some(penulis.to_string())));
        }
        let (jenis, sub) = s.strip_prefix("cabut:")?.split_once(':')?;
        Some(Sinyal::Cabut(Jenis::parse(jenis)?, sub.to_string()))
    }
}

/// Tells every instance (this one included). A no-op on SQLite. Failing to tell is logged, not
/// answered: the write it follows is already committed, and the TTLs bound the staleness.
pub async fn kirim(db: &DatabaseConnection, s: &Sinyal) {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    let stmt = Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [SALURAN.into(), s.teks().into()],
    );
    if let Err(e) = db.execute_raw(stmt).await {
        tracing::warn!(error = %e, sinyal = %s.teks(), "sinyal antar-instans tidak terkirim");
    }
}

/// What a received message does here.
pub fn terima(s: Sinyal, cache: &CacheRingkasan, revocations: &Revocations, pembaca: &Pembaca) {
    match s {
        Sinyal::Ringkasan(penulis) => {
            cache.ubah();
            if let Some(p) = penulis {
                pembaca.catat_tulis(&p);
            }
        }
        Sinyal::Cabut(jenis, sub) => revocations.remember(jenis, &sub, true),
    }
}

/// Listens on `url` for as long as the process lives.
pub fn dengarkan(url: String, cache: Arc<CacheRingkasan>, revocations: Arc<Revocations>, pembaca: Arc<Pembaca>) {
    use sea_orm::sqlx::postgres::PgListener;
    tokio::spawn(async move {
        let lupakan = || {
            cache.ubah();
            revocations.lupakan();
        };
        loop {
            let mut listener = match PgListener::connect(&url).await {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, "pendengar sinyal belum dapat terhubung; mencoba lagi");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            if let Err(e) = listener.listen(SALURAN).await {
                tracing::warn!(error = %e, "LISTEN gagal; mencoba lagi");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            // Whatever happened before this connection listened is unknown.
            lupakan();
            loop {
                match listener.try_recv().await {
                    Ok(Some(n)) => match Sinyal::parse(n.payload()) {
                        Some(s) => terima(s, &cache, &revocations, &pembaca),
                        None => tracing::debug!(payload = n.payload(), "sinyal tidak dikenal"),
                    },
                    // Reconnected (by the next call): something may have been missed.
                    Ok(None) => {
                        tracing::warn!("pendengar sinyal tersambung ulang");
                        lupakan();
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "pendengar sinyal terputus; menyambung ulang");
                        lupakan();
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        break;
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back_as_they_were_written() {
        for s in [
            Sinyal::Ringkasan(None),
            Sinyal::Ringkasan(Some("klien:klien-18.03-abc".into())),
            Sinyal::Cabut(Jenis::Klien, "klien-18.03-abc".into()),
        ] {
            assert_eq!(Sinyal::parse(&s.teks()), Some(s));
        }
        assert_eq!(
            Sinyal::parse("cabut:pengguna:nama:dengan:titik.dua"),
            Some(Sinyal::Cabut(Jenis::Pengguna, "nama:dengan:titik.dua".into()))
        );
        assert_eq!(Sinyal::parse("cabut:raja:x"), None);
        assert_eq!(Sinyal::parse("lain"), None);
    }

    #[test]
    fn a_revocation_is_remembered_and_a_change_makes_totals_stale() {
        let cache = CacheRingkasan::new(Duration::from_secs(60));
        let rev = Revocations::default();
        let pembaca = Pembaca::new(Vec::new(), Duration::from_secs(5));
        let g = cache.generasi();
        terima(Sinyal::Ringkasan(Some("pengguna:x".into())), &cache, &rev, &pembaca);
        assert!(cache.generasi() > g);
        terima(Sinyal::Cabut(Jenis::Klien, "k".into()), &cache, &rev, &pembaca);
        assert_eq!(rev.cached(Jenis::Klien, "k"), Some(true));
        rev.lupakan();
        assert_eq!(rev.cached(Jenis::Klien, "k"), None);
    }
}
