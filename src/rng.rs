//! The random numbers behind `np.random.randn` and `np.random.choice` in the notes: numpy's
//! legacy generator (`np.random.seed`, `RandomState`), rebuilt with std only, so that
//! `--seed 42` here draws exactly what `np.random.seed(42)` draws in the notes' Python: the same
//! initial weights and the same mini-batches.
//!
//! What mirrors what, in numpy's source (`numpy/random/src/mt19937`, `legacy`, `distributions`):
//! - [`Rng::new`]: `np.random.seed(s)` for an integer `s`, MT19937's `init_genrand`;
//! - [`Rng::next_u32`]: `mt19937_next32`, the Mersenne Twister with its tempering;
//! - [`Rng::random_sample`]: `np.random.random_sample()`, a 53-bit double from two 32-bit draws;
//! - [`Rng::randn`]: `np.random.randn()`, the legacy polar method, which makes two normal values
//!   at a time and keeps the second for the next call;
//! - [`Rng::below`] and [`Rng::choice`]: `np.random.randint(0, n)` and `np.random.choice(n, size)`
//!   (with replacement, as the legacy code does it: a bit mask and rejection over 32-bit draws).

use std::fmt;

/// MT19937's state length, in 32-bit words.
const N: usize = 624;
/// MT19937's middle word offset.
const M: usize = 397;

/// numpy's legacy `RandomState`: an MT19937 generator and the normal value kept for the next
/// `randn`. Std-only, not for cryptography.
///
/// Every random choice in this project (initial weights, mini-batches) flows from one `Rng`
/// made from the seed the binaries print at start-up, drawn in the notes' order.
#[derive(Clone)]
pub struct Rng {
    /// The 624 words of state (numpy's `key`).
    mt: [u32; N],
    /// The next word to use; `N` means the state must be regenerated first.
    pos: usize,
    /// The second value of the last polar-method pair, kept for the next `randn`
    /// (numpy's `has_gauss` and `gauss`).
    gauss: Option<f64>,
}

impl fmt::Debug for Rng {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rng {{ pos: {}, gauss: {:?}, .. }}", self.pos, self.gauss)
    }
}

/// The largest seed `np.random.seed` takes: 2³² − 1.
pub const MAX_SEED: u64 = u32::MAX as u64;

/// A seed numpy refuses: `np.random.seed(s)` wants `0 <= s < 2**32`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedError(pub String);

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "seed {} is not between 0 and 2**32 - 1 ({MAX_SEED}), as np.random.seed requires", self.0)
    }
}

impl std::error::Error for SeedError {}

impl Rng {
    /// `np.random.seed(seed)`: a generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u32) -> Rng {
        // MT19937's init_genrand, which numpy's mt19937_seed is.
        let mut mt = [0u32; N];
        mt[0] = seed;
        for i in 1..N {
            mt[i] = 1_812_433_253u32.wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_add(i as u32);
        }
        Rng { mt, pos: N, gauss: None }
    }

    /// The next 32 random bits (`mt19937_next32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.pos == N {
            self.generate();
        }
        let mut y = self.mt[self.pos];
        self.pos += 1;
        // Tempering.
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// The next 624 words of state (MT19937's twist).
    fn generate(&mut self) {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        for i in 0..N {
            let y = (self.mt[i] & UPPER) | (self.mt[(i + 1) % N] & LOWER);
            let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
            self.mt[i] = self.mt[(i + M) % N] ^ (y >> 1) ^ mag;
        }
        self.pos = 0;
    }

    /// Uniform in [0, 1) (`np.random.random_sample()`): 27 bits of one draw and 26 of the next
    /// make a 53-bit integer, divided by 2⁵³.
    pub fn random_sample(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A standard normal sample (mean 0, std 1), one entry of `np.random.randn`.
    ///
    /// numpy's legacy polar method: pick a point uniformly in the unit disc, `(x1, x2)`; then
    /// `f = sqrt(-2 ln(r²) / r²)` makes `f·x1` and `f·x2` two independent normal values. This
    /// returns `f·x2` and keeps `f·x1` for the next call, as numpy does.
    pub fn randn(&mut self) -> f64 {
        if let Some(kept) = self.gauss.take() {
            return kept;
        }
        let (x1, x2, r2) = loop {
            let x1 = 2.0 * self.random_sample() - 1.0;
            let x2 = 2.0 * self.random_sample() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                break (x1, x2, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        self.gauss = Some(f * x1);
        f * x2
    }

    /// A uniform integer in `0..n`, as `np.random.randint(0, n)` draws it: the smallest bit mask
    /// covering `n - 1` applied to 32-bit draws (64-bit ones for `n` above 2³²), and a draw
    /// above `n - 1` thrown away and drawn again, so that every value is equally likely.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0): the range 0..0 is empty");
        let max = (n - 1) as u64;
        let mask = mask_for(max);
        if max <= u32::MAX as u64 {
            loop {
                let v = (self.next_u32() as u64) & mask;
                if v <= max {
                    return v as usize;
                }
            }
        }
        loop {
            let v = (((self.next_u32() as u64) << 32) | self.next_u32() as u64) & mask;
            if v <= max {
                return v as usize;
            }
        }
    }

    /// `size` indices drawn from `0..n` with replacement: `np.random.choice(n, size)`, which is
    /// `np.random.randint(0, n, size)` in numpy's legacy code.
    pub fn choice(&mut self, n: usize, size: usize) -> Vec<usize> {
        (0..size).map(|_| self.below(n)).collect()
    }
}

/// The smallest mask of all ones (`0b0…01…1`) that is at least `max` (numpy's `gen_mask`).
fn mask_for(max: u64) -> u64 {
    let mut mask = max;
    for shift in [1, 2, 4, 8, 16, 32] {
        mask |= mask >> shift;
    }
    mask
}

/// A seed as text, `0` to `2³² − 1`, as `np.random.seed` takes it.
pub fn parse_seed(seed: &str) -> Result<u32, SeedError> {
    seed.trim().parse::<u32>().map_err(|_| SeedError(seed.to_string()))
}
