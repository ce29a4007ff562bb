//! Arguments of the commands that correct the record: `… edit` (of every kind a person writes),
//! `goal reopen`, `delete` and `undo`.

use clap::{Args, ValueEnum};
use mastery_domain::Field;
use mastery_domain::audit::Every;
use mastery_domain::domain::LifeArea;
use mastery_domain::goal::parse_target_success;
use mastery_domain::measure::{Confidence, Difficulty, Rating};
use mastery_domain::practice;

use super::{After, FeedbackTraits, MeasureArgs, choice};

/// The kinds of record `mastery delete` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeleteKind {
    Domain,
    Goal,
    #[value(alias = "rung")]
    Challenge,
    Attempt,
    /// A success entered after the fact.
    Evidence,
    Checkin,
    #[value(alias = "role-model")]
    Model,
    Feedback,
    Audit,
    /// A practice session.
    Practice,
    /// A review's answers, by period (2026-W47, 2026-11).
    Review,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// What kind of record.
    #[arg(value_enum)]
    pub kind: DeleteKind,
    /// Which one: an id, a slug or name (domains, goals, rungs), a period (reviews), or `last`
    /// for the latest of its kind.
    pub reference: String,
    /// Delete what hangs off it (a goal's rungs and attempts, …) without asking.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct DomainEditArgs {
    /// Id, name or slug.
    pub domain: String,
    /// A new name (the slug follows it).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, value_parser = choice::<LifeArea>, help = "Life area: career, health, relationships, learning, finances or other")]
    pub area: Option<LifeArea>,
    /// A new description; "" clears it.
    #[arg(long)]
    pub description: Option<String>,
}

#[derive(Debug, Args)]
pub struct GoalEditArgs {
    /// Id or slug.
    pub goal: String,
    /// A new statement (the slug follows it).
    #[arg(long)]
    pub statement: Option<String>,
    /// A new deadline, e.g. 2027-03-15; "" clears it.
    #[arg(long)]
    pub deadline: Option<String>,
    /// Why it matters; "" clears it.
    #[arg(long)]
    pub why: Option<String>,
    /// The success rate its ladder aims for, 70–90%.
    #[arg(long, value_parser = parse_target_success, value_name = "RATE")]
    pub success_target: Option<f64>,
}

#[derive(Debug, Args)]
pub struct ChallengeEditArgs {
    /// Rung id or slug (goal/rung when the slug is in several goals).
    pub challenge: String,
    /// A new title (the slug follows it).
    #[arg(long)]
    pub title: Option<String>,
    /// A new difficulty, 1–10: the rung moves to its place on the ladder.
    #[arg(long, value_parser = Difficulty::parse)]
    pub difficulty: Option<Difficulty>,
    /// What counts as success; "" clears it.
    #[arg(long)]
    pub criterion: Option<String>,
}

#[derive(Debug, Args)]
pub struct AttemptEditArgs {
    /// The attempt's id, or `last` for the latest attempt.
    pub attempt: String,
    /// The forecast, corrected: 0–100 in steps of 10.
    #[arg(long, value_parser = Confidence::parse, value_name = "0-100")]
    pub confidence: Option<Confidence>,
    /// The record's fields, corrected (an empty text clears one).
    #[command(flatten)]
    pub after: After,
}

// The record to correct, as the list with `--json` shows it (or `last`).
#[derive(Debug, Args)]
pub struct RecordId {
    /// The record's id (shown with --json by its list), or `last` for the latest.
    pub id: String,
}

#[derive(Debug, Args)]
pub struct EvidenceEditArgs {
    #[command(flatten)]
    pub record: RecordId,
    /// What you achieved, corrected.
    #[arg(long)]
    pub text: Option<String>,
    /// What you did to achieve it; "" clears it.
    #[arg(long)]
    pub did: Option<String>,
    /// When it happened.
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ModelEditArgs {
    #[command(flatten)]
    pub record: RecordId,
    /// Their name, corrected.
    #[arg(long)]
    pub name: Option<String>,
    /// How similar they are to you, 1–5.
    #[arg(long, value_parser = super::rating(Field::Similarity), value_name = "1-5")]
    pub similarity: Option<Rating>,
    /// How they did it; "" clears it.
    #[arg(long)]
    pub process: Option<String>,
}

#[derive(Debug, Args)]
pub struct FeedbackEditArgs {
    #[command(flatten)]
    pub record: RecordId,
    /// Who gave it.
    #[arg(long)]
    pub from: Option<String>,
    /// What they said.
    #[arg(long)]
    pub text: Option<String>,
    #[command(flatten)]
    pub traits: FeedbackTraits,
    /// When you received it.
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct PracticeEditArgs {
    #[command(flatten)]
    pub record: RecordId,
    /// How long (1–1440 minutes).
    #[arg(long, value_parser = practice::session_minutes, value_name = "N")]
    pub minutes: Option<u32>,
    /// What you practised; "" clears it.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When it happened; the day follows.
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct AuditEditArgs {
    #[command(flatten)]
    pub record: RecordId,
    /// Your ratings, one per item of the audit's scale, easy to hard: 0–100 in steps of 10.
    #[arg(long, value_parser = super::answers, value_name = "10,40,…")]
    pub answers: Option<super::Answers>,
    /// When you took it.
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// When the next audit falls due: monthly, weekly, 2w, 6 weeks, 3m…
    #[arg(long, value_parser = super::every, value_name = "INTERVAL")]
    pub every: Option<Every>,
}

#[derive(Debug, Args)]
pub struct CheckinEditArgs {
    #[command(flatten)]
    pub record: RecordId,
    /// The measures to correct; those not given stay as they are.
    #[command(flatten)]
    pub measures: MeasureArgs,
}
