//! The statistics behind "did it get better?": the difference of two rates with its 95 %
//! interval (Newcombe's hybrid score method), and the difference of two median IVR times
//! with a Mann-Whitney test. Plain functions on counts and times; no screen, no I/O.

use serde::Serialize;

/// The two-sided 95 % normal quantile, to the digits the definitions fix.
pub const Z95: f64 = 1.959963984540054;

/// A median difference is called likely real only below this p-value ...
pub const SIGNIFICANCE: f64 = 0.05;

/// ... and only when each period has at least this many readable IVR times.
pub const MIN_TIMES_FOR_VERDICT: u64 = 20;

/// The Wilson score interval (no continuity correction) of `x` successes out of `n` at
/// the normal quantile `z`; `None` when `n` is 0.
pub fn wilson(x: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let p = (x as f64 / n).clamp(0.0, 1.0);
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// The difference of a rate between period A and period B.
///
/// Serialized as the comparison's JSON prints it: `a`, `b`, `diff = b − a`, the 95 %
/// interval `low`..`high` and whether it excludes 0. When either denominator is 0 only
/// the rate that exists is given; everything else is `null`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RateDiff {
    /// The rate in period A (0..1).
    pub a: Option<f64>,
    /// The rate in period B (0..1).
    pub b: Option<f64>,
    /// `b − a`.
    pub diff: Option<f64>,
    /// Lower end of the 95 % interval of the difference.
    pub low: Option<f64>,
    /// Upper end of the 95 % interval of the difference.
    pub high: Option<f64>,
    /// The interval excludes 0: the change is probably real, not chance.
    pub likely_real: Option<bool>,
}

impl RateDiff {
    /// The difference of `x_b / n_b` and `x_a / n_a` with Newcombe's hybrid score
    /// interval (his method 10) at 95 %.
    pub fn of(x_a: u64, n_a: u64, x_b: u64, n_b: u64) -> RateDiff {
        let rate = |x: u64, n: u64| (n > 0).then(|| x as f64 / n as f64);
        let (a, b) = (rate(x_a, n_a), rate(x_b, n_b));
        let (Some(pa), Some(pb), Some((la, ua)), Some((lb, ub))) =
            (a, b, wilson(x_a, n_a, Z95), wilson(x_b, n_b, Z95))
        else {
            return RateDiff {
                a,
                b,
                diff: None,
                low: None,
                high: None,
                likely_real: None,
            };
        };
        let diff = pb - pa;
        let low = diff - ((pb - lb).powi(2) + (ua - pa).powi(2)).sqrt();
        let high = diff + ((ub - pb).powi(2) + (pa - la).powi(2)).sqrt();
        RateDiff {
            a,
            b,
            diff: Some(diff),
            low: Some(low),
            high: Some(high),
            likely_real: Some(low > 0.0 || high < 0.0),
        }
    }
}

/// The difference of the median IVR time between period A and period B.
///
/// Serialized as the comparison's JSON prints it. When either period has no readable IVR
/// time only the median that exists is given; everything else is `null`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MedianDiff {
    /// Median IVR time of period A in seconds (nearest rank).
    pub a: Option<u32>,
    /// Median IVR time of period B in seconds (nearest rank).
    pub b: Option<u32>,
    /// `b − a` in seconds.
    pub diff: Option<i64>,
    /// Two-sided p-value of the Mann-Whitney U test on the two periods' IVR times.
    pub p_value: Option<f64>,
    /// p < 0.05 and each period has at least 20 readable times.
    pub likely_real: Option<bool>,
}

impl MedianDiff {
    /// The difference of the medians of `b` and `a`, with the test of their times.
    pub fn of(a: &Dist, b: &Dist) -> MedianDiff {
        let (ma, mb) = (a.nearest_rank(50), b.nearest_rank(50));
        let (Some(x), Some(y), Some(p)) = (ma, mb, mann_whitney(a, b)) else {
            return MedianDiff {
                a: ma,
                b: mb,
                diff: None,
                p_value: None,
                likely_real: None,
            };
        };
        let enough = a.len() >= MIN_TIMES_FOR_VERDICT && b.len() >= MIN_TIMES_FOR_VERDICT;
        MedianDiff {
            a: ma,
            b: mb,
            diff: Some(i64::from(y) - i64::from(x)),
            p_value: Some(p),
            likely_real: Some(p < SIGNIFICANCE && enough),
        }
    }
}

