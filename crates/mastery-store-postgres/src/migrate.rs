//! Schema migrations, append-only, applied on connect.
//!
//! Several server processes may start at once against one database, so the whole check-and-apply
//! runs in one transaction that first takes a transaction-scoped advisory lock: the others wait
//! for it, then find the schema current. The lock goes with the transaction, so a process that
//! dies mid-way leaves neither a lock nor half a migration behind (PostgreSQL's DDL is
//! transactional). Applied versions are rows of `schema_migrations`; a database with a version
//! this build does not know is refused ([`StoreError::TooNew`]) and left untouched.

use mastery_store::StoreError;
use sqlx::Executor;
use sqlx::postgres::PgPool;

use crate::codec::store_error;

/// Every migration in order; migration `MIGRATIONS[i]` is version `i + 1`, the version its file
/// name and the SQLite backend give the same change.
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

/// The advisory lock migrations hold ("mastery" in ASCII, then 1). Per-user write locks use the
/// two-key form of the lock functions, a separate key space, so they never meet this one.
const LOCK: i64 = 0x6d61_7374_6572_7901;

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    bigint PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)";
const CURRENT: &str = "SELECT coalesce(max(version), 0) FROM schema_migrations";

/// The newest version applied.
pub async fn version(pool: &PgPool) -> Result<i64, StoreError> {
    let (version,): (i64,) = sqlx::query_as(CURRENT).fetch_one(pool).await.map_err(store_error)?;
    Ok(version)
}

pub async fn run(pool: &PgPool) -> Result<(), StoreError> {
    let mut tx = pool.begin().await.map_err(store_error)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(LOCK).execute(&mut *tx).await.map_err(store_error)?;
    tx.execute(CREATE_TABLE).await.map_err(store_error)?;
    let (current,): (i64,) = sqlx::query_as(CURRENT).fetch_one(&mut *tx).await.map_err(store_error)?;
    if current > LATEST {
        return Err(StoreError::TooNew { found: current, known: LATEST });
    }
    for (version, sql) in (1..).zip(MIGRATIONS).skip(usize::try_from(current).unwrap_or(0)) {
        // A migration is several statements: sent without parameters, it runs as one simple query.
        tx.execute(*sql).await.map_err(store_error)?;
        sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
            .bind(version)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
    }
    tx.commit().await.map_err(store_error)
}
