//! The driver layer: a small pool of SQLite connections, and statements with their arguments.
//!
//! SQLite runs inside this process and most statements take microseconds, so they run on the
//! calling thread. An async driver hands every statement and every row to a worker thread and
//! back; measured on this store, those hand-overs cost more than the SQL (BENCHMARKS.md, "A
//! synchronous driver"). The one thing awaited is a free connection, so a server's requests
//! queue for the pool without holding a thread; the two waits that can be long, a write queued
//! behind another process's and a commit's `fsync`, tell a multi-threaded runtime to move its
//! other tasks to other threads ([`blocking`]).

use std::borrow::Cow;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use mastery_store::{Access, StoreError};
use rusqlite::config::DbConfig;
use rusqlite::types::{FromSql, ToSqlOutput, Value};
use rusqlite::{Connection, OpenFlags, ToSql};
use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::codec::{Columns, Names, store_error};

/// How long a writer waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Prepared statements kept per connection: more than any page or command runs.
const STATEMENT_CACHE: usize = 128;

/// Up to `size` connections to one file, opened when first needed and kept for reuse.
#[derive(Debug, Clone)]
pub(crate) struct Pool {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    create: bool,
    size: u32,
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    /// A pool for the file at `path`, created if missing when `create` is set; the first
    /// connection opens at once, so a file that cannot be opened fails here.
    pub(crate) fn open(path: &Path, size: u32, create: bool) -> Result<Self, rusqlite::Error> {
        let size = size.max(1);
        let inner = Inner {
            path: path.to_owned(),
            create,
            size,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(size as usize)),
        };
        let first = inner.connect()?;
        inner.idle().push(first);
        Ok(Self { inner: Arc::new(inner) })
    }

    /// A connection of the pool, waiting for one to come back when all are in use.
    pub(crate) async fn acquire(&self) -> Result<Pooled, StoreError> {
        let permit = Arc::clone(&self.inner.permits).acquire_owned().await.map_err(StoreError::backend)?;
        let reused = self.inner.idle().pop();
        let connection = match reused {
            Some(connection) => connection,
            None => self.inner.connect().map_err(store_error)?,
        };
        Ok(Pooled { connection: Some(connection), pool: Arc::clone(&self.inner), _permit: permit })
    }

    /// A connection in a transaction: deferred for reads; `BEGIN IMMEDIATE` for writes, which
    /// queues behind another process's write instead of failing half-way through.
    pub(crate) async fn begin(&self, access: Access) -> Result<Pooled, StoreError> {
        let connection = self.acquire().await?;
        match access {
            Access::Read => connection.execute_batch("BEGIN").map_err(store_error)?,
            Access::Write => blocking(|| connection.execute_batch("BEGIN IMMEDIATE")).map_err(store_error)?,
        }
        Ok(connection)
    }

    /// Waits for every connection to come back, then closes them all; closing the last one
    /// checkpoints the write-ahead log into the file.
    pub(crate) async fn close(self) {
        let Ok(_all) = self.inner.permits.acquire_many(self.inner.size).await else { return };
        self.inner.permits.close();
        let connections = std::mem::take(&mut *self.inner.idle());
        for connection in connections {
            // A connection that fails to close is dropped anyway, which closes it.
            let _ = connection.close();
        }
    }
}

impl Inner {
    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Connection>> {
        // The list is only pushed to and popped from; a panic elsewhere cannot leave it torn.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn connect(&self) -> Result<Connection, rusqlite::Error> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if self.create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let connection = Connection::open_with_flags(&self.path, flags)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // A commit reaches the disk before the command says it is done.
        connection.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Plans never depend on the values bound. Without this, a statement whose plan SQLite
        // might tune to a value (any near a partial index) is compiled again each time it is
        // reused from the cache, whose clearing of bindings expires it: measured, every
        // statement of a page, a tenth of a server's time. The store's statements name their
        // partial indexes' conditions in their text, so their plans do not change.
        connection.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        Ok(connection)
    }
}

/// A connection borrowed from a [`Pool`]; it goes back when dropped, rolled back first if a
/// transaction is still open (one that fails to roll back is closed instead).
#[derive(Debug)]
pub(crate) struct Pooled {
    connection: Option<Connection>,
    pool: Arc<Inner>,
    _permit: OwnedSemaphorePermit,
}

impl Pooled {
    /// Commits the open transaction.
    pub(crate) fn commit(self) -> Result<(), StoreError> {
        blocking(|| self.execute_batch("COMMIT")).map_err(store_error)
    }
}

impl Deref for Pooled {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.connection.as_ref().expect("a pooled connection is present until dropped")
    }
}

