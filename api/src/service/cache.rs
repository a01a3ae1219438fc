//! Totals are recomputed only when something may have changed. Every successful write request
//! bumps a generation (one middleware, so no write path can forget); a cached total is served
//! only while its generation is current and it is younger than [`TTL`], which bounds how stale
//! a total can be after a write made by another instance or the command line.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::agregat::Ringkasan;
use crate::repo::Scope;

pub const TTL: Duration = Duration::from_secs(2);
const MAX_ENTRIES: usize = 2000;

/// (kode of the root, national roll-up or not, tahun, triwulan)
type Kunci = (String, bool, i32, Option<i16>);

/// (generation it was computed at, when, the total)
type Entri = (u64, Instant, Arc<Ringkasan>);

#[derive(Default)]
pub struct CacheRingkasan {
    generasi: AtomicU64,
    isi: Mutex<HashMap<Kunci, Entri>>,
    /// Held while a missing total is computed, so a burst of requests after an expiry or a
    /// write computes it once instead of all at once (which would exhaust the pool).
    pub hitung: tokio::sync::Mutex<()>,
}

impl CacheRingkasan {
    /// Called after every successful write request.
    pub fn ubah(&self) {
        self.generasi.fetch_add(1, Ordering::SeqCst);
    }

    pub fn generasi(&self) -> u64 {
        self.generasi.load(Ordering::SeqCst)
    }

    /// A current total for `root_jalur`, if any; never one outside the caller's scope.
    pub fn ambil(&self, scope: &Scope, root_jalur: &str, kunci: &Kunci) -> Option<Arc<Ringkasan>> {
        if !scope.contains(root_jalur) {
            return None;
        }
        let isi = self.isi.lock().ok()?;
        let (g, at, r) = isi.get(kunci)?;
        (*g == self.generasi() && at.elapsed() < TTL).then(|| r.clone())
    }

    /// Stores a total computed at generation `g` (read before computing, so a write that
    /// raced the computation makes it stale at once).
    pub fn simpan(&self, kunci: Kunci, g: u64, r: Arc<Ringkasan>) {
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
        Arc::new(Ringkasan {
            kode: "18".into(),
            nama: "x".into(),
            tahun: 2024,
            triwulan: None,
            jumlah_satker: 0,
            jumlah_melapor: 0,
            capaian_rata_rata: None,
            kategori: None,
            anggaran: super::super::agregat::Jumlah::new(0, 0),
            satker: Vec::new(),
        })
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
}
