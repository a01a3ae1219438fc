//! Failed token requests are limited per key (a credential id from one address, or an address
//! alone, each with its own limit): after `limit` failures within `window`, that key is
//! refused until the window has passed.
//!
//! The counts live in the database (`gagal_token`), so the limits hold across every instance
//! that shares it: ten guesses spread over two instances count as ten. An attempt is taken
//! *before* the secret is checked, in one transaction that locks the keys' rows, so a burst of
//! concurrent guesses, on one instance or many, is evaluated at most `limit` times. A success
//! gives its attempt back. Rows whose window has passed are deleted now and then, so no stream
//! of made-up ids grows the table for ever. The rule itself ([`putuskan`]) is pure.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::repo::gagal;

const MAX_KEY: usize = 200;

pub struct FailureLimiter {
    window: Duration,
    /// Failures allowed per credential from one address, and per address.
    per_pasangan: u32,
    per_alamat: u32,
    /// When this instance last deleted expired rows (seconds since the epoch).
    dibersihkan: AtomicI64,
}

/// One key and how many failures it may have within the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kunci {
    pub kunci: String,
    pub batas: u32,
}

impl Kunci {
    pub fn new(kunci: impl Into<String>, batas: u32) -> Self {
        let mut kunci: String = kunci.into();
        if kunci.len() > MAX_KEY {
            // Ids longer than any real one are all one key: they cannot be anyone's.
            kunci = format!("{}…", &kunci[..kunci.floor_char_boundary(MAX_KEY)]);
        }
        Self { kunci, batas }
    }
}

/// A key's count as stored: failures since `mulai`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hitungan {
    pub jumlah: i32,
    pub mulai: DateTime<Utc>,
}

/// The rule: with the keys' counts as stored (`None`: never counted), either every key takes
/// one more attempt (their new counts, in the keys' order) or, when any key is at its limit
/// within the window, none does and the answer is how many seconds to wait.
pub fn putuskan(
    now: DateTime<Utc>,
    window: Duration,
    keys: &[(Kunci, Option<Hitungan>)],
) -> Result<Vec<Hitungan>, u64> {
    let window = chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
    let berlaku = |h: &Hitungan| now - h.mulai < window;
    let tunggu = keys
        .iter()
        .filter_map(|(k, h)| h.filter(|h| berlaku(h) && h.jumlah >= i32::try_from(k.batas).unwrap_or(i32::MAX)))
        .map(|h| (window - (now - h.mulai)).num_seconds().max(1) as u64)
        .max();
    if let Some(w) = tunggu {
        return Err(w);
    }
    Ok(keys
        .iter()
        .map(|(_, h)| match h {
            Some(h) if berlaku(h) => Hitungan { jumlah: h.jumlah + 1, mulai: h.mulai },
            _ => Hitungan { jumlah: 1, mulai: now },
        })
        .collect())
}

impl FailureLimiter {
    pub fn new(window: Duration, per_pasangan: u32, per_alamat: u32) -> Self {
        Self { window, per_pasangan, per_alamat, dibersihkan: AtomicI64::new(0) }
    }

    /// The keys of one attempt: the credential from this address (the pair, first), counted so
    /// that a guesser elsewhere cannot lock the owner out, and, more loosely, the address, so
    /// that one address cannot try many credentials.
    pub fn kunci(&self, kredensial: &str, alamat: &str) -> [Kunci; 2] {
        [
            Kunci::new(format!("id:{kredensial}@{alamat}"), self.per_pasangan),
            Kunci::new(format!("ip:{alamat}"), self.per_alamat),
        ]
    }

    /// Takes one attempt on every key, or, when any key is at its limit, takes none and answers
    /// 429 with how many seconds to wait.
    pub async fn ambil(&self, db: &DatabaseConnection, keys: &[Kunci]) -> Result<(), AppError> {
        let now = Utc::now();
        let hasil = gagal::ambil(db, keys, |stored| putuskan(now, self.window, stored)).await?;
        self.bersihkan(db, now).await;
        hasil.map_err(|retry_after| AppError::TooManyRequests { retry_after })
    }

