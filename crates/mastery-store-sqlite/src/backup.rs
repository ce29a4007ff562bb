//! Copies of the store file that are safe to take and to put back while Mastery runs.
//!
//! Copying `mastery.db` with `cp` while a command writes can catch half a transaction, and misses
//! whatever still sits in the write-ahead log. A backup here is SQLite's `VACUUM INTO`: one read
//! transaction, so it is a consistent snapshot holding every commit made before it began, while
//! other processes keep writing. Both directions write a temporary file beside the destination,
//! flush it to disk and rename it into place, so a crash or a refused file leaves the destination
//! as it was: whole, never half-written. Both files are owner-only, like the store.

use std::io;
use std::path::{Path, PathBuf};

use mastery_store::StoreError;

use crate::codec::store_error;
use crate::db::{Pool, query};
use crate::{SqliteStore, migrate, private};

/// What a restore put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restored {
    /// The schema version the backup was written at; older ones are brought up to date.
    pub from_version: i64,
    pub bytes: u64,
}

impl SqliteStore {
    /// Writes a consistent copy of the store to `dest` (which must not exist) and answers its
    /// size in bytes. Other connections and processes may write meanwhile; the copy holds every
    /// transaction committed before it started.
    pub async fn backup(&self, dest: &Path) -> Result<u64, StoreError> {
        let partial = Partial::create(dest)?;
        // VACUUM INTO writes into an existing file only when it is empty: the one just made
        // owner-only, so the copy never exists with wider permissions.
        let connection = self.pool.acquire().await?;
        query("VACUUM INTO ?").bind(utf8(partial.path())?).execute(&connection).map_err(store_error)?;
        partial.install(dest, false)
    }
}

/// Replaces the store at `target` with the backup at `backup`, or changes nothing.
///
/// The backup is copied beside `target` first and checked there: it must be an SQLite file
/// passing `integrity_check` with a Mastery schema no newer than this build's (an older one is
/// migrated). A refused file is [`StoreError::Corrupt`] or [`StoreError::TooNew`]. When another
/// process still has the store open the restore is [`StoreError::Busy`]: swapping the file under
/// it would let its write-ahead log land on the restored data.
pub async fn restore(backup: &Path, target: &Path) -> Result<Restored, StoreError> {
    let partial = Partial::create(target)?;
    copy_into(backup, partial.path()).map_err(StoreError::backend)?;
    let from_version = check_and_migrate(partial.path()).await?;
    release_wal(target).await?;
    let bytes = partial.install(target, true)?;
    Ok(Restored { from_version, bytes })
}

/// A temporary file beside its destination, removed unless installed.
struct Partial {
    path: PathBuf,
    installed: bool,
}

impl Partial {
    fn create(dest: &Path) -> Result<Self, StoreError> {
        let mut name = dest.file_name().unwrap_or_default().to_owned();
        name.push(format!(".partial-{}", std::process::id()));
        let path = dest.with_file_name(name);
        // A leftover from a process with the same id that died half-way holds nothing of value.
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(StoreError::backend(e)),
            _ => {}
        }
        private::create_owner_only(&path).map_err(StoreError::backend)?;
        Ok(Self { path, installed: false })
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file, moves it to `dest` and flushes the directory entry, so the move
    /// survives a power cut; answers the size. An existing `dest` is replaced only when
    /// `replace`, else it is [`StoreError::Conflict`].
    fn install(mut self, dest: &Path, replace: bool) -> Result<u64, StoreError> {
        let file = std::fs::File::open(&self.path).map_err(StoreError::backend)?;
        file.sync_all().map_err(StoreError::backend)?;
        let bytes = file.metadata().map_err(StoreError::backend)?.len();
        if replace {
            std::fs::rename(&self.path, dest).map_err(StoreError::backend)?;
            self.installed = true;
        } else {
            // A hard link is created only where no file is: no window in which a file made
            // meanwhile could be overwritten. The temporary name is then dropped.
            std::fs::hard_link(&self.path, dest).map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => {
                    StoreError::Conflict { entity: "file", key: dest.display().to_string() }
                }
                _ => StoreError::backend(e),
            })?;
        }
        sync_dir(dest).map_err(StoreError::backend)?;
        Ok(bytes)
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        // After a hard link (a backup) the temporary name goes too; its content lives on.
        if !self.installed {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut file = self.path.as_os_str().to_owned();
                file.push(suffix);
                let _ = std::fs::remove_file(file);
            }
        }
    }
}

