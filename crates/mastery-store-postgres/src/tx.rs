//! The [`Transaction`] implementation: one SQL statement per port method, every one filtered on
//! the transaction's user (bound as `$1` by [`PgTx::query`]).
//!
//! On PostgreSQL a failed statement aborts the whole transaction, while the port promises that a
//! refused write leaves it usable. So no statement here is expected to fail: inserts say
//! `ON CONFLICT DO NOTHING` and guard their parent with `WHERE EXISTS`, and when one writes
//! nothing [`PgTx::insert`] asks which it was, a missing parent or a taken key. Updates that can
//! break a unique key (a domain's or a goal's slug) run in a savepoint instead.

use jiff::Timestamp;
use mastery_domain::Field;
use mastery_domain::attempt::{Attempt, Attribution, Forecast, Record, RecordedFacts, State};
use mastery_domain::audit::Audit;
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::{Checkin, Measures};
use mastery_domain::domain::Domain;
use mastery_domain::evidence::{BackfilledEvidence, EvidenceSource};
use mastery_domain::feedback::Feedback;
use mastery_domain::goal::{Goal, Target};
use mastery_domain::ids::{AttemptId, ChallengeId, DomainId, GoalId, UserId};
use mastery_domain::measure::{Confidence, Difficulty};
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::Scale;
use mastery_domain::text::Name;
use mastery_store::{
    AttemptQuery, Cursor, EvidenceItem, ForecastGroup, Page, RecentResult, RungStats, StoreError, Transaction,
};
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{Connection, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::codec::{At, Columns, corrupt, day, instant, small, store_error, text, unique_error};

mod celebration;
mod facts;
mod fold;
mod practice;
mod program;
mod reattribution;
mod revision;
mod sync;

/// The condition that an attempt's rung, goal and domain are the user's and belong together,
/// with the placeholders of the user, the rung, the goal and the domain.
macro_rules! rung_of_attempt {
    ($user:literal, $challenge:literal, $goal:literal, $domain:literal) => {
        concat!(
            "SELECT 1 FROM challenges c JOIN goals g ON g.user_id = c.user_id AND g.id = c.goal_id WHERE c.user_id = ",
            $user,
            " AND c.id = ",
            $challenge,
            " AND g.id = ",
            $goal,
            " AND g.domain_id = ",
            $domain
        )
    };
}

type Query<'q> = sqlx::query::Query<'q, Postgres, PgArguments>;

/// A transaction on a [`crate::PgStore`], scoped to one user.
#[derive(Debug)]
pub struct PgTx {
    tx: sqlx::Transaction<'static, Postgres>,
    user: Uuid,
}

/// The row a new record hangs off, which must be this user's.
#[derive(Debug, Clone, Copy)]
enum Parent {
    Domain(DomainId),
    Goal(GoalId),
    Attempt(AttemptId),
    /// An attempt's rung, which must belong to the goal, which must belong to the domain.
    Rung {
        challenge: ChallengeId,
        goal: GoalId,
        domain: DomainId,
    },
}

impl Parent {
    /// How a missing parent is reported.
    fn not_found(self) -> StoreError {
        let (entity, key) = match self {
            Parent::Domain(id) => ("domain", id.to_string()),
            Parent::Goal(id) => ("goal", id.to_string()),
            Parent::Attempt(id) => ("attempt", id.to_string()),
            Parent::Rung { challenge, .. } => ("challenge", challenge.to_string()),
        };
        StoreError::NotFound { entity, key }
    }
}

impl PgTx {
    pub(crate) fn new(tx: sqlx::Transaction<'static, Postgres>, user: UserId) -> Self {
        Self { tx, user: user.as_uuid() }
    }

    /// A statement with this transaction's user bound as `$1`.
    fn query(&self, sql: &'static str) -> Query<'static> {
        sqlx::query(sql).bind(self.user)
    }

    /// `sql` with a check-in bound as $2 (id) to $9 (mood), after the user as $1.
    fn checkin_query(&self, sql: &'static str, c: &Checkin) -> Query<'static> {
        let m = &c.measures;
        self.query(sql)
            .bind(c.id.as_uuid())
            .bind(instant(c.at))
            .bind(day(c.on))
            .bind(m.sleep_hours.map(|s| s.hours()))
            .bind(m.exercise_minutes.map(i64::from))
            .bind(small(m.stress))
            .bind(small(m.energy))
            .bind(small(m.mood))
    }

    async fn all<T>(
        &mut self,
        query: Query<'_>,
        map: fn(&PgRow) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let rows = query.fetch_all(&mut *self.tx).await.map_err(store_error)?;
        rows.iter().map(map).collect()
    }

    async fn optional<T>(
        &mut self,
        query: Query<'_>,
        map: fn(&PgRow) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let row = query.fetch_optional(&mut *self.tx).await.map_err(store_error)?;
        row.as_ref().map(map).transpose()
    }

    /// Whether `parent` exists for this user (for a rung: with its goal and domain).
    async fn exists(&mut self, parent: Parent) -> Result<bool, StoreError> {
        let query = match parent {
            Parent::Domain(id) => {
                self.query("SELECT EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $2)").bind(id.as_uuid())
            }
            Parent::Goal(id) => {
                self.query("SELECT EXISTS (SELECT 1 FROM goals WHERE user_id = $1 AND id = $2)").bind(id.as_uuid())
            }
            Parent::Attempt(id) => {
                self.query("SELECT EXISTS (SELECT 1 FROM attempts WHERE user_id = $1 AND id = $2)").bind(id.as_uuid())
            }
            Parent::Rung { challenge, goal, domain } => self
                .query(concat!("SELECT EXISTS (", rung_of_attempt!("$1", "$2", "$3", "$4"), ")"))
                .bind(challenge.as_uuid())
                .bind(goal.as_uuid())
                .bind(domain.as_uuid()),
        };
        let row = query.fetch_one(&mut *self.tx).await.map_err(store_error)?;
        Columns(&row).get("exists")
    }

    /// Runs an insert written with `ON CONFLICT DO NOTHING` and, when the record hangs off a
    /// `parent`, guarded by the parent's existence. When it writes nothing, one more query tells a
    /// missing parent ([`StoreError::NotFound`]) from a taken key (a conflict on `key`); the
    /// common case costs one round trip and a refusal leaves the transaction usable.
    async fn insert(
        &mut self,
        query: Query<'_>,
        parent: Option<Parent>,
        entity: &'static str,
        key: impl ToString,
    ) -> Result<(), StoreError> {
        let done = query.execute(&mut *self.tx).await.map_err(store_error)?;
        if done.rows_affected() > 0 {
            return Ok(());
        }
        match parent {
            Some(parent) if !self.exists(parent).await? => Err(parent.not_found()),
            _ => Err(StoreError::Conflict { entity, key: key.to_string() }),
        }
    }

    /// Runs an update that may break a unique key inside a savepoint, so that a violation (a
    /// conflict on `key`) rolls back only the update; [`StoreError::NotFound`] when it changed no
    /// row.
    async fn update_unique(
        &mut self,
        query: Query<'_>,
        entity: &'static str,
        key: &str,
        id: impl ToString,
    ) -> Result<(), StoreError> {
        let mut savepoint = Connection::begin(&mut *self.tx).await.map_err(store_error)?;
        match query.execute(&mut *savepoint).await {
            Ok(done) => {
                savepoint.commit().await.map_err(store_error)?;
                updated(done.rows_affected(), entity, id)
            }
            Err(error) => {
                savepoint.rollback().await.map_err(store_error)?;
                Err(unique_error(entity, key)(error))
            }
        }
    }
}

macro_rules! domain_select {
    () => {
        "SELECT id, name, slug, area, description, created_at, archived_at FROM domains WHERE user_id = $1"
    };
}
const DOMAIN_BY_ID: &str = concat!(domain_select!(), " AND id = $2");
const DOMAIN_BY_SLUG: &str = concat!(domain_select!(), " AND slug = $2");
const DOMAINS: &str = domain_select!();

macro_rules! goal_select {
    () => {
        "SELECT id, domain_id, statement, slug, target_amount, target_unit, deadline, why, target_success, created_at,
                done_at
         FROM goals WHERE user_id = $1"
    };
}
const GOAL_BY_ID: &str = concat!(goal_select!(), " AND id = $2");
const GOAL_BY_SLUG: &str = concat!(goal_select!(), " AND slug = $2");
const GOALS: &str = concat!(goal_select!(), " AND ($2::uuid IS NULL OR domain_id = $2) ORDER BY created_at, id");

macro_rules! challenge_select {
    () => {
        "SELECT id, goal_id, title, slug, difficulty, criterion, position, created_at
         FROM challenges WHERE user_id = $1"
    };
}
const CHALLENGE_BY_ID: &str = concat!(challenge_select!(), " AND id = $2");
const CHALLENGES_BY_SLUG: &str = concat!(challenge_select!(), " AND slug = $2 ORDER BY created_at, id");
const LADDER: &str = concat!(challenge_select!(), " AND goal_id = $2 ORDER BY difficulty, position, id");

macro_rules! attempt_select {
    () => {
        "SELECT id, challenge_id, goal_id, domain_id, confidence, sleep_hours, energy, stress,
                planned_at, planned_on, outcome, effort, did, because, cause, locus, stability, control,
                lesson, recorded_at, engine_forecast
         FROM attempts"
    };
}
const ATTEMPTS: &str = attempt_select!();
const ATTEMPT_BY_ID: &str = concat!(attempt_select!(), " WHERE user_id = $1 AND id = $2");

/// Recorded attempts grouped for calibration from the attempts themselves (by month, or those
/// recorded in a period), with `$month` as the month column and `$by` any further grouping. By
/// month the groups come from `attempts_forecasts` alone; a period is a range of
/// `attempts_by_record`.
macro_rules! forecast_groups {
    ($month:literal, $filter:literal, $by:literal) => {
        concat!(
            "SELECT domain_id, ",
            $month,
            " AS month, confidence, outcome, engine_bin, count(*) AS n,
                    coalesce(sum(engine_forecast), 0) AS engine_sum,
                    coalesce(sum(engine_forecast * engine_forecast), 0) AS engine_sum2
             FROM attempts
             WHERE user_id = $1 AND outcome IS NOT NULL",
            $filter,
            " GROUP BY domain_id, confidence, outcome, engine_bin",
            $by
        )
    };
}
/// The groups of every month together, from the counts the trigger keeps (`forecast_counts`),
/// where -1 stands for attempts without the engine's forecast.
macro_rules! forecast_counts {
    ($filter:literal) => {
        concat!(
            "SELECT domain_id, NULL::text AS month, confidence, outcome, nullif(engine_bin, -1) AS engine_bin, n,
                    engine_sum, engine_sum2
             FROM forecast_counts WHERE user_id = $1",
            $filter
        )
    };
}
const FORECAST_GROUPS: &str = forecast_counts!("");
const FORECAST_GROUPS_IN_DOMAIN: &str = forecast_counts!(" AND domain_id = $2");
const FORECAST_GROUPS_BY_MONTH: &str = forecast_groups!("to_char(planned_on, 'YYYY-MM')", "", ", month");
const FORECAST_GROUPS_BY_MONTH_IN_DOMAIN: &str =
    forecast_groups!("to_char(planned_on, 'YYYY-MM')", " AND domain_id = $2", ", month");
const FORECASTS_RECORDED_BETWEEN: &str =
    forecast_groups!("NULL::text", " AND recorded_at >= $2 AND recorded_at < $3", "");

/// Successes of both kinds, newest first; each branch reads its own partial index up to the
/// limit. Two texts, with and without a domain, so each plan can use its index.
macro_rules! evidence_union {
    ($attempt_filter:literal, $backfill_filter:literal) => {
        concat!(
            "(SELECT 'attempt' AS source, a.id, a.domain_id, a.recorded_at AS at, c.title, a.did
              FROM attempts a JOIN challenges c ON c.user_id = a.user_id AND c.id = a.challenge_id
              WHERE a.user_id = $1 AND a.outcome = 'success'",
            $attempt_filter,
            " ORDER BY a.recorded_at DESC, a.id DESC LIMIT $2)
            UNION ALL
            (SELECT 'backfill' AS source, id, domain_id, at, title, did FROM evidence
             WHERE user_id = $1",
            $backfill_filter,
            " ORDER BY at DESC, id DESC LIMIT $2)
            ORDER BY at DESC, id DESC LIMIT $2"
        )
    };
}
const EVIDENCE_IN_DOMAIN: &str = evidence_union!(" AND a.domain_id = $3", " AND domain_id = $3");
const EVIDENCE_ALL: &str = evidence_union!("", "");
/// Bound with a NULL limit, which PostgreSQL reads as none.
const EVIDENCE_BETWEEN: &str =
    evidence_union!(" AND a.recorded_at >= $3 AND a.recorded_at < $4", " AND at >= $3 AND at < $4");

fn domain_row(row: &PgRow) -> Result<Domain, StoreError> {
    let c = Columns(row);
    Ok(Domain {
        id: c.id("id", DomainId::from_uuid)?,
        name: c.validated("name", |t| Name::parse(Field::Name, &t))?,
        slug: c.get("slug")?,
        area: c.parsed("area")?,
        description: c.get("description")?,
        created_at: c.timestamp("created_at")?,
        archived_at: c.opt_timestamp("archived_at")?,
    })
}

fn goal_row(row: &PgRow) -> Result<Goal, StoreError> {
    let c = Columns(row);
    let amount: Option<f64> = c.get("target_amount")?;
    let unit: Option<String> = c.get("target_unit")?;
    Ok(Goal {
        id: c.id("id", GoalId::from_uuid)?,
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        statement: c.validated("statement", |t| Name::parse(Field::Statement, &t))?,
        slug: c.get("slug")?,
        target: amount.map(|amount| Target { amount, unit }),
        deadline: c.opt_date("deadline")?,
        why: c.get("why")?,
        target_success: c.get("target_success")?,
        created_at: c.timestamp("created_at")?,
        done_at: c.opt_timestamp("done_at")?,
    })
}

fn challenge_row(row: &PgRow) -> Result<Challenge, StoreError> {
    let c = Columns(row);
    let difficulty: f64 = c.get("difficulty")?;
    Ok(Challenge {
        id: c.id("id", ChallengeId::from_uuid)?,
        goal_id: c.id("goal_id", GoalId::from_uuid)?,
        title: c.validated("title", |t| Name::parse(Field::Title, &t))?,
        slug: c.get("slug")?,
        difficulty: Difficulty::new(difficulty).map_err(|e| corrupt("difficulty", e))?,
        criterion: c.get("criterion")?,
        position: c.count("position")?,
        created_at: c.timestamp("created_at")?,
    })
}

/// The columns of `attempt_select!` by position, in its order (a test reads them back by name).
mod attempt_columns {
    use crate::codec::At;

    pub const ID: At = At(0, "id");
    pub const CHALLENGE_ID: At = At(1, "challenge_id");
    pub const GOAL_ID: At = At(2, "goal_id");
    pub const DOMAIN_ID: At = At(3, "domain_id");
    pub const CONFIDENCE: At = At(4, "confidence");
    pub const SLEEP_HOURS: At = At(5, "sleep_hours");
    pub const ENERGY: At = At(6, "energy");
    pub const STRESS: At = At(7, "stress");
    pub const PLANNED_AT: At = At(8, "planned_at");
    pub const PLANNED_ON: At = At(9, "planned_on");
    pub const OUTCOME: At = At(10, "outcome");
    pub const EFFORT: At = At(11, "effort");
    pub const DID: At = At(12, "did");
    pub const BECAUSE: At = At(13, "because");
    pub const CAUSE: At = At(14, "cause");
    pub const LOCUS: At = At(15, "locus");
    pub const STABILITY: At = At(16, "stability");
    pub const CONTROL: At = At(17, "control");
    pub const LESSON: At = At(18, "lesson");
    pub const RECORDED_AT: At = At(19, "recorded_at");
    pub const ENGINE_FORECAST: At = At(20, "engine_forecast");

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn positions_follow_the_select_list() {
            let all = [
                ID,
                CHALLENGE_ID,
                GOAL_ID,
                DOMAIN_ID,
                CONFIDENCE,
                SLEEP_HOURS,
                ENERGY,
                STRESS,
                PLANNED_AT,
                PLANNED_ON,
                OUTCOME,
                EFFORT,
                DID,
                BECAUSE,
                CAUSE,
                LOCUS,
                STABILITY,
                CONTROL,
                LESSON,
                RECORDED_AT,
                ENGINE_FORECAST,
            ];
            crate::codec::assert_positions(attempt_select!(), &all);
        }
    }
}

fn state(c: &Columns, sleep_hours: At, energy: At, stress: At) -> Result<State, StoreError> {
    Ok(State { sleep_hours: c.opt_sleep(sleep_hours)?, energy: c.opt_rating(energy)?, stress: c.opt_rating(stress)? })
}

fn attempt_row(row: &PgRow) -> Result<Attempt, StoreError> {
    use attempt_columns as a;
    let c = Columns(row);
    let record = match c.opt_parsed(a::OUTCOME)? {
        None => None,
        Some(outcome) => Some(Record {
            outcome,
            effort: c.opt_rating(a::EFFORT)?,
            did: c.get(a::DID)?,
            because: c.get(a::BECAUSE)?,
            attribution: Attribution {
                cause: c.opt_parsed(a::CAUSE)?,
                locus: c.opt_parsed(a::LOCUS)?,
                stability: c.opt_parsed(a::STABILITY)?,
                control: c.opt_parsed(a::CONTROL)?,
            },
            lesson: c.get(a::LESSON)?,
            recorded_at: c.timestamp(a::RECORDED_AT)?,
        }),
    };
    Ok(Attempt {
        id: c.id(a::ID, AttemptId::from_uuid)?,
        challenge_id: c.id(a::CHALLENGE_ID, ChallengeId::from_uuid)?,
        goal_id: c.id(a::GOAL_ID, GoalId::from_uuid)?,
        domain_id: c.id(a::DOMAIN_ID, DomainId::from_uuid)?,
        forecast: Forecast {
            confidence: c.small(a::CONFIDENCE, Confidence::new)?,
            engine: c.get(a::ENGINE_FORECAST)?,
            state: state(&c, a::SLEEP_HOURS, a::ENERGY, a::STRESS)?,
            planned_at: c.timestamp(a::PLANNED_AT)?,
            planned_on: c.date(a::PLANNED_ON)?,
        },
        record,
    })
}

fn backfilled_row(row: &PgRow) -> Result<BackfilledEvidence, StoreError> {
    let c = Columns(row);
    Ok(BackfilledEvidence {
        id: c.id("id", mastery_domain::ids::EvidenceId::from_uuid)?,
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        title: c.get("title")?,
        did: c.get("did")?,
        at: c.timestamp("at")?,
        on: c.date("on_date")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn checkin_row(row: &PgRow) -> Result<Checkin, StoreError> {
    let c = Columns(row);
    let exercise: Option<i64> = c.get("exercise_minutes")?;
    Ok(Checkin {
        id: c.id("id", mastery_domain::ids::CheckinId::from_uuid)?,
        at: c.timestamp("at")?,
        on: c.date("on_date")?,
        measures: Measures {
            sleep_hours: c.opt_sleep("sleep_hours")?,
            exercise_minutes: exercise.map(u32::try_from).transpose().map_err(|e| corrupt("exercise_minutes", e))?,
            stress: c.opt_rating("stress")?,
            energy: c.opt_rating("energy")?,
            mood: c.opt_rating("mood")?,
        },
    })
}

fn role_model_row(row: &PgRow) -> Result<RoleModel, StoreError> {
    let c = Columns(row);
    Ok(RoleModel {
        id: c.id("id", mastery_domain::ids::RoleModelId::from_uuid)?,
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        name: c.validated("name", |t| Name::parse(Field::Name, &t))?,
        similarity: c.opt_rating("similarity")?,
        process: c.get("process")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn feedback_row(row: &PgRow) -> Result<Feedback, StoreError> {
    let c = Columns(row);
    Ok(Feedback {
        id: c.id("id", mastery_domain::ids::FeedbackId::from_uuid)?,
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        from: c.validated("giver", |t| Name::parse(Field::From, &t))?,
        credibility: c.opt_rating("credibility")?,
        specificity: c.opt_parsed("specificity")?,
        valence: c.opt_parsed("valence")?,
        text: c.get("body")?,
        received_at: c.timestamp("received_at")?,
    })
}

fn evidence_row(row: &PgRow) -> Result<EvidenceItem, StoreError> {
    let c = Columns(row);
    Ok(EvidenceItem {
        source: c.parsed::<EvidenceSource>("source")?,
        id: c.get::<Uuid>("id")?.to_string(),
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        at: c.timestamp("at")?,
        title: c.get("title")?,
        did: c.get("did")?,
    })
}

fn forecast_group_row(row: &PgRow) -> Result<ForecastGroup, StoreError> {
    let c = Columns(row);
    let engine_bin: Option<i32> = c.get("engine_bin")?;
    Ok(ForecastGroup {
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        month: c.get("month")?,
        confidence: c.small("confidence", Confidence::new)?,
        outcome: c.parsed("outcome")?,
        engine_bin: engine_bin.map(u8::try_from).transpose().map_err(|e| corrupt("engine_bin", e))?,
        n: c.count("n")?,
        engine_sum: c.get("engine_sum")?,
        engine_sum2: c.get("engine_sum2")?,
    })
}

fn rung_stats_row(row: &PgRow) -> Result<RungStats, StoreError> {
    let c = Columns(row);
    Ok(RungStats {
        challenge_id: c.id("challenge_id", ChallengeId::from_uuid)?,
        attempts: c.count("attempts")?,
        successes: c.count("successes")?,
        partials: c.count("partials")?,
    })
}

fn recent_result_row(row: &PgRow) -> Result<RecentResult, StoreError> {
    let c = Columns(row);
    let difficulty: f64 = c.get("difficulty")?;
    Ok(RecentResult {
        difficulty: Difficulty::new(difficulty).map_err(|e| corrupt("difficulty", e))?,
        outcome: c.parsed("outcome")?,
    })
}

fn scale_row(row: &PgRow) -> Result<Scale, StoreError> {
    Columns(row).validated("source", |source| Scale::from_toml(&source))
}

fn audit_row(row: &PgRow) -> Result<Audit, StoreError> {
    let c = Columns(row);
    let answers: Vec<i32> = c.get("answers")?;
    let answers = answers
        .into_iter()
        .map(|a| u8::try_from(a).ok().and_then(|a| Confidence::new(a).ok()))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| corrupt("answers", "a rating out of range"))?;
    Ok(Audit {
        id: c.id("id", mastery_domain::ids::AuditId::from_uuid)?,
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        scale_id: c.get("scale_id")?,
        taken_at: c.timestamp("taken_at")?,
        taken_on: c.date("taken_on")?,
        threshold: c.small("threshold", Confidence::new)?,
        answers,
        every: c.parsed("every")?,
    })
}

/// A limit as a `bigint` parameter.
fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn updated(rows: u64, entity: &'static str, id: impl ToString) -> Result<(), StoreError> {
    if rows == 0 { Err(StoreError::NotFound { entity, key: id.to_string() }) } else { Ok(()) }
}

impl Transaction for PgTx {
    async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await.map_err(store_error)
    }

    async fn insert_domain(&mut self, d: &Domain) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO domains (user_id, id, name, slug, area, description, created_at, archived_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING";
        let query = bind_domain(self.query(SQL), d);
        self.insert(query, None, "domain", &d.slug).await
    }

    async fn update_domain(&mut self, d: &Domain) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE domains SET name = $3, slug = $4, area = $5, description = $6, archived_at = $8
            WHERE user_id = $1 AND id = $2";
        let query = bind_domain(self.query(SQL), d);
        self.update_unique(query, "domain", &d.slug, d.id).await
    }

    async fn domain(&mut self, id: DomainId) -> Result<Option<Domain>, StoreError> {
        self.optional(self.query(DOMAIN_BY_ID).bind(id.as_uuid()), domain_row).await
    }

    async fn domain_by_slug(&mut self, slug: &str) -> Result<Option<Domain>, StoreError> {
        self.optional(self.query(DOMAIN_BY_SLUG).bind(slug.to_owned()), domain_row).await
    }

    async fn domains(&mut self) -> Result<Vec<Domain>, StoreError> {
        let mut domains = self.all(self.query(DOMAINS), domain_row).await?;
        // Sorted here rather than in SQL: lower() and the order of text follow the database's
        // collation, and every backend must order names alike.
        domains.sort_by_cached_key(|d| (d.name.as_str().to_lowercase(), d.id));
        Ok(domains)
    }

    async fn insert_goal(&mut self, g: &Goal) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO goals (user_id, id, domain_id, statement, slug, target_amount, target_unit,
                                deadline, why, created_at, done_at, target_success)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
            WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let query = bind_goal(self.query(SQL), g);
        self.insert(query, Some(Parent::Domain(g.domain_id)), "goal", &g.slug).await
    }

    async fn update_goal(&mut self, g: &Goal) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE goals SET statement = $4, slug = $5, target_amount = $6, target_unit = $7,
                deadline = $8, why = $9, done_at = $11, target_success = $12
            WHERE user_id = $1 AND id = $2";
        let query = bind_goal(self.query(SQL), g);
        self.update_unique(query, "goal", &g.slug, g.id).await
    }

    async fn goal(&mut self, id: GoalId) -> Result<Option<Goal>, StoreError> {
        self.optional(self.query(GOAL_BY_ID).bind(id.as_uuid()), goal_row).await
    }

    async fn goal_by_slug(&mut self, slug: &str) -> Result<Option<Goal>, StoreError> {
        self.optional(self.query(GOAL_BY_SLUG).bind(slug.to_owned()), goal_row).await
    }

    async fn goals(&mut self, domain: Option<DomainId>) -> Result<Vec<Goal>, StoreError> {
        self.all(self.query(GOALS).bind(domain.map(|d| d.as_uuid())), goal_row).await
    }

    async fn insert_challenge(&mut self, c: &Challenge) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO challenges (user_id, id, goal_id, title, slug, difficulty, criterion, position,
                                     created_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
            WHERE EXISTS (SELECT 1 FROM goals WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let query = self
            .query(SQL)
            .bind(c.id.as_uuid())
            .bind(c.goal_id.as_uuid())
            .bind(c.title.to_string())
            .bind(c.slug.clone())
            .bind(c.difficulty.value())
            .bind(c.criterion.clone())
            .bind(i64::from(c.position))
            .bind(instant(c.created_at));
        self.insert(query, Some(Parent::Goal(c.goal_id)), "challenge", &c.slug).await
    }

    async fn challenge(&mut self, id: ChallengeId) -> Result<Option<Challenge>, StoreError> {
        self.optional(self.query(CHALLENGE_BY_ID).bind(id.as_uuid()), challenge_row).await
    }

    async fn challenges_by_slug(&mut self, slug: &str) -> Result<Vec<Challenge>, StoreError> {
        self.all(self.query(CHALLENGES_BY_SLUG).bind(slug.to_owned()), challenge_row).await
    }

    async fn challenges(&mut self, goal: GoalId) -> Result<Vec<Challenge>, StoreError> {
        self.all(self.query(LADDER).bind(goal.as_uuid()), challenge_row).await
    }

    async fn rung_stats(&mut self, goal: GoalId) -> Result<Vec<RungStats>, StoreError> {
        const SQL: &str = "SELECT challenge_id, attempts, successes, partials FROM rung_counts
            WHERE user_id = $1 AND goal_id = $2 AND attempts > 0 ORDER BY challenge_id";
        self.all(self.query(SQL).bind(goal.as_uuid()), rung_stats_row).await
    }

    async fn recent_results(&mut self, goal: GoalId, limit: usize) -> Result<Vec<RecentResult>, StoreError> {
        const SQL: &str = "SELECT difficulty, outcome FROM (
                SELECT c.difficulty, a.outcome, a.planned_at, a.id
                FROM attempts a JOIN challenges c ON c.user_id = a.user_id AND c.id = a.challenge_id
                WHERE a.user_id = $1 AND a.goal_id = $2 AND a.outcome IS NOT NULL
                ORDER BY a.planned_at DESC, a.id DESC LIMIT $3) latest
            ORDER BY planned_at, id";
        let query = self.query(SQL).bind(goal.as_uuid()).bind(self::limit(limit));
        self.all(query, recent_result_row).await
    }

    async fn insert_attempt(&mut self, a: &Attempt) -> Result<(), StoreError> {
        // The rung, its goal and the goal's domain must be this user's and belong together;
        // checking here saves a round trip on the hot path.
        const SQL: &str = concat!(
            "INSERT INTO attempts (user_id, id, challenge_id, goal_id, domain_id, confidence, sleep_hours, energy,
                stress, planned_at, planned_on, outcome, effort, did, because, cause, locus, stability, control,
                lesson, recorded_at, engine_forecast)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                $21, $22
            WHERE EXISTS (",
            rung_of_attempt!("$1", "$3", "$4", "$5"),
            ") ON CONFLICT DO NOTHING"
        );
        let query = bind_attempt(self.query(SQL), a);
        let rung = Parent::Rung { challenge: a.challenge_id, goal: a.goal_id, domain: a.domain_id };
        self.insert(query, Some(rung), "attempt", a.id).await
    }

    async fn update_attempt(&mut self, a: &Attempt) -> Result<(), StoreError> {
        // The rung stays: moving an attempt to another rung is a deletion and a new attempt.
        const SQL: &str = "UPDATE attempts SET
                confidence = $6, sleep_hours = $7, energy = $8, stress = $9, planned_at = $10, planned_on = $11,
                engine_forecast = $22, outcome = $12, effort = $13, did = $14, because = $15, cause = $16, locus = $17, stability = $18,
                control = $19, lesson = $20, recorded_at = $21
            WHERE user_id = $1 AND id = $2";
        let done = bind_attempt(self.query(SQL), a).execute(&mut *self.tx).await.map_err(store_error)?;
        updated(done.rows_affected(), "attempt", a.id)
    }

    async fn attempt(&mut self, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
        self.optional(self.query(ATTEMPT_BY_ID).bind(id.as_uuid()), attempt_row).await
    }

    async fn attempts(&mut self, query: &AttemptQuery) -> Result<Page<Attempt>, StoreError> {
        let mut sql = QueryBuilder::<Postgres>::new(ATTEMPTS);
        sql.push(" WHERE user_id = ").push_bind(self.user);
        if let Some(domain) = query.domain {
            sql.push(" AND domain_id = ").push_bind(domain.as_uuid());
        }
        if let Some(goal) = query.goal {
            sql.push(" AND goal_id = ").push_bind(goal.as_uuid());
        }
        if let Some(challenge) = query.challenge {
            sql.push(" AND challenge_id = ").push_bind(challenge.as_uuid());
        }
        if let Some(since) = query.since {
            sql.push(" AND planned_at >= ").push_bind(instant(since));
        }
        if query.pending_only {
            sql.push(" AND outcome IS NULL");
        }
        if let Some(Cursor { planned_at, id }) = query.after {
            sql.push(" AND (planned_at, id) > (")
                .push_bind(instant(planned_at))
                .push(", ")
                .push_bind(id.as_uuid())
                .push(")");
        }
        if let Some(latest) = query.latest {
            sql.push(" ORDER BY planned_at DESC, id DESC LIMIT ").push_bind(limit(latest));
            let rows = sql.build().fetch_all(&mut *self.tx).await.map_err(store_error)?;
            let mut items = rows.iter().map(attempt_row).collect::<Result<Vec<_>, _>>()?;
            items.reverse();
            return Ok(Page { items, next: None });
        }
        sql.push(" ORDER BY planned_at, id");
        // One extra row tells whether another page follows.
        if let Some(page) = query.limit {
            sql.push(" LIMIT ").push_bind(limit(page).saturating_add(1));
        }
        let rows = sql.build().fetch_all(&mut *self.tx).await.map_err(store_error)?;
        let items = rows.iter().map(attempt_row).collect::<Result<Vec<_>, _>>()?;
        Ok(Page::of_attempts(items, query.limit))
    }

    async fn recorded_facts(
        &mut self,
        domain: Option<DomainId>,
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> Result<(), StoreError> {
        self.read_recorded_facts(domain, None, visit).await
    }

    async fn forecast_groups(
        &mut self,
        domain: Option<DomainId>,
        by_month: bool,
    ) -> Result<Vec<ForecastGroup>, StoreError> {
        let query = match (domain, by_month) {
            (None, false) => self.query(FORECAST_GROUPS),
            (None, true) => self.query(FORECAST_GROUPS_BY_MONTH),
            (Some(domain), false) => self.query(FORECAST_GROUPS_IN_DOMAIN).bind(domain.as_uuid()),
            (Some(domain), true) => self.query(FORECAST_GROUPS_BY_MONTH_IN_DOMAIN).bind(domain.as_uuid()),
        };
        self.all(query, forecast_group_row).await
    }

    async fn forecasts_recorded_between(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<ForecastGroup>, StoreError> {
        let query = self.query(FORECASTS_RECORDED_BETWEEN).bind(instant(from)).bind(instant(to));
        self.all(query, forecast_group_row).await
    }

    async fn evidence(&mut self, domain: Option<DomainId>, limit: usize) -> Result<Vec<EvidenceItem>, StoreError> {
        let query = match domain {
            Some(domain) => self.query(EVIDENCE_IN_DOMAIN).bind(self::limit(limit)).bind(domain.as_uuid()),
            None => self.query(EVIDENCE_ALL).bind(self::limit(limit)),
        };
        self.all(query, evidence_row).await
    }

    async fn evidence_between(&mut self, from: Timestamp, to: Timestamp) -> Result<Vec<EvidenceItem>, StoreError> {
        let query = self.query(EVIDENCE_BETWEEN).bind(None::<i64>).bind(instant(from)).bind(instant(to));
        self.all(query, evidence_row).await
    }

    async fn insert_evidence(&mut self, e: &BackfilledEvidence) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO evidence (user_id, id, domain_id, title, did, at, on_date, created_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8
            WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let query = self
            .query(SQL)
            .bind(e.id.as_uuid())
            .bind(e.domain_id.as_uuid())
            .bind(e.title.clone())
            .bind(e.did.clone())
            .bind(instant(e.at))
            .bind(day(e.on))
            .bind(instant(e.created_at));
        self.insert(query, Some(Parent::Domain(e.domain_id)), "evidence", e.id).await
    }

    async fn backfilled_evidence(&mut self) -> Result<Vec<BackfilledEvidence>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, title, did, at, on_date, created_at FROM evidence
            WHERE user_id = $1 ORDER BY at, id";
        self.all(self.query(SQL), backfilled_row).await
    }

    async fn insert_checkin(&mut self, c: &Checkin) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO checkins (user_id, id, at, on_date, sleep_hours, exercise_minutes, stress,
                                   energy, mood)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING";
        let query = self.checkin_query(SQL, c);
        self.insert(query, None, "check-in", c.id).await
    }

    async fn update_checkin(&mut self, c: &Checkin) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE checkins SET at = $3, on_date = $4, sleep_hours = $5, exercise_minutes = $6,
                stress = $7, energy = $8, mood = $9
            WHERE user_id = $1 AND id = $2";
        let done = self.checkin_query(SQL, c).execute(&mut *self.tx).await.map_err(store_error)?;
        updated(done.rows_affected(), "check-in", c.id)
    }

    async fn checkins(&mut self) -> Result<Vec<Checkin>, StoreError> {
        const SQL: &str = "SELECT id, at, on_date, sleep_hours, exercise_minutes, stress, energy, mood
            FROM checkins WHERE user_id = $1 ORDER BY at, id";
        self.all(self.query(SQL), checkin_row).await
    }

    async fn insert_role_model(&mut self, m: &RoleModel) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO role_models (user_id, id, domain_id, name, similarity, process, created_at)
            SELECT $1, $2, $3, $4, $5, $6, $7
            WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let query = self
            .query(SQL)
            .bind(m.id.as_uuid())
            .bind(m.domain_id.as_uuid())
            .bind(m.name.to_string())
            .bind(small(m.similarity))
            .bind(m.process.clone())
            .bind(instant(m.created_at));
        self.insert(query, Some(Parent::Domain(m.domain_id)), "role model", m.name.as_str()).await
    }

    async fn role_models(&mut self, domain: Option<DomainId>) -> Result<Vec<RoleModel>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, name, similarity, process, created_at FROM role_models
            WHERE user_id = $1 AND ($2::uuid IS NULL OR domain_id = $2) ORDER BY created_at, id";
        self.all(self.query(SQL).bind(domain.map(|d| d.as_uuid())), role_model_row).await
    }

    async fn insert_feedback(&mut self, f: &Feedback) -> Result<(), StoreError> {
        const SQL: &str =
            "INSERT INTO feedback (user_id, id, domain_id, giver, credibility, specificity, valence, body,
                                   received_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
            WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let query = self
            .query(SQL)
            .bind(f.id.as_uuid())
            .bind(f.domain_id.as_uuid())
            .bind(f.from.to_string())
            .bind(small(f.credibility))
            .bind(text(f.specificity))
            .bind(text(f.valence))
            .bind(f.text.clone())
            .bind(instant(f.received_at));
        self.insert(query, Some(Parent::Domain(f.domain_id)), "feedback", f.id).await
    }

    async fn feedback(&mut self, domain: Option<DomainId>) -> Result<Vec<Feedback>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, giver, credibility, specificity, valence, body, received_at
            FROM feedback WHERE user_id = $1 AND ($2::uuid IS NULL OR domain_id = $2) ORDER BY received_at, id";
        self.all(self.query(SQL).bind(domain.map(|d| d.as_uuid())), feedback_row).await
    }

    async fn insert_scale(&mut self, scale: &Scale) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO scales (user_id, id, source) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
        let query = self.query(SQL).bind(scale.id.clone()).bind(scale.source.clone());
        self.insert(query, None, "scale", &scale.id).await
    }

    async fn scales(&mut self) -> Result<Vec<Scale>, StoreError> {
        // Ordered in the C collation, by bytes, as on every other backend.
        const SQL: &str = r#"SELECT source FROM scales WHERE user_id = $1 ORDER BY id COLLATE "C""#;
        self.all(self.query(SQL), scale_row).await
    }

    async fn insert_audit(&mut self, a: &Audit) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO audits (user_id, id, domain_id, scale_id, taken_at, taken_on, threshold,
                                 answers, every)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
            WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let answers: Vec<i32> = a.answers.iter().map(|c| i32::from(c.value())).collect();
        let query = self
            .query(SQL)
            .bind(a.id.as_uuid())
            .bind(a.domain_id.as_uuid())
            .bind(a.scale_id.clone())
            .bind(instant(a.taken_at))
            .bind(day(a.taken_on))
            .bind(i32::from(a.threshold.value()))
            .bind(answers)
            .bind(a.every.to_string());
        self.insert(query, Some(Parent::Domain(a.domain_id)), "audit", a.id).await
    }

    async fn audits(&mut self, domain: Option<DomainId>) -> Result<Vec<Audit>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, scale_id, taken_at, taken_on, threshold, answers, every FROM audits
            WHERE user_id = $1 AND ($2::uuid IS NULL OR domain_id = $2) ORDER BY taken_at, id";
        self.all(self.query(SQL).bind(domain.map(|d| d.as_uuid())), audit_row).await
    }
}

