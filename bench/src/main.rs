//! Benchmarks `mastery` as a whole process, the way people and scripts run it, against the
//! minimal `baseline-insert` program, alternating the two in one run so that a busy, shared
//! machine slows both alike. Reports medians, their ratio and each command's peak memory.
//!
//! Usage (from the repository root):
//!   cargo build --release -p mastery
//!   cargo run --release --manifest-path bench/Cargo.toml -- [--mastery target/release/mastery] [--runs N]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};

/// One whole-process run: wall time, peak resident memory and whether it succeeded.
struct Sample {
    elapsed: Duration,
    max_rss_kb: i64,
}

fn measure(cmd: &mut Command) -> Sample {
    let started = Instant::now();
    // Reaped below with wait4, which also reports the child's peak memory.
    #[allow(clippy::zombie_processes)]
    let child = cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::inherit()).spawn().expect("spawn");
    let pid = i32::try_from(child.id()).expect("pid fits");
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; pid is our own unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert_eq!(reaped, pid, "wait4 failed");
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{cmd:?} failed");
    Sample { elapsed, max_rss_kb: usage.ru_maxrss }
}

struct Series {
    name: String,
    samples: Vec<Sample>,
}

impl Series {
    fn new(name: &str) -> Self {
        Self { name: name.to_owned(), samples: Vec::new() }
    }

    fn median(&self) -> Duration {
        let mut times: Vec<Duration> = self.samples.iter().map(|s| s.elapsed).collect();
        times.sort_unstable();
        times[times.len() / 2]
    }

    fn p90(&self) -> Duration {
        let mut times: Vec<Duration> = self.samples.iter().map(|s| s.elapsed).collect();
        times.sort_unstable();
        times[times.len() * 9 / 10]
    }

    fn peak_mb(&self) -> f64 {
        self.samples.iter().map(|s| s.max_rss_kb).max().unwrap_or(0) as f64 / 1024.0
    }
}

/// A named series and how to make its command for round `i`.
type Contender<'a> = (Series, Box<dyn Fn(usize) -> Command + 'a>);

struct Ids {
    user: String,
    domain: String,
    domain_slug: String,
    goal: String,
    goal_slug: String,
    challenge: String,
    challenge_slug: String,
}

struct Bench {
    mastery: PathBuf,
    baseline: PathBuf,
    runs: usize,
}

impl Bench {
    fn mastery(&self, dir: &Path) -> Command {
        let mut cmd = Command::new(&self.mastery);
        cmd.arg("--data-dir").arg(dir);
        cmd
    }

    fn baseline(&self, dir: &Path, ids: &Ids) -> Command {
        let mut cmd = Command::new(&self.baseline);
        cmd.arg(dir.join("mastery.db")).args([&ids.user, &ids.domain, &ids.goal, &ids.challenge]);
        cmd
    }

