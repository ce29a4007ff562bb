//! A small blocking WebDriver client: a `chromedriver` process and one headless Chromium
//! session, driven by a few JSON calls over HTTP/1.1 (no browser is ever downloaded). Shared by
//! the browser tests of the local app (`mastery-web`) and of `mastery server` (`mastery`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

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
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start() -> Self {
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

    /// Opens `url` and waits until its page has loaded: on a busy machine chromedriver can
    /// answer before the new document has its content.
    pub fn open(&self, url: &str) {
        self.session("POST", "/url", json!({ "url": url }));
        self.wait_for_load(url);
    }

    fn wait_for_load(&self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.script("return document.readyState === 'complete' && document.body !== null && document.body.childElementCount > 0") != json!(true) {
            assert!(Instant::now() < deadline, "{what} did not load");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn find(&self, css: &str) -> String {
        let found = self.session("POST", "/element", json!({ "using": "css selector", "value": css }));
        found[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}: {found}")).to_owned()
    }

    pub fn click(&self, css: &str) {
        let element = self.find(css);
        self.session("POST", &format!("/element/{element}/click"), json!({}));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.session("POST", &format!("/element/{element}/value"), json!({ "text": text }));
    }

    /// Submits the main form of the page (not the header's sign-out) and waits for the next
    /// page, which may have the same address: a mark left on this document must be gone.
    pub fn submit(&self) {
        self.submit_with(r#"main button[type="submit"]"#);
    }

    /// Submits the form of the button `css` selects and waits for the next page, as `submit`.
    pub fn submit_with(&self, css: &str) {
        let before = self.url();
        self.script("document.documentElement.dataset.leaving = 'yes'");
        self.click(css);
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.script("return document.documentElement.dataset.leaving || ''") == json!("yes") {
            assert!(Instant::now() < deadline, "the form at {before} was not accepted: {}", self.source());
            std::thread::sleep(Duration::from_millis(50));
        }
        self.wait_for_load(&before);
    }

    pub fn source(&self) -> String {
        self.session("GET", "/source", json!(null)).as_str().unwrap_or_default().to_owned()
    }

    pub fn url(&self) -> String {
        self.session("GET", "/url", json!(null)).as_str().unwrap_or_default().to_owned()
    }

    /// Emulates a phone's screen, 390 px wide, through the DevTools protocol (a desktop window
    /// cannot be made that narrow).
    pub fn phone(&self) {
        let metrics = json!({ "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true });
        self.session(
            "POST",
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": metrics }),
        );
    }

    /// What `script` returns, run in the page (by the driver: the page's own policy allows none).
    pub fn script(&self, script: &str) -> Value {
        self.session("POST", "/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// How wide the page is, and how wide the screen shows it.
    pub fn widths(&self) -> (u64, u64) {
        let widths = self.script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        (widths[0].as_u64().unwrap_or_default(), widths[1].as_u64().unwrap_or_default())
    }

    /// The tables whose box is narrower than their content, so that part of them is out of sight.
    pub fn clipped_tables(&self) -> Vec<String> {
        let found = self.script(
            "return [...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1).map(w => (w.querySelector('th') || w).textContent)",
        );
        found
            .as_array()
            .map(|all| all.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    pub fn screenshot(&self, to: &Path) {
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

/// Whether Chromium and chromedriver are here; without them a test prints a notice and passes,
/// except under `CI`, where it fails.
pub fn available() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(DRIVER).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs {CHROMIUM} and {DRIVER}: apt-get install chromium chromium-driver"
    );
    eprintln!("notice: skipping the browser test: install chromium and chromium-driver to run it");
    false
}
