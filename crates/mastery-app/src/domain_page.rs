//! Everything the domain page shows, read in one transaction: a consistent snapshot, and one
//! reading of the domain's recorded attempts (their numbers, not their words) for the insights
//! and the source mix, where the page's parts, asked for one by one, would each open a
//! transaction of their own and read them again. That reading carries on the domain's kept fold
//! (see `insights::Records`), so it covers only the attempts since; the counts come from the
//! rungs' running counts and calibration from the groups the store keeps. On a server, where
//! pages are not cached, this is the page most people open most often.

use mastery_store::{Store, Transaction};

use crate::audits::audit_history_in;
use crate::calibration::calibration_of;
use crate::celebrations::celebrations_in;
use crate::domains::domain_detail;
use crate::evidence::evidence_in;
use crate::goals::ladder_in;
use crate::insights::Records;
use crate::views::{
    AuditHistoryView, CalibrationView, CelebrationView, DomainDetail, DomainSourcesView, EvidenceView, InsightView,
    LadderView,
};
use crate::{App, AppError, resolve};

/// A domain and what is known of it, as its page shows it.
#[derive(Debug, Clone)]
pub struct DomainPage {
    pub detail: DomainDetail,
    /// The ladders of the goals not yet reached.
    pub ladders: Vec<LadderView>,
    pub audits: AuditHistoryView,
    pub calibration: CalibrationView,
    /// The latest successes, newest first.
    pub evidence: Vec<EvidenceView>,
    pub celebrations: Vec<CelebrationView>,
    pub insights: Vec<InsightView>,
    /// The domain's experiences by source. The check-ins, which belong to no domain, are the
    /// sources page's.
    pub sources: DomainSourcesView,
}

impl<S: Store> App<S> {
    /// The page of the domain `reference` names (id, slug or name), with its `evidence` latest
    /// successes.
    pub async fn domain_page(&self, reference: &str, evidence: usize) -> Result<DomainPage, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::domain(&mut tx, reference).await?;
        let mut records = Records::read(&mut tx, Some(&domain)).await?;
        let goals = records.goals().to_vec();
        let mut ladders = Vec::new();
        for goal in goals.iter().filter(|g| g.done_at.is_none()) {
            ladders.push(ladder_in(&mut tx, goal, domain.slug.clone()).await?);
        }
        let forecasts = tx.forecast_groups(Some(domain.id), false).await?;
        let page = DomainPage {
            detail: domain_detail(&mut tx, &domain, &goals).await?,
            ladders,
            audits: audit_history_in(&mut tx, domain.clone()).await?,
            calibration: calibration_of(&forecasts, Some(domain.clone()), false, records.all_domains()),
            evidence: evidence_in(&mut tx, Some(domain.id), evidence, records.all_domains()).await?,
            celebrations: celebrations_in(&mut tx, Some(&domain), records.all_domains()).await?,
            insights: records.insights(Some(domain.clone())),
            sources: records.domain_sources(&domain),
        };
        drop(tx);
        self.keep_folds(records.take_folds()).await;
        Ok(page)
    }
}
