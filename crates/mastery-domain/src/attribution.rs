//! How a person explains their outcomes, summed up: the share of successes they credit to
//! themselves, and the share of failures they put down to stable and to controllable causes,
//! overall and month by month. People with low self-efficacy credit successes to luck or an easy
//! task and blame failures on fixed ability; naming that pattern is the first step in changing it
//! (SCIENCE.md §4).
//!
//! The shares, each shown with the counts behind it:
//! - `success_internal_rate` = successes explained internally / successes with a known locus;
//! - `failure_stable_rate` = failures explained by a stable cause / explained failures;
//! - `failure_controllable_rate` = failures explained by a controllable cause / explained failures;
//!
//! where an explained failure has both its stability and its controllability known (a cause
//! other than "other" gives both through Weiner's placements). Partial outcomes are left out:
//! they are neither a clear success nor a clear failure to explain. A share is `None` when
//! nothing is there to divide by.
//!
//! The pattern needs at least [`MIN_EXPLAINED`] explained outcomes on a side before it says
//! anything about that side: fewer than half the successes explained internally is
//! [`AttributionPattern::DiscountedSuccesses`]; more than half the failures explained by stable,
//! uncontrollable causes is [`AttributionPattern::FixedFailures`]; both together is the
//! low-efficacy pattern, [`AttributionPattern::LowEfficacy`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::attempt::{Attempt, Control, Locus, Outcome, RecordedFacts, Stability};
use crate::choice::choice;

/// How the shares are computed, for the person to read beside them.
pub const FORMULA: &str = "success_internal_rate = successes explained internally / successes with a known locus; failure_stable_rate = failures explained by a stable cause / explained failures; failure_controllable_rate = failures explained by a controllable cause / explained failures (an explained failure has known stability and controllability; a cause gives them through Weiner's typical placements). Partials are left out. A pattern is named only with at least 3 explained outcomes on its side: fewer than half the successes internal, or more than half the failures stable and uncontrollable.";

/// [`FORMULA`] in the words the text output labels its numbers with, for people rather than
/// programs (the JSON keeps `FORMULA`, which names its fields).
pub const HOW: &str = "credited to yourself = successes explained internally / successes with a known locus; stable causes = failures explained by a stable cause / explained failures; causes you control = failures explained by a controllable cause / explained failures (an explained failure has known stability and controllability; a cause gives them through Weiner's typical placements). Partials are left out. A pattern is named only with at least 3 explained outcomes on its side: fewer than half the successes internal, or more than half the failures stable and uncontrollable.";

/// Explained outcomes a side needs before the pattern says anything about it.
pub const MIN_EXPLAINED: u32 = 3;

choice! {
    /// The explanatory habit that keeps belief low, or half of it.
    AttributionPattern, Pattern {
        /// Successes put down to outside causes and failures to fixed ones.
        LowEfficacy => "low-efficacy",
        /// Most successes put down to outside causes (luck, an easy task, other people).
        DiscountedSuccesses => "discounted-successes",
        /// Most failures put down to stable causes that cannot be changed (ability).
        FixedFailures => "fixed-failures",
    }
}

impl AttributionPattern {
    /// The pattern in plain words, without judgement.
    pub fn describe(self) -> &'static str {
        match self {
            AttributionPattern::LowEfficacy => {
                "Successes were mostly put down to outside causes and failures to fixed ones: the explanation habit that keeps belief low. Try crediting what you did when it works, and naming what you could change when it doesn't."
            }
            AttributionPattern::DiscountedSuccesses => {
                "Successes were mostly put down to outside causes (luck, an easy task, other people). Your evidence file shows what you did each time; that part was yours."
            }
            AttributionPattern::FixedFailures => {
                "Failures were mostly put down to causes that can't change. Effort, strategy and preparation can: what would you do differently next time?"
            }
        }
    }
}

/// The explanation shares of a set of recorded attempts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttributionShares {
    /// Recorded successes, explained or not.
    pub n_successes: u32,
    /// Recorded failures, explained or not.
    pub n_failures: u32,
    /// Successes with a known locus: the denominator of `success_internal_rate`.
    pub explained_successes: u32,
    /// Failures with known stability and controllability: the denominator of the failure shares.
    pub explained_failures: u32,
    pub success_internal_rate: Option<f64>,
    pub failure_stable_rate: Option<f64>,
    pub failure_controllable_rate: Option<f64>,
    pub pattern: Option<AttributionPattern>,
}

