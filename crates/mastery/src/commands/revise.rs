//! `… edit`, `goal reopen`, `delete` and `undo`: correcting the record.

use anyhow::Result;
use mastery_app::{
    App, AttemptEdit, AuditEdit, ChallengeEdit, CheckinEdit, Deletion, DomainEdit, EvidenceEdit, FeedbackEdit,
    GoalEdit, PracticeEdit, RoleModelEdit,
};
use mastery_store_sqlite::SqliteStore;

use super::{local_day, measures_in_words};
use crate::cli::{
    After, AttemptEditArgs, AuditEditArgs, ChallengeEditArgs, CheckinEditArgs, DeleteArgs, DeleteKind, DomainEditArgs,
    EvidenceEditArgs, FeedbackEditArgs, GoalEditArgs, ModelEditArgs, PracticeEditArgs,
};
use crate::output::Output;
use crate::prompt::Prompter;

pub async fn delete(app: &App<SqliteStore>, args: DeleteArgs, ask: Prompter, out: &mut Output) -> Result<()> {
    let DeleteArgs { kind, reference, yes } = args;
    let what = match kind {
        DeleteKind::Domain => Deletion::Domain(reference),
        DeleteKind::Goal => Deletion::Goal(reference),
        DeleteKind::Challenge => Deletion::Challenge(reference),
        DeleteKind::Attempt => Deletion::Attempt(reference),
        DeleteKind::Evidence => Deletion::Evidence(reference),
        DeleteKind::Checkin => Deletion::Checkin(reference),
        DeleteKind::Model => Deletion::RoleModel(reference),
        DeleteKind::Feedback => Deletion::Feedback(reference),
        DeleteKind::Audit => Deletion::Audit(reference),
        DeleteKind::Practice => Deletion::PracticeSession(reference),
        DeleteKind::Review => Deletion::Review(reference),
    };
    let plan = app.plan_deletion(&what).await?;
    if plan.cascades {
        let question = format!("{}?", plan.summary.replacen("Deleted", "Delete", 1));
        if !ask.go_ahead(yes, &question, "--yes to delete all of it")? {
            return out.emit(&plan, |h| h.line("Nothing deleted.")).map_err(Into::into);
        }
    }
    let done = app.delete(&what).await?;
    out.emit(&done, |h| {
        h.line(format!("{}.", done.summary))?;
        h.line("Changed your mind? mastery undo")
    })?;
    Ok(())
}

pub async fn undo(app: &App<SqliteStore>, out: &mut Output) -> Result<()> {
    let undone = app.undo().await?;
    out.emit(&undone, |h| match &undone {
        Some(undo) => h.line(format!("Undid: {}.", undo.undid)),
        None => h.line("Nothing to undo: no change is left in the journal."),
    })?;
    Ok(())
}

pub async fn edit_domain(app: &App<SqliteStore>, args: DomainEditArgs, out: &mut Output) -> Result<()> {
    let DomainEditArgs { domain, name, area, description } = args;
    let view = app.edit_domain(&domain, DomainEdit { name, area, description }).await?;
    out.emit(&view, |h| h.line(format!("Saved domain {} [{}].", h.bold(&view.name), view.slug)))?;
    Ok(())
}

pub async fn edit_goal(app: &App<SqliteStore>, args: GoalEditArgs, out: &mut Output) -> Result<()> {
    let GoalEditArgs { goal, statement, deadline, why, success_target } = args;
    let edit = GoalEdit { statement, deadline, why, target_success: success_target };
    let view = app.edit_goal(&goal, edit).await?;
    out.emit(&view, |h| h.line(format!("Saved goal {} [{}].", h.bold(&view.statement), view.slug)))?;
    Ok(())
}

pub async fn reopen_goal(app: &App<SqliteStore>, goal: &str, out: &mut Output) -> Result<()> {
    let view = app.reopen_goal(goal).await?;
    out.emit(&view, |h| h.line(format!("Goal {} is open again.", h.bold(&view.statement))))?;
    Ok(())
}

