//! `status`: what is due today: the next challenge of each open goal, practice planned for today
//! and not yet done, the day's check-in, the weekly review and re-audits. Each part is its own
//! field, read from the same records the commands behind it use.

use jiff::civil::{Date, Weekday};
use mastery_domain::review::Period;
use mastery_store::{Store, Transaction};
use serde::Serialize;

use crate::views::{AuditDueView, Next, NextView, PracticeStatusView};
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
    pub async fn status(&self) -> Result<StatusView, AppError> {
        let schedule = self.audit_schedule().await?;
        let audited = !schedule.is_empty();
        let (audits_due, upcoming): (Vec<_>, Vec<_>) = schedule.into_iter().partition(|a| a.overdue_days >= 0);
        let next = match self.next(None).await? {
            Next::One(view) => vec![view],
            Next::Many(views) => views,
        };
        let today = self.clock.now().date();
        let mut tx = self.read().await?;
        let practice_due =
            crate::practice::practice_statuses(&mut tx, today).await?.into_iter().filter(|p| p.due_today).collect();
        let checked_in = tx.checkins().await?.iter().any(|c| c.on == today);
        let review_due = review_due(&mut tx, today).await?;
        Ok(StatusView {
            today,
            next,
            practice_due,
            checked_in,
            review_due,
            audits_due,
            next_audit: upcoming.into_iter().next(),
            audited,
        })
    }
}

/// The week to review: this one on Sunday, the last one otherwise; none once answered, or before
/// any domain exists.
async fn review_due<T: Transaction>(tx: &mut T, today: Date) -> Result<Option<String>, AppError> {
    if tx.domains().await?.is_empty() {
        return Ok(None);
    }
    let day = if today.weekday() == Weekday::Sunday {
        Some(today)
    } else {
        today.checked_sub(jiff::Span::new().weeks(1)).ok()
    };
    let Some(period) = day.map(Period::week_of) else { return Ok(None) };
    let answered = tx.review(period).await?.is_some_and(|r| !r.answers.is_empty());
    Ok((!answered).then(|| period.to_string()))
}
