//! Conformance of [`AccountStore`](crate::AccountStore): accounts are unique whatever the case of
//! their username, invitations are used once and expire, sessions and tokens are found by hash
//! and end, failed sign-ins are counted in a window, and deleting an account leaves nothing of
//! its user behind while the other users keep everything.

use mastery_domain::ids::TokenId;

use super::*;
use crate::{Account, AccountStore, ApiTokenRecord, InviteRecord, LoginFailures, SessionRecord};

/// Stamps out one `#[tokio::test]` per behaviour of the accounts port, like
/// [`conformance_suite!`](crate::conformance_suite) does for records (`optional:` included).
#[macro_export]
macro_rules! accounts_conformance_suite {
    (optional: $make:path) => {
        $crate::accounts_conformance_suite!(@suite (optional $make));
    };
    ($make:path) => {
        $crate::accounts_conformance_suite!(@suite (required $make));
    };
    (@suite $how:tt) => {
        $crate::conformance_suite!(@each $how;
            accounts_are_unique_ignoring_case,
            invitations_are_used_once_and_expire,
            sessions_are_found_touched_and_ended,
            tokens_are_listed_and_revoked_by_their_owner,
            login_failures_are_counted_in_a_window,
            deleting_an_account_leaves_nothing_of_its_user,
        );
    };
}

pub(super) fn account(n: u32, username: &str) -> Account {
    Account {
        user: UserId::from_uuid(uuid(n)),
        username: username.to_owned(),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt{n}$hash{n}"),
        created_at: at(i64::from(n)),
    }
}

fn session(hash: &str, user: &Account, minute: i64) -> SessionRecord {
    SessionRecord { hash: hash.to_owned(), user: user.user, created_at: at(minute), last_seen_at: at(minute) }
}

fn token(n: u32, user: &Account, name: &str) -> ApiTokenRecord {
    ApiTokenRecord {
        id: TokenId::from_uuid(uuid(n)),
        user: user.user,
        name: name.to_owned(),
        hash: format!("token-hash-{n}"),
        created_at: at(i64::from(n)),
        last_used_at: None,
    }
}

fn invite(hash: &str, by: Option<&Account>, expires_minute: i64) -> InviteRecord {
    InviteRecord {
        hash: hash.to_owned(),
        created_by: by.map(|a| a.user),
        created_at: at(0),
        expires_at: at(expires_minute),
    }
}

pub(super) async fn create<S: AccountStore>(store: &S, account: &Account) {
    store
        .create_account(account, None, at(0))
        .await
        .unwrap_or_else(|e| panic!("create_account({}): {e:?}", account.username));
}

/// An account reads back by id and by username in any case; a second account whose username
/// differs only in case is a conflict.
pub async fn accounts_are_unique_ignoring_case<S: AccountStore>(store: &S) {
    let ada = account(1, "Ada");
    create(store, &ada).await;
    assert_reads!(store.account(ada.user), Some(ada.clone()));
    assert_reads!(store.account_by_username("aDA"), Some(ada.clone()));
    assert_reads!(store.account_by_username("grace"), None);
    assert_reads!(store.account(UserId::from_uuid(uuid(99))), None);
    assert_refused!(store.create_account(&account(2, "ADA"), None, at(0)), conflict("account", "ADA"));
    create(store, &account(3, "Grace")).await;
}

/// An invitation lets one account in before it expires; an unknown, expired or used one refuses
/// the account, and a refused account does not use the invitation up.
pub async fn invitations_are_used_once_and_expire<S: AccountStore>(store: &S) {
    let ada = account(1, "ada");
    create(store, &ada).await;
    store.insert_invite(&invite("fresh", Some(&ada), 60)).await.expect("insert_invite");
    store.insert_invite(&invite("stale", None, 10)).await.expect("insert_invite");

    let refused = |account: Account, code: &'static str, minute: i64| async move {
        let result = store.create_account(&account, Some(code), at(minute)).await;
        assert!(
            matches!(result, Err(StoreError::NotFound { entity: "invitation", .. })),
            "invitation {code} at minute {minute} gave {result:?}"
        );
        assert_reads!(store.account(account.user), None, "after a refused invitation");
    };
    refused(account(2, "grace"), "unknown", 5).await;
    refused(account(2, "grace"), "stale", 20).await;
    assert_refused!(store.create_account(&account(3, "ADA"), Some("fresh"), at(5)), conflict("account", "ADA"));

    let grace = account(2, "grace");
    store.create_account(&grace, Some("fresh"), at(5)).await.expect("create_account with a fresh invitation");
    assert_reads!(store.account(grace.user), Some(grace.clone()));
    refused(account(4, "linus"), "fresh", 6).await;
}

/// Sessions are found by hash, their idle clock moves, and they end one at a time or all of a
/// user's at once, leaving other users' sessions alone.
pub async fn sessions_are_found_touched_and_ended<S: AccountStore>(store: &S) {
    let (ada, grace) = (account(1, "ada"), account(2, "grace"));
    create(store, &ada).await;
    create(store, &grace).await;
    for s in [session("a1", &ada, 1), session("a2", &ada, 2), session("g1", &grace, 3)] {
        store.insert_session(&s).await.expect("insert_session");
    }
    assert_reads!(store.session("a1"), Some(session("a1", &ada, 1)));
    assert_reads!(store.session("nope"), None);
    store.touch_session("a1", at(30)).await.expect("touch_session");
    assert_reads!(store.session("a1"), Some(SessionRecord { last_seen_at: at(30), ..session("a1", &ada, 1) }));

    store.delete_session("a2").await.expect("delete_session");
    store.delete_session("a2").await.expect("delete_session of an ended session");
    assert_reads!(store.session("a2"), None);
    assert_reads!(store.delete_sessions(ada.user), 1, "sessions ended");
    assert_reads!(store.session("a1"), None);
    assert_reads!(store.session("g1"), Some(session("g1", &grace, 3)), "another user's session");
}