/// Binds every domain column after the user, numbered as `insert_domain` and `update_domain`
/// expect.
fn bind_domain<'q>(query: Query<'q>, d: &Domain) -> Query<'q> {
    query
        .bind(d.id.as_uuid())
        .bind(d.name.to_string())
        .bind(d.slug.clone())
        .bind(d.area.as_str())
        .bind(d.description.clone())
        .bind(instant(d.created_at))
        .bind(d.archived_at.map(instant))
}

/// Binds every goal column after the user, numbered as `insert_goal` and `update_goal` expect.
fn bind_goal<'q>(query: Query<'q>, g: &Goal) -> Query<'q> {
    query
        .bind(g.id.as_uuid())
        .bind(g.domain_id.as_uuid())
        .bind(g.statement.to_string())
        .bind(g.slug.clone())
        .bind(g.target.as_ref().map(|t| t.amount))
        .bind(g.target.as_ref().and_then(|t| t.unit.clone()))
        .bind(g.deadline.map(day))
        .bind(g.why.clone())
        .bind(instant(g.created_at))
        .bind(g.done_at.map(instant))
        .bind(g.target_success)
}

/// Binds every attempt column after the user, in the order `insert_attempt` and
/// `update_attempt` expect.
fn bind_attempt<'q>(query: Query<'q>, a: &Attempt) -> Query<'q> {
    let state = &a.forecast.state;
    let record = a.record.as_ref();
    let attribution = record.map(|r| r.attribution).unwrap_or_default();
    query
        .bind(a.id.as_uuid())
        .bind(a.challenge_id.as_uuid())
        .bind(a.goal_id.as_uuid())
        .bind(a.domain_id.as_uuid())
        .bind(i32::from(a.forecast.confidence.value()))
        .bind(state.sleep_hours.map(|s| s.hours()))
        .bind(small(state.energy))
        .bind(small(state.stress))
        .bind(instant(a.forecast.planned_at))
        .bind(day(a.forecast.planned_on))
        .bind(text(record.map(|r| r.outcome)))
        .bind(small(record.and_then(|r| r.effort)))
        .bind(record.and_then(|r| r.did.clone()))
        .bind(record.and_then(|r| r.because.clone()))
        .bind(text(attribution.cause))
        .bind(text(attribution.locus))
        .bind(text(attribution.stability))
        .bind(text(attribution.control))
        .bind(record.and_then(|r| r.lesson.clone()))
        .bind(record.map(|r| instant(r.recorded_at)))
        .bind(a.forecast.engine)
}