    /// A store with domains, goals and six-rung ladders made through the CLI.
    fn setup(&self, dir: &Path, domains: usize) -> Vec<Ids> {
        let ok = |cmd: &mut Command| assert!(cmd.stdout(Stdio::null()).status().expect("run").success(), "{cmd:?}");
        ok(self.mastery(dir).arg("init"));
        for d in 0..domains {
            let name = format!("Domain {d}");
            ok(self.mastery(dir).args(["domain", "add", &name]));
            ok(self.mastery(dir).args(["goal", "add", &name, &format!("Goal {d}")]));
            for r in 1..=6 {
                let difficulty = (r + 1).to_string();
                ok(self.mastery(dir).args(["challenge", "add", &format!("goal-{d}"), &format!("Rung {r}"), "--difficulty", &difficulty]));
            }
        }
        let conn = Connection::open(dir.join("mastery.db")).expect("open");
        let mut stmt = conn
            .prepare(
                "SELECT c.user_id, d.id, d.slug, g.id, g.slug, c.id, c.slug FROM challenges c
                 JOIN goals g ON g.id = c.goal_id JOIN domains d ON d.id = g.domain_id ORDER BY d.slug, c.difficulty",
            )
            .expect("prepare");
        stmt.query_map([], |r| {
            Ok(Ids {
                user: r.get(0)?,
                domain: r.get(1)?,
                domain_slug: r.get(2)?,
                goal: r.get(3)?,
                goal_slug: r.get(4)?,
                challenge: r.get(5)?,
                challenge_slug: r.get(6)?,
            })
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    }

    /// Runs each command once per round, in turn, for `runs` rounds.
    fn alternate(&self, mut commands: Vec<Contender<'_>>) -> Vec<Series> {
        for round in 0..self.runs {
            for (series, make) in &mut commands {
                series.samples.push(measure(&mut make(round)));
            }
        }
        commands.into_iter().map(|(s, _)| s).collect()
    }
}

/// Fills the store with `total` recorded attempts spread over two years and every rung.
fn bulk_attempts(dir: &Path, rungs: &[Ids], total: usize) {
    let mut conn = Connection::open(dir.join("mastery.db")).expect("open");
    let tx = conn.transaction().expect("tx");
    let start: i64 = 1_730_000_000_000_000;
    let step: i64 = 2 * 365 * 86_400_000_000 / total as i64;
    let mut seed: u64 = 42;
    for i in 0..total {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let roll = (seed >> 33) % 100;
        let outcome = if roll < 65 { "success" } else if roll < 80 { "partial" } else { "failure" };
        let rung = &rungs[(seed >> 40) as usize % rungs.len()];
        let at = start + step * i as i64;
        tx.execute(
            "INSERT INTO attempts (id, user_id, challenge_id, goal_id, domain_id, confidence, sleep_hours, energy,
                                   stress, planned_at, planned_on, outcome, effort, did, because, cause, locus,
                                   stability, control, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 7.0, 3, 2, ?7, '2025-01-01', ?8, 3, 'Rehearsed twice out loud',
                     'I prepared well', 'preparation', 'internal', 'unstable', 'controllable', ?9)",
            params![
                format!("01900000-0000-7000-8000-{i:012x}"),
                rung.user,
                rung.challenge,
                rung.goal,
                rung.domain,
                ((seed >> 20) % 11 * 10) as i64,
                at,
                outcome,
                at + 600_000_000,
            ],
        )
        .expect("insert");
    }
    tx.commit().expect("commit");
}

fn report(title: &str, series: &[Series], baseline: &str) {
    let base = series.iter().find(|s| s.name == baseline).map(Series::median).expect("baseline series");
    println!("\n### {title}\n");
    println!("| command | runs | median | p90 | median ratio to baseline | peak RSS |");
    println!("|---|---|---|---|---|---|");
    for s in series {
        println!(
            "| `{}` | {} | {:.2} ms | {:.2} ms | {:.2} | {:.1} MB |",
            s.name,
            s.samples.len(),
            s.median().as_secs_f64() * 1e3,
            s.p90().as_secs_f64() * 1e3,
            s.median().as_secs_f64() / base.as_secs_f64(),
            s.peak_mb()
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let here = std::env::current_exe().expect("current exe");
    let bench = Bench {
        mastery: flag("--mastery").map_or_else(|| PathBuf::from("target/release/mastery"), PathBuf::from),
        baseline: here.with_file_name("baseline-insert"),
        runs: flag("--runs").and_then(|r| r.parse().ok()).unwrap_or(200),
    };
    assert!(bench.mastery.exists(), "build it first: cargo build --release -p mastery");
    assert!(bench.baseline.exists(), "build the baseline: cargo build --release --manifest-path bench/Cargo.toml");
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
                cmd.args(["--json", "attempt", "log", &rung.challenge_slug, "--confidence", "60", "--outcome", "success"])
                    .args(["--did", &format!("run {i}")]);
                cmd
            }),
        ),
        (Series::new("baseline-insert"), Box::new(|_| bench.baseline(&small, rung))),
    ]);
    report("(a) mastery attempt log vs a minimal insert", &log, "baseline-insert");

    // (b) Reads with 100,000 attempts in the store.
    let large = scratch.join("large");
    let rungs = bench.setup(&large, 4);
    bulk_attempts(&large, &rungs, 100_000);
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
        (Series::new("baseline-insert"), Box::new(|_| bench.baseline(&large, first))),
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
