//! The accounts port: who may sign in to a server, and with what. Unlike [`crate::Transaction`],
//! these calls are not scoped to one user, because signing in is how a request *finds* its user:
//! a username, a session or an API token leads to a [`UserId`]. Nothing here reads or writes a
//! person's records, except [`AccountStore::delete_account`], which removes all of them.
//!
//! Secrets never reach the store: sessions, tokens and invitations are kept as the SHA-256 of
//! their secret (hex), passwords as an argon2id hash, so a copy of the database signs nobody in.

use std::future::Future;

use jiff::Timestamp;
use mastery_domain::ids::{TokenId, UserId};

use crate::{Store, StoreError};

/// A person's account on a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub user: UserId,
    /// As its owner spelled it; unique on the server ignoring case.
    pub username: String,
    /// The argon2id hash in PHC format.
    pub password_hash: String,
    pub created_at: Timestamp,
}

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 of the cookie's secret, hex.
    pub hash: String,
    pub user: UserId,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

/// A named API token, for the command line and scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: TokenId,
    pub user: UserId,
    pub name: String,
    /// SHA-256 of the token, hex.
    pub hash: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// An invitation to create an account on an invite-only server; single use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRecord {
    /// SHA-256 of the code, hex.
    pub hash: String,
    /// The member who invited, or `None` for the server's operator.
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// The failed sign-ins counted against one key (an account or an address) in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginFailures {
    pub count: u32,
    pub last: Option<Timestamp>,
}

/// What a server stores about accounts, sessions, tokens, invitations and failed sign-ins.
pub trait AccountStore: Store {
    /// Creates the user and its account in one transaction. With an invitation (the hash of its
    /// code), the invitation is used up in the same transaction, and an unknown, used or expired
    /// one refuses the account ([`StoreError::NotFound`], entity `invitation`). A username taken
    /// in any case is [`StoreError::Conflict`] (entity `account`).
    fn create_account(
        &self,
        account: &Account,
        invite: Option<&str>,
        now: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The account whose username is `username`, ignoring case.
    fn account_by_username(&self, username: &str) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    fn account(&self, user: UserId) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    fn insert_session(&self, session: &SessionRecord) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn session(&self, hash: &str) -> impl Future<Output = Result<Option<SessionRecord>, StoreError>> + Send;

    /// Moves a session's idle clock forward.
    fn touch_session(&self, hash: &str, at: Timestamp) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Ends one session; ending an unknown one is not an error.
    fn delete_session(&self, hash: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Ends every session of `user`, answering how many there were.
    fn delete_sessions(&self, user: UserId) -> impl Future<Output = Result<u64, StoreError>> + Send;

    fn insert_token(&self, token: &ApiTokenRecord) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn token_by_hash(&self, hash: &str) -> impl Future<Output = Result<Option<ApiTokenRecord>, StoreError>> + Send;

    fn touch_token(&self, id: TokenId, at: Timestamp) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The user's tokens, oldest first.
    fn tokens(&self, user: UserId) -> impl Future<Output = Result<Vec<ApiTokenRecord>, StoreError>> + Send;

    /// Revokes one of the user's tokens; another user's token or an unknown id is
    /// [`StoreError::NotFound`].
    fn delete_token(&self, user: UserId, id: TokenId) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn insert_invite(&self, invite: &InviteRecord) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Counts a failed sign-in against `key`, forgetting failures older than `forget_before`.
    fn record_login_failure(
        &self,
        key: &str,
        at: Timestamp,
        forget_before: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The failures counted against `key` since `since`.
    fn login_failures(
        &self,
        key: &str,
        since: Timestamp,
    ) -> impl Future<Output = Result<LoginFailures, StoreError>> + Send;

    /// Forgets the failures of `key` (after a successful sign-in).
    fn clear_login_failures(&self, key: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Deletes the user and every row that belongs to them (records, sessions, tokens), in one
    /// transaction.
    fn delete_account(&self, user: UserId) -> impl Future<Output = Result<(), StoreError>> + Send;
}
