//! `program start | status | report`.

use anyhow::{Context, Result};
use mastery_app::views::{ProgramReportView, ProgramView};
use mastery_app::{App, ProgramSource, StartProgram};
use mastery_store_sqlite::SqliteStore;

use crate::cli::ProgramCommand;
use crate::output::{Human, Output};

pub async fn run(app: &App<SqliteStore>, cmd: ProgramCommand, out: &mut Output) -> Result<()> {
    match cmd {
        ProgramCommand::Start { template, domain, at } => {
            let path = std::path::Path::new(&template);
            let template = if path.is_file() {
                let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
                ProgramSource::Toml(text)
            } else {
                ProgramSource::Builtin(template)
            };
            let view = app.start_program(StartProgram { template, domain, at }).await?;
            out.emit(&view, |h| {
                h.line(format!(
                    "Started {} in {}: {} to {}.",
                    h.bold(&view.title),
                    view.domain,
                    view.starts_on,
                    view.ends_on
                ))?;
                h.line(format!("Practice plan set: {} minutes on {}.", view.practice.minutes, view.practice.days))?;
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
    let show = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.3}"));
    for m in &r.measures {
        h.line(format!(
            "  {:<36} {:>7} → {:<7}  ({} | {})",
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