impl DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Connection {
        self.connection.as_mut().expect("a pooled connection is present until dropped")
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        let Some(connection) = self.connection.take() else { return };
        if !connection.is_autocommit() && connection.execute_batch("ROLLBACK").is_err() {
            return;
        }
        self.pool.idle().push(connection);
    }
}

/// Runs `work`, which may wait on the disk or on another process's lock; on a multi-threaded
/// runtime the worker thread's other tasks move elsewhere meanwhile.
pub(crate) fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => tokio::task::block_in_place(work),
        _ => work(),
    }
}

/// A statement and its arguments, bound as owned values so a query can be built up in steps.
#[derive(Debug)]
pub(crate) struct Query {
    sql: Cow<'static, str>,
    args: Vec<Value>,
    invalid: Option<String>,
}

/// A statement with no arguments yet.
pub(crate) fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query { sql: sql.into(), args: Vec::new(), invalid: None }
}

impl Query {
    /// Binds the next positional argument.
    pub(crate) fn bind<T: ToSql>(mut self, value: T) -> Self {
        match value.to_sql() {
            Ok(ToSqlOutput::Borrowed(borrowed)) => match Value::try_from(borrowed) {
                Ok(owned) => self.args.push(owned),
                Err(error) => self.invalid = Some(error.to_string()),
            },
            Ok(ToSqlOutput::Owned(owned)) => self.args.push(owned),
            Ok(_) => self.invalid = Some("an argument of an unsupported kind".to_owned()),
            Err(error) => self.invalid = Some(error.to_string()),
        }
        self
    }

    /// Appends SQL text to the statement.
    pub(crate) fn push(mut self, sql: &str) -> Self {
        self.sql.to_mut().push_str(sql);
        self
    }

    /// Appends `?N` for the next argument, and binds it.
    pub(crate) fn push_bind<T: ToSql>(self, value: T) -> Self {
        let placeholder = format!("?{}", self.args.len() + 1);
        self.push(&placeholder).bind(value)
    }

    fn checked(&self) -> Result<(), rusqlite::Error> {
        match &self.invalid {
            Some(why) => Err(rusqlite::Error::ToSqlConversionFailure(why.clone().into())),
            None => Ok(()),
        }
    }

    /// Runs the statement; the number of rows it changed.
    pub(crate) fn execute(self, connection: &Connection) -> Result<u64, rusqlite::Error> {
        self.checked()?;
        let mut statement = connection.prepare_cached(&self.sql)?;
        let changed = statement.execute(rusqlite::params_from_iter(&self.args))?;
        Ok(changed as u64)
    }

    /// Hands each row to `visit` as SQLite steps to it.
    pub(crate) fn for_each(
        self,
        connection: &Connection,
        mut visit: impl FnMut(&Columns<'_, '_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.rows(connection, |rows, names| {
            while let Some(row) = rows.next().map_err(store_error)? {
                visit(&Columns::new(row, names))?;
            }
            Ok(())
        })
    }

    /// Every row, decoded by `map`.
    pub(crate) fn fetch_all<T>(
        self,
        connection: &Connection,
        mut map: impl FnMut(&Columns<'_, '_>) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut decoded = Vec::new();
        self.for_each(connection, |row| {
            decoded.push(map(row)?);
            Ok(())
        })?;
        Ok(decoded)
    }

    /// The first row, if any, decoded by `map`.
    pub(crate) fn fetch_optional<T>(
        self,
        connection: &Connection,
        map: impl FnOnce(&Columns<'_, '_>) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        self.rows(connection, |rows, names| {
            rows.next().map_err(store_error)?.map(|row| map(&Columns::new(row, names))).transpose()
        })
    }

    /// The first row, decoded by `map`; a statement that returns none is a store fault.
    pub(crate) fn fetch_one<T>(
        self,
        connection: &Connection,
        map: impl FnOnce(&Columns<'_, '_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.fetch_optional(connection, map)?.ok_or_else(|| store_error(rusqlite::Error::QueryReturnedNoRows))
    }

    /// The first column of the first row, for a statement that always returns one.
    pub(crate) fn scalar<T: FromSql>(self, connection: &Connection) -> Result<T, StoreError> {
        self.fetch_one(connection, |row| row.at(0))
    }

    /// Prepares the statement (or reuses it from the connection's cache), binds the arguments and
    /// hands the rows, with the statement's column names, to `read`.
    fn rows<R>(
        self,
        connection: &Connection,
        read: impl FnOnce(&mut rusqlite::Rows<'_>, &Names) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        self.checked().map_err(store_error)?;
        let mut statement = connection.prepare_cached(&self.sql).map_err(store_error)?;
        let names = Names::of(&statement);
        let mut rows = statement.query(rusqlite::params_from_iter(&self.args)).map_err(store_error)?;
        read(&mut rows, &names)
    }
}
