//! Naming one record a person wrote, whatever its kind: what a deletion removes, what a
//! tombstone remembers, and what an undo restores.
//!
//! Most records carry an id; a practice plan is named by its domain (one plan a domain), a rest
//! day by its domain and date, a review by its period, a plan for next time by its attempt. The
//! kind's name is the section the export writes the record in, so a tombstone reads the same in
//! the store, in an export and (later) on the wire.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::ids::{
    AttemptId, AuditId, CelebrationId, ChallengeId, CheckinId, DomainId, EvidenceId, FeedbackId, GoalId, ProgramId,
    RoleModelId, SessionId,
};
use crate::review::Period;

/// One record of one person, by kind and key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordRef {
    Domain(DomainId),
    Goal(GoalId),
    Challenge(ChallengeId),
    Attempt(AttemptId),
    /// The plan for next time written after an attempt.
    Reattribution(AttemptId),
    Evidence(EvidenceId),
    Checkin(CheckinId),
    RoleModel(RoleModelId),
    Feedback(FeedbackId),
    Audit(AuditId),
    PracticePlan(DomainId),
    PracticeSession(SessionId),
    RestDay {
        domain: Option<DomainId>,
        on: Date,
    },
    Review(Period),
    Program(ProgramId),
    Celebration(CelebrationId),
}

impl RecordRef {
    /// The kind, as the export's section that holds such records.
    pub fn kind(&self) -> &'static str {
        match self {
            RecordRef::Domain(_) => "domains",
            RecordRef::Goal(_) => "goals",
            RecordRef::Challenge(_) => "challenges",
            RecordRef::Attempt(_) => "attempts",
            RecordRef::Reattribution(_) => "plans_for_next_time",
            RecordRef::Evidence(_) => "evidence",
            RecordRef::Checkin(_) => "checkins",
            RecordRef::RoleModel(_) => "role_models",
            RecordRef::Feedback(_) => "feedback",
            RecordRef::Audit(_) => "audits",
            RecordRef::PracticePlan(_) => "practice_plans",
            RecordRef::PracticeSession(_) => "practice_sessions",
            RecordRef::RestDay { .. } => "rest_days",
            RecordRef::Review(_) => "reviews",
            RecordRef::Program(_) => "programs",
            RecordRef::Celebration(_) => "celebrations",
        }
    }

    /// Where the kind stands among the others when records are written one by one (an import,
    /// a sync): every kind comes after the kinds its records hang off.
    pub fn sync_rank(&self) -> u8 {
        match self {
            RecordRef::Domain(_) => 0,
            RecordRef::Goal(_) => 1,
            RecordRef::Challenge(_) => 2,
            RecordRef::Program(_) => 3,
            RecordRef::Attempt(_) => 4,
            RecordRef::Reattribution(_) => 5,
            RecordRef::Evidence(_) => 6,
            RecordRef::Checkin(_) => 7,
            RecordRef::RoleModel(_) => 8,
            RecordRef::Feedback(_) => 9,
            RecordRef::Audit(_) => 10,
            RecordRef::PracticePlan(_) => 11,
            RecordRef::PracticeSession(_) => 12,
            RecordRef::RestDay { .. } => 13,
            RecordRef::Review(_) => 14,
            RecordRef::Celebration(_) => 15,
        }
    }

    /// The key within its kind: an id, a period (`2026-W47`), or for a rest day its date and
    /// domain (`2026-11-30` for all practice, `2026-11-30/<domain id>` for one domain).
    pub fn key(&self) -> String {
        match self {
            RecordRef::Domain(id) | RecordRef::PracticePlan(id) => id.to_string(),
            RecordRef::Goal(id) => id.to_string(),
            RecordRef::Challenge(id) => id.to_string(),
            RecordRef::Attempt(id) | RecordRef::Reattribution(id) => id.to_string(),
            RecordRef::Evidence(id) => id.to_string(),
            RecordRef::Checkin(id) => id.to_string(),
            RecordRef::RoleModel(id) => id.to_string(),
            RecordRef::Feedback(id) => id.to_string(),
            RecordRef::Audit(id) => id.to_string(),
            RecordRef::PracticeSession(id) => id.to_string(),
            RecordRef::RestDay { domain: None, on } => on.to_string(),
            RecordRef::RestDay { domain: Some(domain), on } => format!("{on}/{domain}"),
            RecordRef::Review(period) => period.to_string(),
            RecordRef::Program(id) => id.to_string(),
            RecordRef::Celebration(id) => id.to_string(),
        }
    }

    /// Reads back what [`RecordRef::kind`] and [`RecordRef::key`] wrote; `None` for anything else.
    pub fn parse(kind: &str, key: &str) -> Option<Self> {
        fn id<T: std::str::FromStr>(key: &str) -> Option<T> {
            key.parse().ok()
        }
        Some(match kind {
            "domains" => RecordRef::Domain(id(key)?),
            "goals" => RecordRef::Goal(id(key)?),
            "challenges" => RecordRef::Challenge(id(key)?),
            "attempts" => RecordRef::Attempt(id(key)?),
            "plans_for_next_time" => RecordRef::Reattribution(id(key)?),
            "evidence" => RecordRef::Evidence(id(key)?),
            "checkins" => RecordRef::Checkin(id(key)?),
            "role_models" => RecordRef::RoleModel(id(key)?),
            "feedback" => RecordRef::Feedback(id(key)?),
            "audits" => RecordRef::Audit(id(key)?),
            "practice_plans" => RecordRef::PracticePlan(id(key)?),
            "practice_sessions" => RecordRef::PracticeSession(id(key)?),
            "rest_days" => match key.split_once('/') {
                Some((on, domain)) => RecordRef::RestDay { domain: Some(id(domain)?), on: id(on)? },
                None => RecordRef::RestDay { domain: None, on: id(key)? },
            },
            "reviews" => RecordRef::Review(id(key)?),
            "programs" => RecordRef::Program(id(key)?),
            "celebrations" => RecordRef::Celebration(id(key)?),
            _ => return None,
        })
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind(), self.key())
    }
}

