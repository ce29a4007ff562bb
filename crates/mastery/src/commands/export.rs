//! `export` and `import`: every record as one JSON document and back, and the practice plans
//! and review reminders as a calendar file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use mastery_app::App;
use mastery_app::portable::{Counts, ImportReport, LoopExport};
use mastery_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::cli::{ExportArgs, ExportFormat, ImportArgs, ImportSource};
use crate::hints;
use crate::output::Output;
use crate::store;

/// What `--json` prints when the export went to a file.
#[derive(Debug, Serialize)]
struct Written {
    format: &'static str,
    path: String,
    bytes: u64,
    /// Records per section (JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<Counts>,
}

pub async fn run(app: &App<SqliteStore>, args: ExportArgs, out: &mut Output) -> Result<()> {
    match args.format {
        ExportFormat::Json => json(app, args.output.as_deref(), out).await,
        ExportFormat::Csv => csv(app, args.output.as_deref(), out).await,
        ExportFormat::Markdown => {
            let notes = app.export_markdown().await?;
            text("markdown", notes, args.output.as_deref(), out, "open it in your notes app")
        }
        ExportFormat::Ics => {
            let calendar = app.calendar().await?;
            text("ics", calendar, args.output.as_deref(), out, "import it into your calendar app")
        }
    }
}

/// The document goes straight to its file or to stdout (it is JSON already), a record at a time.
async fn json(app: &App<SqliteStore>, output: Option<&Path>, out: &mut Output) -> Result<()> {
    let Some(path) = output else {
        app.export_json(BufWriter::new(std::io::stdout())).await?;
        return Ok(());
    };
    let staged = Staged::beside(path)?;
    let records = app.export_json(BufWriter::new(staged.file())).await?;
    let bytes = staged.commit()?;
    let written = Written { format: "json", path: path.display().to_string(), bytes, records: Some(records) };
    out.emit(&written, |h| {
        h.line(format!("Wrote {} ({} bytes); `mastery import {}` reads it back.", written.path, bytes, written.path))
    })?;
    Ok(())
}

/// One file per kind in a directory of its own, owner-only like the store.
async fn csv(app: &App<SqliteStore>, output: Option<&Path>, out: &mut Output) -> Result<()> {
    let Some(dir) = output else {
        return Err(hints::usage("CSV is a directory of files", "give the directory with --output DIR"));
    };
    store::create_private_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
    let records = app.export_csv(|name| private_file(&dir.join(name)).map(BufWriter::new)).await?;
    let bytes = std::fs::read_dir(dir)?.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
    let written = Written { format: "csv", path: dir.display().to_string(), bytes, records: Some(records) };
    out.emit(&written, |h| {
        h.line(format!(
            "Wrote {} CSV files to {} ({bytes} bytes).",
            written.records.as_ref().map_or(0, |r| r.len()),
            written.path
        ))
    })?;
    Ok(())
}

/// Creates (or empties) `path` readable by its owner only: an export holds private records.
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// An export file being written: a temporary file beside its destination, readable by its
/// owner only, that takes the destination's place (a rename, atomic on one file system) only
/// once it is complete and on disk. A failed or interrupted export leaves the destination as it
/// was, never half a file; dropped without [`Staged::commit`], the temporary file is removed.
struct Staged {
    temporary: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Staged {
    fn beside(path: &Path) -> Result<Self> {
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let name = path.file_name().map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".part");
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
        let temporary = builder.tempfile_in(dir).map_err(|e| {
            hints::usage(
                &format!("cannot create {}: {e}", path.display()),
                "give --output a path in a directory that exists and that you can write to",
            )
        })?;
        Ok(Self { temporary, path: path.to_owned() })
    }

    fn file(&self) -> &File {
        self.temporary.as_file()
    }

    /// Puts the complete file in its place; answers its size.
    fn commit(self) -> Result<u64> {
        let context = || format!("writing {}", self.path.display());
        self.file().sync_all().with_context(context)?;
        let bytes = self.file().metadata().with_context(context)?.len();
        let path = self.path.clone();
        self.temporary.persist(&path).map_err(|e| e.error).with_context(context)?;
        Ok(bytes)
    }
}

