//! `practice plan | log | rest | status`, `review week` and `celebrations [reflect]`.

use anyhow::Result;
use mastery_app::views::{CelebrationView, PracticeStatusView, ReviewView};
use mastery_app::{App, DeclareRest, LogPractice, NewPracticePlan, Refusal};
use mastery_domain::celebration::reflection_words;
use mastery_store_sqlite::SqliteStore;

use crate::cli::{CelebrationsArgs, CelebrationsCommand, PracticeCommand, ReviewAnswers, ReviewCommand};
use crate::hints;
use crate::output::{Human, Output};
use crate::prompt::Prompter;

pub async fn run(app: &App<SqliteStore>, cmd: PracticeCommand, out: &mut Output) -> Result<()> {
    match cmd {
        PracticeCommand::Plan { domain, minutes, days } => {
            let view = app.plan_practice(NewPracticePlan { domain, minutes, days }).await?;
            out.emit(&view, |h| {
                h.line(format!(
                    "Practice plan for {}: {} minutes on {}.",
                    h.bold(&view.domain),
                    view.minutes,
                    view.days
                ))
            })?;
        }
        PracticeCommand::Log { domain, minutes, note, at } => {
            crate::safety::notice(note.as_deref());
            let view = app.log_practice(LogPractice { domain, minutes, note, at }).await?;
            out.emit(&view, |h| h.line(format!("Logged {} minutes of {} on {}.", view.minutes, view.domain, view.on)))?;
        }
        PracticeCommand::Edit(edit) => super::revise::edit_practice(app, edit, out).await?,
        PracticeCommand::Rest { date, domain } => {
            let view = app.declare_rest(DeclareRest { date, domain }).await?;
            out.emit(&view, |h| {
                let what = view.domain.as_deref().unwrap_or("all practice");
                h.line(format!("Rest day on {} for {what}; it will not count as a miss.", view.on))
            })?;
        }
        PracticeCommand::Status { domain: Some(domain) } => {
            // One domain has one plan, so its status is one object, as CLI.md shows it.
            let plan = format!("`mastery practice plan {domain} --minutes 20 --days mon,wed,fri` sets one");
            if let Some(status) = app
                .practice_status(Some(&domain))
                .await
                .map_err(hints::on_refusal(Refusal::NoPracticePlan, plan))?
                .first()
            {
                out.emit(status, |h| show_status(h, status))?;
            }
        }
        PracticeCommand::Status { domain: None } => {
            let statuses = app.practice_status(None).await?;
            out.emit(&statuses, |h| {
                if statuses.is_empty() {
                    return h
                        .line("No practice plan yet: mastery practice plan DOMAIN --minutes 20 --days mon,wed,fri");
                }
                statuses.iter().try_for_each(|s| show_status(h, s))
            })?;
        }
    }
    Ok(())
}

fn show_status(h: &mut Human<'_>, s: &PracticeStatusView) -> std::io::Result<()> {
    let due = if s.due_today { h.warn("due today") } else { h.good("done or not due today") };
    h.line(format!(
        "{}  consistency {:.0}%  streak {}  kept {} of {} planned days, {} rest  ({} min on {}; {due})",
        h.bold(&s.domain),
        s.score * 100.0,
        s.streak,
        s.kept_days,
        s.planned_days,
        s.rest_days,
        s.minutes,
        s.days
    ))?;
    h.line(h.dim(&format!("    {}", s.formula)))
}

pub async fn review(app: &App<SqliteStore>, cmd: ReviewCommand, ask: Prompter, out: &mut Output) -> Result<()> {
    let (monthly, period, ReviewAnswers { answers, markdown }) = match cmd {
        ReviewCommand::Week { week, answers } => (false, week, answers),
        ReviewCommand::Month { month, answers } => (true, month, answers),
    };
    crate::safety::notice(answers.iter().map(String::as_str));
    let open = async |period: &str, answers: &[String]| match monthly {
        true => app.review_month(period, answers).await,
        false => app.review_week(period, answers).await,
    };
    let mut view = open(&period, &answers).await?;
    if markdown {
        return out.emit(&view, |h| h.line(view.markdown().trim_end())).map_err(Into::into);
    }
    if !answers.is_empty() || out.is_json() || !ask.is_interactive() {
        out.emit(&view, |h| show_review(h, &view))?;
        return Ok(());
    }
    // At a terminal: the numbers first, then the questions about them, then what was saved.
    out.emit(&view, |h| show_numbers(h, &view))?;
    if !view.has_records() && view.answers.is_empty() {
        out.emit(&view, |h| h.line(nothing_yet(&view)))?;
        return Ok(());
    }
    out.flush()?;
    let mut asked = Vec::new();
    for prompt in view.prompts.iter().filter(|p| !view.answers.contains_key(p.key)) {
        if let Some(text) = ask.optional(None, prompt.question)? {
            asked.push(format!("{}={text}", prompt.key));
        }
    }
    if !asked.is_empty() {
        view = open(&view.period, &asked).await?;
    }
    out.emit(&view, |h| show_prompts(h, &view))?;
    Ok(())
}

