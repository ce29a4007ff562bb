//! The server store: Mastery's records in PostgreSQL, for `mastery server`.
//!
//! Many people and several server processes share one database, so everything a request needs
//! is in it: the records, accounts and sessions. Every table keys on its user and every
//! statement filters on the transaction's user; migrations run on connect under an advisory lock
//! (`migrate.rs`).
//!
//! Transactions give what the embedded SQLite store gives, on a server with many writers:
//!
//! - A write transaction (`Access::Write`) is a `READ COMMITTED` transaction that first takes a
//!   transaction-scoped advisory lock on its user, in the same round trip as `BEGIN`. Two writers
//!   of one user queue, as SQLite's `BEGIN IMMEDIATE` makes them, so a use case that reads then
//!   writes never loses another's update and never fails with a serialization error; writers of
//!   different users never wait for each other.
//! - A read transaction (`Access::Read`) is `REPEATABLE READ, READ ONLY`: one snapshot for all of
//!   its statements, like a read transaction on SQLite's WAL, without ever blocking a writer. A
//!   write inside it is refused by PostgreSQL.
//! - A refused insert (a taken slug, a missing parent) leaves the transaction usable, as on
//!   SQLite: inserts are written with `ON CONFLICT DO NOTHING` and guarded by their parent's
//!   existence, and the few updates that can break a unique key run in a savepoint (`tx.rs`).
//!
//! With the `testing` feature, the `testing` module gives each test a database of its own.

mod accounts;
mod codec;
mod migrate;
mod sharing;
mod tx;

#[cfg(feature = "testing")]
pub mod testing;

use jiff::Timestamp;
use mastery_domain::ids::UserId;
use mastery_store::{Access, Store, StoreError};
use sqlx::AssertSqlSafe;
use sqlx::postgres::{PgPool, PgPoolOptions};

pub use tx::PgTx;

use crate::codec::{instant, store_error};

/// A Mastery database on a PostgreSQL server.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`) with at
    /// most `max_connections` connections, and brings its schema up to date.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new().max_connections(max_connections).connect(url).await.map_err(store_error)?;
        migrate::run(&pool).await?;
        Ok(Self { pool })
    }

    /// The schema version the database is at.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        migrate::version(&self.pool).await
    }

    /// Closes every connection.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

impl Store for PgStore {
    type Tx = PgTx;

    async fn local_user(&self) -> Result<UserId, StoreError> {
        const FIND: &str = "SELECT id FROM users WHERE name = 'local'";
        if let Some((id,)) = sqlx::query_as(FIND).fetch_optional(&self.pool).await.map_err(store_error)? {
            return Ok(UserId::from_uuid(id));
        }
        // Two processes may race to create it; the unique name makes the second insert a no-op.
        sqlx::query("INSERT INTO users (id, name, created_at) VALUES ($1, 'local', $2) ON CONFLICT (name) DO NOTHING")
            .bind(uuid::Uuid::now_v7())
            .bind(instant(Timestamp::now()))
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        let (id,) = sqlx::query_as(FIND).fetch_one(&self.pool).await.map_err(store_error)?;
        Ok(UserId::from_uuid(id))
    }

    async fn add_user(&self, name: &str) -> Result<UserId, StoreError> {
        let id = UserId::from_uuid(uuid::Uuid::now_v7());
        let done =
            sqlx::query("INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
                .bind(id.as_uuid())
                .bind(name)
                .bind(instant(Timestamp::now()))
                .execute(&self.pool)
                .await
                .map_err(store_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict { entity: "user", key: name.to_owned() });
        }
        Ok(id)
    }

    async fn begin(&self, user: UserId, access: Access) -> Result<PgTx, StoreError> {
        let tx = match access {
            Access::Read => self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await,
            Access::Write => self.pool.begin_with(AssertSqlSafe(write_lock(user))).await,
        }
        .map_err(store_error)?;
        Ok(PgTx::new(tx, user))
    }
}

/// `BEGIN`, then the user's writer lock, sent as one simple query (one round trip). The lock's
/// two keys are the user id's halves folded together; two users that share keys only queue
/// behind each other, which is harmless.
fn write_lock(user: UserId) -> String {
    let bits = user.as_uuid().as_u64_pair();
    let folded = bits.0 ^ bits.1;
    // The halves of the fold, reinterpreted as PostgreSQL's signed 32-bit keys.
    let (high, low) = ((folded >> 32) as u32 as i32, folded as u32 as i32);
    format!("BEGIN; SELECT pg_advisory_xact_lock({high}, {low})")
}
