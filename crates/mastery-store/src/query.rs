//! Query shapes and read models shared by every backend.

use std::collections::HashMap;

use jiff::Timestamp;
use mastery_domain::attempt::{Outcome, RecordedFacts};
use mastery_domain::calibration::bin_of;
use mastery_domain::evidence::EvidenceSource;
use mastery_domain::ids::{AttemptId, ChallengeId, DomainId, GoalId};
use mastery_domain::measure::{Confidence, Difficulty};

/// Which attempts to list. Results are ordered by forecast time, then id, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttemptQuery {
    pub domain: Option<DomainId>,
    pub goal: Option<GoalId>,
    pub challenge: Option<ChallengeId>,
    /// Only attempts forecast at or after this instant.
    pub since: Option<Timestamp>,
    /// Only attempts still waiting for their outcome.
    pub pending_only: bool,
    /// Only the newest N matching attempts (still returned oldest first, in one page).
    pub latest: Option<usize>,
    /// At most this many (all when `None`).
    pub limit: Option<usize>,
    /// Continue after the last item of a previous page.
    pub after: Option<Cursor>,
}

/// A position in the attempt order, for keyset pagination (stable under concurrent inserts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub planned_at: Timestamp,
    pub id: AttemptId,
}

/// One page of results and where the next one starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

impl Page<mastery_domain::attempt::Attempt> {
    /// A page from up to `limit + 1` attempts in order: the extra one, if present, only says that
    /// another page follows, and is dropped.
    pub fn of_attempts(mut items: Vec<mastery_domain::attempt::Attempt>, limit: Option<usize>) -> Self {
        let more = limit.is_some_and(|l| items.len() > l);
        if let Some(limit) = limit {
            items.truncate(limit);
        }
        let next = more.then(|| items.last().map(|a| Cursor { planned_at: a.forecast.planned_at, id: a.id })).flatten();
        Self { items, next }
    }
}

/// Counts of recorded outcomes on one rung.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RungStats {
    pub challenge_id: ChallengeId,
    /// Attempts with an outcome (planned-only attempts are not counted).
    pub attempts: u32,
    pub successes: u32,
    pub partials: u32,
}

/// One entry of the evidence file.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceItem {
    pub source: EvidenceSource,
    /// The attempt's or the backfilled record's id.
    pub id: String,
    pub domain_id: DomainId,
    pub at: Timestamp,
    pub title: String,
    pub did: Option<String>,
}

/// A recorded outcome on a rung, as the next-challenge engine reads a goal's history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecentResult {
    /// The rung's difficulty: the difficulty actually attempted.
    pub difficulty: Difficulty,
    pub outcome: Outcome,
}

/// Recorded attempts grouped by domain, month, the person's confidence, outcome and the engine's
/// forecast bin, with the sums calibration needs (see `mastery_domain::calibration::Tally`).
/// One grouped pass serves both the person's and the engine's calibration, and reading groups
/// instead of rows keeps calibration over years of attempts cheap on every backend.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastGroup {
    pub domain_id: DomainId,
    /// `YYYY-MM` of the forecast's local date, when grouped by month.
    pub month: Option<String>,
    pub confidence: Confidence,
    pub outcome: Outcome,
    /// The engine forecast's nearest tenth (0–10); `None` for attempts without one.
    pub engine_bin: Option<u8>,
    pub n: u64,
    /// Σ and Σ² of the engine's forecasts (as probabilities) in the group; 0 without them.
    pub engine_sum: f64,
    pub engine_sum2: f64,
}

impl ForecastGroup {
    /// The groups of recorded attempts already in hand, as a store's `forecast_groups` would
    /// answer for them (in no particular order).
    pub fn of<'a>(facts: impl IntoIterator<Item = &'a RecordedFacts>, by_month: bool) -> Vec<ForecastGroup> {
        type Key = (DomainId, Option<String>, Confidence, Outcome, Option<u8>);
        let mut groups: HashMap<Key, ForecastGroup> = HashMap::new();
        for facts in facts {
            let month = by_month.then(|| facts.planned_on.strftime("%Y-%m").to_string());
            let engine_bin = facts.engine.map(|p| u8::try_from(bin_of(p)).unwrap_or(10));
            let key = (facts.domain_id, month.clone(), facts.confidence, facts.outcome, engine_bin);
            let group = groups.entry(key).or_insert_with(|| ForecastGroup {
                domain_id: facts.domain_id,
                month,
                confidence: facts.confidence,
                outcome: facts.outcome,
                engine_bin,
                n: 0,
                engine_sum: 0.0,
                engine_sum2: 0.0,
            });
            let engine = facts.engine.unwrap_or(0.0);
            group.n += 1;
            group.engine_sum += engine;
            group.engine_sum2 += engine * engine;
        }
        groups.into_values().collect()
    }
}
