//! The SQL and row decoding of attempts: whole attempts, their recorded numbers, the groups
//! calibration reads, and the counts per rung.

use mastery_domain::attempt::{Attempt, Attribution, Forecast, Record, RecordedFacts, State};
use mastery_domain::measure::Confidence;
use mastery_store::{ForecastGroup, RungStats, StoreError};

use super::{Query, int_of, text_of};
use crate::codec::{Columns, micros};

macro_rules! attempt_select {
    () => {
        "SELECT id, challenge_id, goal_id, domain_id, confidence, sleep_hours, energy, stress,
                planned_at, planned_on, outcome, effort, did, because, cause, locus, stability, control,
                lesson, recorded_at, engine_forecast
         FROM attempts"
    };
}

pub(super) const ATTEMPT_SELECT: &str = attempt_select!();

pub(super) const ATTEMPT_BY_ID: &str = concat!(attempt_select!(), " WHERE user_id = ?1 AND id = ?2");

/// What the analyses read of recorded attempts; two texts, with and without a domain, so each
/// plan can use its index. In the order of `attempts_by_domain`, which holds every column read, so
/// the rows stream from the index without a sort or a visit to the table.
macro_rules! recorded_facts {
    ($filter:literal) => {
        concat!(
            "SELECT id, domain_id, planned_at, planned_on, confidence, engine_forecast, sleep_hours, energy, stress,
                    outcome, locus, stability, control
             FROM attempts WHERE user_id = ?1 AND outcome IS NOT NULL",
            $filter,
            " ORDER BY domain_id, planned_at, id"
        )
    };
}

pub(super) const RECORDED_FACTS: &str = recorded_facts!("");

pub(super) const RECORDED_FACTS_IN_DOMAIN: &str = recorded_facts!(" AND domain_id = ?2");

/// A domain's recorded attempts after a kept fold's last one, a range of the same index.
pub(super) const RECORDED_FACTS_AFTER: &str = recorded_facts!(" AND domain_id = ?2 AND (planned_at, id) > (?3, ?4)");

/// Calibration's groups, every month together, from the counts the triggers keep
/// (`forecast_counts`). A text per filter: a condition such as `(?2 IS NULL OR domain_id = ?2)`
/// would keep the plan from narrowing the key to one domain.
macro_rules! forecast_counts {
    ($filter:literal) => {
        concat!(
            "SELECT domain_id, NULL AS month, confidence, outcome, nullif(engine_bin, -1) AS engine_bin, n,
                    engine_sum, engine_sum2
             FROM forecast_counts WHERE user_id = ?1",
            $filter
        )
    };
}

/// The same by month, from `forecast_months`.
macro_rules! forecast_months {
    ($filter:literal) => {
        concat!(
            "SELECT domain_id, month, confidence, outcome, nullif(engine_bin, -1) AS engine_bin, n,
                    engine_sum, engine_sum2
             FROM forecast_months WHERE user_id = ?1",
            $filter
        )
    };
}

pub(super) const FORECAST_GROUPS: &str = forecast_counts!("");

pub(super) const FORECAST_GROUPS_IN_DOMAIN: &str = forecast_counts!(" AND domain_id = ?2");

pub(super) const FORECAST_GROUPS_BY_MONTH: &str = forecast_months!("");

pub(super) const FORECAST_GROUPS_BY_MONTH_IN_DOMAIN: &str = forecast_months!(" AND domain_id = ?2");

/// Recorded attempts grouped for calibration as `forecast_counts` groups them, over a span of
/// recording times, through `attempts_by_record`, which holds them in the order of recording.
pub(super) const FORECASTS_RECORDED_BETWEEN: &str = "SELECT domain_id, NULL AS month, confidence, outcome,
            CAST(round(engine_forecast * 10) AS INTEGER) AS engine_bin, count(*) AS n,
            total(engine_forecast) AS engine_sum, total(engine_forecast * engine_forecast) AS engine_sum2
     FROM attempts
     WHERE user_id = ?1 AND outcome IS NOT NULL AND recorded_at >= ?2 AND recorded_at < ?3
     GROUP BY domain_id, confidence, outcome, CAST(round(engine_forecast * 10) AS INTEGER)";

pub(super) fn confidence(c: &Columns) -> Result<Confidence, StoreError> {
    u8::try_from(c.int("confidence")?)
        .ok()
        .and_then(|v| Confidence::new(v).ok())
        .ok_or_else(|| StoreError::Corrupt("confidence out of range".into()))
}

pub(super) fn state(c: &Columns) -> Result<State, StoreError> {
    Ok(State {
        sleep_hours: c.opt_sleep("sleep_hours")?,
        energy: c.opt_rating("energy")?,
        stress: c.opt_rating("stress")?,
    })
}

pub(super) fn facts_row(c: &Columns) -> Result<RecordedFacts, StoreError> {
    Ok(RecordedFacts {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        planned_at: c.timestamp("planned_at")?,
        planned_on: c.date("planned_on")?,
        confidence: confidence(c)?,
        engine: c.opt_real("engine_forecast")?,
        state: state(c)?,
        outcome: c.parsed("outcome")?,
        locus: c.opt_parsed("locus")?,
        stability: c.opt_parsed("stability")?,
        control: c.opt_parsed("control")?,
    })
}