/// [`AttributionShares`] of one calendar month (the person's local month of the forecast).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthShares {
    pub year: i16,
    pub month: i8,
    #[serde(flatten)]
    pub shares: AttributionShares,
}

/// The shares of all `attempts` and of each month that has a success or a failure, oldest first.
pub fn analyse<'a>(attempts: impl IntoIterator<Item = &'a Attempt>) -> (AttributionShares, Vec<MonthShares>) {
    let mut analysis = Analysis::default();
    attempts.into_iter().filter_map(Attempt::facts).for_each(|facts| analysis.add(&facts));
    analysis.shares()
}

/// The counts behind the shares, overall and by month, kept as recorded attempts are added one
/// at a time (in any order): a history of any length is analysed in constant memory. It
/// serialises and merges, so each domain's counts can be kept and added up.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    overall: Tally,
    /// As a list of `[[year, month], counts]`: JSON keys are text.
    #[serde(with = "month_list")]
    months: BTreeMap<(i16, i8), Tally>,
}

impl Analysis {
    pub fn add(&mut self, attempt: &RecordedFacts) {
        let day = attempt.planned_on;
        if self.overall.add(attempt) {
            self.months.entry((day.year(), day.month())).or_default().add(attempt);
        }
    }

    /// Adds every count of `other`, as if its attempts had been added here.
    pub fn merge(&mut self, other: &Analysis) {
        self.overall.merge(&other.overall);
        for (month, tally) in &other.months {
            self.months.entry(*month).or_default().merge(tally);
        }
    }

    /// The shares of every attempt added and of each month that has a success or a failure,
    /// oldest first.
    pub fn shares(&self) -> (AttributionShares, Vec<MonthShares>) {
        let months = self
            .months
            .iter()
            .map(|(&(year, month), tally)| MonthShares { year, month, shares: tally.shares() })
            .collect();
        (self.overall.shares(), months)
    }
}

mod month_list {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::Tally;

    pub fn serialize<S: Serializer>(months: &BTreeMap<(i16, i8), Tally>, out: S) -> Result<S::Ok, S::Error> {
        out.collect_seq(months)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<BTreeMap<(i16, i8), Tally>, D::Error> {
        Ok(Vec::<((i16, i8), Tally)>::deserialize(input)?.into_iter().collect())
    }
}

/// Counts behind the shares.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Tally {
    successes: u32,
    failures: u32,
    successes_with_locus: u32,
    internal_successes: u32,
    explained_failures: u32,
    stable_failures: u32,
    controllable_failures: u32,
    fixed_failures: u32,
}

impl Tally {
    fn merge(&mut self, other: &Tally) {
        self.successes += other.successes;
        self.failures += other.failures;
        self.successes_with_locus += other.successes_with_locus;
        self.internal_successes += other.internal_successes;
        self.explained_failures += other.explained_failures;
        self.stable_failures += other.stable_failures;
        self.controllable_failures += other.controllable_failures;
        self.fixed_failures += other.fixed_failures;
    }

    /// Counts `attempt` if it is a success or failure; says whether it did.
    fn add(&mut self, attempt: &RecordedFacts) -> bool {
        match attempt.outcome {
            Outcome::Success => {
                self.successes += 1;
                if let Some(locus) = attempt.locus {
                    self.successes_with_locus += 1;
                    self.internal_successes += u32::from(locus == Locus::Internal);
                }
            }
            Outcome::Failure => {
                self.failures += 1;
                if let (Some(stability), Some(control)) = (attempt.stability, attempt.control) {
                    let stable = stability == Stability::Stable;
                    let controllable = control == Control::Controllable;
                    self.explained_failures += 1;
                    self.stable_failures += u32::from(stable);
                    self.controllable_failures += u32::from(controllable);
                    self.fixed_failures += u32::from(stable && !controllable);
                }
            }
            Outcome::Partial => return false,
        }
        true
    }

