//! Views of programs and their before/after report.

use jiff::civil::Date;
use mastery_domain::audit::Audit;
use mastery_domain::ids::ProgramId;
use mastery_domain::practice::Weekdays;
use mastery_domain::program::{Cadence, PracticeTemplate, Program};
use mastery_domain::success;
use serde::Serialize;

use super::CelebrationView;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramView {
    pub id: ProgramId,
    pub template: String,
    pub title: String,
    pub domain: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: Date,
    pub duration_days: u32,
    /// Today's day of the program (1-based, capped at its length).
    pub day: u32,
    pub practice: PracticeTemplate,
    pub review: Cadence,
    /// The template asks for an audit at the start and none was taken by its second day.
    pub pre_audit_due: bool,
    /// The template asks for an audit at the end, the end is two days away or past, and none
    /// was taken since.
    pub post_audit_due: bool,
    /// When the program was just started: the practice plan in force and how it came to be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanChange>,
}

/// What starting a program did to the domain's practice plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// There was none: the program's plan is set.
    Set,
    /// The person's own plan is kept (the program's differs, or is the same).
    Kept,
    /// The person's plan was replaced by the program's, as asked.
    Replaced,
}

/// The practice plan in force after a program starts, and how it came to be.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanChange {
    pub action: PlanAction,
    pub minutes: u32,
    pub days: Weekdays,
}

impl ProgramView {
    pub(crate) fn new(p: &Program, domain: &str, today: Date, audits: &[Audit]) -> Self {
        Self {
            id: p.id,
            template: p.template.id.clone(),
            title: p.template.title.clone(),
            domain: domain.to_owned(),
            starts_on: p.starts_on,
            ends_on: p.ends_on(),
            duration_days: p.template.duration_days,
            day: p.day(today),
            practice: p.template.practice.clone(),
            review: p.template.review,
            pre_audit_due: p.template.pre_audit && p.pre_audit(audits).is_none(),
            post_audit_due: p.template.post_audit && today >= p.post_audit_from() && p.post_audit(audits).is_none(),
            plan: None,
        }
    }
}

/// One measure before the program and during it, with where each number comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    /// `audit_strength`, `success_rate`, `calibration_bias` or `consistency`.
    pub measure: &'static str,
    /// The measure in words, as every screen labels it.
    pub label: &'static str,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub delta: Option<f64>,
    pub source_before: String,
    pub source_after: String,
}

impl Comparison {
    pub(crate) fn new(
        measure: &'static str,
        before: Option<f64>,
        after: Option<f64>,
        source_before: String,
        source_after: String,
    ) -> Self {
        let label = match measure {
            "audit_strength" => "Audit strength (0–100)",
            "success_rate" => success::LABEL,
            "calibration_bias" => "Calibration bias",
            "consistency" => "Practice consistency",
            other => other,
        };
        Self {
            measure,
            label,
            before,
            after,
            delta: after.zip(before).map(|(a, b)| a - b),
            source_before,
            source_after,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramReportView {
    pub program: ProgramView,
    /// The last day is past.
    pub finished: bool,
    pub measures: Vec<Comparison>,
    /// The celebration this report created for a finished program (only the first time).
    pub celebration: Option<CelebrationView>,
}
