//! Schemathesis against a running server's `/api/v1/openapi.json`: it generates requests from
//! the document (valid ones and invalid ones) for every operation and checks that no answer is a
//! 5xx and that every answer matches the schema the document declares for its status. Run on
//! `mastery serve` (the local app, with the process's token) and on `mastery server` (a person
//! signed up, with a bearer token) on a fresh SQLite file and, with `MASTERY_TEST_POSTGRES_URL`,
//! a fresh PostgreSQL database. Without schemathesis (`pip install schemathesis`) the test passes
//! after a notice; under `CI` it fails instead (`.ci/run` installs it).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use common::http::{Who, person};
use common::server::{Server, databases};

/// Test cases per operation and phase: enough to reach every operation's error paths, few enough
/// that the test takes a minute or two.
const MAX_EXAMPLES: &str = "20";
/// The checks: no server error, and every response as the document says.
const CHECKS: &str = "not_a_server_error,response_schema_conformance";

/// Whether schemathesis runs here; without it, a notice (or, under CI, a failure).
fn available() -> bool {
    match Command::new("schemathesis").arg("--version").output() {
        Ok(output) if output.status.success() => true,
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "schemathesis is required when CI is set (.ci/run installs it with pip)"
            );
            let _ = writeln!(
                std::io::stderr(),
                "NOTICE: schemathesis is not installed; skipping the API fuzzing test (pip install schemathesis)"
            );
            false
        }
    }
}

/// Runs schemathesis against `base` with `headers` on every request; fails with its report.
fn schemathesis(base: &str, headers: &[String]) {
    let report = tempfile::tempdir().unwrap();
    let mut command = Command::new("schemathesis");
    command
        .args(["run", &format!("{base}/api/v1/openapi.json")])
        .args(["--checks", CHECKS, "--max-examples", MAX_EXAMPLES, "--seed", "16"])
        .args(["--workers", "2", "--no-color", "--generation-database", "none"])
        .args(["--report-dir", report.path().to_str().unwrap()])
        // Schemathesis keeps an SQLite file of examples beside the working directory otherwise.
        .current_dir(report.path())
        .env("NO_COLOR", "1");
    for header in headers {
        command.args(["--header", header]);
    }
    let output = command.output().expect("schemathesis runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    // The summary, for the log of a passing run.
    let summary: Vec<&str> = text.lines().filter(|l| l.contains("passed") || l.contains("cases")).collect();
    let _ = writeln!(std::io::stderr(), "schemathesis on {base}: {}", summary.join(" | "));
    assert!(output.status.success(), "schemathesis found failures on {base}:\n{text}");
    // A run whose every call was refused tested nothing but the refusal.
    assert!(!text.contains("Authentication failed"), "schemathesis was not let in on {base}:\n{text}");
}

/// The local app's token, as `GET /api/v1/csrf` gives it.
fn local_token(url: &str) -> String {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("the server listens");
    write!(stream, "GET /api/v1/csrf HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let body = reply.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
    let token: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {reply}"));
    token["token"].as_str().expect("a token").to_owned()
}

#[test]
fn the_local_api_answers_generated_requests_without_a_server_error_and_as_documented() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The demo history: reads have records to render, and writes records to hang off.
    common::json(dir.path(), &["demo"]);
    let mut child = common::mastery(dir.path())
        .args(["--json", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("mastery serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let printed: serde_json::Value = serde_json::from_str(&line).unwrap();
    let url = printed["url"].as_str().unwrap().trim_end_matches('/').to_owned();
    let token = local_token(&url);
    let result = std::panic::catch_unwind(|| schemathesis(&url, &[format!("x-csrf-token: {token}")]));
    let _ = child.kill();
    let _ = child.wait();
    if let Err(failure) = result {
        std::panic::resume_unwind(failure);
    }
}

#[test]
fn the_server_api_answers_generated_requests_without_a_server_error_and_as_documented() {
    if !available() {
        return;
    }
    for database in databases() {
        let server = Server::start(&database.url(), 0);
        let Who::Bearer(token) = person(&server.base, "schemathesis") else { unreachable!() };
        schemathesis(&server.base, &[format!("Authorization: Bearer {token}")]);
        let log = server.log();
        assert!(!log.contains("panicked"), "the server panicked:\n{log}");
    }
}
