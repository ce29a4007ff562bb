//! The [`Transaction`] implementation: one SQL statement per port method, every one filtered on
//! the transaction's user.

use jiff::Timestamp;
use mastery_domain::attempt::{Attempt, Attribution, Forecast, Record, RecordedFacts, State};
use mastery_domain::audit::{self, Audit};
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
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{QueryBuilder, Sqlite};

use crate::codec::{Columns, insert_error, micros, store_error};

mod celebration;
mod practice;
mod program;
mod reattribution;
mod revision;
mod sync;

/// A transaction on a [`crate::SqliteStore`], scoped to one user.
#[derive(Debug)]
pub struct SqliteTx {
    tx: sqlx::Transaction<'static, Sqlite>,
    user: String,
}

impl SqliteTx {
    pub(crate) fn new(tx: sqlx::Transaction<'static, Sqlite>, user: UserId) -> Self {
        Self { tx, user: user.to_string() }
    }

    async fn exists(&mut self, table: &'static str, id: String) -> Result<bool, StoreError> {
        let sql = match table {
            "domains" => "SELECT 1 FROM domains WHERE id = ?1 AND user_id = ?2",
            "goals" => "SELECT 1 FROM goals WHERE id = ?1 AND user_id = ?2",
            _ => "SELECT 1 FROM challenges WHERE id = ?1 AND user_id = ?2",
        };
        let row =
            sqlx::query(sql).bind(id).bind(&self.user).fetch_optional(&mut *self.tx).await.map_err(store_error)?;
        Ok(row.is_some())
    }

    /// Fails with not-found unless the parent row belongs to this user.
    async fn require(&mut self, table: &'static str, entity: &'static str, id: String) -> Result<(), StoreError> {
        if self.exists(table, id.clone()).await? { Ok(()) } else { Err(StoreError::NotFound { entity, key: id }) }
    }

    async fn fetch_all<T>(
        &mut self,
        sql: &'static str,
        bind: Option<String>,
        map: fn(&SqliteRow) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let rows = sqlx::query(sql).bind(&self.user).bind(bind).fetch_all(&mut *self.tx).await.map_err(store_error)?;
        rows.iter().map(map).collect()
    }

    async fn fetch_one<T>(
        &mut self,
        sql: &'static str,
        key: String,
        map: fn(&SqliteRow) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let row =
            sqlx::query(sql).bind(&self.user).bind(key).fetch_optional(&mut *self.tx).await.map_err(store_error)?;
        row.as_ref().map(map).transpose()
    }
}

/// Looks up the embedded store's one local user, creating it on first use.
pub(crate) async fn local_user(pool: &SqlitePool) -> Result<UserId, StoreError> {
    const FIND: &str = "SELECT id FROM users WHERE name = 'local'";
    if let Some((id,)) = sqlx::query_as::<_, (String,)>(FIND).fetch_optional(pool).await.map_err(store_error)? {
        return parse_user(&id);
    }
    // Two processes may race to create it; the unique name makes the second insert a no-op.
    sqlx::query("INSERT INTO users (id, name, created_at) VALUES (?1, 'local', ?2) ON CONFLICT (name) DO NOTHING")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(micros(Timestamp::now()))
        .execute(pool)
        .await
        .map_err(store_error)?;
    let (id,): (String,) = sqlx::query_as(FIND).fetch_one(pool).await.map_err(store_error)?;
    parse_user(&id)
}

/// Registers a user under a unique name.
pub(crate) async fn add_user(pool: &SqlitePool, name: &str) -> Result<UserId, StoreError> {
    let id = UserId::from_uuid(uuid::Uuid::now_v7());
    sqlx::query("INSERT INTO users (id, name, created_at) VALUES (?1, ?2, ?3)")
        .bind(id.to_string())
        .bind(name)
        .bind(micros(Timestamp::now()))
        .execute(pool)
        .await
        .map_err(insert_error("user", name))?;
    Ok(id)
}

fn parse_user(id: &str) -> Result<UserId, StoreError> {
    id.parse().map_err(|e| StoreError::Corrupt(format!("users.id: {e}")))
}

macro_rules! domain_select {
    () => {
        "SELECT id, name, slug, area, description, created_at, archived_at FROM domains WHERE user_id = ?1"
    };
}
const DOMAIN_BY_ID: &str = concat!(domain_select!(), " AND id = ?2");
const DOMAIN_BY_SLUG: &str = concat!(domain_select!(), " AND slug = ?2");
const DOMAINS: &str = concat!(domain_select!(), " AND ?2 IS NULL");