/// A record deleted, and when: what a device that still holds the record needs to learn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tombstone {
    pub record: RecordRef,
    pub deleted_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    #[test]
    fn every_reference_reads_back_from_its_kind_and_key() {
        let uuid = Uuid::parse_str("0190f0a0-0000-7000-8000-000000000001").unwrap();
        let on = jiff::civil::date(2026, 11, 30);
        let refs = [
            RecordRef::Domain(DomainId::from_uuid(uuid)),
            RecordRef::Goal(GoalId::from_uuid(uuid)),
            RecordRef::Challenge(ChallengeId::from_uuid(uuid)),
            RecordRef::Attempt(AttemptId::from_uuid(uuid)),
            RecordRef::Reattribution(AttemptId::from_uuid(uuid)),
            RecordRef::Evidence(EvidenceId::from_uuid(uuid)),
            RecordRef::Checkin(CheckinId::from_uuid(uuid)),
            RecordRef::RoleModel(RoleModelId::from_uuid(uuid)),
            RecordRef::Feedback(FeedbackId::from_uuid(uuid)),
            RecordRef::Audit(AuditId::from_uuid(uuid)),
            RecordRef::PracticePlan(DomainId::from_uuid(uuid)),
            RecordRef::PracticeSession(SessionId::from_uuid(uuid)),
            RecordRef::RestDay { domain: None, on },
            RecordRef::RestDay { domain: Some(DomainId::from_uuid(uuid)), on },
            RecordRef::Review(Period::Week { year: 2026, week: 47 }),
            RecordRef::Review(Period::Month { year: 2026, month: 11 }),
            RecordRef::Program(ProgramId::from_uuid(uuid)),
            RecordRef::Celebration(CelebrationId::from_uuid(uuid)),
        ];
        for record in refs {
            assert_eq!(RecordRef::parse(record.kind(), &record.key()), Some(record), "{record}");
        }
        assert_eq!(RecordRef::parse("scales", "x"), None);
        assert_eq!(RecordRef::parse("goals", "not-a-uuid"), None);
        assert_eq!(RecordRef::Review(Period::Week { year: 2026, week: 7 }).key(), "2026-W07");
    }
}
