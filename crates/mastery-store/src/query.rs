//! Query shapes and read models shared by every backend.

use jiff::Timestamp;
use mastery_domain::attempt::Outcome;
use mastery_domain::evidence::EvidenceSource;
use mastery_domain::ids::{AttemptId, ChallengeId, DomainId, GoalId};

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

/// Whose forecasts: the person's confidence, or the engine's prediction at the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ForecastSource {
    Person,
    Engine,
}

/// Recorded attempts grouped by domain, month, forecast bin and outcome, with the sums that
/// calibration needs (see `mastery_domain::calibration::Tally`). Reading groups instead of rows
/// keeps calibration over years of attempts cheap on every backend.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastGroup {
    pub source: ForecastSource,
    pub domain_id: DomainId,
    /// `YYYY-MM` of the forecast's local date, when grouped by month.
    pub month: Option<String>,
    /// The forecast's nearest tenth, 0–10.
    pub bin: u8,
    pub outcome: Outcome,
    pub n: u64,
    /// Σf and Σf² of the forecasts (as probabilities) in the group.
    pub sum_f: f64,
    pub sum_f2: f64,
}