macro_rules! goal_select {
    () => {
        "SELECT id, domain_id, statement, slug, target_amount, target_unit, deadline, why, target_success, created_at,
                done_at
         FROM goals WHERE user_id = ?1"
    };
}
const GOAL_BY_ID: &str = concat!(goal_select!(), " AND id = ?2");
const GOAL_BY_SLUG: &str = concat!(goal_select!(), " AND slug = ?2");
const GOALS: &str = concat!(goal_select!(), " AND (?2 IS NULL OR domain_id = ?2) ORDER BY created_at, id");

macro_rules! challenge_select {
    () => {
        "SELECT id, goal_id, title, slug, difficulty, criterion, position, created_at
         FROM challenges WHERE user_id = ?1"
    };
}
const CHALLENGE_BY_ID: &str = concat!(challenge_select!(), " AND id = ?2");
const CHALLENGES_BY_SLUG: &str = concat!(challenge_select!(), " AND slug = ?2 ORDER BY created_at, id");
const LADDER: &str = concat!(challenge_select!(), " AND goal_id = ?2 ORDER BY difficulty, position");

macro_rules! attempt_select {
    () => {
        "SELECT id, challenge_id, goal_id, domain_id, confidence, sleep_hours, energy, stress,
                planned_at, planned_on, outcome, effort, did, because, cause, locus, stability, control,
                lesson, recorded_at, engine_forecast
         FROM attempts"
    };
}
const ATTEMPT_SELECT: &str = attempt_select!();
const ATTEMPT_BY_ID: &str = concat!(attempt_select!(), " WHERE user_id = ?1 AND id = ?2");

/// What the analyses read of recorded attempts; two texts, with and without a domain, so each
/// plan can use its index.
macro_rules! recorded_facts {
    ($filter:literal) => {
        concat!(
            "SELECT id, domain_id, planned_at, planned_on, confidence, engine_forecast, sleep_hours, energy, stress,
                    outcome, control
             FROM attempts WHERE user_id = ?1 AND outcome IS NOT NULL",
            $filter,
            " ORDER BY planned_at, id"
        )
    };
}
const RECORDED_FACTS: &str = recorded_facts!("");
const RECORDED_FACTS_IN_DOMAIN: &str = recorded_facts!(" AND domain_id = ?2");

/// Recorded attempts grouped for calibration, with `$month` as the month column and `$by` any
/// further grouping. Without months the groups follow the order of `attempts_forecasts`, so the
/// grouping streams through that index instead of sorting every attempt.
macro_rules! forecast_groups {
    ($month:literal, $by:literal) => {
        concat!(
            "SELECT domain_id, ",
            $month,
            " AS month, confidence, outcome,
                    CAST(round(engine_forecast * 10) AS INTEGER) AS engine_bin, count(*) AS n,
                    total(engine_forecast) AS engine_sum, total(engine_forecast * engine_forecast) AS engine_sum2
             FROM attempts
             WHERE user_id = ?1 AND outcome IS NOT NULL AND (?2 IS NULL OR domain_id = ?2)
             GROUP BY domain_id, confidence, outcome, CAST(round(engine_forecast * 10) AS INTEGER)",
            $by
        )
    };
}
const FORECAST_GROUPS: &str = forecast_groups!("NULL", "");
const FORECAST_GROUPS_BY_MONTH: &str = forecast_groups!("substr(planned_on, 1, 7)", ", month");

