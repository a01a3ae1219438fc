//! Failed token requests are limited per client id or username and per address: after
//! `max_failures` failures within `window`, that key is refused until the window has passed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct FailureLimiter {
    max_failures: u32,
    window: Duration,
    state: Mutex<HashMap<String, (u32, Instant)>>,
}

impl FailureLimiter {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        Self { max_failures, window, state: Mutex::new(HashMap::new()) }
    }

    /// Seconds to wait if any of `keys` is blocked now.
    pub fn blocked(&self, keys: &[String]) -> Option<u64> {
        let state = self.state.lock().ok()?;
        keys.iter()
            .filter_map(|k| state.get(k))
            .filter(|(n, start)| *n >= self.max_failures && start.elapsed() < self.window)
            .map(|(_, start)| (self.window - start.elapsed()).as_secs().max(1))
            .max()
    }

    pub fn fail(&self, keys: &[String]) {
        let Ok(mut state) = self.state.lock() else { return };
        if state.len() > 100_000 {
            let window = self.window;
            state.retain(|_, (_, start)| start.elapsed() < window);
        }
        for k in keys {
            let entry = state.entry(k.clone()).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= self.window {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
        }
    }

    pub fn succeed(&self, key: &str) {
        if let Ok(mut state) = self.state.lock() {
            state.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_failures_and_releases_after_the_window() {
        let l = FailureLimiter::new(3, Duration::from_millis(200));
        let keys = vec!["id:a".to_string(), "ip:1".to_string()];
        for _ in 0..2 {
            l.fail(&keys);
        }
        assert_eq!(l.blocked(&keys), None);
        l.fail(&keys);
        assert_eq!(l.blocked(&keys), Some(1));
        // The address is blocked for other ids too.
        assert!(l.blocked(&["id:b".to_string(), "ip:1".to_string()]).is_some());
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(l.blocked(&keys), None);
    }

    #[test]
    fn success_clears_the_id_key() {
        let l = FailureLimiter::new(2, Duration::from_secs(60));
        l.fail(&["id:a".to_string()]);
        l.succeed("id:a");
        l.fail(&["id:a".to_string()]);
        assert_eq!(l.blocked(&["id:a".to_string()]), None);
    }
}
