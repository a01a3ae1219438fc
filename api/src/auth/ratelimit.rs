//! Failed token requests are limited per key (a credential id from one address, or an address
//! alone, each with its own limit): after `limit` failures within `window`, that key is
//! refused until the window has passed.
//!
//! An attempt is taken *before* the secret is checked, under one lock, so a burst of
//! concurrent guesses is evaluated at most `limit` times, not once per request in flight. A
//! success gives its attempt back. The table is bounded: expired entries are dropped, and when
//! it is still full the oldest are evicted, so no stream of made-up ids can grow it for ever.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most this many keys are tracked (a key is at most [`MAX_KEY`] bytes).
pub const MAX_ENTRIES: usize = 100_000;
const MAX_KEY: usize = 200;

pub struct FailureLimiter {
    window: Duration,
    /// Failures allowed per credential from one address, and per address.
    per_pasangan: u32,
    per_alamat: u32,
    state: Mutex<HashMap<String, (u32, Instant)>>,
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

impl FailureLimiter {
    pub fn new(window: Duration, per_pasangan: u32, per_alamat: u32) -> Self {
        Self { window, per_pasangan, per_alamat, state: Mutex::new(HashMap::new()) }
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

    /// Takes one attempt on every key, or, when any key is at its limit, takes none and
    /// answers how many seconds to wait.
    pub fn ambil(&self, keys: &[Kunci]) -> Result<(), u64> {
        let Ok(mut state) = self.state.lock() else { return Err(self.window.as_secs().max(1)) };
        let now = Instant::now();
        let mut wait = None;
        for k in keys {
            if let Some((n, start)) = state.get(&k.kunci) {
                let age = now.duration_since(*start);
                if age < self.window && *n >= k.batas {
                    wait = wait.max(Some((self.window - age).as_secs().max(1)));
                }
            }
        }
        if let Some(w) = wait {
            return Err(w);
        }
        if state.len() + keys.len() > MAX_ENTRIES {
            self.evict(&mut state, now);
        }
        for k in keys {
            let entry = state.entry(k.kunci.clone()).or_insert((0, now));
            if now.duration_since(entry.1) >= self.window {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
        Ok(())
    }

    /// The attempt succeeded: it is given back, and the pair (the first key of
    /// [`FailureLimiter::kunci`]) starts afresh.
    pub fn berhasil(&self, keys: &[Kunci; 2]) {
        self.kembalikan(keys);
        if let Ok(mut state) = self.state.lock() {
            state.remove(&keys[0].kunci);
        }
    }

    /// Gives an attempt back without judging it (it could not be checked).
    pub fn kembalikan(&self, keys: &[Kunci]) {
        let Ok(mut state) = self.state.lock() else { return };
        for k in keys {
            if let Some(entry) = state.get_mut(&k.kunci) {
                entry.0 = entry.0.saturating_sub(1);
            }
        }
    }

    /// Drops expired entries, then, if that is not enough, the oldest tenth.
    fn evict(&self, state: &mut HashMap<String, (u32, Instant)>, now: Instant) {
        let window = self.window;
        state.retain(|_, (_, start)| now.duration_since(*start) < window);
        if state.len() + MAX_ENTRIES / 10 > MAX_ENTRIES {
            let mut starts: Vec<Instant> = state.values().map(|(_, s)| *s).collect();
            let cut = MAX_ENTRIES / 10;
            starts.select_nth_unstable(cut);
            let oldest = starts[cut];
            state.retain(|_, (_, start)| *start > oldest);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.state.lock().map(|s| s.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(id: &str, ip: &str) -> [Kunci; 2] {
        FailureLimiter::new(Duration::from_secs(1), 3, 5).kunci(id, ip)
    }

    #[test]
    fn blocks_a_pair_after_its_limit_and_releases_after_the_window() {
        let l = FailureLimiter::new(Duration::from_millis(300), 3, 5);
        for _ in 0..3 {
            assert_eq!(l.ambil(&keys("a", "1")), Ok(()));
        }
        assert_eq!(l.ambil(&keys("a", "1")), Err(1));
        // The owner of `a` from another address is not locked out by the guesser.
        assert_eq!(l.ambil(&keys("a", "2")), Ok(()));
        std::thread::sleep(Duration::from_millis(350));
        assert_eq!(l.ambil(&keys("a", "1")), Ok(()));
    }

    #[test]
    fn the_address_limit_is_looser_and_covers_every_id() {
        let l = FailureLimiter::new(Duration::from_secs(60), 3, 5);
        for id in ["a", "b", "c", "d", "e"] {
            assert_eq!(l.ambil(&keys(id, "1")), Ok(()));
        }
        assert!(l.ambil(&keys("f", "1")).is_err(), "the address has had five failures");
        assert_eq!(l.ambil(&keys("f", "2")), Ok(()));
    }

    #[test]
    fn a_success_gives_its_attempt_back_and_clears_the_pair() {
        let l = FailureLimiter::new(Duration::from_secs(60), 3, 5);
        let k = keys("a", "1");
        for _ in 0..2 {
            l.ambil(&k).unwrap();
        }
        l.ambil(&k).unwrap();
        l.berhasil(&k);
        for _ in 0..3 {
            assert_eq!(l.ambil(&k), Ok(()), "the pair starts afresh after a success");
        }
    }

    #[test]
    fn concurrent_attempts_are_counted_before_they_are_evaluated() {
        let l = std::sync::Arc::new(FailureLimiter::new(Duration::from_secs(60), 3, 5));
        let allowed = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let threads: Vec<_> = (0..64)
            .map(|_| {
                let (l, allowed) = (l.clone(), allowed.clone());
                std::thread::spawn(move || {
                    if l.ambil(&keys("a", "1")).is_ok() {
                        allowed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(allowed.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[test]
    fn the_table_is_bounded_whatever_ids_are_sent() {
        let l = FailureLimiter::new(Duration::from_secs(600), 3, 5);
        for i in 0..(MAX_ENTRIES + 5_000) {
            let _ = l.ambil(&[Kunci::new(format!("id:{i}"), 3)]);
        }
        assert!(l.len() <= MAX_ENTRIES, "{}", l.len());
        let long = Kunci::new("x".repeat(10_000), 3);
        assert!(long.kunci.len() <= MAX_KEY + 3);
    }
}
