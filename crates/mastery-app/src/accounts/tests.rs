use std::sync::Mutex;

use jiff::Zoned;
use mastery_store::MemoryStore;

use super::*;

/// A clock the test moves by hand.
#[derive(Debug)]
struct Hand(Mutex<Timestamp>);

impl Clock for Hand {
    fn now(&self) -> Zoned {
        self.0.lock().expect("clock lock").to_zoned(jiff::tz::TimeZone::UTC)
    }
}

struct Fixture {
    accounts: Accounts<MemoryStore>,
    clock: Arc<Hand>,
}

impl Fixture {
    fn new() -> Self {
        let clock = Arc::new(Hand(Mutex::new("2026-12-04T09:00:00Z".parse().expect("instant"))));
        let accounts = Accounts::new(MemoryStore::new(), clock.clone(), SessionPolicy::default());
        Self { accounts, clock }
    }

    fn advance(&self, by: SignedDuration) {
        let mut now = self.clock.0.lock().expect("clock lock");
        *now += by;
    }

    async fn ada(&self) -> AccountView {
        self.accounts.signup("Ada", PASSWORD, None, SignupMode::Open).await.expect("signup")
    }
}

const PASSWORD: &str = "violet kettle harbour";

#[tokio::test]
async fn signup_follows_the_servers_mode_and_the_rules() {
    let f = Fixture::new();
    let closed = f.accounts.signup("ada", PASSWORD, None, SignupMode::Closed).await;
    assert!(matches!(closed, Err(AppError::Refused { message: why, .. }) if why.contains("not taking new accounts")));
    let uninvited = f.accounts.signup("ada", PASSWORD, None, SignupMode::Invite).await;
    assert!(matches!(uninvited, Err(AppError::Refused { message: why, .. }) if why.contains("invitation only")));
    let weak = f.accounts.signup("ada", "password1234", None, SignupMode::Open).await;
    assert!(matches!(weak, Err(AppError::Invalid(_))), "{weak:?}");

    let ada = f.ada().await;
    assert_eq!(ada.username, "Ada");
    assert_eq!(f.accounts.account(ada.id).await.unwrap(), ada);
    let twin = f.accounts.signup("ADA", PASSWORD, None, SignupMode::Open).await;
    assert!(matches!(twin, Err(AppError::Conflict { entity: "user", .. })), "{twin:?}");

    let code = f.accounts.create_invite(Some(ada.id), SignedDuration::from_hours(1)).await.unwrap();
    f.accounts.signup("grace", PASSWORD, Some(&code), SignupMode::Invite).await.expect("invited signup");
    let reused = f.accounts.signup("linus", PASSWORD, Some(&code), SignupMode::Invite).await;
    assert!(matches!(reused, Err(AppError::Refused { message: why, .. }) if why.contains("unknown, used or expired")));
}

#[tokio::test]
async fn a_session_names_its_user_until_it_ends_or_expires() {
    let f = Fixture::new();
    let ada = f.ada().await;
    let session = f.accounts.login("ada", PASSWORD, Some("192.0.2.1")).await.expect("login");
    assert_eq!(session.user, ada.id);
    let live = f.accounts.session(&session.token).await.unwrap().expect("live session");
    assert_eq!(live, SessionView { user: ada.id, csrf: session.csrf.clone() });
    assert!(csrf_matches(&session.token, &session.csrf));
    assert_eq!(f.accounts.session("not a session").await.unwrap(), None);

    f.accounts.logout(&session.token).await.unwrap();
    assert_eq!(f.accounts.session(&session.token).await.unwrap(), None, "after sign-out");

    let busy = f.accounts.login("ada", PASSWORD, None).await.unwrap();
    let idle = f.accounts.login("ada", PASSWORD, None).await.unwrap();
    for _ in 0..29 {
        f.advance(SignedDuration::from_hours(24));
        assert!(f.accounts.session(&busy.token).await.unwrap().is_some(), "a session in use lives on");
    }
    assert_eq!(f.accounts.session(&idle.token).await.unwrap(), None, "idle for 29 days");
    f.advance(SignedDuration::from_hours(24));
    assert_eq!(f.accounts.session(&busy.token).await.unwrap(), None, "30 days after sign-in");

    let a = f.accounts.login("ada", PASSWORD, None).await.unwrap();
    let b = f.accounts.login("ada", PASSWORD, None).await.unwrap();
    assert_eq!(f.accounts.logout_everywhere(ada.id).await.unwrap(), 2);
    assert_eq!(f.accounts.session(&a.token).await.unwrap(), None);
    assert_eq!(f.accounts.session(&b.token).await.unwrap(), None);
}

