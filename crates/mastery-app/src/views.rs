//! What use cases return: plain, serialisable records shaped as the command-line contract
//! (`CLI.md`) specifies, so `--json` output and the web API share one definition. Domains are
//! named by slug; times are RFC 3339; ids are strings. With the `openapi` feature each view
//! derives its OpenAPI schema, so the API's document is generated from these very types.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::challenge::Challenge;
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::engine::Prediction;
use mastery_domain::goal::Goal;
use mastery_domain::ids::{ChallengeId, DomainId, GoalId};
use mastery_domain::ladder::RungStatus;
use mastery_domain::success::Outcomes;
use serde::Serialize;

mod attempt;
mod audit;
mod celebration;
mod insight;
mod next;
mod practice;
mod program;
mod review;
mod sources;
pub use attempt::*;
pub use audit::*;
pub use celebration::*;
pub use insight::*;
pub use next::*;
pub use practice::*;
pub use program::*;
pub use review::*;
pub use sources::*;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainView {
    pub id: DomainId,
    pub name: String,
    pub slug: String,
    pub area: LifeArea,
    pub description: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub archived_at: Option<Timestamp>,
}

impl From<&Domain> for DomainView {
    fn from(d: &Domain) -> Self {
        Self {
            id: d.id,
            name: d.name.to_string(),
            slug: d.slug.clone(),
            area: d.area,
            description: d.description.clone(),
            created_at: d.created_at,
            archived_at: d.archived_at,
        }
    }
}

/// A domain with its goals and a count of its record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainDetail {
    #[serde(flatten)]
    pub domain: DomainView,
    pub goals: Vec<GoalView>,
    /// The domain's recorded outcomes, by kind.
    #[serde(flatten)]
    pub outcomes: Outcomes,
    /// Their success rate ([`mastery_domain::success`]); null without any.
    pub success_rate: Option<f64>,
    pub role_models: usize,
    pub feedback: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalView {
    pub id: GoalId,
    pub domain: String,
    pub statement: String,
    pub slug: String,
    pub target: Option<f64>,
    pub unit: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub deadline: Option<Date>,
    pub why: Option<String>,
    /// The success rate the ladder aims for.
    pub target_success: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub done_at: Option<Timestamp>,
    /// The celebration finishing it created, present only when it was just finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub celebration: Option<CelebrationView>,
}

impl GoalView {
    pub fn new(g: &Goal, domain_slug: &str) -> Self {
        Self {
            id: g.id,
            domain: domain_slug.to_owned(),
            statement: g.statement.to_string(),
            slug: g.slug.clone(),
            target: g.target.as_ref().map(|t| t.amount),
            unit: g.target.as_ref().and_then(|t| t.unit.clone()),
            deadline: g.deadline,
            why: g.why.clone(),
            target_success: g.target_success_rate(),
            created_at: g.created_at,
            done_at: g.done_at,
            celebration: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeView {
    pub id: ChallengeId,
    pub goal_id: GoalId,
    pub title: String,
    pub slug: String,
    pub difficulty: f64,
    pub criterion: Option<String>,
    pub position: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

impl From<&Challenge> for ChallengeView {
    fn from(c: &Challenge) -> Self {
        Self {
            id: c.id,
            goal_id: c.goal_id,
            title: c.title.to_string(),
            slug: c.slug.clone(),
            difficulty: c.difficulty.value(),
            criterion: c.criterion.clone(),
            position: c.position,
            created_at: c.created_at,
        }
    }
}

/// A goal's ladder, easy → hard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LadderView {
    pub goal_id: GoalId,
    pub goal: String,
    pub domain: String,
    /// The success rate the ladder aims to keep, the zone of effortful success.
    pub target_success: f64,
    pub rungs: Vec<RungView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RungView {
    pub challenge_id: ChallengeId,
    pub title: String,
    pub slug: String,
    pub difficulty: f64,
    pub criterion: Option<String>,
    /// Attempts with an outcome.
    pub attempts: u32,
    pub successes: u32,
    pub partials: u32,
    /// The engine's estimate of success on this rung now (`prediction.chance`, as CLI.md names
    /// it); null until the engine has a basis.
    pub predicted_success: Option<f64>,
    /// The same with its 80% range.
    pub prediction: Option<Prediction>,
    pub status: RungStatus,
}

/// What `demo` wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoSummary {
    pub domains: usize,
    pub goals: usize,
    pub challenges: usize,
    pub attempts: usize,
    pub checkins: usize,
    pub evidence: usize,
    pub role_models: usize,
    pub feedback: usize,
    pub audits: usize,
    pub practice_sessions: usize,
    pub reviews: usize,
}
