//! Arguments of the scale and audit commands: the scales, an audit's answers, and its schedule.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use mastery_domain::audit::Every;

use super::{AuditEditArgs, answers, every};

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ScaleCommand {
    /// List the scales: built-in and imported.
    #[command(after_help = "Examples:\n  mastery scale list\n  mastery scale list --domain running --builtin")]
    List {
        /// Only scales that fit this domain (written for it, or for its life area).
        #[arg(long)]
        domain: Option<String>,
        /// Only the built-in scales.
        #[arg(long)]
        builtin: bool,
    },
    /// Show a scale: instructions, practice item, items easy to hard, norms.
    #[command(after_help = "Example:\n  mastery scale show public-speaking")]
    Show {
        /// The scale's id, e.g. public-speaking.
        scale: String,
    },
    /// Import a scale you wrote in TOML (the format is in docs/scales.md).
    #[command(after_help = "Example:\n  mastery scale import sales-calls.toml")]
    Import {
        /// The scale file.
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: Option<AuditCommand>,
    /// The domain to audit (id, name or slug).
    pub domain: Option<String>,
    /// The scale to use (default: the domain's last one, else the one written for the domain,
    /// else its life area's).
    #[arg(long)]
    pub scale: Option<String>,
    /// Your ratings, one per item, easy to hard: 0–100 in steps of 10 (asked on a terminal when
    /// absent).
    #[arg(long, value_parser = answers, value_name = "10,40,…")]
    pub answers: Option<Answers>,
    /// When you took it (default: now).
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// When the next audit falls due: monthly (the default), weekly, 2w, 6 weeks, 3m…; kept for
    /// later audits of the domain until changed.
    #[arg(long, value_parser = every, value_name = "INTERVAL")]
    pub every: Option<Every>,
    /// A past success in this domain for your evidence file, "WHAT YOU ACHIEVED::WHAT YOU
    /// DID[::WHEN]"; repeat it (after a first audit a terminal asks for your last three).
    #[arg(long = "success", value_name = "TEXT::DID[::WHEN]")]
    pub successes: Vec<String>,
    /// Skip the invitation to record past successes.
    #[arg(long)]
    pub no_successes: bool,
    /// Only `audit all` reads an answers file; given here it is refused with the way to do it,
    /// and it stays out of this command's help.
    #[arg(long, hide = true, value_name = "FILE")]
    pub answers_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum AuditCommand {
    /// The baseline: the five life-area scales (career, health, relationships, learning,
    /// finances), each in the domain named after its area (created when missing).
    #[command(
        after_help = "Examples:\n  mastery audit all                                  # on a terminal: asks each item\n  mastery audit all --answers-file baseline.txt      # lines like `career: 50,60,…`"
    )]
    All {
        /// A file with one line per area, `career: 50,60,…` (asked on a terminal when absent).
        #[arg(long, value_name = "FILE")]
        answers_file: Option<PathBuf>,
        /// When you took it (default: now).
        #[arg(long, value_name = "WHEN")]
        at: Option<String>,
        /// When the next audits fall due (default: monthly).
        #[arg(long, value_parser = every, value_name = "INTERVAL")]
        every: Option<Every>,
    },
    /// A domain's audits, oldest first, and the change from the first to the latest.
    #[command(after_help = "Example:\n  mastery audit history public-speaking")]
    History {
        /// Domain id, name or slug.
        domain: String,
    },
    /// The latest audit of every domain and the generality profile across them.
    #[command(after_help = "Example:\n  mastery audit profile --json")]
    Profile,
    /// Correct an audit: its ratings (one per item of its scale), when you took it, the interval.
    #[command(
        after_help = "Examples:\n  mastery audit edit last --answers 90,80,70,60,50,40,30,20,10,0\n  mastery audit edit last --at 2026-11-02 --every 2w\n  mastery audit history public-speaking --json   # the ids"
    )]
    Edit(AuditEditArgs),
}

/// Ratings given with --answers.
#[derive(Debug, Clone)]
pub struct Answers(pub Vec<mastery_domain::measure::Confidence>);
