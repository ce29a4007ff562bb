//! Views of attempts: the forecast before, the record after, and the state it was made in.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::attempt::{Attempt, Cause, Control, Locus, Outcome, Stability};
use mastery_domain::explanation::REATTRIBUTION_PROMPT;
use mastery_domain::ids::{AttemptId, ChallengeId, GoalId};
use mastery_domain::reattribution::{self, Reattribution, Trigger};
use serde::Serialize;

use super::{CelebrationView, ReattributionView};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateView {
    pub sleep_hours: Option<f64>,
    pub energy: Option<u8>,
    pub stress: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptView {
    pub id: AttemptId,
    pub challenge_id: ChallengeId,
    pub challenge: String,
    pub goal_id: GoalId,
    pub domain: String,
    pub confidence: u8,
    /// The engine's predicted success when the forecast was made (null before it had history).
    pub engine_forecast: Option<f64>,
    pub state: StateView,
    pub outcome: Option<Outcome>,
    pub effort: Option<u8>,
    pub did: Option<String>,
    pub because: Option<String>,
    pub cause: Option<Cause>,
    pub locus: Option<Locus>,
    pub stability: Option<Stability>,
    pub control: Option<Control>,
    pub lesson: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub planned_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub planned_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub recorded_at: Option<Timestamp>,
    /// Why this failure's explanation asks for a plan for next time (it sounds like fixed
    /// ability); null otherwise.
    pub reattribution_trigger: Option<Trigger>,
    /// The question to ask while a triggered attempt has no plan yet.
    pub reattribution_prompt: Option<&'static str>,
    /// The celebration this attempt earned (a rung mastered), present only then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub celebration: Option<CelebrationView>,
    /// The plan for next time, once recorded.
    pub reattribution: Option<ReattributionView>,
}

impl AttemptView {
    pub fn new(a: &Attempt, challenge_title: &str, domain_slug: &str) -> Self {
        let state = a.forecast.state;
        let record = a.record.as_ref();
        let attribution = record.map(|r| r.attribution).unwrap_or_default();
        Self {
            id: a.id,
            challenge_id: a.challenge_id,
            challenge: challenge_title.to_owned(),
            goal_id: a.goal_id,
            domain: domain_slug.to_owned(),
            confidence: a.forecast.confidence.value(),
            engine_forecast: a.forecast.engine,
            state: StateView {
                sleep_hours: state.sleep_hours.map(|s| s.hours()),
                energy: state.energy.map(|r| r.value()),
                stress: state.stress.map(|r| r.value()),
            },
            outcome: record.map(|r| r.outcome),
            effort: record.and_then(|r| r.effort).map(|r| r.value()),
            did: record.and_then(|r| r.did.clone()),
            because: record.and_then(|r| r.because.clone()),
            cause: attribution.cause,
            locus: attribution.locus,
            stability: attribution.stability,
            control: attribution.control,
            lesson: record.and_then(|r| r.lesson.clone()),
            planned_at: a.forecast.planned_at,
            planned_on: a.forecast.planned_on,
            recorded_at: record.map(|r| r.recorded_at),
            reattribution_trigger: record.and_then(reattribution::trigger),
            reattribution_prompt: None,
            celebration: None,
            reattribution: None,
        }
        .with_plan(None)
    }

    /// This view with the attempt's plan for next time, if it has one.
    pub fn with_plan(mut self, plan: Option<&Reattribution>) -> Self {
        self.reattribution = plan.map(ReattributionView::from);
        let asks = self.reattribution_trigger.is_some() && self.reattribution.is_none();
        self.reattribution_prompt = asks.then_some(REATTRIBUTION_PROMPT);
        self
    }
}
