//! `attempt plan | record | log | list | reattribute`.

use anyhow::Result;
use mastery_app::views::AttemptView;
use mastery_app::{App, AttemptFilter, NextTime, PlanAttempt, RecordAttempt};
use mastery_domain::attempt::{Cause, Outcome, State};
use mastery_store_sqlite::SqliteStore;

use super::local;
use crate::cli::{After, AttemptCommand, Before, NextTimeArgs, ReattributeArgs};
use crate::output::{Human, Output, fit};
use crate::prompt::Prompter;

pub async fn run(app: &App<SqliteStore>, cmd: AttemptCommand, ask: Prompter, out: &mut Output) -> Result<()> {
    match cmd {
        AttemptCommand::Plan { challenge, before } => {
            let view = app.plan_attempt(plan(challenge, before, ask)?).await?;
            out.emit(&view, |h| {
                h.line(format!("Forecast saved: {}% sure you can {}.", view.confidence, h.bold(&view.challenge)))?;
                h.line(format!("Attempt id {}", view.id))?;
                h.line("After you try it: mastery attempt record last --outcome success|partial|failure --did \"what you did\"")
            })?;
        }
        AttemptCommand::Record { attempt, at, mut after, next } => {
            after.recorded_at = at.or(after.recorded_at);
            let view = app.record_attempt(&attempt, record(after, next, ask)?).await?;
            let view = ask_next_time(app, view, ask).await?;
            out.emit(&view, |h| recorded(h, &view))?;
        }
        AttemptCommand::Log { challenge, before, after, next } => {
            let plan = plan(challenge, before, ask)?;
            let view = app.log_attempt(plan, record(after, next, ask)?).await?;
            let view = ask_next_time(app, view, ask).await?;
            out.emit(&view, |h| recorded(h, &view))?;
        }
        AttemptCommand::Reattribute(ReattributeArgs { attempt, next_time, if_then, cause }) => {
            let next_time =
                ask.text(next_time, "what you could do differently next time", "--next-time TEXT", NEXT_TIME)?;
            let if_then = ask.if_then(if_then, false)?.unwrap_or_default();
            let view = app.reattribute(&attempt, NextTime { next_time, if_then, cause }).await?;
            out.emit(&view, |h| plan_line(h, &view))?;
        }
        AttemptCommand::Edit(args) => super::revise::edit_attempt(app, args, out).await?,
        AttemptCommand::List { domain, goal, since, last } => {
            let attempts = app.attempts(AttemptFilter { domain, goal, since, last, pending: false }).await?;
            out.emit(&attempts, |h| {
                if attempts.is_empty() {
                    return h.line("No attempts yet. Plan one: mastery attempt plan CHALLENGE --confidence 0-100");
                }
                attempts.iter().try_for_each(|a| attempt_line(h, a))
            })?;
        }
    }
    Ok(())
}

fn plan(challenge: String, before: Before, ask: Prompter) -> Result<PlanAttempt> {
    Ok(PlanAttempt {
        challenge,
        confidence: ask.confidence(before.confidence)?,
        state: State { sleep_hours: before.sleep, energy: before.energy, stress: before.stress },
        at: before.planned_at,
    })
}

/// The question after a setback, in short.
const NEXT_TIME: &str = "What specifically could you do differently next time?";

/// The outcome half. At a terminal, a missing outcome starts a short walk through the rest.
fn record(after: After, next: NextTimeArgs, ask: Prompter) -> Result<RecordAttempt> {
    let walk = after.outcome.is_none() && ask.is_interactive();
    let outcome =
        ask.choose(after.outcome, "the outcome", "--outcome success|partial|failure", "How did it go?", Outcome::ALL)?;
    let (did, because, cause, lesson) = if walk {
        (
            ask.optional(after.did, "What did you do? (your strategy, in your words)")?,
            ask.optional(after.because, "Why do you think it went that way?")?,
            ask.maybe_choose(after.cause, "Which cause fits best?", Cause::ALL)?,
            ask.optional(after.lesson, "What did it teach you?")?,
        )
    } else {
        (after.did, after.because, after.cause, after.lesson)
    };
    Ok(RecordAttempt {
        outcome,
        effort: after.effort,
        did,
        because,
        cause,
        locus: after.locus,
        stability: after.stability,
        control: after.control,
        lesson,
        at: after.recorded_at,
        // Clap accepts --next-time and --if-then only together.
        next_time: next.next_time.zip(next.if_then).map(|(next_time, if_then)| NextTime {
            next_time,
            if_then,
            cause: next.next_cause,
        }),
    })
}

/// At a terminal, a failure explained by fixed ability is followed by the question and, when
/// answered, a plan for next time. The attempt is already saved: skipping loses nothing.
async fn ask_next_time(app: &App<SqliteStore>, view: AttemptView, ask: Prompter) -> Result<AttemptView> {
    let Some(prompt) = view.reattribution_prompt.filter(|_| ask.is_interactive()) else { return Ok(view) };
    eprintln!("\n{prompt}");
    let Some(next_time) = ask.optional(None, NEXT_TIME)? else { return Ok(view) };
    let Some(if_then) = ask.if_then(None, true)? else { return Ok(view) };
    Ok(app.reattribute(&view.id.to_string(), NextTime { next_time, if_then, cause: None }).await?)
}

fn recorded(h: &mut Human<'_>, view: &AttemptView) -> std::io::Result<()> {
    let outcome = view.outcome.map_or("recorded", Outcome::as_str);
    h.line(format!("Recorded {} on {} (forecast {}%).", h.bold(outcome), view.challenge, view.confidence))?;
    if view.outcome == Some(Outcome::Success) {
        let how = view.did.as_deref().map(|d| format!(" — what you did: {d}")).unwrap_or_default();
        h.line(format!("{}{how}", h.good("Added to your evidence file")))?;
    }
    if let Some(celebration) = &view.celebration {
        super::practice::celebration_lines(h, celebration)?;
    }
    if view.reattribution.is_some() {
        return plan_line(h, view);
    }
    if let Some(prompt) = view.reattribution_prompt {
        h.line(prompt)?;
        h.line(format!(
            "When you have an answer: mastery attempt reattribute {} --next-time \"…\" --if-then \"If …, then I will …\"",
            view.id
        ))?;
    }
    Ok(())
}

fn plan_line(h: &mut Human<'_>, view: &AttemptView) -> std::io::Result<()> {
    match &view.reattribution {
        Some(plan) => h.line(format!("Plan for next time ({}): {}", plan.cause, h.bold(&plan.if_then))),
        None => Ok(()),
    }
}

fn attempt_line(h: &mut Human<'_>, a: &AttemptView) -> std::io::Result<()> {
    let outcome = match a.outcome {
        Some(Outcome::Success) => h.good("success"),
        Some(Outcome::Partial) => h.warn("partial"),
        Some(Outcome::Failure) => "failure".to_owned(),
        None => h.dim("planned"),
    };
    h.line(format!(
        "{}  {} {} {:>3}%  {outcome}  {}",
        local(a.planned_at),
        fit(&a.domain, 18),
        fit(&a.challenge, 40),
        a.confidence,
        h.dim(&a.id.to_string())
    ))
}
