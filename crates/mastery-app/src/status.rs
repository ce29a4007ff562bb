//! `status`: what is due today. For now the re-audits; later issues add next challenges, practice,
//! check-ins and reviews here, each as its own field.

use mastery_store::Store;
use serde::Serialize;

use crate::views::AuditDueView;
use crate::{App, AppError};

/// Today at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusView {
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
        Ok(StatusView { audits_due, next_audit: upcoming.into_iter().next(), audited })
    }
}
