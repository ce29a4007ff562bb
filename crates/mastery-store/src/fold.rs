//! Keeping what the analyses folded of a domain's history, so a page reads only what came after.
//!
//! The insights and the source mix fold a domain's recorded attempts one at a time, in order
//! (`recorded_facts`). At a million attempts that read is most of a domain page. The app hands
//! the store its running state with the last attempt folded in (`through`); the store keeps it
//! until an attempt at or before `through` changes (or a plan for next time of one does), and
//! the next reading carries on from `through` with [`FoldTx::recorded_facts_after`]. A new
//! attempt, later than the others, leaves the fold standing.
//!
//! Each domain has a generation, a number that moves on with every change to its attempts or
//! their plans. A fold worked out in a read is kept by a later write only if the generation is
//! still the one read, so a change between the two is never folded over.

use std::future::Future;

use jiff::Timestamp;
use mastery_domain::attempt::RecordedFacts;
use mastery_domain::ids::{AttemptId, DomainId};

use crate::StoreError;

/// The analyses' running state of one domain, over its recorded attempts up to `through`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// The last attempt folded in, as `(planned_at, id)`: the order in which a domain's
    /// recorded attempts are read.
    pub through: (Timestamp, AttemptId),
    /// The app's encoding of its running state; the store keeps it as given.
    pub state: String,
}

/// A domain's fold as a read found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldRead {
    /// Moves on with every change to the domain's attempts and their plans for next time.
    pub generation: i64,
    /// The fold kept, if nothing it covers changed since.
    pub fold: Option<Fold>,
}

/// Folds kept per domain. A supertrait of [`Transaction`](crate::Transaction).
pub trait FoldTx: Send {
    /// The domain's generation, and its fold if one was kept and no attempt at or before its
    /// `through` was added, changed or deleted since (nor a plan for next time of one).
    fn fold(&mut self, domain: DomainId) -> impl Future<Output = Result<FoldRead, StoreError>> + Send;

    /// Keeps `fold` for the domain, replacing any other, if the domain's generation is still
    /// `generation`; answers whether it was kept.
    fn keep_fold(
        &mut self,
        domain: DomainId,
        generation: i64,
        fold: &Fold,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The domain's recorded attempts after `after`, in `(planned_at, id)` order, as
    /// `recorded_facts` reads them.
    fn recorded_facts_after(
        &mut self,
        domain: DomainId,
        after: (Timestamp, AttemptId),
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}
