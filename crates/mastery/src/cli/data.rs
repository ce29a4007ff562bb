//! The grammar of the person's data as a whole: exports, backups and restores.

use std::path::PathBuf;

use clap::Args;

/// What `export` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    /// Every record, in one versioned document that `mastery import` reads back.
    Json,
    /// Every record, one CSV file per kind in the --output directory, for spreadsheets.
    Csv,
    /// The evidence file, celebrations and reviews as readable notes.
    #[value(alias = "md")]
    Markdown,
    /// iCalendar: practice plans and review reminders, for calendar apps.
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output (for csv: this directory, required).
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// The tool that wrote a file to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportSource {
    /// Mastery's own JSON export: every record, merged by id.
    Mastery,
    /// Daylio's CSV export ("Export entries (CSV)"): each day's mood becomes a check-in.
    Daylio,
    /// Loop Habit Tracker's CSV export (the ZIP, or its unpacked folder): each habit becomes a
    /// domain with a practice plan, each day done a practice session.
    Loop,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A file written by `mastery export --format json`, or by the tool named with --from.
    pub file: PathBuf,
    /// The tool that wrote the file.
    #[arg(long, value_enum, default_value = "mastery")]
    pub from: ImportSource,
    /// Check the file and report what would be added, kept and skipped, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// With --from loop: the minutes of each new practice plan and of each session, which Loop
    /// does not record [default: a numerical habit's minutes or hours, else 15].
    #[arg(long, value_name = "N", value_parser = minutes)]
    pub minutes: Option<u32>,
}

fn minutes(raw: &str) -> Result<u32, String> {
    mastery_domain::practice::session_minutes(raw).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy; it must not exist yet [default: mastery-backup-DATE-TIME.db here].
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file written by `mastery backup`.
    pub file: PathBuf,
}
