//! The evidence file: what I have already done, and how.

use std::collections::HashMap;

use mastery_domain::Field;
use mastery_domain::domain::Domain;
use mastery_domain::evidence::BackfilledEvidence;
use mastery_domain::ids::{DomainId, EvidenceId};
use mastery_domain::text::{optional_text, required_text};
use mastery_store::{EvidenceItem, Store, Transaction};

use crate::records::AnyRecord;
use crate::views::EvidenceView;
use crate::{App, AppError, NewEvidence, new_id, resolve, slugs_of};

impl<S: Store> App<S> {
    /// The newest `last` successes, of one domain or all.
    pub async fn evidence(&self, domain: Option<&str>, last: usize) -> Result<Vec<EvidenceView>, AppError> {
        let mut tx = self.read().await?;
        let domain_id = resolve::optional_domain(&mut tx, domain).await?.map(|d| d.id);
        let domains = tx.domains().await?;
        evidence_in(&mut tx, domain_id, last, &domains).await
    }

    /// Adds a success from before Mastery to the evidence file.
    pub async fn add_evidence(&self, input: NewEvidence) -> Result<EvidenceView, AppError> {
        let (title, did, at) = self.evidence_fields(&input)?;
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let evidence = BackfilledEvidence {
            id: new_id(EvidenceId::from_uuid),
            domain_id: domain.id,
            title,
            did,
            at: at.timestamp(),
            on: at.date(),
            created_at: self.clock.now().timestamp(),
        };
        tx.insert_evidence(&evidence).await?;
        let summary = format!("Added the success '{}'", evidence.title);
        crate::revise::added(
            &mut tx,
            self.clock.now().timestamp(),
            summary,
            vec![AnyRecord::Evidence(evidence.clone())],
        )
        .await?;
        tx.commit().await?;
        Ok(EvidenceView::backfilled(&evidence, &domain.slug))
    }

    /// Checks a success's text and date without storing it (its domain is checked when it is
    /// added), so a command can refuse a bad one before writing anything else.
    pub fn check_evidence(&self, input: &NewEvidence) -> Result<(), AppError> {
        self.evidence_fields(input).map(|_| ())
    }

    fn evidence_fields(&self, input: &NewEvidence) -> Result<(String, Option<String>, jiff::Zoned), AppError> {
        let title = required_text(Field::Success, &input.title)?;
        let did = optional_text(Field::Did, input.did.as_deref())?;
        let at = self.event_time(Field::SuccessDate, input.at.as_deref())?;
        Ok((title, did, at))
    }
}

/// The latest `last` successes of one domain or all, newest first, read in `tx`.
pub(crate) async fn evidence_in<T: Transaction>(
    tx: &mut T,
    domain_id: Option<DomainId>,
    last: usize,
    domains: &[Domain],
) -> Result<Vec<EvidenceView>, AppError> {
    let items = tx.evidence(domain_id, last).await?;
    let slugs = slugs_of(domains);
    items.into_iter().map(|e| evidence_view(e, &slugs)).collect()
}

/// An evidence item as shown, its domain named by slug.
pub(crate) fn evidence_view(e: EvidenceItem, slugs: &HashMap<DomainId, String>) -> Result<EvidenceView, AppError> {
    Ok(EvidenceView {
        domain: crate::slug_in(slugs, e.domain_id)?.to_owned(),
        id: e.id,
        at: e.at,
        title: e.title,
        did: e.did,
        source: e.source,
    })
}
