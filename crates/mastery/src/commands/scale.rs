//! `scale list | show | import`.

use anyhow::{Context, Result};
use mastery_app::views::ScaleDetail;
use mastery_app::{App, AppError};
use mastery_store_sqlite::SqliteStore;

use crate::cli::ScaleCommand;
use crate::output::{Human, Output, fit};

pub async fn run(app: &App<SqliteStore>, cmd: ScaleCommand, out: &mut Output) -> Result<()> {
    match cmd {
        ScaleCommand::List { domain, builtin } => {
            let scales = app.scales(domain.as_deref(), builtin).await?;
            out.emit(&scales, |h| {
                if scales.is_empty() {
                    return h.line("No scale fits. `mastery scale list` shows them all; `mastery scale import FILE.toml` adds your own.");
                }
                for s in &scales {
                    let origin = if s.builtin { "built-in" } else { "imported" };
                    let domain = s.domain.as_deref().unwrap_or("(whole area)");
                    h.line(format!(
                        "{} {} {:<14} {:<18} {:>2} items  {}",
                        h.bold(&format!("{:<20}", s.id)),
                        fit(&s.title, 24),
                        s.area.as_str(),
                        domain,
                        s.n_items,
                        h.dim(origin)
                    ))?;
                }
                Ok(())
            })?;
        }
        ScaleCommand::Show { scale } => {
            let detail = app.scale(&scale).await?;
            out.emit(&detail, |h| show(h, &detail))?;
        }
        ScaleCommand::Import { file } => {
            let source = std::fs::read_to_string(&file)
                .map_err(|e| AppError::refused(format!("could not read {}: {e}", file.display())))?;
            let detail =
                app.import_scale(&source).await.with_context(|| format!("{} was not imported", file.display()))?;
            out.emit(&detail, |h| {
                h.line(format!("Imported scale {} ({} items).", h.bold(&detail.id), detail.items.len()))?;
                h.line(format!("Use it: mastery audit DOMAIN --scale {}", detail.id))
            })?;
        }
    }
    Ok(())
}

fn show(h: &mut Human<'_>, s: &ScaleDetail) -> std::io::Result<()> {
    let origin = if s.builtin { "built-in" } else { "imported" };
    h.line(format!("{} ({}, {origin})", h.bold(&s.title), s.id))?;
    let domain = s.domain.as_deref().map(|d| format!(", written for the domain {d}")).unwrap_or_default();
    h.line(format!("Life area {}{domain}; threshold τ = {}", s.area, s.threshold))?;
    h.line("")?;
    h.line(&s.instructions)?;
    h.line("")?;
    if let Some(p) = &s.practice {
        h.line(format!("Practice item (not scored): {} … {}", p.text, p.levels.join(" / ")))?;
    }
    h.line("Items, easy to hard (rank):")?;
    for (i, item) in s.items.iter().enumerate() {
        h.line(format!("  {:>2}. {}  {}", i + 1, item.text, h.dim(&format!("(rank {})", item.rank))))?;
    }
    match &s.norms {
        Some(n) => {
            let source = n.source.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            h.line(format!(
                "Norms: SD {}, reliability {}{source}: the Reliable Change Index is shown.",
                n.sd, n.reliability
            ))
        }
        None => h.line(h.dim(
            "No norms: change between audits is shown, but whether it is beyond measurement error cannot be judged.",
        )),
    }
}
