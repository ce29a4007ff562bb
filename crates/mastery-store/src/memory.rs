//! An in-memory store: the reference implementation of the port, used by fast tests of the
//! application layer and as the baseline the conformance suite is written against.
//!
//! A transaction holds the store's lock for its lifetime and works on a copy of its user's
//! records, which replaces the original on commit; dropping it discards the copy. That gives
//! the same all-or-nothing and isolation behaviour as a database, at the cost of one copy per
//! transaction, which is fine at test sizes.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;

use mastery_domain::attempt::{Attempt, Outcome, RecordedFacts};
use mastery_domain::audit::Audit;
use mastery_domain::challenge::{Challenge, ladder_order};
use mastery_domain::checkin::Checkin;
use mastery_domain::domain::Domain;
use mastery_domain::evidence::{BackfilledEvidence, EvidenceSource};
use mastery_domain::feedback::Feedback;
use mastery_domain::goal::Goal;
use mastery_domain::ids::{AttemptId, ChallengeId, DomainId, GoalId, UserId};
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::program::Program;
use mastery_domain::reattribution::Reattribution;
use mastery_domain::review::Review;
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::Scale;
use tokio::sync::{Mutex, OwnedMutexGuard};

use mastery_domain::celebration::Celebration;
use mastery_domain::record::Tombstone;

use crate::{
    Access, AttemptQuery, EvidenceItem, ForecastGroup, JournalEntry, Page, RecentResult, RungStats, Store, StoreError,
    Transaction,
};

mod accounts;
mod celebration;
mod fold;
mod practice;
mod program;
mod reattribution;
mod revision;
mod sharing;
mod sync;

#[derive(Debug, Default, Clone)]
struct UserData {
    domains: Vec<Domain>,
    goals: Vec<Goal>,
    challenges: Vec<Challenge>,
    attempts: Vec<Attempt>,
    evidence: Vec<BackfilledEvidence>,
    checkins: Vec<Checkin>,
    role_models: Vec<RoleModel>,
    feedback: Vec<Feedback>,
    scales: Vec<Scale>,
    audits: Vec<Audit>,
    reattributions: Vec<Reattribution>,
    practice_plans: Vec<PracticePlan>,
    practice_sessions: Vec<PracticeSession>,
    rest_days: Vec<RestDay>,
    reviews: Vec<Review>,
    celebrations: Vec<Celebration>,
    programs: Vec<Program>,
    tombstones: Vec<Tombstone>,
    journal: Vec<JournalEntry>,
    sync: Option<sync::SyncData>,
    sync_values: HashMap<String, String>,
    folds: HashMap<DomainId, fold::KeptFold>,
}

#[derive(Debug, Default)]
struct Data {
    names: HashMap<String, UserId>,
    users: HashMap<UserId, UserData>,
    accounts: accounts::AccountData,
    sharing: sharing::SharingData,
}

/// A store that lives in memory and vanishes with the process.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    data: Arc<Mutex<Data>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Store for MemoryStore {
    type Tx = MemoryTx;

    async fn local_user(&self) -> Result<UserId, StoreError> {
        let mut data = self.data.lock().await;
        Ok(*data.names.entry("local".to_owned()).or_insert_with(|| UserId::from_uuid(uuid::Uuid::now_v7())))
    }

    async fn add_user(&self, name: &str) -> Result<UserId, StoreError> {
        let mut data = self.data.lock().await;
        if data.names.contains_key(name) {
            return Err(conflict("user", name));
        }
        let id = UserId::from_uuid(uuid::Uuid::now_v7());
        data.names.insert(name.to_owned(), id);
        Ok(id)
    }

    async fn begin(&self, user: UserId, _access: Access) -> Result<MemoryTx, StoreError> {
        let guard = Arc::clone(&self.data).lock_owned().await;
        let working = guard.users.get(&user).cloned().unwrap_or_default();
        Ok(MemoryTx { guard, user, working })
    }
}

/// A transaction on a [`MemoryStore`].
#[derive(Debug)]
pub struct MemoryTx {
    guard: OwnedMutexGuard<Data>,
    user: UserId,
    working: UserData,
}

