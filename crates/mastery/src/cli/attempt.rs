//! Arguments of the attempt commands: the forecast before (`plan`), the honest record after
//! (`record`), or both at once (`log`).

use clap::{Args, Subcommand};
use mastery_domain::Field;
use mastery_domain::attempt::{Cause, Control, Locus, Outcome, Stability};
use mastery_domain::measure::{Confidence, Rating, SleepHours};

use super::{AttemptEditArgs, NextTimeArgs, ReattributeArgs, choice, rating};

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum AttemptCommand {
    /// Before trying: your forecast and your state.
    #[command(
        after_help = "Example:\n  mastery attempt plan speak-for-2-minutes-to-a-friend --confidence 60 --sleep 7 --energy 4 --stress 2"
    )]
    Plan {
        /// Challenge id or slug (goal/challenge when the slug is in several goals).
        challenge: String,
        #[command(flatten)]
        before: Before,
    },
    /// After trying: what happened, what you did, how you explain it.
    #[command(
        after_help = "Example:\n  mastery attempt record last --outcome success --effort 4 --did \"Rehearsed the opening three times\" --cause preparation"
    )]
    Record {
        /// The attempt's id, or `last` for the latest attempt without an outcome.
        attempt: String,
        /// When it happened (default: now); the same as --recorded-at.
        #[arg(long, value_name = "WHEN", conflicts_with = "recorded_at")]
        at: Option<String>,
        #[command(flatten)]
        after: After,
        #[command(flatten)]
        next: NextTimeArgs,
    },
    /// Forecast and outcome in one go.
    #[command(
        after_help = "Example:\n  mastery attempt log speak-for-2-minutes-to-a-friend --confidence 50 --outcome success --did \"Used three cue cards\""
    )]
    Log {
        challenge: String,
        #[command(flatten)]
        before: Before,
        #[command(flatten)]
        after: After,
        #[command(flatten)]
        next: NextTimeArgs,
    },
    /// After a setback: what you could do differently next time, as an if–then plan.
    #[command(
        after_help = "Example:\n  mastery attempt reattribute last --next-time \"Rehearse the opening out loud\" --if-then \"If my mind goes blank, then I will look at my first cue card\""
    )]
    Reattribute(ReattributeArgs),
    /// Correct an attempt's forecast or record.
    #[command(
        after_help = "Example:\n  mastery attempt edit last --outcome partial --did \"Finished, but read from my notes\""
    )]
    Edit(AttemptEditArgs),
    /// List attempts, oldest first.
    #[command(
        after_help = "Examples:\n  mastery attempt list --domain public-speaking --last 10\n  mastery attempt list --since mon --json"
    )]
    List {
        /// Only this domain's attempts (id, name or slug).
        #[arg(long)]
        domain: Option<String>,
        /// Only this goal's attempts (id or slug).
        #[arg(long)]
        goal: Option<String>,
        /// Only attempts since this date, e.g. 2026-11-01 or "mon".
        #[arg(long)]
        since: Option<String>,
        /// Only the newest N.
        #[arg(long, value_name = "N")]
        last: Option<usize>,
    },
}

// What is known before an attempt.
#[derive(Debug, Args)]
pub struct Before {
    /// How certain you are that you can do it, as of now: 0–100 in steps of 10.
    #[arg(long, value_parser = Confidence::parse, value_name = "0-100")]
    pub confidence: Option<Confidence>,
    /// Hours slept last night (0–24).
    #[arg(long, value_parser = SleepHours::parse, value_name = "HOURS")]
    pub sleep: Option<SleepHours>,
    /// Energy, 1 (drained) to 5 (full).
    #[arg(long, value_parser = rating(Field::Energy), value_name = "1-5")]
    pub energy: Option<Rating>,
    /// Stress or nerves, 1 (calm) to 5 (very tense).
    #[arg(long, value_parser = rating(Field::Stress), value_name = "1-5")]
    pub stress: Option<Rating>,
    /// When you made the forecast (default: now).
    #[arg(long = "at", value_name = "WHEN")]
    pub planned_at: Option<String>,
}

// What is recorded after an attempt.
#[derive(Debug, Args)]
pub struct After {
    /// success, partial or failure.
    #[arg(long, value_parser = choice::<Outcome>)]
    pub outcome: Option<Outcome>,
    /// Effort you put in, 1 (little) to 5 (everything).
    #[arg(long, value_parser = rating(Field::Effort), value_name = "1-5")]
    pub effort: Option<Rating>,
    /// What you did: your strategy, in your words.
    #[arg(long)]
    pub did: Option<String>,
    /// Why you think it went that way.
    #[arg(long)]
    pub because: Option<String>,
    /// The main cause: ability, effort, strategy, preparation, difficulty, luck, others, state or other.
    #[arg(long, value_parser = choice::<Cause>)]
    pub cause: Option<Cause>,
    /// internal or external (default: the cause's usual placement).
    #[arg(long, value_parser = choice::<Locus>)]
    pub locus: Option<Locus>,
    /// stable or unstable (default: the cause's usual placement).
    #[arg(long, value_parser = choice::<Stability>)]
    pub stability: Option<Stability>,
    /// controllable or uncontrollable (default: the cause's usual placement).
    #[arg(long, value_parser = choice::<Control>)]
    pub control: Option<Control>,
    /// What this taught you.
    #[arg(long)]
    pub lesson: Option<String>,
    /// When it happened (default: now; for `log`, the forecast time).
    #[arg(long = "recorded-at", value_name = "WHEN")]
    pub recorded_at: Option<String>,
}
