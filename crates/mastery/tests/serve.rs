//! `mastery serve` as a process: it prints where it listens, answers there, and `--demo` keeps
//! the demo history in a store of its own, out of the person's records.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

/// The server process, killed when the test ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `serve` on a free port and returns it with the URL it printed.
fn serve(dir: &std::path::Path, extra: &[&str]) -> (Server, String) {
    let (server, printed) = serve_printing(dir, extra);
    (server, printed["url"].as_str().expect("a url").trim_end_matches('/').to_owned())
}

/// Starts `serve` on a free port and returns it with what it printed, as JSON.
fn serve_printing(dir: &std::path::Path, extra: &[&str]) -> (Server, serde_json::Value) {
    let mut child = common::mastery(dir)
        .args(["--json", "serve", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("mastery serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the first line");
    let printed = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    (Server(child), printed)
}

/// A GET with the Host header a browser would send; returns the status line and the body.
fn get(url: &str, path: &str) -> (String, String) {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("the server listens");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    (head.lines().next().unwrap_or_default().to_owned(), body.to_owned())
}

#[test]
fn serve_listens_on_loopback_and_an_empty_store_shows_the_first_run_page() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve(dir.path(), &[]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(get(&url, "/healthz").0, "HTTP/1.1 200 OK");
    assert!(get(&url, "/").1.contains("Welcome to Mastery"));
}

#[test]
fn the_demo_is_served_from_its_own_store_and_never_mixes_into_the_persons() {
    let dir = tempfile::tempdir().unwrap();
    let (server, url) = serve(dir.path(), &["--demo"]);
    assert!(get(&url, "/domains").1.contains("Public speaking"));
    drop(server);
    let own = common::json(dir.path(), &["domain", "list"]);
    assert_eq!(own.as_array().map(Vec::len), Some(0), "the person's own store stays empty: {own}");
    let demo = common::json(&dir.path().join("demo"), &["domain", "list"]);
    assert!(demo.as_array().is_some_and(|d| !d.is_empty()), "{demo}");
}

/// A GET sent to `url`'s address but naming `host` in its Host header; returns the status line.
fn get_as(url: &str, host: &str, path: &str) -> String {
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("the server listens");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn a_bind_beyond_loopback_needs_allow_network_and_then_answers_to_the_machines_names() {
    let dir = tempfile::tempdir().unwrap();
    let refused = common::mastery(dir.path()).args(["serve", "--bind", "0.0.0.0", "--port", "0"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("--allow-network") && said.contains("no password"), "{said}");

    let (_server, printed) = serve_printing(dir.path(), &["--bind", "0.0.0.0", "--allow-network"]);
    let exposed: Vec<String> = printed["exposed_at"]
        .as_array()
        .expect("the addresses exposed")
        .iter()
        .map(|u| u.as_str().unwrap().to_owned())
        .collect();
    let port = printed["url"].as_str().unwrap().trim_end_matches('/').rsplit(':').next().unwrap().to_owned();
    let local = format!("http://127.0.0.1:{port}");
    assert!(exposed.contains(&format!("{local}/")), "{exposed:?}");
    let hostname = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap().trim().to_owned();
    assert!(exposed.iter().any(|u| u.contains(&hostname)), "the machine's name is listed: {exposed:?}");
    for url in &exposed {
        let host = url.trim_start_matches("http://").trim_end_matches('/');
        assert_eq!(get_as(&local, host, "/healthz"), "HTTP/1.1 200 OK", "Host: {host}");
        assert_eq!(get_as(&local, host, "/"), "HTTP/1.1 200 OK", "Host: {host}");
    }
    assert_eq!(get_as(&local, &format!("evil.example:{port}"), "/"), "HTTP/1.1 403 Forbidden", "a foreign name");
}
