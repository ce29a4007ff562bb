//! Storing celebrations: one per rung, goal or program reached, with the effort and strategy the
//! person names. Kept in its own trait, a supertrait of [`Transaction`](crate::Transaction), so
//! each backend implements it in a file of its own.

use std::future::Future;

use mastery_domain::celebration::Celebration;
use mastery_domain::ids::{CelebrationId, DomainId};

use crate::StoreError;

/// Reads and writes of celebrations.
pub trait CelebrationTx: Send {
    /// [`StoreError::NotFound`] (entity `domain`) unless the domain is this user's, and
    /// [`StoreError::Conflict`] (entity `celebration`, key the subject) when its subject was
    /// already celebrated.
    fn insert_celebration(&mut self, celebration: &Celebration) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Stores the effort and strategy of a celebration; [`StoreError::NotFound`] when it does not
    /// exist.
    fn update_celebration(&mut self, celebration: &Celebration) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn celebration(
        &mut self,
        id: CelebrationId,
    ) -> impl Future<Output = Result<Option<Celebration>, StoreError>> + Send;
    /// Celebrations of one domain or all, newest first (by time, then id descending).
    fn celebrations(
        &mut self,
        domain: Option<DomainId>,
    ) -> impl Future<Output = Result<Vec<Celebration>, StoreError>> + Send;
}
