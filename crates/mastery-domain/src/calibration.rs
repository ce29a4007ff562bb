//! How well forecasts match outcomes: the Brier score, its Murphy decomposition, bias, expected
//! calibration error and per-bin success rates with Wilson intervals (SCIENCE.md §2).
//!
//! Everything is computed from a [`Tally`]: per bin (one per forecast tenth, 11 in all) the
//! count and the sums Σf, Σf², Σo, Σo², Σfo. Those sums are enough to compute every score exactly,
//! whether they come from individual forecasts or from a database that grouped them, so the
//! numbers on screen are the same however the rows were read.

use serde::Serialize;

use crate::attempt::Outcome;
use crate::success::success_rate;

/// Bins per forecast tenth: 0, 0.1, …, 1.
pub const BINS: usize = 11;

/// z for a 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// Below this many forecasts a summary says the evidence is thin.
pub const THIN_EVIDENCE: u64 = 30;

/// Running sums of forecasts and outcomes in one bin.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BinSums {
    pub n: u64,
    pub sum_f: f64,
    pub sum_f2: f64,
    pub sum_o: f64,
    pub sum_o2: f64,
    pub sum_fo: f64,
}

/// Forecast–outcome sums per bin.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub bins: [BinSums; BINS],
}

/// The bin of a forecast probability: its nearest tenth.
pub fn bin_of(forecast: f64) -> usize {
    // Clamped and rounded, so the cast cannot leave 0..=10.
    ((forecast.clamp(0.0, 1.0) * 10.0).round() as usize).min(BINS - 1)
}

impl Tally {
    /// Adds one forecast `f` (a probability) and its outcome `o` (0, 0.5 or 1).
    pub fn add(&mut self, f: f64, o: f64) {
        self.add_group(bin_of(f), 1, f, f * f, o);
    }

    /// Adds `n` forecasts of one bin that share outcome `o`, given their sums Σf and Σf², as a
    /// database returns them grouped.
    pub fn add_group(&mut self, bin: usize, n: u64, sum_f: f64, sum_f2: f64, o: f64) {
        let Some(b) = self.bins.get_mut(bin) else { return };
        let count = n as f64;
        b.n += n;
        b.sum_f += sum_f;
        b.sum_f2 += sum_f2;
        b.sum_o += count * o;
        b.sum_o2 += count * o * o;
        b.sum_fo += sum_f * o;
    }

    /// Adds outcomes grouped by `outcome` for forecast confidence `confidence_percent`.
    pub fn add_outcomes(&mut self, confidence_percent: u8, outcome: Outcome, n: u64) {
        let f = f64::from(confidence_percent) / 100.0;
        let count = n as f64;
        self.add_group(bin_of(f), n, count * f, count * f * f, outcome.value());
    }

    pub fn merge(&mut self, other: &Tally) {
        for (mine, theirs) in self.bins.iter_mut().zip(&other.bins) {
            mine.n += theirs.n;
            mine.sum_f += theirs.sum_f;
            mine.sum_f2 += theirs.sum_f2;
            mine.sum_o += theirs.sum_o;
            mine.sum_o2 += theirs.sum_o2;
            mine.sum_fo += theirs.sum_fo;
        }
    }

    pub fn n(&self) -> u64 {
        self.bins.iter().map(|b| b.n).sum()
    }
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bin {
    /// The bin's forecast value (0, 0.1, …, 1).
    pub forecast: f64,
    pub n: u64,
    pub mean_forecast: f64,
    /// The bin's success rate ([`crate::success`]: partial successes count one half).
    pub success_rate: f64,
    /// 95% Wilson score interval for the success rate.
    pub ci_low: f64,
    pub ci_high: f64,
}

/// Scores of a set of forecasts against their outcomes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub n: u64,
    /// Brier score: mean squared difference between forecast and outcome (0 is perfect).
    pub brier: f64,
    /// Reliability (calibration term): weighted squared gap between forecast and outcome per bin.
    pub reliability: f64,
    /// Resolution: how far bins' outcomes spread from the base rate.
    pub resolution: f64,
    /// Uncertainty of the outcomes themselves: base rate × (1 − base rate).
    pub uncertainty: f64,
    /// Mean forecast minus mean outcome: positive is overconfident, negative underconfident.
    pub bias: f64,
    /// Expected calibration error: weighted mean absolute gap per bin.
    pub ece: f64,
    pub mean_forecast: f64,
    pub success_rate: f64,
    /// Non-empty bins, lowest forecast first.
    pub bins: Vec<Bin>,
}