/// A set of durations in seconds as (value, how many) in ascending order: what the
/// medians, percentiles and the rank test need, in far less room than the values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dist {
    runs: Vec<(u32, u64)>,
    n: u64,
}

impl Dist {
    /// The distribution of the values of all `parts` together.
    pub fn from_parts(parts: &[&[u32]]) -> Dist {
        let n: usize = parts.iter().map(|p| p.len()).sum();
        let (Some(min), Some(max)) = (
            parts.iter().filter_map(|p| p.iter().min()).min(),
            parts.iter().filter_map(|p| p.iter().max()).max(),
        ) else {
            return Dist::default();
        };
        let span = (max - min) as usize;
        // IVR times bunch in a few hundred seconds: counting beats sorting, unless a
        // few stray values spread them over a range much wider than their number.
        let runs = if span <= 4 * n + 4096 {
            let mut counts = vec![0u64; span + 1];
            for v in parts.iter().flat_map(|p| p.iter()) {
                counts[(v - min) as usize] += 1;
            }
            counts
                .into_iter()
                .enumerate()
                .filter(|&(_, c)| c > 0)
                .map(|(i, c)| (min + i as u32, c))
                .collect()
        } else {
            let mut all: Vec<u32> = parts.iter().flat_map(|p| p.iter().copied()).collect();
            all.sort_unstable();
            let mut runs: Vec<(u32, u64)> = Vec::new();
            for v in all {
                match runs.last_mut() {
                    Some((last, c)) if *last == v => *c += 1,
                    _ => runs.push((v, 1)),
                }
            }
            runs
        };
        Dist { runs, n: n as u64 }
    }

    /// The distribution of `values`.
    pub fn of(values: &[u32]) -> Dist {
        Dist::from_parts(&[values])
    }

