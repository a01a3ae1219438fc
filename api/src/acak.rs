//! A small deterministic generator (xorshift64) for demo and benchmark data: the same seed
//! and key always give the same data, on every machine.

pub struct Acak(u64);

impl Acak {
    /// Seeded by FNV-1a over `seed`, then the bytes of `key`.
    pub fn new(seed: u64, key: &[u8]) -> Self {
        let mut h: u64 = 0xcbf29ce484222325 ^ seed;
        for b in key {
            h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
        }
        Self(h | 1)
    }

    pub fn acak(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in [lo, hi].
    pub fn antara(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1);
        lo + i64::try_from(self.acak() % span).unwrap_or(0)
    }
}
