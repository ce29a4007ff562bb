//! Everything the list of domains shows, read in one transaction: each active domain's counts
//! and success rate, its latest audit's strength and its calibration bias. Asked for one by one,
//! the list made a transaction per domain plus three, and read the recorded attempts once per
//! domain and once more for calibration; here the counts come from the rungs' running counts and
//! the bias from one grouped read, so the list never reads the attempts one by one.

use mastery_domain::goal::Goal;
use mastery_store::{Store, Transaction};

use crate::audits::latest_audits;
use crate::calibration::calibration_of;
use crate::domains::domain_detail;
use crate::views::{AuditView, DomainDetail};
use crate::{App, AppError};

/// One row of the list of domains.
#[derive(Debug, Clone)]
pub struct DomainRow {
    pub detail: DomainDetail,
    /// The latest audit's strength (0–100), when the domain was audited.
    pub strength: Option<f64>,
    /// The mean forecast minus the success rate, when there are forecasts to compare.
    pub bias: Option<f64>,
}

impl<S: Store> App<S> {
    /// The active domains, by name, with what the list shows of each.
    pub async fn domains_page(&self) -> Result<Vec<DomainRow>, AppError> {
        let mut tx = self.read().await?;
        let domains = tx.domains().await?;
        let goals = tx.goals(None).await?;
        let latest = latest_audits(&mut tx).await?;
        let calibration = calibration_of(&tx.forecast_groups(None, false).await?, None, false, &domains);
        let per_domain = calibration.domains.unwrap_or_default();
        let mut rows = Vec::new();
        for domain in domains.iter().filter(|d| d.archived_at.is_none()) {
            let own: Vec<Goal> = goals.iter().filter(|g| g.domain_id == domain.id).cloned().collect();
            let strength = latest
                .iter()
                .find(|(audited, ..)| audited.id == domain.id)
                .map(|(_, audit, count)| AuditView::new(audit, &domain.slug, *count == 1).strength);
            let bias = per_domain
                .iter()
                .find(|c| c.domain.as_deref() == Some(domain.slug.as_str()))
                .and_then(|c| c.person.bias);
            rows.push(DomainRow { detail: domain_detail(&mut tx, domain, &own).await?, strength, bias });
        }
        Ok(rows)
    }
}
