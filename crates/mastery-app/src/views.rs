//! What use cases return: plain, serialisable records shaped as the command-line contract
//! (`CLI.md`) specifies, so `--json` output and the web API share one definition. Domains are
//! named by slug; times are RFC 3339; ids are strings.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::attempt::{Attempt, Cause, Control, Locus, Outcome, Stability};
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::Checkin;
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::evidence::EvidenceSource;
use mastery_domain::explanation::REATTRIBUTION_PROMPT;
use mastery_domain::feedback::{Feedback, Specificity, Valence};
use mastery_domain::goal::Goal;
use mastery_domain::ids::{AttemptId, ChallengeId, CheckinId, DomainId, FeedbackId, GoalId, RoleModelId};
use mastery_domain::ladder::RungStatus;
use mastery_domain::reattribution::{self, Reattribution, Trigger};
use mastery_domain::role_model::RoleModel;
use serde::Serialize;

mod insight;
pub use insight::*;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainView {
    pub id: DomainId,
    pub name: String,
    pub slug: String,
    pub area: LifeArea,
    pub description: Option<String>,
    pub created_at: Timestamp,
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
pub struct DomainDetail {
    #[serde(flatten)]
    pub domain: DomainView,
    pub goals: Vec<GoalView>,
    pub attempts: usize,
    pub successes: usize,
    pub role_models: usize,
    pub feedback: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalView {
    pub id: GoalId,
    pub domain: String,
    pub statement: String,
    pub slug: String,
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub deadline: Option<Date>,
    pub why: Option<String>,
    pub created_at: Timestamp,
    pub done_at: Option<Timestamp>,
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
            created_at: g.created_at,
            done_at: g.done_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChallengeView {
    pub id: ChallengeId,
    pub goal_id: GoalId,
    pub title: String,
    pub slug: String,
    pub difficulty: f64,
    pub criterion: Option<String>,
    pub position: u32,
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
pub struct LadderView {
    pub goal_id: GoalId,
    pub goal: String,
    pub domain: String,
    /// The success rate the ladder aims to keep, the zone of effortful success.
    pub target_success: f64,
    pub rungs: Vec<RungView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The engine's estimate of success on this rung now; null until the engine has a basis.
    pub predicted_success: Option<f64>,
    pub status: RungStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StateView {
    pub sleep_hours: Option<f64>,
    pub energy: Option<u8>,
    pub stress: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptView {
    pub id: AttemptId,
    pub challenge_id: ChallengeId,
    pub challenge: String,
    pub goal_id: GoalId,
    pub domain: String,
    pub confidence: u8,
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
    pub planned_at: Timestamp,
    pub planned_on: Date,
    pub recorded_at: Option<Timestamp>,
    /// Why this failure's explanation asks for a plan for next time (it sounds like fixed
    /// ability); null otherwise.
    pub reattribution_trigger: Option<Trigger>,
    /// The question to ask while a triggered attempt has no plan yet.
    pub reattribution_prompt: Option<&'static str>,
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
pub struct EvidenceView {
    pub id: String,
    pub domain: String,
    pub at: Timestamp,
    pub title: String,
    pub did: Option<String>,
    pub source: EvidenceSource,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckinView {
    pub id: CheckinId,
    pub at: Timestamp,
    pub on: Date,
    pub sleep_hours: Option<f64>,
    pub exercise_minutes: Option<u32>,
    pub stress: Option<u8>,
    pub energy: Option<u8>,
    pub mood: Option<u8>,
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
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleModelView {
    pub id: RoleModelId,
    pub domain: String,
    pub name: String,
    pub similarity: Option<u8>,
    pub process: Option<String>,
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
pub struct FeedbackView {
    pub id: FeedbackId,
    pub domain: String,
    pub from: String,
    pub credibility: Option<u8>,
    pub specificity: Option<Specificity>,
    pub valence: Option<Valence>,
    pub text: String,
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
pub struct DemoSummary {
    pub domains: usize,
    pub goals: usize,
    pub challenges: usize,
    pub attempts: usize,
    pub checkins: usize,
    pub evidence: usize,
    pub role_models: usize,
    pub feedback: usize,
}
