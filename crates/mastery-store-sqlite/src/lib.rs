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
mod migrate;
mod private;
mod sharing;
mod tx;

use std::path::{Path, PathBuf};
use std::time::Duration;

use mastery_domain::ids::UserId;
use mastery_store::{Access, Store, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use backup::{Restored, restore};
pub use tx::SqliteTx;

/// How long a writer waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A Mastery database in an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    path: PathBuf,
    /// One connection: then `PRAGMA data_version` always speaks for the same connection.
    single_connection: bool,
    /// Whether opening found the files readable by others and made them owner-only.
    narrowed: bool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, 4).await
    }

    /// Like [`SqliteStore::open`] with a bound on concurrent connections; a command-line
    /// invocation needs one, the web server a few.
    pub async fn open_with(path: &Path, max_connections: u32) -> Result<Self, StoreError> {
        let narrowed = private::owner_only(path).map_err(StoreError::backend)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .foreign_keys(true)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .min_connections(0)
            // A local file needs no liveness ping before each use; it would cost a round trip.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(codec::store_error)?;
        migrate::run(&pool).await?;
        Ok(Self { pool, path: path.to_owned(), single_connection: max_connections == 1, narrowed })
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
        let tx = match access {
            Access::Read => self.pool.begin().await,
            Access::Write => self.pool.begin_with("BEGIN IMMEDIATE").await,
        }
        .map_err(codec::store_error)?;
        Ok(SqliteTx::new(tx, user))
    }

    /// SQLite's `data_version`: it changes whenever *another* connection (another `mastery`
    /// process) commits, so a cache of pages can tell that the file changed under it. `None` for a
    /// store with several connections, whose values are not comparable from call to call.
    async fn data_version(&self) -> Result<Option<i64>, StoreError> {
        if !self.single_connection {
            return Ok(None);
        }
        let (version,): (i64,) =
            sqlx::query_as("PRAGMA data_version").fetch_one(&self.pool).await.map_err(codec::store_error)?;
        Ok(Some(version))
    }
}