/// Successes of both kinds, newest first; each branch reads its own index up to the limit.
macro_rules! evidence_union {
    ($attempt_filter:literal, $backfill_filter:literal) => {
        concat!(
            "SELECT source, id, domain_id, at, title, did FROM (
                SELECT 'attempt' AS source, a.id, a.domain_id, a.recorded_at AS at, c.title, a.did
                FROM attempts a JOIN challenges c ON c.id = a.challenge_id AND c.user_id = a.user_id
                WHERE a.user_id = ?1 AND a.outcome = 'success' AND ",
            $attempt_filter,
            " ORDER BY a.recorded_at DESC, a.id DESC LIMIT ?3)
            UNION ALL
            SELECT source, id, domain_id, at, title, did FROM (
                SELECT 'backfill' AS source, id, domain_id, at, title, did FROM evidence
                WHERE user_id = ?1 AND ",
            $backfill_filter,
            " ORDER BY at DESC, id DESC LIMIT ?3)
            ORDER BY at DESC, id DESC LIMIT ?3"
        )
    };
}
const EVIDENCE_IN_DOMAIN: &str = evidence_union!("a.domain_id = ?2", "domain_id = ?2");
const EVIDENCE_ALL: &str = evidence_union!("?2 IS NULL", "?2 IS NULL");

fn domain_row(row: &SqliteRow) -> Result<Domain, StoreError> {
    let c = Columns(row);
    Ok(Domain {
        id: c.parsed("id")?,
        name: c.validated("name", |t| Name::parse("name", &t))?,
        slug: c.text("slug")?,
        area: c.parsed("area")?,
        description: c.opt_text("description")?,
        created_at: c.timestamp("created_at")?,
        archived_at: c.opt_timestamp("archived_at")?,
    })
}

fn goal_row(row: &SqliteRow) -> Result<Goal, StoreError> {
    let c = Columns(row);
    let target = c.opt_real("target_amount")?.map(|amount| Target { amount, unit: None });
    let unit = c.opt_text("target_unit")?;
    Ok(Goal {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        statement: c.validated("statement", |t| Name::parse("statement", &t))?,
        slug: c.text("slug")?,
        target: target.map(|t| Target { unit, ..t }),
        deadline: c.opt_date("deadline")?,
        why: c.opt_text("why")?,
        target_success: c.opt_real("target_success")?,
        created_at: c.timestamp("created_at")?,
        done_at: c.opt_timestamp("done_at")?,
    })
}

fn challenge_row(row: &SqliteRow) -> Result<Challenge, StoreError> {
    let c = Columns(row);
    let difficulty = c.real("difficulty")?;
    Ok(Challenge {
        id: c.parsed("id")?,
        goal_id: c.parsed("goal_id")?,
        title: c.validated("title", |t| Name::parse("title", &t))?,
        slug: c.text("slug")?,
        difficulty: Difficulty::new(difficulty).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        criterion: c.opt_text("criterion")?,
        position: u32::try_from(c.int("position")?).map_err(|e| StoreError::Corrupt(format!("position: {e}")))?,
        created_at: c.timestamp("created_at")?,
    })
}

fn confidence(c: &Columns) -> Result<Confidence, StoreError> {
    u8::try_from(c.int("confidence")?)
        .ok()
        .and_then(|v| Confidence::new(v).ok())
        .ok_or_else(|| StoreError::Corrupt("confidence out of range".into()))
}

fn state(c: &Columns) -> Result<State, StoreError> {
    Ok(State {
        sleep_hours: c.opt_sleep("sleep_hours")?,
        energy: c.opt_rating("energy")?,
        stress: c.opt_rating("stress")?,
    })
}

fn facts_row(row: &SqliteRow) -> Result<RecordedFacts, StoreError> {
    let c = Columns(row);
    Ok(RecordedFacts {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        planned_at: c.timestamp("planned_at")?,
        planned_on: c.date("planned_on")?,
        confidence: confidence(&c)?,
        engine: c.opt_real("engine_forecast")?,
        state: state(&c)?,
        outcome: c.parsed("outcome")?,
        control: c.opt_parsed("control")?,
    })
}

fn attempt_row(row: &SqliteRow) -> Result<Attempt, StoreError> {
    let c = Columns(row);
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
            confidence: confidence(&c)?,
            engine: c.opt_real("engine_forecast")?,
            state: state(&c)?,
            planned_at: c.timestamp("planned_at")?,
            planned_on: c.date("planned_on")?,
        },
        record,
    })
}

