//! `status`: what is due today: the next challenge of each open goal, practice planned for today
//! and not yet done, the day's check-in, the weekly review and re-audits. Each part is its own
//! field, read from the same records the commands behind it use.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::ids::AttemptId;
use mastery_domain::review::Period;
use mastery_store::{AttemptQuery, Store, Transaction};
use serde::Serialize;

use crate::audits::audit_schedule_in;
use crate::engine::next_in;
use crate::views::{AuditDueView, NextView, PracticeStatusView};
use crate::{App, AppError};

/// Today at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub today: Date,
    /// The next challenge of each open goal with rungs.
    pub next: Vec<NextView>,
    /// Domains whose practice is planned today and not yet logged.
    pub practice_due: Vec<PracticeStatusView>,
    /// Forecasts waiting for their outcome (planned attempts not yet recorded), oldest first.
    pub pending: Vec<PendingView>,
    /// Whether today's check-in is recorded.
    pub checked_in: bool,
    /// The weekly review to do (this week's on Sunday, last week's after), until it has answers.
    pub review_due: Option<String>,
    /// Domains whose re-audit is due or overdue, longest overdue first.
    pub audits_due: Vec<AuditDueView>,
    /// The soonest re-audit not yet due, if any.
    pub next_audit: Option<AuditDueView>,
    /// Whether any domain has been audited yet.
    pub audited: bool,
}

impl<S: Store> App<S> {
    /// Today at a glance, read in one transaction.
    pub async fn status(&self) -> Result<StatusView, AppError> {
        let today = self.clock.now().date();
        let mut tx = self.read().await?;
        let schedule = audit_schedule_in(&mut tx, today).await?;
        let audited = !schedule.is_empty();
        let (audits_due, upcoming): (Vec<_>, Vec<_>) = schedule.into_iter().partition(|a| a.overdue_days >= 0);
        let open_goals = tx.goals(None).await?.into_iter().filter(|g| g.done_at.is_none()).collect();
        let next = next_in(&mut tx, open_goals).await?;
        let practice_due =
            crate::practice::practice_statuses(&mut tx, today).await?.into_iter().filter(|p| p.due_today).collect();
        let checked_in = tx.checkins().await?.iter().any(|c| c.on == today);
        let pending = pending(&mut tx).await?;
        let review_due = review_due(&mut tx, today).await?;
        Ok(StatusView {
            today,
            next,
            practice_due,
            pending,
            checked_in,
            review_due,
            audits_due,
            next_audit: upcoming.into_iter().next(),
            audited,
        })
    }
}

/// A planned attempt waiting for its outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingView {
    pub attempt_id: AttemptId,
    /// The rung's title.
    pub challenge: String,
    /// The rung as commands take it: its slug, or `goal-slug/rung-slug` when not unique.
    pub challenge_ref: String,
    pub domain: String,
    /// The forecast, 0–100.
    pub confidence: u8,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub planned_at: Timestamp,
    /// The day it was planned for, in the time zone it was planned in.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub planned_on: Date,
}

/// Every attempt planned and not yet recorded, oldest first, named as commands take them.
async fn pending<T: Transaction>(tx: &mut T) -> Result<Vec<PendingView>, AppError> {
    let query = AttemptQuery { pending_only: true, ..AttemptQuery::default() };
    let attempts = tx.attempts(&query).await?.items;
    let slugs = crate::domain_slugs(tx).await?;
    let mut views = Vec::with_capacity(attempts.len());
    for attempt in attempts {
        let rung = tx
            .challenge(attempt.challenge_id)
            .await?
            .ok_or_else(|| crate::missing("challenge", attempt.challenge_id))?;
        let (challenge, challenge_ref) = (rung.title.to_string(), crate::resolve::challenge_ref(tx, &rung).await?);
        views.push(PendingView {
            attempt_id: attempt.id,
            challenge,
            challenge_ref,
            domain: crate::slug_in(&slugs, attempt.domain_id)?.to_owned(),
            confidence: attempt.forecast.confidence.value(),
            planned_at: attempt.forecast.planned_at,
            planned_on: attempt.forecast.planned_on,
        });
    }
    Ok(views)
}

/// The week to review: this one on Sunday, the last one otherwise; none once answered, or before
/// any domain exists.
async fn review_due<T: Transaction>(tx: &mut T, today: Date) -> Result<Option<String>, AppError> {
    if tx.domains().await?.is_empty() {
        return Ok(None);
    }
    let Some(period) = Period::week_to_review(today) else { return Ok(None) };
    let answered = tx.review(period).await?.is_some_and(|r| !r.answers.is_empty());
    Ok((!answered).then(|| period.to_string()))
}
