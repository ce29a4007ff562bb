//! `domain add | list | show | archive`.

use anyhow::Result;
use mastery_app::views::DomainView;
use mastery_app::{App, NewDomain};
use mastery_domain::text::count;
use mastery_store_sqlite::SqliteStore;

use super::local_day;
use crate::cli::DomainCommand;
use crate::output::{Human, Output};
use crate::prompt::Prompter;

pub async fn run(app: &App<SqliteStore>, cmd: DomainCommand, ask: Prompter, out: &mut Output) -> Result<()> {
    match cmd {
        DomainCommand::Add { name, area, description } => {
            let name = ask.text(
                name,
                "the domain's name",
                "NAME, e.g. \"Public speaking\"",
                "Which domain do you want to grow in?",
            )?;
            let view = app.add_domain(NewDomain { name, area, description }).await?;
            out.emit(&view, |h| {
                h.line(format!("Added domain {} ({}, {}).", h.bold(&view.name), view.slug, view.area))?;
                h.line(format!(
                    "Next: mastery goal add {} \"A specific, measurable goal\" --deadline YYYY-MM-DD",
                    view.slug
                ))
            })?;
        }
        DomainCommand::List { all } => {
            let domains = app.domains(all).await?;
            out.emit(&domains, |h| {
                if domains.is_empty() {
                    return h.line("No domains yet. Add one: mastery domain add \"Public speaking\" --area career");
                }
                domains.iter().try_for_each(|d| domain_line(h, d))
            })?;
        }
        DomainCommand::Show { domain } => {
            let detail = app.show_domain(&domain).await?;
            out.emit(&detail, |h| {
                domain_line(h, &detail.domain)?;
                if let Some(description) = &detail.domain.description {
                    h.line(format!("  {description}"))?;
                }
                h.line(format!("  {}", detail.outcomes.summary()))?;
                h.line(format!(
                    "  {}, {}",
                    count(detail.role_models, "role model", "role models"),
                    count(detail.feedback, "piece of feedback", "pieces of feedback")
                ))?;
                for goal in &detail.goals {
                    let done = goal.done_at.map(|d| format!(" (reached {})", local_day(d))).unwrap_or_default();
                    h.line(format!("  goal: {} [{}]{done}", goal.statement, goal.slug))?;
                }
                Ok(())
            })?;
        }
        DomainCommand::Edit(args) => super::revise::edit_domain(app, args, out).await?,
        DomainCommand::Archive { domain } => {
            let view = app.archive_domain(&domain).await?;
            out.emit(&view, |h| {
                h.line(format!(
                    "Archived {}; its history is kept. `mastery domain list --all` still shows it.",
                    view.name
                ))
            })?;
        }
    }
    Ok(())
}

fn domain_line(h: &mut Human<'_>, d: &DomainView) -> std::io::Result<()> {
    let archived = if d.archived_at.is_some() { h.dim(" (archived)") } else { String::new() };
    h.line(format!("{} {:<32} {}{archived}", h.bold(&format!("{:<28}", d.slug)), d.name, d.area))
}
