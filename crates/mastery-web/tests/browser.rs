//! The whole cycle in headless Chromium: an audit, planning and recording an attempt with the
//! reattribution step, reading the evidence file and the calibration chart, the weekly review,
//! then every page at a phone's width. Chromium is driven over the W3C WebDriver protocol by
//! `chromedriver`, through the small blocking client below (a few JSON calls; no browser is ever
//! downloaded).
//!
//! Without `chromium` and `chromedriver` the test prints a notice and passes, unless `CI` is set,
//! where it fails. With `MASTERY_SCREENSHOTS=1` it writes the Today, domain, practice and phone
//! screenshots shown in the README into `docs/`.

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mastery_app::{App, SystemClock};
use mastery_store_sqlite::SqliteStore;
use serde_json::{Value, json};
use support::PAGES;

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

/// The key WebDriver names an element by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.1 exchange with chromedriver; returns the JSON body's `value`.
fn call(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
    let (head, body) = read_reply(&mut stream)?;
    let json: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
    if head.starts_with("HTTP/1.1 2") { Ok(json["value"].clone()) } else { Err(format!("{head}\n{body}")) }
}

/// Reads one reply: the head, then as many bytes as its Content-Length says (chromedriver keeps
/// the connection open, so reading to the end would wait forever).
fn read_reply(stream: &mut TcpStream) -> Result<(String, String), String> {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).map_err(|e| e.to_string())?;
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).into_owned();
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>()))
        .ok_or("chromedriver sent no Content-Length")?
        .map_err(|e| e.to_string())?;
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).map_err(|e| e.to_string())?;
    Ok((head, String::from_utf8_lossy(&body).into_owned()))
}

