//! Plans for next time in the in-memory store.

use mastery_domain::attempt::{Attempt, Outcome};
use mastery_domain::ids::{AttemptId, DomainId};
use mastery_domain::reattribution::Reattribution;

use super::{MemoryTx, not_found};
use crate::{ReattributionTx, StoreError};

impl ReattributionTx for MemoryTx {
    async fn insert_reattribution(&mut self, plan: &Reattribution) -> Result<(), StoreError> {
        if !self.working.attempts.iter().any(|a| a.id == plan.attempt_id) {
            return Err(not_found("attempt", plan.attempt_id));
        }
        if self.working.reattributions.iter().any(|r| r.attempt_id == plan.attempt_id) {
            return Err(StoreError::Conflict { entity: "plan for next time", key: plan.attempt_id.to_string() });
        }
        self.working.reattributions.push(plan.clone());
        Ok(())
    }

    async fn reattribution(&mut self, attempt: AttemptId) -> Result<Option<Reattribution>, StoreError> {
        Ok(self.working.reattributions.iter().find(|r| r.attempt_id == attempt).cloned())
    }

    async fn reattributions(&mut self, domain: Option<DomainId>) -> Result<Vec<Reattribution>, StoreError> {
        let attempts = &self.working.attempts;
        let in_domain = |r: &&Reattribution| {
            domain.is_none_or(|d| attempts.iter().any(|a| a.id == r.attempt_id && a.domain_id == d))
        };
        let mut plans: Vec<Reattribution> = self.working.reattributions.iter().filter(in_domain).cloned().collect();
        plans.sort_by_key(|r| (r.created_at, r.attempt_id));
        Ok(plans)
    }

    async fn latest_setback(&mut self) -> Result<Option<AttemptId>, StoreError> {
        let setback =
            |a: &&Attempt| a.record.as_ref().is_some_and(|r| matches!(r.outcome, Outcome::Failure | Outcome::Partial));
        let latest = self.working.attempts.iter().filter(setback).max_by_key(|a| (a.forecast.planned_at, a.id));
        Ok(latest.map(|a| a.id))
    }
}
