//! Sync between devices through a server, in process (issue 13): records made on one device
//! reach the other; edits and deletions follow the last writer; a deletion takes what hangs off
//! it on every replica; two devices that name a domain alike end with both, the later renamed;
//! a sync with nothing new sends nothing. Replicas are compared on their lossless exports.

use std::sync::{Arc, Mutex};

use jiff::{ToSpan, Zoned};
use mastery_app::sync::wire::{SyncRequest, SyncResponse};
use mastery_app::sync::{SyncClient, SyncReport};
use mastery_app::{
    App, AppError, Clock, Deletion, DomainEdit, NewChallenge, NewDomain, NewGoal, PlanAttempt, RecordAttempt,
};
use mastery_domain::attempt::{Outcome, State};
use mastery_domain::domain::LifeArea;
use mastery_domain::measure::{Confidence, Difficulty};
use mastery_store::{MemoryStore, Store};

/// A clock that moves one second each time it is read, shared by every replica, so each change
/// has its own time.
#[derive(Debug, Clone)]
struct Ticking(Arc<Mutex<Zoned>>);

impl Clock for Ticking {
    fn now(&self) -> Zoned {
        let mut now = self.0.lock().unwrap();
        *now = now.checked_add(1.second()).unwrap();
        now.clone()
    }
}

/// The server's side, reached directly, each request and answer through JSON as on the wire.
struct Direct<'a>(&'a App<MemoryStore>);

impl SyncClient for Direct<'_> {
    async fn exchange(&self, request: &SyncRequest) -> Result<SyncResponse, AppError> {
        let request: SyncRequest = serde_json::from_str(&serde_json::to_string(request).unwrap()).unwrap();
        let response = self.0.sync_exchange(&request).await?;
        Ok(serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap())
    }
}

struct World {
    server: App<MemoryStore>,
    laptop: App<MemoryStore>,
    phone: App<MemoryStore>,
}

impl World {
    async fn new() -> Self {
        let clock = Ticking(Arc::new(Mutex::new("2026-12-01T08:00:00+01:00[Europe/Paris]".parse().unwrap())));
        let server_store = MemoryStore::new();
        let user = server_store.add_user("ada").await.unwrap();
        let device = || async { App::local(MemoryStore::new(), Box::new(clock.clone())).await.unwrap() };
        World {
            server: App::for_user(server_store, Arc::new(clock.clone()), user),
            laptop: device().await,
            phone: device().await,
        }
    }

    async fn sync(&self, device: &App<MemoryStore>) -> SyncReport {
        device.sync(&Direct(&self.server)).await.unwrap()
    }

    /// Syncs both devices twice over, then checks all three replicas hold the same records.
    async fn converge(&self) {
        for _ in 0..2 {
            self.sync(&self.laptop).await;
            self.sync(&self.phone).await;
        }
        let server = export(&self.server).await;
        assert_eq!(export(&self.laptop).await, server, "the laptop and the server differ");
        assert_eq!(export(&self.phone).await, server, "the phone and the server differ");
    }
}

/// The export without its time of writing.
async fn export(app: &App<MemoryStore>) -> serde_json::Value {
    let mut out = Vec::new();
    app.export_json(&mut out).await.unwrap();
    let mut document: serde_json::Value = serde_json::from_slice(&out).unwrap();
    document.as_object_mut().unwrap().remove("exported_at");
    document
}

async fn ladder(app: &App<MemoryStore>, name: &str) {
    let domain = NewDomain { name: name.to_owned(), area: LifeArea::Health, description: None };
    let slug = app.add_domain(domain).await.unwrap().slug;
    let goal = NewGoal { domain: slug, statement: format!("Run {name}"), ..NewGoal::default() };
    let goal = app.add_goal(goal).await.unwrap().slug;
    for (title, difficulty) in [("Easy loop", 2.0), ("Hill loop", 5.0)] {
        let rung = NewChallenge {
            goal: goal.clone(),
            title: title.to_owned(),
            difficulty: Some(Difficulty::new(difficulty).unwrap()),
            criterion: None,
        };
        app.add_challenge(rung).await.unwrap();
    }
}

async fn log(app: &App<MemoryStore>, rung: &str, outcome: Outcome) {
    let plan = PlanAttempt {
        challenge: rung.to_owned(),
        confidence: Confidence::new(70).unwrap(),
        state: State::default(),
        at: None,
    };
    app.log_attempt(plan, RecordAttempt::outcome(outcome)).await.unwrap();
}

