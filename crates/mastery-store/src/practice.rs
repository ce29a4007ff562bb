//! Storing deliberate practice and reviews: each domain's plan, the sessions kept, rest days
//! declared in advance, and the answers of weekly and monthly reviews. Kept in its own trait, a
//! supertrait of [`Transaction`](crate::Transaction), so each backend implements it in a file of
//! its own.

use std::future::Future;

use mastery_domain::ids::DomainId;
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::review::{Period, Review};

use crate::StoreError;

/// Reads and writes of practice plans, sessions, rest days and reviews.
pub trait PracticeTx: Send {
    /// Sets the domain's plan, replacing any earlier one; [`StoreError::NotFound`] (entity
    /// `domain`) unless the domain is this user's.
    fn set_practice_plan(&mut self, plan: &PracticePlan) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Every domain's plan, ordered by start date, then domain id.
    fn practice_plans(&mut self) -> impl Future<Output = Result<Vec<PracticePlan>, StoreError>> + Send;

    /// [`StoreError::NotFound`] (entity `domain`) unless the session's domain is this user's.
    fn insert_practice_session(
        &mut self,
        session: &PracticeSession,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Sessions of one domain or all, oldest first (by time, then id).
    fn practice_sessions(
        &mut self,
        domain: Option<DomainId>,
    ) -> impl Future<Output = Result<Vec<PracticeSession>, StoreError>> + Send;

    /// [`StoreError::Conflict`] (entity `rest day`, key the date) when the same day is already a
    /// rest day for the same domain (or for all practice).
    fn insert_rest_day(&mut self, rest: &RestDay) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Rest days, ordered by date, all-practice ones before a domain's on the same day.
    fn rest_days(&mut self) -> impl Future<Output = Result<Vec<RestDay>, StoreError>> + Send;

    /// Saves a review's answers, replacing those saved earlier for the same period.
    fn save_review(&mut self, review: &Review) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn review(&mut self, period: Period) -> impl Future<Output = Result<Option<Review>, StoreError>> + Send;
    /// Every saved review, ordered by period as written (`2026-11` before `2026-W01`, by byte).
    fn reviews(&mut self) -> impl Future<Output = Result<Vec<Review>, StoreError>> + Send;
}
