//! The command-line grammar, declared with clap. Values are parsed into the domain's own types
//! here, at the edge, so a bad confidence or an unknown outcome is refused with the domain's
//! message and exit code 2 before anything runs.

use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, Parser, Subcommand};
use mastery_domain::ValidationError;
use mastery_domain::attempt::{Cause, Control, Locus, Outcome, Stability};
use mastery_domain::audit::{self, Every};
use mastery_domain::checkin::Measures;
use mastery_domain::domain::LifeArea;
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::goal::parse_target_success;
use mastery_domain::measure::{Confidence, Difficulty, Rating, SleepHours};

mod data;
mod insight;
mod practice;
mod revise;
mod sync;
pub use data::*;
pub use insight::*;
pub use practice::*;
pub use revise::*;
pub use sync::*;

/// Mastery: become capable and confident in a specific domain, the way the research says it works.
#[derive(Debug, Parser)]
#[command(name = "mastery", version, propagate_version = true, max_term_width = 100)]
#[command(
    after_help = "Start with `mastery demo --data-dir /tmp/mastery-demo` to explore, or `mastery domain add \"Public speaking\"` to begin your own.\nNeed help now? `mastery help-now` lists crisis lines."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Where the data lives (the file mastery.db inside it). Default: your XDG data directory.
    #[arg(long, global = true, env = "MASTERY_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print machine-readable JSON on stdout, and nothing else.
    #[arg(long, global = true)]
    pub json: bool,
    /// Print nothing on success (errors still go to stderr).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the data store (safe to run again).
    #[command(after_help = "Example:\n  mastery init\n  mastery --data-dir ~/mastery-work init")]
    Init,
    /// Fill an empty store with a realistic three-month history to explore.
    #[command(
        after_help = "Example:\n  mastery --data-dir /tmp/mastery-demo demo && mastery --data-dir /tmp/mastery-demo evidence"
    )]
    Demo(DemoArgs),
    /// Domains of capability: public speaking, running, a language…
    #[command(subcommand)]
    #[command(after_help = "Examples:\n  mastery domain add \"Public speaking\" --area career\n  mastery domain list")]
    Domain(DomainCommand),
    /// Specific, measurable goals within a domain.
    #[command(
        after_help = "Examples:\n  mastery goal add public-speaking \"Give a 10-minute talk\" --deadline 2027-03-15\n  mastery goal list"
    )]
    #[command(subcommand)]
    Goal(GoalCommand),
    /// Rungs of a goal's ladder.
    #[command(
        after_help = "Examples:\n  mastery challenge add give-a-10-minute-talk \"Speak for 2 minutes to a friend\" --difficulty 2\n  mastery ladder give-a-10-minute-talk"
    )]
    #[command(subcommand)]
    Challenge(ChallengeCommand),
    /// Show a goal's ladder, easy to hard, with progress on each rung.
    #[command(
        after_help = "Examples:\n  mastery ladder give-a-10-minute-talk\n  mastery ladder public-speaking   # a domain with one open goal"
    )]
    Ladder(LadderArgs),
    /// What to try next: the rung that keeps success near your target.
    #[command(
        after_help = "Examples:\n  mastery next                    # every open goal\n  mastery next public-speaking    # a goal, or a domain's goals"
    )]
    Next(NextArgs),
    /// How your forecasts compare with your results (and the engine's).
    #[command(after_help = "Examples:\n  mastery calibration\n  mastery calibration public-speaking --by month")]
    Calibration(CalibrationArgs),
    /// Forecast an attempt, record how it went, or both at once.
    #[command(
        after_help = "Examples:\n  mastery attempt plan speak-for-2-minutes-to-a-friend --confidence 60\n  mastery attempt record last --outcome success --did \"Rehearsed twice\"\n  mastery attempt list --domain public-speaking"
    )]
    #[command(subcommand)]
    Attempt(AttemptCommand),
    /// Your evidence file: successes and what you did to get them.
    #[command(args_conflicts_with_subcommands = true)]
    #[command(
        after_help = "Examples:\n  mastery evidence public-speaking --last 3\n  mastery evidence add public-speaking \"Gave the toast at my sister's wedding\" --did \"Wrote it on cards\" --at 2025-06-14"
    )]
    Evidence(EvidenceArgs),
    /// Record today's sleep, exercise, stress, energy and mood (one check-in a day: a second
    /// one updates the day's), or list past check-ins.
    #[command(args_conflicts_with_subcommands = true)]
    #[command(
        after_help = "Examples:\n  mastery checkin --sleep 6.5 --exercise 30 --stress 3 --energy 4 --mood 4\n  mastery checkin --mood 4              # later the same day: updates today's check-in\n  mastery checkin list --last 7"
    )]
    Checkin(CheckinArgs),
    /// Role models: people similar to you who did it.
    #[command(
        after_help = "Example:\n  mastery model add \"Dana (team lead)\" --domain public-speaking --similarity 4"
    )]
    #[command(subcommand)]
    Model(ModelCommand),
    /// Feedback you received, and requests for more.
    #[command(
        after_help = "Examples:\n  mastery feedback add --domain public-speaking --from Sam --specific --valence positive --text \"The pause worked\"\n  mastery feedback request --domain public-speaking --to Sam"
    )]
    #[command(subcommand)]
    Feedback(FeedbackCommand),
    /// Efficacy scales: the items an audit asks, easy to hard.
    #[command(
        after_help = "Examples:\n  mastery scale list --domain public-speaking\n  mastery scale show public-speaking"
    )]
    #[command(subcommand)]
    Scale(ScaleCommand),
    /// Efficacy audits: how certain you are, as of now, that you can do what a domain demands.
    #[command(args_conflicts_with_subcommands = true)]
    #[command(after_help = "Examples:
  mastery audit public-speaking                      # on a terminal: asks each item
  mastery audit public-speaking --answers 90,80,70,60,50,40,30,20,10,0
  mastery audit all                                  # the baseline across five life areas
  mastery audit all --answers-file baseline.txt      # lines like `career: 50,60,…`
  mastery audit history public-speaking              # the trajectory and the change
  mastery audit profile                              # the latest audit of every domain")]
    Audit(AuditArgs),
    /// What is due today: next challenges, practice, check-in, the weekly review and re-audits.
    #[command(after_help = "Examples:\n  mastery status\n  mastery status --json")]
    Status,
    /// How you explain successes and failures, overall and by month.
    #[command(
        after_help = "Examples:\n  mastery attribution\n  mastery attribution public-speaking\n  mastery attribution check \"I always freeze\""
    )]
    Attribution(AttributionArgs),
    /// What goes with your confidence and results: state, streaks, and gaps in your sources.
    #[command(after_help = "Examples:\n  mastery insights\n  mastery insights public-speaking --json")]
    Insights(InsightsArgs),
    /// The four sources of belief per domain, each experience classed as building or eroding.
    #[command(after_help = "Example:\n  mastery sources public-speaking")]
    Sources(SourcesArgs),
    /// Deliberate practice: plans, sessions, rest days and consistency.
    #[command(subcommand)]
    #[command(
        after_help = "Examples:\n  mastery practice plan running --minutes 30 --days mon,wed,fri\n  mastery practice log running --minutes 30\n  mastery practice status"
    )]
    Practice(PracticeCommand),
    /// Weekly and monthly reviews: the period's records and reflection prompts.
    #[command(subcommand)]
    #[command(after_help = "Examples:\n  mastery review week\n  mastery review month --month last --markdown")]
    Review(ReviewCommand),
    /// Programs: a 30-day experiment or your own template, with a before/after report.
    #[command(subcommand)]
    #[command(
        after_help = "Examples:\n  mastery program start 30-day-experiment --domain public-speaking\n  mastery program report"
    )]
    Program(ProgramCommand),
    /// Export your records: all of them as JSON, or the practice plan as a calendar.
    #[command(after_help = "JSON holds every record, in the document described by docs/export.schema.json; \
