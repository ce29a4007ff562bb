//! The embedded store: Mastery's records in one SQLite file.
//!
//! SQLite suits a personal tool: no server, one file to back up, and transactions that survive a
//! `kill -9` or a power cut. The file runs in WAL mode (readers never block the writer), with
//! foreign keys on, `synchronous = FULL` (a commit reaches the disk before the command says it is
//! done) and a busy timeout, so two `mastery` processes can write at once: write transactions
//! start with `BEGIN IMMEDIATE`, which queues the second writer instead of failing it half-way.

mod accounts;
mod backup;
mod codec;
mod db;
mod migrate;
mod private;
mod sharing;
mod tx;

use std::path::{Path, PathBuf};

use mastery_domain::ids::UserId;
use mastery_store::{Access, Store, StoreError};

pub use backup::{Restored, restore};
pub use tx::SqliteTx;

use crate::db::{Pool, query};

/// A Mastery database in an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: Pool,
    path: PathBuf,
    /// The connection `PRAGMA data_version` is read on, so that the value always speaks for the
    /// same connection: the pool itself when it holds one, one of its own beside a watched pool
    /// of several; none for a server's pool, whose pages are never kept.
    watcher: Option<Pool>,
    /// Whether opening found the files readable by others and made them owner-only.
    narrowed: bool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, 4).await
    }

    /// Like [`SqliteStore::open`] with a bound on concurrent connections; a command-line
    /// invocation needs one, a server a few. With several, the store has no `data_version`.
    pub async fn open_with(path: &Path, max_connections: u32) -> Result<Self, StoreError> {
        Self::open_inner(path, max_connections, false).await
    }

    /// Like [`SqliteStore::open_with`], for one person's web app: with several connections, one
    /// more of its own reads `PRAGMA data_version`, which moves with every commit of every other
    /// connection (the pool's and other processes'), so a page cache sees each change.
    pub async fn open_watched(path: &Path, max_connections: u32) -> Result<Self, StoreError> {
        Self::open_inner(path, max_connections, true).await
    }

    async fn open_inner(path: &Path, max_connections: u32, watched: bool) -> Result<Self, StoreError> {
        let narrowed = private::owner_only(path).map_err(StoreError::backend)?;
        let pool = Pool::open(path, max_connections, true).map_err(codec::store_error)?;
        migrate::run(&pool).await?;
        let watcher = match (max_connections, watched) {
            (0 | 1, _) => Some(pool.clone()),
            (_, true) => Some(Pool::open(path, 1, false).map_err(codec::store_error)?),
            (_, false) => None,
        };
        Ok(Self { pool, path: path.to_owned(), watcher, narrowed })
    }

    /// Whether opening found the files readable by other accounts (an older version, or a
    /// copy) and made them readable by their owner only.
    pub fn narrowed_permissions(&self) -> bool {
        self.narrowed
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's own consistency check; `Ok(())` when it reports `ok`.
    pub async fn integrity_check(&self) -> Result<(), StoreError> {
        backup::integrity_check(&self.pool).await
    }

    /// The schema version the file is at.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        migrate::version(&self.pool).await
    }

    /// Closes every connection, checkpointing the write-ahead log.
    pub async fn close(self) {
        self.pool.close().await;
        if let Some(watcher) = self.watcher {
            watcher.close().await;
        }
    }
}

impl Store for SqliteStore {
    type Tx = SqliteTx;

    async fn local_user(&self) -> Result<UserId, StoreError> {
        tx::local_user(&self.pool).await
    }

    async fn add_user(&self, name: &str) -> Result<UserId, StoreError> {
        tx::add_user(&self.pool, name).await
    }

    async fn begin(&self, user: UserId, access: Access) -> Result<SqliteTx, StoreError> {
        Ok(SqliteTx::new(self.pool.begin(access).await?, user))
    }

    /// SQLite's `data_version`: it changes whenever a connection other than the one it is read on
    /// (another `mastery` process, or another connection of this store's pool) commits, so a
    /// cache of pages can tell that the file changed under it. `None` for a server's pool of
    /// several connections, opened unwatched.
    async fn data_version(&self) -> Result<Option<i64>, StoreError> {
        let Some(watcher) = &self.watcher else { return Ok(None) };
        let connection = watcher.acquire().await?;
        query("PRAGMA data_version").scalar(&connection).map(Some)
    }
}
