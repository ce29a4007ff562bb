//! One module per command family: each parses its arguments into an input, calls one `App`
//! method and renders the view. No rule of the product lives here.

mod attempt;
mod attribution;
mod audit;
mod backup;
mod domain;
mod evidence;
mod export;
mod goal;
mod insights;
mod manual;
mod practice;
mod program;
mod progress;
mod revise;
mod scale;
mod serve;
mod server;
mod setup;
mod sources;
mod status;
mod sync;

use anyhow::Result;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use mastery_app::views::CheckinView;

use crate::cli::{AttributionArgs, AttributionCommand, Cli, Command};
use crate::output::Output;
use crate::prompt::Prompter;
use crate::store;

pub async fn run(cli: Cli, out: &mut Output) -> Result<()> {
    let Cli { global, command } = cli;
    // A server opens the database it is given, never the person's local store.
    let command = match command {
        Command::Server(args) => return server::run(args).await,
        // A restore replaces the store file, so this process must not hold it open.
        Command::Restore(args) => {
            let dir = store::data_dir(global.data_dir.as_deref())?;
            return backup::restore(&dir, args, out).await;
        }
        other => other,
    };
    // These need no data store, so a locked or damaged file can never stand in their way.
    match &command {
        Command::HelpNow => return crate::safety::help_now(out),
        Command::Completions(args) => return manual::completions(args.shell),
        Command::Man(args) => return manual::man(args.clone()),
        Command::Attribution(AttributionArgs { check: Some(AttributionCommand::Check { text }), .. }) => {
            return attribution::check(text, out);
        }
        _ => {}
    }
    let dir = store::data_dir(global.data_dir.as_deref())?;
    let ask = Prompter::new();
    let connections = match command {
        Command::Serve(_) => serve::connections(),
        _ => 1,
    };
    let app = store::open_with(&dir, connections).await?;
    let login = LoginFile(global.data_dir.as_deref());
    let result = dispatch(&app, command, &dir, login, ask, out).await;
    // Closing the last connection checkpoints the write-ahead log into the database file, so the
    // next process starts from a short log instead of replaying every earlier command's writes.
    app.store().clone().close().await;
    result
}

/// Where the sign-in lives, worked out only by the commands that use it (the configuration
/// directory may be missing on a machine that never syncs).
#[derive(Clone, Copy)]
struct LoginFile<'a>(Option<&'a std::path::Path>);

impl LoginFile<'_> {
    fn path(self) -> Result<std::path::PathBuf> {
        crate::login::path(self.0)
    }
}

async fn dispatch(
    app: &mastery_app::App<mastery_store_sqlite::SqliteStore>,
    command: Command,
    dir: &std::path::Path,
    login: LoginFile<'_>,
    ask: Prompter,
    out: &mut Output,
) -> Result<()> {
    match command {
        Command::Init => setup::init(app, dir, out).await,
        Command::Demo(args) => setup::demo(app, args, out).await,
        Command::Domain(cmd) => domain::run(app, cmd, ask, out).await,
        Command::Goal(cmd) => goal::run(app, cmd, ask, out).await,
        Command::Challenge(cmd) => goal::challenge(app, cmd, ask, out).await,
        Command::Ladder(args) => goal::ladder(app, &args.goal, out).await,
        Command::Next(args) => progress::next(app, args.goal.as_deref(), out).await,
        Command::Calibration(args) => progress::calibration(app, args, out).await,
        Command::Attempt(cmd) => attempt::run(app, cmd, ask, out).await,
        Command::Evidence(args) => evidence::run(app, args, out).await,
        Command::Checkin(args) => sources::checkin(app, args, out).await,
        Command::Model(cmd) => sources::model(app, cmd, out).await,
        Command::Feedback(cmd) => sources::feedback(app, cmd, out).await,
        Command::Scale(cmd) => scale::run(app, cmd, out).await,
        Command::Audit(args) => audit::run(app, args, ask, out).await,
        Command::Status => status::run(app, &login.path()?, out).await,
        Command::Attribution(args) => attribution::run(app, args, out).await,
        Command::Insights(args) => insights::insights(app, args, out).await,
        Command::Sources(args) => insights::sources(app, args, out).await,
        Command::Practice(cmd) => practice::run(app, cmd, out).await,
        Command::Review(cmd) => practice::review(app, cmd, ask, out).await,
        Command::Program(cmd) => program::run(app, cmd, ask, out).await,
        Command::Export(args) => export::run(app, args, out).await,
        Command::Import(args) => export::import(app, args, out).await,
        Command::Backup(args) => backup::backup(app, args, out).await,
        Command::Restore(args) => backup::restore(dir, args, out).await,
        Command::Celebrations(args) => practice::celebrations(app, args, ask, out).await,
        Command::Delete(args) => revise::delete(app, args, ask, out).await,
        Command::Undo => revise::undo(app, out).await,
        Command::Login(args) => sync::login(app, args, &login.path()?, ask, out).await,
        Command::Sync => sync::sync(app, &login.path()?, out).await,
        Command::Logout => sync::logout(&login.path()?, out).await,
        Command::Serve(args) => serve::run(app.store().clone(), args, dir, out).await,
        Command::Server(args) => server::run(args).await,
        Command::HelpNow => crate::safety::help_now(out),
        Command::Completions(args) => manual::completions(args.shell),
        Command::Man(args) => manual::man(args),
    }
}

/// A timestamp as the person's local date and time.
fn local(ts: Timestamp) -> String {
    ts.to_zoned(TimeZone::system()).strftime("%Y-%m-%d %H:%M").to_string()
}

/// A timestamp as the person's local date.
fn local_day(ts: Timestamp) -> String {
    ts.to_zoned(TimeZone::system()).strftime("%Y-%m-%d").to_string()
}

/// A check-in's measures in words, those given only.
fn measures_in_words(c: &CheckinView) -> String {
    let parts: Vec<String> = [
        c.sleep_hours.map(|h| format!("sleep {h} h")),
        c.exercise_minutes.map(|m| format!("exercise {m} min")),
        c.stress.map(|v| format!("stress {v}/5")),
        c.energy.map(|v| format!("energy {v}/5")),
        c.mood.map(|v| format!("mood {v}/5")),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.join(", ")
}
