//! Corrections to what a person wrote: a domain's name, a goal's statement or deadline, a rung's
//! title, difficulty, criterion or place, an attempt's forecast and record, and reopening a goal
//! marked reached by mistake. Each is validated as a new record would be, written in one
//! transaction with a journal entry, so `undo` can take it back.

use mastery_domain::Field;
use mastery_domain::ValidationError;
use mastery_domain::attempt::{Attribution, Cause, Control, Locus, Outcome, Stability};
use mastery_domain::domain::LifeArea;
use mastery_domain::goal::{check_deadline, check_target_success};
use mastery_domain::measure::{Confidence, Difficulty, Rating};
use mastery_domain::record::Tombstone;
use mastery_domain::text::{Name, optional_text};
use mastery_domain::when::{Lean, parse_date};
use mastery_store::{CelebrationTx, RevisionTx, Store, Transaction};

use crate::records::AnyRecord;
use crate::revise::journal;
use crate::views::{AttemptView, ChallengeView, DomainView, GoalView};
use crate::{App, AppError, resolve};

/// A domain's fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct DomainEdit {
    pub name: Option<String>,
    pub area: Option<LifeArea>,
    /// An empty text clears it.
    pub description: Option<String>,
}

/// A goal's fields to change; `None` leaves a field as it is, an empty text clears it.
#[derive(Debug, Clone, Default)]
pub struct GoalEdit {
    pub statement: Option<String>,
    pub deadline: Option<String>,
    pub why: Option<String>,
    pub target_success: Option<f64>,
}

/// A rung's fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ChallengeEdit {
    pub title: Option<String>,
    pub difficulty: Option<Difficulty>,
    /// An empty text clears it.
    pub criterion: Option<String>,
}

/// An attempt's fields to change; `None` leaves a field as it is, an empty text clears it.
/// The record's fields apply only to an attempt that has an outcome.
#[derive(Debug, Clone, Default)]
pub struct AttemptEdit {
    pub confidence: Option<Confidence>,
    pub outcome: Option<Outcome>,
    pub effort: Option<Rating>,
    pub did: Option<String>,
    pub because: Option<String>,
    pub cause: Option<Cause>,
    pub locus: Option<Locus>,
    pub stability: Option<Stability>,
    pub control: Option<Control>,
    pub lesson: Option<String>,
    /// When the outcome happened, as typed.
    pub recorded_at: Option<String>,
}

impl AttemptEdit {
    fn touches_record(&self) -> bool {
        self.outcome.is_some()
            || self.effort.is_some()
            || self.did.is_some()
            || self.because.is_some()
            || self.cause.is_some()
            || self.locus.is_some()
            || self.stability.is_some()
            || self.control.is_some()
            || self.lesson.is_some()
            || self.recorded_at.is_some()
    }
}

/// `Some(new)` (cleared when empty) or the value as it was.
pub(crate) fn text_edit(
    field: mastery_domain::Field,
    edit: Option<&str>,
    old: Option<String>,
) -> Result<Option<String>, AppError> {
    match edit {
        Some(text) => Ok(optional_text(field, Some(text))?),
        None => Ok(old),
    }
}

impl<S: Store> App<S> {
    pub async fn edit_domain(&self, reference: &str, edit: DomainEdit) -> Result<DomainView, AppError> {
        let mut tx = self.write().await?;
        let before = resolve::domain(&mut tx, reference).await?;
        let mut domain = before.clone();
        if let Some(name) = &edit.name {
            domain.name = Name::parse(Field::DomainName, name)?;
            domain.slug = domain.name.slug().ok_or(ValidationError::NoSlug { field: Field::DomainName })?;
        }
        domain.area = edit.area.unwrap_or(domain.area);
        domain.description = text_edit(Field::Description, edit.description.as_deref(), domain.description)?;
        tx.update_domain(&domain).await?;
        let summary = format!("Edited domain '{}'", domain.name);
        self.finish(tx, summary, AnyRecord::Domain(before), AnyRecord::Domain(domain.clone())).await?;
        Ok(DomainView::from(&domain))
    }

    pub async fn edit_goal(&self, reference: &str, edit: GoalEdit) -> Result<GoalView, AppError> {
        let today = self.clock.now().date();
        let mut tx = self.write().await?;
        let before = resolve::goal(&mut tx, reference).await?;
        let mut goal = before.clone();
        if let Some(statement) = &edit.statement {
            goal.statement = Name::parse(Field::GoalStatement, statement)?;
            goal.slug = goal.statement.slug().ok_or(ValidationError::NoSlug { field: Field::GoalStatement })?;
        }
        if let Some(deadline) = edit.deadline.as_deref().map(str::trim) {
            goal.deadline = match deadline.is_empty() {
                true => None,
                false => Some(check_deadline(parse_date(deadline, today, Lean::Future)?, today)?),
            };
        }
        goal.why = text_edit(Field::Why, edit.why.as_deref(), goal.why)?;
        if let Some(share) = edit.target_success {
            goal.target_success = Some(check_target_success(share)?);
        }
        tx.update_goal(&goal).await?;
        let domain = resolve::domain(&mut tx, &goal.domain_id.to_string()).await?;
        let summary = format!("Edited goal '{}'", goal.statement);
        self.finish(tx, summary, AnyRecord::Goal(before), AnyRecord::Goal(goal.clone())).await?;
        Ok(GoalView::new(&goal, &domain.slug))
    }