impl Scores {
    /// Scores of the tallied forecasts; `None` when there are none.
    ///
    /// # Examples
    ///
    /// SCIENCE.md's vectors: the Brier score of four forecasts, and a forecaster who says 90%
    /// five times and succeeds three times (overconfident by 30 points).
    ///
    /// ```
    /// use mastery_domain::calibration::{Scores, Tally};
    ///
    /// let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    /// let mut tally = Tally::default();
    /// for (forecast, outcome) in [(0.1, 0.0), (0.9, 1.0), (0.8, 1.0), (0.3, 0.0)] {
    ///     tally.add(forecast, outcome);
    /// }
    /// let scores = Scores::of(&tally).unwrap();
    /// assert!(close(scores.brier, 0.0375), "{}", scores.brier);
    ///
    /// let mut tally = Tally::default();
    /// for outcome in [1.0, 1.0, 1.0, 0.0, 0.0] {
    ///     tally.add(0.9, outcome);
    /// }
    /// let scores = Scores::of(&tally).unwrap();
    /// assert!(close(scores.brier, 0.33) && close(scores.reliability, 0.09) && close(scores.resolution, 0.0));
    /// assert!(close(scores.uncertainty, 0.24) && close(scores.bias, 0.30) && close(scores.ece, 0.30));
    ///
    /// assert_eq!(Scores::of(&Tally::default()), None, "no forecast, no score");
    /// ```
    pub fn of(tally: &Tally) -> Option<Scores> {
        let n = tally.n();
        if n == 0 {
            return None;
        }
        let total = n as f64;
        let sum = |get: fn(&BinSums) -> f64| tally.bins.iter().map(get).sum::<f64>();
        let (sum_f, sum_o) = (sum(|b| b.sum_f), sum(|b| b.sum_o));
        let squared_error = sum(|b| b.sum_f2 - 2.0 * b.sum_fo + b.sum_o2);
        let base_rate = success_rate(sum_o, n).unwrap_or_default();
        let mut reliability = 0.0;
        let mut resolution = 0.0;
        let mut ece = 0.0;
        let mut bins = Vec::new();
        for (index, b) in tally.bins.iter().enumerate().filter(|(_, b)| b.n > 0) {
            let count = b.n as f64;
            let (mean_f, mean_o) = (b.sum_f / count, success_rate(b.sum_o, b.n).unwrap_or_default());
            reliability += count * (mean_f - mean_o).powi(2);
            resolution += count * (mean_o - base_rate).powi(2);
            ece += count * (mean_o - mean_f).abs();
            let (ci_low, ci_high) = wilson(mean_o, count);
            bins.push(Bin {
                forecast: index as f64 / 10.0,
                n: b.n,
                mean_forecast: mean_f,
                success_rate: mean_o,
                ci_low,
                ci_high,
            });
        }
        Some(Scores {
            n,
            brier: squared_error / total,
            reliability: reliability / total,
            resolution: resolution / total,
            uncertainty: base_rate * (1.0 - base_rate),
            bias: (sum_f - sum_o) / total,
            ece: ece / total,
            mean_forecast: sum_f / total,
            success_rate: base_rate,
            bins,
        })
    }
}

