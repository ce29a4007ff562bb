//! Storing plans for next time: the controllable cause and if–then plan a person records after a
//! failure explained by fixed ability. Kept in its own trait, a supertrait of
//! [`Transaction`](crate::Transaction), so each backend implements it in a file of its own.

use std::future::Future;

use mastery_domain::ids::{AttemptId, DomainId};
use mastery_domain::reattribution::Reattribution;

use crate::StoreError;

/// Reads and writes of plans for next time, one per attempt.
pub trait ReattributionTx: Send {
    /// Fails with [`StoreError::NotFound`] (entity `attempt`) unless the attempt is this user's,
    /// and with [`StoreError::Conflict`] (entity `plan for next time`, key the attempt id) when
    /// the attempt already has a plan.
    fn insert_reattribution(&mut self, plan: &Reattribution) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn reattribution(
        &mut self,
        attempt: AttemptId,
    ) -> impl Future<Output = Result<Option<Reattribution>, StoreError>> + Send;
    /// Plans for attempts in one domain or all, ordered by creation time, then attempt id.
    fn reattributions(
        &mut self,
        domain: Option<DomainId>,
    ) -> impl Future<Output = Result<Vec<Reattribution>, StoreError>> + Send;
    /// The latest recorded failure or partial by forecast time, then id: the attempt a plan for
    /// "last" is for. Found from the newest end, so it costs the same after a million attempts.
    fn latest_setback(&mut self) -> impl Future<Output = Result<Option<AttemptId>, StoreError>> + Send;
}
