//! `program start | status | report`.

use anyhow::{Context, Result};
use mastery_app::views::{PlanAction, PlanChange, ProgramReportView, ProgramView};
use mastery_app::{App, ProgramSource, StartProgram};
use mastery_store_sqlite::SqliteStore;

use crate::cli::ProgramCommand;
use crate::output::{Human, Output};
use crate::prompt::Prompter;

pub async fn run(app: &App<SqliteStore>, cmd: ProgramCommand, ask: Prompter, out: &mut Output) -> Result<()> {
    match cmd {
        ProgramCommand::Start { template, domain, at, replace_plan } => {
            let path = std::path::Path::new(&template);
            let template = if path.is_file() {
                let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
                ProgramSource::Toml(text)
            } else {
                ProgramSource::Builtin(template)
            };
            let mut input = StartProgram { template, domain, at, replace_plan };
            if !replace_plan
                && ask.is_interactive()
                && let Some(own) = app.program_plan_conflict(&input).await?
            {
                eprintln!("{} has your own practice plan: {} minutes on {}.", own.domain, own.minutes, own.days);
                input.replace_plan = ask.confirm("Replace it with the program's plan?", false)?;
            }
            let view = app.start_program(input).await?;
            out.emit(&view, |h| {
                h.line(format!(
                    "Started {} in {}: {} to {}.",
                    h.bold(&view.title),
                    view.domain,
                    view.starts_on,
                    view.ends_on
                ))?;
                if let Some(plan) = &view.plan {
                    h.line(plan_words(plan, &view))?;
                }
                program_line(h, &view)
            })?;
        }
        ProgramCommand::Status => {
            let programs = app.programs().await?;
            out.emit(&programs, |h| {
                if programs.is_empty() {
                    return h.line("No program yet: mastery program start 30-day-experiment --domain DOMAIN");
                }
                programs.iter().try_for_each(|p| program_line(h, p))
            })?;
        }
        ProgramCommand::Report { program } => {
            let report = app.program_report(program.as_deref(), true).await?;
            out.emit(&report, |h| show_report(h, &report))?;
        }
    }
    Ok(())
}

/// What starting the program did to the practice plan, in words.
fn plan_words(plan: &PlanChange, view: &ProgramView) -> String {
    let (program, own) = (&view.practice, format!("{} minutes on {}", plan.minutes, plan.days));
    match plan.action {
        PlanAction::Set => format!("Practice plan set: {own}."),
        PlanAction::Replaced => format!("Replaced your practice plan with the program's: {own}."),
        PlanAction::Kept if program.minutes == plan.minutes && program.days == plan.days => {
            format!("Your practice plan already matches the program's: {own}.")
        }
        PlanAction::Kept => format!(
            "Kept your practice plan: {own} (the program suggests {} minutes on {}; --replace-plan uses it).",
            program.minutes, program.days
        ),
    }
}

fn program_line(h: &mut Human<'_>, p: &ProgramView) -> std::io::Result<()> {
    h.line(format!(
        "{} in {}: day {} of {} ({} to {}), {} review",
        h.bold(&p.title),
        p.domain,
        p.day,
        p.duration_days,
        p.starts_on,
        p.ends_on,
        p.review.as_str()
    ))?;
    if p.pre_audit_due {
        h.line(format!("  Pre-audit due: mastery audit {} --at {}", p.domain, p.starts_on))?;
    }
    if p.post_audit_due {
        h.line(format!("  Post-audit due: mastery audit {}", p.domain))?;
    }
    Ok(())
}

fn show_report(h: &mut Human<'_>, r: &ProgramReportView) -> std::io::Result<()> {
    program_line(h, &r.program)?;
    let status = if r.finished { "finished" } else { "in progress: during counts up to today" };
    h.line(format!("  Before ({} days before the start) and during ({status}):", r.program.duration_days))?;
    for m in &r.measures {
        let show = |v: Option<f64>| v.map_or("–".to_owned(), |v| in_words(m.measure, v));
        h.line(format!(
            "  {:<36} {:>9} → {:<9}  ({} | {})",
            m.label,
            show(m.before),
            show(m.after),
            m.source_before,
            m.source_after
        ))?;
    }
    if let Some(c) = &r.celebration {
        super::practice::celebration_lines(h, c)?;
    }
    Ok(())
}

/// A measure of the report as people read it: rates and consistency as percentages, the
/// calibration bias in signed points, the audit strength on its own 0–100 scale.
fn in_words(measure: &str, value: f64) -> String {
    match measure {
        "calibration_bias" => format!("{:+.0} points", value * 100.0),
        "audit_strength" => format!("{value:.1}"),
        _ => format!("{:.0}%", value * 100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::in_words;

    #[test]
    fn the_report_prints_percentages_and_points_not_fractions() {
        assert_eq!(in_words("success_rate", 0.722), "72%");
        assert_eq!(in_words("consistency", 0.5), "50%");
        assert_eq!(in_words("calibration_bias", 0.123), "+12 points");
        assert_eq!(in_words("calibration_bias", -0.05), "-5 points");
        assert_eq!(in_words("audit_strength", 53.0), "53.0");
    }
}
