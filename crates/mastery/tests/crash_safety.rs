//! Killing `mastery attempt log` with SIGKILL at random moments never corrupts the store, never
//! leaves a half-written attempt, and never loses an attempt whose command exited 0.

mod common;

use std::collections::HashSet;
use std::process::Stdio;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::{json, ladder_fixture, mastery};
use mastery_store_sqlite::SqliteStore;

/// A small deterministic generator, so a failing run can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound.max(1)
    }
}

fn kills() -> usize {
    std::env::var("MASTERY_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

#[test]
fn sigkill_at_random_moments_loses_nothing_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    let args = |i: usize| -> Vec<String> {
        ["--json", "attempt", "log", &rungs[2], "--confidence", "60", "--outcome", "success", "--did"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain([format!("run {i}")])
            .collect()
    };

    // How long one uninterrupted run takes sets the window the kills are spread over.
    let started = Instant::now();
    for i in 0..5 {
        assert!(mastery(path).args(args(i)).output().unwrap().status.success());
    }
    let typical = started.elapsed() / 5;
    let window = (typical.as_micros() as u64 * 3 / 2).max(1);

    let mut rng = Lcg(0x5eed);
    let mut committed: HashSet<String> = HashSet::new();
    let mut killed = 0;
    for i in 0..kills() {
        let mut child = mastery(path).args(args(i)).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        sleep(Duration::from_micros(rng.below(window)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        let output = child.wait_with_output().unwrap();
        if output.status.success() {
            let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            committed.insert(record["id"].as_str().unwrap().to_owned());
        }
    }
    assert!(killed > kills() / 4, "only {killed} of {} runs were interrupted; the kill window is off", kills());

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = SqliteStore::open(&path.join("mastery.db")).await.unwrap();
        store.integrity_check().await.unwrap();
        store.close().await;
    });

    let attempts = json(path, &["attempt", "list"]);
    let attempts = attempts.as_array().unwrap();
    let stored: HashSet<String> = attempts.iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect();
    let lost: Vec<&String> = committed.difference(&stored).collect();
    assert!(lost.is_empty(), "{} attempts reported as saved are missing: {lost:?}", lost.len());
    for attempt in attempts {
        assert_eq!(attempt["outcome"], "success", "half-written attempt: {attempt}");
        assert!(attempt["did"].as_str().unwrap().starts_with("run "), "half-written attempt: {attempt}");
        assert!(attempt["recorded_at"].is_string(), "half-written attempt: {attempt}");
    }
}
