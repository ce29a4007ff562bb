//! Sync converges (issue 13): three replicas — two devices on SQLite and the server on
//! PostgreSQL (SQLite when no PostgreSQL is configured, outside CI) — make random creates,
//! edits, deletes and syncs in random order. After a final round of syncs all three hold the
//! same records, compared on their lossless exports, and every write the person was told about
//! is there, unless a later write replaced it: a later edit or deletion of the record, or a
//! later deletion of something it hangs off. A deletion stands unless something was written
//! under the record after it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use jiff::{ToSpan, Zoned};
use mastery_app::sync::SyncClient;
use mastery_app::sync::wire::{SyncRequest, SyncResponse};
use mastery_app::{
    App, AppError, AttemptEdit, Clock, Deletion, DomainEdit, NewChallenge, NewDomain, NewGoal, PlanAttempt,
    RecordAttempt,
};
use mastery_domain::attempt::{Outcome, State};
use mastery_domain::domain::LifeArea;
use mastery_domain::measure::{Confidence, Difficulty};
use mastery_store::Store;
use mastery_store_postgres::PgStore;
use mastery_store_sqlite::SqliteStore;
use proptest::prelude::*;
use serde_json::Value;

/// The time every replica reads, moved on by the test one step per operation, so "later" is
/// the order of the operations.
#[derive(Debug, Clone)]
struct Manual(Arc<Mutex<Zoned>>);

impl Clock for Manual {
    fn now(&self) -> Zoned {
        self.0.lock().unwrap().clone()
    }
}

impl Manual {
    fn step(&self) -> jiff::Timestamp {
        let mut now = self.0.lock().unwrap();
        *now = now.checked_add(1.minute()).unwrap();
        now.timestamp()
    }
}

/// The server, reached in process, each request and answer through JSON as on the wire.
struct Direct<'a, S: Store>(&'a App<S>);

impl<S: Store + Sync> SyncClient for Direct<'_, S> {
    async fn exchange(&self, request: &SyncRequest) -> Result<SyncResponse, AppError> {
        let request: SyncRequest = serde_json::from_str(&serde_json::to_string(request).unwrap()).unwrap();
        let response = self.0.sync_exchange(&request).await?;
        Ok(serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap())
    }
}

/// What a random step does: `replica` picks the laptop or the phone, `pick` and `extra` pick a
/// record and a value among those the replica holds.
#[derive(Debug, Clone)]
struct Step {
    action: u8,
    replica: u8,
    pick: u8,
    extra: u8,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = (0u8..14, 0u8..2, any::<u8>(), any::<u8>()).prop_map(|(action, replica, pick, extra)| Step {
        action,
        replica,
        pick,
        extra,
    });
    proptest::collection::vec(step, 5..45)
}

/// A write the person was told about: the record, when, and whether it deleted the record.
#[derive(Debug, Clone)]
struct Acked {
    kind: &'static str,
    key: String,
    at: jiff::Timestamp,
    deleted: bool,
}

/// The export without its time of writing.
async fn export<S: Store>(app: &App<S>) -> Value {
    let mut out = Vec::new();
    app.export_json(&mut out).await.unwrap();
    let mut document: Value = serde_json::from_slice(&out).unwrap();
    document.as_object_mut().unwrap().remove("exported_at");
    document
}

