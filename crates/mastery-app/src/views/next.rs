//! Views of what to try next and of calibration: the engine's recommendation for a goal, and how
//! well forecasts matched results, overall and by month.

use mastery_domain::calibration::{Bin, Scores};
use mastery_domain::engine::{self, NewRung, Prediction, Recommendation};
use mastery_domain::goal::Goal;
use mastery_domain::ids::{ChallengeId, GoalId};
use serde::Serialize;

/// What to try next for one goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextView {
    pub goal_id: GoalId,
    pub goal: String,
    /// The goal's slug, as commands take it.
    pub goal_slug: String,
    pub domain: String,
    pub challenge_id: ChallengeId,
    /// The rung as commands take it: its slug, or `goal-slug/rung-slug` when another goal has a
    /// rung of that slug; readable where an id is not.
    pub challenge_ref: String,
    pub title: String,
    pub difficulty: f64,
    /// The engine's estimate of success on it (`prediction.chance`, as CLI.md names it); null
    /// before any recorded attempt.
    pub predicted_success: Option<f64>,
    /// The same with its 80% range.
    pub prediction: Option<Prediction>,
    pub target_success: f64,
    /// Why, in a sentence.
    pub reason: String,
    /// An intermediate rung to add when no rung is near the target.
    pub new_rung: Option<NewRung>,
}

impl NextView {
    pub fn new(goal: &Goal, domain_slug: &str, rung_ref: &str, target: f64, rec: Recommendation) -> Self {
        Self {
            goal_id: goal.id,
            goal: goal.statement.to_string(),
            goal_slug: goal.slug.clone(),
            domain: domain_slug.to_owned(),
            challenge_id: rec.challenge_id,
            challenge_ref: rung_ref.to_owned(),
            title: rec.title,
            difficulty: rec.difficulty,
            predicted_success: rec.prediction.map(|p| engine::round_probability(p.chance)),
            prediction: rec.prediction.map(Prediction::rounded),
            target_success: target,
            reason: rec.reason,
            new_rung: rec.new_rung,
        }
    }
}

/// One recommendation (for a goal) or several (for a domain's goals, or all of them).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Next {
    One(Box<NextView>),
    Many(Vec<NextView>),
}

/// Calibration scores, null where there is nothing to score yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreSet {
    pub n: u64,
    pub brier: Option<f64>,
    pub reliability: Option<f64>,
    pub resolution: Option<f64>,
    pub uncertainty: Option<f64>,
    pub bias: Option<f64>,
    pub ece: Option<f64>,
    pub mean_forecast: Option<f64>,
    pub success_rate: Option<f64>,
    pub bins: Vec<Bin>,
}

impl From<Option<Scores>> for ScoreSet {
    fn from(scores: Option<Scores>) -> Self {
        match scores {
            None => Self {
                n: 0,
                brier: None,
                reliability: None,
                resolution: None,
                uncertainty: None,
                bias: None,
                ece: None,
                mean_forecast: None,
                success_rate: None,
                bins: Vec::new(),
            },
            Some(s) => Self {
                n: s.n,
                brier: Some(s.brier),
                reliability: Some(s.reliability),
                resolution: Some(s.resolution),
                uncertainty: Some(s.uncertainty),
                bias: Some(s.bias),
                ece: Some(s.ece),
                mean_forecast: Some(s.mean_forecast),
                success_rate: Some(s.success_rate),
                bins: s.bins,
            },
        }
    }
}

/// Calibration of one domain (or all): the person's forecasts at the top level, the engine's
/// beside them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalibrationView {
    /// The domain's slug; null for all domains together.
    pub domain: Option<String>,
    #[serde(flatten)]
    pub person: ScoreSet,
    /// The same scores for the engine's forecasts of the same attempts.
    pub engine: ScoreSet,
    /// In plain words.
    pub summary: String,
    /// The hard–easy caveat when the evidence is thin.
    pub caveat: Option<String>,
    /// Per month, with `--by month`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<Vec<MonthCalibration>>,
    /// Per domain, when no domain was named.
    #[serde(skip_serializing_if = "Option::is_none")]
    // The schema refers to itself here; collecting schemas must stop rather than recurse.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub domains: Option<Vec<CalibrationView>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthCalibration {
    /// `YYYY-MM`.
    pub month: String,
    #[serde(flatten)]
    pub person: ScoreSet,
    pub engine: ScoreSet,
}
