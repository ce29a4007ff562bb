//! `mastery`, the command line. Parses arguments, opens the store, runs one use case and prints
//! its view as text or JSON. Exit codes: 0 success, 1 runtime failure, 2 usage or validation
//! error (nothing written).

#[allow(unsafe_code)]
mod allocator;
// The doc comments of the grammar are clap's `--help`, written for a terminal: `[:PORT]`,
// `<moment>` and bare addresses are what a person reads there, not rustdoc links or HTML.
#[allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, rustdoc::bare_urls)]
mod cli;
mod commands;
mod hints;
mod login;
mod output;
mod prompt;
mod remote;
mod safety;
mod store;

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::output::Output;

#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

fn main() -> ExitCode {
    // Free text anywhere on the command line is checked whatever the command and its result.
    let typed: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(usage) => {
            safety::notice(typed.iter().map(String::as_str));
            usage.exit()
        }
    };
    let mut out = Output::new(cli.global.json, cli.global.quiet);
    // A command does one thing at a time; a server, and the web app, answer many requests at once.
    let runtime = if matches!(cli.command, cli::Command::Server(_) | cli::Command::Serve(_)) {
        allocator::serve_from_mimalloc();
        tokio::runtime::Builder::new_multi_thread().enable_all().build()
    } else {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    };
    let result = runtime
        .map_err(anyhow::Error::from)
        .and_then(|runtime| runtime.block_on(commands::run(cli, &mut out)))
        .and_then(|()| out.flush().map_err(anyhow::Error::from));
    safety::notice(typed.iter().map(String::as_str));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let code = exit_code(&error);
            eprintln!("error: {}", output::describe(&error));
            ExitCode::from(code)
        }
    }
}

/// `mastery … | head` closing the pipe early is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == ErrorKind::BrokenPipe))
}

/// 2 when the person can fix the input, 1 otherwise.
fn exit_code(error: &anyhow::Error) -> u8 {
    let usage = error.chain().any(|e| {
        e.downcast_ref::<mastery_app::AppError>().is_some_and(mastery_app::AppError::is_usage)
            || e.downcast_ref::<hints::Hinted>().is_some_and(|h| h.error.is_usage())
            || e.downcast_ref::<prompt::MissingValue>().is_some()
            || e.downcast_ref::<mastery_domain::ValidationError>().is_some()
    });
    if usage { 2 } else { 1 }
}