#[tokio::test]
async fn wrong_usernames_and_passwords_get_one_answer_and_are_throttled() {
    let f = Fixture::new();
    f.ada().await;
    let wrong_user = f.accounts.login("nobody", PASSWORD, None).await.unwrap_err();
    let wrong_password = f.accounts.login("ada", "wrong password!", None).await.unwrap_err();
    assert_eq!(wrong_user.to_string(), wrong_password.to_string());
    assert!(matches!(wrong_password, AppError::Unauthorized(_)));

    for _ in 1..5 {
        assert!(matches!(f.accounts.login("ada", "wrong password!", None).await, Err(AppError::Unauthorized(_))));
    }
    let throttled = f.accounts.login("ada", PASSWORD, None).await;
    assert!(matches!(throttled, Err(AppError::Throttled { retry_after_secs: 30 })), "{throttled:?}");
    f.advance(SignedDuration::from_secs(31));
    assert!(matches!(f.accounts.login("ada", "wrong password!", None).await, Err(AppError::Unauthorized(_))));
    let doubled = f.accounts.login("ada", PASSWORD, None).await;
    assert!(matches!(doubled, Err(AppError::Throttled { retry_after_secs: 60 })), "{doubled:?}");
    f.advance(SignedDuration::from_secs(61));
    f.accounts.login("ada", PASSWORD, None).await.expect("the right password after the wait");
    f.accounts.login("ada", "wrong password!", None).await.unwrap_err();
    f.accounts.login("ada", PASSWORD, None).await.expect("a success forgot the earlier failures");
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_throttled() {
    let f = Fixture::new();
    f.ada().await;
    for n in 0..20 {
        let answer = f.accounts.login(&format!("user{n}"), PASSWORD, Some("198.51.100.7")).await;
        assert!(matches!(answer, Err(AppError::Unauthorized(_))), "try {n}: {answer:?}");
    }
    let throttled = f.accounts.login("ada", PASSWORD, Some("198.51.100.7")).await;
    assert!(matches!(throttled, Err(AppError::Throttled { .. })), "{throttled:?}");
    f.accounts.login("ada", PASSWORD, Some("203.0.113.9")).await.expect("another address");
}

#[tokio::test]
async fn api_tokens_sign_in_until_revoked_by_their_owner() {
    let f = Fixture::new();
    let ada = f.ada().await;
    let grace = f.accounts.signup("grace", PASSWORD, None, SignupMode::Open).await.unwrap();
    let (view, secret) = f.accounts.create_token(ada.id, " laptop ").await.unwrap();
    assert_eq!(view.name, "laptop");
    assert!(secret.starts_with(API_TOKEN_PREFIX));
    assert_eq!(f.accounts.bearer(&secret).await.unwrap(), Some(ada.id));
    assert_eq!(f.accounts.tokens(ada.id).await.unwrap()[0].last_used_at, Some(f.clock.now().timestamp()));
    assert_eq!(f.accounts.bearer(&secret[API_TOKEN_PREFIX.len()..]).await.unwrap(), None, "without its prefix");
    assert!(matches!(f.accounts.create_token(ada.id, "  ").await, Err(AppError::Invalid(_))));

    let theirs = f.accounts.revoke_token(grace.id, view.id).await;
    assert!(matches!(theirs, Err(AppError::NotFound { entity: "token", .. })), "{theirs:?}");
    f.accounts.revoke_token(ada.id, view.id).await.unwrap();
    assert_eq!(f.accounts.bearer(&secret).await.unwrap(), None, "after revoking");
    assert_eq!(f.accounts.tokens(ada.id).await.unwrap(), []);
}

#[tokio::test]
async fn deleting_an_account_needs_its_password_and_ends_everything() {
    let f = Fixture::new();
    let ada = f.ada().await;
    let session = f.accounts.login("ada", PASSWORD, None).await.unwrap();
    let (_, token) = f.accounts.create_token(ada.id, "laptop").await.unwrap();
    let refused = f.accounts.delete_account(ada.id, "wrong password!").await;
    assert!(matches!(refused, Err(AppError::Refused { message: why, .. }) if why.contains("nothing was deleted")));
    assert!(f.accounts.session(&session.token).await.unwrap().is_some());

    f.accounts.delete_account(ada.id, PASSWORD).await.unwrap();
    assert_eq!(f.accounts.session(&session.token).await.unwrap(), None);
    assert_eq!(f.accounts.bearer(&token).await.unwrap(), None);
    assert!(matches!(f.accounts.account(ada.id).await, Err(AppError::Unauthorized(_))));
    assert!(matches!(f.accounts.login("ada", PASSWORD, None).await, Err(AppError::Unauthorized(_))));
}