`mastery import` reads it back.

Examples:
  mastery export --format json --output mastery.json
  mastery export --format json | jq '.attempts | length'
  mastery export --format csv --output mastery-csv/      # attempts.csv, domains.csv, …
  mastery export --format markdown --output notes.md     # evidence, celebrations, reviews
  mastery export --format ics --output ~/mastery.ics")]
    Export(ExportArgs),
    /// Bring in a JSON export (merged into your store by id), a Daylio diary or Loop habits.
    #[command(after_help = "Records already in your store (the same id) are kept as they are; new ones are added; \
one that cannot go in beside yours (a domain whose name you already use) is skipped, with what hangs \
off it, and the report says why. A damaged file is refused whole: nothing is written.

--from daylio reads Daylio's CSV export: each day's entries become one check-in with their mean mood \
(rad 5, good 4, meh 3, bad 2, awful 1). A day that already has a check-in with a mood is kept, so \
importing the same file again adds nothing. Activities, notes and unknown columns are left out, and \
the report says so.

--from loop reads Loop Habit Tracker's CSV export (the ZIP, or its unpacked folder): each habit becomes \
a domain named after it (or the domain of that name you have) with a practice plan of as many days a \
week as its frequency; each day done becomes a session at noon, of --minutes (default 15, or the \
amount of a habit counted in minutes or hours); a skipped day becomes a rest day. A day that already \
has a session is kept, so importing the same export again adds nothing.

