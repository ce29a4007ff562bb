//! Schema migrations, append-only, applied on open.
//!
//! The version lives in SQLite's `user_version` header field, so the up-to-date check on every
//! start is one header read, not a table scan. Pending migrations run inside one
//! `BEGIN IMMEDIATE` transaction that re-reads the version first, so two processes opening a new
//! file at once cannot both apply the same migration. (sqlx's migrator checks a table on every
//! start and, on SQLite, takes no lock between that check and applying.)

use mastery_store::StoreError;
use sqlx::sqlite::SqlitePool;
use sqlx::{AssertSqlSafe, Executor};

use crate::codec::store_error;

/// Every migration in order; the version after applying `MIGRATIONS[i]` is `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_rung_counts.sql"),
    include_str!("../migrations/0003_engine.sql"),
    include_str!("../migrations/0004_audits.sql"),
    include_str!("../migrations/0005_reattributions.sql"),
    include_str!("../migrations/0006_practice.sql"),
    include_str!("../migrations/0007_accounts.sql"),
    include_str!("../migrations/0008_attempt_facts.sql"),
    include_str!("../migrations/0009_revisions.sql"),
    include_str!("../migrations/0010_sync.sql"),
    include_str!("../migrations/0011_sharing.sql"),
    include_str!("../migrations/0012_history_at_scale.sql"),
    include_str!("../migrations/0013_fewer_attempt_indexes.sql"),
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub async fn version(pool: &SqlitePool) -> Result<i64, StoreError> {
    let (version,): (i64,) = sqlx::query_as("PRAGMA user_version").fetch_one(pool).await.map_err(store_error)?;
    Ok(version)
}

pub async fn run(pool: &SqlitePool) -> Result<(), StoreError> {
    let current = version(pool).await?;
    if current == LATEST {
        return Ok(());
    }
    if current > LATEST {
        return Err(StoreError::TooNew { found: current, known: LATEST });
    }
    ensure_wal(pool).await?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(store_error)?;
    let (current,): (i64,) = sqlx::query_as("PRAGMA user_version").fetch_one(&mut *tx).await.map_err(store_error)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(current).unwrap_or(0)) {
        tx.execute(*sql).await.map_err(store_error)?;
        let set_version = format!("PRAGMA user_version = {}", index + 1);
        tx.execute(AssertSqlSafe(set_version)).await.map_err(store_error)?;
    }
    tx.commit().await.map_err(store_error)
}

/// Switches a new file to WAL. The switch needs a lock that SQLite's busy timeout does not wait
/// for, so a process racing another at first open retries briefly.
pub(crate) async fn ensure_wal(pool: &SqlitePool) -> Result<(), StoreError> {
    let mut attempt = 0;
    loop {
        match sqlx::query("PRAGMA journal_mode = WAL").execute(pool).await.map_err(store_error) {
            Ok(_) => return Ok(()),
            Err(StoreError::Busy) if attempt < 100 => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(other) => return Err(other),
        }
    }
}
