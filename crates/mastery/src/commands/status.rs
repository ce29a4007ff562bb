//! `status`: what is due today. Re-audits for now; each later part of the status gets its own
//! section here.

use anyhow::Result;
use mastery_app::App;
use mastery_store_sqlite::SqliteStore;

use crate::output::Output;

pub async fn run(app: &App<SqliteStore>, out: &mut Output) -> Result<()> {
    let status = app.status().await?;
    out.emit(&status, |h| {
        if !status.audited {
            return h.line(
                "No audit yet. Take your baseline across life areas: mastery audit all (or mastery audit DOMAIN)",
            );
        }
        if status.audits_due.is_empty() {
            h.line("No re-audit due.")?;
        } else {
            h.line("Re-audits due:")?;
        }
        for due in &status.audits_due {
            let when = match due.overdue_days {
                0 => "today".to_owned(),
                1 => "1 day ago".to_owned(),
                days => format!("{days} days ago"),
            };
            h.line(format!(
                "  {}  due {} ({when}; last {}, every {})  → mastery audit {}",
                h.bold(&due.domain),
                due.due_on,
                due.last_taken_on,
                due.every,
                due.domain
            ))?;
        }
        if let Some(next) = &status.next_audit {
            h.line(format!("Next re-audit: {} on {}.", next.domain, next.due_on))?;
        }
        Ok(())
    })?;
    Ok(())
}
