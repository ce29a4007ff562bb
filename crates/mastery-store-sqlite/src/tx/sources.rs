//! The SQL and row decoding of the evidence file, check-ins, role models and feedback.

use mastery_domain::Field;
use mastery_domain::checkin::{Checkin, Measures};
use mastery_domain::evidence::{BackfilledEvidence, EvidenceSource};
use mastery_domain::feedback::Feedback;
use mastery_domain::role_model::RoleModel;
use mastery_domain::text::Name;
use mastery_store::{EvidenceItem, StoreError};

use super::{Query, int_of};
use crate::codec::{Columns, micros};

/// Successes of both kinds, newest first; each branch reads its own index, up to the limit
/// when there is one.
macro_rules! evidence_union {
    ($attempt_filter:literal, $backfill_filter:literal, $limit:literal) => {
        concat!(
            "SELECT source, id, domain_id, at, title, did FROM (
                SELECT 'attempt' AS source, a.id, a.domain_id, a.recorded_at AS at, c.title, a.did
                FROM attempts a JOIN challenges c ON c.id = a.challenge_id AND c.user_id = a.user_id
                WHERE a.user_id = ?1 AND a.outcome = 'success' AND ",
            $attempt_filter,
            " ORDER BY a.recorded_at DESC, a.id DESC",
            $limit,
            ")
            UNION ALL
            SELECT source, id, domain_id, at, title, did FROM (
                SELECT 'backfill' AS source, id, domain_id, at, title, did FROM evidence
                WHERE user_id = ?1 AND ",
            $backfill_filter,
            " ORDER BY at DESC, id DESC",
            $limit,
            ")
            ORDER BY at DESC, id DESC",
            $limit
        )
    };
}

pub(super) const EVIDENCE_IN_DOMAIN: &str = evidence_union!("a.domain_id = ?2", "domain_id = ?2", " LIMIT ?3");

pub(super) const EVIDENCE_ALL: &str = evidence_union!("?2 IS NULL", "?2 IS NULL", " LIMIT ?3");

/// Through `attempts_successes` and `evidence_by_time`, which hold both kinds in time order.
pub(super) const EVIDENCE_BETWEEN: &str =
    evidence_union!("a.recorded_at >= ?2 AND a.recorded_at < ?3", "at >= ?2 AND at < ?3", "");

pub(super) fn backfilled_row(c: &Columns) -> Result<BackfilledEvidence, StoreError> {
    Ok(BackfilledEvidence {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        title: c.text("title")?,
        did: c.opt_text("did")?,
        at: c.timestamp("at")?,
        on: c.date("on_date")?,
        created_at: c.timestamp("created_at")?,
    })
}

pub(super) fn checkin_row(c: &Columns) -> Result<Checkin, StoreError> {
    let exercise = c.opt_int("exercise_minutes")?;
    Ok(Checkin {
        id: c.parsed("id")?,
        at: c.timestamp("at")?,
        on: c.date("on_date")?,
        measures: Measures {
            sleep_hours: c.opt_sleep("sleep_hours")?,
            exercise_minutes: exercise
                .map(u32::try_from)
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("exercise_minutes: {e}")))?,
            stress: c.opt_rating("stress")?,
            energy: c.opt_rating("energy")?,
            mood: c.opt_rating("mood")?,
        },
    })
}

pub(super) fn role_model_row(c: &Columns) -> Result<RoleModel, StoreError> {
    Ok(RoleModel {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        name: c.validated("name", |t| Name::parse(Field::Name, &t))?,
        similarity: c.opt_rating("similarity")?,
        process: c.opt_text("process")?,
        created_at: c.timestamp("created_at")?,
    })
}

pub(super) fn feedback_row(c: &Columns) -> Result<Feedback, StoreError> {
    Ok(Feedback {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        from: c.validated("giver", |t| Name::parse(Field::From, &t))?,
        credibility: c.opt_rating("credibility")?,
        specificity: c.opt_parsed("specificity")?,
        valence: c.opt_parsed("valence")?,
        text: c.text("body")?,
        received_at: c.timestamp("received_at")?,
    })
}

pub(super) fn evidence_row(c: &Columns) -> Result<EvidenceItem, StoreError> {
    Ok(EvidenceItem {
        source: c.parsed::<EvidenceSource>("source")?,
        id: c.text("id")?,
        domain_id: c.parsed("domain_id")?,
        at: c.timestamp("at")?,
        title: c.text("title")?,
        did: c.opt_text("did")?,
    })
}

/// Binds every check-in column, numbered as `insert_checkin` and `update_checkin` expect.
pub(super) fn bind_checkin(query: Query, c: &Checkin, user: &str) -> Query {
    let m = &c.measures;
    query
        .bind(c.id.to_string())
        .bind(user.to_owned())
        .bind(micros(c.at))
        .bind(c.on.to_string())
        .bind(m.sleep_hours.map(|s| s.hours()))
        .bind(m.exercise_minutes.map(i64::from))
        .bind(int_of(m.stress))
        .bind(int_of(m.energy))
        .bind(int_of(m.mood))
}