/// A chromedriver process and one browser session, both ended on drop.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Self {
        let port = free_port();
        let driver = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while call(port, "GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--window-size=1100,1500",
        ];
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args }
        }}});
        let mut browser = Self { driver, port, session: String::new(), _profile: profile };
        let session = browser.call("POST", "/session", Some(&capabilities)).expect("a browser session");
        browser.session = session["sessionId"].as_str().expect("a session id").to_owned();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        call(self.port, method, path, body)
    }

    fn session(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let body = (method == "POST").then_some(&body);
        self.call(method, &path, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    fn open(&self, url: &str) {
        self.session("POST", "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        let found = self.session("POST", "/element", json!({ "using": "css selector", "value": css }));
        found[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}: {found}")).to_owned()
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.session("POST", &format!("/element/{element}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.session("POST", &format!("/element/{element}/value"), json!({ "text": text }));
    }

    /// Submits the page's form and waits for the next page: a click need not wait for it.
    fn submit(&self) {
        let before = self.url();
        self.click(r#"button[type="submit"]"#);
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.url() == before {
            assert!(Instant::now() < deadline, "the form at {before} was not accepted: {}", self.source());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn source(&self) -> String {
        self.session("GET", "/source", json!(null)).as_str().unwrap_or_default().to_owned()
    }

    fn url(&self) -> String {
        self.session("GET", "/url", json!(null)).as_str().unwrap_or_default().to_owned()
    }

    /// Emulates a phone's screen, 390 px wide, through the DevTools protocol (a desktop window
    /// cannot be made that narrow).
    fn phone(&self) {
        let metrics = json!({ "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true });
        self.session(
            "POST",
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": metrics }),
        );
    }

    /// What `script` returns, run in the page (by the driver: the page's own policy allows none).
    fn script(&self, script: &str) -> Value {
        self.session("POST", "/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// How wide the page is, and how wide the screen shows it.
    fn widths(&self) -> (u64, u64) {
        let widths = self.script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        (widths[0].as_u64().unwrap_or_default(), widths[1].as_u64().unwrap_or_default())
    }

    fn screenshot(&self, to: &Path) {
        let png = self.session("GET", "/screenshot", json!(null));
        std::fs::write(to, base64(png.as_str().unwrap_or_default())).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64, as WebDriver returns screenshots.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> =
        text.bytes().filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|c| {
            let n = c.iter().enumerate().fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
            let bytes = n.to_be_bytes();
            bytes[1..c.len()].to_vec()
        })
        .collect()
}

/// Serves the demo history from a temp store on a free loopback port, on a thread of its own.
fn serve_demo(dir: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let path = dir.join("mastery.db");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let store = SqliteStore::open(&path).await.unwrap();
            let app = App::local(store, Box::new(SystemClock)).await.unwrap();
            app.demo(7).await.unwrap();
            let router = mastery_web::router(app, mastery_web::Guard::for_address(addr));
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            mastery_web::serve(listener, router, std::future::pending()).await.unwrap();
        });
    });
    let url = format!("http://{addr}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while call_healthz(addr.port()).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    url
}

fn call_healthz(port: u16) -> std::io::Result<()> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.write_all(
        format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
    )?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    if reply.starts_with("HTTP/1.1 200") { Ok(()) } else { Err(std::io::Error::other(reply)) }
}

/// Where screenshots go: `docs/` when asked to update them, a temp dir otherwise.
fn screenshot_dir(scratch: &Path) -> PathBuf {
    if std::env::var_os("MASTERY_SCREENSHOTS").is_some() {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
    } else {
        scratch.to_owned()
    }
}

#[test]
fn the_mastery_cycle_in_headless_chromium() {
    if !(Path::new(CHROMIUM).exists() && Path::new(DRIVER).exists()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs {CHROMIUM} and {DRIVER}: apt-get install chromium chromium-driver"
        );
        eprintln!("notice: skipping the browser test: install chromium and chromium-driver to run it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = serve_demo(dir.path());
    let browser = Browser::start();
    let shots = screenshot_dir(dir.path());

    // Today, with the engine's reasons.
    browser.open(&format!("{site}/"));
    assert!(browser.source().contains("Next challenges"));
    // The stylesheet is applied under the page's content policy.
    let banner = browser.script("return getComputedStyle(document.querySelector('header.site')).backgroundColor");
    assert_eq!(banner, json!("rgb(19, 49, 79)"), "styled by /style.css");
    browser.screenshot(&shots.join("screenshot-today.png"));

    // An audit: one click per item; the practice item before them is left unanswered, as it may be.
    browser.open(&format!("{site}/domains/public-speaking/audit"));
    let items = browser.source().matches(r#"name="item-"#).count() / 11;
    assert!(items > 0, "the audit lists its items");
    for i in 1..=items {
        browser.click(&format!(r#"input[name="item-{i}"][value="{}"]"#, 100 - 10 * (i % 10)));
    }
    browser.submit();
    assert!(browser.url().ends_with("/domains/public-speaking"), "{}", browser.url());

    // Plan an attempt from Today, then record a failure explained as ability.
    browser.open(&format!("{site}/"));
    browser.click("a.button");
    browser.click(r#"select#confidence option[value="60"]"#);
    browser.submit();
    assert!(browser.url().ends_with("/record"), "{}", browser.url());
    browser.click(r#"input[name="outcome"][value="failure"]"#);
    browser.click(r#"select#cause option[value="ability"]"#);
    browser.type_into("#because", "I am just not a natural speaker");
    browser.submit();

    // The reattribution step.
    assert!(browser.url().ends_with("/next-time"), "{}", browser.url());
    browser.type_into("#next_time", "Rehearse the opening out loud twice");
    browser.type_into("#if_then", "If I blank on a slide, then I will glance at my one-line notes");
    browser.submit();

    // The domain page: evidence file and calibration chart.
    assert!(browser.url().contains("/domains/"), "{}", browser.url());
    browser.open(&format!("{site}/domains/public-speaking"));
    let page = browser.source();
    assert!(page.contains("Evidence file") && page.contains("What I did"), "the evidence file");
    assert!(page.contains("Calibration: how often your forecasts came true"), "the calibration chart");
    assert!(page.contains("under-predict"), "the calibration summary");
    browser.screenshot(&shots.join("screenshot-domain.png"));
    assert!(std::fs::metadata(shots.join("screenshot-domain.png")).unwrap().len() > 10_000);

    // The weekly review: two prompts answered, shown again after the redirect, and stored.
    browser.open(&format!("{site}/review"));
    assert!(browser.source().contains("Attempts recorded"), "the week's figures");
    browser.type_into("#well", "Rehearsed the opening out loud");
    browser.type_into("#plan", "If it is Tuesday 7 pm, then I will rehearse the opening");
    browser.submit();
    let url = browser.url();
    assert!(url.contains("/review?week=") && url.ends_with("&saved=1"), "{url}");
    let page = browser.source();
    assert!(page.contains("Your answers were saved"), "{page}");
    assert!(page.contains(">Rehearsed the opening out loud</textarea>"), "{page}");
    let week = url.split("week=").nth(1).and_then(|rest| rest.split('&').next()).unwrap_or_default();
    let stored = stored_review(dir.path(), week);
    assert_eq!(stored.get("well").map(String::as_str), Some("Rehearsed the opening out loud"));
    assert_eq!(stored.get("plan").map(String::as_str), Some("If it is Tuesday 7 pm, then I will rehearse the opening"));
    assert_eq!(stored.len(), 2, "blank prompts are no answers: {stored:?}");

    // Practice: each plan's consistency, charted.
    browser.open(&format!("{site}/practice"));
    assert!(browser.source().contains("Practice consistency: Spanish"), "the demo's daily Spanish is charted");
    browser.screenshot(&shots.join("screenshot-practice.png"));

    // On a phone, no page scrolls sideways (wide tables scroll inside their own box).
    browser.phone();
    for path in PAGES {
        browser.open(&format!("{site}{path}"));
        let (page, screen) = browser.widths();
        assert_eq!(screen, 390, "the emulated phone's width");
        assert!(page <= screen, "{path} is {page} px wide on a {screen} px screen");
        if path == "/domains/public-speaking" {
            browser.screenshot(&shots.join("screenshot-phone.png"));
        }
    }
}

/// The review answers of `week` as another app over the served store reads them.
fn stored_review(dir: &Path, week: &str) -> BTreeMap<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = SqliteStore::open(&dir.join("mastery.db")).await.unwrap();
        let app = App::local(store, Box::new(SystemClock)).await.unwrap();
        app.review_week(week, &[]).await.unwrap().answers
    })
}
