//! `checkin`, `model add | list` and `feedback add | list | request`.

use anyhow::Result;
use mastery_app::{App, FeedbackRequest, NewCheckin, NewFeedback, NewRoleModel};
use mastery_store_sqlite::SqliteStore;

use super::{local_day, measures_in_words};
use crate::cli::{CheckinArgs, CheckinCommand, FeedbackCommand, FeedbackRequestArgs, ModelCommand};
use crate::output::Output;

pub async fn checkin(app: &App<SqliteStore>, args: CheckinArgs, out: &mut Output) -> Result<()> {
    match args.command {
        Some(CheckinCommand::List { since, last }) => {
            let checkins = app.checkin_list(since.as_deref(), last).await?;
            out.emit(&checkins, |h| {
                if checkins.is_empty() {
                    return h.line("No check-ins yet: mastery checkin --sleep H --stress 1-5 --energy 1-5 --mood 1-5");
                }
                checkins.iter().try_for_each(|c| h.line(format!("{}  {}", c.on, measures_in_words(c))))
            })?;
            return Ok(());
        }
        Some(CheckinCommand::Edit(edit)) => return super::revise::edit_checkin(app, edit, out).await,
        None => {}
    }
    let view = app.checkin(NewCheckin { measures: args.measures.measures(), at: args.at }).await?;
    out.emit(&view, |h| {
        let day = if view.on == jiff::Zoned::now().date() { "today's".to_owned() } else { format!("{}'s", view.on) };
        match view.updated {
            true => h.line(format!("Updated {day} check-in (one a day): {}.", measures_in_words(&view))),
            false => h.line(format!("Check-in saved for {}: {}.", view.on, measures_in_words(&view))),
        }
    })?;
    Ok(())
}

pub async fn model(app: &App<SqliteStore>, cmd: ModelCommand, out: &mut Output) -> Result<()> {
    match cmd {
        ModelCommand::Add { name, domain, similarity, process } => {
            let view = app.add_role_model(NewRoleModel { domain, name, similarity, process }).await?;
            out.emit(&view, |h| h.line(format!("Added role model {} for {}.", h.bold(&view.name), view.domain)))?;
        }
        ModelCommand::Edit(edit) => super::revise::edit_model(app, edit, out).await?,
        ModelCommand::List(args) => {
            let models = app.role_models(args.domain.as_deref()).await?;
            out.emit(&models, |h| {
                if models.is_empty() {
                    return h.line("No role models yet. Someone similar to you who did it, and how: `mastery model add NAME --domain DOMAIN --similarity 1-5 --process \"how they did it\"`.");
                }
                for model in &models {
                    let similarity = model.similarity.map(|s| format!(", similarity {s}/5")).unwrap_or_default();
                    h.line(format!("{} ({}{similarity})", h.bold(&model.name), model.domain))?;
                    if let Some(process) = &model.process {
                        h.line(format!("    how: {process}"))?;
                    }
                }
                Ok(())
            })?;
        }
    }
    Ok(())
}

pub async fn feedback(app: &App<SqliteStore>, cmd: FeedbackCommand, out: &mut Output) -> Result<()> {
    match cmd {
        FeedbackCommand::Add { domain, from, traits, text, at } => {
            let (credibility, specificity, valence) = (traits.credibility, traits.specificity(), traits.valence);
            let view =
                app.add_feedback(NewFeedback { domain, from, credibility, specificity, valence, text, at }).await?;
            out.emit(&view, |h| h.line(format!("Saved feedback from {} in {}.", h.bold(&view.from), view.domain)))?;
        }
        FeedbackCommand::List(args) => {
            let received = app.feedback_received(args.domain.as_deref()).await?;
            out.emit(&received, |h| {
                if received.is_empty() {
                    return h.line(
                        "No feedback yet. `mastery feedback request --domain DOMAIN` drafts a specific request.",
                    );
                }
                for f in &received {
                    let kind = [f.specificity.map(|s| s.as_str()), f.valence.map(|v| v.as_str())];
                    let kind = kind.iter().flatten().copied().collect::<Vec<_>>().join(", ");
                    h.line(format!("{}  {} in {} ({kind})", local_day(f.received_at), h.bold(&f.from), f.domain))?;
                    h.line(format!("    \"{}\"", f.text))?;
                }
                Ok(())
            })?;
        }
        FeedbackCommand::Edit(edit) => super::revise::edit_feedback(app, edit, out).await?,
        FeedbackCommand::Request(FeedbackRequestArgs { domain, to, last }) => {
            let request = app.request_feedback(FeedbackRequest { domain, to, last }).await?;
            out.emit(&request, |h| {
                h.line(h.dim("A draft to copy into a message (nothing is sent):"))?;
                h.line("")?;
                h.line(&request.text)
            })?;
        }
    }
    Ok(())
}
