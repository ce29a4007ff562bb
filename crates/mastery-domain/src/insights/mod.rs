//! Insights the person can trust: how their state before an attempt (sleep, stress, energy) goes
//! with their confidence and with their results, and how a run of successes goes with the next
//! forecast. The key one is the misreading of the body's signals as incapacity: "after short
//! nights your confidence drops, your results don't".
//!
//! Every insight is a difference in means between two groups of recorded attempts, in points on
//! the 0–100 scale (a forecast of 70% is 70; a success scores 100, a partial 50, a failure 0),
//! with Welch's interval. The rules, so nothing is a black box:
//!
//! - Groups: nights under [`SHORT_NIGHT_HOURS`] h against longer ones; stress of
//!   [`HIGH_STRESS`]–5 against lower; energy of 1–[`LOW_ENERGY`] against higher. A run of
//!   successes: the two previous recorded attempts in the same domain both succeeded, against
//!   neither of them succeeding.
//! - Thresholds: nothing is said about a comparison with fewer than [`MIN_GROUP`] attempts in
//!   either group or fewer than [`MIN_TOTAL`] in all.
//! - Intervals are simultaneous 95% intervals over the [`COMPARISONS`] comparisons made
//!   (Bonferroni: each is a 1 − 0.05/7 interval), so that looking at many relations does not
//!   turn chance into a finding. A relation is reported when its interval excludes zero.
//! - Misreading: confidence is lower in the strained group (interval below zero), results are
//!   not detectably lower (their interval includes zero) and fell by less than confidence did
//!   (estimates compared on the same 0–100 scale). It replaces the plain confidence insight for
//!   that state.
//!
//! Each statement says "goes with", never "causes": these are associations in one person's
//! records, and a later issue's experiments are the way to test a cause.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::attempt::{Outcome, RecordedFacts, State};
use crate::choice::choice;
use crate::ids::DomainId;
use crate::source_mix::{Gap, HIGH_STRESS, LOW_ENERGY, SHORT_NIGHT_HOURS, Source};
use crate::stats::{Interval, Sums, welch};

/// Fewest attempts in each group of a comparison.
pub const MIN_GROUP: usize = 8;
/// Fewest attempts in a comparison overall.
pub const MIN_TOTAL: usize = 20;
/// The comparisons made: confidence and results for each of three states, and momentum.
pub const COMPARISONS: usize = 7;
/// The confidence level of each interval, so that all of them hold together 95% of the time.
pub const LEVEL: f64 = 1.0 - 0.05 / COMPARISONS as f64;

choice! {
    /// What an insight is about.
    InsightKind, Kind {
        /// Confidence goes with a state.
        StateConfidence => "state_confidence",
        /// Results go with a state.
        StateOutcome => "state_outcome",
        /// Confidence goes with a state while results do not.
        StateMisreading => "state_misreading",
        /// Confidence goes with a run of successes.
        Momentum => "momentum",
        /// A source of efficacy has no experiences yet in a domain.
        SourceGap => "source_gap",
    }
}

choice! {
    /// A state measured before an attempt.
    StateMeasure, State { Sleep => "sleep", Stress => "stress", Energy => "energy" }
}

impl StateMeasure {
    /// Whether `state` falls in the strained group, the reference group, or is not measured.
    fn strained(self, state: &State) -> Option<bool> {
        match self {
            StateMeasure::Sleep => state.sleep_hours.map(|s| s.hours() < SHORT_NIGHT_HOURS),
            StateMeasure::Stress => state.stress.map(|r| r.value() >= HIGH_STRESS),
            StateMeasure::Energy => state.energy.map(|r| r.value() <= LOW_ENERGY),
        }
    }

    /// The two groups, in words: (strained, reference).
    fn groups(self) -> (&'static str, &'static str) {
        match self {
            StateMeasure::Sleep => ("after nights under 7 hours", "after longer nights"),
            StateMeasure::Stress => ("when your stress was 4 or 5", "when it was lower"),
            StateMeasure::Energy => ("when your energy was 1 or 2", "when it was higher"),
        }
    }
}

