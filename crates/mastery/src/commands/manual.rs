//! `mastery completions` and `mastery man`: the shell completion scripts and the manual pages,
//! generated from the clap definition, so they never drift from `--help`.

use std::io::{self, Write};

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use mastery_app::AppError;

use crate::cli::{Cli, ManArgs};

pub fn completions(shell: Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut expanded(), "mastery", &mut script);
    // Written here, not by the generator, which panics when the reader has gone (`| head`).
    let mut stdout = io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(())
}

/// The grammar with every command's arguments and subcommands in place. The grammar defers them
/// until a command runs, and the `help` command clap adds copies the commands as they stand when
/// it is added: from the bare grammar, `mastery help audit <TAB>` would offer nothing.
fn expanded() -> clap::Command {
    let mut built = Cli::command();
    built.build();
    built
        .get_subcommands()
        .filter(|sub| sub.get_name() != "help")
        .fold(Cli::command(), |command, sub| command.mut_subcommand(sub.get_name(), |_| sub.clone()))
}

/// One page on stdout (`mastery`'s, or the named command's), or every page into a directory,
/// each named as `man` looks it up: mastery.1, mastery-attempt.1, mastery-attempt-log.1, ….
pub fn man(args: ManArgs) -> Result<()> {
    let mut command = Cli::command().disable_help_subcommand(true);
    // Building gives each subcommand its page name ("mastery-attempt-log").
    command.build();
    if let Some(dir) = args.dir {
        std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
        return clap_mangen::generate_to(command, &dir)
            .with_context(|| format!("could not write to {}", dir.display()));
    }
    let mut page = &command;
    for name in &args.command {
        page = page.find_subcommand(name).ok_or_else(|| AppError::NotFound {
            entity: "command",
            reference: args.command.join(" "),
            hint: "`mastery --help` lists them".into(),
        })?;
    }
    let mut stdout = io::stdout().lock();
    clap_mangen::Man::new(page.clone()).render(&mut stdout)?;
    stdout.flush()?;
    Ok(())
}
