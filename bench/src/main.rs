//! Benchmarks `mastery` as a whole process, the way people and scripts run it, against the
//! minimal `baseline-insert` program, alternating the two in one run so that a busy, shared
//! machine slows both alike. Reports medians, their ratio and each command's peak memory.
//!
//! Usage (from the repository root):
//!   cargo build --release -p mastery
//!   cargo run --release --manifest-path bench/Cargo.toml -- [--mastery target/release/mastery] [--runs N]

use std::path::{Path, PathBuf};
use std::process::Command;

use mastery_bench::{Bench, DAY_US, Ids, Series, bulk_attempts, report};

/// The minimal insert, with the ids of the rung it writes to.
fn baseline(program: &Path, dir: &Path, ids: &Ids) -> Command {
    let mut cmd = Command::new(program);
    cmd.arg(dir.join("mastery.db")).args([&ids.user, &ids.domain, &ids.goal, &ids.challenge]);
    cmd
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let here = std::env::current_exe().expect("current exe");
    let bench = Bench {
        mastery: flag("--mastery").map_or_else(|| PathBuf::from("target/release/mastery"), PathBuf::from),
        runs: flag("--runs").and_then(|r| r.parse().ok()).unwrap_or(200),
    };
    let insert = here.with_file_name("baseline-insert");
    assert!(bench.mastery.exists(), "build it first: cargo build --release -p mastery");
    assert!(insert.exists(), "build the baseline: cargo build --release --manifest-path bench/Cargo.toml");
    let scratch = std::env::temp_dir().join(format!("mastery-bench-{}", std::process::id()));

    // (a) Saving one attempt, as a whole process.
    let small = scratch.join("small");
    let ids = bench.setup(&small, 1);
    let rung = &ids[0];
    let log = bench.alternate(vec![
        (
            Series::new("mastery attempt log"),
            Box::new(|i| {
                let mut cmd = bench.mastery(&small);
                cmd.args([
                    "--json",
                    "attempt",
                    "log",
                    &rung.challenge_slug,
                    "--confidence",
                    "60",
                    "--outcome",
                    "success",
                ])
                .args(["--did", &format!("run {i}")]);
                cmd
            }),
        ),
        (Series::new("baseline-insert"), Box::new(|_| baseline(&insert, &small, rung))),
    ]);
    report("(a) mastery attempt log vs a minimal insert", &log, "baseline-insert");

    // (b) Reads with 100,000 attempts in the store.
    let large = scratch.join("large");
    let rungs = bench.setup(&large, 4);
    let start = 1_730_000_000_000_000;
    bulk_attempts(&large, &rungs, 100_000, start, start + 2 * 365 * DAY_US);
    let first = &rungs[0];
    let reads = bench.alternate(vec![
        (
            Series::new("mastery evidence DOMAIN --last 10 --json"),
            Box::new(|_| {
                let mut cmd = bench.mastery(&large);
                cmd.args(["evidence", &first.domain_slug, "--last", "10", "--json"]);
                cmd
            }),
        ),
        (
            Series::new("mastery ladder GOAL --json"),
            Box::new(|_| {
                let mut cmd = bench.mastery(&large);
                cmd.args(["ladder", &first.goal_slug, "--json"]);
                cmd
            }),
        ),
        (
            Series::new("mastery next GOAL --json"),
            Box::new(|_| {
                let mut cmd = bench.mastery(&large);
                cmd.args(["next", &first.goal_slug, "--json"]);
                cmd
            }),
        ),
        (Series::new("baseline-insert"), Box::new(|_| baseline(&insert, &large, first))),
    ]);
    report("(b) reads with 100,000 attempts vs a minimal insert", &reads, "baseline-insert");

    // (d) Calibration over the same 100,000 attempts.
    let scoring = here.with_file_name("baseline-calibration");
    let calibration = bench.alternate(vec![
        (
            Series::new("mastery calibration --json"),
            Box::new(|_| {
                let mut cmd = bench.mastery(&large);
                cmd.args(["calibration", "--json"]);
                cmd
            }),
        ),
        (
            Series::new("baseline-calibration"),
            Box::new(|_| {
                let mut cmd = Command::new(&scoring);
                cmd.arg(large.join("mastery.db"));
                cmd
            }),
        ),
    ]);
    report("(d) calibration over 100,000 attempts vs a minimal scoring program", &calibration, "baseline-calibration");
    let _ = std::fs::remove_dir_all(&scratch);
}
