//! The [`Transaction`] implementation: one SQL statement per port method, every one filtered on
//! the transaction's user.

use jiff::Timestamp;
use mastery_domain::attempt::{Attempt, RecordedFacts};
use mastery_domain::audit::Audit;
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::Checkin;
use mastery_domain::domain::Domain;
use mastery_domain::evidence::BackfilledEvidence;
use mastery_domain::feedback::Feedback;
use mastery_domain::goal::Goal;
use mastery_domain::ids::{AttemptId, ChallengeId, DomainId, GoalId, UserId};
use mastery_domain::measure::Difficulty;
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::Scale;
use mastery_store::{
    AttemptQuery, Cursor, EvidenceItem, ForecastGroup, Page, RecentResult, RungStats, StoreError, Transaction,
};

use crate::codec::{Columns, insert_error, micros, store_error};
use crate::db::{Pool, Pooled, Query, query};

mod attempts;
mod audits;
mod celebration;
mod fold;
mod practice;
mod program;
mod reattribution;
mod records;
mod revision;
mod sources;
mod sync;

use attempts::{
    ATTEMPT_BY_ID, ATTEMPT_SELECT, FORECAST_GROUPS, FORECAST_GROUPS_BY_MONTH, FORECAST_GROUPS_BY_MONTH_IN_DOMAIN,
    FORECAST_GROUPS_IN_DOMAIN, FORECASTS_RECORDED_BETWEEN, INSERT_ATTEMPT, RECORDED_FACTS, RECORDED_FACTS_IN_DOMAIN,
    UPDATE_ATTEMPT, attempt_row, bind_attempt, facts_row, forecast_group_row, rung_stats_row,
};
use audits::{answers_text, audit_row, scale_row};
use records::{
    CHALLENGE_BY_ID, CHALLENGES_BY_SLUG, DOMAIN_BY_ID, DOMAIN_BY_SLUG, DOMAINS, GOAL_BY_ID, GOAL_BY_SLUG, GOALS,
    LADDER, bind_domain, bind_goal, challenge_row, domain_row, goal_row,
};
use sources::{
    EVIDENCE_ALL, EVIDENCE_BETWEEN, EVIDENCE_IN_DOMAIN, backfilled_row, bind_checkin, checkin_row, evidence_row,
    feedback_row, role_model_row,
};

/// A transaction on a [`crate::SqliteStore`], scoped to one user.
#[derive(Debug)]
pub struct SqliteTx {
    tx: Pooled,
    user: String,
}

impl SqliteTx {
    /// `tx` is a pooled connection with its transaction begun.
    pub(crate) fn new(tx: Pooled, user: UserId) -> Self {
        Self { tx, user: user.to_string() }
    }

    fn exists(&self, table: &'static str, id: String) -> Result<bool, StoreError> {
        let sql = match table {
            "domains" => "SELECT 1 FROM domains WHERE id = ?1 AND user_id = ?2",
            "goals" => "SELECT 1 FROM goals WHERE id = ?1 AND user_id = ?2",
            _ => "SELECT 1 FROM challenges WHERE id = ?1 AND user_id = ?2",
        };
        let row = query(sql).bind(id).bind(&self.user).fetch_optional(&self.tx, |_| Ok(()))?;
        Ok(row.is_some())
    }

    /// Fails with not-found unless the parent row belongs to this user.
    fn require(&self, table: &'static str, entity: &'static str, id: String) -> Result<(), StoreError> {
        if self.exists(table, id.clone())? { Ok(()) } else { Err(StoreError::NotFound { entity, key: id }) }
    }

    /// Every row of `sql`, which takes the user and `bind` as its two arguments.
    fn fetch_all<T>(
        &self,
        sql: &'static str,
        bind: Option<String>,
        map: fn(&Columns) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        query(sql).bind(&self.user).bind(bind).fetch_all(&self.tx, map)
    }

    /// The one row of `sql` for the user and `key`, if there is one.
    fn fetch_one<T>(
        &self,
        sql: &'static str,
        key: String,
        map: fn(&Columns) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        query(sql).bind(&self.user).bind(key).fetch_optional(&self.tx, map)
    }
}

