//! [`AccountStore`] for the in-memory store, under the same lock as the records.

use jiff::Timestamp;
use mastery_domain::ids::{TokenId, UserId};

use super::{MemoryStore, conflict, not_found};
use crate::{Account, AccountStore, ApiTokenRecord, InviteRecord, LoginFailures, SessionRecord, StoreError};

/// Accounts and what signs them in.
#[derive(Debug, Default)]
pub(super) struct AccountData {
    accounts: Vec<Account>,
    sessions: Vec<SessionRecord>,
    tokens: Vec<ApiTokenRecord>,
    /// Each invitation with whether it has been used.
    invites: Vec<(InviteRecord, bool)>,
    failures: Vec<(String, Timestamp)>,
}

impl AccountStore for MemoryStore {
    async fn create_account(&self, account: &Account, invite: Option<&str>, now: Timestamp) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        let key = account.username.to_lowercase();
        if data.names.contains_key(&account.username)
            || data.accounts.accounts.iter().any(|a| a.username.to_lowercase() == key)
        {
            return Err(conflict("account", &account.username));
        }
        if let Some(hash) = invite {
            let usable =
                data.accounts.invites.iter_mut().find(|(i, used)| i.hash == hash && !used && i.expires_at > now);
            let (_, used) = usable.ok_or_else(|| not_found("invitation", "the code given"))?;
            *used = true;
        }
        data.names.insert(account.username.clone(), account.user);
        data.accounts.accounts.push(account.clone());
        Ok(())
    }

    async fn account_by_username(&self, username: &str) -> Result<Option<Account>, StoreError> {
        let key = username.to_lowercase();
        Ok(self.data.lock().await.accounts.accounts.iter().find(|a| a.username.to_lowercase() == key).cloned())
    }

    async fn account(&self, user: UserId) -> Result<Option<Account>, StoreError> {
        Ok(self.data.lock().await.accounts.accounts.iter().find(|a| a.user == user).cloned())
    }

    async fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        self.data.lock().await.accounts.sessions.push(session.clone());
        Ok(())
    }

    async fn session(&self, hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        Ok(self.data.lock().await.accounts.sessions.iter().find(|s| s.hash == hash).cloned())
    }

    async fn touch_session(&self, hash: &str, at: Timestamp) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        if let Some(session) = data.accounts.sessions.iter_mut().find(|s| s.hash == hash) {
            session.last_seen_at = at;
        }
        Ok(())
    }

    async fn delete_session(&self, hash: &str) -> Result<(), StoreError> {
        self.data.lock().await.accounts.sessions.retain(|s| s.hash != hash);
        Ok(())
    }

    async fn delete_sessions(&self, user: UserId) -> Result<u64, StoreError> {
        let sessions = &mut self.data.lock().await.accounts.sessions;
        let before = sessions.len();
        sessions.retain(|s| s.user != user);
        Ok((before - sessions.len()) as u64)
    }

    async fn insert_token(&self, token: &ApiTokenRecord) -> Result<(), StoreError> {
        self.data.lock().await.accounts.tokens.push(token.clone());
        Ok(())
    }

    async fn token_by_hash(&self, hash: &str) -> Result<Option<ApiTokenRecord>, StoreError> {
        Ok(self.data.lock().await.accounts.tokens.iter().find(|t| t.hash == hash).cloned())
    }

    async fn touch_token(&self, id: TokenId, at: Timestamp) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        if let Some(token) = data.accounts.tokens.iter_mut().find(|t| t.id == id) {
            token.last_used_at = Some(at);
        }
        Ok(())
    }

    async fn tokens(&self, user: UserId) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let data = self.data.lock().await;
        let mut tokens: Vec<_> = data.accounts.tokens.iter().filter(|t| t.user == user).cloned().collect();
        tokens.sort_by_key(|t| (t.created_at, t.id));
        Ok(tokens)
    }

    async fn delete_token(&self, user: UserId, id: TokenId) -> Result<(), StoreError> {
        let tokens = &mut self.data.lock().await.accounts.tokens;
        let position =
            tokens.iter().position(|t| t.id == id && t.user == user).ok_or_else(|| not_found("token", id))?;
        tokens.remove(position);
        Ok(())
    }

    async fn insert_invite(&self, invite: &InviteRecord) -> Result<(), StoreError> {
        self.data.lock().await.accounts.invites.push((invite.clone(), false));
        Ok(())
    }

    async fn record_login_failure(&self, key: &str, at: Timestamp, forget_before: Timestamp) -> Result<(), StoreError> {
        let failures = &mut self.data.lock().await.accounts.failures;
        failures.retain(|(_, when)| *when >= forget_before);
        failures.push((key.to_owned(), at));
        Ok(())
    }

    async fn login_failures(&self, key: &str, since: Timestamp) -> Result<LoginFailures, StoreError> {
        let data = self.data.lock().await;
        let times = data.accounts.failures.iter().filter(|(k, when)| k == key && *when >= since).map(|(_, when)| *when);
        Ok(times.fold(LoginFailures::default(), |acc, when| LoginFailures {
            count: acc.count + 1,
            last: Some(acc.last.map_or(when, |last| last.max(when))),
        }))
    }

    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        self.data.lock().await.accounts.failures.retain(|(k, _)| k != key);
        Ok(())
    }

    async fn delete_account(&self, user: UserId) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        data.users.remove(&user);
        data.names.retain(|_, id| *id != user);
        let accounts = &mut data.accounts;
        accounts.accounts.retain(|a| a.user != user);
        accounts.sessions.retain(|s| s.user != user);
        accounts.tokens.retain(|t| t.user != user);
        accounts.invites.retain(|(i, _)| i.created_by != Some(user));
        data.sharing.forget(user);
        Ok(())
    }
}
