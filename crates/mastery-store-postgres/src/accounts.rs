//! [`AccountStore`] on PostgreSQL: accounts, sessions, API tokens, invitations and failed
//! sign-ins. Each call is one statement, or one short transaction where two writes must happen
//! together, on the pool.

use jiff::Timestamp;
use mastery_domain::ids::{TokenId, UserId};
use mastery_store::{Account, AccountStore, ApiTokenRecord, InviteRecord, LoginFailures, SessionRecord, StoreError};
use sqlx::postgres::PgRow;

use crate::PgStore;
use crate::codec::{Columns, instant, store_error, unique_error};

type Query<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;

fn account(row: &PgRow) -> Result<Account, StoreError> {
    let c = Columns(row);
    Ok(Account {
        user: c.id("user_id", UserId::from_uuid)?,
        username: c.get("username")?,
        password_hash: c.get("password_hash")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn session(row: &PgRow) -> Result<SessionRecord, StoreError> {
    let c = Columns(row);
    Ok(SessionRecord {
        hash: c.get("hash")?,
        user: c.id("user_id", UserId::from_uuid)?,
        created_at: c.timestamp("created_at")?,
        last_seen_at: c.timestamp("last_seen_at")?,
    })
}

fn token(row: &PgRow) -> Result<ApiTokenRecord, StoreError> {
    let c = Columns(row);
    Ok(ApiTokenRecord {
        id: c.id("id", TokenId::from_uuid)?,
        user: c.id("user_id", UserId::from_uuid)?,
        name: c.get("name")?,
        hash: c.get("hash")?,
        created_at: c.timestamp("created_at")?,
        last_used_at: c.opt_timestamp("last_used_at")?,
    })
}

macro_rules! account_select {
    () => {
        "SELECT user_id, username, password_hash, created_at FROM accounts"
    };
}
macro_rules! token_select {
    () => {
        "SELECT id, user_id, name, hash, created_at, last_used_at FROM api_tokens"
    };
}

impl PgStore {
    async fn optional<T>(
        &self,
        query: Query<'_>,
        map: fn(&PgRow) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let row = query.fetch_optional(&self.pool).await.map_err(store_error)?;
        row.as_ref().map(map).transpose()
    }

    /// Runs one statement; answers the rows it touched.
    async fn execute(&self, query: Query<'_>) -> Result<u64, StoreError> {
        let done = query.execute(&self.pool).await.map_err(store_error)?;
        Ok(done.rows_affected())
    }
}

impl AccountStore for PgStore {
    async fn create_account(&self, account: &Account, invite: Option<&str>, now: Timestamp) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        if let Some(hash) = invite {
            let used =
                sqlx::query("UPDATE invites SET used_at = $2 WHERE hash = $1 AND used_at IS NULL AND expires_at > $2")
                    .bind(hash)
                    .bind(instant(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
            if used.rows_affected() == 0 {
                return Err(StoreError::NotFound { entity: "invitation", key: "the code given".to_owned() });
            }
        }
        // A violation aborts this transaction, which is dropped on the error anyway.
        sqlx::query("INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(account.user.as_uuid())
            .bind(&account.username)
            .bind(instant(account.created_at))
            .execute(&mut *tx)
            .await
            .map_err(unique_error("account", &account.username))?;
        sqlx::query(
            "INSERT INTO accounts (user_id, username, username_key, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(account.user.as_uuid())
        .bind(&account.username)
        .bind(account.username.to_lowercase())
        .bind(&account.password_hash)
        .bind(instant(account.created_at))
        .execute(&mut *tx)
        .await
        .map_err(unique_error("account", &account.username))?;
        tx.commit().await.map_err(store_error)
    }

    async fn account_by_username(&self, username: &str) -> Result<Option<Account>, StoreError> {
        let query = sqlx::query(concat!(account_select!(), " WHERE username_key = $1")).bind(username.to_lowercase());
        self.optional(query, account).await
    }

    async fn account(&self, user: UserId) -> Result<Option<Account>, StoreError> {
        self.optional(sqlx::query(concat!(account_select!(), " WHERE user_id = $1")).bind(user.as_uuid()), account)
            .await
    }

    async fn insert_session(&self, record: &SessionRecord) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4)")
            .bind(&record.hash)
            .bind(record.user.as_uuid())
            .bind(instant(record.created_at))
            .bind(instant(record.last_seen_at))
            .execute(&self.pool)
            .await
            .map_err(unique_error("session", "a new session"))?;
        Ok(())
    }

    async fn session(&self, hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let query = sqlx::query("SELECT hash, user_id, created_at, last_seen_at FROM sessions WHERE hash = $1");
        self.optional(query.bind(hash.to_owned()), session).await
    }

    async fn touch_session(&self, hash: &str, at: Timestamp) -> Result<(), StoreError> {
        let query = sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE hash = $1");
        self.execute(query.bind(hash.to_owned()).bind(instant(at))).await.map(drop)
    }

    async fn delete_session(&self, hash: &str) -> Result<(), StoreError> {
        self.execute(sqlx::query("DELETE FROM sessions WHERE hash = $1").bind(hash.to_owned())).await.map(drop)
    }

    async fn delete_sessions(&self, user: UserId) -> Result<u64, StoreError> {
        self.execute(sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.as_uuid())).await
    }

    async fn insert_token(&self, record: &ApiTokenRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, hash, created_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(record.id.as_uuid())
        .bind(record.user.as_uuid())
        .bind(&record.name)
        .bind(&record.hash)
        .bind(instant(record.created_at))
        .bind(record.last_used_at.map(instant))
        .execute(&self.pool)
        .await
        .map_err(unique_error("token", &record.name))?;
        Ok(())
    }

    async fn token_by_hash(&self, hash: &str) -> Result<Option<ApiTokenRecord>, StoreError> {
        self.optional(sqlx::query(concat!(token_select!(), " WHERE hash = $1")).bind(hash.to_owned()), token).await
    }

    async fn touch_token(&self, id: TokenId, at: Timestamp) -> Result<(), StoreError> {
        let query = sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1");
        self.execute(query.bind(id.as_uuid()).bind(instant(at))).await.map(drop)
    }

    async fn tokens(&self, user: UserId) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let rows = sqlx::query(concat!(token_select!(), " WHERE user_id = $1 ORDER BY created_at, id"))
            .bind(user.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(store_error)?;
        rows.iter().map(token).collect()
    }

    async fn delete_token(&self, user: UserId, id: TokenId) -> Result<(), StoreError> {
        let query = sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2");
        if self.execute(query.bind(id.as_uuid()).bind(user.as_uuid())).await? == 0 {
            return Err(StoreError::NotFound { entity: "token", key: id.to_string() });
        }
        Ok(())
    }

    async fn insert_invite(&self, invite: &InviteRecord) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO invites (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(&invite.hash)
            .bind(invite.created_by.map(|u| u.as_uuid()))
            .bind(instant(invite.created_at))
            .bind(instant(invite.expires_at))
            .execute(&self.pool)
            .await
            .map_err(unique_error("invitation", "a new invitation"))?;
        Ok(())
    }

    /// Forgets the old failures and counts the new one in one statement, so it is atomic without
    /// a transaction of its own.
    async fn record_login_failure(&self, key: &str, at: Timestamp, forget_before: Timestamp) -> Result<(), StoreError> {
        const SQL: &str = "WITH forgotten AS (DELETE FROM login_failures WHERE at < $3)
            INSERT INTO login_failures (key, at) VALUES ($1, $2)";
        let query = sqlx::query(SQL).bind(key.to_owned()).bind(instant(at)).bind(instant(forget_before));
        self.execute(query).await.map(drop)
    }

    async fn login_failures(&self, key: &str, since: Timestamp) -> Result<LoginFailures, StoreError> {
        let row =
            sqlx::query("SELECT count(*) AS count, max(at) AS last FROM login_failures WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(instant(since))
                .fetch_one(&self.pool)
                .await
                .map_err(store_error)?;
        let c = Columns(&row);
        let count: i64 = c.get("count")?;
        Ok(LoginFailures { count: u32::try_from(count).unwrap_or(u32::MAX), last: c.opt_timestamp("last")? })
    }

    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        self.execute(sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key.to_owned())).await.map(drop)
    }

    /// One statement: every table's rows reach the user through a foreign key that cascades, so
    /// a table added later cannot be forgotten.
    async fn delete_account(&self, user: UserId) -> Result<(), StoreError> {
        self.execute(sqlx::query("DELETE FROM users WHERE id = $1").bind(user.as_uuid())).await.map(drop)
    }
}