fn count(document: &serde_json::Value, section: &str) -> usize {
    document[section].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn records_made_on_one_device_reach_the_other() {
    let world = World::new().await;
    ladder(&world.laptop, "Running").await;
    log(&world.laptop, "easy-loop", Outcome::Success).await;
    let first = world.sync(&world.laptop).await;
    assert_eq!((first.sent, first.received), (5, 0), "a domain, a goal, two rungs and an attempt");
    let second = world.sync(&world.phone).await;
    assert_eq!((second.sent, second.received), (0, 5));
    world.converge().await;
    assert_eq!(world.phone.ladder("run-running").await.unwrap().rungs[0].attempts, 1, "the counts follow");

    let again = world.sync(&world.laptop).await;
    assert_eq!((again.sent, again.received), (0, 0), "nothing new: {again:?}");
}

#[tokio::test]
async fn the_last_edit_wins_and_a_deletion_takes_what_hangs_off_it_everywhere() {
    let world = World::new().await;
    ladder(&world.laptop, "Running").await;
    world.converge().await;

    let rename = |name: &str| DomainEdit { name: Some(name.to_owned()), ..DomainEdit::default() };
    world.laptop.edit_domain("running", rename("Trail running")).await.unwrap();
    world.phone.edit_domain("running", rename("Road running")).await.unwrap();
    // Offline, the phone logs an attempt on a rung the laptop deletes later.
    log(&world.phone, "hill-loop", Outcome::Failure).await;
    world.laptop.delete(&Deletion::Challenge("hill-loop".to_owned())).await.unwrap();
    world.converge().await;

    let server = export(&world.server).await;
    assert_eq!(server["domains"][0]["name"], "Road running", "the phone's edit was the later one");
    assert_eq!(count(&server, "challenges"), 1, "the hill loop is gone");
    assert_eq!(count(&server, "attempts"), 0, "and the attempt logged on it offline went with it");
    assert_eq!(count(&server, "tombstones"), 2, "a tombstone each for the rung and the attempt");
}

#[tokio::test]
async fn two_devices_naming_a_domain_alike_keep_both_and_the_later_is_renamed() {
    let world = World::new().await;
    ladder(&world.laptop, "Running").await;
    ladder(&world.phone, "Running").await;
    world.sync(&world.laptop).await;
    let phone = world.sync(&world.phone).await;
    assert!(
        phone.renamed.iter().any(|line| line.contains("'running' is now 'running-2'")),
        "the person is told: {:?}",
        phone.renamed
    );
    world.converge().await;
    let slugs: Vec<String> = world.laptop.domains(true).await.unwrap().into_iter().map(|d| d.slug).collect();
    assert_eq!(slugs.len(), 2);
    assert!(slugs.contains(&"running".to_owned()) && slugs.contains(&"running-2".to_owned()), "{slugs:?}");
}

#[tokio::test]
async fn an_undo_and_a_store_with_history_sync_like_any_change() {
    let world = World::new().await;
    for name in ["Running", "Chess", "Piano"] {
        ladder(&world.phone, name).await;
    }
    for day in 0..20 {
        let outcome = if day % 3 == 0 { Outcome::Failure } else { Outcome::Success };
        log(&world.phone, "run-chess/easy-loop", outcome).await;
    }
    world.phone.delete(&Deletion::Domain("piano".to_owned())).await.unwrap();
    world.phone.undo().await.unwrap();
    world.phone.delete(&Deletion::Attempt("last".to_owned())).await.unwrap();
    world.converge().await;
    let laptop = export(&world.laptop).await;
    assert_eq!(count(&laptop, "domains"), 3);
    assert_eq!(count(&laptop, "attempts"), 19);
}

#[tokio::test]
async fn a_write_made_offline_after_a_deletion_elsewhere_keeps_what_it_hangs_off() {
    let world = World::new().await;
    ladder(&world.laptop, "Running").await;
    log(&world.laptop, "hill-loop", Outcome::Success).await;
    world.converge().await;

    // The laptop deletes the rung (and its attempt); later, offline, the phone logs on it.
    world.laptop.delete(&Deletion::Challenge("hill-loop".to_owned())).await.unwrap();
    log(&world.phone, "hill-loop", Outcome::Partial).await;
    world.converge().await;

    let server = export(&world.server).await;
    assert_eq!(count(&server, "challenges"), 2, "the hill loop is back, for the attempt logged after: {server}");
    let attempts = server["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 1, "the earlier attempt stays deleted");
    assert_eq!(attempts[0]["record"]["outcome"], "partial", "{attempts:?}");
    assert_eq!(count(&server, "tombstones"), 1, "the earlier attempt's tombstone");

    // And the other way round: the server holds the later attempt before the deletion arrives.
    log(&world.phone, "hill-loop", Outcome::Success).await;
    world.sync(&world.phone).await;
    world.laptop.delete(&Deletion::Goal("run-running".to_owned())).await.unwrap();
    log(&world.phone, "easy-loop", Outcome::Success).await;
    world.sync(&world.phone).await;
    world.converge().await;
    let server = export(&world.server).await;
    assert_eq!(count(&server, "goals"), 1, "the goal stays for the attempt logged after its deletion");
    let rungs: Vec<&str> =
        server["challenges"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap()).collect();
    assert_eq!(rungs, ["easy-loop"], "the hill loop, untouched since, goes");
}
