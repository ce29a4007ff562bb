//! Every read command of `mastery` over a large store, against the `baseline-scan` floor (open
//! the store, look at every attempt), alternating them so a busy, shared machine slows each
//! alike; then the size of the store, its attempts table and each of the table's indexes.
//!
//! The store holds `--attempts` attempts over 4 domains of 6 rungs, spread over the three years
//! to 2026-12-06 with varied state, confidence, outcomes and causes, and a few hundred check-ins,
//! role models, feedback, practice sessions, evidence and audits. Building a million takes a few
//! minutes, so `--keep DIR` keeps the store and a later run with the same count reuses it.
//!
//! Usage (from the repository root):
//!   cargo build --release -p mastery
//!   cargo build --release --manifest-path bench/Cargo.toml
//!   bench/target/release/scale --attempts 1000000 [--runs N] [--mastery PATH] [--keep DIR]

use std::path::{Path, PathBuf};
use std::process::Command;

use mastery_bench::{Bench, DAY_US, Ids, Rng, Series, bulk_attempts, ok, report, rungs, utc_day};
use rusqlite::Connection;

/// The last attempt: 2026-12-06 20:00 UTC. The CLI reads the system clock, so the reviews and
/// lists below name their periods rather than say "this week".
const END: i64 = 1_796_587_200 * 1_000_000;
const YEARS: i64 = 3;
const DOMAINS: usize = 4;
/// Written last into a finished store: the number of attempts it holds.
const MARKER: &str = "scale-attempts";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let attempts: usize = flag("--attempts").map_or(1_000_000, |a| a.parse().expect("--attempts N"));
    let bench = Bench {
        mastery: flag("--mastery").map_or_else(|| PathBuf::from("target/release/mastery"), PathBuf::from),
        runs: flag("--runs").map_or(5, |r| r.parse().expect("--runs N")),
    };
    let scan = std::env::current_exe().expect("current exe").with_file_name("baseline-scan");
    assert!(bench.mastery.exists(), "build it first: cargo build --release -p mastery");
    assert!(scan.exists(), "build the baseline: cargo build --release --manifest-path bench/Cargo.toml");
    let kept = flag("--keep").map(PathBuf::from);
    let dir =
        kept.clone().unwrap_or_else(|| std::env::temp_dir().join(format!("mastery-scale-{}", std::process::id())));

    match std::fs::read_to_string(dir.join(MARKER)) {
        Ok(held) if held.trim() == attempts.to_string() => eprintln!("reusing the store in {}", dir.display()),
        Ok(held) => panic!("{} holds {} attempts, not {attempts}; use another --keep", dir.display(), held.trim()),
        Err(_) => {
            assert!(!dir.join("mastery.db").exists(), "{} holds an unfinished store; remove it", dir.display());
            build(&bench, &dir, attempts);
        }
    }

    let rungs = rungs(&dir);
    let (domain, goal) = (&rungs[0].domain_slug, &rungs[0].goal_slug);
    let last_day = utc_day(END);
    let week_before = utc_day(END - 7 * DAY_US);
    let export = dir.join("export.json");
    let mut reads: Vec<(String, Vec<String>)> = Vec::new();
    let mut read = |args: &[&str]| reads.push((args.join(" "), args.iter().map(|a| (*a).to_owned()).collect()));
    read(&["status", "--json"]);
    read(&["next", "--json"]);
    read(&["ladder", goal, "--json"]);
    read(&["evidence", domain, "--last", "10", "--json"]);
    read(&["evidence", "--json"]);
    read(&["attempt", "list", "--domain", domain, "--since", &week_before, "--json"]);
    read(&["calibration", "--json"]);
    read(&["calibration", domain, "--json"]);
    read(&["calibration", "--by", "month", "--json"]);
    read(&["insights", "--json"]);
    read(&["insights", domain, "--json"]);
    read(&["attribution", "--json"]);
    read(&["attribution", domain, "--json"]);
    read(&["review", "week", "--week", &iso_week(&last_day), "--json"]);
    read(&["review", "month", "--month", &previous_month(&last_day), "--json"]);
    read(&["domain", "list", "--json"]);
    read(&["domain", "show", domain, "--json"]);
    read(&["goal", "list", "--json"]);
    read(&["goal", "show", goal, "--json"]);
    read(&["practice", "status", "--json"]);
    read(&["celebrations", "--json"]);
    read(&["checkin", "list", "--json"]);
    read(&["audit", "history", domain, "--json"]);
    read(&["program", "status", "--json"]);
    read(&["export", "--format", "json", "--output", export.to_str().expect("utf-8 path")]);

    let db = dir.join("mastery.db");
    let mut contenders: Vec<mastery_bench::Contender<'_>> = vec![(
        Series::new("baseline-scan"),
        Box::new(|_| {
            let mut cmd = Command::new(&scan);
            cmd.arg(&db);
            cmd
        }),
    )];
    for (name, args) in &reads {
        let export = &export;
        let dir = &dir;
        let bench = &bench;
        contenders.push((
            Series::new(&format!("mastery {name}")),
            Box::new(move |_| {
                // Export refuses to overwrite; each round writes afresh.
                let _ = std::fs::remove_file(export);
                let mut cmd = bench.mastery(dir);
                cmd.args(args);
                cmd
            }),
        ));
    }
    let series = bench.alternate(contenders);
    let _ = std::fs::remove_file(&export);
    report(&format!("Reads with {attempts} attempts vs a scan of every attempt"), &series, "baseline-scan");
    sizes(&dir);
    if kept.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Makes the store: the ladders and the smaller records through the CLI, then the attempts.
