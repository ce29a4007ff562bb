//! `status`: what is due today: next challenges, practice, the check-in, the weekly review and
//! re-audits, one section each.

use anyhow::Result;
use mastery_app::App;
use mastery_store_sqlite::SqliteStore;

use std::path::Path;

use mastery_app::StatusView;
use serde::Serialize;

use crate::output::{Human, Output};

/// Next challenges, practice, the check-in and the review.
fn today(h: &mut Human<'_>, status: &StatusView) -> std::io::Result<()> {
    h.line(h.bold(&format!("Today, {}", status.today)))?;
    for next in &status.next {
        h.line(format!(
            "  Next: {} ({})  → mastery attempt plan {} --confidence N",
            next.title, next.goal, next.challenge_ref
        ))?;
    }
    // The newest is `last`; older ones need their id (an attempt has no name).
    let newest = status.pending.last().map(|p| p.attempt_id);
    for p in &status.pending {
        let reference = if Some(p.attempt_id) == newest { "last".to_owned() } else { p.attempt_id.to_string() };
        h.line(format!(
            "  Waiting for its outcome: {} ({}, forecast {}%, planned {})  → mastery attempt record {reference} --outcome success|partial|failure",
            p.challenge,
            p.domain,
            p.confidence,
            super::local(p.planned_at)
        ))?;
    }
    for practice in &status.practice_due {
        h.line(format!(
            "  Practice {}: {} minutes  → mastery practice log {} --minutes {}",
            practice.domain, practice.minutes, practice.domain, practice.minutes
        ))?;
    }
    if !status.checked_in {
        h.line("  Check-in  → mastery checkin --sleep H --stress 1-5 --energy 1-5 --mood 1-5")?;
    }
    if let Some(week) = &status.review_due {
        h.line(format!("  Weekly review {week}  → mastery review week --week {week}"))?;
    }
    Ok(())
}

/// Where sync stands: shown once this device is signed in to a server.
#[derive(Debug, Serialize)]
struct SyncLine {
    server: String,
    user: String,
    /// Changes made here since the last sync.
    pending: usize,
    last_sync: Option<jiff::Timestamp>,
}

#[derive(Debug, Serialize)]
struct WithSync<'a> {
    #[serde(flatten)]
    status: &'a StatusView,
    sync: Option<SyncLine>,
}

pub async fn run(app: &App<SqliteStore>, login_file: &Path, out: &mut Output) -> Result<()> {
    let status = app.status().await?;
    let sync = match crate::login::load(login_file)? {
        Some(login) => {
            let state = app.sync_status().await?;
            Some(SyncLine { server: login.url, user: login.user, pending: state.pending, last_sync: state.last_sync })
        }
        None => None,
    };
    let view = WithSync { status: &status, sync };
    out.emit(&view, |h| {
        if let Some(sync) = &view.sync {
            let when = sync.last_sync.map_or("never yet".to_owned(), super::local);
            let waiting = mastery_domain::text::count(sync.pending, "change", "changes");
            h.line(format!(
                "Sync: {} as {}; last synced {when}; {waiting} waiting  → mastery sync",
                sync.server, sync.user
            ))?;
        }
        today(h, &status)?;
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
