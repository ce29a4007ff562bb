//! Celebrations: created when a rung is mastered or a goal is finished, listed as the highlights
//! of the evidence file, and reflected on (the effort and strategy that produced them).

use jiff::Timestamp;
use mastery_domain::Field;
use mastery_domain::ValidationError;
use mastery_domain::attempt::{Attempt, Outcome};
use mastery_domain::celebration::{Celebration, CelebrationKind, reflection_words};
use mastery_domain::domain::Domain;
use mastery_domain::goal::Goal;
use mastery_domain::ids::{CelebrationId, DomainId};
use mastery_domain::ladder::MASTERED_AFTER;
use mastery_domain::text::{count, optional_text};
use mastery_store::{CelebrationTx, Store, StoreError, Transaction};

use crate::records::AnyRecord;
use crate::views::CelebrationView;
use crate::{App, AppError, new_id, resolve, slugs_of};

/// A new, not yet reflected-on celebration.
pub(crate) fn milestone(
    domain_id: DomainId,
    kind: CelebrationKind,
    subject: String,
    title: String,
    at: Timestamp,
) -> Celebration {
    Celebration {
        id: new_id(CelebrationId::from_uuid),
        domain_id,
        kind,
        subject,
        title,
        at,
        effort: None,
        strategy: None,
    }
}

