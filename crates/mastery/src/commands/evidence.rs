//! `evidence [DOMAIN]`, `evidence add` and `evidence edit`.

use anyhow::Result;
use mastery_app::{App, NewEvidence};
use mastery_store_sqlite::SqliteStore;

use mastery_domain::text::count;

use super::local_day;
use crate::cli::{EvidenceArgs, EvidenceCommand};
use crate::output::Output;

pub async fn run(app: &App<SqliteStore>, args: EvidenceArgs, out: &mut Output) -> Result<()> {
    match args.add {
        Some(EvidenceCommand::Add { domain, text, did, at }) => {
            let view = app.add_evidence(NewEvidence { domain, title: text, did, at }).await?;
            out.emit(&view, |h| {
                h.line(format!("Added to your evidence file in {}: {}", view.domain, h.bold(&view.title)))
            })?;
            return Ok(());
        }
        Some(EvidenceCommand::Edit(edit)) => return super::revise::edit_evidence(app, edit, out).await,
        None => {}
    }
    let items = app.evidence(args.domain.as_deref(), args.last).await?;
    // Celebrations are the file's highlights; the JSON stays the list of CLI.md.
    let highlights = if out.is_json() { Vec::new() } else { app.celebrations(args.domain.as_deref()).await? };
    // The successes asked for come first; the highlights follow, as many as --last allows.
    let shown = highlights.len().min(args.last);
    out.emit(&items, |h| {
        if items.is_empty() {
            h.line("Your evidence file is empty so far. Each success you record lands here, with what you did; `mastery evidence add DOMAIN TEXT --did …` adds earlier ones.")?;
        }
        for item in &items {
            h.line(format!("{}  {:<18} {}", local_day(item.at), item.domain, h.bold(&item.title)))?;
            if let Some(did) = &item.did {
                h.line(format!("            what you did: {did}"))?;
            }
        }
        if shown > 0 {
            h.line("")?;
            h.line(h.bold("Highlights"))?;
            highlights.iter().take(shown).try_for_each(|c| super::practice::celebration_lines(h, c))?;
        }
        if highlights.len() > shown {
            let more = count(highlights.len() - shown, "more highlight", "more highlights");
            h.line(h.dim(&format!("  {more}: mastery celebrations")))?;
        }
        Ok(())
    })?;
    Ok(())
}
