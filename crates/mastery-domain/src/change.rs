//! Measuring change and reliability (SCIENCE.md §5).
//!
//! Between two audits, strength always moves a little: answers vary from one day to the next.
//! Jacobson and Truax's Reliable Change Index says whether a change is larger than that noise,
//! given the scale's spread and reliability in a reference group. Without such norms the change
//! is still shown, but nobody can say whether it is reliable, and Mastery says so.
//!
//! For a group, Cohen's d and Hedges' g say how large a difference in means is in units of the
//! scores' spread, so that a coach can compare it across scales; g corrects d's upward bias in
//! small groups, which is the usual size of a coaching cohort.

use serde::Serialize;

use crate::stats::{mean, variance};

/// |RC| above this is reliable change (the two-tailed 5% point of the normal distribution).
pub const RELIABLE_AT: f64 = 1.96;

/// The Reliable Change Index between a pre and a post score, with its intermediate values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReliableChange {
    /// Standard error of measurement: S_E = SD · √(1 − r).
    pub s_e: f64,
    /// Standard error of the difference: S_diff = √(2 · S_E²).
    pub s_diff: f64,
    /// RC = (post − pre) / S_diff.
    pub rc: f64,
    /// |RC| > 1.96.
    pub reliable: bool,
}

impl ReliableChange {
    /// The RCI for a change from `pre` to `post` on a scale whose scores have standard deviation
    /// `sd` and reliability `reliability` (strictly between 0 and 1) in a reference group.
    ///
    /// # Examples
    ///
    /// SCIENCE.md's vector: from 20 to 28 on a scale with SD 7.5 and reliability .85 is a large
    /// change, yet just short of a reliable one.
    ///
    /// ```
    /// use mastery_domain::change::ReliableChange;
    ///
    /// let change = ReliableChange::new(20.0, 28.0, 7.5, 0.85);
    /// let close = |a: f64, b: f64| (a - b).abs() < 5e-5;
    /// assert!(close(change.s_e, 2.9047) && close(change.s_diff, 4.1079) && close(change.rc, 1.9475));
    /// assert!(!change.reliable, "|RC| must exceed 1.96");
    /// assert!(ReliableChange::new(20.0, 29.0, 7.5, 0.85).reliable);
    /// ```
    pub fn new(pre: f64, post: f64, sd: f64, reliability: f64) -> Self {
        let s_e = sd * (1.0 - reliability).sqrt();
        let s_diff = (2.0 * s_e * s_e).sqrt();
        let rc = (post - pre) / s_diff;
        Self { s_e, s_diff, rc, reliable: rc.abs() > RELIABLE_AT }
    }

    /// How the index was computed.
    pub fn explain(&self, pre: f64, post: f64, sd: f64, reliability: f64) -> String {
        let verdict = if self.reliable { "reliable change" } else { "not reliable change" };
        format!(
            "S_E = {sd} × √(1 − {reliability}) = {:.4}; S_diff = √(2 × S_E²) = {:.4}; RC = ({post:.1} − {pre:.1}) / {:.4} = {:.4}; |RC| {} 1.96: {verdict}",
            self.s_e,
            self.s_diff,
            self.s_diff,
            self.rc,
            if self.reliable { ">" } else { "≤" },
        )
    }
}

/// The two-sided 95% point of the normal distribution, for the large-sample interval around g.
/// Numerically the same as [`RELIABLE_AT`], but a different claim (an interval's width, not a
/// threshold for one person's change), so each has its own name.
pub const Z_95: f64 = 1.96;

/// A standardised difference in means between two groups (SCIENCE.md §5), with the values it was
/// computed from so that a page can show its working.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectSize {
    /// Size of the first group (`x`).
    pub n1: usize,
    /// Size of the second group (`y`).
    pub n2: usize,
    /// mean(x) − mean(y).
    pub difference: f64,
    /// s_p = √(((n₁ − 1)s²_x + (n₂ − 1)s²_y) / (n₁ + n₂ − 2)), with sample variances.
    pub pooled_sd: f64,
    /// Cohen's d = (mean(x) − mean(y)) / s_p.
    pub d: f64,
    /// The small-sample correction J = 1 − 3 / (4(n₁ + n₂) − 9).
    pub j: f64,
    /// Hedges' g = J · d.
    pub g: f64,
    /// The large-sample standard error of g: √((n₁ + n₂)/(n₁n₂) + g²/(2(n₁ + n₂))).
    pub se: f64,
    /// g − 1.96 · SE.
    pub low: f64,
    /// g + 1.96 · SE.
    pub high: f64,
}