fn build(bench: &Bench, dir: &Path, attempts: usize) {
    eprintln!("building a store of {attempts} attempts in {}", dir.display());
    let rungs = bench.setup(dir, DOMAINS);
    let start = END - YEARS * 365 * DAY_US;
    let mut rng = Rng::new(7);
    let mastery = |args: &[&str]| ok(bench.mastery(dir).args(args));
    let day = |micros: i64| utc_day(micros);
    let domains: Vec<&Ids> = rungs.iter().step_by(6).collect();
    // A check-in every third day.
    let mut at = start;
    while at < END {
        let sleep = format!("{}", 4.5 + 0.5 * rng.below(10) as f64);
        let [stress, energy, mood, exercise] = [5, 5, 5, 90].map(|n| (1 + rng.below(n)).to_string());
        mastery(&[
            "checkin",
            "--at",
            &day(at),
            "--sleep",
            &sleep,
            "--stress",
            &stress,
            "--energy",
            &energy,
            "--mood",
            &mood,
            "--exercise",
            &exercise,
        ]);
        at += 3 * DAY_US;
    }
    for (d, ids) in domains.iter().enumerate() {
        let slug = ids.domain_slug.as_str();
        mastery(&["practice", "plan", slug, "--minutes", "20", "--days", "mon,wed,fri"]);
        for m in 0..8 {
            let similarity = (1 + rng.below(5)).to_string();
            mastery(&[
                "model",
                "add",
                &format!("Model {d}.{m}"),
                "--domain",
                slug,
                "--similarity",
                &similarity,
                "--process",
                "Rehearses on video",
            ]);
        }
        for f in 0..25 {
            let when = day(start + rng.below(YEARS as u64 * 365) as i64 * DAY_US);
            let credibility = (1 + rng.below(5)).to_string();
            let valence = ["positive", "negative", "mixed"][rng.below(3) as usize];
            let specificity = if rng.below(2) == 0 { "--specific" } else { "--general" };
            mastery(&[
                "feedback",
                "add",
                "--domain",
                slug,
                "--from",
                &format!("Giver {f}"),
                "--credibility",
                &credibility,
                specificity,
                "--valence",
                valence,
                "--text",
                "Slow down at the key number",
                "--at",
                &when,
            ]);
        }
        for s in 0..60 {
            let when = day(END - rng.below(120) as i64 * DAY_US);
            let minutes = (10 + 5 * rng.below(7)).to_string();
            mastery(&[
                "practice",
                "log",
                slug,
                "--minutes",
                &minutes,
                "--at",
                &when,
                "--note",
                &format!("Session {s}"),
            ]);
        }
        for e in 0..10 {
            let when = day(start + rng.below(YEARS as u64 * 365) as i64 * DAY_US);
            mastery(&[
                "evidence",
                "add",
                slug,
                &format!("Achievement {d}.{e}"),
                "--did",
                "Practised daily",
                "--at",
                &when,
            ]);
        }
        for a in 0..3 {
            let when = day(END - (3 - a) * 120 * DAY_US);
            let answers: Vec<String> =
                (0..10).map(|i| (100 - i * 10 - 10 * rng.below(2) as i64).clamp(0, 100).to_string()).collect();
            mastery(&[
                "audit",
                slug,
                "--scale",
                "learning",
                "--answers",
                &answers.join(","),
                "--at",
                &when,
                "--no-successes",
            ]);
        }
    }
    mastery(&["program", "start", "30-day-experiment", "--domain", &domains[0].domain_slug]);
    bulk_attempts(dir, &rungs, attempts, start, END);
    let conn = Connection::open(dir.join("mastery.db")).expect("open");
    // Some failures put down to ability were reframed, as `attempt reattribute` would.
    conn.execute(
        "INSERT INTO reattributions (attempt_id, user_id, cause, next_time, if_then, created_at)
         SELECT id, user_id, 'strategy', 'Break it into smaller steps', 'If I stall, then I outline first', recorded_at + 1000
         FROM attempts WHERE outcome = 'failure' AND cause = 'ability' AND rowid % 20 = 0",
        [],
    )
    .expect("reattributions");
    // Each rung was mastered once, in turn, as the app celebrates it.
    conn.execute(
        "INSERT INTO celebrations (id, user_id, domain_id, kind, subject, title, at, effort, strategy)
         SELECT '01900000-0000-7000-9000-' || printf('%012x', c.rowid), c.user_id, g.domain_id, 'rung', c.id, c.title,
                ?1 + c.position * ?2, 'Practised most days', 'Rehearsed the hard part first'
         FROM challenges c JOIN goals g ON g.id = c.goal_id",
        rusqlite::params![start, 150 * DAY_US],
    )
    .expect("celebrations");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").expect("checkpoint");
    std::fs::write(dir.join(MARKER), attempts.to_string()).expect("marker");
}

