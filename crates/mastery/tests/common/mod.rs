//! Running the built `mastery` binary against a throwaway data directory.

#![allow(dead_code)]

pub mod http;
pub mod server;
pub mod sharing;
pub mod smtp;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// A `mastery` command on `dir`, with a clean environment for colour and data location.
pub fn mastery(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mastery"));
    cmd.arg("--data-dir").arg(dir).env_remove("MASTERY_DATA_DIR").env("NO_COLOR", "1");
    cmd
}

/// Runs `mastery --json ARGS`, asserts success and parses stdout.
pub fn json(dir: &Path, args: &[&str]) -> Value {
    let output = run(dir, &with_json(args));
    assert!(output.status.success(), "mastery {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("mastery {args:?} printed invalid JSON ({e}): {}", String::from_utf8_lossy(&output.stdout))
    })
}

/// An object's keys, sorted.
pub fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// Fails unless `value` has every key of `expected` (it may have more).
pub fn assert_has_keys(value: &Value, expected: &[&str]) {
    let present = keys(value);
    for key in expected {
        assert!(present.contains(key), "missing key {key} in {value}");
    }
}

pub fn with_json<'a>(args: &[&'a str]) -> Vec<&'a str> {
    std::iter::once("--json").chain(args.iter().copied()).collect()
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    mastery(dir).args(args).output().expect("the mastery binary runs")
}

/// Runs `mastery ARGS` and asserts it is refused as the person's mistake: exit 2, `expected` in
/// the message on stderr, no panic, nothing on stdout.
pub fn assert_refused(dir: &Path, args: &[&str], expected: &str) {
    let output = run(dir, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "mastery {args:?} should exit 2; stderr: {stderr}");
    assert!(stderr.contains(expected), "mastery {args:?}: stderr should mention {expected:?}, got: {stderr}");
    assert!(!stderr.contains("panicked"), "mastery {args:?} panicked: {stderr}");
    assert!(output.stdout.is_empty(), "mastery {args:?} printed to stdout on error");
}

/// A domain, a goal and a five-rung ladder; returns the rung slugs easy → hard.
pub fn ladder_fixture(dir: &Path) -> Vec<String> {
    json(dir, &["domain", "add", "Public speaking", "--area", "career"]);
    json(
        dir,
        &[
            "goal",
            "add",
            "public-speaking",
            "Give a 10-minute talk",
            "--deadline",
            "2027-03-15",
            "--why",
            "Share my work",
        ],
    );
    let rungs = [
        ("Speak for 2 minutes to a friend", "1"),
        ("Tell a story at dinner", "2"),
        ("Speak up in the team meeting", "4"),
        ("Give a 5-minute update to the team", "6"),
        ("Give a 10-minute talk at the meetup", "9"),
    ];
    rungs
        .iter()
        .map(|(title, difficulty)| {
            let rung = json(dir, &["challenge", "add", "give-a-10-minute-talk", title, "--difficulty", difficulty]);
            rung["slug"].as_str().expect("a slug").to_owned()
        })
        .collect()
}
