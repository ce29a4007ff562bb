//! Accounts on a server: signing up, signing in and out, sessions, API tokens, invitations,
//! throttling and deleting an account. [`Accounts`] is separate from [`crate::App`] because it
//! acts before anyone is known: its answer (a session, a token) is what tells the web layer which
//! user to open an `App` for.
//!
//! Sessions expire after a stretch of idleness and, in any case, after an absolute lifetime.
//! Failed sign-ins are counted per account and per address; past a handful, each further try
//! must wait twice as long as the last, up to the counting window. A wrong username and a wrong
//! password get the same answer after the same work, so neither reveals which accounts exist.

pub(crate) mod secrets;

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use mastery_domain::account::{Username, check_password, token_name};
use mastery_domain::ids::{TokenId, UserId};
use mastery_store::{Account, AccountStore, ApiTokenRecord, InviteRecord, SessionRecord, StoreError};
use serde::Serialize;

pub use mastery_domain::account::SignupMode;
pub use secrets::{API_TOKEN_PREFIX, csrf_matches};

use crate::{AppError, Clock};

/// How long sessions last and how failed sign-ins are throttled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long has ended.
    pub idle: SignedDuration,
    /// A session ends this long after sign-in, however busy.
    pub absolute: SignedDuration,
    /// Failed sign-ins of one account allowed in the window before each try must wait.
    pub max_failures: u32,
    /// How far back failures count, and the longest wait.
    pub failure_window: SignedDuration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: SignedDuration::from_hours(14 * 24),
            absolute: SignedDuration::from_hours(30 * 24),
            max_failures: 5,
            failure_window: SignedDuration::from_mins(15),
        }
    }
}

/// The first wait once the failures allowed are used up; it doubles with each further failure.
const FIRST_WAIT: SignedDuration = SignedDuration::from_secs(30);
/// One address may fail this many times the failures of one account (a household or an office
/// shares an address).
const ADDRESS_FACTOR: u32 = 4;
/// A session's last use is written at most this often, not on every request.
const TOUCH_EVERY: SignedDuration = SignedDuration::from_mins(1);

/// A person as others (and they themselves) see their account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: UserId,
    pub username: String,
}

/// A session just started: the secret for the cookie, shown this once, and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub user: UserId,
    pub token: String,
    pub csrf: String,
}

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    pub user: UserId,
    pub csrf: String,
}

/// An API token as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenView {
    pub id: TokenId,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<Timestamp>,
}

impl From<ApiTokenRecord> for TokenView {
    fn from(record: ApiTokenRecord) -> Self {
        Self { id: record.id, name: record.name, created_at: record.created_at, last_used_at: record.last_used_at }
    }
}

/// The accounts of a server.
#[derive(Debug, Clone)]
pub struct Accounts<S> {
    store: S,
    clock: Arc<dyn Clock>,
    policy: SessionPolicy,
}

impl<S: AccountStore> Accounts<S> {
    pub fn new(store: S, clock: Arc<dyn Clock>, policy: SessionPolicy) -> Self {
        Self { store, clock, policy }
    }

    fn now(&self) -> Timestamp {
        self.clock.now().timestamp()
    }

    /// Creates an account, if the server's sign-up mode allows it.
    pub async fn signup(
        &self,
        username: &str,
        password: &str,
        invite: Option<&str>,
        mode: SignupMode,
    ) -> Result<AccountView, AppError> {
        let invite = match (mode, invite.map(str::trim).filter(|c| !c.is_empty())) {
            (SignupMode::Closed, _) => {
                return Err(AppError::refused("this server is not taking new accounts; ask the person who runs it"));
            }
            (SignupMode::Invite, None) => {
                return Err(AppError::refused(
                    "this server takes new accounts by invitation only; open the link a member sent you",
                ));
            }
            (SignupMode::Invite, Some(code)) => Some(secrets::digest(code)),
            (SignupMode::Open, _) => None,
        };
        let username = Username::parse(username)?;
        check_password(password, &username)?;
        let password_hash =
            blocking(|password: String| secrets::hash_password(&password), password.to_owned()).await??;
        let now = self.now();
        let account = Account {
            user: UserId::from_uuid(uuid::Uuid::now_v7()),
            username: username.as_str().to_owned(),
            password_hash,
            created_at: now,
        };
        match self.store.create_account(&account, invite.as_deref(), now).await {
            Ok(()) => Ok(AccountView { id: account.user, username: account.username }),
            Err(StoreError::Conflict { .. }) => {
                Err(AppError::Conflict { entity: "user", key: username.as_str().to_owned() })
            }
            Err(StoreError::NotFound { entity: "invitation", .. }) => Err(AppError::refused(
                "that invitation is unknown, used or expired; ask the member who invited you for a new one",
            )),
            Err(other) => Err(other.into()),
        }
    }