/// The ISO week of a 'YYYY-MM-DD' day, as 'YYYY-Www'.
fn iso_week(day: &str) -> String {
    let days = days_from_civil(day);
    // 1970-01-01 was a Thursday; Monday is 0.
    let weekday = (days + 3).rem_euclid(7);
    let thursday = days - weekday + 3;
    let year: i64 = mastery_bench::utc_day(thursday * DAY_US)[..4].parse().expect("year");
    let week = (thursday - days_from_civil(&format!("{year}-01-01"))) / 7 + 1;
    format!("{year}-W{week:02}")
}

/// The month before a 'YYYY-MM-DD' day's, as 'YYYY-MM'.
fn previous_month(day: &str) -> String {
    let first = days_from_civil(&format!("{}-01", &day[..7]));
    utc_day((first - 1) * DAY_US)[..7].to_owned()
}

/// Days since 1970-01-01 of a 'YYYY-MM-DD' day (Howard Hinnant's days-from-civil).
fn days_from_civil(day: &str) -> i64 {
    let part = |range: std::ops::Range<usize>| day[range].parse::<i64>().expect("a YYYY-MM-DD day");
    let (month, d) = (part(5..7), part(8..10));
    let year = part(0..4) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The store's file, the attempts table and each of its indexes (SQLite's dbstat table, which
/// the bundled SQLite has, counts each one's pages).
fn sizes(dir: &Path) {
    let conn = Connection::open(dir.join("mastery.db")).expect("open");
    let mut by_name: Vec<(String, String, i64)> = conn
        .prepare(
            "SELECT s.name, coalesce(m.type, 'table'), sum(s.pgsize) FROM dbstat s
             LEFT JOIN sqlite_schema m ON m.name = s.name
             WHERE s.name = 'attempts' OR m.tbl_name = 'attempts' OR s.name LIKE 'sqlite_autoindex_attempts%'
             GROUP BY s.name ORDER BY sum(s.pgsize) DESC",
        )
        .expect("dbstat")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let all: i64 = conn.query_row("SELECT sum(pgsize) FROM dbstat", [], |r| r.get(0)).expect("dbstat total");
    let table = by_name.iter().find(|(name, _, _)| name == "attempts").map(|(_, _, bytes)| *bytes).expect("attempts");
    by_name.retain(|(name, _, _)| name != "attempts");
    let indexes: i64 = by_name.iter().map(|(_, _, bytes)| bytes).sum();
    let file = std::fs::metadata(dir.join("mastery.db")).map(|m| m.len()).unwrap_or(0) as i64;
    let mb = |bytes: i64| bytes as f64 / (1024.0 * 1024.0);
    let ratio = |bytes: i64| bytes as f64 / table as f64;
    println!("\n### Store size\n");
    println!("| what | MB | ratio to the attempts table |");
    println!("|---|---|---|");
    println!("| `mastery.db` file | {:.1} | {:.2} |", mb(file), ratio(file));
    println!("| every table and index (dbstat) | {:.1} | {:.2} |", mb(all), ratio(all));
    println!("| attempts table | {:.1} | 1.00 |", mb(table));
    println!("| attempts indexes, all | {:.1} | {:.2} |", mb(indexes), ratio(indexes));
    for (name, _, bytes) in &by_name {
        println!("| `{name}` | {:.1} | {:.2} |", mb(*bytes), ratio(*bytes));
    }
}
