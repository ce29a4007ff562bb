//! The grammar of deliberate practice and reviews.

use clap::{Args, Subcommand};
use mastery_domain::practice::{self, Weekdays};

use super::choice;

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum PracticeCommand {
    /// Set a domain's practice plan: minutes a session and the days of the week.
    #[command(
        after_help = "Examples:\n  mastery practice plan public-speaking --minutes 20 --days mon,wed,fri\n  mastery practice plan running --minutes 30            # every day"
    )]
    Plan {
        domain: String,
        /// Minutes a session (1–1440).
        #[arg(long, value_parser = practice::session_minutes, value_name = "N")]
        minutes: u32,
        /// Days of the week: mon,tue,… or daily, weekdays, weekend (default: daily).
        #[arg(long, value_parser = choice::<Weekdays>, default_value = "daily", value_name = "DAYS")]
        days: Weekdays,
    },
    /// Log a practice session.
    #[command(
        after_help = "Examples:\n  mastery practice log public-speaking --minutes 25 --note \"Rehearsed the opening twice\"\n  mastery practice log running --minutes 30 --at \"yesterday 07:00\""
    )]
    Log {
        domain: String,
        /// How long (1–1440 minutes).
        #[arg(long, value_parser = practice::session_minutes, value_name = "N")]
        minutes: u32,
        /// What you practised.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Declare a rest day in advance (today or later); it never counts as a miss.
    #[command(
        after_help = "Examples:\n  mastery practice rest sat\n  mastery practice rest 2026-12-24 --domain running"
    )]
    Rest {
        /// The day: today, tomorrow, sat, 2026-12-24…
        date: String,
        /// Only this domain (default: all practice).
        #[arg(long)]
        domain: Option<String>,
    },
    /// Correct a practice session: how long, what you practised, when.
    #[command(
        after_help = "Examples:\n  mastery practice edit last --minutes 40 --note \"Two full run-throughs\"\n  mastery practice edit last --at \"yesterday 18:00\"\n  mastery export --format json         # the ids, under practice_sessions"
    )]
    Edit(super::PracticeEditArgs),
    /// Consistency per domain: Loop Habit Tracker's score, the streak, and the formula with its inputs.
    #[command(after_help = "Examples:\n  mastery practice status\n  mastery practice status public-speaking --json")]
    Status {
        /// Only this domain (default: every domain with a plan).
        domain: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ReviewCommand {
    /// The week's records and four reflection prompts; answers are saved and re-open with the week.
    #[command(after_help = "Examples:
  mastery review week                                   # this week; on a terminal, asks each prompt
  mastery review week --week 2026-W47 --answer well=\"Kept the morning slot\" \\
      --answer plan=\"If it is Tuesday 7 pm, then I will rehearse the opening\"
  mastery review week --week last --markdown > week.md")]
    Week {
        /// An ISO week (2026-W47), this or last (default: this).
        #[arg(long, default_value = "this")]
        week: String,
        #[command(flatten)]
        answers: ReviewAnswers,
    },
    /// The month's trajectory (success rate, calibration, audits, consistency) and prompts.
    #[command(after_help = "Examples:
  mastery review month                       # this month
  mastery review month --month 2026-10 --answer trajectory=\"Fewer blanks since I rehearse aloud\"
  mastery review month --month last --markdown")]
    Month {
        /// A month (2026-11), this or last (default: this).
        #[arg(long, default_value = "this")]
        month: String,
        #[command(flatten)]
        answers: ReviewAnswers,
    },
}

// Answers to a review's prompts and how to show it.
#[derive(Debug, Args)]
pub struct ReviewAnswers {
    /// Answer one prompt as KEY=TEXT (repeatable), replacing a saved answer; KEY= with no text
    /// removes the saved answer. See the prompts for the keys.
    #[arg(long = "answer", value_name = "KEY=TEXT")]
    pub answers: Vec<String>,
    /// Print the review as Markdown.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CelebrationsArgs {
    #[command(subcommand)]
    pub command: Option<CelebrationsCommand>,
    /// Only this domain (default: all).
    pub domain: Option<String>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum CelebrationsCommand {
    /// Say what effort and what strategy produced a milestone.
    #[command(
        after_help = "Example:\n  mastery celebrations reflect last --effort \"Rehearsed every evening for two weeks\" --strategy \"Recorded myself and fixed one thing each time\""
    )]
    Reflect {
        /// The celebration's id, or last (the newest not yet reflected on).
        celebration: String,
        /// The effort behind it.
        #[arg(long, value_name = "TEXT")]
        effort: Option<String>,
        /// The strategy behind it.
        #[arg(long, value_name = "TEXT")]
        strategy: Option<String>,
        /// Replace a reflection already saved (a terminal asks; scripts must pass this).
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ProgramCommand {
    /// Start a program in a domain: a built-in template or a TOML file; sets the domain's practice
    /// plan where it has none (a plan of your own is kept unless you replace it).
    #[command(after_help = "Examples:
  mastery program start 30-day-experiment --domain public-speaking
  mastery program start 30-day-experiment --domain running --at 2026-11-01
  mastery program start ./my-program.toml --domain spanish
  mastery program start 30-day-experiment --domain running --replace-plan

A template file has: id, title, duration_days, review = \"weekly\"|\"monthly\", pre_audit, post_audit,
and [practice] minutes, days (e.g. \"mon,wed,fri\").")]
    Start {
        /// A built-in template (30-day-experiment) or the path of a template TOML file.
        template: String,
        /// The domain it runs in.
        #[arg(long)]
        domain: String,
        /// The first day (default: today; may be in the past).
        #[arg(long)]
        at: Option<String>,
        /// Replace your own practice plan in the domain with the program's (a terminal asks;
        /// otherwise your plan is kept).
        #[arg(long)]
        replace_plan: bool,
    },
    /// Every program: day N of M, practice, and audits due.
    #[command(after_help = "Example:\n  mastery program status")]
    Status,
    /// Before and after: audit strength, success rate, calibration and consistency, with sources.
    #[command(
        after_help = "Examples:\n  mastery program report            # the latest program\n  mastery program report PROGRAM_ID --json"
    )]
    Report {
        /// The program's id (default: the latest).
        program: Option<String>,
    },
}
