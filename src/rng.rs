//! A tiny deterministic pseudo-random generator (SplitMix64) for the dataset generator and
//! property tests: the same seed gives the same numbers on every machine, with no dependency.

/// SplitMix64 (Steele, Lea and Flood, 2014): fast, well-distributed, and reproducible.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// Starts a sequence from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next number in the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..high` (`low` when the range is empty).
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        if high <= low { low } else { low + self.next_u64() % (high - low) }
    }

    /// A whole number of per-mille (0..=1000), for integer-only proportions.
    pub fn per_mille(&mut self) -> u64 {
        self.next_u64() % 1001
    }
}
