//! Schema migrations, append-only, applied on open.
//!
//! The version lives in SQLite's `user_version` header field, so the up-to-date check on every
//! start is one header read, not a table scan. Pending migrations run inside one
//! `BEGIN IMMEDIATE` transaction that re-reads the version first, so two processes opening a new
//! file at once cannot both apply the same migration. (sqlx's migrator checks a table on every
//! start and, on SQLite, takes no lock between that check and applying.)

use mastery_store::{Access, StoreError};

use crate::codec::store_error;
use crate::db::{Pool, query};

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
    include_str!("../migrations/0014_forecast_counts.sql"),
    include_str!("../migrations/0015_folds.sql"),
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub async fn version(pool: &Pool) -> Result<i64, StoreError> {
    query("PRAGMA user_version").scalar(&*pool.acquire().await?)
}

pub async fn run(pool: &Pool) -> Result<(), StoreError> {
    let current = version(pool).await?;
    if current == LATEST {
        return Ok(());
    }
    if current > LATEST {
        return Err(StoreError::TooNew { found: current, known: LATEST });
    }
    ensure_wal(pool).await?;
    let tx = pool.begin(Access::Write).await?;
    let current: i64 = query("PRAGMA user_version").scalar(&tx)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(current).unwrap_or(0)) {
        tx.execute_batch(sql).map_err(store_error)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1)).map_err(store_error)?;
    }
    tx.commit()
}

/// Switches a new file to WAL. The switch needs a lock that SQLite's busy timeout does not wait
/// for, so a process racing another at first open retries briefly.
pub(crate) async fn ensure_wal(pool: &Pool) -> Result<(), StoreError> {
    let connection = pool.acquire().await?;
    let mut attempt = 0;
    loop {
        match query("PRAGMA journal_mode = WAL").scalar::<String>(&connection) {
            Ok(_) => return Ok(()),
            Err(StoreError::Busy) if attempt < 100 => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(other) => return Err(other),
        }
    }
}
