//! The random numbers behind `np.random.randn` and `np.random.choice` in the notes: a small seeded
//! generator (xoshiro256**, seeded through SplitMix64), so every run with the same seed is the same.

/// A seeded pseudo-random generator (xoshiro256**). Std-only, not for cryptography.
///
/// Every random choice in this project (initial weights, mini-batches) flows from one `Rng`
/// made from the seed the binaries print at start-up.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Rng {
        // SplitMix64 spreads the seed's bits over the 256-bit state
        // (xoshiro must not start from all zeros, and nearby seeds must differ a lot).
        let mut z = seed;
        let mut next = || {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^ (x >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), with 53 random bits (all an f64 can hold).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in `0..n`, like `np.random.choice(n)`. Rejection keeps it unbiased.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0): the range 0..0 is empty");
        let n = n as u64;
        // Largest multiple of n that fits in u64; draws at or above it would favour small values.
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    /// A standard normal sample (mean 0, std 1), like one entry of `np.random.randn`.
    /// Box–Muller: two uniforms become a Gaussian; the second one is thrown away to keep
    /// the generator's state the only state.
    pub fn randn(&mut self) -> f64 {
        // 1 - u is in (0, 1], so the log is finite.
        let u1 = 1.0 - self.next_f64();
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// `size` indices drawn from `0..n` with replacement: `np.random.choice(n, size)`.
    pub fn choice(&mut self, n: usize, size: usize) -> Vec<usize> {
        (0..size).map(|_| self.below(n)).collect()
    }
}