    /// Checks a username and password and starts a session. A wrong username and a wrong
    /// password are one answer; too many failures are [`AppError::Throttled`].
    pub async fn login(&self, username: &str, password: &str, address: Option<&str>) -> Result<NewSession, AppError> {
        let now = self.now();
        let account_key = format!("account:{}", username.trim().to_lowercase());
        let address_key = address.map(|a| format!("address:{a}"));
        self.check_throttle(&account_key, self.policy.max_failures, now).await?;
        if let Some(key) = &address_key {
            self.check_throttle(key, self.policy.max_failures * ADDRESS_FACTOR, now).await?;
        }
        let account = self.store.account_by_username(username.trim()).await?;
        let stored = account.as_ref().map_or(secrets::decoy_hash(), |a| a.password_hash.as_str()).to_owned();
        let matches = blocking(
            |(password, stored): (String, String)| secrets::verify_password(&password, &stored),
            (password.to_owned(), stored),
        )
        .await?;
        let Some(account) = account.filter(|_| matches) else {
            let forget_before = now - self.policy.failure_window;
            self.store.record_login_failure(&account_key, now, forget_before).await?;
            if let Some(key) = &address_key {
                self.store.record_login_failure(key, now, forget_before).await?;
            }
            return Err(AppError::Unauthorized("wrong username or password"));
        };
        self.store.clear_login_failures(&account_key).await?;
        self.start_session(account.user, now).await
    }

    async fn check_throttle(&self, key: &str, allowed: u32, now: Timestamp) -> Result<(), AppError> {
        let failures = self.store.login_failures(key, now - self.policy.failure_window).await?;
        let (Some(last), Some(over)) = (failures.last, failures.count.checked_sub(allowed)) else {
            return Ok(());
        };
        let wait = FIRST_WAIT
            .checked_mul(1 << over.min(16))
            .unwrap_or(self.policy.failure_window)
            .min(self.policy.failure_window);
        let remaining = (last + wait).duration_since(now);
        if remaining.is_positive() {
            let retry_after_secs = u64::try_from(remaining.as_secs()).unwrap_or(0).max(1);
            return Err(AppError::Throttled { retry_after_secs });
        }
        Ok(())
    }

    async fn start_session(&self, user: UserId, now: Timestamp) -> Result<NewSession, AppError> {
        let token = secrets::random_secret()?;
        let record = SessionRecord { hash: secrets::digest(&token), user, created_at: now, last_seen_at: now };
        self.store.insert_session(&record).await?;
        let csrf = secrets::csrf_token(&token);
        Ok(NewSession { user, token, csrf })
    }

    /// The live session a cookie names, or `None` when it is unknown, idle too long or too old
    /// (an expired one is removed).
    pub async fn session(&self, secret: &str) -> Result<Option<SessionView>, AppError> {
        let hash = secrets::digest(secret);
        let Some(session) = self.store.session(&hash).await? else {
            return Ok(None);
        };
        let now = self.now();
        let idle = now.duration_since(session.last_seen_at);
        let age = now.duration_since(session.created_at);
        if idle >= self.policy.idle || age >= self.policy.absolute {
            self.store.delete_session(&hash).await?;
            return Ok(None);
        }
        if idle >= TOUCH_EVERY {
            self.store.touch_session(&hash, now).await?;
        }
        Ok(Some(SessionView { user: session.user, csrf: secrets::csrf_token(secret) }))
    }

