//! `init` and `demo`.

use std::path::Path;

use anyhow::Result;
use mastery_app::{App, Refusal};
use mastery_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::cli::DemoArgs;
use crate::hints;
use crate::output::Output;
use crate::store::DB_FILE;

#[derive(Serialize)]
struct Initialised {
    data_dir: String,
    database: String,
    schema_version: i64,
}

pub async fn init(app: &App<SqliteStore>, dir: &Path, out: &mut Output) -> Result<()> {
    let view = Initialised {
        data_dir: dir.display().to_string(),
        database: dir.join(DB_FILE).display().to_string(),
        schema_version: app.store().schema_version().await?,
    };
    out.emit(&view, |h| {
        h.line(format!("Mastery's store is ready: {}", view.database))?;
        h.line("Next: `mastery domain add NAME --area career|health|relationships|learning|finances|other`")
    })?;
    Ok(())
}

pub async fn demo(app: &App<SqliteStore>, args: DemoArgs, out: &mut Output) -> Result<()> {
    let summary = app.demo(args.seed).await.map_err(hints::on_refusal(Refusal::NotEmpty, "use a fresh --data-dir"))?;
    out.emit(&summary, |h| {
        h.line(format!(
            "Wrote a three-month demo history: {} domains, {} goals, {} rungs, {} attempts, {} check-ins, {} role models, {} pieces of feedback, {} past successes, {} audits, {} practice sessions, {} weekly reviews.",
            summary.domains,
            summary.goals,
            summary.challenges,
            summary.attempts,
            summary.checkins,
            summary.role_models,
            summary.feedback,
            summary.evidence,
            summary.audits,
            summary.practice_sessions,
            summary.reviews
        ))?;
        h.line("Try: `mastery domain list`, `mastery ladder public-speaking`, `mastery evidence --last 5`, `mastery attempt list --last 10`, `mastery practice status`")
    })?;
    Ok(())
}
