//! Correcting the record (issue 14): ten mixed changes — edits, deletions with what hangs off
//! them, new records, a goal marked reached and reopened — each undone in turn, bring the store
//! back exactly to where it was, compared on the lossless export; deletions leave tombstones,
//! and undoing them takes the tombstones away.

use mastery_app::{
    App, AttemptEdit, ChallengeEdit, Deletion, DomainEdit, FixedClock, GoalEdit, NewChallenge, NewCheckin, NewDomain,
    NewEvidence, NewGoal, NewRoleModel, PlanAttempt, RecordAttempt,
};
use mastery_domain::Field;
use mastery_domain::attempt::{Cause, Outcome, State};
use mastery_domain::checkin::Measures;
use mastery_domain::domain::LifeArea;
use mastery_domain::measure::{Confidence, Difficulty, Rating};
use mastery_store::{Access, MemoryStore, RevisionTx, Store};
use serde_json::Value;

async fn app() -> App<MemoryStore> {
    let now = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap();
    App::local(MemoryStore::new(), Box::new(FixedClock(now))).await.unwrap()
}

fn outcome(outcome: Outcome, did: &str) -> RecordAttempt {
    RecordAttempt { did: Some(did.to_owned()), ..RecordAttempt::outcome(outcome) }
}

fn plan(rung: &str, confidence: u8, at: &str) -> PlanAttempt {
    PlanAttempt {
        challenge: rung.to_owned(),
        confidence: Confidence::new(confidence).unwrap(),
        state: State::default(),
        at: Some(at.to_owned()),
    }
}

/// A domain with a goal, two rungs, attempts on both, a success, a check-in and a role model.
async fn history(app: &App<MemoryStore>) {
    let domain = NewDomain { name: "Chess".to_owned(), area: LifeArea::Learning, description: None };
    app.add_domain(domain).await.unwrap();
    let goal = NewGoal {
        domain: "chess".to_owned(),
        statement: "Play a rated tournament".to_owned(),
        why: Some("To test my openings".to_owned()),
        ..NewGoal::default()
    };
    app.add_goal(goal).await.unwrap();
    for (title, difficulty) in [("Play a club game", 2.0), ("Play a rapid event", 5.0)] {
        let rung = NewChallenge {
            goal: "play-a-rated-tournament".to_owned(),
            title: title.to_owned(),
            difficulty: Some(Difficulty::new(difficulty).unwrap()),
            criterion: None,
        };
        app.add_challenge(rung).await.unwrap();
    }
    app.log_attempt(plan("play-a-club-game", 60, "2026-11-16"), outcome(Outcome::Success, "Castled early"))
        .await
        .unwrap();
    app.log_attempt(plan("play-a-rapid-event", 40, "2026-11-18"), outcome(Outcome::Failure, "Lost on time"))
        .await
        .unwrap();
    let evidence = NewEvidence {
        domain: "chess".to_owned(),
        title: "Beat my brother".to_owned(),
        did: None,
        at: Some("2026-11-10".to_owned()),
    };
    app.add_evidence(evidence).await.unwrap();
    let measures = Measures { mood: Some(Rating::new(Field::Mood, 4).unwrap()), ..Measures::default() };
    app.checkin(NewCheckin { measures, at: Some("2026-11-20".to_owned()) }).await.unwrap();
    let model = NewRoleModel { domain: "chess".to_owned(), name: "Judit".to_owned(), similarity: None, process: None };
    app.add_role_model(model).await.unwrap();
}

/// The store's records, as the export writes them, without the moment of the export and the
/// tombstones.
async fn contents(app: &App<MemoryStore>) -> Value {
    let mut out = Vec::new();
    app.export_json(&mut out).await.unwrap();
    let mut document: Value = serde_json::from_slice(&out).unwrap();
    let fields = document.as_object_mut().unwrap();
    fields.remove("exported_at");
    // Deletions are kept as tombstones, compared on their own by `tombstones`.
    fields.remove("tombstones");
    document
}

/// The kinds of the records deleted, as their tombstones name them.
async fn tombstones(app: &App<MemoryStore>) -> Vec<&'static str> {
    let store = app.store();
    let user = store.local_user().await.unwrap();
    let mut tx = store.begin(user, Access::Read).await.unwrap();
    let mut kinds: Vec<_> = tx.tombstones().await.unwrap().iter().map(|t| t.record.kind()).collect();
    kinds.sort_unstable();
    kinds
}

