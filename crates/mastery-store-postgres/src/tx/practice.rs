//! Practice and reviews in PostgreSQL, every statement filtered on the transaction's user.

use mastery_domain::ids::{DomainId, SessionId};
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::review::{Period, Review};
use mastery_store::{PracticeTx, StoreError};
use sqlx::postgres::PgRow;

use super::{Parent, PgTx};
use crate::codec::{Columns, day, instant, store_error};

const PLANS: &str = "SELECT domain_id, minutes, days, starts_on, created_at FROM practice_plans
    WHERE user_id = $1 ORDER BY starts_on, domain_id";
const SESSIONS: &str = "SELECT id, domain_id, minutes, note, at, on_date FROM practice_sessions
    WHERE user_id = $1 AND ($2::uuid IS NULL OR domain_id = $2) ORDER BY at, id";
const REST_DAYS: &str = "SELECT domain_id, on_date, declared_at FROM rest_days
    WHERE user_id = $1 ORDER BY on_date, domain_id NULLS FIRST";
const REVIEW: &str =
    "SELECT period, answers::text AS answers, saved_at FROM reviews WHERE user_id = $1 AND period = $2";
// Byte order, as on the other backends, whatever the database's collation.
const REVIEWS: &str =
    "SELECT period, answers::text AS answers, saved_at FROM reviews WHERE user_id = $1 ORDER BY period COLLATE \"C\"";

fn plan_row(row: &PgRow) -> Result<PracticePlan, StoreError> {
    let c = Columns(row);
    Ok(PracticePlan {
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        minutes: c.count("minutes")?,
        days: c.parsed("days")?,
        starts_on: c.date("starts_on")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn session_row(row: &PgRow) -> Result<PracticeSession, StoreError> {
    let c = Columns(row);
    Ok(PracticeSession {
        id: c.id("id", SessionId::from_uuid)?,
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        minutes: c.count("minutes")?,
        note: c.get("note")?,
        at: c.timestamp("at")?,
        on: c.date("on_date")?,
    })
}

fn rest_row(row: &PgRow) -> Result<RestDay, StoreError> {
    let c = Columns(row);
    Ok(RestDay {
        domain_id: c.opt_id("domain_id", DomainId::from_uuid)?,
        on: c.date("on_date")?,
        declared_at: c.timestamp("declared_at")?,
    })
}

fn review_row(row: &PgRow) -> Result<Review, StoreError> {
    let c = Columns(row);
    Ok(Review {
        period: c.parsed("period")?,
        answers: c.validated("answers", |t| serde_json::from_str(&t))?,
        saved_at: c.timestamp("saved_at")?,
    })
}

impl PracticeTx for PgTx {
    async fn set_practice_plan(&mut self, plan: &PracticePlan) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO practice_plans (user_id, domain_id, minutes, days, starts_on, created_at)
            SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $2)
            ON CONFLICT (user_id, domain_id) DO UPDATE SET minutes = excluded.minutes, days = excluded.days,
                starts_on = excluded.starts_on, created_at = excluded.created_at";
        let query = self
            .query(SQL)
            .bind(plan.domain_id.as_uuid())
            .bind(i64::from(plan.minutes))
            .bind(plan.days.to_string())
            .bind(day(plan.starts_on))
            .bind(instant(plan.created_at));
        // An upsert never conflicts: writing nothing means the domain is missing.
        self.insert(query, Some(Parent::Domain(plan.domain_id)), "practice plan", plan.domain_id).await
    }

    async fn practice_plans(&mut self) -> Result<Vec<PracticePlan>, StoreError> {
        self.all(self.query(PLANS), plan_row).await
    }

    async fn insert_practice_session(&mut self, s: &PracticeSession) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO practice_sessions (user_id, id, domain_id, minutes, note, at, on_date)
            SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let query = self
            .query(SQL)
            .bind(s.id.as_uuid())
            .bind(s.domain_id.as_uuid())
            .bind(i64::from(s.minutes))
            .bind(s.note.clone())
            .bind(instant(s.at))
            .bind(day(s.on));
        self.insert(query, Some(Parent::Domain(s.domain_id)), "practice session", s.id).await
    }

    async fn practice_sessions(&mut self, domain: Option<DomainId>) -> Result<Vec<PracticeSession>, StoreError> {
        self.all(self.query(SESSIONS).bind(domain.map(|d| d.as_uuid())), session_row).await
    }

    async fn insert_rest_day(&mut self, rest: &RestDay) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO rest_days (user_id, domain_id, on_date, declared_at)
            SELECT $1, $2, $3, $4
            WHERE $2::uuid IS NULL OR EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $2)
            ON CONFLICT DO NOTHING";
        let query = self
            .query(SQL)
            .bind(rest.domain_id.map(|d| d.as_uuid()))
            .bind(day(rest.on))
            .bind(instant(rest.declared_at));
        self.insert(query, rest.domain_id.map(Parent::Domain), "rest day", rest.on).await
    }

    async fn rest_days(&mut self) -> Result<Vec<RestDay>, StoreError> {
        self.all(self.query(REST_DAYS), rest_row).await
    }

    async fn save_review(&mut self, review: &Review) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO reviews (user_id, period, answers, saved_at) VALUES ($1, $2, $3::jsonb, $4)
            ON CONFLICT (user_id, period) DO UPDATE SET answers = excluded.answers, saved_at = excluded.saved_at";
        let answers = serde_json::to_string(&review.answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let query = self.query(SQL).bind(review.period.to_string()).bind(answers).bind(instant(review.saved_at));
        query.execute(&mut *self.tx).await.map_err(store_error)?;
        Ok(())
    }

    async fn review(&mut self, period: Period) -> Result<Option<Review>, StoreError> {
        self.optional(self.query(REVIEW).bind(period.to_string()), review_row).await
    }

    async fn reviews(&mut self) -> Result<Vec<Review>, StoreError> {
        self.all(self.query(REVIEWS), review_row).await
    }
}