Examples:
  mastery import mastery.json --dry-run               # what would be added, kept and skipped
  mastery import mastery.json
  mastery --data-dir /tmp/copy import mastery.json    # a fresh store from an export
  mastery import --from daylio daylio_export.csv --dry-run
  mastery import --from loop \"Loop Habits CSV 2026-12-06.zip\" --minutes 20")]
    Import(ImportArgs),
    /// Copy your store to a file, safely, even while Mastery is writing to it.
    #[command(
        after_help = "The copy is a complete SQLite database, readable by you only. Keep it somewhere other than this disk.

Examples:
  mastery backup                              # mastery-backup-2026-12-06-070015.db here
  mastery backup ~/backups/mastery-monday.db"
    )]
    Backup(BackupArgs),
    /// Replace your store with a backup; the records in it now are not kept.
    #[command(
        after_help = "The backup is checked first (an SQLite file, intact, from this or an older Mastery) and put in \
place in one step, so a refused file or a crash leaves your store as it was. Stop `mastery serve` first. \
Take a `mastery backup` before, if you may want today's records back.

Examples:
  mastery restore ~/backups/mastery-monday.db
  mastery --data-dir /tmp/look restore monday.db    # look at a backup, your store untouched"
    )]
    Restore(RestoreArgs),
    /// Milestones reached (rungs mastered, goals finished) and what produced them.
    #[command(
        after_help = "Examples:\n  mastery celebrations\n  mastery celebrations public-speaking --json\n  mastery celebrations reflect last --effort \"…\" --strategy \"…\""
    )]
    Celebrations(CelebrationsArgs),
    /// Delete a record, with what hangs off it (`mastery undo` brings it back).
    #[command(
        after_help = "Examples:\n  mastery delete attempt last\n  mastery delete challenge speak-for-2-minutes-to-a-friend --yes\n  mastery delete review 2026-W47"
    )]
    Delete(DeleteArgs),
    /// Revert the latest change; again to go further back.
    #[command(after_help = "Example:\n  mastery undo")]
    Undo,
    /// Sign this device in to a Mastery server, to sync your records with your other devices.
    #[command(
        after_help = "Your records stay on this device; `mastery sync` sends them to the server and brings back what your other devices sent. The sign-in is kept in ~/.config/mastery/login.toml (beside the store with --data-dir), readable by you only.

Examples:
  mastery login https://mastery.example.org --user ada
  printf '%s\\n' \"$PASSWORD\" | mastery login https://mastery.example.org --user ada --password-stdin
  mastery --data-dir /tmp/phone login http://127.0.0.1:8080 --user ada"
    )]
    Login(LoginArgs),
    /// Send this device's changes to the server, and bring back your other devices' changes.
    #[command(
        after_help = "Safe to run at any time and to stop half-way: what was not sent yet is sent next time. A record changed on two devices keeps the later change; a deletion wins over an earlier edit; a name another device took first is renamed (running-2) and said so.

