//! The few statistics the insights need: means, sample variances, Student's t quantiles and
//! Welch's interval for a difference in means. Written out here (no statistics crate) so the
//! domain stays small and every formula is visible; pinned by values computed with mpmath.

/// A difference in means with its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// True when the whole interval lies on one side of zero.
    pub fn excludes_zero(self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The sample variance (n − 1 in the denominator).
pub fn variance(values: &[f64]) -> Option<f64> {
    let m = mean(values)?;
    (values.len() > 1).then(|| values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64)
}

/// A group of values as Welch's interval reads it: how many, their mean and sample variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub n: usize,
    pub mean: f64,
    pub variance: f64,
}

impl Sample {
    /// The sample of `values`; `None` with fewer than two.
    pub fn of(values: &[f64]) -> Option<Self> {
        Some(Self { n: values.len(), mean: mean(values)?, variance: variance(values)? })
    }
}

/// Running sums of whole numbers (points on a 0–100 scale), kept exactly in integers so that a
/// million values, added in any order, give the same mean and variance: an analysis can fold
/// over a history in constant memory instead of holding it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sums {
    n: u64,
    sum: i128,
    sum_of_squares: i128,
}

impl Sums {
    pub fn add(&mut self, value: i64) {
        self.n += 1;
        self.sum += i128::from(value);
        self.sum_of_squares += i128::from(value) * i128::from(value);
    }

    /// Adds every value `other` holds, as if each had been added here.
    pub fn merge(&mut self, other: &Sums) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_of_squares += other.sum_of_squares;
    }

    pub fn count(&self) -> usize {
        usize::try_from(self.n).unwrap_or(usize::MAX)
    }

    /// The sample: mean Σx/n and variance (nΣx² − (Σx)²) / (n(n − 1)), whose numerator is exact;
    /// `None` with fewer than two values.
    pub fn sample(&self) -> Option<Sample> {
        if self.n < 2 {
            return None;
        }
        let n = i128::from(self.n);
        let spread = n * self.sum_of_squares - self.sum * self.sum;
        Some(Sample {
            n: self.count(),
            mean: self.sum as f64 / self.n as f64,
            variance: spread as f64 / (n * (n - 1)) as f64,
        })
    }
}

/// Welch's interval for mean(a) − mean(b) at `level` (e.g. 0.95): d ± t(1 − α/2, ν) · SE with
/// SE = √(s²_a/n_a + s²_b/n_b) and the Welch–Satterthwaite degrees of freedom
/// ν = SE⁴ / ((s²_a/n_a)²/(n_a − 1) + (s²_b/n_b)²/(n_b − 1)).
/// `None` with fewer than two values in a group, or no variation at all.
pub fn welch(a: Sample, b: Sample, level: f64) -> Option<Interval> {
    if a.n < 2 || b.n < 2 {
        return None;
    }
    let (va, vb) = (a.variance / a.n as f64, b.variance / b.n as f64);
    let se2 = va + vb;
    if se2 <= 0.0 {
        return None;
    }
    let df = se2.powi(2) / (va.powi(2) / (a.n - 1) as f64 + vb.powi(2) / (b.n - 1) as f64);
    let estimate = a.mean - b.mean;
    let half = t_quantile(0.5 + level / 2.0, df) * se2.sqrt();
    Some(Interval { estimate, low: estimate - half, high: estimate + half })
}

/// The `p` quantile (0.5 < p < 1) of Student's t with `df` degrees of freedom: Newton's method
/// on the distribution function, kept inside a bracket that bisection narrows whenever a Newton
/// step would leave it, until a step moves the value by less than 1e-14 of itself. A handful of
/// evaluations of the distribution function, where bisection alone took some fifty (measured: a
/// tenth of a served page's time).
pub fn t_quantile(p: f64, df: f64) -> f64 {
    let mut high = 1.0;
    while t_cdf(high, df) < p && high < 1e9 {
        high *= 2.0;
    }
    let mut low = 0.0;
    let mut t = high / 2.0;
    let density = TDensity::new(df);
    for _ in 0..200 {
        let gap = t_cdf(t, df) - p;
        if gap < 0.0 {
            low = t;
        } else {
            high = t;
        }
        let newton = t - gap / density.at(t);
        let next = if newton > low && newton < high { newton } else { (low + high) / 2.0 };
        let settled = (next - t).abs() <= 1e-14 * next || high - low <= 1e-13 * high;
        t = next;
        if settled {
            break;
        }
    }
    t
}

/// The density of Student's t with `df` degrees of freedom, its constant factor worked out once
/// for the whole search rather than at each step.
struct TDensity {
    df: f64,
    ln_scale: f64,
}

impl TDensity {
    fn new(df: f64) -> Self {
        let ln_scale = ln_gamma((df + 1.0) / 2.0) - ln_gamma(df / 2.0) - 0.5 * (df * std::f64::consts::PI).ln();
        Self { df, ln_scale }
    }

    fn at(&self, t: f64) -> f64 {
        (self.ln_scale - (self.df + 1.0) / 2.0 * (t * t / self.df).ln_1p()).exp()
    }
}

/// P(T ≤ t) for t ≥ 0: 1 − I_x(ν/2, 1/2)/2 with x = ν/(ν + t²).
fn t_cdf(t: f64, df: f64) -> f64 {
    1.0 - 0.5 * beta_regularized(df / 2.0, 0.5, df / (df + t * t))
}

