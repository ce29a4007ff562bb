//! `attribution [DOMAIN]` and `attribution check TEXT`.

use anyhow::Result;
use mastery_app::App;
use mastery_app::views::AttributionView;
use mastery_domain::attribution::AttributionShares;
use mastery_domain::explanation::read;
use mastery_domain::text::count;
use mastery_store_sqlite::SqliteStore;

use crate::cli::{AttributionArgs, AttributionCommand};
use crate::output::{Human, Output};

pub async fn run(app: &App<SqliteStore>, args: AttributionArgs, out: &mut Output) -> Result<()> {
    if let Some(AttributionCommand::Check { text }) = &args.check {
        return check(text, out);
    }
    let view = app.attribution(args.domain.as_deref()).await?;
    out.emit(&view, |h| explained(h, &view))?;
    Ok(())
}

/// Reads one explanation: pure, so it needs no store.
pub fn check(text: &str, out: &mut Output) -> Result<()> {
    let reading = read(text);
    out.emit(&reading, |h| {
        match reading.prompt {
            Some(prompt) => h.line(format!("{} {prompt}", h.warn("Sounds like fixed ability."))),
            None => h.line("No fixed-ability explanation found."),
        }?;
        if let Some(cause) = reading.suggested_cause {
            h.line(format!("Suggested cause: {}", h.bold(cause.as_str())))?;
        }
        for cue in &reading.cues {
            let counted = match &cue.negated_by {
                Some(by) => format!("not counted: cancelled by \"{by}\""),
                None if cue.fixed_ability => "counted: fixed ability".to_owned(),
                None => "counted".to_owned(),
            };
            h.line(format!("  \"{}\" → {} ({counted})", cue.text, cue.cause))?;
        }
        h.line(h.dim("A hint from word rules, never a verdict: you know what you meant."))
    })?;
    Ok(())
}

fn explained(h: &mut Human<'_>, view: &AttributionView) -> std::io::Result<()> {
    let scope = view.domain.as_deref().unwrap_or("all domains");
    h.line(format!("How you explained outcomes in {}:", h.bold(scope)))?;
    let s = &view.shares;
    h.line(format!(
        "  Successes credited to yourself: {} ({} of {} had a locus)",
        percent(s.success_internal_rate),
        s.explained_successes,
        count(s.n_successes, "success", "successes")
    ))?;
    h.line(format!(
        "  Failures put down to stable causes: {}; to causes you control: {} ({} of {} explained)",
        percent(s.failure_stable_rate),
        percent(s.failure_controllable_rate),
        s.explained_failures,
        count(s.n_failures, "failure", "failures")
    ))?;
    h.line(format!("  Plans for next time recorded: {}", view.plans_for_next_time))?;
    match view.pattern_statement {
        Some(statement) => h.line(format!("  {}", h.warn(statement)))?,
        None => h.line("  No low-efficacy pattern.")?,
    }
    if !view.months.is_empty() {
        h.line("By month:")?;
        h.line(format!("  {:<7}  {:>8}  {:>6}  {:>12}  pattern", "month", "credited", "stable", "controllable"))?;
        for month in &view.months {
            h.line(format!("  {:<7}  {}", month.month, row(&month.shares)))?;
        }
    }
    // The view's formula names the JSON fields; people read the labels above.
    h.line(h.dim(&format!("How: {}", mastery_domain::attribution::HOW)))
}

fn row(s: &AttributionShares) -> String {
    let pattern = s.pattern.map_or(String::new(), |p| p.as_str().replace('-', " "));
    let row = format!(
        "{:>8}  {:>6}  {:>12}  {pattern}",
        percent(s.success_internal_rate),
        percent(s.failure_stable_rate),
        percent(s.failure_controllable_rate)
    );
    row.trim_end().to_owned()
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_owned(), |r| format!("{:.0}%", r * 100.0))
}
