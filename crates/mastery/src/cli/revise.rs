//! Arguments of the commands that correct the record: `… edit`, `goal reopen`, `delete` and
//! `undo`.

use clap::{Args, ValueEnum};
use mastery_domain::domain::LifeArea;
use mastery_domain::goal::parse_target_success;
use mastery_domain::measure::{Confidence, Difficulty};

use super::{After, choice};

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