fn backfilled_row(row: &SqliteRow) -> Result<BackfilledEvidence, StoreError> {
    let c = Columns(row);
    Ok(BackfilledEvidence {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        title: c.text("title")?,
        did: c.opt_text("did")?,
        at: c.timestamp("at")?,
        on: c.date("on_date")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn checkin_row(row: &SqliteRow) -> Result<Checkin, StoreError> {
    let c = Columns(row);
    let exercise = c.opt_int("exercise_minutes")?;
    Ok(Checkin {
        id: c.parsed("id")?,
        at: c.timestamp("at")?,
        on: c.date("on_date")?,
        measures: Measures {
            sleep_hours: c.opt_sleep("sleep_hours")?,
            exercise_minutes: exercise
                .map(u32::try_from)
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("exercise_minutes: {e}")))?,
            stress: c.opt_rating("stress")?,
            energy: c.opt_rating("energy")?,
            mood: c.opt_rating("mood")?,
        },
    })
}

fn role_model_row(row: &SqliteRow) -> Result<RoleModel, StoreError> {
    let c = Columns(row);
    Ok(RoleModel {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        name: c.validated("name", |t| Name::parse("name", &t))?,
        similarity: c.opt_rating("similarity")?,
        process: c.opt_text("process")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn feedback_row(row: &SqliteRow) -> Result<Feedback, StoreError> {
    let c = Columns(row);
    Ok(Feedback {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        from: c.validated("giver", |t| Name::parse("from", &t))?,
        credibility: c.opt_rating("credibility")?,
        specificity: c.opt_parsed("specificity")?,
        valence: c.opt_parsed("valence")?,
        text: c.text("body")?,
        received_at: c.timestamp("received_at")?,
    })
}

fn evidence_row(row: &SqliteRow) -> Result<EvidenceItem, StoreError> {
    let c = Columns(row);
    Ok(EvidenceItem {
        source: c.parsed::<EvidenceSource>("source")?,
        id: c.text("id")?,
        domain_id: c.parsed("domain_id")?,
        at: c.timestamp("at")?,
        title: c.text("title")?,
        did: c.opt_text("did")?,
    })
}

fn forecast_group_row(row: &SqliteRow) -> Result<ForecastGroup, StoreError> {
    let c = Columns(row);
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

fn rung_stats_row(row: &SqliteRow) -> Result<RungStats, StoreError> {
    let c = Columns(row);
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

fn scale_row(row: &SqliteRow) -> Result<Scale, StoreError> {
    Columns(row).validated("source", |source| Scale::from_toml(&source))
}

fn audit_row(row: &SqliteRow) -> Result<Audit, StoreError> {
    let c = Columns(row);
    let threshold = u8::try_from(c.int("threshold")?)
        .ok()
        .and_then(|v| Confidence::new(v).ok())
        .ok_or_else(|| StoreError::Corrupt("threshold out of range".into()))?;
    Ok(Audit {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        scale_id: c.text("scale_id")?,
        taken_at: c.timestamp("taken_at")?,
        taken_on: c.date("taken_on")?,
        threshold,
        answers: c.validated("answers", |a| audit::parse_answers(&a))?,
        every: c.parsed("every")?,
    })
}

fn text_of<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn int_of<T: Into<u8>>(value: Option<T>) -> Option<i64> {
    value.map(|v| i64::from(v.into()))
}

impl Transaction for SqliteTx {
    async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await.map_err(store_error)
    }

    async fn insert_domain(&mut self, d: &Domain) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO domains (id, user_id, name, slug, area, description, created_at, archived_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        bind_domain(sqlx::query(SQL), d, &self.user)
            .execute(&mut *self.tx)
            .await
            .map_err(insert_error("domain", &d.slug))?;
        Ok(())
    }

    async fn update_domain(&mut self, d: &Domain) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE domains SET name = ?3, slug = ?4, area = ?5, description = ?6, archived_at = ?8
            WHERE id = ?1 AND user_id = ?2";
        let done = bind_domain(sqlx::query(SQL), d, &self.user)
            .execute(&mut *self.tx)
            .await
            .map_err(insert_error("domain", &d.slug))?;
        updated(done.rows_affected(), "domain", d.id)
    }

    async fn domain(&mut self, id: DomainId) -> Result<Option<Domain>, StoreError> {
        self.fetch_one(DOMAIN_BY_ID, id.to_string(), domain_row).await
    }

    async fn domain_by_slug(&mut self, slug: &str) -> Result<Option<Domain>, StoreError> {
        self.fetch_one(DOMAIN_BY_SLUG, slug.to_owned(), domain_row).await
    }

    async fn domains(&mut self) -> Result<Vec<Domain>, StoreError> {
        let mut domains = self.fetch_all(DOMAINS, None, domain_row).await?;
        // Sorted here rather than in SQL: SQLite's lower() folds only ASCII letters.
        domains.sort_by_cached_key(|d| (d.name.as_str().to_lowercase(), d.id));
        Ok(domains)
    }

    async fn insert_goal(&mut self, g: &Goal) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO goals (id, user_id, domain_id, statement, slug, target_amount, target_unit,
                                deadline, why, created_at, done_at, target_success)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
        self.require("domains", "domain", g.domain_id.to_string()).await?;
        bind_goal(sqlx::query(SQL), g, &self.user)
            .execute(&mut *self.tx)
            .await
            .map_err(insert_error("goal", &g.slug))?;
        Ok(())
    }

    async fn update_goal(&mut self, g: &Goal) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE goals SET statement = ?4, slug = ?5, target_amount = ?6, target_unit = ?7,
                deadline = ?8, why = ?9, done_at = ?11, target_success = ?12
            WHERE id = ?1 AND user_id = ?2";
        let done = bind_goal(sqlx::query(SQL), g, &self.user)
            .execute(&mut *self.tx)
            .await
            .map_err(insert_error("goal", &g.slug))?;
        updated(done.rows_affected(), "goal", g.id)
    }

    async fn goal(&mut self, id: GoalId) -> Result<Option<Goal>, StoreError> {
        self.fetch_one(GOAL_BY_ID, id.to_string(), goal_row).await
    }

    async fn goal_by_slug(&mut self, slug: &str) -> Result<Option<Goal>, StoreError> {
        self.fetch_one(GOAL_BY_SLUG, slug.to_owned(), goal_row).await
    }

    async fn goals(&mut self, domain: Option<DomainId>) -> Result<Vec<Goal>, StoreError> {
        self.fetch_all(GOALS, text_of(domain), goal_row).await
    }

    async fn insert_challenge(&mut self, c: &Challenge) -> Result<(), StoreError> {
        self.require("goals", "goal", c.goal_id.to_string()).await?;
        sqlx::query(
            "INSERT INTO challenges (id, user_id, goal_id, title, slug, difficulty, criterion, position, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(c.id.to_string())
        .bind(&self.user)
        .bind(c.goal_id.to_string())
        .bind(c.title.as_str())
        .bind(&c.slug)
        .bind(c.difficulty.value())
        .bind(&c.criterion)
        .bind(i64::from(c.position))
        .bind(micros(c.created_at))
        .execute(&mut *self.tx)
        .await
        .map_err(insert_error("challenge", &c.slug))?;
        Ok(())
    }

    async fn challenge(&mut self, id: ChallengeId) -> Result<Option<Challenge>, StoreError> {
        self.fetch_one(CHALLENGE_BY_ID, id.to_string(), challenge_row).await
    }

    async fn challenges_by_slug(&mut self, slug: &str) -> Result<Vec<Challenge>, StoreError> {
        self.fetch_all(CHALLENGES_BY_SLUG, Some(slug.to_owned()), challenge_row).await
    }

    async fn challenges(&mut self, goal: GoalId) -> Result<Vec<Challenge>, StoreError> {
        self.fetch_all(LADDER, Some(goal.to_string()), challenge_row).await
    }

    async fn rung_stats(&mut self, goal: GoalId) -> Result<Vec<RungStats>, StoreError> {
        const SQL: &str = "SELECT challenge_id, attempts, successes, partials FROM rung_counts
            WHERE user_id = ?1 AND goal_id = ?2 AND attempts > 0 ORDER BY challenge_id";
        self.fetch_all(SQL, Some(goal.to_string()), rung_stats_row).await
    }

    async fn recent_results(&mut self, goal: GoalId, limit: usize) -> Result<Vec<RecentResult>, StoreError> {
        // One row holding the whole sequence as JSON: sqlx hands each row over from its worker
        // thread separately, and a hundred hand-overs cost more than the query (every attempt
        // logged reads this).
        const SQL: &str = "SELECT json_group_array(json_array(difficulty, outcome) ORDER BY planned_at, id) FROM (
                SELECT c.difficulty, a.outcome, a.planned_at, a.id
                FROM attempts a JOIN challenges c ON c.id = a.challenge_id AND c.user_id = a.user_id
                WHERE a.user_id = ?1 AND a.goal_id = ?2 AND a.outcome IS NOT NULL
                ORDER BY a.planned_at DESC, a.id DESC LIMIT ?3)";
        let (json,): (String,) = sqlx::query_as(SQL)
            .bind(&self.user)
            .bind(goal.to_string())
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_one(&mut *self.tx)
            .await
            .map_err(store_error)?;
        let results: Vec<(f64, String)> =
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("recent results: {e}")))?;
        results
            .into_iter()
            .map(|(difficulty, outcome)| {
                Ok(RecentResult {
                    difficulty: Difficulty::new(difficulty).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    outcome: outcome
                        .parse()
                        .map_err(|e: mastery_domain::ValidationError| StoreError::Corrupt(e.to_string()))?,
                })
            })
            .collect()
    }

    async fn insert_attempt(&mut self, a: &Attempt) -> Result<(), StoreError> {
        let id = a.id.to_string();
        let done = bind_attempt(sqlx::query(INSERT_ATTEMPT), a, &self.user)
            .execute(&mut *self.tx)
            .await
            .map_err(insert_error("attempt", &id))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { entity: "challenge", key: a.challenge_id.to_string() });
        }
        Ok(())
    }

    async fn update_attempt(&mut self, a: &Attempt) -> Result<(), StoreError> {
        let done = bind_attempt(sqlx::query(UPDATE_ATTEMPT), a, &self.user)
            .execute(&mut *self.tx)
            .await
            .map_err(store_error)?;
        updated(done.rows_affected(), "attempt", a.id)
    }

    async fn attempt(&mut self, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
        self.fetch_one(ATTEMPT_BY_ID, id.to_string(), attempt_row).await
    }

    async fn attempts(&mut self, query: &AttemptQuery) -> Result<Page<Attempt>, StoreError> {
        let mut sql = QueryBuilder::<Sqlite>::new(ATTEMPT_SELECT);
        sql.push(" WHERE user_id = ").push_bind(self.user.clone());
        if let Some(domain) = query.domain {
            sql.push(" AND domain_id = ").push_bind(domain.to_string());
        }
        if let Some(goal) = query.goal {
            sql.push(" AND goal_id = ").push_bind(goal.to_string());
        }
        if let Some(challenge) = query.challenge {
            sql.push(" AND challenge_id = ").push_bind(challenge.to_string());
        }
        if let Some(since) = query.since {
            sql.push(" AND planned_at >= ").push_bind(micros(since));
        }
        if query.pending_only {
            sql.push(" AND outcome IS NULL");
        }
        if let Some(Cursor { planned_at, id }) = query.after {
            sql.push(" AND (planned_at, id) > (")
                .push_bind(micros(planned_at))
                .push(", ")
                .push_bind(id.to_string())
                .push(")");
        }
        if let Some(latest) = query.latest {
            sql.push(" ORDER BY planned_at DESC, id DESC LIMIT ").push_bind(i64::try_from(latest).unwrap_or(i64::MAX));
            let rows = sql.build().fetch_all(&mut *self.tx).await.map_err(store_error)?;
            let mut items = rows.iter().map(attempt_row).collect::<Result<Vec<_>, _>>()?;
            items.reverse();
            return Ok(Page { items, next: None });
        }
        sql.push(" ORDER BY planned_at, id");
        // One extra row tells whether another page follows.
        let fetch = query.limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX - 1) + 1);
        if let Some(fetch) = fetch {
            sql.push(" LIMIT ").push_bind(fetch);
        }
        let rows = sql.build().fetch_all(&mut *self.tx).await.map_err(store_error)?;
        let items = rows.iter().map(attempt_row).collect::<Result<Vec<_>, _>>()?;
        Ok(Page::of_attempts(items, query.limit))
    }

    async fn recorded_facts(&mut self, domain: Option<DomainId>) -> Result<Vec<RecordedFacts>, StoreError> {
        let query = match domain {
            Some(domain) => sqlx::query(RECORDED_FACTS_IN_DOMAIN).bind(&self.user).bind(domain.to_string()),
            None => sqlx::query(RECORDED_FACTS).bind(&self.user),
        };
        let rows = query.fetch_all(&mut *self.tx).await.map_err(store_error)?;
        rows.iter().map(facts_row).collect()
    }

    async fn forecast_groups(
        &mut self,
        domain: Option<DomainId>,
        by_month: bool,
    ) -> Result<Vec<ForecastGroup>, StoreError> {
        let sql = if by_month { FORECAST_GROUPS_BY_MONTH } else { FORECAST_GROUPS };
        let rows = sqlx::query(sql)
            .bind(&self.user)
            .bind(text_of(domain))
            .fetch_all(&mut *self.tx)
            .await
            .map_err(store_error)?;
        rows.iter().map(forecast_group_row).collect()
    }

    async fn evidence(&mut self, domain: Option<DomainId>, limit: usize) -> Result<Vec<EvidenceItem>, StoreError> {
        let sql = if domain.is_some() { EVIDENCE_IN_DOMAIN } else { EVIDENCE_ALL };
        let rows = sqlx::query(sql)
            .bind(&self.user)
            .bind(text_of(domain))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&mut *self.tx)
            .await
            .map_err(store_error)?;
        rows.iter().map(evidence_row).collect()
    }

    async fn insert_evidence(&mut self, e: &BackfilledEvidence) -> Result<(), StoreError> {
        self.require("domains", "domain", e.domain_id.to_string()).await?;
        sqlx::query(
            "INSERT INTO evidence (id, user_id, domain_id, title, did, at, on_date, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(e.id.to_string())
        .bind(&self.user)
        .bind(e.domain_id.to_string())
        .bind(&e.title)
        .bind(&e.did)
        .bind(micros(e.at))
        .bind(e.on.to_string())
        .bind(micros(e.created_at))
        .execute(&mut *self.tx)
        .await
        .map_err(insert_error("evidence", &e.id.to_string()))?;
        Ok(())
    }

    async fn backfilled_evidence(&mut self) -> Result<Vec<BackfilledEvidence>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, title, did, at, on_date, created_at FROM evidence
            WHERE user_id = ?1 AND ?2 IS NULL ORDER BY at, id";
        self.fetch_all(SQL, None, backfilled_row).await
    }

    async fn insert_checkin(&mut self, c: &Checkin) -> Result<(), StoreError> {
        const SQL: &str =
            "INSERT INTO checkins (id, user_id, at, on_date, sleep_hours, exercise_minutes, stress, energy, mood)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        bind_checkin(sqlx::query(SQL), c, &self.user)
            .execute(&mut *self.tx)
            .await
            .map_err(insert_error("check-in", &c.id.to_string()))?;
        Ok(())
    }

    async fn update_checkin(&mut self, c: &Checkin) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE checkins SET at = ?3, on_date = ?4, sleep_hours = ?5, exercise_minutes = ?6,
                 stress = ?7, energy = ?8, mood = ?9
             WHERE id = ?1 AND user_id = ?2";
        let done = bind_checkin(sqlx::query(SQL), c, &self.user).execute(&mut *self.tx).await.map_err(store_error)?;
        updated(done.rows_affected(), "check-in", c.id)
    }

    async fn checkins(&mut self) -> Result<Vec<Checkin>, StoreError> {
        const SQL: &str = "SELECT id, at, on_date, sleep_hours, exercise_minutes, stress, energy, mood
            FROM checkins WHERE user_id = ?1 AND ?2 IS NULL ORDER BY at, id";
        self.fetch_all(SQL, None, checkin_row).await
    }

    async fn insert_role_model(&mut self, m: &RoleModel) -> Result<(), StoreError> {
        self.require("domains", "domain", m.domain_id.to_string()).await?;
        sqlx::query(
            "INSERT INTO role_models (id, user_id, domain_id, name, similarity, process, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(m.id.to_string())
        .bind(&self.user)
        .bind(m.domain_id.to_string())
        .bind(m.name.as_str())
        .bind(int_of(m.similarity))
        .bind(&m.process)
        .bind(micros(m.created_at))
        .execute(&mut *self.tx)
        .await
        .map_err(insert_error("role model", m.name.as_str()))?;
        Ok(())
    }

    async fn role_models(&mut self, domain: Option<DomainId>) -> Result<Vec<RoleModel>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, name, similarity, process, created_at FROM role_models
            WHERE user_id = ?1 AND (?2 IS NULL OR domain_id = ?2) ORDER BY created_at, id";
        self.fetch_all(SQL, text_of(domain), role_model_row).await
    }

    async fn insert_feedback(&mut self, f: &Feedback) -> Result<(), StoreError> {
        self.require("domains", "domain", f.domain_id.to_string()).await?;
        sqlx::query(
            "INSERT INTO feedback (id, user_id, domain_id, giver, credibility, specificity, valence, body, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(f.id.to_string())
        .bind(&self.user)
        .bind(f.domain_id.to_string())
        .bind(f.from.as_str())
        .bind(int_of(f.credibility))
        .bind(text_of(f.specificity))
        .bind(text_of(f.valence))
        .bind(&f.text)
        .bind(micros(f.received_at))
        .execute(&mut *self.tx)
        .await
        .map_err(insert_error("feedback", &f.id.to_string()))?;
        Ok(())
    }

    async fn feedback(&mut self, domain: Option<DomainId>) -> Result<Vec<Feedback>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, giver, credibility, specificity, valence, body, received_at
            FROM feedback WHERE user_id = ?1 AND (?2 IS NULL OR domain_id = ?2) ORDER BY received_at, id";
        self.fetch_all(SQL, text_of(domain), feedback_row).await
    }

    async fn insert_scale(&mut self, scale: &Scale) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO scales (user_id, id, source) VALUES (?1, ?2, ?3)")
            .bind(&self.user)
            .bind(&scale.id)
            .bind(&scale.source)
            .execute(&mut *self.tx)
            .await
            .map_err(insert_error("scale", &scale.id))?;
        Ok(())
    }

    async fn scales(&mut self) -> Result<Vec<Scale>, StoreError> {
        const SQL: &str = "SELECT source FROM scales WHERE user_id = ?1 AND ?2 IS NULL ORDER BY id";
        self.fetch_all(SQL, None, scale_row).await
    }

    async fn insert_audit(&mut self, a: &Audit) -> Result<(), StoreError> {
        self.require("domains", "domain", a.domain_id.to_string()).await?;
        sqlx::query(
            "INSERT INTO audits (id, user_id, domain_id, scale_id, taken_at, taken_on, threshold, answers, every)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(a.id.to_string())
        .bind(&self.user)
        .bind(a.domain_id.to_string())
        .bind(&a.scale_id)
        .bind(micros(a.taken_at))
        .bind(a.taken_on.to_string())
        .bind(i64::from(a.threshold.value()))
        .bind(answers_text(a))
        .bind(a.every.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(insert_error("audit", &a.id.to_string()))?;
        Ok(())
    }

    async fn audits(&mut self, domain: Option<DomainId>) -> Result<Vec<Audit>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, scale_id, taken_at, taken_on, threshold, answers, every FROM audits
            WHERE user_id = ?1 AND (?2 IS NULL OR domain_id = ?2) ORDER BY taken_at, id";
        self.fetch_all(SQL, text_of(domain), audit_row).await
    }
}

