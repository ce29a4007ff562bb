//! [`AccountStore`] on SQLite: accounts, sessions, API tokens, invitations and failed sign-ins.
//! Each call is one statement or one short transaction on the pool.

use jiff::Timestamp;
use mastery_domain::ids::{TokenId, UserId};
use mastery_store::{
    Access, Account, AccountStore, ApiTokenRecord, InviteRecord, LoginFailures, SessionRecord, StoreError,
};

use crate::SqliteStore;
use crate::codec::{Columns, insert_error, micros, store_error};
use crate::db::query;

fn account(row: &Columns) -> Result<Account, StoreError> {
    Ok(Account {
        user: row.parsed("user_id")?,
        username: row.text("username")?,
        password_hash: row.text("password_hash")?,
        created_at: row.timestamp("created_at")?,
    })
}

fn session(row: &Columns) -> Result<SessionRecord, StoreError> {
    Ok(SessionRecord {
        hash: row.text("hash")?,
        user: row.parsed("user_id")?,
        created_at: row.timestamp("created_at")?,
        last_seen_at: row.timestamp("last_seen_at")?,
    })
}

fn token(row: &Columns) -> Result<ApiTokenRecord, StoreError> {
    Ok(ApiTokenRecord {
        id: row.parsed("id")?,
        user: row.parsed("user_id")?,
        name: row.text("name")?,
        hash: row.text("hash")?,
        created_at: row.timestamp("created_at")?,
        last_used_at: row.opt_timestamp("last_used_at")?,
    })
}

const ACCOUNT: &str = "SELECT user_id, username, password_hash, created_at FROM accounts";
const TOKEN: &str = "SELECT id, user_id, name, hash, created_at, last_used_at FROM api_tokens";

impl SqliteStore {
    async fn optional<T>(
        &self,
        sql: String,
        key: String,
        map: fn(&Columns) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        query(sql).bind(key).fetch_optional(&*self.pool.acquire().await?, map)
    }
}

