//! What the whole-process benchmarks share: running a command and reading its peak memory, the
//! series of samples and their report, a store built through the CLI, and bulk attempts.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};

/// One whole-process run: wall time and peak resident memory.
pub struct Sample {
    pub elapsed: Duration,
    pub max_rss_kb: i64,
}

/// Runs `cmd` to its end (it must succeed) and reports its time and peak memory.
pub fn measure(cmd: &mut Command) -> Sample {
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

/// The samples of one command.
pub struct Series {
    pub name: String,
    pub samples: Vec<Sample>,
}

impl Series {
    pub fn new(name: &str) -> Self {
        Self { name: name.to_owned(), samples: Vec::new() }
    }

    fn quantile(&self, numerator: usize, denominator: usize) -> Duration {
        let mut times: Vec<Duration> = self.samples.iter().map(|s| s.elapsed).collect();
        times.sort_unstable();
        times[times.len() * numerator / denominator]
    }

    pub fn median(&self) -> Duration {
        self.quantile(1, 2)
    }

    pub fn p90(&self) -> Duration {
        self.quantile(9, 10)
    }

    pub fn peak_mb(&self) -> f64 {
        self.samples.iter().map(|s| s.max_rss_kb).max().unwrap_or(0) as f64 / 1024.0
    }
}

/// A named series and how to make its command for round `i`.
pub type Contender<'a> = (Series, Box<dyn Fn(usize) -> Command + 'a>);

/// One rung of a ladder and the goal and domain it belongs to.
pub struct Ids {
    pub user: String,
    pub domain: String,
    pub domain_slug: String,
    pub goal: String,
    pub goal_slug: String,
    pub challenge: String,
    pub challenge_slug: String,
}

/// The `mastery` binary under test and how many rounds to run.
pub struct Bench {
    pub mastery: PathBuf,
    pub runs: usize,
}

/// Runs a setup command, which must succeed.
pub fn ok(cmd: &mut Command) {
    assert!(cmd.stdout(Stdio::null()).status().expect("run").success(), "{cmd:?}");
}

impl Bench {
    /// `mastery --data-dir DIR`, ready for arguments.
    pub fn mastery(&self, dir: &Path) -> Command {
        let mut cmd = Command::new(&self.mastery);
        cmd.arg("--data-dir").arg(dir);
        cmd
    }

    /// A store with domains, goals and six-rung ladders made through the CLI.
    pub fn setup(&self, dir: &Path, domains: usize) -> Vec<Ids> {
        ok(self.mastery(dir).arg("init"));
        for d in 0..domains {
            let name = format!("Domain {d}");
            ok(self.mastery(dir).args(["domain", "add", &name]));
            ok(self.mastery(dir).args(["goal", "add", &name, &format!("Goal {d}")]));
            for r in 1..=6 {
                let difficulty = (r + 1).to_string();
                ok(self.mastery(dir).args([
                    "challenge",
                    "add",
                    &format!("goal-{d}"),
                    &format!("Rung {r}"),
                    "--difficulty",
                    &difficulty,
                ]));
            }
        }
        rungs(dir)
    }

    /// Runs each command once per round, in turn, for `runs` rounds.
    pub fn alternate(&self, mut commands: Vec<Contender<'_>>) -> Vec<Series> {
        for round in 0..self.runs {
            for (series, make) in &mut commands {
                series.samples.push(measure(&mut make(round)));
            }
        }
        commands.into_iter().map(|(s, _)| s).collect()
    }
}