impl MemoryTx {
    /// The numbers of the recorded attempts of `domain` or all, in the port's order: domain,
    /// forecast time, id.
    fn facts(&self, domain: Option<DomainId>) -> Vec<RecordedFacts> {
        let mut facts: Vec<RecordedFacts> = self
            .working
            .attempts
            .iter()
            .filter(|a| domain.is_none_or(|d| a.domain_id == d))
            .filter_map(Attempt::facts)
            .collect();
        facts.sort_by_key(|f| (f.domain_id, f.planned_at, f.id));
        facts
    }
}

fn not_found(entity: &'static str, key: impl ToString) -> StoreError {
    StoreError::NotFound { entity, key: key.to_string() }
}

fn conflict(entity: &'static str, key: &str) -> StoreError {
    StoreError::Conflict { entity, key: key.to_owned() }
}

/// Replaces the item whose key matches, or reports it missing.
fn replace<T: Clone, K: PartialEq + ToString>(
    items: &mut [T],
    item: &T,
    key: impl Fn(&T) -> K,
    entity: &'static str,
) -> Result<(), StoreError> {
    let slot = items.iter_mut().find(|i| key(i) == key(item)).ok_or_else(|| not_found(entity, key(item)))?;
    *slot = item.clone();
    Ok(())
}

impl Transaction for MemoryTx {
    async fn commit(mut self) -> Result<(), StoreError> {
        self.guard.users.insert(self.user, self.working);
        Ok(())
    }

    async fn insert_domain(&mut self, domain: &Domain) -> Result<(), StoreError> {
        // A taken id is refused like a taken slug (the databases' unique keys; both name the slug).
        if self.working.domains.iter().any(|d| d.slug == domain.slug || d.id == domain.id) {
            return Err(conflict("domain", &domain.slug));
        }
        self.working.domains.push(domain.clone());
        Ok(())
    }

    async fn update_domain(&mut self, domain: &Domain) -> Result<(), StoreError> {
        // A missing domain is not found, whatever its slug: there is nothing to conflict.
        if !self.working.domains.iter().any(|d| d.id == domain.id) {
            return Err(not_found("domain", domain.id));
        }
        if self.working.domains.iter().any(|d| d.slug == domain.slug && d.id != domain.id) {
            return Err(conflict("domain", &domain.slug));
        }
        replace(&mut self.working.domains, domain, |d| d.id, "domain")
    }

    async fn domain(&mut self, id: DomainId) -> Result<Option<Domain>, StoreError> {
        Ok(self.working.domains.iter().find(|d| d.id == id).cloned())
    }

    async fn domain_by_slug(&mut self, slug: &str) -> Result<Option<Domain>, StoreError> {
        Ok(self.working.domains.iter().find(|d| d.slug == slug).cloned())
    }

    async fn domains(&mut self) -> Result<Vec<Domain>, StoreError> {
        let mut domains = self.working.domains.clone();
        domains.sort_by_key(|d| (d.name.as_str().to_lowercase(), d.id));
        Ok(domains)
    }

    async fn insert_goal(&mut self, goal: &Goal) -> Result<(), StoreError> {
        // The parent first, as the databases check it: a goal of no domain is not found.
        if !self.working.domains.iter().any(|d| d.id == goal.domain_id) {
            return Err(not_found("domain", goal.domain_id));
        }
        if self.working.goals.iter().any(|g| g.slug == goal.slug || g.id == goal.id) {
            return Err(conflict("goal", &goal.slug));
        }
        self.working.goals.push(goal.clone());
        Ok(())
    }

    async fn update_goal(&mut self, goal: &Goal) -> Result<(), StoreError> {
        if !self.working.goals.iter().any(|g| g.id == goal.id) {
            return Err(not_found("goal", goal.id));
        }
        if self.working.goals.iter().any(|g| g.slug == goal.slug && g.id != goal.id) {
            return Err(conflict("goal", &goal.slug));
        }
        replace(&mut self.working.goals, goal, |g| g.id, "goal")
    }

    async fn goal(&mut self, id: GoalId) -> Result<Option<Goal>, StoreError> {
        Ok(self.working.goals.iter().find(|g| g.id == id).cloned())
    }

    async fn goal_by_slug(&mut self, slug: &str) -> Result<Option<Goal>, StoreError> {
        Ok(self.working.goals.iter().find(|g| g.slug == slug).cloned())
    }