/// Records a celebration unless its subject was celebrated before; the view of the new one.
pub(crate) async fn celebrate<T: Transaction>(
    tx: &mut T,
    celebration: Celebration,
) -> Result<Option<CelebrationView>, AppError> {
    match tx.insert_celebration(&celebration).await {
        Ok(()) => {
            let domain = tx
                .domain(celebration.domain_id)
                .await?
                .ok_or_else(|| crate::missing("domain", celebration.domain_id))?
                .slug;
            Ok(Some(CelebrationView::new(&celebration, &domain)))
        }
        Err(StoreError::Conflict { .. }) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// The celebration a just-recorded success earns when it is the rung's
/// [`MASTERED_AFTER`]th.
pub(crate) async fn rung_reached<T: Transaction>(
    tx: &mut T,
    attempt: &Attempt,
    rung_title: &str,
) -> Result<Option<CelebrationView>, AppError> {
    let Some(record) = attempt.record.as_ref().filter(|r| r.outcome == Outcome::Success) else {
        return Ok(None);
    };
    let stats = tx.rung_stats(attempt.goal_id).await?;
    let successes = stats.iter().find(|s| s.challenge_id == attempt.challenge_id).map_or(0, |s| s.successes);
    if successes < MASTERED_AFTER {
        return Ok(None);
    }
    let title = format!("Rung mastered: {rung_title} ({})", count(successes, "success", "successes"));
    let subject = attempt.challenge_id.to_string();
    celebrate(tx, milestone(attempt.domain_id, CelebrationKind::Rung, subject, title, record.recorded_at)).await
}

/// The celebration of a finished goal.
pub(crate) async fn goal_done<T: Transaction>(
    tx: &mut T,
    goal: &Goal,
    at: Timestamp,
) -> Result<Option<CelebrationView>, AppError> {
    let title = format!("Goal reached: {}", goal.statement);
    celebrate(tx, milestone(goal.domain_id, CelebrationKind::Goal, goal.id.to_string(), title, at)).await
}

impl<S: Store> App<S> {
    /// Celebrations of one domain or all, newest first.
    pub async fn celebrations(&self, domain: Option<&str>) -> Result<Vec<CelebrationView>, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::optional_domain(&mut tx, domain).await?;
        let domains = tx.domains().await?;
        celebrations_in(&mut tx, domain.as_ref(), &domains).await
    }

    /// One celebration (`reference`: its id or `last`).
    pub async fn show_celebration(&self, reference: &str) -> Result<CelebrationView, AppError> {
        let mut tx = self.read().await?;
        let celebration = find(&mut tx, reference).await?;
        let domain = tx
            .domain(celebration.domain_id)
            .await?
            .ok_or_else(|| crate::missing("domain", celebration.domain_id))?
            .slug;
        Ok(CelebrationView::new(&celebration, &domain))
    }

    /// Names the effort and strategy behind a celebration (`reference`: its id or `last`),
    /// replacing what it said: the web's form shows the saved words to edit.
    pub async fn reflect(
        &self,
        reference: &str,
        effort: Option<&str>,
        strategy: Option<&str>,
    ) -> Result<CelebrationView, AppError> {
        self.reflect_on(reference, effort, strategy, true).await
    }

    /// Names the effort and strategy behind a celebration (`reference`: its id, or `last` for
    /// the newest not yet reflected on). Words already saved are replaced only with `replace`;
    /// without it that is refused and nothing is written.
    pub async fn reflect_on(
        &self,
        reference: &str,
        effort: Option<&str>,
        strategy: Option<&str>,
        replace: bool,
    ) -> Result<CelebrationView, AppError> {
        let (effort, strategy) = reflection(effort, strategy)?;
        let mut tx = self.write().await?;
        let mut celebration = find(&mut tx, reference).await?;
        if !replace && celebration.overwritten_by(effort.as_deref(), strategy.as_deref()) {
            return Err(AppError::refused(format!(
                "'{}' already has a reflection ({}); replacing it needs a yes",
                celebration.title,
                reflection_words(celebration.effort.as_deref(), celebration.strategy.as_deref())
            )));
        }
        let before = AnyRecord::Celebration(celebration.clone());
        celebration.effort = effort.or(celebration.effort);
        celebration.strategy = strategy.or(celebration.strategy);
        tx.update_celebration(&celebration).await?;
        let summary = format!("Reflected on '{}'", celebration.title);
        let after = vec![AnyRecord::Celebration(celebration.clone())];
        crate::revise::journal(&mut tx, self.clock.now().timestamp(), summary, vec![before], after).await?;
        let domain = tx
            .domain(celebration.domain_id)
            .await?
            .ok_or_else(|| crate::missing("domain", celebration.domain_id))?
            .slug;
        tx.commit().await?;
        Ok(CelebrationView::new(&celebration, &domain))
    }
}

/// Checks a reflection before anything is looked up or asked: some effort or strategy, each a
/// valid text.
pub fn check_reflection(effort: Option<&str>, strategy: Option<&str>) -> Result<(), AppError> {
    reflection(effort, strategy).map(|_| ())
}

/// The effort and strategy of a reflection, trimmed; at least one is given.
fn reflection(effort: Option<&str>, strategy: Option<&str>) -> Result<(Option<String>, Option<String>), AppError> {
    let effort = optional_text(Field::Effort, effort)?;
    let strategy = optional_text(Field::Strategy, strategy)?;
    if effort.is_none() && strategy.is_none() {
        return Err(ValidationError::NothingProduced.into());
    }
    Ok((effort, strategy))
}

/// The celebrations of one domain or all, read in `tx`.
pub(crate) async fn celebrations_in<T: Transaction>(
    tx: &mut T,
    domain: Option<&Domain>,
    domains: &[Domain],
) -> Result<Vec<CelebrationView>, AppError> {
    let slugs = slugs_of(domains);
    let found = tx.celebrations(domain.map(|d| d.id)).await?;
    found.iter().map(|c| Ok(CelebrationView::new(c, crate::slug_in(&slugs, c.domain_id)?))).collect()
}

/// The celebration `reference` names: its id, or `last` for the newest not yet reflected on
/// (so a second `reflect last` moves on instead of overwriting the first).
async fn find<T: Transaction>(tx: &mut T, reference: &str) -> Result<Celebration, AppError> {
    if reference.trim().eq_ignore_ascii_case("last") {
        let all = tx.celebrations(None).await?;
        let hint = if all.is_empty() {
            "nothing is celebrated yet"
        } else {
            "every celebration is reflected on; name one by its id (`mastery celebrations` lists them) to change it"
        };
        return all.into_iter().find(|c| !c.is_reflected()).ok_or_else(|| AppError::NotFound {
            entity: "celebration without a reflection",
            reference: reference.to_owned(),
            hint: hint.to_owned(),
        });
    }
    match reference.trim().parse() {
        Ok(id) => tx.celebration(id).await?,
        Err(_) => None,
    }
    .ok_or_else(|| AppError::NotFound {
        entity: "celebration",
        reference: reference.to_owned(),
        hint: "use a celebration's id, or last for the latest not yet reflected on".to_owned(),
    })
}