    /// How many values.
    pub fn len(&self) -> u64 {
        self.n
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The value at nearest rank ceil(p·n) (1-based), `percent` being p × 100, as
    /// [`super::key_numbers::nearest_rank`] picks it.
    pub fn nearest_rank(&self, percent: u64) -> Option<u32> {
        if self.n == 0 {
            return None;
        }
        let rank = (percent * self.n).div_ceil(100).clamp(1, self.n);
        let mut seen = 0u64;
        for &(v, c) in &self.runs {
            seen += c;
            if seen >= rank {
                return Some(v);
            }
        }
        self.runs.last().map(|&(v, _)| v)
    }

    /// The distinct values and how often each occurs, ascending.
    pub fn runs(&self) -> &[(u32, u64)] {
        &self.runs
    }
}

/// The two-sided p-value of the Mann-Whitney U test of `a` against `b`: normal
/// approximation, variance corrected for ties, no continuity correction (SciPy's
/// `mannwhitneyu(method="asymptotic", use_continuity=False)`). `None` when either is
/// empty; 1.0 when every value is tied, since nothing then tells the periods apart.
pub fn mann_whitney(a: &Dist, b: &Dist) -> Option<f64> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (na, nb) = (a.n as f64, b.n as f64);
    let n = na + nb;
    // Walk both in value order, giving each tied run its average rank.
    let (mut i, mut j) = (0usize, 0usize);
    let mut before = 0f64;
    let mut rank_sum_a = 0f64;
    let mut ties = 0f64;
    while i < a.runs.len() || j < b.runs.len() {
        let va = a.runs.get(i).map(|r| r.0);
        let vb = b.runs.get(j).map(|r| r.0);
        let v = match (va, vb) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) => x,
            (None, Some(y)) => y,
            (None, None) => break,
        };
        let mut ca = 0u64;
        if va == Some(v) {
            ca = a.runs[i].1;
            i += 1;
        }
        let mut cb = 0u64;
        if vb == Some(v) {
            cb = b.runs[j].1;
            j += 1;
        }
        let t = (ca + cb) as f64;
        rank_sum_a += ca as f64 * (before + (t + 1.0) / 2.0);
        ties += t * t * t - t;
        before += t;
    }
    let u_a = rank_sum_a - na * (na + 1.0) / 2.0;
    let u = u_a.max(na * nb - u_a);
    let mean = na * nb / 2.0;
    let variance = na * nb / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)));
    // Rounding can leave a tiny negative instead of 0 when every value is tied.
    if variance <= 0.0 || variance.is_nan() {
        return Some(1.0);
    }
    let z = (u - mean) / variance.sqrt();
    Some(libm::erfc(z / std::f64::consts::SQRT_2).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: Option<f64>, want: f64, tol: f64) {
        let got = got.unwrap_or(f64::NAN);
        assert!((got - want).abs() <= tol, "got {got}, want {want}");
    }

    /// Newcombe, R. G. (1998). Interval estimation for the difference between independent
    /// proportions: comparison of eleven methods. Statistics in Medicine 17, 873-890,
    /// Table II, method 10 (hybrid score, no continuity correction), to the four digits
    /// printed there. The paper's difference is the first sample minus the second, ours is
    /// b − a, so the first sample is period B. Cross-checked with
    /// `statsmodels.stats.proportion.confint_proportions_2indep(x1, n1, x2, n2,
    /// method="newcomb", compare="diff")`.
    #[test]
    fn newcombe_matches_the_published_worked_examples() {
        // (x_b, n_b, x_a, n_a, low, high)
        let table = [
            (56, 70, 48, 80, 0.0524, 0.3339),
            (9, 10, 3, 10, 0.1705, 0.8090),
            (6, 7, 2, 7, 0.0582, 0.8062),
            (5, 56, 0, 29, -0.0381, 0.1926),
            (0, 10, 0, 20, -0.1611, 0.2775),
            (0, 10, 0, 10, -0.2775, 0.2775),
            (10, 10, 0, 20, 0.6791, 1.0000),
            (10, 10, 0, 10, 0.6075, 1.0000),
        ];
        for (xb, nb, xa, na, low, high) in table {
            let d = RateDiff::of(xa, na, xb, nb);
            close(d.low, low, 0.000_05);
            close(d.high, high, 0.000_05);
            close(d.diff, xb as f64 / nb as f64 - xa as f64 / na as f64, 1e-15);
        }
        let d = RateDiff::of(48, 80, 56, 70);
        assert_eq!(d.likely_real, Some(true));
        let d = RateDiff::of(0, 29, 5, 56);
        assert_eq!(d.likely_real, Some(false));
    }

    #[test]
    fn a_rate_without_calls_leaves_only_the_other_rate() {
        let d = RateDiff::of(0, 0, 3, 10);
        assert_eq!(d.a, None);
        assert_eq!(d.b, Some(0.3));
        assert_eq!(
            (d.diff, d.low, d.high, d.likely_real),
            (None, None, None, None)
        );
        let d = RateDiff::of(0, 0, 0, 0);
        assert_eq!((d.a, d.b), (None, None));
    }

    /// The reference p-values came from SciPy 1.17.1 with:
    ///
    /// ```python
    /// from scipy.stats import mannwhitneyu
    /// cases = {
    ///     "distinct": ([12, 30, 45, 61, 75, 90, 101], [5, 8, 20, 22, 33, 40]),
    ///     "ties": ([10, 10, 20, 30, 30, 30, 45, 60], [10, 20, 20, 20, 25, 30, 90, 90, 90]),
    ///     "shifted": ([i % 37 + 20 for i in range(200)], [i % 41 + 14 for i in range(150)]),
    ///     "one_each": ([3], [7]),
    /// }
    /// for name, (a, b) in cases.items():
    ///     r = mannwhitneyu(a, b, alternative="two-sided", method="asymptotic",
    ///                      use_continuity=False)
    ///     print(name, repr(r.pvalue))
    /// ```
    #[test]
    fn mann_whitney_matches_scipy() {
        let shifted_a: Vec<u32> = (0..200).map(|i| i % 37 + 20).collect();
        let shifted_b: Vec<u32> = (0..150).map(|i| i % 41 + 14).collect();
        let cases: [(&[u32], &[u32], f64); 4] = [
            (
                &[12, 30, 45, 61, 75, 90, 101],
                &[5, 8, 20, 22, 33, 40],
                MW_DISTINCT,
            ),
            (
                &[10, 10, 20, 30, 30, 30, 45, 60],
                &[10, 20, 20, 20, 25, 30, 90, 90, 90],
                MW_TIES,
            ),
            (&shifted_a, &shifted_b, MW_SHIFTED),
            (&[3], &[7], MW_ONE_EACH),
        ];
        for (a, b, want) in cases {
            close(mann_whitney(&Dist::of(a), &Dist::of(b)), want, 1e-9);
            // The test is symmetric.
            close(mann_whitney(&Dist::of(b), &Dist::of(a)), want, 1e-9);
        }
    }

    const MW_DISTINCT: f64 = 0.03212457120765663;
    const MW_TIES: f64 = 0.6952955437130965;
    const MW_SHIFTED: f64 = 0.00047962230466156385;
    const MW_ONE_EACH: f64 = 0.31731050786291415;

    #[test]
    fn empty_and_all_tied_periods_give_nulls_and_one() {
        let empty = Dist::of(&[]);
        let some = Dist::of(&[10, 20, 30]);
        assert_eq!(mann_whitney(&empty, &some), None);
        assert_eq!(mann_whitney(&some, &empty), None);
        let d = MedianDiff::of(&empty, &some);
        assert_eq!((d.a, d.b), (None, Some(20)));
        assert_eq!((d.diff, d.p_value, d.likely_real), (None, None, None));

        let tied_a = Dist::of(&[42; 30]);
        let tied_b = Dist::of(&[42; 25]);
        assert_eq!(mann_whitney(&tied_a, &tied_b), Some(1.0));
        let d = MedianDiff::of(&tied_a, &tied_b);
        assert_eq!(
            (d.diff, d.p_value, d.likely_real),
            (Some(0), Some(1.0), Some(false))
        );
    }

    #[test]
    fn a_clear_shift_needs_twenty_times_a_side_to_count() {
        let a: Vec<u32> = (0..19).map(|i| 30 + i).collect();
        let b: Vec<u32> = (0..19).map(|i| 90 + i).collect();
        let d = MedianDiff::of(&Dist::of(&a), &Dist::of(&b));
        assert!(d.p_value.is_some_and(|p| p < 0.001), "{d:?}");
        assert_eq!(d.likely_real, Some(false));
        let a: Vec<u32> = (0..20).map(|i| 30 + i).collect();
        let b: Vec<u32> = (0..20).map(|i| 90 + i).collect();
        let d = MedianDiff::of(&Dist::of(&a), &Dist::of(&b));
        assert_eq!(d.likely_real, Some(true));
        assert_eq!(d.diff, Some(60));
    }

    #[test]
    fn distributions_pick_ranks_as_the_key_numbers_do() {
        let mut values: Vec<u32> = vec![5, 1, 9, 9, 3, 7, 2, 8, 9, 4, 100_000];
        let dist = Dist::of(&values);
        for p in [1, 10, 50, 90, 99, 100] {
            let want = super::super::key_numbers::nearest_rank(&mut values, p);
            assert_eq!(dist.nearest_rank(p), want, "p{p}");
        }
        assert_eq!(dist.len(), 11);
        // Wide and sparse values take the sorting path; the result is the same.
        let wide = Dist::from_parts(&[&[4_000_000_000, 1], &[7, 1]]);
        assert_eq!(wide.runs(), &[(1, 2), (7, 1), (4_000_000_000, 1)]);
        assert_eq!(Dist::of(&[]).nearest_rank(50), None);
    }
}