#[tokio::test]
async fn ten_mixed_changes_undone_restore_the_exact_earlier_store() {
    let app = app().await;
    history(&app).await;
    let before = contents(&app).await;

    let rename = DomainEdit { name: Some("Classical chess".to_owned()), ..DomainEdit::default() };
    app.edit_domain("chess", rename).await.unwrap();
    let deadline =
        GoalEdit { deadline: Some("2027-03-01".to_owned()), why: Some(String::new()), ..GoalEdit::default() };
    app.edit_goal("play-a-rated-tournament", deadline).await.unwrap();
    let harder = ChallengeEdit { difficulty: Some(Difficulty::new(3.0).unwrap()), ..ChallengeEdit::default() };
    app.edit_challenge("play-a-club-game", harder).await.unwrap();
    let corrected = AttemptEdit {
        confidence: Some(Confidence::new(70).unwrap()),
        outcome: Some(Outcome::Partial),
        cause: Some(Cause::Strategy),
        ..AttemptEdit::default()
    };
    app.edit_attempt("last", corrected).await.unwrap();
    let checkin = app.delete(&Deletion::Checkin("last".to_owned())).await.unwrap();
    assert_eq!(checkin.summary, "Deleted the check-in of 2026-11-20");
    let rung = app.delete(&Deletion::Challenge("play-a-rapid-event".to_owned())).await.unwrap();
    assert_eq!(rung.summary, "Deleted rung 'Play a rapid event' with 1 attempt");
    assert!(rung.cascades);
    app.log_attempt(plan("play-a-club-game", 80, "2026-11-20"), outcome(Outcome::Success, "Won")).await.unwrap();
    app.complete_goal("play-a-rated-tournament").await.unwrap();
    app.reopen_goal("play-a-rated-tournament").await.unwrap();
    let goal = app.delete(&Deletion::Goal("play-a-rated-tournament".to_owned())).await.unwrap();
    assert_eq!(goal.summary, "Deleted goal 'Play a rated tournament' with 1 rung and 2 attempts");
    assert_eq!(
        tombstones(&app).await,
        ["attempts", "attempts", "attempts", "celebrations", "challenges", "challenges", "checkins", "goals"],
        "a check-in; a rung with its attempt; the goal's celebration; the goal, its rung and two attempts"
    );
    assert_ne!(contents(&app).await, before);

    let expected = [
        "Deleted goal 'Play a rated tournament' with 1 rung and 2 attempts",
        "Reopened goal 'Play a rated tournament'",
        "Marked goal 'Play a rated tournament' reached",
        "Logged an attempt on 'Play a club game'",
        "Deleted rung 'Play a rapid event' with 1 attempt",
        "Deleted the check-in of 2026-11-20",
        "Edited the attempt of 2026-11-18 on 'Play a rapid event'",
        "Edited rung 'Play a club game'",
        "Edited goal 'Play a rated tournament'",
        "Edited domain 'Classical chess'",
    ];
    for summary in expected {
        let undone = app.undo().await.unwrap().expect("a change to undo");
        assert_eq!(undone.undid, summary);
    }
    assert_eq!(contents(&app).await, before, "ten undos restore the store exactly");
    assert_eq!(
        tombstones(&app).await,
        ["attempts", "celebrations"],
        "every deleted record came back; the attempt logged and the celebration made meanwhile are gone"
    );

    // Further back are the changes that built the history: the role model came last.
    let undone = app.undo().await.unwrap().expect("the history's changes");
    assert_eq!(undone.undid, "Added the role model 'Judit'");
}

#[tokio::test]
async fn an_empty_journal_has_nothing_to_undo() {
    let app = app().await;
    assert_eq!(app.last_change().await.unwrap(), None);
    assert_eq!(app.undo().await.unwrap(), None);
}

#[tokio::test]
async fn the_last_change_is_what_undo_would_revert_and_reading_it_changes_nothing() {
    let app = app().await;
    history(&app).await;
    let before = contents(&app).await;
    let last = app.last_change().await.unwrap().expect("a change");
    assert_eq!(last.summary, "Added the role model 'Judit'");
    assert!(last.undoable);
    assert_eq!(app.last_change().await.unwrap(), Some(last.clone()), "reading twice reads the same");
    assert_eq!(contents(&app).await, before, "reading it changes nothing");
    assert_eq!(app.undo().await.unwrap().unwrap().undid, last.summary);
    let mut export = Vec::new();
    app.export_json(&mut export).await.unwrap();
    app.import_json(std::io::Cursor::new(export)).await.unwrap();
    let import = app.last_change().await.unwrap().expect("the import");
    assert_eq!(import.summary, "Imported a Mastery export");
    assert!(!import.undoable, "undo stops at an import");
}

#[tokio::test]
async fn a_goal_not_reached_cannot_be_reopened_and_bad_edits_change_nothing() {
    let app = app().await;
    history(&app).await;
    let before = contents(&app).await;
    let reopened = app.reopen_goal("play-a-rated-tournament").await.unwrap_err();
    assert!(reopened.to_string().contains("is open already"), "{reopened}");
    let past = GoalEdit { deadline: Some("2020-01-01".to_owned()), ..GoalEdit::default() };
    assert!(app.edit_goal("play-a-rated-tournament", past).await.unwrap_err().is_usage());
    let clash = ChallengeEdit { title: Some("Play a rapid event".to_owned()), ..ChallengeEdit::default() };
    let error = app.edit_challenge("play-a-club-game", clash).await.unwrap_err();
    assert!(error.to_string().contains("already exists"), "{error}");
    assert_eq!(contents(&app).await, before);
}

#[tokio::test]
async fn undo_stops_at_an_import_instead_of_reaching_past_it() {
    let app = app().await;
    history(&app).await;
    let mut export = Vec::new();
    app.export_json(&mut export).await.unwrap();
    app.import_json(std::io::Cursor::new(export)).await.unwrap();
    let before = contents(&app).await;
    let refused = app.undo().await.unwrap_err();
    assert!(refused.is_usage(), "{refused}");
    assert!(refused.to_string().contains("'Imported a Mastery export' cannot be undone"), "{refused}");
    assert_eq!(contents(&app).await, before, "the role model added before the import stays");
}