/// One insight: a relation with its size, interval and sample, or a gap in the sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Insight {
    pub kind: InsightKind,
    pub state: Option<StateMeasure>,
    /// For a source gap: the source that has no experience yet, or mostly eroding ones.
    pub source: Option<Source>,
    pub statement: String,
    /// Attempts compared (both groups), or experiences counted for a source gap.
    pub n: usize,
    /// Attempts in the strained (or streak) group and in the reference group.
    pub n_exposed: Option<usize>,
    pub n_reference: Option<usize>,
    /// The difference in means, in points (0–100): confidence for confidence, momentum and
    /// misreading insights, results for outcome insights.
    pub effect: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// For a misreading: the difference in results, with its interval.
    pub outcome_effect: Option<f64>,
    pub outcome_ci_low: Option<f64>,
    pub outcome_ci_high: Option<f64>,
    /// How it was computed, in words.
    pub method: String,
}

impl Insight {
    fn relation(
        kind: InsightKind,
        state: Option<StateMeasure>,
        groups: &Groups,
        interval: Interval,
        statement: String,
    ) -> Self {
        Self {
            kind,
            state,
            source: None,
            statement,
            n: groups.n(),
            n_exposed: Some(groups.exposed.len()),
            n_reference: Some(groups.reference.len()),
            effect: Some(interval.estimate),
            ci_low: Some(interval.low),
            ci_high: Some(interval.high),
            outcome_effect: None,
            outcome_ci_low: None,
            outcome_ci_high: None,
            method: format!(
                "difference in means (exposed − reference) with Welch's {:.2}% interval, simultaneous 95% over {COMPARISONS} comparisons; points on 0–100 (forecast %, success 100 / partial 50 / failure 0)",
                LEVEL * 100.0
            ),
        }
    }
}

/// A gap in the sources of efficacy: nothing to measure, so no effect or interval.
impl From<Gap> for Insight {
    fn from(gap: Gap) -> Self {
        Self {
            kind: InsightKind::SourceGap,
            state: None,
            source: Some(gap.source),
            statement: gap.statement,
            n: gap.experiences,
            n_exposed: None,
            n_reference: None,
            effect: None,
            ci_low: None,
            ci_high: None,
            outcome_effect: None,
            outcome_ci_low: None,
            outcome_ci_high: None,
            method: "a count of recorded experiences of this source in this domain".to_owned(),
        }
    }
}

/// The two groups of a comparison, as running sums of forecasts and results in points.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Groups {
    exposed: Points,
    reference: Points,
}

/// Forecasts and results of one group, in points.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Points {
    confidence: Sums,
    result: Sums,
}

impl Points {
    fn add(&mut self, attempt: &RecordedFacts) {
        self.confidence.add(i64::from(attempt.confidence.value()));
        self.result.add((attempt.outcome.value() * 100.0).round() as i64);
    }

    fn len(&self) -> usize {
        self.confidence.count()
    }

    fn merge(&mut self, other: &Points) {
        self.confidence.merge(&other.confidence);
        self.result.merge(&other.result);
    }
}

impl Groups {
    fn n(&self) -> usize {
        self.exposed.len() + self.reference.len()
    }

    fn merge(&mut self, other: &Groups) {
        self.exposed.merge(&other.exposed);
        self.reference.merge(&other.reference);
    }

    fn big_enough(&self) -> bool {
        self.exposed.len() >= MIN_GROUP && self.reference.len() >= MIN_GROUP && self.n() >= MIN_TOTAL
    }

    fn compare(&self, measure: fn(&Points) -> Sums) -> Option<Interval> {
        welch(measure(&self.exposed).sample()?, measure(&self.reference).sample()?, LEVEL)
    }
}

/// The comparisons behind the state and momentum insights, as running sums: recorded attempts
/// are added one at a time, in time order within each domain, so a history of any length is
/// analysed in constant memory. It serialises, so what was folded can be kept and carried on.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparisons {
    states: [Groups; StateMeasure::ALL.len()],
    momentum: Groups,
    /// Each domain's last two outcomes, oldest first.
    last_two: BTreeMap<DomainId, [Option<Outcome>; 2]>,
}

impl Comparisons {
    /// Adds a recorded attempt, later than every attempt of its domain added before.
    pub fn add(&mut self, attempt: &RecordedFacts) {
        for (groups, measure) in self.states.iter_mut().zip(StateMeasure::ALL) {
            if let Some(strained) = measure.strained(&attempt.state) {
                if strained { &mut groups.exposed } else { &mut groups.reference }.add(attempt);
            }
        }
        let last_two = self.last_two.entry(attempt.domain_id).or_default();
        if let [Some(a), Some(b)] = *last_two {
            match (a == Outcome::Success, b == Outcome::Success) {
                (true, true) => self.momentum.exposed.add(attempt),
                (false, false) => self.momentum.reference.add(attempt),
                _ => {}
            }
        }
        *last_two = [last_two[1], Some(attempt.outcome)];
    }