/// Looks up the embedded store's one local user, creating it on first use.
pub(crate) async fn local_user(pool: &Pool) -> Result<UserId, StoreError> {
    const FIND: &str = "SELECT id FROM users WHERE name = 'local'";
    let connection = pool.acquire().await?;
    let id = |row: &Columns| row.text("id");
    if let Some(id) = query(FIND).fetch_optional(&connection, id)? {
        return parse_user(&id);
    }
    // Two processes may race to create it; the unique name makes the second insert a no-op.
    query("INSERT INTO users (id, name, created_at) VALUES (?1, 'local', ?2) ON CONFLICT (name) DO NOTHING")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(micros(Timestamp::now()))
        .execute(&connection)
        .map_err(store_error)?;
    parse_user(&query(FIND).fetch_one(&connection, id)?)
}

/// Registers a user under a unique name.
pub(crate) async fn add_user(pool: &Pool, name: &str) -> Result<UserId, StoreError> {
    let id = UserId::from_uuid(uuid::Uuid::now_v7());
    query("INSERT INTO users (id, name, created_at) VALUES (?1, ?2, ?3)")
        .bind(id.to_string())
        .bind(name)
        .bind(micros(Timestamp::now()))
        .execute(&*pool.acquire().await?)
        .map_err(insert_error("user", name))?;
    Ok(id)
}

fn parse_user(id: &str) -> Result<UserId, StoreError> {
    id.parse().map_err(|e| StoreError::Corrupt(format!("users.id: {e}")))
}

fn text_of<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn int_of<T: Into<u8>>(value: Option<T>) -> Option<i64> {
    value.map(|v| i64::from(v.into()))
}