    async fn goals(&mut self, domain: Option<DomainId>) -> Result<Vec<Goal>, StoreError> {
        let mut goals: Vec<Goal> =
            self.working.goals.iter().filter(|g| domain.is_none_or(|d| g.domain_id == d)).cloned().collect();
        goals.sort_by_key(|g| (g.created_at, g.id));
        Ok(goals)
    }

    async fn insert_challenge(&mut self, challenge: &Challenge) -> Result<(), StoreError> {
        if !self.working.goals.iter().any(|g| g.id == challenge.goal_id) {
            return Err(not_found("goal", challenge.goal_id));
        }
        let taken = self
            .working
            .challenges
            .iter()
            .any(|c| (c.goal_id == challenge.goal_id && c.slug == challenge.slug) || c.id == challenge.id);
        if taken {
            return Err(conflict("challenge", &challenge.slug));
        }
        self.working.challenges.push(challenge.clone());
        Ok(())
    }

    async fn challenge(&mut self, id: ChallengeId) -> Result<Option<Challenge>, StoreError> {
        Ok(self.working.challenges.iter().find(|c| c.id == id).cloned())
    }

    async fn challenges_by_slug(&mut self, slug: &str) -> Result<Vec<Challenge>, StoreError> {
        let mut found: Vec<Challenge> = self.working.challenges.iter().filter(|c| c.slug == slug).cloned().collect();
        found.sort_by_key(|c| (c.created_at, c.id));
        Ok(found)
    }

    async fn challenges(&mut self, goal: GoalId) -> Result<Vec<Challenge>, StoreError> {
        let mut rungs: Vec<Challenge> = self.working.challenges.iter().filter(|c| c.goal_id == goal).cloned().collect();
        rungs.sort_by(ladder_order);
        Ok(rungs)
    }

    async fn rung_stats(&mut self, goal: GoalId) -> Result<Vec<RungStats>, StoreError> {
        let mut stats: Vec<RungStats> = Vec::new();
        for attempt in self.working.attempts.iter().filter(|a| a.goal_id == goal) {
            let Some(outcome) = attempt.outcome() else {
                continue;
            };
            let index = match stats.iter().position(|s| s.challenge_id == attempt.challenge_id) {
                Some(i) => i,
                None => {
                    stats.push(RungStats {
                        challenge_id: attempt.challenge_id,
                        attempts: 0,
                        successes: 0,
                        partials: 0,
                    });
                    stats.len() - 1
                }
            };
            let entry = &mut stats[index];
            entry.attempts += 1;
            entry.successes += u32::from(outcome == Outcome::Success);
            entry.partials += u32::from(outcome == Outcome::Partial);
        }
        stats.sort_by_key(|s| s.challenge_id);
        Ok(stats)
    }

    async fn recent_results(&mut self, goal: GoalId, limit: usize) -> Result<Vec<RecentResult>, StoreError> {
        let difficulty: HashMap<ChallengeId, _> =
            self.working.challenges.iter().map(|c| (c.id, c.difficulty)).collect();
        let mut recorded: Vec<&Attempt> =
            self.working.attempts.iter().filter(|a| a.goal_id == goal && a.record.is_some()).collect();
        recorded.sort_by_key(|a| (a.forecast.planned_at, a.id));
        let skip = recorded.len().saturating_sub(limit);
        Ok(recorded
            .into_iter()
            .skip(skip)
            .filter_map(|a| Some(RecentResult { difficulty: *difficulty.get(&a.challenge_id)?, outcome: a.outcome()? }))
            .collect())
    }

    async fn insert_attempt(&mut self, attempt: &Attempt) -> Result<(), StoreError> {
        if self.working.attempts.iter().any(|a| a.id == attempt.id) {
            return Err(conflict("attempt", &attempt.id.to_string()));
        }
        if !self.working.challenges.iter().any(|c| c.id == attempt.challenge_id) {
            return Err(not_found("challenge", attempt.challenge_id));
        }
        self.working.attempts.push(attempt.clone());
        Ok(())
    }

    async fn update_attempt(&mut self, attempt: &Attempt) -> Result<(), StoreError> {
        // The rung stays: moving an attempt to another rung is a deletion and a new attempt.
        let stored = self
            .working
            .attempts
            .iter_mut()
            .find(|a| a.id == attempt.id)
            .ok_or_else(|| not_found("attempt", attempt.id))?;
        stored.forecast.clone_from(&attempt.forecast);
        stored.record.clone_from(&attempt.record);
        Ok(())
    }

