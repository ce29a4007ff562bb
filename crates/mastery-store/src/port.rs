//! The `Store` and `Transaction` traits.

use std::future::Future;

use jiff::Timestamp;

use mastery_domain::attempt::{Attempt, RecordedFacts};
use mastery_domain::audit::Audit;
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::Checkin;
use mastery_domain::domain::Domain;
use mastery_domain::evidence::BackfilledEvidence;
use mastery_domain::feedback::Feedback;
use mastery_domain::goal::Goal;
use mastery_domain::ids::{AttemptId, ChallengeId, DomainId, GoalId, UserId};
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::Scale;

use crate::{
    AttemptQuery, CelebrationTx, EvidenceItem, FoldTx, ForecastGroup, Page, PracticeTx, ProgramTx, ReattributionTx,
    RecentResult, RevisionTx, RungStats, StoreError, SyncTx,
};

/// What a transaction intends to do. Backends may use it to take the write lock up front (so two
/// writers queue instead of failing half-way) or to route reads to a replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// A database of Mastery records.
pub trait Store: Send + Sync {
    type Tx: Transaction;

    /// The one local user of an embedded store, created on first use.
    fn local_user(&self) -> impl Future<Output = Result<UserId, StoreError>> + Send;

    /// Registers another user (server mode) under a unique name; [`StoreError::Conflict`] when the
    /// name is taken.
    fn add_user(&self, name: &str) -> impl Future<Output = Result<UserId, StoreError>> + Send;

    /// Opens a transaction scoped to `user`: the only way to read or write records.
    fn begin(&self, user: UserId, access: Access) -> impl Future<Output = Result<Self::Tx, StoreError>> + Send;

    /// A number that moves whenever another connection (another process) commits, so a cache of
    /// rendered pages can tell that the data changed under it; `None` when the backend cannot
    /// tell, and then nothing may be cached.
    fn data_version(&self) -> impl Future<Output = Result<Option<i64>, StoreError>> + Send {
        async { Ok(None) }
    }
}

