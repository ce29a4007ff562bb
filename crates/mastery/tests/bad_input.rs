//! Bad input is refused with exit code 2 and a message naming the problem, and nothing changes.

mod common;

use std::path::Path;

use common::{assert_refused, json, ladder_fixture};

/// Everything the store holds, as the CLI reports it.
fn snapshot(dir: &Path) -> String {
    let parts = [
        json(dir, &["domain", "list", "--all"]),
        json(dir, &["goal", "list", "--all"]),
        json(dir, &["ladder", "give-a-10-minute-talk"]),
        json(dir, &["attempt", "list"]),
        json(dir, &["evidence", "--last", "1000"]),
    ];
    serde_json::to_string(&parts).unwrap()
}

#[test]
fn bad_input_exits_2_naming_the_problem_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    json(path, &["attempt", "log", &rungs[0], "--confidence", "50", "--outcome", "success"]);
    let before = snapshot(path);
    let rung = rungs[0].as_str();

    let cases: &[(&[&str], &str)] = &[
        (&["attempt", "log", rung, "--confidence", "55", "--outcome", "success"], "steps of 10"),
        (&["attempt", "log", rung, "--confidence", "150", "--outcome", "success"], "confidence"),
        (&["attempt", "plan", rung, "--confidence", "abc"], "confidence"),
        (&["attempt", "log", rung, "--confidence", "50", "--outcome", "won"], "outcome"),
        (
            &["attempt", "log", rung, "--confidence", "50", "--outcome", "success", "--at", "32/13/2026"],
            "could not read '32/13/2026'",
        ),
        (&["attempt", "log", rung, "--confidence", "50", "--outcome", "success", "--at", "tomorrow"], "future"),
        (&["attempt", "log", rung, "--confidence", "50", "--outcome", "success", "--effort", "9"], "effort"),
        (&["attempt", "log", rung, "--confidence", "50", "--outcome", "success", "--sleep", "30"], "sleep"),
        (&["attempt", "log", "no-such-rung", "--confidence", "50", "--outcome", "success"], "no challenge matches"),
        (&["attempt", "plan", rung], "--confidence"),
        (&["attempt", "record", "not-an-id", "--outcome", "success"], "no attempt matches"),
        (&["goal", "add", "no-such-domain", "Run a marathon"], "no domain matches 'no-such-domain'"),
        (&["goal", "add", "public-speaking", "   "], "goal statement must not be empty"),
        (&["goal", "add", "public-speaking", "Speak", "--deadline", "someday"], "could not read 'someday'"),
        (
            &["goal", "add", "public-speaking", "Speak", "--deadline", "2020-03-15"],
            "the deadline 2020-03-15 has already passed",
        ),
        (&["challenge", "add", "give-a-10-minute-talk", ""], "challenge title must not be empty"),
        (&["challenge", "add", "give-a-10-minute-talk", "Harder", "--difficulty", "11"], "difficulty"),
        (&["challenge", "add", "give-a-10-minute-talk", "Tell a story at dinner"], "already exists"),
        (&["domain", "add", ""], "domain name must not be empty"),
        (&["domain", "add", "Public Speaking"], "already exists"),
        (&["domain", "add", "Cooking", "--area", "hobbies"], "area"),
        (&["evidence", "add", "nowhere", "Did a thing"], "no domain matches"),
        (&["checkin"], "check-in"),
        (&["checkin"], "hint: give --sleep, --exercise, --stress, --energy or --mood"),
        (&["feedback", "add", "--domain", "public-speaking", "--from", " ", "--text", "Good"], "--from"),
        (&["feedback", "request", "--domain", "public-speaking", "--to", " "], "--to"),
        (&["celebrations", "reflect", "last"], "--effort"),
        (&["practice", "status", "public-speaking"], "mastery practice plan public-speaking"),
        (&["demo"], "use a fresh --data-dir"),
        (&["checkin", "--mood", "0"], "mood"),
        (
            &["feedback", "add", "--domain", "public-speaking", "--from", "Sam", "--text", " "],
            "feedback text must not be empty",
        ),
        (&["model", "add", "Dana", "--domain", "public-speaking", "--similarity", "6"], "similarity"),
        (&["goal", "add", "public-speaking", "Chair a meeting", "--success-target", "95"], "between 70% and 90%"),
        (&["next", "no-such-goal"], "no goal matches"),
        (&["calibration", "nowhere"], "no domain matches"),
        (&["calibration", "--by", "week"], "month"),
    ];
    for (args, expected) in cases {
        assert_refused(path, args, expected);
    }
    assert_eq!(snapshot(path), before, "a refused command changed the store");
}
