//! `goal add | list | show | done`, `challenge add` and `ladder`.

use anyhow::Result;
use mastery_app::views::GoalView;
use mastery_app::{App, NewChallenge, NewGoal};
use mastery_domain::ladder::RungStatus;
use mastery_store_sqlite::SqliteStore;

use super::local_day;
use crate::cli::{ChallengeCommand, GoalCommand};
use crate::output::{Human, Output, fit};
use crate::prompt::Prompter;

pub async fn run(app: &App<SqliteStore>, cmd: GoalCommand, ask: Prompter, out: &mut Output) -> Result<()> {
    match cmd {
        GoalCommand::Add { domain, statement, target, unit, deadline, why, success_target } => {
            let domain =
                ask.text(domain, "the domain", "DOMAIN (see `mastery domain list`)", "Which domain is this goal in?")?;
            let statement = ask.text(
                statement,
                "the goal",
                "STATEMENT, e.g. \"Give a 10-minute talk\"",
                "What is the goal, specific and measurable?",
            )?;
            let deadline = ask.optional(deadline, "By when? (e.g. 2027-03-15)")?;
            let why = ask.optional(why, "Why does it matter to you?")?;
            let view = app
                .add_goal(NewGoal { domain, statement, target, unit, deadline, why, target_success: success_target })
                .await?;
            out.emit(&view, |h| {
                h.line(format!("Added goal {} [{}] in {}.", h.bold(&view.statement), view.slug, view.domain))?;
                h.line("Break it into a ladder of 5–8 rungs, easy to hard:")?;
                h.line(format!("  mastery challenge add {} \"A first, easy step\" --difficulty 1 --criterion \"What counts as done\"", view.slug))
            })?;
        }
        GoalCommand::List { domain, all } => {
            let goals = app.goals(domain.as_deref(), all).await?;
            out.emit(&goals, |h| {
                if goals.is_empty() {
                    return h.line("No goals yet. Add one: mastery goal add DOMAIN \"A specific, measurable goal\"");
                }
                goals.iter().try_for_each(|g| goal_line(h, g))
            })?;
        }
        GoalCommand::Show { goal } => {
            let view = app.show_goal(&goal).await?;
            out.emit(&view, |h| {
                goal_line(h, &view)?;
                if let Some(why) = &view.why {
                    h.line(format!("  why: {why}"))?;
                }
                h.line(format!("  ladder: mastery ladder {}", view.slug))
            })?;
        }
        GoalCommand::Edit(args) => super::revise::edit_goal(app, args, out).await?,
        GoalCommand::Reopen { goal } => super::revise::reopen_goal(app, &goal, out).await?,
        GoalCommand::Done { goal } => {
            let view = app.complete_goal(&goal).await?;
            out.emit(&view, |h| {
                h.line(format!("{} {}", h.good("Goal reached:"), h.bold(&view.statement)))?;
                if let Some(celebration) = &view.celebration {
                    super::practice::celebration_lines(h, celebration)?;
                }
                h.line("Take a moment for what got you here: the rungs you climbed and what you did on them (`mastery evidence`).")
            })?;
        }
    }
    Ok(())
}

fn goal_line(h: &mut Human<'_>, g: &GoalView) -> std::io::Result<()> {
    let target = match (g.target, &g.unit) {
        (Some(t), Some(u)) => format!(" — target {t} {u}"),
        (Some(t), None) => format!(" — target {t}"),
        _ => String::new(),
    };
    let deadline = g.deadline.map(|d| format!(" — by {d}")).unwrap_or_default();
    let done = g.done_at.map(|d| h.good(&format!(" — reached {}", local_day(d)))).unwrap_or_default();
    h.line(format!(
        "{} {} ({}){target}{deadline}{done}",
        h.bold(&g.statement),
        h.dim(&format!("[{}]", g.slug)),
        g.domain
    ))
}

pub async fn challenge(app: &App<SqliteStore>, cmd: ChallengeCommand, ask: Prompter, out: &mut Output) -> Result<()> {
    let (goal, title, difficulty, criterion) = match cmd {
        ChallengeCommand::Add { goal, title, difficulty, criterion } => (goal, title, difficulty, criterion),
        ChallengeCommand::Edit(args) => return super::revise::edit_challenge(app, args, out).await,
    };
    let goal = ask.text(goal, "the goal", "GOAL (see `mastery goal list`)", "Which goal is this rung for?")?;
    let title = ask.text(
        title,
        "the challenge",
        "TITLE, e.g. \"Speak for 2 minutes to a friend\"",
        "What is the challenge, concretely?",
    )?;
    let criterion = ask.optional(criterion, "What counts as success?")?;
    let view = app.add_challenge(NewChallenge { goal, title, difficulty, criterion }).await?;
    out.emit(&view, |h| {
        h.line(format!("Added rung {} [{}] at difficulty {}.", h.bold(&view.title), view.slug, view.difficulty))?;
        h.line(format!("When you try it: mastery attempt plan {} --confidence 0-100", view.slug))
    })?;
    Ok(())
}

pub async fn ladder(app: &App<SqliteStore>, goal: &str, out: &mut Output) -> Result<()> {
    let ladder = app.ladder(goal).await?;
    out.emit(&ladder, |h| {
        h.line(format!(
            "{} ({}) — aiming for {:.0}% success; the percentage is the engine's predicted success on each rung, with its 80% range",
            h.bold(&ladder.goal),
            ladder.domain,
            ladder.target_success * 100.0
        ))?;
        if ladder.rungs.is_empty() {
            return h.line(format!(
                "  No rungs yet: mastery challenge add {} \"A first, easy step\" --difficulty 1",
                ladder.goal_id
            ));
        }
        for (index, rung) in ladder.rungs.iter().enumerate().rev() {
            let predicted = rung.prediction.map_or_else(|| "·".to_owned(), |p| p.brief());
            let mark = match rung.status {
                RungStatus::Mastered => h.good("✓ mastered   "),
                RungStatus::InProgress => h.warn("◐ in progress"),
                RungStatus::NotStarted => h.dim("· not started"),
            };
            h.line(format!(
                "{:>2}. {mark} d{:<4} {predicted:>23} {} {} of {} succeeded{}",
                index + 1,
                rung.difficulty,
                fit(&rung.title, 44),
                rung.successes,
                rung.attempts,
                rung.criterion.as_ref().map(|c| format!(" — {c}")).unwrap_or_default()
            ))?;
        }
        Ok(())
    })?;
    Ok(())
}
