//! The core loop end to end through the built binary: domain → goal → ladder → attempts →
//! evidence, read back as JSON in the shapes CLI.md specifies.

mod common;

use common::{assert_has_keys, json, keys, ladder_fixture, run};
use serde_json::Value;

#[test]
fn a_scripted_session_reads_back_as_specified() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["init"]);
    let rungs = ladder_fixture(path);
    assert_eq!(rungs.len(), 5);

    // Plan, then record later.
    let planned = json(
        path,
        &[
            "attempt",
            "plan",
            &rungs[0],
            "--confidence",
            "40",
            "--sleep",
            "6.5",
            "--energy",
            "3",
            "--stress",
            "4",
            "--at",
            "yesterday 18:00",
        ],
    );
    assert_eq!(planned["outcome"], Value::Null);
    assert_eq!(planned["confidence"], 40);
    let id = planned["id"].as_str().unwrap().to_owned();
    let recorded = json(
        path,
        &[
            "attempt",
            "record",
            &id,
            "--outcome",
            "success",
            "--effort",
            "4",
            "--did",
            "Practised the opening out loud three times",
            "--because",
            "I prepared",
            "--cause",
            "preparation",
            "--lesson",
            "Preparation beats nerves",
            "--recorded-at",
            "yesterday 18:30",
        ],
    );
    assert_eq!(recorded["id"], id.as_str());
    assert_eq!(recorded["outcome"], "success");
    assert_eq!(recorded["locus"], "internal");
    assert_eq!(recorded["stability"], "unstable");
    assert_eq!(recorded["control"], "controllable");

    // Logged in one go, including a failure and a partial.
    json(
        path,
        &[
            "attempt",
            "log",
            &rungs[1],
            "--confidence",
            "30",
            "--outcome",
            "failure",
            "--cause",
            "ability",
            "--because",
            "I'm just not a storyteller",
        ],
    );
    json(path, &["attempt", "log", &rungs[1], "--confidence", "50", "--outcome", "partial", "--did", "Kept it short"]);
    json(
        path,
        &[
            "attempt",
            "log",
            &rungs[1],
            "--confidence",
            "60",
            "--outcome",
            "success",
            "--did",
            "Picked a story I knew by heart",
        ],
    );

    let attempts = json(path, &["attempt", "list"]);
    let attempts = attempts.as_array().unwrap();
    assert_eq!(attempts.len(), 4);
    let first = &attempts[0];
    assert_has_keys(
        first,
        &[
            "id",
            "challenge_id",
            "domain",
            "confidence",
            "state",
            "outcome",
            "effort",
            "did",
            "because",
            "cause",
            "locus",
            "stability",
            "control",
            "lesson",
            "planned_at",
            "recorded_at",
        ],
    );
    assert_eq!(keys(&first["state"]), ["energy", "sleep_hours", "stress"]);
    assert_eq!(first["state"]["sleep_hours"], 6.5);
    assert_eq!(first["state"]["energy"], 3);
    assert_eq!(first["state"]["stress"], 4);
    assert_eq!(first["domain"], "public-speaking");
    assert_eq!(first["effort"], 4);
    assert_eq!(first["lesson"], "Preparation beats nerves");
    assert!(first["planned_at"].as_str().unwrap().ends_with('Z'), "RFC 3339 UTC: {}", first["planned_at"]);
    assert!(first["planned_at"].as_str().unwrap() < first["recorded_at"].as_str().unwrap());
    let outcomes: Vec<&str> = attempts.iter().map(|a| a["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["success", "failure", "partial", "success"]);

    let ladder = json(path, &["ladder", "give-a-10-minute-talk"]);
    assert_has_keys(&ladder, &["goal_id", "target_success", "rungs"]);
    assert_eq!(ladder["target_success"], 0.8);
    let ladder_rungs = ladder["rungs"].as_array().unwrap();
    assert_eq!(ladder_rungs.len(), 5);
    for rung in ladder_rungs {
        assert_has_keys(
            rung,
            &[
                "challenge_id",
                "title",
                "difficulty",
                "criterion",
                "attempts",
                "successes",
                "predicted_success",
                "prediction",
                "status",
            ],
        );
    }
    let difficulties: Vec<f64> = ladder_rungs.iter().map(|r| r["difficulty"].as_f64().unwrap()).collect();
    assert_eq!(difficulties, [1.0, 2.0, 4.0, 6.0, 9.0]);
    assert_eq!((ladder_rungs[1]["attempts"].as_u64(), ladder_rungs[1]["successes"].as_u64()), (Some(3), Some(1)));
    assert_eq!(ladder_rungs[1]["status"], "in_progress");
    assert_eq!(ladder_rungs[4]["status"], "not_started");

    let evidence = json(path, &["evidence", "public-speaking"]);
    let evidence = evidence.as_array().unwrap();
    assert_eq!(evidence.len(), 2, "two successes: {evidence:?}");
    for item in evidence {
        assert_eq!(keys(item), ["at", "did", "domain", "id", "source", "title"]);
        assert_eq!(item["source"], "attempt");
    }
    assert_eq!(evidence[0]["title"], "Tell a story at dinner");
    assert_eq!(evidence[0]["did"], "Picked a story I knew by heart");
    assert_eq!(evidence[1]["did"], "Practised the opening out loud three times");

    let backfilled = json(
        path,
        &[
            "evidence",
            "add",
            "public-speaking",
            "Gave the toast at my sister's wedding",
            "--did",
            "Wrote it on cards",
            "--at",
            "2025-06-14",
        ],
    );
    assert_eq!(backfilled["source"], "backfill");
    let all = json(path, &["evidence", "--last", "10"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert_eq!(all[2]["title"], "Gave the toast at my sister's wedding");
}

#[test]
fn data_survives_a_restart_and_init_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    json(dir.path(), &["init"]);
    json(dir.path(), &["domain", "add", "Running", "--area", "health"]);
    json(dir.path(), &["init"]);
    let domains = json(dir.path(), &["domain", "list"]);
    assert_eq!(domains[0]["slug"], "running");
    assert_eq!(domains[0]["area"], "health");
}

#[test]
fn record_last_finds_the_pending_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let rungs = ladder_fixture(dir.path());
    let planned = json(dir.path(), &["attempt", "plan", &rungs[2], "--confidence", "70"]);
    let recorded = json(dir.path(), &["attempt", "record", "last", "--outcome", "success"]);
    assert_eq!(recorded["id"], planned["id"]);
    let again = run(dir.path(), &["attempt", "record", "last", "--outcome", "success"]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn human_output_is_readable_and_help_has_examples() {
    let dir = tempfile::tempdir().unwrap();
    let rungs = ladder_fixture(dir.path());
    let output = run(
        dir.path(),
        &["attempt", "log", &rungs[0], "--confidence", "50", "--outcome", "success", "--did", "Used cue cards"],
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Added to your evidence file"), "{text}");
    assert!(text.contains("Used cue cards"), "{text}");
    let help = run(dir.path(), &["attempt", "log", "--help"]);
    assert!(String::from_utf8(help.stdout).unwrap().contains("Example"));
}

#[test]
fn times_can_be_given_on_either_side_and_since_means_the_whole_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    json(path, &["attempt", "plan", &rungs[0], "--confidence", "60", "--at", "2 days ago"]);
    let recorded = json(path, &["attempt", "record", "last", "--outcome", "success", "--at", "yesterday 08:00"]);
    assert!(recorded["recorded_at"].is_string());
    let logged = json(
        path,
        &["attempt", "log", &rungs[1], "--confidence", "40", "--outcome", "failure", "--recorded-at", "now"],
    );
    assert_eq!(logged["planned_at"], logged["recorded_at"], "one time given stands for both");
    let today = json(path, &["attempt", "list", "--since", "today"]);
    assert_eq!(today.as_array().unwrap().len(), 1, "--since today covers the whole day: {today}");
}

#[test]
fn titles_with_a_slash_are_found_by_their_slug() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    ladder_fixture(path);
    json(path, &["challenge", "add", "give-a-10-minute-talk", "5/10 slides without notes", "--difficulty", "5"]);
    let planned = json(path, &["attempt", "plan", "5/10 slides without notes", "--confidence", "50"]);
    assert_eq!(planned["challenge"], "5/10 slides without notes");
    let by_goal =
        json(path, &["attempt", "plan", "give-a-10-minute-talk/tell-a-story-at-dinner", "--confidence", "50"]);
    assert_eq!(by_goal["challenge"], "Tell a story at dinner");
}