fn copy_into(from: &Path, to: &Path) -> io::Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut dest = std::fs::OpenOptions::new().write(true).truncate(true).open(to)?;
    io::copy(&mut source, &mut dest)?;
    Ok(())
}

/// Checks the copy at `path` and brings its schema up to date; answers the version it had.
async fn check_and_migrate(path: &Path) -> Result<i64, StoreError> {
    let pool = connect(path).map_err(|e| StoreError::Corrupt(format!("not an SQLite database ({e})")))?;
    let result = match check(&pool).await {
        // A copy may be in rollback-journal mode; the store always runs on a write-ahead log.
        Ok(version) => match migrate::ensure_wal(&pool).await {
            Ok(()) => migrate::run(&pool).await.map(|()| version),
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    // Closing checkpoints the log of the migration into the file before it is flushed.
    pool.close().await;
    result
}

async fn check(pool: &Pool) -> Result<i64, StoreError> {
    let not_sqlite = |e: StoreError| StoreError::Corrupt(format!("not an SQLite database ({e})"));
    let connection = pool.acquire().await?;
    let version: i64 = query("PRAGMA user_version").scalar(&connection).map_err(not_sqlite)?;
    if version > migrate::LATEST {
        return Err(StoreError::TooNew { found: version, known: migrate::LATEST });
    }
    let tables: i64 = query("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('users', 'domains')")
        .scalar(&connection)
        .map_err(not_sqlite)?;
    drop(connection);
    if version == 0 || tables != 2 {
        return Err(StoreError::Corrupt("an SQLite database, but not a Mastery store".to_owned()));
    }
    // A damaged file can fail the check outright instead of listing its problems.
    integrity_check(pool).await.map_err(|e| match e {
        StoreError::Corrupt(problems) => StoreError::Corrupt(problems),
        other => StoreError::Corrupt(other.to_string()),
    })?;
    Ok(version)
}

/// Empties the store's write-ahead log into the file and closes it; [`StoreError::Busy`] when
/// another process keeps it open (SQLite removes the log when its last connection closes).
async fn release_wal(target: &Path) -> Result<(), StoreError> {
    if !target.exists() {
        return Ok(());
    }
    let mut wal = target.as_os_str().to_owned();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    if wal.exists() {
        let pool = connect(target).map_err(store_error)?;
        // A damaged store still gets replaced: what matters is only that its log is gone.
        if let Ok(connection) = pool.acquire().await {
            let _ = query("PRAGMA wal_checkpoint(TRUNCATE)").for_each(&connection, |_| Ok(()));
        }
        pool.close().await;
    }
    if wal.exists() { Err(StoreError::Busy) } else { Ok(()) }
}

/// One connection to an existing file, without migrating it.
fn connect(path: &Path) -> Result<Pool, rusqlite::Error> {
    Pool::open(path, 1, false)
}

/// SQLite's own consistency check; `Ok(())` when it reports `ok`.
pub(crate) async fn integrity_check(pool: &Pool) -> Result<(), StoreError> {
    let rows: Vec<String> = query("PRAGMA integrity_check").fetch_all(&*pool.acquire().await?, |row| row.at(0))?;
    match rows.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        problems => Err(StoreError::Corrupt(problems.join("; "))),
    }
}

fn utf8(path: &Path) -> Result<&str, StoreError> {
    path.to_str().ok_or_else(|| {
        StoreError::backend(io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not UTF-8", path.display())))
    })
}

#[cfg(unix)]
fn sync_dir(file: &Path) -> io::Result<()> {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::File::open(dir)?.sync_all(),
        _ => std::fs::File::open(".")?.sync_all(),
    }
}

/// Directories cannot be opened for flushing elsewhere; the rename is as durable as the platform
/// makes it.
#[cfg(not(unix))]
fn sync_dir(_file: &Path) -> io::Result<()> {
    Ok(())
}
