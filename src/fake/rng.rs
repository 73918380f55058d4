//! A small seeded PRNG (SplitMix64) with the few distributions the generator needs.
//!
//! SplitMix64 is enough here: the calls only have to look plausible and be reproducible,
//! and its state is one `u64`, so seeding one generator per minute costs nothing.

/// SplitMix64's output function, also used to derive independent seeds from numbers.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A seed for stream `stream` of `seed`, decorrelated from every other pair.
pub(crate) fn derive(seed: u64, stream: u64) -> u64 {
    mix(mix(seed ^ 0x5851_F42D_4C95_7F2D).wrapping_add(stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
}

/// A SplitMix64 generator.
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose sequence depends only on `seed`.
    pub(crate) fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n); 0 when n is 0.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        // Lemire's multiply-shift: the bias is below 2^-40 for the small n used here.
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in [lo, hi] (inclusive); `lo` when the range is empty.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal variate (Box-Muller; the second value is dropped to keep the
    /// stream position independent of how many normals were drawn before).
    pub(crate) fn normal(&mut self) -> f64 {
        // 1 - unit() is in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A log-normal variate with the given median and shape `sigma`.
    pub(crate) fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// A Poisson variate with mean `lambda` (0 for a non-positive or non-finite mean).
    pub(crate) fn poisson(&mut self, lambda: f64) -> u32 {
        if !lambda.is_finite() || lambda <= 0.0 {
            return 0;
        }
        if lambda < 30.0 {
            // Knuth's product of uniforms: exact, and cheap for small means.
            let limit = (-lambda).exp();
            let mut k = 0u32;
            let mut p = self.unit();
            while p > limit {
                k += 1;
                p *= self.unit();
            }
            k
        } else {
            // For larger means the normal approximation is indistinguishable in practice.
            let v = lambda + lambda.sqrt() * self.normal();
            v.round().clamp(0.0, u32::MAX as f64) as u32
        }
    }

    /// An index drawn with probability proportional to `weights` (cumulative, ascending).
    pub(crate) fn pick_cumulative(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(0.0);
        let x = self.unit() * total;
        cumulative
            .iter()
            .position(|&c| x < c)
            .unwrap_or(cumulative.len().saturating_sub(1))
    }
}

/// Running sums of `weights`, for [`Rng::pick_cumulative`].
pub(crate) fn cumulative(weights: &[f64]) -> Vec<f64> {
    let mut sum = 0.0;
    weights
        .iter()
        .map(|w| {
            sum += w.max(0.0);
            sum
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(derive(11, 5));
        let mut b = Rng::new(derive(11, 5));
        let mut c = Rng::new(derive(11, 6));
        let xa: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn distributions_have_the_right_centre() {
        let mut r = Rng::new(1);
        let n = 20_000;
        let mean_normal: f64 = (0..n).map(|_| r.normal()).sum::<f64>() / n as f64;
        assert!(mean_normal.abs() < 0.05, "{mean_normal}");
        for lambda in [0.3, 4.0, 29.0, 31.0, 250.0] {
            let mean: f64 = (0..n).map(|_| r.poisson(lambda) as f64).sum::<f64>() / n as f64;
            assert!(
                (mean - lambda).abs() < 0.05 * lambda + 0.05,
                "{lambda}: {mean}"
            );
        }
        let mut ln: Vec<f64> = (0..n).map(|_| r.log_normal(45.0, 0.8)).collect();
        ln.sort_by(f64::total_cmp);
        let median = ln[n / 2];
        assert!((40.0..50.0).contains(&median), "{median}");
        assert_eq!(r.poisson(0.0), 0);
        assert_eq!(r.poisson(f64::NAN), 0);
        for _ in 0..1000 {
            let v = r.range(3, 5);
            assert!((3..=5).contains(&v));
        }
        assert_eq!(r.range(7, 7), 7);
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn weighted_pick_follows_weights() {
        let mut r = Rng::new(9);
        let cum = cumulative(&[1.0, 0.0, 3.0]);
        let mut counts = [0u32; 3];
        for _ in 0..8000 {
            counts[r.pick_cumulative(&cum)] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((1700..2300).contains(&counts[0]), "{counts:?}");
        assert_eq!(r.pick_cumulative(&[]), 0);
    }
}