    /// Adds what `other` folded, of other domains than those added here: the same as adding
    /// its attempts here, so each domain can be folded (and kept) on its own.
    pub fn merge(&mut self, other: &Comparisons) {
        for (groups, theirs) in self.states.iter_mut().zip(&other.states) {
            groups.merge(theirs);
        }
        self.momentum.merge(&other.momentum);
        self.last_two.extend(other.last_two.iter().map(|(domain, last)| (*domain, *last)));
    }

    /// The state and momentum insights of the attempts added.
    pub fn insights(&self) -> Vec<Insight> {
        let mut found: Vec<Insight> =
            self.states.iter().zip(StateMeasure::ALL).flat_map(|(groups, &m)| state_insights(groups, m)).collect();
        found.extend(momentum(&self.momentum));
        found
    }
}

/// The state and momentum insights of recorded `attempts` (order does not matter).
pub fn insights(attempts: &[RecordedFacts]) -> Vec<Insight> {
    let mut ordered: Vec<&RecordedFacts> = attempts.iter().collect();
    ordered.sort_by_key(|a| (a.domain_id, a.planned_at, a.id));
    let mut comparisons = Comparisons::default();
    ordered.into_iter().for_each(|a| comparisons.add(a));
    comparisons.insights()
}

fn state_insights(groups: &Groups, measure: StateMeasure) -> Vec<Insight> {
    if !groups.big_enough() {
        return Vec::new();
    }
    let (Some(confidence), Some(results)) = (groups.compare(|p| p.confidence), groups.compare(|p| p.result)) else {
        return Vec::new();
    };
    let (strained, reference) = measure.groups();
    let sample = format!("n = {} vs {}", groups.exposed.len(), groups.reference.len());
    let misread = confidence.high < 0.0 && !results.excludes_zero() && results.estimate > confidence.estimate;
    if misread {
        let statement = format!(
            "{} your forecasts were {} lower than {reference} ({}; {sample}), while your results were about the same ({}). Your confidence reads this state as \"I can't\" more than your results do. An association in your records, not proof of a cause.",
            capitalise(strained),
            points(-confidence.estimate),
            range(confidence),
            signed_with_range(results),
        );
        let mut insight = Insight::relation(InsightKind::StateMisreading, Some(measure), groups, confidence, statement);
        insight.outcome_effect = Some(results.estimate);
        insight.outcome_ci_low = Some(results.low);
        insight.outcome_ci_high = Some(results.high);
        return vec![insight];
    }
    let relations = [
        (InsightKind::StateConfidence, "forecasts", confidence, ""),
        (InsightKind::StateOutcome, "results", results, "; success 100, partial 50, failure 0"),
    ];
    relations
        .into_iter()
        .filter(|(_, _, interval, _)| interval.excludes_zero())
        .map(|(kind, what, interval, scale)| {
            let statement = format!(
                "{} your {what} were {} than {reference} ({}; {sample}{scale}). An association in your records, not proof of a cause.",
                capitalise(strained),
                higher_or_lower(interval.estimate),
                range(interval),
            );
            Insight::relation(kind, Some(measure), groups, interval, statement)
        })
        .collect()
}

/// Attempts after two successes in a row against attempts after two without a success, in the
/// same domain.
fn momentum(groups: &Groups) -> Option<Insight> {
    if !groups.big_enough() {
        return None;
    }
    let confidence = groups.compare(|p| p.confidence).filter(|i| i.excludes_zero())?;
    let statement = format!(
        "After two successes in a row your next forecast in that domain was {} than after two attempts without a success ({}; n = {} vs {}). An association in your records, not proof of a cause.",
        higher_or_lower(confidence.estimate),
        range(confidence),
        groups.exposed.len(),
        groups.reference.len(),
    );
    Some(Insight::relation(InsightKind::Momentum, None, groups, confidence, statement))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn points(value: f64) -> String {
    format!("{:.0} points", value.abs())
}

fn higher_or_lower(estimate: f64) -> String {
    format!("{} {}", points(estimate), if estimate < 0.0 { "lower" } else { "higher" })
}

fn range(interval: Interval) -> String {
    format!("interval {:+.0} to {:+.0}", interval.low, interval.high)
}

fn signed_with_range(interval: Interval) -> String {
    format!("{:+.0} points, {}", interval.estimate, range(interval))
}

#[cfg(test)]
mod tests;
