//! Deletions, tombstones and the journal in the in-memory store.

use mastery_domain::challenge::Challenge;
use mastery_domain::record::{RecordRef, Tombstone};

use super::{MemoryTx, UserData, conflict, not_found};
use crate::{JOURNAL_DEPTH, JournalEntry, RevisionTx, StoreError};

/// Removes the items matching `matches`; answers whether there were any.
fn remove<T>(items: &mut Vec<T>, matches: impl Fn(&T) -> bool) -> bool {
    let before = items.len();
    items.retain(|item| !matches(item));
    items.len() != before
}

/// What still points at the record, which must go first (the database's foreign keys).
fn dependant(data: &UserData, record: RecordRef) -> Option<&'static str> {
    let first = |found: bool, kind: &'static str| found.then_some(kind);
    match record {
        RecordRef::Domain(id) => first(data.goals.iter().any(|g| g.domain_id == id), "goals")
            .or_else(|| first(data.evidence.iter().any(|e| e.domain_id == id), "evidence"))
            .or_else(|| first(data.role_models.iter().any(|r| r.domain_id == id), "role_models"))
            .or_else(|| first(data.feedback.iter().any(|f| f.domain_id == id), "feedback"))
            .or_else(|| first(data.audits.iter().any(|a| a.domain_id == id), "audits"))
            .or_else(|| first(data.practice_plans.iter().any(|p| p.domain_id == id), "practice_plans"))
            .or_else(|| first(data.practice_sessions.iter().any(|s| s.domain_id == id), "practice_sessions"))
            .or_else(|| first(data.rest_days.iter().any(|r| r.domain_id == Some(id)), "rest_days"))
            .or_else(|| first(data.programs.iter().any(|p| p.domain_id == id), "programs"))
            .or_else(|| first(data.celebrations.iter().any(|c| c.domain_id == id), "celebrations")),
        RecordRef::Goal(id) => first(data.challenges.iter().any(|c| c.goal_id == id), "challenges"),
        RecordRef::Challenge(id) => first(data.attempts.iter().any(|a| a.challenge_id == id), "attempts"),
        RecordRef::Attempt(id) => first(data.reattributions.iter().any(|r| r.attempt_id == id), "plans_for_next_time"),
        _ => None,
    }
}

impl RevisionTx for MemoryTx {
    async fn delete_record(&mut self, record: RecordRef) -> Result<(), StoreError> {
        if let Some(kind) = dependant(&self.working, record) {
            return Err(conflict(record.kind(), &format!("{} (its {kind} go first)", record.key())));
        }
        let data = &mut self.working;
        let found = match record {
            RecordRef::Domain(id) => remove(&mut data.domains, |d| d.id == id),
            RecordRef::Goal(id) => remove(&mut data.goals, |g| g.id == id),
            RecordRef::Challenge(id) => remove(&mut data.challenges, |c| c.id == id),
            RecordRef::Attempt(id) => remove(&mut data.attempts, |a| a.id == id),
            RecordRef::Reattribution(id) => remove(&mut data.reattributions, |r| r.attempt_id == id),
            RecordRef::Evidence(id) => remove(&mut data.evidence, |e| e.id == id),
            RecordRef::Checkin(id) => remove(&mut data.checkins, |c| c.id == id),
            RecordRef::RoleModel(id) => remove(&mut data.role_models, |r| r.id == id),
            RecordRef::Feedback(id) => remove(&mut data.feedback, |f| f.id == id),
            RecordRef::Audit(id) => remove(&mut data.audits, |a| a.id == id),
            RecordRef::PracticePlan(id) => remove(&mut data.practice_plans, |p| p.domain_id == id),
            RecordRef::PracticeSession(id) => remove(&mut data.practice_sessions, |s| s.id == id),
            RecordRef::RestDay { domain, on } => remove(&mut data.rest_days, |r| r.domain_id == domain && r.on == on),
            RecordRef::Review(period) => remove(&mut data.reviews, |r| r.period == period),
            RecordRef::Program(id) => remove(&mut data.programs, |p| p.id == id),
            RecordRef::Celebration(id) => remove(&mut data.celebrations, |c| c.id == id),
        };
        if !found {
            return Err(not_found(record.kind(), record.key()));
        }
        Ok(())
    }

    async fn update_challenge(&mut self, challenge: &Challenge) -> Result<(), StoreError> {
        let rungs = &mut self.working.challenges;
        let goal = rungs
            .iter()
            .find(|c| c.id == challenge.id)
            .map(|c| c.goal_id)
            .ok_or_else(|| not_found("challenge", challenge.id))?;
        if rungs.iter().any(|c| c.goal_id == goal && c.slug == challenge.slug && c.id != challenge.id) {
            return Err(conflict("challenge", &challenge.slug));
        }
        let stored =
            rungs.iter_mut().find(|c| c.id == challenge.id).ok_or_else(|| not_found("challenge", challenge.id))?;
        *stored = Challenge { goal_id: goal, ..challenge.clone() };
        Ok(())
    }

    async fn insert_tombstone(&mut self, tombstone: &Tombstone) -> Result<(), StoreError> {
        remove(&mut self.working.tombstones, |t| t.record == tombstone.record);
        self.working.tombstones.push(*tombstone);
        Ok(())
    }

    async fn remove_tombstone(&mut self, record: RecordRef) -> Result<(), StoreError> {
        remove(&mut self.working.tombstones, |t| t.record == record);
        Ok(())
    }

    async fn tombstones(&mut self) -> Result<Vec<Tombstone>, StoreError> {
        let mut tombstones = self.working.tombstones.clone();
        tombstones.sort_by_key(|t| (t.deleted_at, t.record.kind(), t.record.key()));
        Ok(tombstones)
    }

    async fn push_change(&mut self, entry: &JournalEntry) -> Result<i64, StoreError> {
        let journal = &mut self.working.journal;
        let seq = journal.last().map_or(1, |last| last.seq + 1);
        journal.push(JournalEntry { seq, ..entry.clone() });
        remove(journal, |e| e.seq <= seq - JOURNAL_DEPTH);
        Ok(seq)
    }

    async fn last_change(&mut self) -> Result<Option<JournalEntry>, StoreError> {
        Ok(self.working.journal.last().cloned())
    }

    async fn remove_change(&mut self, seq: i64) -> Result<(), StoreError> {
        match remove(&mut self.working.journal, |e| e.seq == seq) {
            true => Ok(()),
            false => Err(not_found("change", seq)),
        }
    }
}