/// A text export (a calendar, notes) to stdout, inside JSON with `--json` (under the format's
/// name: `{"format": "ics", "ics": "…"}`), or to an owner-only file.
fn text(format: &'static str, text: String, output: Option<&Path>, out: &mut Output, next: &str) -> Result<()> {
    match output {
        None if out.is_json() => out.emit(&serde_json::json!({ "format": format, format: text }), |_| Ok(()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
        Some(path) => {
            let staged = Staged::beside(path)?;
            staged.file().write_all(text.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
            staged.commit()?;
            let written = Written { format, path: path.display().to_string(), bytes: text.len() as u64, records: None };
            out.emit(&written, |h| h.line(format!("Wrote {} ({} bytes); {next}.", written.path, written.bytes)))?;
        }
    }
    Ok(())
}

pub async fn import(app: &App<SqliteStore>, args: ImportArgs, out: &mut Output) -> Result<()> {
    if args.minutes.is_some() && args.from != ImportSource::Loop {
        return Err(hints::usage("--minutes is for --from loop", "leave --minutes out, or add --from loop"));
    }
    let imported = match (args.from, args.dry_run) {
        (ImportSource::Loop, dry_run) if args.file.is_dir() => match LoopExport::from_dir(&args.file) {
            Ok(export) => app.import_loop(&export, args.minutes, !dry_run).await,
            Err(error) => Err(error),
        },
        (ImportSource::Loop, dry_run) => match LoopExport::from_zip(open(&args)?) {
            Ok(export) => app.import_loop(&export, args.minutes, !dry_run).await,
            Err(error) => Err(error),
        },
        (ImportSource::Mastery, true) => app.preview_import(open(&args)?).await,
        (ImportSource::Mastery, false) => app.import_json(open(&args)?).await,
        (ImportSource::Daylio, dry_run) => app.import_daylio(open(&args)?, !dry_run).await,
    };
    let report = imported.map_err(|error| {
        let message = format!("{} was not imported: {error}", args.file.display());
        if error.is_usage() {
            hints::usage(&message, "nothing was written; fix the file there, or export it again")
        } else {
            anyhow::Error::from(error).context(message)
        }
    })?;
    out.emit(&report, |h| {
        describe(h, &report)?;
        if args.dry_run { h.line(h.dim("Nothing was written (--dry-run).")) } else { Ok(()) }
    })?;
    Ok(())
}

fn open(args: &ImportArgs) -> Result<File> {
    File::open(&args.file).map_err(|e| {
        hints::usage(
            &format!("cannot read {}: {e}", args.file.display()),
            "give the path of a file written by `mastery export --format json`, or by the tool named with --from",
        )
    })
}

fn describe(h: &mut crate::output::Human<'_>, report: &ImportReport) -> std::io::Result<()> {
    let total = |f: fn(&mastery_app::portable::SectionReport) -> usize| report.sections.values().map(f).sum::<usize>();
    h.line(format!(
        "{} added, {} already in your store (kept as they are), {} skipped.",
        total(|s| s.added),
        total(|s| s.kept),
        total(|s| s.skipped)
    ))?;
    for (section, counts) in &report.sections {
        h.line(format!(
            "  {section:<20} {:>7} added {:>7} kept {:>7} skipped",
            counts.added, counts.kept, counts.skipped
        ))?;
    }
    for skipped in &report.skipped {
        h.line(h.warn(&format!("skipped {}: {}", skipped.place, skipped.why)))?;
    }
    if report.more_skipped > 0 {
        h.line(h.warn(&format!("… and {} more skipped", report.more_skipped)))?;
    }
    for note in &report.notes {
        h.line(h.dim(&format!("note: {note}")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::Staged;

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn an_export_that_fails_halfway_leaves_the_old_file_and_no_part_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mastery.json");
        std::fs::write(&path, "the export of yesterday").unwrap();
        let staged = Staged::beside(&path).unwrap();
        staged.file().write_all(b"{\"format\":\"mastery-export\",\"attem").unwrap();
        assert_eq!(names(dir.path()).len(), 2, "the part file sits beside the destination while written");
        drop(staged); // the export failed here
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the export of yesterday");
        assert_eq!(names(dir.path()), ["mastery.json"]);
    }

    #[test]
    fn a_complete_export_replaces_the_file_whole_readable_by_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mastery.json");
        std::fs::write(&path, "old").unwrap();
        let staged = Staged::beside(&path).unwrap();
        staged.file().write_all(b"new and complete").unwrap();
        assert_eq!(staged.commit().unwrap(), 16);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new and complete");
        assert_eq!(names(dir.path()), ["mastery.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
