//! What each use case takes. Numbers and choices arrive already validated by the domain's types
//! (the shells parse them at the edge); names, free text, dates and references arrive as typed by
//! the person and are checked here, inside the use case, against the store and the clock.

use mastery_domain::attempt::{Cause, Control, Locus, Outcome, Stability, State};
use mastery_domain::audit::Every;
use mastery_domain::checkin::Measures;
use mastery_domain::domain::LifeArea;
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::measure::{Confidence, Difficulty, Rating};
use mastery_domain::practice::Weekdays;

#[derive(Debug, Clone)]
pub struct NewDomain {
    pub name: String,
    pub area: LifeArea,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct NewGoal {
    /// A domain id, name or slug.
    pub domain: String,
    pub statement: String,
    pub target: Option<f64>,
    pub unit: Option<String>,
    /// A date as typed (ISO 8601 or a human form).
    pub deadline: Option<String>,
    pub why: Option<String>,
    /// The success rate its ladder aims for (0.70–0.90); the engine's default when absent.
    pub target_success: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct NewChallenge {
    /// A goal id or slug (or a domain with exactly one open goal).
    pub goal: String,
    pub title: String,
    /// One step above the hardest rung when absent.
    pub difficulty: Option<Difficulty>,
    pub criterion: Option<String>,
}

/// The "before" half of an attempt.
#[derive(Debug, Clone)]
pub struct PlanAttempt {
    /// A challenge id or slug (`goal-slug/challenge-slug` when the slug is in several goals).
    pub challenge: String,
    pub confidence: Confidence,
    pub state: State,
    /// When the forecast was made, as typed; now when absent.
    pub at: Option<String>,
}

/// The "after" half of an attempt.
#[derive(Debug, Clone)]
pub struct RecordAttempt {
    pub outcome: Outcome,
    pub effort: Option<Rating>,
    pub did: Option<String>,
    pub because: Option<String>,
    pub cause: Option<Cause>,
    pub locus: Option<Locus>,
    pub stability: Option<Stability>,
    pub control: Option<Control>,
    pub lesson: Option<String>,
    /// When the outcome happened, as typed; now when absent.
    pub at: Option<String>,
    /// After a failure or partial: what to do differently next time.
    pub next_time: Option<NextTime>,
}

impl RecordAttempt {
    /// Just the outcome, with nothing else said about it.
    pub fn outcome(outcome: Outcome) -> Self {
        Self {
            outcome,
            effort: None,
            did: None,
            because: None,
            cause: None,
            locus: None,
            stability: None,
            control: None,
            lesson: None,
            at: None,
            next_time: None,
        }
    }
}

/// A plan for next time after a setback: what to do differently, as an if–then plan, and the
/// controllable cause it works on (read from the words when absent).
#[derive(Debug, Clone)]
pub struct NextTime {
    pub next_time: String,
    /// `If <moment>, then I will <action>`, as typed.
    pub if_then: String,
    /// Effort, strategy or preparation.
    pub cause: Option<Cause>,
}

/// A request for feedback to draft.
#[derive(Debug, Clone)]
pub struct FeedbackRequest {
    pub domain: String,
    /// Who it is for.
    pub to: Option<String>,
    /// How many recent attempts to name.
    pub last: usize,
}

#[derive(Debug, Clone, Default)]
pub struct AttemptFilter {
    pub domain: Option<String>,
    pub goal: Option<String>,
    /// As typed.
    pub since: Option<String>,
    /// Newest N only.
    pub last: Option<usize>,
    /// Only attempts still waiting for their outcome.
    pub pending: bool,
}

#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub domain: String,
    pub title: String,
    pub did: Option<String>,
    pub at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewCheckin {
    pub measures: Measures,
    pub at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewRoleModel {
    pub domain: String,
    pub name: String,
    pub similarity: Option<Rating>,
    pub process: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewFeedback {
    pub domain: String,
    pub from: String,
    pub credibility: Option<Rating>,
    pub specificity: Option<Specificity>,
    pub valence: Option<Valence>,
    pub text: String,
    pub at: Option<String>,
}

/// One audit of one domain.
#[derive(Debug, Clone)]
pub struct NewAudit {
    /// A domain id, name or slug.
    pub domain: String,
    /// A scale id; absent: the scale of the domain's last audit, else the one written for the
    /// domain, else its life area's.
    pub scale: Option<String>,
    /// One rating per item, easy → hard.
    pub answers: Vec<Confidence>,
    /// When it was taken, as typed; now when absent.
    pub at: Option<String>,
    /// The re-audit interval; absent: the domain's last one, else monthly.
    pub every: Option<Every>,
}

/// The baseline across life areas: answers for each area's scale.
#[derive(Debug, Clone)]
pub struct NewBaseline {
    pub answers: Vec<(LifeArea, Vec<Confidence>)>,
    pub at: Option<String>,
    pub every: Option<Every>,
}

#[derive(Debug, Clone)]
pub struct NewPracticePlan {
    /// A domain id, name or slug.
    pub domain: String,
    pub minutes: u32,
    pub days: Weekdays,
}

#[derive(Debug, Clone)]
pub struct LogPractice {
    /// A domain id, name or slug.
    pub domain: String,
    pub minutes: u32,
    pub note: Option<String>,
    /// When, as typed; now when absent.
    pub at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DeclareRest {
    /// The day, as typed (today or later).
    pub date: String,
    /// A domain id, name or slug; all practice when absent.
    pub domain: Option<String>,
}

/// Where a program's template comes from.
#[derive(Debug, Clone)]
pub enum ProgramSource {
    /// A built-in template's id (30-day-experiment).
    Builtin(String),
    /// A template's TOML text, read from a file by the shell.
    Toml(String),
}

#[derive(Debug, Clone)]
pub struct StartProgram {
    pub template: ProgramSource,
    /// A domain id, name or slug.
    pub domain: String,
    /// The first day, as typed (today or earlier); today when absent.
    pub at: Option<String>,
    /// Replace the domain's own practice plan with the program's; without it a plan the person
    /// set is kept (the program's is set only where there is none).
    pub replace_plan: bool,
}
