//! Views of practice: plans, sessions, rest days and the consistency status.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::ids::SessionId;
use mastery_domain::practice::{Consistency, DayScore, PracticeDays, PracticePlan, PracticeSession, Weekdays};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticePlanView {
    pub domain: String,
    pub minutes: u32,
    pub days: Weekdays,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
}

impl PracticePlanView {
    pub fn new(plan: &PracticePlan, domain: &str) -> Self {
        Self { domain: domain.to_owned(), minutes: plan.minutes, days: plan.days, starts_on: plan.starts_on }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeSessionView {
    pub id: SessionId,
    pub domain: String,
    pub minutes: u32,
    pub note: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
}

impl PracticeSessionView {
    pub fn new(s: &PracticeSession, domain: &str) -> Self {
        Self { id: s.id, domain: domain.to_owned(), minutes: s.minutes, note: s.note.clone(), at: s.at, on: s.on }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RestDayView {
    /// The domain, or null for a rest from all practice.
    pub domain: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
}

/// One domain's consistency (`practice status` in CLI.md) and what today asks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeStatusView {
    pub domain: String,
    /// Loop's score, 0–1.
    pub score: f64,
    pub streak: u32,
    pub planned_days: u32,
    pub kept_days: u32,
    pub rest_days: u32,
    pub formula: String,
    pub minutes: u32,
    pub days: Weekdays,
    /// Today is a planned day, not a rest day, and no session is logged yet.
    pub due_today: bool,
}

impl PracticeStatusView {
    pub(crate) fn new(plan: &PracticePlan, domain: String, c: Consistency, days: &PracticeDays, today: Date) -> Self {
        let due_today = days.due_on(plan, today);
        Self {
            domain,
            score: c.score,
            streak: c.streak,
            planned_days: c.kept.planned_days,
            kept_days: c.kept.kept_days,
            rest_days: c.kept.rest_days,
            formula: c.formula,
            minutes: plan.minutes,
            days: plan.days,
            due_today,
        }
    }
}

/// One planned domain's consistency day by day, oldest first, for the chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsistencyHistoryView {
    pub domain: String,
    pub days: Vec<DayScore>,
}
