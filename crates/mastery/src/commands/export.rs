//! `export --format ics`: the practice plans and review reminders as a calendar file.

use anyhow::{Context, Result};
use mastery_app::App;
use mastery_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::cli::{ExportArgs, ExportFormat};
use crate::output::Output;

/// What `--json` prints when the calendar went to a file.
#[derive(Debug, Serialize)]
struct Written {
    format: &'static str,
    path: String,
    bytes: usize,
}

/// What `--json` prints without `--output`: the calendar inside JSON, so stdout stays JSON.
#[derive(Debug, Serialize)]
struct Inline {
    format: &'static str,
    ics: String,
}

pub async fn run(app: &App<SqliteStore>, args: ExportArgs, out: &mut Output) -> Result<()> {
    let ExportFormat::Ics = args.format;
    let calendar = app.calendar().await?;
    match args.output {
        None if out.is_json() => out.emit(&Inline { format: "ics", ics: calendar }, |_| Ok(()))?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(calendar.as_bytes())?;
            stdout.flush()?;
        }
        Some(path) => {
            std::fs::write(&path, &calendar).with_context(|| format!("writing {}", path.display()))?;
            let written = Written { format: "ics", path: path.display().to_string(), bytes: calendar.len() };
            out.emit(&written, |h| {
                h.line(format!("Wrote {} ({} bytes); import it into your calendar app.", written.path, written.bytes))
            })?;
        }
    }
    Ok(())
}
