//! Correcting the record through the binary (issue 14): edits, deletions that ask before taking
//! what hangs off a record, and `undo`, each a separate process on one data directory.

mod common;

use common::{assert_refused, json, ladder_fixture, run};
use serde_json::Value;

/// The export without the moment it was made.
fn contents(dir: &std::path::Path) -> Value {
    let output = run(dir, &["export", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut document: Value = serde_json::from_slice(&output.stdout).unwrap();
    document.as_object_mut().unwrap().remove("exported_at");
    document
}

fn rung_titles(dir: &std::path::Path) -> Vec<String> {
    let ladder = json(dir, &["ladder", "give-a-10-minute-talk"]);
    ladder["rungs"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn edits_deletions_and_undo_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let rungs = ladder_fixture(dir.path());
    json(dir.path(), &["attempt", "log", &rungs[0], "--confidence", "60", "--outcome", "success", "--did", "Cards"]);
    let before = contents(dir.path());

    // A rung moved up the ladder by its difficulty, and renamed.
    let edited =
        json(dir.path(), &["challenge", "edit", &rungs[0], "--difficulty", "5", "--title", "Speak for 3 minutes"]);
    assert_eq!((edited["slug"].as_str(), edited["difficulty"].as_f64()), (Some("speak-for-3-minutes"), Some(5.0)));
    assert_eq!(rung_titles(dir.path())[2], "Speak for 3 minutes");

    // An attempt's outcome corrected: the rung's counts follow.
    let attempt = json(dir.path(), &["attempt", "edit", "last", "--outcome", "partial", "--did", ""]);
    assert_eq!(attempt["outcome"], "partial");
    let ladder = json(dir.path(), &["ladder", "give-a-10-minute-talk"]);
    let moved = ladder["rungs"].as_array().unwrap().iter().find(|r| r["slug"] == "speak-for-3-minutes").unwrap();
    assert_eq!((moved["attempts"].as_u64(), moved["successes"].as_u64()), (Some(1), Some(0)));

    // Deleting a goal takes its rungs and attempts: without a terminal it needs --yes.
    assert_refused(dir.path(), &["delete", "goal", "give-a-10-minute-talk"], "--yes");
    assert_eq!(rung_titles(dir.path()).len(), 5, "nothing deleted without --yes");
    let deleted = json(dir.path(), &["delete", "goal", "give-a-10-minute-talk", "--yes"]);
    assert_eq!(deleted["summary"], "Deleted goal 'Give a 10-minute talk' with 5 rungs and 1 attempt");
    assert_refused(dir.path(), &["ladder", "give-a-10-minute-talk"], "no goal matches");

    for expected in [
        "Deleted goal 'Give a 10-minute talk' with 5 rungs and 1 attempt",
        "Edited the attempt of",
        "Edited rung 'Speak for 3 minutes'",
    ] {
        let undone = json(dir.path(), &["undo"]);
        assert!(undone["undid"].as_str().unwrap().starts_with(expected), "{undone}");
    }
    assert_eq!(contents(dir.path()), before, "three undos restore the store exactly");

    let output = run(dir.path(), &["undo"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("Undid: Logged an attempt on 'Speak for 2 minutes to a friend'."), "{stdout}");
}

#[test]
fn corrections_refuse_bad_input_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let rungs = ladder_fixture(dir.path());
    let before = contents(dir.path());
    assert_refused(dir.path(), &["challenge", "edit", &rungs[0], "--difficulty", "11"], "difficulty");
    assert_refused(
        dir.path(),
        &["challenge", "edit", &rungs[0], "--title", "Tell a story at dinner"],
        "already exists",
    );
    assert_refused(dir.path(), &["goal", "edit", "give-a-10-minute-talk", "--deadline", "2001-01-01"], "deadline");
    assert_refused(dir.path(), &["goal", "reopen", "give-a-10-minute-talk"], "open already");
    assert_refused(dir.path(), &["attempt", "edit", "last"], "no attempt");
    assert_refused(dir.path(), &["delete", "checkin", "last"], "check-in");
    assert_refused(dir.path(), &["delete", "review", "2026-W99"], "");
    assert_eq!(contents(dir.path()), before);
}

#[test]
fn a_goal_marked_reached_by_mistake_is_reopened() {
    let dir = tempfile::tempdir().unwrap();
    ladder_fixture(dir.path());
    let done = json(dir.path(), &["goal", "done", "give-a-10-minute-talk"]);
    assert!(done["done_at"].is_string());
    let celebrations = json(dir.path(), &["celebrations"]);
    assert_eq!(celebrations.as_array().map(Vec::len), Some(1), "{celebrations}");
    let reopened = json(dir.path(), &["goal", "reopen", "give-a-10-minute-talk"]);
    assert!(reopened["done_at"].is_null());
    assert_eq!(json(dir.path(), &["celebrations"]).as_array().map(Vec::len), Some(0), "its celebration went with it");
    let undone = json(dir.path(), &["undo"]);
    assert_eq!(undone["undid"], "Reopened goal 'Give a 10-minute talk'");
    assert!(json(dir.path(), &["goal", "show", "give-a-10-minute-talk"])["done_at"].is_string());
}

/// The record of `kind` in the export (the one there is).
fn only(dir: &std::path::Path, kind: &str) -> Value {
    let document = contents(dir);
    let records = document[kind].as_array().unwrap_or_else(|| panic!("no {kind} in {document}"));
    assert_eq!(records.len(), 1, "{kind}: {records:?}");
    records[0].clone()
}

#[test]
fn every_leaf_record_is_edited_read_back_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ladder_fixture(d);
    json(d, &["evidence", "add", "public-speaking", "Gave a toast", "--did", "Cards", "--at", "2025-06-14"]);
    json(d, &["model", "add", "Dana", "--domain", "public-speaking", "--similarity", "3"]);
    json(d, &["feedback", "add", "--domain", "public-speaking", "--from", "Sam", "--general", "--text", "Good"]);
    json(d, &["practice", "log", "public-speaking", "--minutes", "20"]);
    json(d, &["audit", "public-speaking", "--answers", "90,80,70,60,50,40,30,20,10,0", "--no-successes"]);
    json(d, &["checkin", "--mood", "2", "--sleep", "6"]);
    json(d, &["review", "week", "--answer", "well=Kept the slot"]);
    let before = contents(d);

    // Bad input is refused as the person's mistake (exit 2), and nothing changes.
    assert_refused(d, &["evidence", "edit", "last", "--text", " "], "success");
    assert_refused(d, &["evidence", "edit", "last", "--at", "next year"], "");
    assert_refused(d, &["model", "edit", "last", "--similarity", "6"], "similarity");
    assert_refused(d, &["feedback", "edit", "last", "--text", ""], "feedback text");
    assert_refused(d, &["practice", "edit", "last", "--minutes", "0"], "minutes");
    assert_refused(d, &["audit", "edit", "last", "--answers", "90,90,70"], "10 items");
    assert_refused(d, &["checkin", "edit", "last", "--mood", "9"], "mood");
    assert_refused(d, &["model", "edit", "no-such-id", "--name", "Kim"], "no role model");
    assert_eq!(contents(d), before, "refused edits change nothing");

    let success = json(d, &["evidence", "edit", "last", "--text", "Gave the toast", "--did", "", "--at", "2025-06-15"]);
    assert_eq!((success["title"].as_str(), success["did"].as_str()), (Some("Gave the toast"), None));
    let read = only(d, "evidence");
    assert_eq!((read["title"].as_str(), read["on"].as_str()), (Some("Gave the toast"), Some("2025-06-15")));

    json(d, &["model", "edit", "last", "--similarity", "5", "--process", "Rehearses on video"]);
    let models = json(d, &["model", "list"]);
    assert_eq!(
        (models[0]["similarity"].as_u64(), models[0]["process"].as_str()),
        (Some(5), Some("Rehearses on video"))
    );

    json(d, &["feedback", "edit", "last", "--specific", "--valence", "mixed", "--text", "The pause worked"]);
    let feedback = json(d, &["feedback", "list"]);
    assert_eq!(
        (feedback[0]["specificity"].as_str(), feedback[0]["valence"].as_str(), feedback[0]["text"].as_str()),
        (Some("specific"), Some("mixed"), Some("The pause worked"))
    );

    let session = json(d, &["practice", "edit", "last", "--minutes", "40", "--note", "Two run-throughs"]);
    assert_eq!(session["minutes"], 40);
    let read = only(d, "practice_sessions");
    assert_eq!((read["minutes"].as_u64(), read["note"].as_str()), (Some(40), Some("Two run-throughs")));

    json(d, &["audit", "edit", "last", "--answers", "100,90,80,70,60,50,40,30,20,10", "--every", "2w"]);
    let history = json(d, &["audit", "history", "public-speaking"]);
    let audit = &history["audits"][0];
    assert_eq!((audit["strength"].as_f64(), audit["answers"][0].as_u64()), (Some(55.0), Some(100)), "{history}");

    json(d, &["checkin", "edit", "last", "--mood", "4"]);
    let checkins = json(d, &["checkin", "list"]);
    assert_eq!((checkins[0]["mood"].as_u64(), checkins[0]["sleep_hours"].as_f64()), (Some(4), Some(6.0)));

    // A review's answers are edited by answering again; undo takes that back too.
    json(d, &["review", "week", "--answer", "well=Kept the slot twice"]);

    for expected in [
        "Edited the answers of the review of",
        "Edited the check-in of",
        "Edited the audit of",
        "Edited the practice session of",
        "Edited the feedback from Sam",
        "Edited the role model 'Dana'",
        "Edited the success 'Gave the toast'",
    ] {
        let undone = json(d, &["undo"]);
        assert!(undone["undid"].as_str().unwrap().starts_with(expected), "{undone}");
    }
    assert_eq!(contents(d), before, "the undos restore the store exactly");
}
