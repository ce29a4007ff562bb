//! Kept folds never change an answer: a person's insights, source mix and attribution, read
//! after every change (so the store keeps each domain's fold and carries it on), equal those of
//! a fresh store holding the same records (imported from an export), which folds every attempt
//! anew.
//! The changes are random: attempts logged now or before the fold's last one, corrections,
//! deletions, plans for next time, undos, and runs long enough to keep a fold again.

use std::io::Cursor;

use mastery_app::{
    App, AttemptEdit, Deletion, FixedClock, NewChallenge, NewDomain, NewGoal, NextTime, PlanAttempt, RecordAttempt,
};
use mastery_domain::Field;
use mastery_domain::attempt::{Cause, Outcome, State};
use mastery_domain::domain::LifeArea;
use mastery_domain::ids::DomainId;
use mastery_domain::measure::{Confidence, Rating, SleepHours};
use mastery_store::{Access, FoldTx, Store};
use mastery_store_sqlite::SqliteStore;
use proptest::prelude::*;

type Local = App<SqliteStore>;

fn clock() -> Box<FixedClock> {
    Box::new(FixedClock("2026-12-01T08:00:00+01:00[Europe/Paris]".parse().unwrap()))
}

/// Logs an attempt on `rung`, its state and outcome drawn from `n`; `at` backdates it.
async fn log(app: &Local, rung: &str, n: u32, at: Option<String>) -> String {
    let state = State {
        sleep_hours: Some(SleepHours::new([5.0, 6.0, 7.5, 8.0][n as usize % 4]).unwrap()),
        energy: Some(Rating::new(Field::Energy, (n % 5 + 1) as u8).unwrap()),
        stress: Some(Rating::new(Field::Stress, (n * 3 % 5 + 1) as u8).unwrap()),
    };
    // Confidence follows sleep, results do not: the misreading, so there is something to say.
    let confidence = Confidence::new(if n % 4 < 2 { 40 } else { 70 } + (n % 3 * 10) as u8).unwrap();
    let plan = PlanAttempt { challenge: rung.to_owned(), confidence, state, at };
    let outcome = [Outcome::Success, Outcome::Failure, Outcome::Success, Outcome::Partial][n as usize * 7 % 4];
    // Explained in turn by a fixed, a controllable and an outside cause, and once not at all.
    let cause = [Some(Cause::Ability), Some(Cause::Effort), Some(Cause::Luck), None][n as usize / 4 % 4];
    let record = RecordAttempt { cause, ..RecordAttempt::outcome(outcome) };
    app.log_attempt(plan, record).await.unwrap().id.to_string()
}

async fn ladder(app: &Local, name: &str) -> (DomainId, String) {
    let domain = app.add_domain(NewDomain { name: name.to_owned(), area: LifeArea::Career, description: None });
    let domain = domain.await.unwrap();
    let goal = NewGoal { domain: domain.slug.clone(), statement: format!("Master {name}"), ..NewGoal::default() };
    let goal = app.add_goal(goal).await.unwrap();
    let rung =
        NewChallenge { goal: goal.id.to_string(), title: "First step".to_owned(), difficulty: None, criterion: None };
    (domain.id, app.add_challenge(rung).await.unwrap().id.to_string())
}

/// What the analyses say, as JSON, the same way for both stores.
async fn analyses(app: &Local) -> serde_json::Value {
    serde_json::json!({
        "speaking": app.insights(Some("speaking")).await.unwrap(),
        "all": app.insights(None).await.unwrap(),
        "sources": app.source_mix(None).await.unwrap(),
        "attribution": app.attribution(None).await.unwrap(),
        "attribution_speaking": app.attribution(Some("speaking")).await.unwrap(),
    })
}

/// The same records in a fresh store, which has kept no fold.
async fn fresh_copy(app: &Local, dir: &std::path::Path, n: usize) -> Local {
    let mut export = Vec::new();
    app.export_json(&mut export).await.unwrap();
    let copy = App::local(SqliteStore::open(&dir.join(format!("copy-{n}.db"))).await.unwrap(), clock()).await.unwrap();
    copy.import_json(Cursor::new(export)).await.unwrap();
    copy
}