/// What a period without records says instead of asking about it.
fn nothing_yet(v: &ReviewView) -> String {
    format!(
        "Nothing recorded in {} yet (no attempts, practice, check-ins or successes), so there is nothing to review. Record an attempt (`mastery attempt log`) or a check-in (`mastery checkin`) and review it then.",
        v.period
    )
}

fn show_review(h: &mut Human<'_>, v: &ReviewView) -> std::io::Result<()> {
    show_numbers(h, v)?;
    if !v.has_records() && v.answers.is_empty() {
        return h.line(nothing_yet(v));
    }
    show_prompts(h, v)
}

/// The period's numbers, without its prompts.
fn show_numbers(h: &mut Human<'_>, v: &ReviewView) -> std::io::Result<()> {
    h.line(h.bold(&format!("Review {} ({} to {})", v.period, v.from, v.to)))?;
    h.line(format!("  {}", v.outcomes.summary()))?;
    h.line(format!("  New evidence: {}", v.new_evidence.len()))?;
    for e in v.new_evidence.iter().take(5) {
        h.line(format!("    {} ({})", e.title, e.domain))?;
    }
    if let Some(bias) = v.calibration_bias {
        h.line(format!("  Calibration bias: {:+.0} points (positive: more confident than the results)", bias * 100.0))?;
    }
    h.line(format!("  Practice: {}", v.practice_kept.summary()))?;
    h.line(format!("  Check-ins: {}", v.checkins.n))?;
    for c in &v.celebrations {
        h.line(format!("  Celebrated: {} ({})", c.title, c.domain))?;
    }
    if let Some(t) = &v.trajectory {
        for line in t.lines() {
            h.line(format!("  {line}"))?;
        }
        h.line(format!("  {}", t.reaudit))?;
        let audit = match t.reaudit_domains.as_slice() {
            [] if t.audits.is_empty() => Some("mastery audit all".to_owned()),
            [] => None,
            domains => Some(domains.iter().map(|d| format!("mastery audit {d}")).collect::<Vec<_>>().join(" / ")),
        };
        if let Some(audit) = audit {
            h.line(format!("  {}", h.dim(&audit)))?;
        }
    }
    Ok(())
}

/// The prompts, each with its answer or how to give one.
fn show_prompts(h: &mut Human<'_>, v: &ReviewView) -> std::io::Result<()> {
    for prompt in &v.prompts {
        h.line(format!("\n{}", h.bold(prompt.question)))?;
        match v.answers.get(prompt.key) {
            Some(answer) => h.line(format!("  {answer}"))?,
            None => h.line(h.dim(&format!("  (answer with --answer {}=TEXT)", prompt.key)))?,
        }
    }
    Ok(())
}

pub async fn celebrations(
    app: &App<SqliteStore>,
    args: CelebrationsArgs,
    ask: Prompter,
    out: &mut Output,
) -> Result<()> {
    if let Some(CelebrationsCommand::Reflect { celebration, effort, strategy, replace }) = args.command {
        crate::safety::notice(effort.iter().chain(&strategy).map(String::as_str));
        let (effort, strategy) = (effort.as_deref(), strategy.as_deref());
        mastery_app::check_reflection(effort, strategy)?;
        let target = app.show_celebration(&celebration).await?;
        let mut replace = replace;
        if !replace && target.overwritten_by(effort, strategy) {
            let saved = reflection_words(target.effort.as_deref(), target.strategy.as_deref());
            if !ask.is_interactive() {
                return Err(hints::usage(
                    &format!("'{}' already has a reflection ({saved}); nothing was changed", target.title),
                    &format!("pass --replace to overwrite it: mastery celebrations reflect {} … --replace", target.id),
                ));
            }
            eprintln!("'{}' already has a reflection ({saved}).", target.title);
            replace = ask.confirm("Replace it with the new words?", false)?;
            if !replace {
                out.emit(&target, |h| h.line("Kept the reflection as it was; nothing was changed."))?;
                return Ok(());
            }
        }
        let view = app.reflect_on(&target.id.to_string(), effort, strategy, replace).await?;
        out.emit(&view, |h| celebration_lines(h, &view))?;
        return Ok(());
    }
    let found = app.celebrations(args.domain.as_deref()).await?;
    out.emit(&found, |h| {
        if found.is_empty() {
            return h.line(
                "Nothing celebrated yet: mastering a rung (three successes on it) or finishing a goal adds one.",
            );
        }
        found.iter().try_for_each(|c| celebration_lines(h, c))
    })?;
    Ok(())
}

/// A celebration, what produced it, and the question while that is unsaid.
pub fn celebration_lines(h: &mut Human<'_>, c: &CelebrationView) -> std::io::Result<()> {
    h.line(format!("{} {} ({}, {})", h.good("Celebrate:"), h.bold(&c.title), c.domain, super::local_day(c.at)))?;
    for (label, text) in [("effort", &c.effort), ("strategy", &c.strategy)] {
        if let Some(text) = text {
            h.line(format!("    {label}: {text}"))?;
        }
    }
    if let Some(question) = c.question {
        h.line(format!("    {question}  → mastery celebrations reflect {} --effort \"…\" --strategy \"…\"", c.id))?;
    }
    Ok(())
}