/// Reads and writes of one user's records, applied atomically by [`Transaction::commit`].
/// Dropping a transaction without committing discards its writes.
///
/// Lists come back in a defined order, documented per method, so every backend answers alike.
pub trait Transaction:
    FoldTx + ReattributionTx + PracticeTx + CelebrationTx + ProgramTx + RevisionTx + SyncTx + Send
{
    fn commit(self) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Fails with [`StoreError::Conflict`] when the slug is taken.
    fn insert_domain(&mut self, domain: &Domain) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Replaces a domain's fields; [`StoreError::NotFound`] when it does not exist (whatever its
    /// slug), [`StoreError::Conflict`] when another domain has the slug.
    fn update_domain(&mut self, domain: &Domain) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn domain(&mut self, id: DomainId) -> impl Future<Output = Result<Option<Domain>, StoreError>> + Send;
    fn domain_by_slug(&mut self, slug: &str) -> impl Future<Output = Result<Option<Domain>, StoreError>> + Send;
    /// All domains, archived ones included, ordered by name (case-insensitive).
    fn domains(&mut self) -> impl Future<Output = Result<Vec<Domain>, StoreError>> + Send;

    /// Fails with [`StoreError::NotFound`] (entity `domain`) when its domain does not exist, else
    /// with [`StoreError::Conflict`] when the slug is taken.
    fn insert_goal(&mut self, goal: &Goal) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Replaces a goal's fields; [`StoreError::NotFound`] when it does not exist (whatever its
    /// slug), [`StoreError::Conflict`] when another goal has the slug.
    fn update_goal(&mut self, goal: &Goal) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn goal(&mut self, id: GoalId) -> impl Future<Output = Result<Option<Goal>, StoreError>> + Send;
    fn goal_by_slug(&mut self, slug: &str) -> impl Future<Output = Result<Option<Goal>, StoreError>> + Send;
    /// Goals, of one domain or all, ordered by creation time.
    fn goals(&mut self, domain: Option<DomainId>) -> impl Future<Output = Result<Vec<Goal>, StoreError>> + Send;

    /// Fails with [`StoreError::NotFound`] (entity `goal`) when its goal does not exist, else with
    /// [`StoreError::Conflict`] when the goal already has a rung with this slug.
    fn insert_challenge(&mut self, challenge: &Challenge) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn challenge(&mut self, id: ChallengeId) -> impl Future<Output = Result<Option<Challenge>, StoreError>> + Send;
    /// Rungs with this slug across all goals, ordered by creation time.
    fn challenges_by_slug(&mut self, slug: &str) -> impl Future<Output = Result<Vec<Challenge>, StoreError>> + Send;
    /// A goal's rungs in ladder order: difficulty, then position.
    fn challenges(&mut self, goal: GoalId) -> impl Future<Output = Result<Vec<Challenge>, StoreError>> + Send;
    /// Outcome counts for each rung of a goal that has recorded attempts.
    fn rung_stats(&mut self, goal: GoalId) -> impl Future<Output = Result<Vec<RungStats>, StoreError>> + Send;

    /// The goal's latest `limit` recorded outcomes with the difficulty tried, oldest first.
    fn recent_results(
        &mut self,
        goal: GoalId,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<RecentResult>, StoreError>> + Send;

    fn insert_attempt(&mut self, attempt: &Attempt) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Stores an attempt's forecast and outcome (its record), as corrected or recorded; the rung it
    /// was on stays as stored. [`StoreError::NotFound`] when it does not exist.
    fn update_attempt(&mut self, attempt: &Attempt) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn attempt(&mut self, id: AttemptId) -> impl Future<Output = Result<Option<Attempt>, StoreError>> + Send;
    /// Attempts matching the query, ordered by forecast time then id.
    fn attempts(&mut self, query: &AttemptQuery) -> impl Future<Output = Result<Page<Attempt>, StoreError>> + Send;

    /// Hands `visit` the numbers of every recorded attempt, of one domain or all, ordered by
    /// domain, then forecast time, then id: what the insights, the source mix and the counts
    /// read, without the attempts' words. Streamed, never collected: an analysis over a history
    /// of any length holds a bounded part of it at a time.
    fn recorded_facts(
        &mut self,
        domain: Option<DomainId>,
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Recorded attempts' forecasts, the person's and the engine's, grouped for calibration; of one
    /// domain or all, by month when asked. The order of groups is unspecified.
    fn forecast_groups(
        &mut self,
        domain: Option<DomainId>,
        by_month: bool,
    ) -> impl Future<Output = Result<Vec<ForecastGroup>, StoreError>> + Send;

    /// The forecasts of the attempts whose outcome was recorded at or after `from` and before
    /// `to`, in every domain, grouped as [`Transaction::forecast_groups`] groups them (without
    /// months): what a review of a week or a month counts, read without reading the rest.
    fn forecasts_recorded_between(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> impl Future<Output = Result<Vec<ForecastGroup>, StoreError>> + Send;

    /// Successful attempts and backfilled successes, newest first.
    fn evidence(
        &mut self,
        domain: Option<DomainId>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<EvidenceItem>, StoreError>> + Send;
    /// Successful attempts recorded, and backfilled successes dated, from `from` up to (not
    /// including) `to`, newest first: a review's new evidence, read through the span's indexes.
    fn evidence_between(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> impl Future<Output = Result<Vec<EvidenceItem>, StoreError>> + Send;
    fn insert_evidence(&mut self, evidence: &BackfilledEvidence)
    -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Backfilled successes, oldest first (by time, then id).
    fn backfilled_evidence(&mut self) -> impl Future<Output = Result<Vec<BackfilledEvidence>, StoreError>> + Send;

    fn insert_checkin(&mut self, checkin: &Checkin) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Replaces a check-in's time, day and measures (one check-in a day: a second one that day
    /// updates it); `NotFound` when no check-in has its id.
    fn update_checkin(&mut self, checkin: &Checkin) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Check-ins, oldest first.
    fn checkins(&mut self) -> impl Future<Output = Result<Vec<Checkin>, StoreError>> + Send;

    fn insert_role_model(&mut self, model: &RoleModel) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Role models of one domain or all, oldest first.
    fn role_models(
        &mut self,
        domain: Option<DomainId>,
    ) -> impl Future<Output = Result<Vec<RoleModel>, StoreError>> + Send;

    fn insert_feedback(&mut self, feedback: &Feedback) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Feedback for one domain or all, oldest first.
    fn feedback(&mut self, domain: Option<DomainId>) -> impl Future<Output = Result<Vec<Feedback>, StoreError>> + Send;

    /// Saves an imported scale (the built-in ones live in the binary); [`StoreError::Conflict`]
    /// when this user already has a scale with its id.
    fn insert_scale(&mut self, scale: &Scale) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Imported scales, ordered by id.
    fn scales(&mut self) -> impl Future<Output = Result<Vec<Scale>, StoreError>> + Send;

    /// [`StoreError::NotFound`] when the audit's domain does not exist.
    fn insert_audit(&mut self, audit: &Audit) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Audits of one domain or all, oldest first (by time taken, then id).
    fn audits(&mut self, domain: Option<DomainId>) -> impl Future<Output = Result<Vec<Audit>, StoreError>> + Send;
}
