//! Kept folds in the in-memory store. Instead of a counter moved on by every write, a domain's
//! generation is a digest of its attempts and their plans, and a fold is kept with the digest of
//! those it covers: a change shows as a different digest, whichever path made it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use jiff::Timestamp;
use mastery_domain::attempt::RecordedFacts;
use mastery_domain::ids::{AttemptId, DomainId};

use super::MemoryTx;
use crate::{Fold, FoldRead, FoldTx, StoreError};

/// A fold as kept, with the digest of what it covers.
#[derive(Debug, Clone)]
pub(super) struct KeptFold {
    covered: i64,
    fold: Fold,
}

impl MemoryTx {
    /// A digest of the domain's attempts up to `through` (all of them without), with their plans.
    fn digest(&self, domain: DomainId, through: Option<(Timestamp, AttemptId)>) -> i64 {
        let mut hasher = DefaultHasher::new();
        let mut attempts: Vec<_> = self
            .working
            .attempts
            .iter()
            .filter(|a| a.domain_id == domain && through.is_none_or(|t| (a.forecast.planned_at, a.id) <= t))
            .collect();
        attempts.sort_by_key(|a| (a.forecast.planned_at, a.id));
        for attempt in attempts {
            format!("{attempt:?}").hash(&mut hasher);
            let plan = self.working.reattributions.iter().find(|r| r.attempt_id == attempt.id);
            format!("{plan:?}").hash(&mut hasher);
        }
        hasher.finish().cast_signed()
    }
}

impl FoldTx for MemoryTx {
    async fn fold(&mut self, domain: DomainId) -> Result<FoldRead, StoreError> {
        let kept = self.working.folds.get(&domain);
        let fold = kept.filter(|k| k.covered == self.digest(domain, Some(k.fold.through))).map(|k| k.fold.clone());
        Ok(FoldRead { generation: self.digest(domain, None), fold })
    }

    async fn keep_fold(&mut self, domain: DomainId, generation: i64, fold: &Fold) -> Result<bool, StoreError> {
        if self.digest(domain, None) != generation {
            return Ok(false);
        }
        let covered = self.digest(domain, Some(fold.through));
        self.working.folds.insert(domain, KeptFold { covered, fold: fold.clone() });
        Ok(true)
    }

    async fn recorded_facts_after(
        &mut self,
        domain: DomainId,
        after: (Timestamp, AttemptId),
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> Result<(), StoreError> {
        self.facts(Some(domain)).into_iter().filter(|f| (f.planned_at, f.id) > after).for_each(visit);
        Ok(())
    }
}
