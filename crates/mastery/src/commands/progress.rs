//! `next` and `calibration`: where to aim, and how well belief tracks results.

use anyhow::Result;
use mastery_app::views::{CalibrationView, Next, NextView, ScoreSet};
use mastery_app::{App, Refusal};
use mastery_store_sqlite::SqliteStore;

use crate::cli::CalibrationArgs;
use crate::hints;
use crate::output::{Human, Output};

pub async fn next(app: &App<SqliteStore>, goal: Option<&str>, out: &mut Output) -> Result<()> {
    let next = app
        .next(goal)
        .await
        .map_err(hints::on_refusal(Refusal::NoRungs, "`mastery challenge add GOAL TITLE --difficulty 1` adds one"))?;
    out.emit(&next, |h| match &next {
        Next::One(view) => next_block(h, view),
        Next::Many(views) if views.is_empty() => {
            h.line("Nothing to recommend yet: add a goal and its rungs (`mastery goal add`, `mastery challenge add`).")
        }
        Next::Many(views) => views.iter().try_for_each(|v| next_block(h, v)),
    })?;
    Ok(())
}

fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

fn next_block(h: &mut Human<'_>, v: &NextView) -> std::io::Result<()> {
    let predicted = v.prediction.map_or_else(|| "no estimate yet".to_owned(), |p| p.phrase());
    h.line(format!("{} {}", h.bold(&v.goal), h.dim(&format!("({})", v.domain))))?;
    h.line(format!(
        "  next: {} (difficulty {}) — {predicted}, target {}",
        h.bold(&v.title),
        v.difficulty,
        percent(v.target_success)
    ))?;
    h.line(format!("  {}", v.reason))?;
    if let Some(new) = &v.new_rung {
        h.line(format!(
            "  add it: mastery challenge add {} \"An in-between step\" --difficulty {}",
            v.goal_slug, new.difficulty
        ))?;
    }
    h.line(format!("  when you try it: mastery attempt plan {} --confidence 0-100", v.challenge_ref))
}

pub async fn calibration(app: &App<SqliteStore>, args: CalibrationArgs, out: &mut Output) -> Result<()> {
    let view = app.calibration(args.domain.as_deref(), args.by.is_some()).await?;
    out.emit(&view, |h| {
        calibration_block(h, &view)?;
        for domain in view.domains.iter().flatten() {
            h.line("")?;
            calibration_block(h, domain)?;
        }
        h.line("")?;
        h.line(h.dim(
            "Brier = mean of (forecast − outcome)², 0 is perfect; bias = mean forecast − mean outcome (positive: overconfident); \
             ECE = mean gap between forecast and success rate per bin; a success rate counts partials half; \
             intervals are 95% Wilson intervals.",
        ))
    })?;
    Ok(())
}

fn calibration_block(h: &mut Human<'_>, v: &CalibrationView) -> std::io::Result<()> {
    h.line(h.bold(v.domain.as_deref().unwrap_or("All domains")))?;
    h.line(format!("  {}", v.summary))?;
    if let Some(caveat) = &v.caveat {
        h.line(format!("  {}", h.warn(caveat)))?;
    }
    if v.person.n == 0 {
        return Ok(());
    }
    h.line(format!("  yours:  {}", scores_line(&v.person)))?;
    if v.engine.n > 0 {
        h.line(format!("  engine: {}", scores_line(&v.engine)))?;
    }
    h.line("  forecast   n   success  95% interval")?;
    for bin in &v.person.bins {
        h.line(format!(
            "  {:>7}  {:>4}  {:>6}   {}–{}",
            percent(bin.forecast),
            bin.n,
            percent(bin.success_rate),
            percent(bin.ci_low),
            percent(bin.ci_high)
        ))?;
    }
    for month in v.months.iter().flatten() {
        h.line(format!("  {}: {}", month.month, scores_line(&month.person)))?;
    }
    Ok(())
}

fn scores_line(s: &ScoreSet) -> String {
    let show = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |v| format!("{v:.3}"));
    format!(
        "n {}, Brier {}, bias {:+.0} points, ECE {}",
        s.n,
        show(s.brier),
        s.bias.unwrap_or(0.0) * 100.0,
        show(s.ece)
    )
}