pub async fn edit_challenge(app: &App<SqliteStore>, args: ChallengeEditArgs, out: &mut Output) -> Result<()> {
    let ChallengeEditArgs { challenge, title, difficulty, criterion } = args;
    let view = app.edit_challenge(&challenge, ChallengeEdit { title, difficulty, criterion }).await?;
    out.emit(&view, |h| {
        h.line(format!("Saved rung {} [{}] at difficulty {}.", h.bold(&view.title), view.slug, view.difficulty))
    })?;
    Ok(())
}

pub async fn edit_attempt(app: &App<SqliteStore>, args: AttemptEditArgs, out: &mut Output) -> Result<()> {
    let AttemptEditArgs { attempt, confidence, after } = args;
    let After { outcome, effort, did, because, cause, locus, stability, control, lesson, recorded_at } = after;
    let edit = AttemptEdit {
        confidence,
        outcome,
        effort,
        did,
        because,
        cause,
        locus,
        stability,
        control,
        lesson,
        recorded_at,
    };
    let view = app.edit_attempt(&attempt, edit).await?;
    out.emit(&view, |h| h.line(format!("Saved the attempt on {} ({}).", h.bold(&view.challenge), view.id)))?;
    Ok(())
}

pub async fn edit_evidence(app: &App<SqliteStore>, args: EvidenceEditArgs, out: &mut Output) -> Result<()> {
    let EvidenceEditArgs { record, text, did, at } = args;
    let view = app.edit_evidence(&record.id, EvidenceEdit { title: text, did, at }).await?;
    out.emit(&view, |h| {
        h.line(format!("Saved the success {} ({}, {}).", h.bold(&view.title), view.domain, local_day(view.at)))
    })?;
    Ok(())
}

pub async fn edit_model(app: &App<SqliteStore>, args: ModelEditArgs, out: &mut Output) -> Result<()> {
    let ModelEditArgs { record, name, similarity, process } = args;
    let view = app.edit_role_model(&record.id, RoleModelEdit { name, similarity, process }).await?;
    out.emit(&view, |h| h.line(format!("Saved role model {} ({}).", h.bold(&view.name), view.domain)))?;
    Ok(())
}

pub async fn edit_feedback(app: &App<SqliteStore>, args: FeedbackEditArgs, out: &mut Output) -> Result<()> {
    let FeedbackEditArgs { record, from, text, traits, at } = args;
    let (credibility, specificity, valence) = (traits.credibility, traits.specificity(), traits.valence);
    let edit = FeedbackEdit { from, text, credibility, specificity, valence, at };
    let view = app.edit_feedback(&record.id, edit).await?;
    out.emit(&view, |h| h.line(format!("Saved the feedback from {} ({}).", h.bold(&view.from), view.domain)))?;
    Ok(())
}

pub async fn edit_practice(app: &App<SqliteStore>, args: PracticeEditArgs, out: &mut Output) -> Result<()> {
    let PracticeEditArgs { record, minutes, note, at } = args;
    crate::safety::notice(note.as_deref());
    let view = app.edit_practice_session(&record.id, PracticeEdit { minutes, note, at }).await?;
    out.emit(&view, |h| {
        h.line(format!("Saved the session: {} minutes of {} on {}.", view.minutes, view.domain, view.on))
    })?;
    Ok(())
}

pub async fn edit_audit(app: &App<SqliteStore>, args: AuditEditArgs, out: &mut Output) -> Result<()> {
    let AuditEditArgs { record, answers, at, every } = args;
    let view = app.edit_audit(&record.id, AuditEdit { answers: answers.map(|a| a.0), at, every }).await?;
    out.emit(&view, |h| {
        h.line(format!(
            "Saved the audit of {} on {}: strength {:.1}.",
            view.domain,
            local_day(view.taken_at),
            view.strength
        ))
    })?;
    Ok(())
}

pub async fn edit_checkin(app: &App<SqliteStore>, args: CheckinEditArgs, out: &mut Output) -> Result<()> {
    let CheckinEditArgs { record, measures } = args;
    let view = app.edit_checkin(&record.id, CheckinEdit { measures: measures.measures(), all: false }).await?;
    out.emit(&view, |h| h.line(format!("Saved the check-in of {}: {}.", view.on, measures_in_words(&view))))?;
    Ok(())
}
