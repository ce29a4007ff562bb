//! Domains: create, list, show, archive.

use mastery_domain::Field;
use mastery_domain::ValidationError;
use mastery_domain::domain::Domain;
use mastery_domain::goal::Goal;
use mastery_domain::ids::DomainId;
use mastery_domain::success::Outcomes;
use mastery_domain::text::{Name, optional_text};
use mastery_store::{Store, Transaction};

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
        domain_detail(&mut tx, &domain, &goals).await
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

/// `domain` with its goals and the counts of its records. The outcomes are the sums of its rungs'
/// counts, which every write keeps, so showing a domain never reads its attempts.
pub(crate) async fn domain_detail<T: Transaction>(
    tx: &mut T,
    domain: &Domain,
    goals: &[Goal],
) -> Result<DomainDetail, AppError> {
    let mut outcomes = Outcomes::default();
    for goal in goals {
        for rung in tx.rung_stats(goal.id).await? {
            outcomes.attempts += rung.attempts;
            outcomes.successes += rung.successes;
            outcomes.partials += rung.partials;
        }
    }
    Ok(DomainDetail {
        goals: goals.iter().map(|g| GoalView::new(g, &domain.slug)).collect(),
        outcomes,
        success_rate: outcomes.rate(),
        role_models: tx.role_models(Some(domain.id)).await?.len(),
        feedback: tx.feedback(Some(domain.id)).await?.len(),
        domain: DomainView::from(domain),
    })
}
