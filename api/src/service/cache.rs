//! An optional memory in front of the totals, off by default (`KINERJA_CACHE_TTL_MS=0`): totals
//! are read from summary rows kept current by every write (`repo::ringkasan`), so nothing
//! relies on this for freshness. When it is turned on, totals are recomputed only when
//! something may have changed. Every successful request that
//! may change stored data bumps a generation (one middleware, so no write path can forget; reads,
//! GraphQL and token requests, and writes that stored nothing new do not); a cached total is served
//! only while its generation is current and it is younger than its TTL (`KINERJA_CACHE_TTL_MS`,
//! default [`TTL`]; 0 turns caching off), which bounds how stale a total can be after a write
//! made by another instance or the command line.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::repo::Scope;
use crate::view::RingkasanView as Ringkasan;

pub const TTL: Duration = Duration::from_secs(2);
const MAX_ENTRIES: usize = 2000;

/// (kode of the root, national roll-up or not, tahun, triwulan)
type Kunci = (String, bool, i32, Option<i16>);

/// (generation it was computed at, when, the total)
type Entri = (u64, Instant, Arc<Ringkasan>);

pub struct CacheRingkasan {
    ttl: Duration,
    generasi: AtomicU64,
    isi: Mutex<HashMap<Kunci, Entri>>,
    /// One lock per total being computed, so a burst of requests after an expiry or a write
    /// computes it once instead of all at once (which would exhaust the pool), while different
    /// totals are computed side by side.
    hitung: Mutex<HashMap<Kunci, Arc<tokio::sync::Mutex<()>>>>,
}

impl Default for CacheRingkasan {
    fn default() -> Self {
        Self::new(TTL)
    }
}

impl CacheRingkasan {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, generasi: AtomicU64::new(0), isi: Mutex::default(), hitung: Mutex::default() }
    }

    /// The lock under which `kunci` is computed (shared by everyone computing it now).
    pub fn kunci_hitung(&self, kunci: &Kunci) -> Arc<tokio::sync::Mutex<()>> {
        let Ok(mut m) = self.hitung.lock() else { return Arc::default() };
        // Locks nobody holds or waits for are dropped, so the map stays small.
        m.retain(|_, l| Arc::strong_count(l) > 1);
        m.entry(kunci.clone()).or_default().clone()
    }

    /// Whether totals are kept at all (a TTL of 0 turns the cache off).
    pub fn aktif(&self) -> bool {
        !self.ttl.is_zero()
    }

    /// Called after every successful write request.
    pub fn ubah(&self) {
        self.generasi.fetch_add(1, Ordering::SeqCst);
    }

    pub fn generasi(&self) -> u64 {
        self.generasi.load(Ordering::SeqCst)
    }

    /// A current total for `root_jalur`, if any; never one outside the caller's scope.
    pub fn ambil(&self, scope: &Scope, root_jalur: &str, kunci: &Kunci) -> Option<Arc<Ringkasan>> {
        if !scope.covers_subtree(root_jalur) || self.ttl.is_zero() {
            return None;
        }
        let isi = self.isi.lock().ok()?;
        let (g, at, r) = isi.get(kunci)?;
        (*g == self.generasi() && at.elapsed() < self.ttl).then(|| r.clone())
    }

    /// Stores a total computed at generation `g` (read before computing, so a write that
    /// raced the computation makes it stale at once).
    pub fn simpan(&self, kunci: Kunci, g: u64, r: Arc<Ringkasan>) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut isi) = self.isi.lock() {
            if isi.len() >= MAX_ENTRIES {
                isi.clear();
            }
            isi.insert(kunci, (g, Instant::now(), r));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Arc<Ringkasan> {
        Ringkasan::kosong()
    }

    #[test]
    fn a_write_or_another_tenant_never_sees_a_cached_total() {
        let c = CacheRingkasan::default();
        let k: Kunci = ("18".into(), false, 2024, Some(4));
        let g = c.generasi();
        c.simpan(k.clone(), g, r());
        assert!(c.ambil(&Scope::subtree("00/18"), "00/18", &k).is_some());
        assert!(c.ambil(&Scope::subtree("00/31"), "00/18", &k).is_none(), "outside the scope");
        c.ubah();
        assert!(c.ambil(&Scope::subtree("00/18"), "00/18", &k).is_none(), "stale after a write");
    }

    #[test]
    fn a_ttl_of_zero_caches_nothing() {
        let c = CacheRingkasan::new(Duration::ZERO);
        let k: Kunci = ("18".into(), false, 2024, Some(4));
        c.simpan(k.clone(), c.generasi(), r());
        assert!(c.ambil(&Scope::subtree("00/18"), "00/18", &k).is_none());
    }

    #[test]
    fn one_computation_lock_per_total() {
        let c = CacheRingkasan::default();
        let a: Kunci = ("18".into(), false, 2024, Some(4));
        let b: Kunci = ("31".into(), false, 2024, Some(4));
        let la = c.kunci_hitung(&a);
        assert!(Arc::ptr_eq(&la, &c.kunci_hitung(&a)), "the same total shares one lock");
        assert!(!Arc::ptr_eq(&la, &c.kunci_hitung(&b)), "another total has its own");
        drop(la);
        c.kunci_hitung(&b);
        assert_eq!(c.hitung.lock().unwrap().len(), 1, "unused locks are dropped");
    }
}