impl Transaction for SqliteTx {
    async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit()
    }

    async fn insert_domain(&mut self, d: &Domain) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO domains (id, user_id, name, slug, area, description, created_at, archived_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
        bind_domain(query(SQL), d, &self.user).execute(&self.tx).map_err(insert_error("domain", &d.slug))?;
        Ok(())
    }

    async fn update_domain(&mut self, d: &Domain) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE domains SET name = ?3, slug = ?4, area = ?5, description = ?6, archived_at = ?8
            WHERE id = ?1 AND user_id = ?2";
        let done = bind_domain(query(SQL), d, &self.user).execute(&self.tx).map_err(insert_error("domain", &d.slug))?;
        updated(done, "domain", d.id)
    }

    async fn domain(&mut self, id: DomainId) -> Result<Option<Domain>, StoreError> {
        self.fetch_one(DOMAIN_BY_ID, id.to_string(), domain_row)
    }

    async fn domain_by_slug(&mut self, slug: &str) -> Result<Option<Domain>, StoreError> {
        self.fetch_one(DOMAIN_BY_SLUG, slug.to_owned(), domain_row)
    }

    async fn domains(&mut self) -> Result<Vec<Domain>, StoreError> {
        let mut domains = self.fetch_all(DOMAINS, None, domain_row)?;
        // Sorted here rather than in SQL: SQLite's lower() folds only ASCII letters.
        domains.sort_by_cached_key(|d| (d.name.as_str().to_lowercase(), d.id));
        Ok(domains)
    }

    async fn insert_goal(&mut self, g: &Goal) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO goals (id, user_id, domain_id, statement, slug, target_amount, target_unit,
                                deadline, why, created_at, done_at, target_success)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
        self.require("domains", "domain", g.domain_id.to_string())?;
        bind_goal(query(SQL), g, &self.user).execute(&self.tx).map_err(insert_error("goal", &g.slug))?;
        Ok(())
    }

    async fn update_goal(&mut self, g: &Goal) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE goals SET statement = ?4, slug = ?5, target_amount = ?6, target_unit = ?7,
                deadline = ?8, why = ?9, done_at = ?11, target_success = ?12
            WHERE id = ?1 AND user_id = ?2";
        let done = bind_goal(query(SQL), g, &self.user).execute(&self.tx).map_err(insert_error("goal", &g.slug))?;
        updated(done, "goal", g.id)
    }

    async fn goal(&mut self, id: GoalId) -> Result<Option<Goal>, StoreError> {
        self.fetch_one(GOAL_BY_ID, id.to_string(), goal_row)
    }

    async fn goal_by_slug(&mut self, slug: &str) -> Result<Option<Goal>, StoreError> {
        self.fetch_one(GOAL_BY_SLUG, slug.to_owned(), goal_row)
    }

    async fn goals(&mut self, domain: Option<DomainId>) -> Result<Vec<Goal>, StoreError> {
        self.fetch_all(GOALS, text_of(domain), goal_row)
    }

    async fn insert_challenge(&mut self, c: &Challenge) -> Result<(), StoreError> {
        self.require("goals", "goal", c.goal_id.to_string())?;
        query(
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
        .execute(&self.tx)
        .map_err(insert_error("challenge", &c.slug))?;
        Ok(())
    }

    async fn challenge(&mut self, id: ChallengeId) -> Result<Option<Challenge>, StoreError> {
        self.fetch_one(CHALLENGE_BY_ID, id.to_string(), challenge_row)
    }

    async fn challenges_by_slug(&mut self, slug: &str) -> Result<Vec<Challenge>, StoreError> {
        self.fetch_all(CHALLENGES_BY_SLUG, Some(slug.to_owned()), challenge_row)
    }

    async fn challenges(&mut self, goal: GoalId) -> Result<Vec<Challenge>, StoreError> {
        self.fetch_all(LADDER, Some(goal.to_string()), challenge_row)
    }

    async fn rung_stats(&mut self, goal: GoalId) -> Result<Vec<RungStats>, StoreError> {
        const SQL: &str = "SELECT challenge_id, attempts, successes, partials FROM rung_counts
            WHERE user_id = ?1 AND goal_id = ?2 AND attempts > 0 ORDER BY challenge_id";
        self.fetch_all(SQL, Some(goal.to_string()), rung_stats_row)
    }

    async fn recent_results(&mut self, goal: GoalId, limit: usize) -> Result<Vec<RecentResult>, StoreError> {
        // The newest `limit`, put back in the order they happened.
        const SQL: &str = "SELECT difficulty, outcome FROM (
                SELECT c.difficulty, a.outcome, a.planned_at, a.id
                FROM attempts a JOIN challenges c ON c.id = a.challenge_id AND c.user_id = a.user_id
                WHERE a.user_id = ?1 AND a.goal_id = ?2 AND a.outcome IS NOT NULL
                ORDER BY a.planned_at DESC, a.id DESC LIMIT ?3)
            ORDER BY planned_at, id";
        let query = query(SQL).bind(&self.user).bind(goal.to_string()).bind(i64::try_from(limit).unwrap_or(i64::MAX));
        query.fetch_all(&self.tx, recent_result_row)
    }

    async fn insert_attempt(&mut self, a: &Attempt) -> Result<(), StoreError> {
        let id = a.id.to_string();
        let done = bind_attempt(query(INSERT_ATTEMPT), a, &self.user)
            .execute(&self.tx)
            .map_err(insert_error("attempt", &id))?;
        if done == 0 {
            return Err(StoreError::NotFound { entity: "challenge", key: a.challenge_id.to_string() });
        }
        Ok(())
    }

    async fn update_attempt(&mut self, a: &Attempt) -> Result<(), StoreError> {
        let done = bind_attempt(query(UPDATE_ATTEMPT), a, &self.user).execute(&self.tx).map_err(store_error)?;
        updated(done, "attempt", a.id)
    }

    async fn attempt(&mut self, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
        self.fetch_one(ATTEMPT_BY_ID, id.to_string(), attempt_row)
    }

    async fn attempts(&mut self, query: &AttemptQuery) -> Result<Page<Attempt>, StoreError> {
        let mut sql = crate::db::query(ATTEMPT_SELECT).push(" WHERE user_id = ").push_bind(&self.user);
        if let Some(domain) = query.domain {
            sql = sql.push(" AND domain_id = ").push_bind(domain.to_string());
        }
        if let Some(goal) = query.goal {
            sql = sql.push(" AND goal_id = ").push_bind(goal.to_string());
        }
        if let Some(challenge) = query.challenge {
            sql = sql.push(" AND challenge_id = ").push_bind(challenge.to_string());
        }
        if let Some(since) = query.since {
            sql = sql.push(" AND planned_at >= ").push_bind(micros(since));
        }
        if query.pending_only {
            sql = sql.push(" AND outcome IS NULL");
        }
        if let Some(Cursor { planned_at, id }) = query.after {
            sql = sql
                .push(" AND (planned_at, id) > (")
                .push_bind(micros(planned_at))
                .push(", ")
                .push_bind(id.to_string())
                .push(")");
        }
        if let Some(latest) = query.latest {
            sql = sql
                .push(" ORDER BY planned_at DESC, id DESC LIMIT ")
                .push_bind(i64::try_from(latest).unwrap_or(i64::MAX));
            let mut items = sql.fetch_all(&self.tx, attempt_row)?;
            items.reverse();
            return Ok(Page { items, next: None });
        }
        sql = sql.push(" ORDER BY planned_at, id");
        // One extra row tells whether another page follows.
        let fetch = query.limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX - 1) + 1);
        if let Some(fetch) = fetch {
            sql = sql.push(" LIMIT ").push_bind(fetch);
        }
        let items = sql.fetch_all(&self.tx, attempt_row)?;
        Ok(Page::of_attempts(items, query.limit))
    }

    async fn recorded_facts(
        &mut self,
        domain: Option<DomainId>,
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> Result<(), StoreError> {
        let query = match domain {
            Some(domain) => query(RECORDED_FACTS_IN_DOMAIN).bind(&self.user).bind(domain.to_string()),
            None => query(RECORDED_FACTS).bind(&self.user),
        };
        query.for_each(&self.tx, |row| {
            visit(facts_row(row)?);
            Ok(())
        })
    }

    async fn forecast_groups(
        &mut self,
        domain: Option<DomainId>,
        by_month: bool,
    ) -> Result<Vec<ForecastGroup>, StoreError> {
        let query = match (domain, by_month) {
            (None, false) => query(FORECAST_GROUPS).bind(&self.user),
            (None, true) => query(FORECAST_GROUPS_BY_MONTH).bind(&self.user),
            (Some(domain), false) => query(FORECAST_GROUPS_IN_DOMAIN).bind(&self.user).bind(domain.to_string()),
            (Some(domain), true) => query(FORECAST_GROUPS_BY_MONTH_IN_DOMAIN).bind(&self.user).bind(domain.to_string()),
        };
        query.fetch_all(&self.tx, forecast_group_row)
    }

    async fn forecasts_recorded_between(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<ForecastGroup>, StoreError> {
        let query = query(FORECASTS_RECORDED_BETWEEN).bind(&self.user).bind(micros(from)).bind(micros(to));
        query.fetch_all(&self.tx, forecast_group_row)
    }

    async fn evidence(&mut self, domain: Option<DomainId>, limit: usize) -> Result<Vec<EvidenceItem>, StoreError> {
        let sql = if domain.is_some() { EVIDENCE_IN_DOMAIN } else { EVIDENCE_ALL };
        let query = query(sql).bind(&self.user).bind(text_of(domain)).bind(i64::try_from(limit).unwrap_or(i64::MAX));
        query.fetch_all(&self.tx, evidence_row)
    }

    async fn evidence_between(&mut self, from: Timestamp, to: Timestamp) -> Result<Vec<EvidenceItem>, StoreError> {
        let query = query(EVIDENCE_BETWEEN).bind(&self.user).bind(micros(from)).bind(micros(to));
        query.fetch_all(&self.tx, evidence_row)
    }

    async fn insert_evidence(&mut self, e: &BackfilledEvidence) -> Result<(), StoreError> {
        self.require("domains", "domain", e.domain_id.to_string())?;
        query(
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
        .execute(&self.tx)
        .map_err(insert_error("evidence", &e.id.to_string()))?;
        Ok(())
    }

    async fn backfilled_evidence(&mut self) -> Result<Vec<BackfilledEvidence>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, title, did, at, on_date, created_at FROM evidence
            WHERE user_id = ?1 AND ?2 IS NULL ORDER BY at, id";
        self.fetch_all(SQL, None, backfilled_row)
    }

    async fn insert_checkin(&mut self, c: &Checkin) -> Result<(), StoreError> {
        const SQL: &str =
            "INSERT INTO checkins (id, user_id, at, on_date, sleep_hours, exercise_minutes, stress, energy, mood)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        bind_checkin(query(SQL), c, &self.user)
            .execute(&self.tx)
            .map_err(insert_error("check-in", &c.id.to_string()))?;
        Ok(())
    }

    async fn update_checkin(&mut self, c: &Checkin) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE checkins SET at = ?3, on_date = ?4, sleep_hours = ?5, exercise_minutes = ?6,
                 stress = ?7, energy = ?8, mood = ?9
             WHERE id = ?1 AND user_id = ?2";
        let done = bind_checkin(query(SQL), c, &self.user).execute(&self.tx).map_err(store_error)?;
        updated(done, "check-in", c.id)
    }

    async fn checkins(&mut self) -> Result<Vec<Checkin>, StoreError> {
        const SQL: &str = "SELECT id, at, on_date, sleep_hours, exercise_minutes, stress, energy, mood
            FROM checkins WHERE user_id = ?1 AND ?2 IS NULL ORDER BY at, id";
        self.fetch_all(SQL, None, checkin_row)
    }

    async fn insert_role_model(&mut self, m: &RoleModel) -> Result<(), StoreError> {
        self.require("domains", "domain", m.domain_id.to_string())?;
        query(
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
        .execute(&self.tx)
        .map_err(insert_error("role model", m.name.as_str()))?;
        Ok(())
    }

    async fn role_models(&mut self, domain: Option<DomainId>) -> Result<Vec<RoleModel>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, name, similarity, process, created_at FROM role_models
            WHERE user_id = ?1 AND (?2 IS NULL OR domain_id = ?2) ORDER BY created_at, id";
        self.fetch_all(SQL, text_of(domain), role_model_row)
    }

    async fn insert_feedback(&mut self, f: &Feedback) -> Result<(), StoreError> {
        self.require("domains", "domain", f.domain_id.to_string())?;
        query(
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
        .execute(&self.tx)
        .map_err(insert_error("feedback", &f.id.to_string()))?;
        Ok(())
    }

    async fn feedback(&mut self, domain: Option<DomainId>) -> Result<Vec<Feedback>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, giver, credibility, specificity, valence, body, received_at
            FROM feedback WHERE user_id = ?1 AND (?2 IS NULL OR domain_id = ?2) ORDER BY received_at, id";
        self.fetch_all(SQL, text_of(domain), feedback_row)
    }

    async fn insert_scale(&mut self, scale: &Scale) -> Result<(), StoreError> {
        query("INSERT INTO scales (user_id, id, source) VALUES (?1, ?2, ?3)")
            .bind(&self.user)
            .bind(&scale.id)
            .bind(&scale.source)
            .execute(&self.tx)
            .map_err(insert_error("scale", &scale.id))?;
        Ok(())
    }

    async fn scales(&mut self) -> Result<Vec<Scale>, StoreError> {
        const SQL: &str = "SELECT source FROM scales WHERE user_id = ?1 AND ?2 IS NULL ORDER BY id";
        self.fetch_all(SQL, None, scale_row)
    }

    async fn insert_audit(&mut self, a: &Audit) -> Result<(), StoreError> {
        self.require("domains", "domain", a.domain_id.to_string())?;
        query(
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
        .execute(&self.tx)
        .map_err(insert_error("audit", &a.id.to_string()))?;
        Ok(())
    }

    async fn audits(&mut self, domain: Option<DomainId>) -> Result<Vec<Audit>, StoreError> {
        const SQL: &str = "SELECT id, domain_id, scale_id, taken_at, taken_on, threshold, answers, every FROM audits
            WHERE user_id = ?1 AND (?2 IS NULL OR domain_id = ?2) ORDER BY taken_at, id";
        self.fetch_all(SQL, text_of(domain), audit_row)
    }
}

fn recent_result_row(c: &Columns) -> Result<RecentResult, StoreError> {
    let difficulty = Difficulty::new(c.real("difficulty")?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(RecentResult { difficulty, outcome: c.parsed("outcome")? })
}

fn updated(rows: u64, entity: &'static str, id: impl ToString) -> Result<(), StoreError> {
    if rows == 0 { Err(StoreError::NotFound { entity, key: id.to_string() }) } else { Ok(()) }
}