/// Every rung of the store in `dir`, by domain and then difficulty.
pub fn rungs(dir: &Path) -> Vec<Ids> {
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

/// A small fixed-seed generator, so every build of a store holds the same rows.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Microseconds in a day.
pub const DAY_US: i64 = 86_400_000_000;

/// The UTC calendar day of an instant in microseconds, as 'YYYY-MM-DD'.
pub fn utc_day(micros: i64) -> String {
    // Howard Hinnant's days-to-civil.
    let z = micros.div_euclid(DAY_US) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

const CAUSES: [&str; 9] =
    ["ability", "effort", "strategy", "preparation", "difficulty", "luck", "others", "state", "other"];
const DIDS: [&str; 6] = [
    "Rehearsed twice out loud",
    "Went in cold",
    "Followed the checklist",
    "Tried the new opening",
    "Practised the hard part slowly",
    "Asked for help halfway",
];

/// Fills the store with `total` attempts, evenly spaced from `start` to `end` (microseconds
/// since the epoch) over every rung, with varied state, confidence, outcomes and causes, through
/// the same `attempts` table the app writes, so its triggers keep `rung_counts` in step. The last
/// two are planned and not yet recorded.
pub fn bulk_attempts(dir: &Path, rungs: &[Ids], total: usize, start: i64, end: i64) {
    let mut conn = Connection::open(dir.join("mastery.db")).expect("open");
    let tx = conn.transaction().expect("tx");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO attempts (id, user_id, challenge_id, goal_id, domain_id, confidence, sleep_hours, energy,
                                       stress, planned_at, planned_on, outcome, effort, did, because, cause, locus,
                                       stability, control, lesson, recorded_at, engine_forecast)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
            )
            .expect("prepare");
        let step = (end - start) / total.max(1) as i64;
        let mut rng = Rng::new(42);
        for i in 0..total {
            let rung = &rungs[rng.below(rungs.len() as u64) as usize];
            let at = start + step * i as i64;
            let confidence = rng.below(11) as i64 * 10;
            // State is often left out; when given it spans its whole range.
            let sleep = (rng.below(7) != 0).then(|| 4.5 + 0.5 * rng.below(10) as f64);
            let energy = (rng.below(6) != 0).then(|| 1 + rng.below(5) as i64);
            let stress = (rng.below(6) != 0).then(|| 1 + rng.below(5) as i64);
            let forecast = (rng.below(5) != 0).then(|| (1 + rng.below(9)) as f64 / 10.0);
            // Success grows likelier with confidence, so calibration has something to find.
            let roll = rng.below(100) as i64;
            let pending = i + 2 >= total;
            let outcome = if pending {
                None
            } else if roll < 30 + confidence / 2 {
                Some("success")
            } else if roll < 45 + confidence / 2 {
                Some("partial")
            } else {
                Some("failure")
            };
            let explained = outcome.is_some() && rng.below(3) != 0;
            let cause = explained.then(|| CAUSES[rng.below(CAUSES.len() as u64) as usize]);
            let rated = explained && rng.below(2) == 0;
            let locus = rated.then(|| if rng.below(2) == 0 { "internal" } else { "external" });
            let stability = rated.then(|| if rng.below(2) == 0 { "stable" } else { "unstable" });
            let control = rated.then(|| if rng.below(2) == 0 { "controllable" } else { "uncontrollable" });
            let effort = outcome.and_then(|_| (rng.below(4) != 0).then(|| 1 + rng.below(5) as i64));
            let did = outcome.map(|_| DIDS[rng.below(DIDS.len() as u64) as usize]);
            let because = cause.map(|c| format!("Mostly {c}"));
            let lesson = (outcome.is_some() && rng.below(10) == 0).then_some("Start with the hardest part");
            insert
                .execute(params![
                    format!("01900000-0000-7000-8000-{i:012x}"),
                    rung.user,
                    rung.challenge,
                    rung.goal,
                    rung.domain,
                    confidence,
                    sleep,
                    energy,
                    stress,
                    at,
                    utc_day(at),
                    outcome,
                    effort,
                    did,
                    because,
                    cause,
                    locus,
                    stability,
                    control,
                    lesson,
                    outcome.map(|_| at + 600_000_000),
                    forecast,
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

/// Prints a Markdown table of `series`: medians, p90s, the ratio to `baseline` and peak memory.
pub fn report(title: &str, series: &[Series], baseline: &str) {
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
