//! Plans for next time in PostgreSQL, every statement filtered on the transaction's user.

use mastery_domain::ids::{AttemptId, DomainId};
use mastery_domain::reattribution::{IfThen, Reattribution};
use mastery_store::{ReattributionTx, StoreError};
use sqlx::postgres::PgRow;

use super::{Parent, PgTx};
use crate::codec::{Columns, instant};

macro_rules! plan_select {
    () => {
        "SELECT r.attempt_id, r.cause, r.next_time, r.if_then, r.created_at
         FROM reattributions r JOIN attempts a ON a.user_id = r.user_id AND a.id = r.attempt_id
         WHERE r.user_id = $1"
    };
}
const PLAN_OF_ATTEMPT: &str = concat!(plan_select!(), " AND r.attempt_id = $2");
const PLANS: &str =
    concat!(plan_select!(), " AND ($2::uuid IS NULL OR a.domain_id = $2) ORDER BY r.created_at, r.attempt_id");

fn plan_row(row: &PgRow) -> Result<Reattribution, StoreError> {
    let c = Columns(row);
    Ok(Reattribution {
        attempt_id: c.id("attempt_id", AttemptId::from_uuid)?,
        cause: c.parsed("cause")?,
        next_time: c.get("next_time")?,
        if_then: c.validated("if_then", |t| IfThen::parse(&t))?,
        created_at: c.timestamp("created_at")?,
    })
}

impl ReattributionTx for PgTx {
    async fn insert_reattribution(&mut self, plan: &Reattribution) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO reattributions (user_id, attempt_id, cause, next_time, if_then, created_at)
            SELECT $1, $2, $3, $4, $5, $6
            WHERE EXISTS (SELECT 1 FROM attempts WHERE user_id = $1 AND id = $2)
            ON CONFLICT DO NOTHING";
        let query = self
            .query(SQL)
            .bind(plan.attempt_id.as_uuid())
            .bind(plan.cause.as_str())
            .bind(plan.next_time.clone())
            .bind(plan.if_then.as_str().to_owned())
            .bind(instant(plan.created_at));
        self.insert(query, Some(Parent::Attempt(plan.attempt_id)), "plan for next time", plan.attempt_id).await
    }

    async fn reattribution(&mut self, attempt: AttemptId) -> Result<Option<Reattribution>, StoreError> {
        self.optional(self.query(PLAN_OF_ATTEMPT).bind(attempt.as_uuid()), plan_row).await
    }

    async fn reattributions(&mut self, domain: Option<DomainId>) -> Result<Vec<Reattribution>, StoreError> {
        self.all(self.query(PLANS).bind(domain.map(|d| d.as_uuid())), plan_row).await
    }

    async fn latest_setback(&mut self) -> Result<Option<AttemptId>, StoreError> {
        // Walks `attempts_by_time` backwards from the newest attempt to the first setback.
        const SQL: &str = "SELECT id FROM attempts WHERE user_id = $1 AND outcome IN ('failure', 'partial')
            ORDER BY planned_at DESC, id DESC LIMIT 1";
        self.optional(self.query(SQL), |row| Columns(row).id("id", AttemptId::from_uuid)).await
    }
}