    async fn attempt(&mut self, id: AttemptId) -> Result<Option<Attempt>, StoreError> {
        Ok(self.working.attempts.iter().find(|a| a.id == id).cloned())
    }

    async fn attempts(&mut self, query: &AttemptQuery) -> Result<Page<Attempt>, StoreError> {
        let key = |a: &Attempt| (a.forecast.planned_at, a.id);
        let mut matching: Vec<&Attempt> = self
            .working
            .attempts
            .iter()
            .filter(|a| query.domain.is_none_or(|d| a.domain_id == d))
            .filter(|a| query.goal.is_none_or(|g| a.goal_id == g))
            .filter(|a| query.challenge.is_none_or(|c| a.challenge_id == c))
            .filter(|a| query.since.is_none_or(|s| a.forecast.planned_at >= s))
            .filter(|a| !query.pending_only || a.record.is_none())
            .filter(|a| query.after.is_none_or(|c| key(a) > (c.planned_at, c.id)))
            .collect();
        matching.sort_by_key(|a| key(a));
        if let Some(latest) = query.latest {
            matching.drain(..matching.len().saturating_sub(latest));
            return Ok(Page { items: matching.into_iter().cloned().collect(), next: None });
        }
        // One past the limit tells whether another page follows.
        let fetch = query.limit.map_or(usize::MAX, |l| l.saturating_add(1));
        let items: Vec<Attempt> = matching.into_iter().take(fetch).cloned().collect();
        Ok(Page::of_attempts(items, query.limit))
    }