fn ids(document: &Value, section: &str) -> Vec<String> {
    document[section].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

fn pick(ids: &[String], n: u8) -> Option<String> {
    (!ids.is_empty()).then(|| ids[n as usize % ids.len()].clone())
}

/// Runs one step on `app`; answers the writes it was told succeeded.
async fn run<S: Store>(app: &App<S>, step: &Step, at: jiff::Timestamp) -> Vec<Acked> {
    let now = export(app).await;
    let live = |kind: &'static str, key: String| vec![Acked { kind, key, at, deleted: false }];
    let gone = |kind: &'static str, key: String| vec![Acked { kind, key, at, deleted: true }];
    let Step { action, pick: n, extra, .. } = *step;
    match action {
        0 => {
            let name = ["Running", "Chess"][extra as usize % 2].to_owned();
            let domain = NewDomain { name, area: LifeArea::Health, description: None };
            app.add_domain(domain).await.map(|d| live("domains", d.id.to_string())).unwrap_or_default()
        }
        1 => {
            let Some(domain) = pick(&ids(&now, "domains"), n) else { return Vec::new() };
            let statement = ["Race a 10k", "Win a tournament"][extra as usize % 2].to_owned();
            let goal = NewGoal { domain, statement, ..NewGoal::default() };
            app.add_goal(goal).await.map(|g| live("goals", g.id.to_string())).unwrap_or_default()
        }
        2 => {
            let Some(goal) = pick(&ids(&now, "goals"), n) else { return Vec::new() };
            let title = ["Easy step", "Middle step", "Hard step"][extra as usize % 3].to_owned();
            let difficulty = Some(Difficulty::new(f64::from(extra % 10 + 1)).unwrap());
            let rung = NewChallenge { goal, title, difficulty, criterion: None };
            app.add_challenge(rung).await.map(|c| live("challenges", c.id.to_string())).unwrap_or_default()
        }
        3..=5 => {
            let Some(challenge) = pick(&ids(&now, "challenges"), n) else { return Vec::new() };
            let confidence = Confidence::new(extra % 11 * 10).unwrap();
            let plan = PlanAttempt { challenge, confidence, state: State::default(), at: None };
            let outcome = [Outcome::Success, Outcome::Partial, Outcome::Failure][extra as usize % 3];
            match app.log_attempt(plan, RecordAttempt::outcome(outcome)).await {
                // A rung reached may add its celebration too; the attempt is what was asked.
                Ok(a) => live("attempts", a.id.to_string()),
                Err(_) => Vec::new(),
            }
        }
        6 => {
            let Some(domain) = pick(&ids(&now, "domains"), n) else { return Vec::new() };
            let edit = DomainEdit { description: Some(format!("Note {extra}")), ..DomainEdit::default() };
            app.edit_domain(&domain, edit).await.map(|_| live("domains", domain)).unwrap_or_default()
        }
        7 => {
            let Some(attempt) = pick(&ids(&now, "attempts"), n) else { return Vec::new() };
            let outcome = [Outcome::Success, Outcome::Partial, Outcome::Failure][extra as usize % 3];
            let edit = AttemptEdit { outcome: Some(outcome), ..AttemptEdit::default() };
            app.edit_attempt(&attempt, edit).await.map(|_| live("attempts", attempt)).unwrap_or_default()
        }
        8..=10 => {
            let (kind, section): (fn(String) -> Deletion, &'static str) = match extra % 4 {
                0 => (Deletion::Domain, "domains"),
                1 => (Deletion::Goal, "goals"),
                2 => (Deletion::Challenge, "challenges"),
                _ => (Deletion::Attempt, "attempts"),
            };
            let Some(key) = pick(&ids(&now, section), n) else { return Vec::new() };
            app.delete(&kind(key.clone())).await.map(|_| gone(section, key)).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Each record's parent, by kind and id, in `document`.
fn parents(document: &Value) -> HashMap<(String, String), (String, String)> {
    let mut found = HashMap::new();
    for (section, field, parent) in [
        ("goals", "domain_id", "domains"),
        ("challenges", "goal_id", "goals"),
        ("attempts", "challenge_id", "challenges"),
    ] {
        for record in document[section].as_array().unwrap() {
            let key = (section.to_owned(), record["id"].as_str().unwrap().to_owned());
            found.insert(key, (parent.to_owned(), record[field].as_str().unwrap().to_owned()));
        }
    }
    found
}

fn present(document: &Value) -> HashSet<(String, String)> {
    let mut found = HashSet::new();
    for section in ["domains", "goals", "challenges", "attempts"] {
        for id in ids(document, section) {
            found.insert((section.to_owned(), id));
        }
    }
    found
}

async fn synced<S: Store + Sync, D: Store>(server: &App<S>, device: &App<D>) {
    device.sync(&Direct(server)).await.unwrap();
}

async fn case<S: Store + Sync, D: Store + Sync>(
    server: App<S>,
    laptop: App<D>,
    phone: App<D>,
    clock: Manual,
    steps: Vec<Step>,
) {
    // Both devices are signed in before they start.
    synced(&server, &laptop).await;
    synced(&server, &phone).await;
    let mut acked: Vec<Acked> = Vec::new();
    // Every record a replica held, with its parent, to follow a deletion down.
    let mut family = HashMap::new();
    for step in &steps {
        let at = clock.step();
        let device = if step.replica == 0 { &laptop } else { &phone };
        if step.action >= 11 {
            synced(&server, device).await;
        } else {
            family.extend(parents(&export(device).await));
            acked.extend(run(device, step, at).await);
            if step.action <= 5 {
                family.extend(parents(&export(device).await));
            }
        }
    }
    for _ in 0..3 {
        clock.step();
        synced(&server, &laptop).await;
        synced(&server, &phone).await;
    }
    let on_server = export(&server).await;
    assert_eq!(export(&laptop).await, on_server, "the laptop and the server differ after {steps:?}");
    assert_eq!(export(&phone).await, on_server, "the phone and the server differ after {steps:?}");

    // No write the person was told about is lost, unless a later one replaced it.
    let held = present(&on_server);
    let ancestors = |record: &(String, String)| {
        let mut up = Vec::new();
        let mut at = family.get(record);
        while let Some(parent) = at {
            up.push(parent.clone());
            at = family.get(parent);
        }
        up
    };
    for write in &acked {
        let record = (write.kind.to_owned(), write.key.clone());
        let later_on = |target: &(String, String)| {
            acked.iter().any(|w| w.at > write.at && w.kind == target.0 && w.key == target.1)
        };
        if write.deleted {
            let written_under = acked.iter().any(|w| {
                w.at > write.at && !w.deleted && ancestors(&(w.kind.to_owned(), w.key.clone())).contains(&record)
            });
            assert!(
                !held.contains(&record) || later_on(&record) || written_under,
                "{write:?} was deleted and nothing came after, yet it is on the server; steps {steps:?}"
            );
        } else {
            let replaced = later_on(&record)
                || ancestors(&record)
                    .iter()
                    .any(|a| acked.iter().any(|w| w.at > write.at && w.deleted && w.kind == a.0 && w.key == a.1));
            assert!(held.contains(&record) || replaced, "{write:?} was lost; steps {steps:?}");
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Where the replicas of each case live: the devices in a scratch directory, the server on
/// PostgreSQL when one is configured (SQLite otherwise, outside CI).
struct Replicas {
    runtime: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
    postgres: Option<PgStore>,
    _database: Option<mastery_store_postgres::testing::PgTestDb>,
    cases: std::sync::atomic::AtomicUsize,
}

impl Replicas {
    fn new() -> Self {
        let runtime = runtime();
        let database = mastery_store_postgres::testing::test_database();
        let postgres = database.as_ref().map(|db| runtime.block_on(PgStore::connect(db.url(), 2)).unwrap());
        if postgres.is_none() {
            eprintln!("notice: no PostgreSQL (MASTERY_TEST_POSTGRES_URL), so the server runs on SQLite here");
        }
        let dir = tempfile::tempdir().unwrap();
        Replicas { runtime, dir, postgres, _database: database, cases: std::sync::atomic::AtomicUsize::new(0) }
    }

    /// Plays `steps` on a fresh laptop, phone and account on the server, then checks them.
    fn play(&self, steps: Vec<Step>) {
        let n = self.cases.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let runtime = &self.runtime;
        let clock = Manual(Arc::new(Mutex::new("2026-12-01T08:00:00+01:00[Europe/Paris]".parse().unwrap())));
        let open = |name: String| runtime.block_on(SqliteStore::open(&self.dir.path().join(name))).unwrap();
        let device = |store: SqliteStore| runtime.block_on(App::local(store, Box::new(clock.clone()))).unwrap();
        let laptop = device(open(format!("laptop-{n}.db")));
        let phone = device(open(format!("phone-{n}.db")));
        match &self.postgres {
            Some(store) => {
                let user = runtime.block_on(store.add_user(&format!("person {n}"))).unwrap();
                let server = App::for_user(store.clone(), Arc::new(clock.clone()), user);
                runtime.block_on(case(server, laptop, phone, clock.clone(), steps));
            }
            None => {
                let store = open(format!("server-{n}.db"));
                let user = runtime.block_on(store.add_user("person")).unwrap();
                let server = App::for_user(store, Arc::new(clock.clone()), user);
                runtime.block_on(case(server, laptop, phone, clock.clone(), steps));
            }
        }
    }
}

/// 100 random histories a run; `PROPTEST_CASES=5000` soaks it.
#[test]
fn three_replicas_converge_and_lose_no_acknowledged_write() {
    let replicas = Replicas::new();
    let cases = std::env::var_os("PROPTEST_CASES").map_or(100, |_| ProptestConfig::default().cases);
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(steps in steps())| replicas.play(steps));
}

/// Found by the random run in CI: a rung deleted on the laptop, an attempt logged under it on
/// the phone (which had not heard of the deletion), then the whole domain deleted on the laptop
/// before the phone synced. The domain's deletion is the latest write, so nothing of it may
/// stay; the phone used to send the rung back as of the sync, which outdated the deletion.
#[test]
fn a_domain_deleted_after_an_unseen_attempt_under_a_deleted_rung_goes_everywhere() {
    let steps = [(0, 0, 0), (1, 0, 0), (2, 0, 0), (11, 0, 0), (8, 0, 2), (11, 1, 0), (3, 1, 0), (8, 0, 0)];
    let steps = steps.into_iter().map(|(action, replica, extra)| Step { action, replica, pick: 0, extra }).collect();
    Replicas::new().play(steps);
}
