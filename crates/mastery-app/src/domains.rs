//! Domains: create, list, show, archive.

use mastery_domain::Field;
use mastery_domain::ValidationError;
use mastery_domain::domain::Domain;
use mastery_domain::goal::Goal;
use mastery_domain::ids::DomainId;
use mastery_domain::success::Outcomes;
use mastery_domain::text::{Name, optional_text};
use mastery_store::{Store, Transaction};

use crate::insights::Records;
use crate::records::AnyRecord;
use crate::views::{DomainDetail, DomainView, GoalView};
use crate::{App, AppError, NewDomain, new_id, resolve};

impl<S: Store> App<S> {
    pub async fn add_domain(&self, input: NewDomain) -> Result<DomainView, AppError> {
        let name = Name::parse(Field::DomainName, &input.name)?;
        let slug = name.slug().ok_or(ValidationError::NoSlug { field: Field::DomainName })?;
        let domain = Domain {
            id: new_id(DomainId::from_uuid),
            name,
            slug,
            area: input.area,
            description: optional_text(Field::Description, input.description.as_deref())?,
            created_at: self.clock.now().timestamp(),
            archived_at: None,
        };
        let mut tx = self.write().await?;
        tx.insert_domain(&domain).await?;
        let summary = format!("Added domain '{}'", domain.name);
        crate::revise::added(&mut tx, self.clock.now().timestamp(), summary, vec![AnyRecord::Domain(domain.clone())])
            .await?;
        tx.commit().await?;
        Ok(DomainView::from(&domain))
    }

    /// Domains by name; archived ones only when asked.
    pub async fn domains(&self, include_archived: bool) -> Result<Vec<DomainView>, AppError> {
        let mut tx = self.read().await?;
        Ok(tx
            .domains()
            .await?
            .iter()
            .filter(|d| include_archived || d.archived_at.is_none())
            .map(DomainView::from)
            .collect())
    }

    pub async fn show_domain(&self, reference: &str) -> Result<DomainDetail, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::domain(&mut tx, reference).await?;
        let goals = tx.goals(Some(domain.id)).await?;
        let records = Records::read(&mut tx, Some(&domain)).await?;
        Ok(domain_detail(&domain, &goals, &records))
    }

    /// Archives a domain: its history stays, it leaves lists. Archiving twice is harmless.
    pub async fn archive_domain(&self, reference: &str) -> Result<DomainView, AppError> {
        let mut tx = self.write().await?;
        let mut domain = resolve::domain(&mut tx, reference).await?;
        if domain.archived_at.is_none() {
            let before = AnyRecord::Domain(domain.clone());
            domain.archived_at = Some(self.clock.now().timestamp());
            tx.update_domain(&domain).await?;
            let summary = format!("Archived domain '{}'", domain.name);
            let after = vec![AnyRecord::Domain(domain.clone())];
            crate::revise::journal(&mut tx, self.clock.now().timestamp(), summary, vec![before], after).await?;
            tx.commit().await?;
        }
        Ok(DomainView::from(&domain))
    }
}

/// `domain` with its goals and the counts of its records, from what was read of it.
pub(crate) fn domain_detail(domain: &Domain, goals: &[Goal], records: &Records) -> DomainDetail {
    let (role_models, feedback) = records.other_sources();
    let outcomes = Outcomes::of(records.attempts.iter().map(|a| a.outcome));
    DomainDetail {
        goals: goals.iter().map(|g| GoalView::new(g, &domain.slug)).collect(),
        outcomes,
        success_rate: outcomes.rate(),
        role_models,
        feedback,
        domain: DomainView::from(domain),
    }
}