impl EffectSize {
    /// Cohen's d and Hedges' g of `x` against `y` (positive when x's mean is higher), with a 95%
    /// interval for g. `None` when either group has fewer than two values (no sample variance)
    /// or the pooled standard deviation is zero (every value equal within its group: a
    /// difference in units of a spread that does not exist means nothing).
    pub fn of(x: &[f64], y: &[f64]) -> Option<Self> {
        let (n1, n2) = (x.len(), y.len());
        let (var_x, var_y) = (variance(x)?, variance(y)?);
        let (a, b) = (n1 as f64, n2 as f64);
        let pooled_sd = (((a - 1.0) * var_x + (b - 1.0) * var_y) / (a + b - 2.0)).sqrt();
        if !(pooled_sd > 0.0 && pooled_sd.is_finite()) {
            return None;
        }
        let difference = mean(x)? - mean(y)?;
        let d = difference / pooled_sd;
        let j = 1.0 - 3.0 / (4.0 * (a + b) - 9.0);
        let g = j * d;
        let se = ((a + b) / (a * b) + g * g / (2.0 * (a + b))).sqrt();
        Some(Self { n1, n2, difference, pooled_sd, d, j, g, se, low: g - Z_95 * se, high: g + Z_95 * se })
    }

    /// True when the whole 95% interval for g lies on one side of zero.
    pub fn excludes_zero(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }

    /// How g and its interval were computed.
    pub fn explain(&self) -> String {
        format!(
            "Cohen's d = difference in means / pooled SD = {:.4} / {:.4} = {:.4}; J = 1 − 3 / (4 × {} − 9) = {:.4}; Hedges' g = J × d = {:.4}; SE = {:.4}; 95% interval {:.4} to {:.4}",
            self.difference,
            self.pooled_sd,
            self.d,
            self.n1 + self.n2,
            self.j,
            self.g,
            self.se,
            self.low,
            self.high,
        )
    }
}

/// Cohen's d of `x` against `y` with the pooled standard deviation; `None` when undefined (see
/// [`EffectSize::of`]).
pub fn cohens_d(x: &[f64], y: &[f64]) -> Option<f64> {
    EffectSize::of(x, y).map(|e| e.d)
}

/// Hedges' g of `x` against `y`; `None` when undefined (see [`EffectSize::of`]).
pub fn hedges_g(x: &[f64], y: &[f64]) -> Option<f64> {
    EffectSize::of(x, y).map(|e| e.g)
}

/// Cronbach's α for `items`, each holding every respondent's score on that item (respondents in
/// the same order): α = k/(k−1) · (1 − Σ σ²_i / σ²_X), with sample variances. `None` with fewer
/// than two items or two respondents, or when the total scores do not vary.
pub fn cronbach_alpha(items: &[Vec<f64>]) -> Option<f64> {
    let k = items.len();
    let n = items.first()?.len();
    if k < 2 || n < 2 || items.iter().any(|i| i.len() != n) {
        return None;
    }
    let totals: Vec<f64> = (0..n).map(|r| items.iter().map(|i| i[r]).sum()).collect();
    let total_variance = sample_variance(&totals);
    if total_variance == 0.0 {
        return None;
    }
    let item_variances: f64 = items.iter().map(|i| sample_variance(i)).sum();
    let k = k as f64;
    Some(k / (k - 1.0) * (1.0 - item_variances / total_variance))
}