Examples:
  mastery sync
  mastery sync --json"
    )]
    Sync,
    /// Sign this device out of its server; your records stay on it.
    #[command(after_help = "Example:\n  mastery logout")]
    Logout,
    /// Open Mastery in your browser: a local web app on this machine only.
    #[command(
        after_help = "Examples:\n  mastery serve                 # http://127.0.0.1:7878/\n  mastery serve --demo          # the demo history, in a store of its own"
    )]
    Serve(ServeArgs),
    /// Run Mastery for many people: accounts, on a PostgreSQL database (or an SQLite file).
    #[command(
        after_help = "Settings come from flags, then MASTERY_* variables, then the --config file (TOML keys: database, bind, port, public_url, signup, max_connections, session_idle_days, session_days, log, smtp_url, mail_from).\n\nE-mail (invitations, a weekly digest) is sent only with --smtp-url and --mail-from; without them people share invitation links themselves. The SMTP URL's password is never logged or shown.\n\nExamples:\n  mastery server --database postgres://mastery@localhost/mastery\n  mastery server --database sqlite:///srv/mastery/server.db --signup invite\n  mastery server --config /etc/mastery/server.toml --public-url https://mastery.example.org\n  MASTERY_SMTP_URL=smtps://mastery:PASSWORD@mail.example.org mastery server --database postgres://mastery@localhost/mastery --mail-from \"Mastery <mastery@example.org>\""
    )]
    Server(ServerArgs),
    /// Need help now? Crisis lines to call or text.
    #[command(name = "help-now", after_help = "Example:\n  mastery help-now")]
    HelpNow,
    /// Print the completion script for a shell: commands, flags and choices complete on Tab.
    #[command(after_help = "Examples:
  mastery completions bash > ~/.local/share/bash-completion/completions/mastery
  mastery completions zsh > ~/.zfunc/_mastery        # with fpath+=~/.zfunc before compinit
  mastery completions fish > ~/.config/fish/completions/mastery.fish")]
    Completions(CompletionsArgs),
    /// Print a manual page (roff) for `man`, or write every command's page into a directory.
    #[command(after_help = "Examples:
  mastery man | man -l -                              # read it now
  mastery man attempt log | man -l -                  # one command's page
  mastery man --dir ~/.local/share/man/man1 && man mastery-attempt-log")]
    Man(ManArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// The command whose page to print, such as `attempt log` [default: mastery itself].
    pub command: Vec<String>,
    /// Write every page (mastery.1, mastery-attempt-log.1, …) into this directory instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on.
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// The address to listen on; loopback keeps it on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Serve the demo history from a separate store (DIR/demo), never your own records.
    #[arg(long)]
    pub demo: bool,
    /// Allow --bind to an address other machines reach: anyone who can reach it reads and
    /// changes your records, with no password (`mastery server` has accounts).
    #[arg(long)]
    pub allow_network: bool,
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// The database: postgres://USER[:PASSWORD]@HOST[:PORT]/DB, or sqlite://PATH.
    #[arg(long, env = "MASTERY_DATABASE_URL", hide_env_values = true)]
    pub database: Option<String>,
    /// The address to listen on [default: 127.0.0.1; behind a reverse proxy keep it on loopback].
    #[arg(long, env = "MASTERY_BIND")]
    pub bind: Option<std::net::IpAddr>,
    /// The port to listen on [default: 8080].
    #[arg(long, env = "MASTERY_PORT")]
    pub port: Option<u16>,
    /// The address people use, such as https://mastery.example.org [default: http://BIND:PORT].
    #[arg(long, env = "MASTERY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Who may create an account: open, invite (with a link from a member) or closed [default: open].
    #[arg(long, env = "MASTERY_SIGNUP")]
    pub signup: Option<String>,
    /// Database connections to keep at most [default: 16].
    #[arg(long, env = "MASTERY_MAX_CONNECTIONS")]
    pub max_connections: Option<u32>,
    /// What to log, as a tracing filter [default: info].
    #[arg(long, env = "MASTERY_LOG")]
    pub log: Option<String>,
    /// The mail relay for invitations and the weekly digest: smtps://USER:PASSWORD@HOST[:PORT]
    /// (TLS), smtp://USER:PASSWORD@HOST[:PORT]?tls=required (STARTTLS), or smtp://HOST:PORT (in
    /// the clear, for a relay on this machine) [default: no e-mail].
    #[arg(long, env = "MASTERY_SMTP_URL", hide_env_values = true, value_name = "URL")]
    pub smtp_url: Option<String>,
    /// The sender of that mail, such as "Mastery <mastery@example.org>"; needed with --smtp-url.
    #[arg(long, env = "MASTERY_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,
    /// How often, in seconds, to look for weekly digests that are due (each person still gets
    /// at most one a week); for tests.
    #[arg(long, hide = true, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..))]
    pub digest_check_secs: u64,
    /// A TOML file with any of these settings.
    #[arg(long, env = "MASTERY_CONFIG")]
    pub config: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seed for the simulated history; the same seed gives the same story.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
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

#[derive(Debug, Subcommand)]
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

/// What is known before an attempt.
#[derive(Debug, Args)]
pub struct Before {
    /// How certain you are that you can do it, as of now: 0–100 in steps of 10.
    #[arg(long, value_parser = Confidence::parse, value_name = "0-100")]
    pub confidence: Option<Confidence>,
    /// Hours slept last night (0–24).
    #[arg(long, value_parser = SleepHours::parse, value_name = "HOURS")]
    pub sleep: Option<SleepHours>,
    /// Energy, 1 (drained) to 5 (full).
    #[arg(long, value_parser = rating("energy"), value_name = "1-5")]
    pub energy: Option<Rating>,
    /// Stress or nerves, 1 (calm) to 5 (very tense).
    #[arg(long, value_parser = rating("stress"), value_name = "1-5")]
    pub stress: Option<Rating>,
    /// When you made the forecast (default: now).
    #[arg(long = "at", value_name = "WHEN")]
    pub planned_at: Option<String>,
}

/// What is recorded after an attempt.
#[derive(Debug, Args)]
pub struct After {
    /// success, partial or failure.
    #[arg(long, value_parser = choice::<Outcome>)]
    pub outcome: Option<Outcome>,
    /// Effort you put in, 1 (little) to 5 (everything).
    #[arg(long, value_parser = rating("effort"), value_name = "1-5")]
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

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    #[command(subcommand)]
    pub add: Option<EvidenceCommand>,
    /// Only this domain.
    pub domain: Option<String>,
    /// How many, newest first.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub last: usize,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Add a past success, from before you used Mastery.
    #[command(
        after_help = "Example:\n  mastery evidence add public-speaking \"Gave the toast at my sister's wedding\" --did \"Wrote it on cards\" --at 2025-06-14"
    )]
    Add {
        /// Domain id, name or slug.
        domain: String,
        /// What you achieved.
        text: String,
        /// What you did to achieve it.
        #[arg(long)]
        did: Option<String>,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Correct a success you added: what, how or when.
    #[command(
        after_help = "Examples:\n  mastery evidence edit last --did \"Wrote it on three cards\" --at 2025-06-15\n  mastery evidence --json              # the ids"
    )]
    Edit(EvidenceEditArgs),
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    #[command(subcommand)]
    pub command: Option<CheckinCommand>,
    #[command(flatten)]
    pub measures: MeasureArgs,
    /// When (default: now).
    #[arg(long)]
    pub at: Option<String>,
}