    fn shares(&self) -> AttributionShares {
        let success_internal_rate = rate(self.internal_successes, self.successes_with_locus);
        let fixed_rate = rate(self.fixed_failures, self.explained_failures);
        let discounted = self.successes_with_locus >= MIN_EXPLAINED && success_internal_rate.is_some_and(|r| r < 0.5);
        let fixed = self.explained_failures >= MIN_EXPLAINED && fixed_rate.is_some_and(|r| r > 0.5);
        let pattern = match (discounted, fixed) {
            (true, true) => Some(AttributionPattern::LowEfficacy),
            (true, false) => Some(AttributionPattern::DiscountedSuccesses),
            (false, true) => Some(AttributionPattern::FixedFailures),
            (false, false) => None,
        };
        AttributionShares {
            n_successes: self.successes,
            n_failures: self.failures,
            explained_successes: self.successes_with_locus,
            explained_failures: self.explained_failures,
            success_internal_rate,
            failure_stable_rate: rate(self.stable_failures, self.explained_failures),
            failure_controllable_rate: rate(self.controllable_failures, self.explained_failures),
            pattern,
        }
    }
}

fn rate(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::attempt::{Attribution, Cause};
    use crate::fixtures::attempt;

    /// Two months by hand. October: successes put down to luck, an easy task and effort;
    /// failures to ability twice and strategy once: the low-efficacy pattern. November: successes
    /// to strategy, preparation and (one) nothing; failures to effort, a hard task, an unrated
    /// "other" cause and ability re-rated by the person as unstable and controllable.
    fn history() -> Vec<Attempt> {
        use Cause::*;
        vec![
            attempt("2026-10-02", 30).success(Luck),
            attempt("2026-10-05", 40).success(Difficulty),
            attempt("2026-10-09", 50).success(Effort),
            attempt("2026-10-12", 30).failure(Ability),
            attempt("2026-10-15", 20).failure(Ability),
            attempt("2026-10-20", 40).failure(Strategy),
            attempt("2026-10-25", 50).with(Outcome::Partial, Attribution::new(Some(Effort), None, None, None)),
            attempt("2026-10-28", 50),
            attempt("2026-11-02", 60).success(Strategy),
            attempt("2026-11-04", 60).success(Preparation),
            attempt("2026-11-06", 70).with(Outcome::Success, Attribution::default()),
            attempt("2026-11-10", 60).failure(Effort),
            attempt("2026-11-12", 50).failure(Difficulty),
            attempt("2026-11-16", 60).failure_rated(Some(Other), Some(Locus::Internal), None, None),
            attempt("2026-11-20", 50).failure_rated(
                Some(Ability),
                None,
                Some(Stability::Unstable),
                Some(Control::Controllable),
            ),
        ]
    }

    #[test]
    fn shares_match_hand_computed_values() {
        let (overall, months) = analyse(&history());
        // Successes 6, of which 5 have a locus and 3 are internal (effort, strategy, preparation).
        // Failures 7, of which 6 are explained: stable = ability ×2 + difficulty = 3;
        // controllable = strategy + effort + re-rated ability = 3; fixed = 3 of 6, not a majority.
        assert_eq!(
            overall,
            AttributionShares {
                n_successes: 6,
                n_failures: 7,
                explained_successes: 5,
                explained_failures: 6,
                success_internal_rate: Some(0.6),
                failure_stable_rate: Some(0.5),
                failure_controllable_rate: Some(0.5),
                pattern: None,
            }
        );
        let october = AttributionShares {
            n_successes: 3,
            n_failures: 3,
            explained_successes: 3,
            explained_failures: 3,
            success_internal_rate: Some(1.0 / 3.0),
            failure_stable_rate: Some(2.0 / 3.0),
            failure_controllable_rate: Some(1.0 / 3.0),
            pattern: Some(AttributionPattern::LowEfficacy),
        };
        // November: 2 of 3 successes explained, both internal, too few for a verdict; 3 of 4
        // failures explained, 1 stable (difficulty), 2 controllable.
        let november = AttributionShares {
            n_successes: 3,
            n_failures: 4,
            explained_successes: 2,
            explained_failures: 3,
            success_internal_rate: Some(1.0),
            failure_stable_rate: Some(1.0 / 3.0),
            failure_controllable_rate: Some(2.0 / 3.0),
            pattern: None,
        };
        assert_eq!(
            months,
            vec![
                MonthShares { year: 2026, month: 10, shares: october },
                MonthShares { year: 2026, month: 11, shares: november },
            ]
        );
    }

    #[test]
    fn each_half_of_the_pattern_is_named_on_its_own() {
        use Cause::*;
        let lucky: Vec<Attempt> = (1..=3).map(|d| attempt(&format!("2026-01-0{d}"), 50).success(Luck)).collect();
        assert_eq!(analyse(&lucky).0.pattern, Some(AttributionPattern::DiscountedSuccesses));
        let fixed: Vec<Attempt> = (1..=3).map(|d| attempt(&format!("2026-01-0{d}"), 50).failure(Ability)).collect();
        assert_eq!(analyse(&fixed).0.pattern, Some(AttributionPattern::FixedFailures));
        assert_eq!(analyse(&fixed[..2]).0.pattern, None, "two failures are too few to call a pattern");
    }

    #[test]
    fn nothing_recorded_gives_no_shares() {
        let (overall, months) = analyse(&[attempt("2026-01-01", 50)]);
        assert_eq!((overall.n_successes, overall.success_internal_rate, overall.pattern), (0, None, None));
        assert!(months.is_empty());
    }

    #[test]
    fn patterns_are_described_without_blame() {
        for pattern in AttributionPattern::ALL {
            let text = pattern.describe().to_lowercase();
            assert!(!text.contains("lack") && !text.contains("you failed"), "{text}");
        }
    }

    fn any_attempt() -> impl Strategy<Value = Attempt> {
        let dims = (
            proptest::option::of(proptest::sample::select(Cause::ALL)),
            proptest::option::of(proptest::sample::select(Locus::ALL)),
            proptest::option::of(proptest::sample::select(Stability::ALL)),
            proptest::option::of(proptest::sample::select(Control::ALL)),
        );
        (1u8..=28, 1u8..=12, proptest::option::of(proptest::sample::select(Outcome::ALL)), dims).prop_map(
            |(day, month, outcome, (cause, locus, stability, control))| {
                let planned = attempt(&format!("2026-{month:02}-{day:02}"), 50);
                match outcome {
                    Some(outcome) => planned.with(outcome, Attribution::new(cause, locus, stability, control)),
                    None => planned,
                }
            },
        )
    }

    proptest! {
        #[test]
        fn shares_are_rates_and_months_add_up(attempts in proptest::collection::vec(any_attempt(), 0..60)) {
            let (overall, months) = analyse(&attempts);
            for rate in [overall.success_internal_rate, overall.failure_stable_rate, overall.failure_controllable_rate].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&rate));
            }
            prop_assert!(overall.explained_successes <= overall.n_successes);
            prop_assert!(overall.explained_failures <= overall.n_failures);
            let sum = |f: fn(&AttributionShares) -> u32| months.iter().map(|m| f(&m.shares)).sum::<u32>();
            prop_assert_eq!(sum(|s| s.n_successes), overall.n_successes);
            prop_assert_eq!(sum(|s| s.n_failures), overall.n_failures);
            prop_assert_eq!(sum(|s| s.explained_failures), overall.explained_failures);
            prop_assert!(months.windows(2).all(|w| (w[0].year, w[0].month) < (w[1].year, w[1].month)));
            if overall.pattern == Some(AttributionPattern::LowEfficacy) {
                prop_assert!(overall.explained_successes >= MIN_EXPLAINED && overall.explained_failures >= MIN_EXPLAINED);
            }
        }

        /// Counts split at any point, one part kept as JSON and read back, then merged, are the
        /// counts of the whole.
        #[test]
        fn analyses_split_kept_and_merged_are_the_whole(
            attempts in proptest::collection::vec(any_attempt(), 0..60),
            split in 0usize..60,
        ) {
            let facts: Vec<RecordedFacts> = attempts.iter().filter_map(Attempt::facts).collect();
            let (first, second) = facts.split_at(split.min(facts.len()));
            let fold = |part: &[RecordedFacts]| {
                let mut analysis = Analysis::default();
                part.iter().for_each(|a| analysis.add(a));
                analysis
            };
            let kept: Analysis = serde_json::from_str(&serde_json::to_string(&fold(first)).unwrap()).unwrap();
            prop_assert_eq!(&kept, &fold(first));
            let mut merged = kept;
            merged.merge(&fold(second));
            prop_assert_eq!(merged, fold(&facts));
        }
    }
}
