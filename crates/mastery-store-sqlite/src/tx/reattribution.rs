//! Plans for next time in SQLite, every statement filtered on the transaction's user.

use mastery_domain::ids::{AttemptId, DomainId};
use mastery_domain::reattribution::{IfThen, Reattribution};
use mastery_store::{ReattributionTx, StoreError};

use super::{SqliteTx, text_of};
use crate::codec::{Columns, insert_error, micros};
use crate::db::query;

macro_rules! plan_select {
    () => {
        "SELECT r.attempt_id, r.cause, r.next_time, r.if_then, r.created_at
         FROM reattributions r JOIN attempts a ON a.id = r.attempt_id AND a.user_id = r.user_id
         WHERE r.user_id = ?1"
    };
}
const PLAN_OF_ATTEMPT: &str = concat!(plan_select!(), " AND r.attempt_id = ?2");
const PLANS: &str =
    concat!(plan_select!(), " AND (?2 IS NULL OR a.domain_id = ?2) ORDER BY r.created_at, r.attempt_id");

fn plan_row(c: &Columns) -> Result<Reattribution, StoreError> {
    Ok(Reattribution {
        attempt_id: c.parsed("attempt_id")?,
        cause: c.parsed("cause")?,
        next_time: c.text("next_time")?,
        if_then: c.validated("if_then", |t| IfThen::parse(&t))?,
        created_at: c.timestamp("created_at")?,
    })
}

impl ReattributionTx for SqliteTx {
    async fn insert_reattribution(&mut self, plan: &Reattribution) -> Result<(), StoreError> {
        // Inserted only when the attempt is this user's; checking here saves a round trip.
        const SQL: &str = "INSERT INTO reattributions (attempt_id, user_id, cause, next_time, if_then, created_at)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM attempts WHERE id = ?1 AND user_id = ?2)";
        let id = plan.attempt_id.to_string();
        let done = query(SQL)
            .bind(&id)
            .bind(&self.user)
            .bind(plan.cause.as_str())
            .bind(&plan.next_time)
            .bind(plan.if_then.as_str())
            .bind(micros(plan.created_at))
            .execute(&self.tx)
            .map_err(insert_error("plan for next time", &id))?;
        if done == 0 {
            return Err(StoreError::NotFound { entity: "attempt", key: id });
        }
        Ok(())
    }

    async fn reattribution(&mut self, attempt: AttemptId) -> Result<Option<Reattribution>, StoreError> {
        self.fetch_one(PLAN_OF_ATTEMPT, attempt.to_string(), plan_row)
    }

    async fn reattributions(&mut self, domain: Option<DomainId>) -> Result<Vec<Reattribution>, StoreError> {
        self.fetch_all(PLANS, text_of(domain), plan_row)
    }

    async fn latest_setback(&mut self) -> Result<Option<AttemptId>, StoreError> {
        // Walks `attempts_by_time` backwards from the newest attempt to the first setback.
        const SQL: &str = "SELECT id FROM attempts WHERE user_id = ?1 AND outcome IN ('failure', 'partial')
            ORDER BY planned_at DESC, id DESC LIMIT 1";
        query(SQL).bind(&self.user).fetch_optional(&self.tx, |c| c.parsed("id"))
    }
}