fn sample_variance(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 5e-5
    }

    /// SCIENCE.md's vector: pre 20, post 28, SD 7.5, r = .85.
    #[test]
    fn rci_matches_the_science_vector() {
        let change = ReliableChange::new(20.0, 28.0, 7.5, 0.85);
        assert!(close(change.s_e, 2.9047), "S_E = {}", change.s_e);
        assert!(close(change.s_diff, 4.1079), "S_diff = {}", change.s_diff);
        assert!(close(change.rc, 1.9475), "RC = {}", change.rc);
        assert!(!change.reliable, "1.9475 is below 1.96");
        assert_eq!(
            change.explain(20.0, 28.0, 7.5, 0.85),
            "S_E = 7.5 × √(1 − 0.85) = 2.9047; S_diff = √(2 × S_E²) = 4.1079; RC = (28.0 − 20.0) / 4.1079 = 1.9475; |RC| ≤ 1.96: not reliable change"
        );
    }

    #[test]
    fn a_larger_change_is_reliable_either_way() {
        assert!(ReliableChange::new(20.0, 29.0, 7.5, 0.85).reliable);
        let drop = ReliableChange::new(50.0, 30.0, 7.5, 0.85);
        assert!(drop.reliable && drop.rc < 0.0);
    }

    /// SCIENCE.md's vector: α = 0.923497.
    #[test]
    fn alpha_matches_the_science_vector() {
        let items = [
            vec![3.0, 4.0, 3.0, 2.0, 4.0, 1.0],
            vec![3.0, 4.0, 4.0, 2.0, 3.0, 2.0],
            vec![2.0, 4.0, 3.0, 2.0, 4.0, 1.0],
            vec![3.0, 3.0, 4.0, 1.0, 4.0, 2.0],
        ];
        let alpha = cronbach_alpha(&items).unwrap();
        assert!((alpha - 0.923_497).abs() < 5e-7, "α = {alpha}");
    }

    /// SCIENCE.md's vector: x = [5,6,7,8,9,7,6], y = [4,5,5,6,7,5,4] → d = 1.410951,
    /// g = 1.320891; the interval's bounds computed with Python's `statistics` module.
    #[test]
    fn effect_size_matches_the_science_vector() {
        let x = [5.0, 6.0, 7.0, 8.0, 9.0, 7.0, 6.0];
        let y = [4.0, 5.0, 5.0, 6.0, 7.0, 5.0, 4.0];
        let e = EffectSize::of(&x, &y).unwrap();
        let near = |actual: f64, expected: f64| assert!((actual - expected).abs() < 5e-7, "{actual} vs {expected}");
        near(e.d, 1.410_951);
        near(e.g, 1.320_891);
        near(e.j, 0.936_170);
        near(e.pooled_sd, 1.214_986);
        near(e.se, 0.589_938);
        near(e.low, 0.164_612);
        near(e.high, 2.477_169);
        assert_eq!((e.n1, e.n2), (7, 7));
        assert!(e.excludes_zero());
        assert_eq!(cohens_d(&x, &y), Some(e.d));
        assert_eq!(hedges_g(&x, &y), Some(e.g));
        let back = EffectSize::of(&y, &x).unwrap();
        near(back.g, -1.320_891);
        near(back.low, -2.477_169);
        assert_eq!(
            e.explain(),
            "Cohen's d = difference in means / pooled SD = 1.7143 / 1.2150 = 1.4110; J = 1 − 3 / (4 × 14 − 9) = 0.9362; Hedges' g = J × d = 1.3209; SE = 0.5899; 95% interval 0.1646 to 2.4772"
        );
    }

    #[test]
    fn effect_size_needs_two_values_a_side_and_some_spread() {
        assert_eq!(EffectSize::of(&[1.0], &[1.0, 2.0]), None);
        assert_eq!(EffectSize::of(&[1.0, 2.0], &[]), None);
        assert_eq!(EffectSize::of(&[3.0, 3.0], &[1.0, 1.0]), None);
        assert_eq!(cohens_d(&[3.0, 3.0, 3.0], &[1.0, 1.0]), None);
        // One group may lack spread when the other has some.
        let e = EffectSize::of(&[3.0, 3.0], &[1.0, 2.0]).unwrap();
        // s²_p = (1 × 0 + 1 × 0.5) / 2 = 0.25; d = 1.5 / 0.5 = 3.
        assert!((e.pooled_sd - 0.5).abs() < 1e-12 && (e.d - 3.0).abs() < 1e-12, "{e:?}");
    }

    #[test]
    fn alpha_needs_two_items_two_respondents_and_variance() {
        assert_eq!(cronbach_alpha(&[]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0, 2.0]]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0], vec![2.0]]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0, 1.0], vec![2.0, 2.0]]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0, 2.0], vec![2.0]]), None);
    }

    proptest! {
        #[test]
        fn rci_is_antisymmetric_and_scales_with_the_change(
            pre in 0.0f64..=100.0, post in 0.0f64..=100.0, sd in 0.5f64..=40.0, r in 0.01f64..0.99,
        ) {
            let forward = ReliableChange::new(pre, post, sd, r);
            let back = ReliableChange::new(post, pre, sd, r);
            prop_assert!((forward.rc + back.rc).abs() < 1e-9);
            prop_assert_eq!(forward.reliable, back.reliable);
            prop_assert!(forward.s_diff > 0.0);
        }

        #[test]
        fn g_shrinks_d_and_its_interval_holds_it(
            x in proptest::collection::vec(0.0..100.0f64, 2..30),
            y in proptest::collection::vec(0.0..100.0f64, 2..30),
        ) {
            if let Some(e) = EffectSize::of(&x, &y) {
                prop_assert!(e.j > 0.0 && e.j < 1.0);
                prop_assert!(e.g.abs() <= e.d.abs());
                prop_assert!(e.low < e.g && e.g < e.high);
                let back = EffectSize::of(&y, &x).unwrap();
                prop_assert!((e.g + back.g).abs() < 1e-9);
            }
        }
    }
}