/// A check-in's measures, each optional.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Hours slept last night (0–24).
    #[arg(long, value_parser = SleepHours::parse, value_name = "HOURS")]
    pub sleep: Option<SleepHours>,
    /// Minutes of exercise today.
    #[arg(long, value_parser = mastery_domain::checkin::exercise_minutes, value_name = "MIN")]
    pub exercise: Option<u32>,
    /// Stress, 1 (calm) to 5 (very tense).
    #[arg(long, value_parser = rating("stress"), value_name = "1-5")]
    pub stress: Option<Rating>,
    /// Energy, 1 (drained) to 5 (full).
    #[arg(long, value_parser = rating("energy"), value_name = "1-5")]
    pub energy: Option<Rating>,
    /// Mood, 1 (low) to 5 (great).
    #[arg(long, value_parser = rating("mood"), value_name = "1-5")]
    pub mood: Option<Rating>,
}

impl MeasureArgs {
    pub fn measures(&self) -> Measures {
        Measures {
            sleep_hours: self.sleep,
            exercise_minutes: self.exercise,
            stress: self.stress,
            energy: self.energy,
            mood: self.mood,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CheckinCommand {
    /// Past check-ins, newest first (one a day).
    #[command(after_help = "Examples:\n  mastery checkin list\n  mastery checkin list --since 2026-11-01 --json")]
    List {
        /// Only check-ins since this date, e.g. 2026-11-01 or "mon".
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// At most the newest N.
        #[arg(long, value_name = "N", default_value_t = 14)]
        last: usize,
    },
    /// Correct a check-in's measures; those not given stay as they are.
    #[command(
        after_help = "Examples:\n  mastery checkin edit last --mood 3 --sleep 7\n  mastery checkin list --json          # the ids"
    )]
    Edit(CheckinEditArgs),
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Add a role model for a domain.
    #[command(
        after_help = "Example:\n  mastery model add \"Dana (team lead)\" --domain public-speaking --similarity 4 --process \"Records every rehearsal and watches it back\""
    )]
    Add {
        name: String,
        #[arg(long)]
        domain: String,
        /// How similar they are to you, 1–5.
        #[arg(long, value_parser = rating("similarity"), value_name = "1-5")]
        similarity: Option<Rating>,
        /// How they did it.
        #[arg(long)]
        process: Option<String>,
    },
    /// List role models, oldest first.
    #[command(after_help = "Example:\n  mastery model list --domain public-speaking")]
    List(ListArgs),
    /// Correct a role model: name, similarity or how they did it.
    #[command(
        after_help = "Examples:\n  mastery model edit last --similarity 5 --process \"Rehearses on video\"\n  mastery model list --json            # the ids"
    )]
    Edit(ModelEditArgs),
}

