//! Views of attribution, plans for next time, insights, the source mix and feedback requests.

use jiff::Timestamp;
use mastery_domain::attempt::Cause;
use mastery_domain::attribution::{AttributionShares, MonthShares};
use mastery_domain::feedback_request::AskedAbout;
use mastery_domain::ids::AttemptId;
use mastery_domain::insights::Insight;
use mastery_domain::reattribution::Reattribution;
use mastery_domain::source_mix::{Source, SourceCount};
use serde::Serialize;

/// A plan for next time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReattributionView {
    pub cause: Cause,
    pub next_time: String,
    pub if_then: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

impl From<&Reattribution> for ReattributionView {
    fn from(r: &Reattribution) -> Self {
        Self {
            cause: r.cause,
            next_time: r.next_time.clone(),
            if_then: r.if_then.as_str().to_owned(),
            created_at: r.created_at,
        }
    }
}

/// How successes and failures were explained, overall and by month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttributionView {
    /// The domain's slug, or null for all domains.
    pub domain: Option<String>,
    #[serde(flatten)]
    pub shares: AttributionShares,
    /// The pattern in words, when there is one.
    pub pattern_statement: Option<&'static str>,
    /// Failures (and partials) followed by a plan for next time.
    pub plans_for_next_time: usize,
    pub months: Vec<MonthView>,
    pub formula: &'static str,
}

/// The shares of one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    #[serde(flatten)]
    pub shares: AttributionShares,
}

impl From<&MonthShares> for MonthView {
    fn from(m: &MonthShares) -> Self {
        Self { month: format!("{:04}-{:02}", m.year, m.month), shares: m.shares }
    }
}

/// An insight, with the domain it is about (null when it covers every domain).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InsightView {
    #[serde(flatten)]
    pub insight: Insight,
    pub domain: Option<String>,
}

/// The experiences of each source in one domain, and its gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainSourcesView {
    pub domain: String,
    pub sources: Vec<SourceCount>,
    pub gaps: Vec<SourceGapView>,
}

/// A gap in a domain's source mix: which source, whether it has no experience yet (rather than
/// mostly eroding ones), and what to do about it in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceGapView {
    pub source: Source,
    pub missing: bool,
    pub statement: String,
}

/// The source mix of every domain asked for, the daily check-ins (which belong to no domain)
/// and the rules that class each experience.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceMixView {
    pub domains: Vec<DomainSourcesView>,
    pub checkins: SourceCount,
    pub rules: Vec<RuleView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleView {
    pub source: Source,
    pub rule: &'static str,
}

/// An attempt a feedback request names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestedAttemptView {
    pub id: AttemptId,
    #[serde(flatten)]
    pub attempt: AskedAbout,
}

/// A drafted request for feedback; nothing is stored or sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackRequestView {
    pub domain: String,
    pub to: Option<String>,
    pub attempts: Vec<RequestedAttemptView>,
    pub text: String,
}
