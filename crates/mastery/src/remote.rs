//! Talking to a Mastery server over HTTP: signing in for an API token, the sync exchange, and
//! revoking the token at logout. Plain `http://` is taken only for a server on this machine;
//! anything else needs `https://`, since a password and every record cross the network.

use std::time::Duration;

use mastery_app::AppError;
use mastery_app::sync::SyncClient;
use mastery_app::sync::wire::{SyncRequest, SyncResponse};
use serde_json::{Value, json};
use ureq::Agent;
use ureq::http::Response;

/// How long one request may take, a page of changes included.
const TIMEOUT: Duration = Duration::from_secs(120);
/// The largest answer read: a page of a thousand changes, with room to spare.
const MAX_ANSWER: u64 = 256 * 1024 * 1024;

/// A Mastery server, by its address.
#[derive(Debug)]
pub struct Remote {
    /// The address without a trailing slash.
    base: String,
    agent: Agent,
}

/// What signing in gives a device: the API token it syncs with, and the token's id, to revoke
/// it at logout.
#[derive(Debug)]
pub struct Token {
    pub secret: String,
    pub id: String,
}

impl Remote {
    /// The server at `url`, checked: `https://`, or `http://` on this machine.
    pub fn new(url: &str) -> Result<Self, AppError> {
        let base = url.trim().trim_end_matches('/').to_owned();
        let refused = |why: &str| Err(AppError::refused(format!("'{url}' {why}")));
        let Some((scheme, rest)) = base.split_once("://") else {
            return refused("is not a server address; write it as https://mastery.example.org");
        };
        let host = rest.split('/').next().unwrap_or_default();
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => host.split(':').next().unwrap_or_default(),
        };
        let loopback = name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        match scheme.to_ascii_lowercase().as_str() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return refused(
                    "sends your password and records unencrypted; use https:// for a server on another machine",
                );
            }
            _ => return refused("is not an http:// or https:// address"),
        }
        if name.is_empty() {
            return refused("names no host");
        }
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(TIMEOUT))
            .user_agent(concat!("mastery/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Remote { base, agent })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Signs in as `user` and makes an API token named `device` for this device; the session
    /// used to make it is signed out again.
    pub fn sign_in(&self, user: &str, password: &str, device: &str) -> Result<Token, AppError> {
        let body = json!({"username": user, "password": password}).to_string();
        let response =
            self.send(self.agent.post(self.url("/auth/login")).content_type("application/json").send(body))?;
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|c| c.to_str().ok())
            .map(|c| c.split(';').next().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
            .join("; ");
        let answer = self.answer(response)?;
        let csrf = answer["csrf"].as_str().unwrap_or_default().to_owned();
        let made = self.send(
            self.agent
                .post(self.url("/auth/tokens"))
                .header("cookie", &cookie)
                .header("x-csrf-token", &csrf)
                .content_type("application/json")
                .send(json!({ "name": device }).to_string()),
        )?;
        let token = self.answer(made)?;
        let (Some(secret), Some(id)) = (token["token"].as_str(), token["id"].as_str()) else {
            return Err(AppError::Remote(format!("{} answered without a token; is it a Mastery server?", self.base)));
        };
        // The session only served to make the token; a failure to end it leaves it to expire.
        let _ = self
            .agent
            .post(self.url("/auth/logout"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .send_empty();
        Ok(Token { secret: secret.to_owned(), id: id.to_owned() })
    }

    /// Revokes the device's token on the server.
    pub fn revoke(&self, token: &str, id: &str) -> Result<(), AppError> {
        let response = self.send(
            self.agent.delete(self.url(&format!("/auth/tokens/{id}"))).header("authorization", bearer(token)).call(),
        )?;
        self.answer(response).map(drop)
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    fn send(&self, sent: Result<Response<ureq::Body>, ureq::Error>) -> Result<Response<ureq::Body>, AppError> {
        sent.map_err(|e| {
            AppError::Remote(format!("could not reach {} ({e}); nothing was lost: sync again when it is up", self.base))
        })
    }

    /// The answer's JSON when it is a success; the server's own words otherwise.
    fn answer(&self, response: Response<ureq::Body>) -> Result<Value, AppError> {
        Ok(serde_json::from_str(&self.text(response)?).unwrap_or(Value::Null))
    }

    /// The answer's body when it is a success; the server's own words otherwise.
    fn text(&self, response: Response<ureq::Body>) -> Result<String, AppError> {
        let status = response.status().as_u16();
        let text = response
            .into_body()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_string()
            .map_err(|e| AppError::Remote(format!("{} stopped answering half-way ({e})", self.base)))?;
        if (200..300).contains(&status) {
            return Ok(text);
        }
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let said = value["error"].as_str().map(str::to_owned).unwrap_or_else(|| format!("status {status}"));
        Err(match status {
            401 => AppError::Unauthorized(
                "the server refused the sign-in: check the name and password, or sign in again with `mastery login`",
            ),
            400..=499 => AppError::refused(format!("{} refused: {said}", self.base)),
            _ => AppError::Remote(format!("{} failed: {said}; nothing here was changed", self.base)),
        })
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// The sync exchange with a server, as the device signed in with `token`.
#[derive(Debug)]
pub struct HttpSync<'a> {
    pub remote: &'a Remote,
    pub token: &'a str,
    /// Bytes sent and received, for `mastery sync --json` and the benchmark.
    pub sent_bytes: std::sync::atomic::AtomicU64,
    pub received_bytes: std::sync::atomic::AtomicU64,
}

impl<'a> HttpSync<'a> {
    pub fn new(remote: &'a Remote, token: &'a str) -> Self {
        HttpSync { remote, token, sent_bytes: 0.into(), received_bytes: 0.into() }
    }
}

impl SyncClient for HttpSync<'_> {
    async fn exchange(&self, request: &SyncRequest) -> Result<SyncResponse, AppError> {
        use std::sync::atomic::Ordering::Relaxed;
        let body = serde_json::to_string(request).map_err(|e| AppError::Internal(e.to_string()))?;
        self.sent_bytes.fetch_add(body.len() as u64, Relaxed);
        let remote = self.remote;
        let sent = remote
            .agent
            .post(remote.url("/sync"))
            .header("authorization", bearer(self.token))
            .content_type("application/json")
            .send(body);
        let text = remote.text(remote.send(sent)?)?;
        self.received_bytes.fetch_add(text.len() as u64, Relaxed);
        serde_json::from_str(&text)
            .map_err(|e| AppError::Remote(format!("{} answered something other than a sync ({e})", remote.base)))
    }
}
