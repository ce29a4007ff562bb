//! Practice and reviews in the in-memory store.

use mastery_domain::ids::DomainId;
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::review::{Period, Review};

use super::{MemoryTx, not_found};
use crate::{PracticeTx, StoreError};

impl MemoryTx {
    pub(super) fn require_domain(&self, id: DomainId) -> Result<(), StoreError> {
        match self.working.domains.iter().any(|d| d.id == id) {
            true => Ok(()),
            false => Err(not_found("domain", id)),
        }
    }
}

impl PracticeTx for MemoryTx {
    async fn set_practice_plan(&mut self, plan: &PracticePlan) -> Result<(), StoreError> {
        self.require_domain(plan.domain_id)?;
        self.working.practice_plans.retain(|p| p.domain_id != plan.domain_id);
        self.working.practice_plans.push(plan.clone());
        Ok(())
    }

    async fn practice_plans(&mut self) -> Result<Vec<PracticePlan>, StoreError> {
        let mut plans = self.working.practice_plans.clone();
        plans.sort_by_key(|p| (p.starts_on, p.domain_id));
        Ok(plans)
    }

    async fn insert_practice_session(&mut self, session: &PracticeSession) -> Result<(), StoreError> {
        self.require_domain(session.domain_id)?;
        if self.working.practice_sessions.iter().any(|s| s.id == session.id) {
            return Err(StoreError::Conflict { entity: "practice session", key: session.id.to_string() });
        }
        self.working.practice_sessions.push(session.clone());
        Ok(())
    }

    async fn practice_sessions(&mut self, domain: Option<DomainId>) -> Result<Vec<PracticeSession>, StoreError> {
        let mut sessions: Vec<PracticeSession> = self
            .working
            .practice_sessions
            .iter()
            .filter(|s| domain.is_none_or(|d| s.domain_id == d))
            .cloned()
            .collect();
        sessions.sort_by_key(|s| (s.at, s.id));
        Ok(sessions)
    }

    async fn insert_rest_day(&mut self, rest: &RestDay) -> Result<(), StoreError> {
        if let Some(domain) = rest.domain_id {
            self.require_domain(domain)?;
        }
        if self.working.rest_days.iter().any(|r| r.domain_id == rest.domain_id && r.on == rest.on) {
            return Err(StoreError::Conflict { entity: "rest day", key: rest.on.to_string() });
        }
        self.working.rest_days.push(rest.clone());
        Ok(())
    }

    async fn rest_days(&mut self) -> Result<Vec<RestDay>, StoreError> {
        let mut rest = self.working.rest_days.clone();
        rest.sort_by_key(|r| (r.on, r.domain_id));
        Ok(rest)
    }

    async fn save_review(&mut self, review: &Review) -> Result<(), StoreError> {
        self.working.reviews.retain(|r| r.period != review.period);
        self.working.reviews.push(review.clone());
        Ok(())
    }

    async fn review(&mut self, period: Period) -> Result<Option<Review>, StoreError> {
        Ok(self.working.reviews.iter().find(|r| r.period == period).cloned())
    }

    async fn reviews(&mut self) -> Result<Vec<Review>, StoreError> {
        let mut reviews = self.working.reviews.clone();
        reviews.sort_by_cached_key(|r| r.period.to_string());
        Ok(reviews)
    }
}
