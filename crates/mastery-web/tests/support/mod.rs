//! The harness the router tests share: a site over a real SQLite store in a temporary
//! directory, requests as the browser sends them (Host, Origin, token), and a second app over the
//! same store to check what was written.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use mastery_app::{App, AttemptFilter, FixedClock, NewDomain, NewGoal};
use mastery_domain::domain::LifeArea;
use mastery_store_sqlite::SqliteStore;
use mastery_web::Guard;
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:7878";

/// Every page of the site, as the demo's store fills them.
pub const PAGES: [&str; 17] = [
    "/",
    "/domains",
    "/domains/public-speaking",
    "/domains/public-speaking/audit",
    "/domains/public-speaking/goals",
    "/domains/public-speaking/edit",
    "/baseline",
    "/attempts",
    "/attempts/new",
    "/review",
    "/review/month",
    "/practice",
    "/people",
    "/programs",
    "/data",
    "/help-now",
    "/changes",
];

pub struct Site {
    pub router: Router,
    pub token: String,
    /// Another app over the same store, to check what was written.
    pub check: App<SqliteStore>,
    pub _dir: tempfile::TempDir,
}

pub fn clock() -> Box<FixedClock> {
    Box::new(FixedClock("2026-11-21T09:30:00+01:00[Europe/Paris]".parse().expect("a fixed now")))
}

pub async fn site(demo: bool) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("mastery.db")).await.unwrap();
    let app = App::local(store.clone(), clock()).await.unwrap();
    if demo {
        app.demo(7).await.unwrap();
    }
    let guard = Guard::for_address(HOST.parse().unwrap());
    let token = guard.token().to_owned();
    let check = App::local(store, clock()).await.unwrap();
    Site { router: mastery_web::router(app, guard), token, check, _dir: dir }
}

/// A site over a store with one connection, as `mastery serve` opens it, so pages are kept until
/// the store changes (`cache.rs`); `check` is another process's view of the same file.
pub async fn served_site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let app = App::local(SqliteStore::open_with(&path, 1).await.unwrap(), clock()).await.unwrap();
    let guard = Guard::for_address(HOST.parse().unwrap());
    let token = guard.token().to_owned();
    let check = App::local(SqliteStore::open_with(&path, 1).await.unwrap(), clock()).await.unwrap();
    Site { router: mastery_web::router(app, guard), token, check, _dir: dir }
}

/// Adds the domain Running through `check`.
pub async fn add_running(site: &Site) {
    let running = NewDomain { name: "Running".to_owned(), area: LifeArea::Health, description: None };
    site.check.add_domain(running).await.unwrap();
}

/// A store with one domain, Running, and nothing else.
pub async fn site_with_one_domain() -> Site {
    let site = site(false).await;
    add_running(&site).await;
    site
}

/// A goal in Running, which puts the domain in use: its source gaps are named from then on.
pub async fn add_running_goal(site: &Site) {
    let goal = NewGoal { domain: "running".to_owned(), statement: "Run 5 km".to_owned(), ..NewGoal::default() };
    site.check.add_goal(goal).await.unwrap();
}

/// A store with one domain, Running, and its goal.
pub async fn site_with_one_goal() -> Site {
    let site = site_with_one_domain().await;
    add_running_goal(&site).await;
    site
}

pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: HeaderMap,
    pub body: String,
}

impl Site {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let location = response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_owned());
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, location, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).header(header::HOST, HOST).body(Body::empty()).unwrap()).await
    }

    /// A form post as the browser sends it from one of the site's pages, with the token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut body = format!("csrf={}", self.token);
        for (name, value) in fields {
            body.push_str(&format!("&{name}={}", encode(value)));
        }
        self.post_raw(path, body, &format!("http://{HOST}")).await
    }

    pub async fn post_raw(&self, path: &str, body: String, origin: &str) -> Reply {
        let request = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    pub async fn attempts(&self) -> usize {
        self.check.attempts(AttemptFilter::default()).await.unwrap().len()
    }
}

/// Everything the store holds, as the lossless export (without the moment of the export).
pub async fn contents(site: &Site) -> String {
    let mut export = Vec::new();
    site.check.export_json(&mut export).await.unwrap();
    let mut document: serde_json::Value = serde_json::from_slice(&export).unwrap();
    document.as_object_mut().unwrap().remove("exported_at");
    document.to_string()
}

/// Form encoding for the test's own values.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Text as maud writes it into a page.
pub fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Asserts a refused form: a 422 with `field`'s message beside it, holding `says`; the message is
/// named by the `aria-describedby` of its control (or fieldset), and a control with the field's
/// id is marked invalid.
pub fn refused_at(reply: &Reply, field: &str, says: &str) {
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", reply.body);
    let error = format!(r#"<p class="error" id="{field}-error">"#);
    let at = reply.body.find(&error).unwrap_or_else(|| panic!("no {field}-error in {}", reply.body));
    let message = &reply.body[at..at + reply.body[at..].find("</p>").unwrap()];
    assert!(message.contains(&escaped(says)), "{field}: {message}");
    let mut described = reply.body.split(r#"aria-describedby=""#).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]);
    assert!(described.any(|ids| ids.split(' ').any(|id| id == format!("{field}-error"))), "{field}: not described");
    if let Some(control) = reply.body.find(&format!(r#"id="{field}" name="{field}""#)) {
        let tag = &reply.body[control..];
        let tag = &tag[..tag.find('>').unwrap()];
        assert!(tag.contains(r#"aria-invalid="true""#), "{tag}");
    }
}
