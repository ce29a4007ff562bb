//! `checkin`, `model add` and `feedback add`.

use anyhow::Result;
use mastery_app::{App, NewCheckin, NewFeedback, NewRoleModel};
use mastery_domain::checkin::Measures;
use mastery_store_sqlite::SqliteStore;

use crate::cli::{CheckinArgs, FeedbackCommand, ModelCommand};
use crate::output::Output;

pub async fn checkin(app: &App<SqliteStore>, args: CheckinArgs, out: &mut Output) -> Result<()> {
    let measures = Measures {
        sleep_hours: args.sleep,
        exercise_minutes: args.exercise,
        stress: args.stress,
        energy: args.energy,
        mood: args.mood,
    };
    let view = app.checkin(NewCheckin { measures, at: args.at }).await?;
    out.emit(&view, |h| h.line(format!("Check-in saved for {}.", view.on)))?;
    Ok(())
}

pub async fn model(app: &App<SqliteStore>, cmd: ModelCommand, out: &mut Output) -> Result<()> {
    let ModelCommand::Add { name, domain, similarity, process } = cmd;
    let view = app.add_role_model(NewRoleModel { domain, name, similarity, process }).await?;
    out.emit(&view, |h| h.line(format!("Added role model {} for {}.", h.bold(&view.name), view.domain)))?;
    Ok(())
}

pub async fn feedback(app: &App<SqliteStore>, cmd: FeedbackCommand, out: &mut Output) -> Result<()> {
    let FeedbackCommand::Add { domain, from, credibility, specific, general, valence, text, at } = cmd;
    let specificity = FeedbackCommand::specificity(specific, general);
    let view = app.add_feedback(NewFeedback { domain, from, credibility, specificity, valence, text, at }).await?;
    out.emit(&view, |h| h.line(format!("Saved feedback from {} in {}.", h.bold(&view.from), view.domain)))?;
    Ok(())
}
