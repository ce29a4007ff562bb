//! The API of a running server over real HTTP, as a script or another client calls it: who sends
//! a request (nobody, a bearer token, a session with its CSRF token) and what comes back.

use serde_json::{Value, json};

/// How a request proves who sends it.
#[derive(Debug, Clone)]
pub enum Who {
    Nobody,
    Bearer(String),
    Session { cookie: String, csrf: String },
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into()
}

/// Sends one request; answers the status and the body as JSON (or as a string when it is not).
pub fn call(base: &str, who: &Who, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{base}/api/v1{path}");
    let mut request = ureq::http::Request::builder().method(method).uri(&url);
    match who {
        Who::Nobody => {}
        Who::Bearer(token) => request = request.header("authorization", format!("Bearer {token}")),
        Who::Session { cookie, csrf } => {
            request = request.header("cookie", cookie).header("x-csrf-token", csrf);
        }
    }
    let response = match body {
        Some(body) => agent().run(request.header("content-type", "application/json").body(body.to_string()).unwrap()),
        None => agent().run(request.body(()).unwrap()),
    }
    .expect("the server answers");
    let status = response.status().as_u16();
    let text = response.into_body().read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Everyone's password in these tests: long, uncommon, and naming no one.
pub const PASSWORD: &str = "staple battery correct horse";

/// Signs up `name` and makes a bearer token for them.
pub fn person(base: &str, name: &str) -> Who {
    let (status, body) =
        call(base, &Who::Nobody, "POST", "/auth/signup", Some(json!({"username": name, "password": PASSWORD})));
    assert_eq!(status, 201, "signup: {body}");
    assert_eq!(body["user"]["username"], json!(name));
    let session = login(base, name, PASSWORD).expect("the new account signs in");
    let (status, token) = call(base, &session, "POST", "/auth/tokens", Some(json!({"name": "tests"})));
    assert_eq!(status, 201, "token: {token}");
    Who::Bearer(token["token"].as_str().unwrap().to_owned())
}

/// Logs in; the session cookie and its CSRF token, or the status and body of the refusal.
pub fn login(base: &str, name: &str, password: &str) -> Result<Who, (u16, Value)> {
    let response = agent()
        .post(format!("{base}/api/v1/auth/login"))
        .header("content-type", "application/json")
        .send(json!({"username": name, "password": password}).to_string())
        .unwrap();
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|c| c.to_str().ok())
        .map(|c| c.split(';').next().unwrap().to_owned());
    let body: Value = serde_json::from_str(&response.into_body().read_to_string().unwrap()).unwrap_or(Value::Null);
    match (status, cookie) {
        (200, Some(cookie)) => Ok(Who::Session { cookie, csrf: body["csrf"].as_str().unwrap().to_owned() }),
        _ => Err((status, body)),
    }
}

/// What a page answered: its status, where it sends the browser next, and its HTML.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

/// A page read (`GET`, `form` empty) or a page's form posted, as a browser or a program sends it
/// as `who`: with a session, the form carries its CSRF token as the page's forms do.
pub fn page(base: &str, who: &Who, method: &str, path: &str, form: &str) -> Page {
    let mut request = ureq::http::Request::builder().method(method).uri(format!("{base}{path}"));
    let mut form = form.to_owned();
    match who {
        Who::Nobody => {}
        Who::Bearer(token) => request = request.header("authorization", format!("Bearer {token}")),
        Who::Session { cookie, csrf } => {
            request = request.header("cookie", cookie);
            if method != "GET" {
                form = if form.is_empty() { format!("csrf={csrf}") } else { format!("csrf={csrf}&{form}") };
            }
        }
    }
    let request = request.header("content-type", "application/x-www-form-urlencoded");
    let response = agent().run(request.body(form).unwrap()).expect("the server answers");
    let status = response.status().as_u16();
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
    Page { status, location, body: response.into_body().read_to_string().unwrap_or_default() }
}