    /// The attempt succeeded: it is given back, and the pair (the first key of
    /// [`FailureLimiter::kunci`]) starts afresh.
    pub async fn berhasil(&self, db: &DatabaseConnection, keys: &[Kunci; 2]) -> Result<(), AppError> {
        gagal::kembalikan(db, &keys[1..]).await?;
        gagal::hapus(db, &keys[0]).await
    }

    /// Gives an attempt back without judging it (it could not be checked). Best effort: the
    /// caller is already answering an error.
    pub async fn kembalikan(&self, db: &DatabaseConnection, keys: &[Kunci]) {
        if let Err(e) = gagal::kembalikan(db, keys).await {
            tracing::warn!(error = %e, "percobaan token tidak dapat dikembalikan");
        }
    }

    /// Deletes rows whose window has passed, at most once a minute per instance.
    async fn bersihkan(&self, db: &DatabaseConnection, now: DateTime<Utc>) {
        let detik = now.timestamp();
        let terakhir = self.dibersihkan.load(Ordering::Relaxed);
        if detik - terakhir < 60
            || self.dibersihkan.compare_exchange(terakhir, detik, Ordering::Relaxed, Ordering::Relaxed).is_err()
        {
            return;
        }
        let batas = now - chrono::Duration::from_std(self.window).unwrap_or(chrono::Duration::zero());
        if let Err(e) = gagal::hapus_kedaluwarsa(db, batas).await {
            tracing::warn!(error = %e, "hitungan gagal token yang kedaluwarsa tidak dapat dihapus");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(id: &str, ip: &str) -> [Kunci; 2] {
        FailureLimiter::new(Duration::from_secs(1), 3, 5).kunci(id, ip)
    }

    /// The rule over an in-memory table, as the database applies it.
    struct Meja(std::collections::HashMap<String, Hitungan>, Duration);

    impl Meja {
        fn ambil(&mut self, now: DateTime<Utc>, keys: &[Kunci]) -> Result<(), u64> {
            let stored: Vec<_> = keys.iter().map(|k| (k.clone(), self.0.get(&k.kunci).copied())).collect();
            let baru = putuskan(now, self.1, &stored)?;
            for (k, h) in keys.iter().zip(baru) {
                self.0.insert(k.kunci.clone(), h);
            }
            Ok(())
        }
    }

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap()
    }

    #[test]
    fn blocks_a_pair_after_its_limit_and_releases_after_the_window() {
        let mut m = Meja(Default::default(), Duration::from_secs(300));
        for _ in 0..3 {
            assert_eq!(m.ambil(t(0), &keys("a", "1")), Ok(()));
        }
        assert_eq!(m.ambil(t(10), &keys("a", "1")), Err(290));
        // The owner of `a` from another address is not locked out by the guesser.
        assert_eq!(m.ambil(t(10), &keys("a", "2")), Ok(()));
        assert_eq!(m.ambil(t(300), &keys("a", "1")), Ok(()), "the window has passed");
    }

    #[test]
    fn the_address_limit_is_looser_and_covers_every_id() {
        let mut m = Meja(Default::default(), Duration::from_secs(60));
        for id in ["a", "b", "c", "d", "e"] {
            assert_eq!(m.ambil(t(0), &keys(id, "1")), Ok(()));
        }
        assert!(m.ambil(t(1), &keys("f", "1")).is_err(), "the address has had five failures");
        assert_eq!(m.ambil(t(1), &keys("f", "2")), Ok(()));
    }

    #[test]
    fn a_refused_attempt_counts_nothing() {
        let mut m = Meja(Default::default(), Duration::from_secs(60));
        for _ in 0..3 {
            m.ambil(t(0), &keys("a", "1")).unwrap();
        }
        for _ in 0..10 {
            assert!(m.ambil(t(1), &keys("a", "1")).is_err());
        }
        assert_eq!(m.0["ip:1"].jumlah, 3, "refusals do not use up the address's attempts");
        assert_eq!(
            putuskan(t(59), Duration::from_secs(60), &[(keys("a", "1")[0].clone(), Some(m.0["id:a@1"]))]),
            Err(1)
        );
    }

    #[test]
    fn absurdly_long_ids_are_one_key() {
        let a = Kunci::new("x".repeat(10_000), 3);
        let b = Kunci::new(format!("{}y", "x".repeat(10_000)), 3);
        assert_eq!(a, b);
        assert!(a.kunci.len() <= MAX_KEY + 4);
    }
}
