//! Arguments of the commands for what a person works towards: domains, goals, the rungs of a
//! ladder, what to try next, and calibration.

use clap::{Args, Subcommand};
use mastery_domain::domain::LifeArea;
use mastery_domain::goal::parse_target_success;
use mastery_domain::measure::Difficulty;

use super::{ChallengeEditArgs, DomainEditArgs, GoalEditArgs, choice};

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum DomainCommand {
    /// Add a domain.
    #[command(
        after_help = "Examples:\n  mastery domain add \"Public speaking\" --area career\n  mastery domain add Running --area health --description \"Road running, 5 to 10 km\""
    )]
    Add {
        /// Its name, e.g. "Public speaking" (asked for on a terminal when absent).
        name: Option<String>,
        #[arg(long, value_parser = choice::<LifeArea>, default_value = "other", help = "Life area: career, health, relationships, learning, finances or other")]
        area: LifeArea,
        /// A sentence on what the domain covers.
        #[arg(long)]
        description: Option<String>,
    },
    /// List domains.
    #[command(after_help = "Examples:\n  mastery domain list\n  mastery domain list --all --json")]
    List {
        /// Include archived domains.
        #[arg(long)]
        all: bool,
    },
    /// Show a domain with its goals and counts.
    #[command(after_help = "Example:\n  mastery domain show public-speaking")]
    Show {
        /// Id, name or slug.
        domain: String,
    },
    /// Correct a domain's name, area or description.
    #[command(after_help = "Example:\n  mastery domain edit running --name \"Trail running\" --area health")]
    Edit(DomainEditArgs),
    /// Archive a domain: its history stays, it leaves lists.
    #[command(after_help = "Example:\n  mastery domain archive running")]
    Archive {
        /// Id, name or slug.
        domain: String,
    },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum GoalCommand {
    /// Add a goal to a domain.
    #[command(
        after_help = "Example:\n  mastery goal add public-speaking \"Give a 10-minute talk at the March meetup\" --deadline 2027-03-15 --why \"To share my research\""
    )]
    Add {
        /// Domain id, name or slug.
        domain: Option<String>,
        /// The goal, specific and measurable.
        statement: Option<String>,
        /// A measurable target, e.g. 10 (with --unit km).
        #[arg(long)]
        target: Option<f64>,
        /// The target's unit, e.g. km.
        #[arg(long, requires = "target")]
        unit: Option<String>,
        /// When, e.g. 2027-03-15 or "next fri".
        #[arg(long)]
        deadline: Option<String>,
        /// Why this goal matters to you.
        #[arg(long)]
        why: Option<String>,
        /// The success rate its ladder aims for, 70–90% (default 80%).
        #[arg(long, value_parser = parse_target_success, value_name = "RATE")]
        success_target: Option<f64>,
    },
    /// List goals.
    #[command(after_help = "Examples:\n  mastery goal list\n  mastery goal list --domain public-speaking --all")]
    List {
        /// Only this domain's goals.
        #[arg(long)]
        domain: Option<String>,
        /// Include goals already reached.
        #[arg(long)]
        all: bool,
    },
    /// Show a goal.
    #[command(after_help = "Example:\n  mastery goal show give-a-10-minute-talk")]
    Show { goal: String },
    /// Mark a goal as reached.
    #[command(after_help = "Example:\n  mastery goal done give-a-10-minute-talk")]
    Done { goal: String },
    /// Correct a goal's statement, deadline, why or success target.
    #[command(
        after_help = "Example:\n  mastery goal edit give-a-10-minute-talk --deadline 2027-04-30 --why \"To share my research\""
    )]
    Edit(GoalEditArgs),
    /// Take back "reached" from a goal marked done by mistake (its celebration goes too).
    #[command(after_help = "Example:\n  mastery goal reopen give-a-10-minute-talk")]
    Reopen { goal: String },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ChallengeCommand {
    /// Add a rung to a goal's ladder.
    #[command(
        after_help = "Example:\n  mastery challenge add give-a-10-minute-talk \"Speak for 2 minutes to a friend\" --difficulty 2 --criterion \"2 minutes without notes\""
    )]
    Add {
        /// Goal id or slug (or a domain with one open goal).
        goal: Option<String>,
        /// What to do, concretely.
        title: Option<String>,
        /// How hard, 1 (easy) to 10 (the goal itself). Default: one step above the hardest rung.
        #[arg(long, value_parser = Difficulty::parse)]
        difficulty: Option<Difficulty>,
        /// What counts as success, decided before trying.
        #[arg(long)]
        criterion: Option<String>,
    },
    /// Correct a rung's title, difficulty (its place on the ladder) or criterion.
    #[command(
        after_help = "Example:\n  mastery challenge edit speak-for-2-minutes-to-a-friend --difficulty 2 --criterion \"2 minutes without notes\""
    )]
    Edit(ChallengeEditArgs),
}

#[derive(Debug, Args)]
pub struct LadderArgs {
    /// Goal id or slug (or a domain with one open goal).
    pub goal: String,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    /// A goal, or a domain (all its open goals). Default: every open goal.
    pub goal: Option<String>,
}

#[derive(Debug, Args)]
pub struct CalibrationArgs {
    /// Only this domain. Default: all domains, with a breakdown per domain.
    pub domain: Option<String>,
    /// Break the scores down by month.
    #[arg(long, value_parser = ["month"], value_name = "month")]
    pub by: Option<String>,
}
