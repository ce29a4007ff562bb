//! The grammar of attribution, insights, the source mix, plans for next time and safety.

use clap::builder::RangedU64ValueParser;
use clap::{Args, Subcommand};
use mastery_domain::attempt::Cause;
use mastery_domain::feedback_request::{DEFAULT_ATTEMPTS, MAX_ATTEMPTS};

use super::choice;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AttributionArgs {
    #[command(subcommand)]
    pub check: Option<AttributionCommand>,
    /// Only this domain (default: all).
    pub domain: Option<String>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum AttributionCommand {
    /// Read one explanation for a fixed-ability explanation; a hint, never a verdict.
    #[command(
        after_help = "Examples:\n  mastery attribution check \"I'm just not a numbers person\"\n  mastery attribution check \"It's not because I'm bad at it, I didn't prepare\""
    )]
    Check {
        /// The explanation, in your words.
        text: String,
    },
}

#[derive(Debug, Args)]
pub struct InsightsArgs {
    /// Only this domain (default: all).
    pub domain: Option<String>,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Only this domain (default: every active one).
    pub domain: Option<String>,
}

// A plan for next time after a setback, given as flags.
#[derive(Debug, Args)]
pub struct NextTimeArgs {
    /// After a failure or partial: what specifically you could do differently next time.
    #[arg(long, value_name = "TEXT", requires = "if_then")]
    pub next_time: Option<String>,
    /// The same as an if–then plan: "If <moment>, then I will <action>".
    #[arg(long, value_name = "PLAN", requires = "next_time")]
    pub if_then: Option<String>,
    /// The cause the plan works on: effort, strategy or preparation (default: read from --next-time).
    #[arg(long, value_parser = choice::<Cause>, requires = "next_time")]
    pub next_cause: Option<Cause>,
}

// `attempt reattribute`.
#[derive(Debug, Args)]
pub struct ReattributeArgs {
    /// The attempt's id, or `last` for your latest failure or partial.
    pub attempt: String,
    /// What specifically you could do differently next time (asked for on a terminal).
    #[arg(long, value_name = "TEXT")]
    pub next_time: Option<String>,
    /// "If <moment>, then I will <action>" (asked for on a terminal).
    #[arg(long, value_name = "PLAN")]
    pub if_then: Option<String>,
    /// effort, strategy or preparation (default: read from --next-time).
    #[arg(long, value_parser = choice::<Cause>)]
    pub cause: Option<Cause>,
}

// `feedback request`.
#[derive(Debug, Args)]
pub struct FeedbackRequestArgs {
    #[arg(long)]
    pub domain: String,
    /// Who the request is for.
    #[arg(long, value_name = "NAME")]
    pub to: Option<String>,
    /// How many recent attempts to name (1–5).
    #[arg(long, default_value_t = DEFAULT_ATTEMPTS, value_name = "N",
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_ATTEMPTS as u64))]
    pub last: usize,
}

// `model list` and `feedback list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this domain.
    #[arg(long)]
    pub domain: Option<String>,
}