    async fn recorded_facts(
        &mut self,
        domain: Option<DomainId>,
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> Result<(), StoreError> {
        self.facts(domain).into_iter().for_each(visit);
        Ok(())
    }

    async fn forecast_groups(
        &mut self,
        domain: Option<DomainId>,
        by_month: bool,
    ) -> Result<Vec<ForecastGroup>, StoreError> {
        Ok(ForecastGroup::of(&self.facts(domain), by_month))
    }

    async fn forecasts_recorded_between(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<ForecastGroup>, StoreError> {
        let recorded = |a: &&Attempt| a.record.as_ref().is_some_and(|r| (from..to).contains(&r.recorded_at));
        let facts: Vec<RecordedFacts> =
            self.working.attempts.iter().filter(recorded).filter_map(Attempt::facts).collect();
        Ok(ForecastGroup::of(&facts, false))
    }

    async fn evidence(&mut self, domain: Option<DomainId>, limit: usize) -> Result<Vec<EvidenceItem>, StoreError> {
        let in_domain = |d: DomainId| domain.is_none_or(|want| want == d);
        let titles: HashMap<ChallengeId, &str> =
            self.working.challenges.iter().map(|c| (c.id, c.title.as_str())).collect();
        let from_attempts = self.working.attempts.iter().filter(|a| in_domain(a.domain_id)).filter_map(|a| {
            let record = a.record.as_ref().filter(|r| r.outcome == Outcome::Success)?;
            Some(EvidenceItem {
                source: EvidenceSource::Attempt,
                id: a.id.to_string(),
                domain_id: a.domain_id,
                at: record.recorded_at,
                title: titles.get(&a.challenge_id).map_or_else(String::new, |t| (*t).to_owned()),
                did: record.did.clone(),
            })
        });
        let backfilled = self.working.evidence.iter().filter(|e| in_domain(e.domain_id)).map(|e| EvidenceItem {
            source: EvidenceSource::Backfill,
            id: e.id.to_string(),
            domain_id: e.domain_id,
            at: e.at,
            title: e.title.clone(),
            did: e.did.clone(),
        });
        let mut items: Vec<EvidenceItem> = from_attempts.chain(backfilled).collect();
        items.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
        items.truncate(limit);
        Ok(items)
    }

    async fn evidence_between(&mut self, from: Timestamp, to: Timestamp) -> Result<Vec<EvidenceItem>, StoreError> {
        let mut items = self.evidence(None, usize::MAX).await?;
        items.retain(|e| (from..to).contains(&e.at));
        Ok(items)
    }

    async fn insert_evidence(&mut self, evidence: &BackfilledEvidence) -> Result<(), StoreError> {
        if !self.working.domains.iter().any(|d| d.id == evidence.domain_id) {
            return Err(not_found("domain", evidence.domain_id));
        }
        if self.working.evidence.iter().any(|e| e.id == evidence.id) {
            return Err(conflict("evidence", &evidence.id.to_string()));
        }
        self.working.evidence.push(evidence.clone());
        Ok(())
    }

    async fn backfilled_evidence(&mut self) -> Result<Vec<BackfilledEvidence>, StoreError> {
        let mut evidence = self.working.evidence.clone();
        evidence.sort_by_key(|e| (e.at, e.id));
        Ok(evidence)
    }

    async fn insert_checkin(&mut self, checkin: &Checkin) -> Result<(), StoreError> {
        if self.working.checkins.iter().any(|c| c.id == checkin.id) {
            return Err(conflict("check-in", &checkin.id.to_string()));
        }
        self.working.checkins.push(checkin.clone());
        Ok(())
    }

    async fn update_checkin(&mut self, checkin: &Checkin) -> Result<(), StoreError> {
        let Some(saved) = self.working.checkins.iter_mut().find(|c| c.id == checkin.id) else {
            return Err(StoreError::NotFound { entity: "check-in", key: checkin.id.to_string() });
        };
        *saved = checkin.clone();
        Ok(())
    }

    async fn checkins(&mut self) -> Result<Vec<Checkin>, StoreError> {
        let mut all = self.working.checkins.clone();
        all.sort_by_key(|c| (c.at, c.id));
        Ok(all)
    }

    async fn insert_role_model(&mut self, model: &RoleModel) -> Result<(), StoreError> {
        if !self.working.domains.iter().any(|d| d.id == model.domain_id) {
            return Err(not_found("domain", model.domain_id));
        }
        // Keyed by name in the refusal, as the databases report it.
        if self.working.role_models.iter().any(|m| m.id == model.id) {
            return Err(conflict("role model", model.name.as_str()));
        }
        self.working.role_models.push(model.clone());
        Ok(())
    }

    async fn role_models(&mut self, domain: Option<DomainId>) -> Result<Vec<RoleModel>, StoreError> {
        let mut all: Vec<RoleModel> =
            self.working.role_models.iter().filter(|m| domain.is_none_or(|d| m.domain_id == d)).cloned().collect();
        all.sort_by_key(|m| (m.created_at, m.id));
        Ok(all)
    }

    async fn insert_feedback(&mut self, feedback: &Feedback) -> Result<(), StoreError> {
        if !self.working.domains.iter().any(|d| d.id == feedback.domain_id) {
            return Err(not_found("domain", feedback.domain_id));
        }
        if self.working.feedback.iter().any(|f| f.id == feedback.id) {
            return Err(conflict("feedback", &feedback.id.to_string()));
        }
        self.working.feedback.push(feedback.clone());
        Ok(())
    }

    async fn feedback(&mut self, domain: Option<DomainId>) -> Result<Vec<Feedback>, StoreError> {
        let mut all: Vec<Feedback> =
            self.working.feedback.iter().filter(|f| domain.is_none_or(|d| f.domain_id == d)).cloned().collect();
        all.sort_by_key(|f| (f.received_at, f.id));
        Ok(all)
    }

    async fn insert_scale(&mut self, scale: &Scale) -> Result<(), StoreError> {
        if self.working.scales.iter().any(|s| s.id == scale.id) {
            return Err(conflict("scale", &scale.id));
        }
        self.working.scales.push(scale.clone());
        Ok(())
    }

    async fn scales(&mut self) -> Result<Vec<Scale>, StoreError> {
        let mut all = self.working.scales.clone();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(all)
    }

    async fn insert_audit(&mut self, audit: &Audit) -> Result<(), StoreError> {
        if !self.working.domains.iter().any(|d| d.id == audit.domain_id) {
            return Err(not_found("domain", audit.domain_id));
        }
        if self.working.audits.iter().any(|a| a.id == audit.id) {
            return Err(conflict("audit", &audit.id.to_string()));
        }
        self.working.audits.push(audit.clone());
        Ok(())
    }

    async fn audits(&mut self, domain: Option<DomainId>) -> Result<Vec<Audit>, StoreError> {
        let mut all: Vec<Audit> =
            self.working.audits.iter().filter(|a| domain.is_none_or(|d| a.domain_id == d)).cloned().collect();
        all.sort_by_key(|a| (a.taken_at, a.id));
        Ok(all)
    }
}