fn answers_text(audit: &Audit) -> String {
    audit.answers.iter().map(|a| a.value().to_string()).collect::<Vec<_>>().join(",")
}

fn updated(rows: u64, entity: &'static str, id: impl ToString) -> Result<(), StoreError> {
    if rows == 0 { Err(StoreError::NotFound { entity, key: id.to_string() }) } else { Ok(()) }
}

type Query<'q> = sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>;

/// Binds every check-in column, numbered as `insert_checkin` and `update_checkin` expect.
fn bind_checkin<'q>(query: Query<'q>, c: &Checkin, user: &str) -> Query<'q> {
    let m = &c.measures;
    query
        .bind(c.id.to_string())
        .bind(user.to_owned())
        .bind(micros(c.at))
        .bind(c.on.to_string())
        .bind(m.sleep_hours.map(|s| s.hours()))
        .bind(m.exercise_minutes.map(i64::from))
        .bind(int_of(m.stress))
        .bind(int_of(m.energy))
        .bind(int_of(m.mood))
}

/// Binds every domain column, numbered as `insert_domain` and `update_domain` expect.
fn bind_domain<'q>(query: Query<'q>, d: &Domain, user: &str) -> Query<'q> {
    query
        .bind(d.id.to_string())
        .bind(user.to_owned())
        .bind(d.name.to_string())
        .bind(d.slug.clone())
        .bind(d.area.as_str())
        .bind(d.description.clone())
        .bind(micros(d.created_at))
        .bind(d.archived_at.map(micros))
}

