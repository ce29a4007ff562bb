//! `status`: what is due today: next challenges, practice, the check-in, the weekly review and
//! re-audits, one section each.

use anyhow::Result;
use mastery_app::App;
use mastery_store_sqlite::SqliteStore;

use mastery_app::StatusView;

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

pub async fn run(app: &App<SqliteStore>, out: &mut Output) -> Result<()> {
    let status = app.status().await?;
    out.emit(&status, |h| {
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
