//! Server mode: many people on one database, each signed in. The pages and the API are the local
//! app's; what changes is who a request acts for. The guard asks [`Server::caller`]: a bearer
//! token (scripts, the CLI) or the session cookie (a browser) names one user, and every handler
//! then works through an `App` made for that user alone. Nothing about sessions lives in this
//! process's memory (they are rows in the database, stored hashed), so several instances behind
//! one load balancer answer the same person alike.

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, Uri, header};
use mastery_app::accounts::{Accounts, SessionPolicy, SignupMode};
use mastery_app::mail::Mailer;
use mastery_app::sharing::Sharing;
use mastery_app::{AppError, Clock};
use mastery_store::{AccountStore, SharingStore, Store};

use crate::Caller;

/// How a server is reached, who may join, and how it sends mail.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The address people use, such as `https://mastery.example.org`: the only origin whose
    /// forms are accepted, and `https` makes the session cookie `Secure` and `__Host-`.
    pub public_url: String,
    pub signup: SignupMode,
    pub policy: SessionPolicy,
    /// Where invitations and the weekly digest go: an [`SmtpMailer`](crate::SmtpMailer) with
    /// `--smtp-url`, else [`NoMail`](mastery_app::mail::NoMail).
    pub mailer: Arc<dyn Mailer>,
}

/// What a server knows beyond the local app: the accounts and how to recognise a session.
#[derive(Debug)]
pub(crate) struct Server<S: AccountStore> {
    pub accounts: Accounts<S>,
    pub sharing: Sharing<S>,
    pub signup: SignupMode,
    /// `scheme://host[:port]` of the public URL.
    pub origin: String,
    /// True behind TLS: the cookie is then `Secure` with the `__Host-` prefix.
    secure: bool,
    max_age: i64,
}

/// The public URL's origin and host, or why it is not one.
pub(crate) fn parse_public_url(url: &str) -> Result<(String, String, bool), String> {
    let uri: Uri = url.parse().map_err(|e| format!("the public URL '{url}' is not a URL: {e}"))?;
    let scheme = uri.scheme_str().ok_or_else(|| format!("the public URL '{url}' needs http:// or https://"))?;
    if scheme != "http" && scheme != "https" {
        return Err(format!("the public URL '{url}' must start with http:// or https://"));
    }
    let host = uri.authority().ok_or_else(|| format!("the public URL '{url}' names no host"))?.as_str().to_owned();
    Ok((format!("{scheme}://{host}"), host, scheme == "https"))
}

impl<S: Store + AccountStore + SharingStore + Clone> Server<S> {
    pub fn new(store: S, clock: Arc<dyn Clock>, config: &ServerConfig) -> Result<(Self, String), String> {
        let (origin, host, secure) = parse_public_url(&config.public_url)?;
        let max_age = config.policy.absolute.as_secs();
        let sharing = Sharing::new(store.clone(), Arc::clone(&clock), &origin, Arc::clone(&config.mailer));
        let accounts = Accounts::new(store, clock, config.policy.clone());
        Ok((Self { accounts, sharing, signup: config.signup, origin, secure, max_age }, host))
    }

    /// The session cookie's name: `__Host-` (so no other site or subdomain can set it) behind
    /// TLS, where browsers accept that prefix.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure { "__Host-mastery-session" } else { "mastery-session" }
    }

    /// Who the request comes from: a valid bearer token or session cookie, or nobody.
    pub async fn caller(&self, headers: &HeaderMap) -> Result<Option<Caller>, AppError> {
        if let Some(secret) = bearer(headers) {
            return Ok(self.accounts.bearer(secret).await?.map(|user| Caller { user, token: None, session: None }));
        }
        let Some(secret) = cookie(headers, self.cookie_name()) else {
            return Ok(None);
        };
        Ok(self.accounts.session(secret).await?.map(|session| Caller {
            user: session.user,
            token: Some(session.csrf),
            session: Some(secret.to_owned()),
        }))
    }

    /// The `Set-Cookie` value that starts a session.
    pub fn session_cookie(&self, secret: &str) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let value = format!(
            "{}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            self.cookie_name(),
            self.max_age
        );
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// The `Set-Cookie` value that ends it in the browser.
    pub fn cleared_cookie(&self) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", self.cookie_name()))
            .unwrap_or_else(|_| HeaderValue::from_static(""))
    }
}

/// The secret of `Authorization: Bearer SECRET`.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim()).filter(|s| !s.is_empty())
}

/// The value of the cookie called `name`.
pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_gives_its_origin_and_host() {
        assert_eq!(
            parse_public_url("https://mastery.example.org/").unwrap(),
            ("https://mastery.example.org".to_owned(), "mastery.example.org".to_owned(), true)
        );
        assert_eq!(
            parse_public_url("http://127.0.0.1:8080").unwrap(),
            ("http://127.0.0.1:8080".to_owned(), "127.0.0.1:8080".to_owned(), false)
        );
        assert!(parse_public_url("mastery.example.org").is_err());
        assert!(parse_public_url("ftp://mastery.example.org").is_err());
    }

    #[test]
    fn bearer_and_cookie_are_read_from_their_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
        headers.insert(header::COOKIE, HeaderValue::from_static("other=1; mastery-session=s3cret"));
        assert_eq!(bearer(&headers), Some("abc"));
        assert_eq!(cookie(&headers, "mastery-session"), Some("s3cret"));
        assert_eq!(cookie(&headers, "__Host-mastery-session"), None);
    }
}