/// Binds every goal column, numbered as `insert_goal` and `update_goal` expect.
fn bind_goal<'q>(query: Query<'q>, g: &Goal, user: &str) -> Query<'q> {
    query
        .bind(g.id.to_string())
        .bind(user.to_owned())
        .bind(g.domain_id.to_string())
        .bind(g.statement.to_string())
        .bind(g.slug.clone())
        .bind(g.target.as_ref().map(|t| t.amount))
        .bind(g.target.as_ref().and_then(|t| t.unit.clone()))
        .bind(text_of(g.deadline))
        .bind(g.why.clone())
        .bind(micros(g.created_at))
        .bind(g.done_at.map(micros))
        .bind(g.target_success)
}

/// Binds every attempt column in the order `INSERT_ATTEMPT` and `UPDATE_ATTEMPT` expect.
fn bind_attempt<'q>(query: Query<'q>, a: &Attempt, user: &str) -> Query<'q> {
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

const INSERT_ATTEMPT: &str = "INSERT INTO attempts (id, user_id, challenge_id, goal_id, domain_id, confidence,
        sleep_hours, energy, stress, planned_at, planned_on, outcome, effort, did, because, cause, locus,
        stability, control, lesson, recorded_at, engine_forecast)
    SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22
    -- The challenge, its goal and the goal's domain must be this user's and belong together;
    -- checking here saves a round trip on the hot path.
    WHERE EXISTS (SELECT 1 FROM challenges c JOIN goals g ON g.id = c.goal_id
                  WHERE c.id = ?3 AND c.user_id = ?2 AND g.id = ?4 AND g.domain_id = ?5 AND g.user_id = ?2)";

/// The rung stays: moving an attempt to another rung is a deletion and a new attempt.
const UPDATE_ATTEMPT: &str = "UPDATE attempts SET
        confidence = ?6, sleep_hours = ?7, energy = ?8, stress = ?9, planned_at = ?10, planned_on = ?11,
        engine_forecast = ?22, outcome = ?12, effort = ?13, did = ?14, because = ?15, cause = ?16, locus = ?17, stability = ?18,
        control = ?19, lesson = ?20, recorded_at = ?21
    WHERE id = ?1 AND user_id = ?2";