/// Tokens list oldest first per user, are found by hash, record their last use, and only their
/// owner can revoke them.
pub async fn tokens_are_listed_and_revoked_by_their_owner<S: AccountStore>(store: &S) {
    let (ada, grace) = (account(1, "ada"), account(2, "grace"));
    create(store, &ada).await;
    create(store, &grace).await;
    let (laptop, phone, theirs) = (token(12, &ada, "laptop"), token(11, &ada, "phone"), token(13, &grace, "script"));
    for t in [&laptop, &phone, &theirs] {
        store.insert_token(t).await.expect("insert_token");
    }
    assert_reads!(store.tokens(ada.user), [phone.clone(), laptop.clone()]);
    assert_reads!(store.token_by_hash(&laptop.hash), Some(laptop.clone()));
    store.touch_token(laptop.id, at(40)).await.expect("touch_token");
    assert_reads!(
        store.token_by_hash(&laptop.hash),
        Some(ApiTokenRecord { last_used_at: Some(at(40)), ..laptop.clone() })
    );

    assert_refused!(store.delete_token(grace.user, laptop.id), not_found("token", laptop.id));
    store.delete_token(ada.user, laptop.id).await.expect("delete_token");
    assert_reads!(store.token_by_hash(&laptop.hash), None);
    assert_reads!(store.tokens(ada.user), [phone]);
    assert_reads!(store.tokens(grace.user), [theirs]);
}

/// Failures count per key since a moment, old ones are forgotten as new ones arrive, and a
/// success clears the key.
pub async fn login_failures_are_counted_in_a_window<S: AccountStore>(store: &S) {
    for minute in [1, 2, 3] {
        store.record_login_failure("account:ada", at(minute), at(0)).await.expect("record_login_failure");
    }
    store.record_login_failure("address:192.0.2.1", at(4), at(0)).await.expect("record_login_failure");
    assert_reads!(store.login_failures("account:ada", at(2)), LoginFailures { count: 2, last: Some(at(3)) });
    assert_reads!(store.login_failures("account:grace", at(0)), LoginFailures::default());

    store.record_login_failure("account:ada", at(20), at(3)).await.expect("record_login_failure");
    assert_reads!(
        store.login_failures("account:ada", at(0)),
        LoginFailures { count: 2, last: Some(at(20)) },
        "after forgetting"
    );
    store.clear_login_failures("account:ada").await.expect("clear_login_failures");
    assert_reads!(store.login_failures("account:ada", at(0)), LoginFailures::default(), "after clearing");
    assert_reads!(store.login_failures("address:192.0.2.1", at(0)), LoginFailures { count: 1, last: Some(at(4)) });
}

/// Deleting an account removes its records, sessions, tokens and invitations; another user's
/// are untouched, and the username can be taken again.
pub async fn deleting_an_account_leaves_nothing_of_its_user<S: AccountStore>(store: &S) {
    let (ada, grace) = (account(1, "ada"), account(2, "grace"));
    create(store, &ada).await;
    create(store, &grace).await;
    let ladder = Ladder::new(5, "Painting");
    let planned = ladder.attempt(6, 0);
    let mut tx = store.begin(ada.user, Access::Write).await.expect("begin");
    ladder.insert_into(&mut tx).await;
    planned.insert_into(&mut tx).await;
    write_one_of_everything(&mut tx, &ladder, &planned).await;
    commit(tx).await;
    let theirs = Ladder::new(80, "Painting");
    let mut tx = store.begin(grace.user, Access::Write).await.expect("begin");
    theirs.insert_into(&mut tx).await;
    theirs.attempt(81, 0).insert_into(&mut tx).await;
    commit(tx).await;
    let graces = everything(store, grace.user).await;
    store.insert_session(&session("a1", &ada, 1)).await.expect("insert_session");
    store.insert_session(&session("g1", &grace, 1)).await.expect("insert_session");
    store.insert_token(&token(20, &ada, "laptop")).await.expect("insert_token");
    store.insert_token(&token(21, &grace, "laptop")).await.expect("insert_token");
    store.insert_invite(&invite("from-ada", Some(&ada), 60)).await.expect("insert_invite");

    store.delete_account(ada.user).await.expect("delete_account");
    assert_reads!(store.account(ada.user), None);
    assert_reads!(store.account_by_username("ada"), None);
    assert_reads!(store.session("a1"), None);
    assert_reads!(store.token_by_hash("token-hash-20"), None);
    assert_eq!(everything(store, ada.user).await, Everything::default(), "the deleted user's records");
    let result = store.create_account(&account(3, "linus"), Some("from-ada"), at(5)).await;
    assert!(matches!(result, Err(StoreError::NotFound { .. })), "an invitation of a deleted account gave {result:?}");

    assert_eq!(everything(store, grace.user).await, graces, "another user's records");
    assert_reads!(store.session("g1"), Some(session("g1", &grace, 1)));
    assert_reads!(store.tokens(grace.user), [token(21, &grace, "laptop")]);
    create(store, &account(4, "Ada")).await;
}