/// The 95% Wilson score interval for a proportion `p` observed over `n` trials.
pub fn wilson(p: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 {
        return (0.0, 1.0);
    }
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// A plain-language reading of `scores` for `subject` ("public speaking", "your forecasts").
pub fn summary(subject: &str, scores: &Scores) -> String {
    let predicted = (scores.mean_forecast * 100.0).round();
    let actual = (scores.success_rate * 100.0).round();
    let gap = (scores.bias * 100.0).round().abs();
    let verdict = match scores.bias {
        b if b <= -0.05 => format!("you under-predict yourself by {gap} points"),
        b if b > 0.10 => format!("you over-predict by {gap} points"),
        b if b > 0.0 => "calibrated and slightly optimistic, which is the healthy place to be".to_owned(),
        _ => "your forecasts match your results closely".to_owned(),
    };
    format!(
        "In {subject} you predicted {predicted}% on average and succeeded {actual}% of the time, partials counting half, over {}: {verdict}.",
        crate::text::count(scores.n, "attempt", "attempts")
    )
}

/// The hard–easy caveat, when the evidence is thin.
pub fn caveat(scores: &Scores) -> Option<String> {
    (scores.n < THIN_EVIDENCE).then(|| {
        format!(
            "With {} this is a first impression. Almost everyone is overconfident on hard tasks and underconfident on easy ones, so compare forecasts at similar difficulty before reading this as a trait.",
            crate::text::count(scores.n, "attempt", "attempts")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scores(pairs: &[(f64, f64)]) -> Scores {
        let mut tally = Tally::default();
        for &(f, o) in pairs {
            tally.add(f, o);
        }
        Scores::of(&tally).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn brier_vector() {
        let s = scores(&[(0.1, 0.0), (0.9, 1.0), (0.8, 1.0), (0.3, 0.0)]);
        assert!(close(s.brier, 0.0375), "{}", s.brier);
    }

    #[test]
    fn decomposition_vector() {
        let outcomes = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0];
        let pairs: Vec<(f64, f64)> =
            outcomes.iter().enumerate().map(|(i, &o)| (if i < 5 { 0.2 } else { 0.8 }, o)).collect();
        let s = scores(&pairs);
        assert!(close(s.brier, 0.16), "{}", s.brier);
        assert!(close(s.reliability, 0.0), "{}", s.reliability);
        assert!(close(s.resolution, 0.09), "{}", s.resolution);
        assert!(close(s.uncertainty, 0.25), "{}", s.uncertainty);
        assert!(close(s.bias, 0.0), "{}", s.bias);
        assert!(close(s.ece, 0.0), "{}", s.ece);
    }

    #[test]
    fn overconfidence_vector() {
        let s = scores(&[(0.9, 1.0), (0.9, 1.0), (0.9, 1.0), (0.9, 0.0), (0.9, 0.0)]);
        assert!(close(s.brier, 0.33), "{}", s.brier);
        assert!(close(s.reliability, 0.09), "{}", s.reliability);
        assert!(close(s.resolution, 0.0), "{}", s.resolution);
        assert!(close(s.uncertainty, 0.24), "{}", s.uncertainty);
        assert!(close(s.bias, 0.30), "{}", s.bias);
        assert!(close(s.ece, 0.30), "{}", s.ece);
        assert_eq!(s.bins.len(), 1);
        assert_eq!((s.bins[0].forecast, s.bins[0].n), (0.9, 5));
    }

    #[test]
    fn wilson_matches_a_reference_value() {
        // 8 of 10: statsmodels proportion_confint(8, 10, method="wilson") = (0.4902, 0.9433).
        let (low, high) = wilson(0.8, 10.0);
        assert!((low - 0.490_162).abs() < 1e-5, "{low}");
        assert!((high - 0.943_318).abs() < 1e-5, "{high}");
    }

    #[test]
    fn grouped_and_single_tallies_agree() {
        let mut single = Tally::default();
        for _ in 0..3 {
            single.add(0.6, 1.0);
        }
        single.add(0.6, 0.5);
        let mut grouped = Tally::default();
        grouped.add_outcomes(60, Outcome::Success, 3);
        grouped.add_outcomes(60, Outcome::Partial, 1);
        let (a, b) = (Scores::of(&single).unwrap(), Scores::of(&grouped).unwrap());
        assert!(close(a.brier, b.brier) && close(a.bias, b.bias) && close(a.ece, b.ece));
    }

    #[test]
    fn summaries_name_the_direction() {
        let under = scores(&[(0.4, 1.0), (0.5, 1.0), (0.5, 0.0), (0.4, 1.0)]);
        let text = summary("public speaking", &under);
        assert!(text.contains("predicted 45%") && text.contains("succeeded 75%"), "{text}");
        assert!(text.contains("under-predict yourself by 30 points"), "{text}");
        assert!(caveat(&under).is_some());
    }

    proptest! {
        #[test]
        fn murphy_decomposition_holds_with_one_value_per_bin(
            pairs in prop::collection::vec((0u8..=10, prop::bool::ANY), 1..200)
        ) {
            let pairs: Vec<(f64, f64)> = pairs.iter().map(|&(c, o)| (f64::from(c) / 10.0, f64::from(u8::from(o)))).collect();
            let s = scores(&pairs);
            prop_assert!((s.brier - (s.reliability - s.resolution + s.uncertainty)).abs() < 1e-9);
        }

        #[test]
        fn bias_is_mean_forecast_minus_mean_outcome(
            pairs in prop::collection::vec((0.0f64..=1.0, prop::sample::select(vec![0.0, 0.5, 1.0])), 1..200)
        ) {
            let s = scores(&pairs);
            let n = pairs.len() as f64;
            let expected = pairs.iter().map(|p| p.0).sum::<f64>() / n - pairs.iter().map(|p| p.1).sum::<f64>() / n;
            prop_assert!((s.bias - expected).abs() < 1e-9);
            prop_assert!(s.brier >= 0.0 && s.ece >= 0.0);
        }
    }
}
