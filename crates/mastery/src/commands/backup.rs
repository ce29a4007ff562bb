//! `backup` and `restore`: the store file copied out while Mastery runs, and put back whole.
//! The copying itself is the SQLite store's (`mastery_store_sqlite::backup`); here are the file
//! names, the messages, and which refusals are the person's to fix.

use std::path::{Path, PathBuf};

use anyhow::Result;
use jiff::Zoned;
use mastery_app::{App, AppError};
use mastery_store::StoreError;
use mastery_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::cli::{BackupArgs, RestoreArgs};
use crate::hints;
use crate::output::Output;
use crate::store;

#[derive(Debug, Serialize)]
struct BackedUp {
    path: String,
    bytes: u64,
}

#[derive(Debug, Serialize)]
struct Restored {
    path: String,
    bytes: u64,
    /// The schema version of the backup; an older one was brought up to date.
    from_version: i64,
}

pub async fn backup(app: &App<SqliteStore>, args: BackupArgs, out: &mut Output) -> Result<()> {
    let file = args.file.unwrap_or_else(default_name);
    let bytes = app.store().backup(&file).await.map_err(|error| match error {
        StoreError::Conflict { .. } => hints::usage(
            &format!("{} already exists", file.display()),
            "give another file name, or move the old backup away first",
        ),
        other => AppError::from(other).into(),
    })?;
    let done = BackedUp { path: file.display().to_string(), bytes };
    out.emit(&done, |h| {
        h.line(format!("Backed up your store to {} ({} bytes).", done.path, done.bytes))?;
        h.line(h.dim("Restore it with `mastery restore FILE`; keep a copy off this disk."))
    })?;
    Ok(())
}

/// `mastery-backup-2026-12-06-070015.db` in the current directory.
fn default_name() -> PathBuf {
    PathBuf::from(Zoned::now().strftime("mastery-backup-%Y-%m-%d-%H%M%S.db").to_string())
}

/// Runs without the store open: an open connection of this process would count as another
/// user of the file and block the swap.
pub async fn restore(dir: &Path, args: RestoreArgs, out: &mut Output) -> Result<()> {
    let file = &args.file;
    if !file.is_file() {
        return Err(hints::usage(
            &format!("{} is not a file", file.display()),
            "give the path of a file written by `mastery backup`",
        ));
    }
    let restored = store::restore(dir, file).await.map_err(|error| match error {
        StoreError::Corrupt(_) | StoreError::TooNew { .. } => hints::usage(
            &format!("{} cannot be restored: {error}", file.display()),
            "nothing was changed; pick another backup (one written by `mastery backup`)",
        ),
        StoreError::Busy => hints::runtime(
            AppError::from(error),
            "stop `mastery serve` and any other mastery command using this data directory, then run restore again",
        ),
        other => AppError::from(other).into(),
    })?;
    let done = Restored {
        path: dir.join(store::DB_FILE).display().to_string(),
        bytes: restored.bytes,
        from_version: restored.from_version,
    };
    out.emit(&done, |h| h.line(format!("Restored {} into {} ({} bytes).", file.display(), done.path, done.bytes)))?;
    Ok(())
}
