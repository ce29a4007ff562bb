//! Measuring change and reliability (SCIENCE.md §5).
//!
//! Between two audits, strength always moves a little: answers vary from one day to the next.
//! Jacobson and Truax's Reliable Change Index says whether a change is larger than that noise,
//! given the scale's spread and reliability in a reference group. Without such norms the change
//! is still shown, but nobody can say whether it is reliable, and Mastery says so.

use serde::Serialize;

/// |RC| above this is reliable change (the two-tailed 5% point of the normal distribution).
pub const RELIABLE_AT: f64 = 1.96;

/// The Reliable Change Index between a pre and a post score, with its intermediate values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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
    }
}
