//! Where the data lives: `--data-dir`, `MASTERY_DATA_DIR`, or the platform's data directory
//! (`$XDG_DATA_HOME/mastery`, usually `~/.local/share/mastery`), holding `mastery.db`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use mastery_app::{App, SystemClock};
use mastery_store::StoreError;
use mastery_store_sqlite::{Restored, SqliteStore};

/// The file name of the embedded store inside the data directory.
pub const DB_FILE: &str = "mastery.db";

pub fn data_dir(flag: Option<&Path>) -> Result<PathBuf> {
    match flag {
        Some(dir) => Ok(dir.to_owned()),
        None => dirs::data_dir()
            .map(|d| d.join("mastery"))
            .context("could not find a data directory; pass --data-dir DIR or set MASTERY_DATA_DIR"),
    }
}

/// Opens (creating if needed) the store in `dir` and the app over it, with up to `connections`
/// connections: one for a command, a few for the web app, which renders pages side by side.
pub async fn open_with(dir: &Path, connections: u32) -> Result<App<SqliteStore>> {
    create_private_dir(dir).with_context(|| format!("could not create the data directory {}", dir.display()))?;
    let path = dir.join(DB_FILE);
    let store = SqliteStore::open_watched(&path, connections)
        .await
        .with_context(|| format!("could not open the store {}", path.display()))?;
    if store.narrowed_permissions() {
        eprintln!("notice: {} was readable by other accounts; it is now readable by you only", path.display());
    }
    Ok(App::local(store, Box::new(SystemClock)).await?)
}

/// Replaces the store in `dir` (creating the directory if needed) with the backup `file`.
pub async fn restore(dir: &Path, file: &Path) -> Result<Restored, StoreError> {
    create_private_dir(dir).map_err(StoreError::backend)?;
    mastery_store_sqlite::restore(file, &dir.join(DB_FILE)).await
}

/// Creates `dir` (and missing parents) for its owner alone: it holds personal records. A
/// directory that already exists keeps its mode; the database files in it are owner-only anyway.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