#[derive(Debug, Clone)]
enum Change {
    LogNow,
    LogBefore,
    Correct(u8),
    Delete(u8),
    Plan(u8),
    Undo,
    LogMany,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => Just(Change::LogNow),
        1 => Just(Change::LogBefore),
        2 => any::<u8>().prop_map(Change::Correct),
        2 => any::<u8>().prop_map(Change::Delete),
        1 => any::<u8>().prop_map(Change::Plan),
        1 => Just(Change::Undo),
        1 => Just(Change::LogMany),
    ]
}

async fn play(changes: Vec<Change>, dir: &std::path::Path, case: usize) {
    let store = SqliteStore::open(&dir.join(format!("person-{case}.db"))).await.unwrap();
    let app = App::local(store.clone(), clock()).await.unwrap();
    let (speaking, rung) = ladder(&app, "Speaking").await;
    let (_, chess) = ladder(&app, "Chess").await;
    let mut ids = Vec::new();
    for n in 0..100 {
        ids.push(log(&app, &rung, n, Some(format!("2026-11-{:02}T{:02}:00", n / 10 + 1, n % 10 + 8))).await);
    }
    for n in 0..20 {
        log(&app, &chess, n, Some(format!("2026-11-{:02}T07:00", n + 1))).await;
    }
    analyses(&app).await;
    let user = store.local_user().await.unwrap();
    let mut tx = store.begin(user, Access::Read).await.unwrap();
    assert!(tx.fold(speaking).await.unwrap().fold.is_some(), "a read of 100 attempts keeps their fold");
    drop(tx);

    for (step, change) in changes.iter().enumerate() {
        let n = 200 + step as u32;
        let pick = |k: u8| ids[k as usize % ids.len()].clone();
        match change {
            Change::LogNow => ids.push(log(&app, &rung, n, None).await),
            Change::LogBefore => ids.push(log(&app, &rung, n, Some("2026-11-03T12:30".to_owned())).await),
            Change::Correct(k) => {
                let edit = AttemptEdit { outcome: Some(Outcome::Failure), ..AttemptEdit::default() };
                let _ = app.edit_attempt(&pick(*k), edit).await;
            }
            Change::Delete(k) => {
                let id = pick(*k);
                if app.delete(&Deletion::Attempt(id.clone())).await.is_ok() {
                    ids.retain(|i| *i != id);
                }
            }
            // On one of the latest attempts, which a kept fold has often not reached yet.
            Change::Plan(k) => {
                let plan = NextTime {
                    next_time: "Rehearse the opening twice".to_owned(),
                    if_then: "If I blank, then I will glance at my notes".to_owned(),
                    cause: Some(Cause::Preparation),
                };
                let latest = &ids[ids.len().saturating_sub(4)..];
                let _ = app.reattribute(&latest[*k as usize % latest.len()], plan).await;
            }
            Change::Undo => {
                let _ = app.undo().await;
            }
            Change::LogMany => {
                for m in 0..70 {
                    ids.push(log(&app, &rung, n * 100 + m, None).await);
                }
            }
        }
        let copy = fresh_copy(&app, dir, case * 100 + step).await;
        assert_eq!(analyses(&app).await, analyses(&copy).await, "after {:?}", &changes[..=step]);
    }
}

/// 12 random histories a run; `PROPTEST_CASES=200` soaks it.
#[test]
fn kept_folds_give_the_answers_of_a_fresh_reading() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases = std::sync::atomic::AtomicUsize::new(0);
    let cases_wanted = std::env::var_os("PROPTEST_CASES").map_or(12, |_| ProptestConfig::default().cases);
    let config = ProptestConfig { cases: cases_wanted, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(changes in proptest::collection::vec(change(), 1..10))| {
        let case = cases.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        runtime.block_on(play(changes, dir.path(), case));
    });
}

/// A plan for next time made for a failure the kept fold has not reached moves that failure from
/// eroding to neutral in the source mix, read from the fold carried on.
#[test]
fn a_plan_for_a_failure_after_the_kept_fold_counts() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The fourth attempt logged now is a failure put down to luck, which a plan makes neutral.
    let changes = vec![Change::LogNow, Change::LogNow, Change::LogNow, Change::LogNow, Change::Plan(3)];
    runtime.block_on(play(changes, dir.path(), 0));
}