    /// Takes back "reached" from a goal, and the celebration that came with it.
    pub async fn reopen_goal(&self, reference: &str) -> Result<GoalView, AppError> {
        let mut tx = self.write().await?;
        let before = resolve::goal(&mut tx, reference).await?;
        let domain = resolve::domain(&mut tx, &before.domain_id.to_string()).await?;
        if before.done_at.is_none() {
            return Err(AppError::refused(format!(
                "goal '{}' is open already; `mastery goal done {}` marks it reached",
                before.statement, before.slug
            )));
        }
        let goal = mastery_domain::goal::Goal { done_at: None, ..before.clone() };
        tx.update_goal(&goal).await?;
        let subject = goal.id.to_string();
        let celebrated = tx.celebrations(Some(goal.domain_id)).await?.into_iter().find(|c| c.subject == subject);
        let mut old = vec![AnyRecord::Goal(before)];
        let now = self.clock.now().timestamp();
        if let Some(celebration) = celebrated {
            let record = AnyRecord::Celebration(celebration);
            tx.delete_record(record.reference()).await?;
            tx.insert_tombstone(&Tombstone { record: record.reference(), deleted_at: now }).await?;
            old.push(record);
        }
        let summary = format!("Reopened goal '{}'", goal.statement);
        journal(&mut tx, now, summary, old, vec![AnyRecord::Goal(goal.clone())]).await?;
        tx.commit().await?;
        Ok(GoalView::new(&goal, &domain.slug))
    }

    pub async fn edit_challenge(&self, reference: &str, edit: ChallengeEdit) -> Result<ChallengeView, AppError> {
        let mut tx = self.write().await?;
        let before = resolve::challenge(&mut tx, reference).await?;
        let mut rung = before.clone();
        if let Some(title) = &edit.title {
            rung.title = Name::parse(Field::ChallengeTitle, title)?;
            rung.slug = rung.title.slug().ok_or(ValidationError::NoSlug { field: Field::ChallengeTitle })?;
        }
        rung.difficulty = edit.difficulty.unwrap_or(rung.difficulty);
        rung.criterion = text_edit(Field::Criterion, edit.criterion.as_deref(), rung.criterion)?;
        tx.update_challenge(&rung).await?;
        let summary = format!("Edited rung '{}'", rung.title);
        self.finish(tx, summary, AnyRecord::Challenge(before), AnyRecord::Challenge(rung.clone())).await?;
        Ok(ChallengeView::from(&rung))
    }

    /// Corrects an attempt's forecast (its confidence) and, once it has one, its record.
    pub async fn edit_attempt(&self, reference: &str, edit: AttemptEdit) -> Result<AttemptView, AppError> {
        let recorded_at =
            edit.recorded_at.as_deref().map(|at| self.event_time(Field::OutcomeTime, Some(at))).transpose()?;
        let mut tx = self.write().await?;
        let before = match reference.trim().eq_ignore_ascii_case("last") {
            true => crate::revise::latest_attempt(&mut tx).await?,
            false => resolve::attempt(&mut tx, reference).await?,
        };
        let mut attempt = before.clone();
        attempt.forecast.confidence = edit.confidence.unwrap_or(attempt.forecast.confidence);
        if edit.touches_record() {
            let Some(record) = attempt.record.as_mut() else {
                return Err(AppError::refused(format!(
                    "attempt {} has no outcome yet: record it with `mastery attempt record {}`",
                    attempt.id, attempt.id
                )));
            };
            if let Some(at) = &recorded_at {
                if at.timestamp() < attempt.forecast.planned_at {
                    return Err(ValidationError::RecordedBeforePlanned {
                        planned: attempt.forecast.planned_at.to_string(),
                        recorded: at.timestamp().to_string(),
                    }
                    .into());
                }
                record.recorded_at = at.timestamp();
            }
            record.outcome = edit.outcome.unwrap_or(record.outcome);
            record.effort = edit.effort.or(record.effort);
            record.did = text_edit(Field::Did, edit.did.as_deref(), record.did.take())?;
            record.because = text_edit(Field::Because, edit.because.as_deref(), record.because.take())?;
            record.lesson = text_edit(Field::Lesson, edit.lesson.as_deref(), record.lesson.take())?;
            let old = record.attribution;
            let cause = edit.cause.or(old.cause);
            // A new cause brings its usual placement unless one is given.
            record.attribution = match edit.cause {
                Some(_) => Attribution::new(cause, edit.locus, edit.stability, edit.control),
                None => Attribution::new(
                    cause,
                    edit.locus.or(old.locus),
                    edit.stability.or(old.stability),
                    edit.control.or(old.control),
                ),
            };
        }
        tx.update_attempt(&attempt).await?;
        let rung = tx.challenge(attempt.challenge_id).await?;
        let title = rung.as_ref().map_or("", |r| r.title.as_str()).to_owned();
        let title = title.as_str();
        let summary = format!("Edited the attempt of {} on '{title}'", attempt.forecast.planned_on);
        let domain = resolve::domain(&mut tx, &attempt.domain_id.to_string()).await?;
        let view = AttemptView::new(&attempt, title, &domain.slug);
        self.finish(tx, summary, AnyRecord::Attempt(Box::new(before)), AnyRecord::Attempt(Box::new(attempt))).await?;
        Ok(view)
    }

    /// Journals a one-record change and commits.
    pub(crate) async fn finish(
        &self,
        mut tx: S::Tx,
        summary: String,
        before: AnyRecord,
        after: AnyRecord,
    ) -> Result<(), AppError> {
        let now = self.clock.now().timestamp();
        journal(&mut tx, now, summary, vec![before], vec![after]).await?;
        tx.commit().await?;
        Ok(())
    }
}
