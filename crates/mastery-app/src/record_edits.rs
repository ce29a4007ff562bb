//! Corrections to the records that hang off a domain or a day: a backfilled success, a role
//! model, feedback, a practice session, an audit's answers and date, and a check-in's measures.
//! Each field is checked as when the record was added, and the change is written in one
//! transaction with a journal entry, so `undo` takes it back. The record keeps its id and its
//! domain; a record in the wrong domain is deleted and added again.

use mastery_domain::Field;
use mastery_domain::audit::{Every, check_count};
use mastery_domain::checkin::Measures;
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::measure::{Confidence, Rating};
use mastery_domain::practice::session_minutes;
use mastery_domain::text::{Name, required_text};
use mastery_store::{PracticeTx, Store, Transaction};

use crate::edits::text_edit;
use crate::records::AnyRecord;
use crate::revise::pick;
use crate::views::{AuditView, CheckinView, EvidenceView, FeedbackView, PracticeSessionView, RoleModelView};
use crate::{App, AppError, resolve};

/// A backfilled success's fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct EvidenceEdit {
    pub title: Option<String>,
    /// An empty text clears it.
    pub did: Option<String>,
    /// When it happened, as typed.
    pub at: Option<String>,
}

/// A role model's fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct RoleModelEdit {
    pub name: Option<String>,
    pub similarity: Option<Rating>,
    /// An empty text clears it.
    pub process: Option<String>,
}

/// Feedback's fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct FeedbackEdit {
    pub from: Option<String>,
    pub text: Option<String>,
    pub credibility: Option<Rating>,
    pub specificity: Option<Specificity>,
    pub valence: Option<Valence>,
    /// When it was received, as typed.
    pub at: Option<String>,
}

/// A practice session's fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PracticeEdit {
    pub minutes: Option<u32>,
    /// An empty text clears it.
    pub note: Option<String>,
    /// When it happened, as typed; its day follows.
    pub at: Option<String>,
}

/// An audit's fields to change; `None` leaves a field as it is. The scale stays the one answered.
#[derive(Debug, Clone, Default)]
pub struct AuditEdit {
    /// One rating per item of its scale, easy → hard.
    pub answers: Option<Vec<Confidence>>,
    /// When it was taken, as typed.
    pub at: Option<String>,
    /// When the next audit falls due.
    pub every: Option<Every>,
}

/// A check-in's measures to change: each one given replaces the day's, the others stay; with
/// `all`, the measures replace the day's whole set (one left out is cleared, and one at least is
/// needed, as for a new check-in). The day stays the same (one check-in a day).
#[derive(Debug, Clone, Default)]
pub struct CheckinEdit {
    pub measures: Measures,
    pub all: bool,
}

impl<S: Store> App<S> {
    /// Corrects a success entered after the fact (id, or `last`).
    pub async fn edit_evidence(&self, reference: &str, edit: EvidenceEdit) -> Result<EvidenceView, AppError> {
        let at = edit.at.as_deref().map(|at| self.event_time(Field::SuccessDate, Some(at))).transpose()?;
        let mut tx = self.write().await?;
        let before = pick(tx.backfilled_evidence().await?, reference, |e| e.id.to_string(), "success")?;
        let mut evidence = before.clone();
        if let Some(title) = &edit.title {
            evidence.title = required_text(Field::Success, title)?;
        }
        evidence.did = text_edit(Field::Did, edit.did.as_deref(), evidence.did)?;
        if let Some(at) = at {
            (evidence.at, evidence.on) = (at.timestamp(), at.date());
        }
        let domain = resolve::domain(&mut tx, &evidence.domain_id.to_string()).await?;
        let view = EvidenceView::backfilled(&evidence, &domain.slug);
        let summary = format!("Edited the success '{}'", evidence.title);
        self.save_edit(tx, summary, AnyRecord::Evidence(before), AnyRecord::Evidence(evidence)).await?;
        Ok(view)
    }

    /// Corrects a role model (by id, or `last`).
    pub async fn edit_role_model(&self, reference: &str, edit: RoleModelEdit) -> Result<RoleModelView, AppError> {
        let mut tx = self.write().await?;
        let before = pick(tx.role_models(None).await?, reference, |r| r.id.to_string(), "role model")?;
        let mut model = before.clone();
        if let Some(name) = &edit.name {
            model.name = Name::parse(Field::RoleModelName, name)?;
        }
        model.similarity = edit.similarity.or(model.similarity);
        model.process = text_edit(Field::Process, edit.process.as_deref(), model.process)?;
        let domain = resolve::domain(&mut tx, &model.domain_id.to_string()).await?;
        let view = RoleModelView::new(&model, &domain.slug);
        let summary = format!("Edited the role model '{}'", model.name);
        self.save_edit(tx, summary, AnyRecord::RoleModel(before), AnyRecord::RoleModel(model)).await?;
        Ok(view)
    }

