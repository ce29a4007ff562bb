//! Practice and reviews in SQLite, every statement filtered on the transaction's user.

use mastery_domain::ids::DomainId;
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::review::{Period, Review};
use mastery_store::{PracticeTx, StoreError};

use super::{SqliteTx, text_of};
use crate::codec::{Columns, insert_error, micros, store_error};
use crate::db::{Query, query};

const PLANS: &str = "SELECT domain_id, minutes, days, starts_on, created_at FROM practice_plans
    WHERE user_id = ?1 AND ?2 IS NULL ORDER BY starts_on, domain_id";
const SESSIONS: &str = "SELECT id, domain_id, minutes, note, at, on_date FROM practice_sessions
    WHERE user_id = ?1 AND (?2 IS NULL OR domain_id = ?2) ORDER BY at, id";
const REST_DAYS: &str = "SELECT domain_id, on_date, declared_at FROM rest_days
    WHERE user_id = ?1 AND ?2 IS NULL ORDER BY on_date, domain_id";
const REVIEW: &str = "SELECT period, answers, saved_at FROM reviews WHERE user_id = ?1 AND period = ?2";
const REVIEWS: &str = "SELECT period, answers, saved_at FROM reviews WHERE user_id = ?1 AND ?2 IS NULL ORDER BY period";

fn minutes(c: &Columns, column: &str) -> Result<u32, StoreError> {
    u32::try_from(c.int(column)?).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

fn plan_row(c: &Columns) -> Result<PracticePlan, StoreError> {
    Ok(PracticePlan {
        domain_id: c.parsed("domain_id")?,
        minutes: minutes(c, "minutes")?,
        days: c.parsed("days")?,
        starts_on: c.date("starts_on")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn session_row(c: &Columns) -> Result<PracticeSession, StoreError> {
    Ok(PracticeSession {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        minutes: minutes(c, "minutes")?,
        note: c.opt_text("note")?,
        at: c.timestamp("at")?,
        on: c.date("on_date")?,
    })
}

fn rest_row(c: &Columns) -> Result<RestDay, StoreError> {
    Ok(RestDay {
        domain_id: c.opt_parsed("domain_id")?,
        on: c.date("on_date")?,
        declared_at: c.timestamp("declared_at")?,
    })
}

fn review_row(c: &Columns) -> Result<Review, StoreError> {
    Ok(Review {
        period: c.parsed("period")?,
        answers: c.validated("answers", |t| serde_json::from_str(&t))?,
        saved_at: c.timestamp("saved_at")?,
    })
}

impl SqliteTx {
    /// Runs an insert guarded by `EXISTS (domain of this user)`; no row written means no such
    /// domain.
    pub(super) fn insert_in_domain(
        &mut self,
        query: Query,
        domain: DomainId,
        entity: &'static str,
        key: &str,
    ) -> Result<(), StoreError> {
        let done = query.execute(&self.tx).map_err(insert_error(entity, key))?;
        if done == 0 {
            return Err(StoreError::NotFound { entity: "domain", key: domain.to_string() });
        }
        Ok(())
    }
}

impl PracticeTx for SqliteTx {
    async fn set_practice_plan(&mut self, plan: &PracticePlan) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO practice_plans (domain_id, user_id, minutes, days, starts_on, created_at)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM domains WHERE id = ?1 AND user_id = ?2)
            ON CONFLICT (domain_id) DO UPDATE SET minutes = excluded.minutes, days = excluded.days,
                starts_on = excluded.starts_on, created_at = excluded.created_at
            WHERE practice_plans.user_id = excluded.user_id";
        let domain = plan.domain_id.to_string();
        let query = query(SQL)
            .bind(domain.clone())
            .bind(self.user.clone())
            .bind(i64::from(plan.minutes))
            .bind(plan.days.to_string())
            .bind(plan.starts_on.to_string())
            .bind(micros(plan.created_at));
        self.insert_in_domain(query, plan.domain_id, "practice plan", &domain)
    }

    async fn practice_plans(&mut self) -> Result<Vec<PracticePlan>, StoreError> {
        self.fetch_all(PLANS, None, plan_row)
    }

    async fn insert_practice_session(&mut self, s: &PracticeSession) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO practice_sessions (id, user_id, domain_id, minutes, note, at, on_date)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM domains WHERE id = ?3 AND user_id = ?2)";
        let id = s.id.to_string();
        let query = query(SQL)
            .bind(id.clone())
            .bind(self.user.clone())
            .bind(s.domain_id.to_string())
            .bind(i64::from(s.minutes))
            .bind(s.note.clone())
            .bind(micros(s.at))
            .bind(s.on.to_string());
        self.insert_in_domain(query, s.domain_id, "practice session", &id)
    }

    async fn practice_sessions(&mut self, domain: Option<DomainId>) -> Result<Vec<PracticeSession>, StoreError> {
        self.fetch_all(SESSIONS, text_of(domain), session_row)
    }

    async fn insert_rest_day(&mut self, rest: &RestDay) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO rest_days (user_id, domain_id, on_date, declared_at)
            SELECT ?1, ?2, ?3, ?4 WHERE ?2 IS NULL OR EXISTS (SELECT 1 FROM domains WHERE id = ?2 AND user_id = ?1)";
        let day = rest.on.to_string();
        let query = query(SQL)
            .bind(self.user.clone())
            .bind(text_of(rest.domain_id))
            .bind(day.clone())
            .bind(micros(rest.declared_at));
        match rest.domain_id {
            Some(domain) => self.insert_in_domain(query, domain, "rest day", &day),
            None => query.execute(&self.tx).map(drop).map_err(insert_error("rest day", &day)),
        }
    }

    async fn rest_days(&mut self) -> Result<Vec<RestDay>, StoreError> {
        self.fetch_all(REST_DAYS, None, rest_row)
    }

    async fn save_review(&mut self, review: &Review) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO reviews (user_id, period, answers, saved_at) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (user_id, period) DO UPDATE SET answers = excluded.answers, saved_at = excluded.saved_at";
        let answers = serde_json::to_string(&review.answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        query(SQL)
            .bind(&self.user)
            .bind(review.period.to_string())
            .bind(answers)
            .bind(micros(review.saved_at))
            .execute(&self.tx)
            .map_err(store_error)?;
        Ok(())
    }

    async fn review(&mut self, period: Period) -> Result<Option<Review>, StoreError> {
        self.fetch_one(REVIEW, period.to_string(), review_row)
    }

    async fn reviews(&mut self) -> Result<Vec<Review>, StoreError> {
        self.fetch_all(REVIEWS, None, review_row)
    }
}