#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    /// Record feedback you received.
    #[command(
        after_help = "Example:\n  mastery feedback add --domain public-speaking --from \"Sam (mentor)\" --credibility 5 --specific --valence positive --text \"Your pause before the key number landed well\""
    )]
    Add {
        #[arg(long)]
        domain: String,
        /// Who gave it.
        #[arg(long)]
        from: String,
        #[command(flatten)]
        traits: FeedbackTraits,
        /// What they said.
        #[arg(long)]
        text: String,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// List feedback received, oldest first.
    #[command(after_help = "Example:\n  mastery feedback list --domain public-speaking")]
    List(ListArgs),
    /// Correct feedback you recorded: who, what, how credible, specific or general, the tone, when.
    #[command(
        after_help = "Examples:\n  mastery feedback edit last --specific --valence mixed\n  mastery feedback list --json         # the ids"
    )]
    Edit(FeedbackEditArgs),
    /// Draft a request for specific feedback on your recent attempts (nothing is sent).
    #[command(
        after_help = "Example:\n  mastery feedback request --domain public-speaking --to \"Sam (mentor)\" --last 3"
    )]
    Request(FeedbackRequestArgs),
}

#[derive(Debug, Subcommand)]
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

fn answers(raw: &str) -> Result<Answers, ValidationError> {
    audit::parse_answers(raw).map(Answers)
}

fn every(raw: &str) -> Result<Every, ValidationError> {
    raw.parse()
}

/// How a piece of feedback is weighed: the giver's credibility, specific or general, the tone.
#[derive(Debug, Args)]
pub struct FeedbackTraits {
    /// How credible they are in this domain, 1–5.
    #[arg(long, value_parser = rating("credibility"), value_name = "1-5")]
    pub credibility: Option<Rating>,
    /// It named specific behaviour.
    #[arg(long, conflicts_with = "general")]
    pub specific: bool,
    /// It was general.
    #[arg(long)]
    pub general: bool,
    /// positive, negative or mixed.
    #[arg(long, value_parser = choice::<Valence>)]
    pub valence: Option<Valence>,
}

impl FeedbackTraits {
    pub fn specificity(&self) -> Option<Specificity> {
        match (self.specific, self.general) {
            (true, _) => Some(Specificity::Specific),
            (_, true) => Some(Specificity::General),
            _ => None,
        }
    }
}

/// A clap value parser from one of the domain's word choices.
fn choice<T: FromStr<Err = ValidationError>>(raw: &str) -> Result<T, ValidationError> {
    raw.parse()
}

/// A clap value parser for a 1–5 rating named `field`.
fn rating(field: &'static str) -> impl Fn(&str) -> Result<Rating, ValidationError> + Clone + Send + Sync + 'static {
    move |raw| Rating::parse(field, raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command, `mastery attempt log` and `mastery attempt` alike, shows at least one
    /// example under its help: the quickest way to learn a command is to see it typed.
    #[test]
    fn every_command_has_an_example() {
        fn missing(command: &clap::Command, path: &str, found: &mut Vec<String>) {
            for sub in command.get_subcommands() {
                let path = format!("{path} {}", sub.get_name());
                let name = format!(" {}", sub.get_name());
                let shown = |help: &clap::builder::StyledStr| {
                    help.to_string().lines().any(|line| line.starts_with("  mastery") && line.contains(&name))
                };
                if !sub.get_after_help().is_some_and(shown) {
                    found.push(path.clone());
                }
                missing(sub, &path, found);
            }
        }
        let mut found = Vec::new();
        missing(&Cli::command(), "mastery", &mut found);
        assert_eq!(found, Vec::<String>::new(), "commands without an example of themselves");
    }
}