    /// Corrects feedback received (by id, or `last`).
    pub async fn edit_feedback(&self, reference: &str, edit: FeedbackEdit) -> Result<FeedbackView, AppError> {
        let at = edit.at.as_deref().map(|at| self.event_time(Field::FeedbackTime, Some(at))).transpose()?;
        let mut tx = self.write().await?;
        let before = pick(tx.feedback(None).await?, reference, |f| f.id.to_string(), "feedback")?;
        let mut feedback = before.clone();
        if let Some(from) = &edit.from {
            feedback.from = Name::parse(Field::FeedbackGiver, from)?;
        }
        if let Some(text) = &edit.text {
            feedback.text = required_text(Field::FeedbackText, text)?;
        }
        feedback.credibility = edit.credibility.or(feedback.credibility);
        feedback.specificity = edit.specificity.or(feedback.specificity);
        feedback.valence = edit.valence.or(feedback.valence);
        feedback.received_at = at.map_or(feedback.received_at, |at| at.timestamp());
        let domain = resolve::domain(&mut tx, &feedback.domain_id.to_string()).await?;
        let view = FeedbackView::new(&feedback, &domain.slug);
        let summary = format!("Edited the feedback from {}", feedback.from);
        self.save_edit(tx, summary, AnyRecord::Feedback(before), AnyRecord::Feedback(feedback)).await?;
        Ok(view)
    }

    /// Corrects a practice session (by id, or `last`).
    pub async fn edit_practice_session(
        &self,
        reference: &str,
        edit: PracticeEdit,
    ) -> Result<PracticeSessionView, AppError> {
        let minutes = edit.minutes.map(|m| session_minutes(&m.to_string())).transpose()?;
        let at = edit.at.as_deref().map(|at| self.event_time(Field::PracticeTime, Some(at))).transpose()?;
        let mut tx = self.write().await?;
        let before = pick(tx.practice_sessions(None).await?, reference, |s| s.id.to_string(), "practice session")?;
        let mut session = before.clone();
        session.minutes = minutes.unwrap_or(session.minutes);
        session.note = text_edit(Field::Note, edit.note.as_deref(), session.note)?;
        if let Some(at) = at {
            (session.at, session.on) = (at.timestamp(), at.date());
        }
        let domain = resolve::domain(&mut tx, &session.domain_id.to_string()).await?;
        let view = PracticeSessionView::new(&session, &domain.slug);
        let summary = format!("Edited the practice session of {} ({} min)", session.on, session.minutes);
        self.save_edit(tx, summary, AnyRecord::PracticeSession(before), AnyRecord::PracticeSession(session)).await?;
        Ok(view)
    }

    /// Corrects an audit's answers, date or re-audit interval (by id, or `last`); the answers
    /// must fit the scale it was taken on.
    pub async fn edit_audit(&self, reference: &str, edit: AuditEdit) -> Result<AuditView, AppError> {
        let at = edit.at.as_deref().map(|at| self.event_time(Field::AuditTime, Some(at))).transpose()?;
        let mut tx = self.write().await?;
        let before = pick(tx.audits(None).await?, reference, |a| a.id.to_string(), "audit")?;
        let mut audit = before.clone();
        if let Some(answers) = edit.answers {
            let items = crate::audits::scale_items(&mut tx, &audit.scale_id).await?;
            check_count(&audit.scale_id, items, &answers)?;
            audit.answers = answers;
        }
        if let Some(at) = at {
            (audit.taken_at, audit.taken_on) = (at.timestamp(), at.date());
        }
        audit.every = edit.every.unwrap_or(audit.every);
        let domain = resolve::domain(&mut tx, &audit.domain_id.to_string()).await?;
        let earlier = tx.audits(Some(domain.id)).await?;
        let first = earlier.iter().filter(|a| a.id != audit.id).all(|a| a.taken_at > audit.taken_at);
        let view = AuditView::new(&audit, &domain.slug, first);
        let summary = format!("Edited the audit of {}", audit.taken_on);
        self.save_edit(tx, summary, AnyRecord::Audit(before), AnyRecord::Audit(audit)).await?;
        Ok(view)
    }

    /// Corrects a check-in's measures (by id, or `last`).
    pub async fn edit_checkin(&self, reference: &str, edit: CheckinEdit) -> Result<CheckinView, AppError> {
        let mut tx = self.write().await?;
        let before = pick(tx.checkins().await?, reference, |c| c.id.to_string(), "check-in")?;
        let measures = match edit.all {
            true => edit.measures.require_any()?,
            false => before.measures.updated_with(edit.measures),
        };
        let checkin = mastery_domain::checkin::Checkin { measures, ..before.clone() };
        let view = CheckinView::from(&checkin);
        let summary = format!("Edited the check-in of {}", checkin.on);
        self.save_edit(tx, summary, AnyRecord::Checkin(before), AnyRecord::Checkin(checkin)).await?;
        Ok(view)
    }

    /// Writes `after` over `before` (a leaf record: by deleting and adding it), journals the
    /// change and commits.
    async fn save_edit(
        &self,
        mut tx: S::Tx,
        summary: String,
        before: AnyRecord,
        after: AnyRecord,
    ) -> Result<(), AppError> {
        after.replace(&mut tx).await?;
        self.finish(tx, summary, before, after).await
    }
}
