//! Views of scales and audits: the scales a person can take, each audit with its scores, the
//! change between audits, and the generality profile across domains.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::audit::{Audit, Every, Explanation, Generality};
use mastery_domain::domain::LifeArea;
use mastery_domain::ids::AuditId;
use mastery_domain::scale::Scale;
use serde::Serialize;

/// A line of `scale list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScaleSummary {
    pub id: String,
    pub title: String,
    pub area: LifeArea,
    pub domain: Option<String>,
    pub n_items: usize,
    pub builtin: bool,
}

/// A whole scale, for `scale show` and for asking its items.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScaleDetail {
    pub id: String,
    pub title: String,
    pub area: LifeArea,
    pub domain: Option<String>,
    pub builtin: bool,
    pub instructions: String,
    pub threshold: u8,
    pub practice: Option<PracticeView>,
    /// Easy → hard.
    pub items: Vec<ItemView>,
    pub norms: Option<NormsView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeView {
    pub text: String,
    pub levels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemView {
    pub text: String,
    pub rank: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NormsView {
    pub sd: f64,
    pub reliability: f64,
    pub source: Option<String>,
}

impl ScaleDetail {
    pub fn new(s: &Scale, builtin: bool) -> Self {
        Self {
            id: s.id.clone(),
            title: s.title.clone(),
            area: s.area,
            domain: s.domain.clone(),
            builtin,
            instructions: s.instructions.clone(),
            threshold: s.tau(),
            practice: s.practice.as_ref().map(|p| PracticeView { text: p.text.clone(), levels: p.levels.clone() }),
            items: s.items.iter().map(|i| ItemView { text: i.text.clone(), rank: i.rank }).collect(),
            norms: s.norms.as_ref().map(|n| NormsView {
                sd: n.sd,
                reliability: n.reliability,
                source: n.source.clone(),
            }),
        }
    }
}

impl ScaleSummary {
    pub fn new(s: &Scale, builtin: bool) -> Self {
        Self {
            id: s.id.clone(),
            title: s.title.clone(),
            area: s.area,
            domain: s.domain.clone(),
            n_items: s.items.len(),
            builtin,
        }
    }
}

/// What to ask for an audit of one domain: the scale, and whether it is the domain's first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditForm {
    pub domain: String,
    pub domain_name: String,
    pub scale: ScaleDetail,
    pub first_in_domain: bool,
}

/// One audit with its scores and how each was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditView {
    pub id: AuditId,
    pub domain: String,
    pub scale: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub taken_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub taken_on: Date,
    pub strength: f64,
    pub level: usize,
    pub threshold: u8,
    pub composite: f64,
    pub n_items: usize,
    /// One rating per item, easy → hard.
    pub answers: Vec<u8>,
    /// The re-audit interval, e.g. "1 month".
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1 month"))]
    pub every: Every,
    /// When the next audit of this domain falls due.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    /// True for the domain's first audit, its baseline.
    pub first_in_domain: bool,
    pub how: Explanation,
}

impl AuditView {
    pub fn new(a: &Audit, domain_slug: &str, first_in_domain: bool) -> Self {
        let scores = a.scores();
        Self {
            id: a.id,
            domain: domain_slug.to_owned(),
            scale: a.scale_id.clone(),
            taken_at: a.taken_at,
            taken_on: a.taken_on,
            strength: scores.strength,
            level: scores.level,
            threshold: scores.threshold,
            composite: scores.composite,
            n_items: scores.n_items,
            answers: a.answers.iter().map(|c| c.value()).collect(),
            every: a.every,
            due_on: a.due_on(),
            first_in_domain,
            how: scores.explain(),
        }
    }
}

/// Change in strength from a domain's first audit to its latest, on the latest audit's scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeView {
    pub scale: String,
    /// Strength at the first audit.
    pub from: f64,
    /// Strength at the latest audit.
    pub to: f64,
    pub delta: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub from_taken_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub to_taken_at: Timestamp,
    /// The Reliable Change Index; null when the scale has no norms.
    pub rci: Option<f64>,
    /// |RCI| > 1.96; null when the scale has no norms.
    pub reliable: Option<bool>,
    pub s_e: Option<f64>,
    pub s_diff: Option<f64>,
    pub how: String,
}

/// A domain's trajectory, oldest audit first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditHistoryView {
    pub domain: String,
    pub audits: Vec<AuditView>,
    /// Null until the domain has two audits on one scale.
    pub change: Option<ChangeView>,
    /// When the next audit falls due; null before the first.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneralityView {
    #[serde(flatten)]
    pub profile: Generality,
    pub how: String,
}

/// The latest audit of each domain and the generality profile across them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileView {
    pub audits: Vec<AuditView>,
    /// Null without any audit.
    pub generality: Option<GeneralityView>,
    /// Domains created to hold a baseline audit (`audit all`), by slug.
    pub created_domains: Vec<String>,
}

/// A domain whose re-audit is due.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditDueView {
    pub domain: String,
    pub scale: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub last_taken_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1 month"))]
    pub every: Every,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    /// Days since it fell due (0 on the day itself).
    pub overdue_days: i64,
}