impl AccountStore for SqliteStore {
    async fn create_account(&self, account: &Account, invite: Option<&str>, now: Timestamp) -> Result<(), StoreError> {
        let tx = self.pool.begin(Access::Write).await?;
        if let Some(hash) = invite {
            let used = query("UPDATE invites SET used_at = ?2 WHERE hash = ?1 AND used_at IS NULL AND expires_at > ?2")
                .bind(hash)
                .bind(micros(now))
                .execute(&tx)
                .map_err(store_error)?;
            if used == 0 {
                return Err(StoreError::NotFound { entity: "invitation", key: "the code given".to_owned() });
            }
        }
        let conflict = insert_error("account", &account.username);
        query("INSERT INTO users (id, name, created_at) VALUES (?1, ?2, ?3)")
            .bind(account.user.to_string())
            .bind(&account.username)
            .bind(micros(account.created_at))
            .execute(&tx)
            .map_err(conflict)?;
        query(
            "INSERT INTO accounts (user_id, username, username_key, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(account.user.to_string())
        .bind(&account.username)
        .bind(account.username.to_lowercase())
        .bind(&account.password_hash)
        .bind(micros(account.created_at))
        .execute(&tx)
        .map_err(insert_error("account", &account.username))?;
        tx.commit()
    }

    async fn account_by_username(&self, username: &str) -> Result<Option<Account>, StoreError> {
        self.optional(format!("{ACCOUNT} WHERE username_key = ?1"), username.to_lowercase(), account).await
    }

    async fn account(&self, user: UserId) -> Result<Option<Account>, StoreError> {
        self.optional(format!("{ACCOUNT} WHERE user_id = ?1"), user.to_string(), account).await
    }

    async fn insert_session(&self, record: &SessionRecord) -> Result<(), StoreError> {
        query("INSERT INTO sessions (hash, user_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?4)")
            .bind(&record.hash)
            .bind(record.user.to_string())
            .bind(micros(record.created_at))
            .bind(micros(record.last_seen_at))
            .execute(&*self.pool.acquire().await?)
            .map_err(insert_error("session", "a new session"))?;
        Ok(())
    }

    async fn session(&self, hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let sql = "SELECT hash, user_id, created_at, last_seen_at FROM sessions WHERE hash = ?1".to_owned();
        self.optional(sql, hash.to_owned(), session).await
    }

    async fn touch_session(&self, hash: &str, at: Timestamp) -> Result<(), StoreError> {
        self.touch("UPDATE sessions SET last_seen_at = ?2 WHERE hash = ?1", hash.to_owned(), at).await
    }

    async fn delete_session(&self, hash: &str) -> Result<(), StoreError> {
        self.execute("DELETE FROM sessions WHERE hash = ?1", hash.to_owned()).await.map(drop)
    }

    async fn delete_sessions(&self, user: UserId) -> Result<u64, StoreError> {
        self.execute("DELETE FROM sessions WHERE user_id = ?1", user.to_string()).await
    }

    async fn insert_token(&self, record: &ApiTokenRecord) -> Result<(), StoreError> {
        query(
            "INSERT INTO api_tokens (id, user_id, name, hash, created_at, last_used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(record.id.to_string())
        .bind(record.user.to_string())
        .bind(&record.name)
        .bind(&record.hash)
        .bind(micros(record.created_at))
        .bind(record.last_used_at.map(micros))
        .execute(&*self.pool.acquire().await?)
        .map_err(insert_error("token", &record.name))?;
        Ok(())
    }

    async fn token_by_hash(&self, hash: &str) -> Result<Option<ApiTokenRecord>, StoreError> {
        self.optional(format!("{TOKEN} WHERE hash = ?1"), hash.to_owned(), token).await
    }

    async fn touch_token(&self, id: TokenId, at: Timestamp) -> Result<(), StoreError> {
        self.touch("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1", id.to_string(), at).await
    }

    async fn tokens(&self, user: UserId) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let sql = format!("{TOKEN} WHERE user_id = ?1 ORDER BY created_at, id");
        query(sql).bind(user.to_string()).fetch_all(&*self.pool.acquire().await?, token)
    }

    async fn delete_token(&self, user: UserId, id: TokenId) -> Result<(), StoreError> {
        let deleted = query("DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2")
            .bind(id.to_string())
            .bind(user.to_string())
            .execute(&*self.pool.acquire().await?)
            .map_err(store_error)?;
        if deleted == 0 {
            return Err(StoreError::NotFound { entity: "token", key: id.to_string() });
        }
        Ok(())
    }

    async fn insert_invite(&self, invite: &InviteRecord) -> Result<(), StoreError> {
        query("INSERT INTO invites (hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)")
            .bind(&invite.hash)
            .bind(invite.created_by.map(|u| u.to_string()))
            .bind(micros(invite.created_at))
            .bind(micros(invite.expires_at))
            .execute(&*self.pool.acquire().await?)
            .map_err(insert_error("invitation", "a new invitation"))?;
        Ok(())
    }

    async fn record_login_failure(&self, key: &str, at: Timestamp, forget_before: Timestamp) -> Result<(), StoreError> {
        let tx = self.pool.begin(Access::Write).await?;
        query("DELETE FROM login_failures WHERE at < ?1")
            .bind(micros(forget_before))
            .execute(&tx)
            .map_err(store_error)?;
        query("INSERT INTO login_failures (key, at) VALUES (?1, ?2)")
            .bind(key)
            .bind(micros(at))
            .execute(&tx)
            .map_err(store_error)?;
        tx.commit()
    }

    async fn login_failures(&self, key: &str, since: Timestamp) -> Result<LoginFailures, StoreError> {
        let (count, last): (i64, Option<i64>) =
            query("SELECT count(*), max(at) FROM login_failures WHERE key = ?1 AND at >= ?2")
                .bind(key)
                .bind(micros(since))
                .fetch_one(&*self.pool.acquire().await?, |row| Ok((row.at(0)?, row.at(1)?)))?;
        let last = last
            .map(Timestamp::from_microsecond)
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("login_failures.at: {e}")))?;
        Ok(LoginFailures { count: u32::try_from(count).unwrap_or(u32::MAX), last })
    }

    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        self.execute("DELETE FROM login_failures WHERE key = ?1", key.to_owned()).await.map(drop)
    }

    /// Deletes from every table with a `user_id` column, found in the schema itself so a table
    /// added later cannot be forgotten. Foreign keys are checked at commit, so the order of the
    /// deletes does not matter.
    async fn delete_account(&self, user: UserId) -> Result<(), StoreError> {
        let tx = self.pool.begin(Access::Write).await?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON").map_err(store_error)?;
        let tables: Vec<String> = query(
            "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'user_id'",
        )
        .fetch_all(&tx, |row| row.at(0))?;
        for table in &tables {
            query(format!("DELETE FROM \"{table}\" WHERE user_id = ?1"))
                .bind(user.to_string())
                .execute(&tx)
                .map_err(store_error)?;
        }
        query("DELETE FROM users WHERE id = ?1").bind(user.to_string()).execute(&tx).map_err(store_error)?;
        tx.commit()
    }
}

impl SqliteStore {
    /// Runs one statement binding `key`; answers the rows it touched.
    async fn execute(&self, sql: &'static str, key: String) -> Result<u64, StoreError> {
        let done = query(sql).bind(key).execute(&*self.pool.acquire().await?).map_err(store_error)?;
        Ok(done)
    }

    /// Runs one statement binding `key` and the instant `at`.
    async fn touch(&self, sql: &'static str, key: String, at: Timestamp) -> Result<(), StoreError> {
        query(sql).bind(key).bind(micros(at)).execute(&*self.pool.acquire().await?).map_err(store_error)?;
        Ok(())
    }
}