pub(super) fn attempt_row(c: &Columns) -> Result<Attempt, StoreError> {
    let record = match c.opt_parsed("outcome")? {
        None => None,
        Some(outcome) => Some(Record {
            outcome,
            effort: c.opt_rating("effort")?,
            did: c.opt_text("did")?,
            because: c.opt_text("because")?,
            attribution: Attribution {
                cause: c.opt_parsed("cause")?,
                locus: c.opt_parsed("locus")?,
                stability: c.opt_parsed("stability")?,
                control: c.opt_parsed("control")?,
            },
            lesson: c.opt_text("lesson")?,
            recorded_at: c.timestamp("recorded_at")?,
        }),
    };
    Ok(Attempt {
        id: c.parsed("id")?,
        challenge_id: c.parsed("challenge_id")?,
        goal_id: c.parsed("goal_id")?,
        domain_id: c.parsed("domain_id")?,
        forecast: Forecast {
            confidence: confidence(c)?,
            engine: c.opt_real("engine_forecast")?,
            state: state(c)?,
            planned_at: c.timestamp("planned_at")?,
            planned_on: c.date("planned_on")?,
        },
        record,
    })
}

pub(super) fn forecast_group_row(c: &Columns) -> Result<ForecastGroup, StoreError> {
    let corrupt = |column: &str, e: std::num::TryFromIntError| StoreError::Corrupt(format!("{column}: {e}"));
    let confidence = u8::try_from(c.int("confidence")?).map_err(|e| corrupt("confidence", e))?;
    Ok(ForecastGroup {
        domain_id: c.parsed("domain_id")?,
        month: c.opt_text("month")?,
        confidence: Confidence::new(confidence).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        outcome: c.parsed("outcome")?,
        engine_bin: c.opt_int("engine_bin")?.map(u8::try_from).transpose().map_err(|e| corrupt("engine_bin", e))?,
        n: u64::try_from(c.int("n")?).map_err(|e| corrupt("n", e))?,
        engine_sum: c.real("engine_sum")?,
        engine_sum2: c.real("engine_sum2")?,
    })
}

pub(super) fn rung_stats_row(c: &Columns) -> Result<RungStats, StoreError> {
    let count = |column: &str| {
        c.int(column).and_then(|v| u32::try_from(v).map_err(|e| StoreError::Corrupt(format!("{column}: {e}"))))
    };
    Ok(RungStats {
        challenge_id: c.parsed("challenge_id")?,
        attempts: count("attempts")?,
        successes: count("successes")?,
        partials: count("partials")?,
    })
}

/// Binds every attempt column in the order `INSERT_ATTEMPT` and `UPDATE_ATTEMPT` expect.
pub(super) fn bind_attempt(query: Query, a: &Attempt, user: &str) -> Query {
    let state = &a.forecast.state;
    let record = a.record.as_ref();
    let attribution = record.map(|r| r.attribution).unwrap_or_default();
    query
        .bind(a.id.to_string())
        .bind(user.to_owned())
        .bind(a.challenge_id.to_string())
        .bind(a.goal_id.to_string())
        .bind(a.domain_id.to_string())
        .bind(i64::from(a.forecast.confidence.value()))
        .bind(state.sleep_hours.map(|s| s.hours()))
        .bind(int_of(state.energy))
        .bind(int_of(state.stress))
        .bind(micros(a.forecast.planned_at))
        .bind(a.forecast.planned_on.to_string())
        .bind(text_of(record.map(|r| r.outcome)))
        .bind(int_of(record.and_then(|r| r.effort)))
        .bind(record.and_then(|r| r.did.clone()))
        .bind(record.and_then(|r| r.because.clone()))
        .bind(text_of(attribution.cause))
        .bind(text_of(attribution.locus))
        .bind(text_of(attribution.stability))
        .bind(text_of(attribution.control))
        .bind(record.and_then(|r| r.lesson.clone()))
        .bind(record.map(|r| micros(r.recorded_at)))
        .bind(a.forecast.engine)
}

pub(super) const INSERT_ATTEMPT: &str =
    "INSERT INTO attempts (id, user_id, challenge_id, goal_id, domain_id, confidence,
        sleep_hours, energy, stress, planned_at, planned_on, outcome, effort, did, because, cause, locus,
        stability, control, lesson, recorded_at, engine_forecast)
    SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22
    -- The challenge, its goal and the goal's domain must be this user's and belong together;
    -- checking here saves a round trip on the hot path.
    WHERE EXISTS (SELECT 1 FROM challenges c JOIN goals g ON g.id = c.goal_id
                  WHERE c.id = ?3 AND c.user_id = ?2 AND g.id = ?4 AND g.domain_id = ?5 AND g.user_id = ?2)";

/// The rung stays: moving an attempt to another rung is a deletion and a new attempt.
pub(super) const UPDATE_ATTEMPT: &str = "UPDATE attempts SET
        confidence = ?6, sleep_hours = ?7, energy = ?8, stress = ?9, planned_at = ?10, planned_on = ?11,
        engine_forecast = ?22, outcome = ?12, effort = ?13, did = ?14, because = ?15, cause = ?16, locus = ?17, stability = ?18,
        control = ?19, lesson = ?20, recorded_at = ?21
    WHERE id = ?1 AND user_id = ?2";