    /// Ends the session a cookie names.
    pub async fn logout(&self, secret: &str) -> Result<(), AppError> {
        Ok(self.store.delete_session(&secrets::digest(secret)).await?)
    }

    /// Ends every session of the user (API tokens stay; revoke those one by one). Answers how
    /// many ended.
    pub async fn logout_everywhere(&self, user: UserId) -> Result<u64, AppError> {
        Ok(self.store.delete_sessions(user).await?)
    }

    /// The signed-in person's account.
    pub async fn account(&self, user: UserId) -> Result<AccountView, AppError> {
        let account = self.store.account(user).await?.ok_or(AppError::Unauthorized("this account no longer exists"))?;
        Ok(AccountView { id: account.user, username: account.username })
    }

    /// Makes a named API token; the secret is in the answer and nowhere else.
    pub async fn create_token(&self, user: UserId, name: &str) -> Result<(TokenView, String), AppError> {
        let name = token_name(name)?;
        let secret = format!("{API_TOKEN_PREFIX}{}", secrets::random_secret()?);
        let record = ApiTokenRecord {
            id: TokenId::from_uuid(uuid::Uuid::now_v7()),
            user,
            name,
            hash: secrets::digest(&secret),
            created_at: self.now(),
            last_used_at: None,
        };
        self.store.insert_token(&record).await?;
        Ok((record.into(), secret))
    }

    /// The user's tokens, oldest first.
    pub async fn tokens(&self, user: UserId) -> Result<Vec<TokenView>, AppError> {
        Ok(self.store.tokens(user).await?.into_iter().map(TokenView::from).collect())
    }

    pub async fn revoke_token(&self, user: UserId, id: TokenId) -> Result<(), AppError> {
        self.store.delete_token(user, id).await.map_err(|error| match error {
            StoreError::NotFound { .. } => AppError::NotFound {
                entity: "token",
                reference: id.to_string(),
                hint: "your tokens are listed on the account page".to_owned(),
            },
            other => other.into(),
        })
    }

    /// The user an `Authorization: Bearer` token stands for, or `None`.
    pub async fn bearer(&self, secret: &str) -> Result<Option<UserId>, AppError> {
        if !secret.starts_with(API_TOKEN_PREFIX) {
            return Ok(None);
        }
        let Some(token) = self.store.token_by_hash(&secrets::digest(secret)).await? else {
            return Ok(None);
        };
        let now = self.now();
        if token.last_used_at.is_none_or(|last| now.duration_since(last) >= TOUCH_EVERY) {
            self.store.touch_token(token.id, now).await?;
        }
        Ok(Some(token.user))
    }

    /// Makes a single-use invitation code, valid for `valid_for`.
    pub async fn create_invite(&self, by: Option<UserId>, valid_for: SignedDuration) -> Result<String, AppError> {
        let code = secrets::random_secret()?;
        let now = self.now();
        let invite =
            InviteRecord { hash: secrets::digest(&code), created_by: by, created_at: now, expires_at: now + valid_for };
        self.store.insert_invite(&invite).await?;
        Ok(code)
    }

    /// Deletes the account and every record of it, after checking its password once more.
    pub async fn delete_account(&self, user: UserId, password: &str) -> Result<(), AppError> {
        let account = self.store.account(user).await?.ok_or(AppError::Unauthorized("this account no longer exists"))?;
        let matches = blocking(
            |(password, stored): (String, String)| secrets::verify_password(&password, &stored),
            (password.to_owned(), account.password_hash),
        )
        .await?;
        if !matches {
            return Err(AppError::refused("that is not this account's password; nothing was deleted"));
        }
        Ok(self.store.delete_account(user).await?)
    }
}

/// Runs slow hashing off the async workers, so one sign-in does not stall other requests.
async fn blocking<A: Send + 'static, T: Send + 'static>(work: fn(A) -> T, input: A) -> Result<T, AppError> {
    tokio::task::spawn_blocking(move || work(input))
        .await
        .map_err(|e| AppError::Internal(format!("the password check stopped unexpectedly: {e}")))
}

#[cfg(test)]
mod tests;
