//! What use cases return: plain, serialisable records shaped as the command-line contract
//! (`CLI.md`) specifies, so `--json` output and the web API share one definition. Domains are
//! named by slug; times are RFC 3339; ids are strings. With the `openapi` feature each view
//! derives its OpenAPI schema, so the API's document is generated from these very types.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::attempt::{Attempt, Cause, Control, Locus, Outcome, Stability};
use mastery_domain::audit::{Audit, Every, Explanation, Generality};
use mastery_domain::calibration::{Bin, Scores};
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::Checkin;
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::engine::{self, NewRung, Prediction, Recommendation};
use mastery_domain::evidence::{BackfilledEvidence, EvidenceSource};
use mastery_domain::explanation::REATTRIBUTION_PROMPT;
use mastery_domain::feedback::{Feedback, Specificity, Valence};
use mastery_domain::goal::Goal;
use mastery_domain::ids::{AttemptId, AuditId, ChallengeId, CheckinId, DomainId, FeedbackId, GoalId, RoleModelId};
use mastery_domain::ladder::RungStatus;
use mastery_domain::reattribution::{self, Reattribution, Trigger};
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::Scale;
use mastery_domain::success::Outcomes;
use serde::Serialize;

mod celebration;
mod insight;
mod practice;
mod program;
mod review;
pub use celebration::*;
pub use insight::*;
pub use practice::*;
pub use program::*;
pub use review::*;

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

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceView {
    pub id: String,
    pub domain: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub title: String,
    pub did: Option<String>,
    pub source: EvidenceSource,
}

impl EvidenceView {
    /// A success entered after the fact, its domain named by slug.
    pub fn backfilled(e: &BackfilledEvidence, domain_slug: &str) -> Self {
        Self {
            id: e.id.to_string(),
            domain: domain_slug.to_owned(),
            at: e.at,
            title: e.title.clone(),
            did: e.did.clone(),
            source: EvidenceSource::Backfill,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinView {
    pub id: CheckinId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
    pub sleep_hours: Option<f64>,
    pub exercise_minutes: Option<u32>,
    pub stress: Option<u8>,
    pub energy: Option<u8>,
    pub mood: Option<u8>,
    /// True when saving it updated the day's earlier check-in (one a day); false in lists.
    pub updated: bool,
}

impl From<&Checkin> for CheckinView {
    fn from(c: &Checkin) -> Self {
        let m = c.measures;
        Self {
            id: c.id,
            at: c.at,
            on: c.on,
            sleep_hours: m.sleep_hours.map(|s| s.hours()),
            exercise_minutes: m.exercise_minutes,
            stress: m.stress.map(|r| r.value()),
            energy: m.energy.map(|r| r.value()),
            mood: m.mood.map(|r| r.value()),
            updated: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleModelView {
    pub id: RoleModelId,
    pub domain: String,
    pub name: String,
    pub similarity: Option<u8>,
    pub process: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

impl RoleModelView {
    pub fn new(m: &RoleModel, domain_slug: &str) -> Self {
        Self {
            id: m.id,
            domain: domain_slug.to_owned(),
            name: m.name.to_string(),
            similarity: m.similarity.map(|r| r.value()),
            process: m.process.clone(),
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackView {
    pub id: FeedbackId,
    pub domain: String,
    pub from: String,
    pub credibility: Option<u8>,
    pub specificity: Option<Specificity>,
    pub valence: Option<Valence>,
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub received_at: Timestamp,
}

impl FeedbackView {
    pub fn new(f: &Feedback, domain_slug: &str) -> Self {
        Self {
            id: f.id,
            domain: domain_slug.to_owned(),
            from: f.from.to_string(),
            credibility: f.credibility.map(|r| r.value()),
            specificity: f.specificity,
            valence: f.valence,
            text: f.text.clone(),
            received_at: f.received_at,
        }
    }
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

// ---------------------------------------------------------------------------------------------
// Scales and audits.

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
