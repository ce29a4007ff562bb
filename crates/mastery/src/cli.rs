//! The command-line grammar, declared with clap. Values are parsed into the domain's own types
//! here, at the edge, so a bad confidence or an unknown outcome is refused with the domain's
//! message and exit code 2 before anything runs.

use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, Parser, Subcommand};
use mastery_domain::audit::{self, Every};
use mastery_domain::measure::Rating;
use mastery_domain::{Field, ValidationError};

mod attempt;
mod audits;
mod data;
mod insight;
mod practice;
mod records;
mod revise;
mod run;
mod sources;
mod sync;
pub use attempt::*;
pub use audits::*;
pub use data::*;
pub use insight::*;
pub use practice::*;
pub use records::*;
pub use revise::*;
pub use run::*;
pub use sources::*;
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

// `defer`: a command's arguments are built only for the command being run. Building the whole
// grammar was a fifth of a command's start (BENCHMARKS.md). The argument structs it defers carry
// plain comments, not doc comments: a deferred struct's doc comment would replace the help of
// the command that holds it (`help_names_each_command_once` guards this).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
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

/// A clap value parser for an audit's answers, given as `--answers 90,80,70`.
fn answers(raw: &str) -> Result<Answers, ValidationError> {
    audit::parse_answers(raw).map(Answers)
}

/// A clap value parser for how often to re-audit, such as `4 weeks`.
fn every(raw: &str) -> Result<Every, ValidationError> {
    raw.parse()
}

/// A clap value parser from one of the domain's word choices.
fn choice<T: FromStr<Err = ValidationError>>(raw: &str) -> Result<T, ValidationError> {
    raw.parse()
}

/// A clap value parser for a 1–5 rating named `field`.
fn rating(field: Field) -> impl Fn(&str) -> Result<Rating, ValidationError> + Clone + Send + Sync + 'static {
    move |raw| Rating::parse(field, raw)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

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
            for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
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
        missing(&built(), "mastery", &mut found);
        assert_eq!(found, Vec::<String>::new(), "commands without an example of themselves");
    }

    /// Each command's one-line help is its own: none is missing and no two commands share one,
    /// as they would if a deferred argument struct's doc comment replaced its command's help.
    #[test]
    fn help_names_each_command_once() {
        fn walk(command: &clap::Command, path: &str, seen: &mut BTreeMap<String, Vec<String>>) {
            for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
                let path = format!("{path} {}", sub.get_name());
                let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
                seen.entry(about).or_default().push(path.clone());
                walk(sub, &path, seen);
            }
        }
        let mut seen = BTreeMap::new();
        walk(&built(), "mastery", &mut seen);
        assert!(seen.len() > 80, "the whole grammar is walked, not only its top: {} commands", seen.len());
        let shared: Vec<_> = seen.iter().filter(|(about, paths)| about.is_empty() || paths.len() > 1).collect();
        assert!(shared.is_empty(), "commands without a help of their own: {shared:?}");
    }

    /// The grammar with every deferred command built, as `--help` and the manual pages see it
    /// (building adds clap's own `help` commands, which the tests pass over).
    fn built() -> clap::Command {
        let mut command = Cli::command();
        command.build();
        command
    }
}