/// The regularised incomplete beta function I_x(a, b), by its continued fraction (modified
/// Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where that converges faster.
fn beta_regularized(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(b, a, 1.0 - x) / b
    }
}

fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    let mut fraction = d;
    for m in 1..500 {
        let m = f64::from(m);
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        fraction *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let step = d * c;
        fraction *= step;
        if (step - 1.0).abs() < 1e-15 {
            break;
        }
    }
    fraction
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine coefficients: about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + G + 0.5;
    let series = C[1..].iter().enumerate().fold(C[0], |sum, (i, c)| sum + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!((actual - expected).abs() < tolerance, "{actual} vs {expected}");
    }

    #[test]
    fn t_quantiles_match_mpmath() {
        for (p, df, expected) in [
            (0.975, 10.0, 2.22813885198627),
            (0.975, 5.0, 2.57058183563631),
            (0.995, 3.0, 5.84090930973336),
            (0.9975, 20.0, 3.15340053290646),
            (0.975, 1.0, 12.7062047361747),
            (0.975, 2.5, 3.57465484200368),
            (0.975, 1000.0, 1.96233908082641),
            (0.9, 4.0, 1.53320627405894),
        ] {
            close(t_quantile(p, df), expected, 1e-9);
        }
    }

    #[test]
    fn welch_matches_mpmath() {
        // SCIENCE.md's Cohen's d vectors.
        let x = [5.0, 6.0, 7.0, 8.0, 9.0, 7.0, 6.0];
        let y = [4.0, 5.0, 5.0, 6.0, 7.0, 5.0, 4.0];
        let interval = welch(Sample::of(&x).unwrap(), Sample::of(&y).unwrap(), 0.95).unwrap();
        close(interval.estimate, 1.714285714285714, 1e-12);
        close(interval.low, 0.291240002833564, 1e-9);
        close(interval.high, 3.13733142573786, 1e-9);
        assert!(interval.excludes_zero());
    }

    #[test]
    fn welch_needs_two_values_a_side_and_some_variation() {
        let sample = |values: &[f64]| Sample::of(values).unwrap();
        assert_eq!(Sample::of(&[1.0]), None);
        assert_eq!(welch(sample(&[3.0, 3.0]), sample(&[1.0, 1.0]), 0.95), None);
        assert!(welch(sample(&[3.0, 3.0]), sample(&[1.0, 2.0]), 0.95).is_some());
        assert_eq!((mean(&[]), variance(&[1.0])), (None, None));
        assert_eq!(variance(&[1.0, 2.0, 3.0, 4.0]), Some(5.0 / 3.0));
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        close(ln_gamma(1.0), 0.0, 1e-13);
        close(ln_gamma(5.0), 24f64.ln(), 1e-13);
        close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-13);
    }

    #[test]
    fn sums_give_the_sample_of_the_values() {
        let values = [100, 50, 0, 100, 100, 70];
        let mut sums = Sums::default();
        values.iter().for_each(|&v| sums.add(v));
        let exact = Sample::of(&values.map(|v| v as f64)).unwrap();
        let summed = sums.sample().unwrap();
        assert_eq!((summed.n, summed.mean), (6, 70.0));
        close(summed.variance, exact.variance, 1e-12);
        close(summed.variance, 1_600.0, 1e-12);
        let mut one = Sums::default();
        one.add(40);
        assert_eq!((one.count(), one.sample()), (1, None));
    }

    proptest! {
        #[test]
        fn intervals_hold_the_estimate_and_widen_with_confidence(
            a in proptest::collection::vec(0.0..100.0f64, 2..40),
            b in proptest::collection::vec(0.0..100.0f64, 2..40),
        ) {
            let (a, b) = (Sample::of(&a).unwrap(), Sample::of(&b).unwrap());
            if let (Some(narrow), Some(wide)) = (welch(a, b, 0.9), welch(a, b, 0.99)) {
                prop_assert!(narrow.low <= narrow.estimate && narrow.estimate <= narrow.high);
                prop_assert!(wide.low <= narrow.low && narrow.high <= wide.high);
                prop_assert_eq!(narrow.estimate, wide.estimate);
            }
        }

        #[test]
        fn sums_agree_with_the_two_pass_sample_in_any_order(values in proptest::collection::vec(0..=100i64, 2..400)) {
            let (mut forward, mut backward) = (Sums::default(), Sums::default());
            values.iter().for_each(|&v| forward.add(v));
            values.iter().rev().for_each(|&v| backward.add(v));
            prop_assert_eq!(forward, backward);
            let summed = forward.sample().unwrap();
            let exact = Sample::of(&values.iter().map(|&v| v as f64).collect::<Vec<_>>()).unwrap();
            prop_assert_eq!(summed.n, exact.n);
            prop_assert!((summed.mean - exact.mean).abs() < 1e-9);
            prop_assert!((summed.variance - exact.variance).abs() < 1e-9 * exact.variance.max(1.0));
        }

        #[test]
        fn t_quantiles_fall_towards_the_normal_as_df_grows(p in 0.6..0.999f64, df in 1.0..200.0f64) {
            let q = t_quantile(p, df);
            prop_assert!(q > 0.0);
            prop_assert!(t_quantile(p, df * 2.0) <= q + 1e-9);
            prop_assert!((t_cdf(q, df) - p).abs() < 1e-12);
        }
    }
}
