//! Attribution end to end: explaining outcomes, the question after a fixed-ability explanation
//! and its plan for next time (by flags, surviving a restart), the explanation reader, and the
//! JSON shapes of CLI.md. Refused input exits 2 and writes nothing.

mod common;

use std::path::Path;

use common::{assert_refused, json, ladder_fixture, run, with_json};
use serde_json::Value;

/// Keys of CLI.md's shape (and this additions) missing from `value`.
fn missing<'a>(value: &Value, expected: &[&'a str]) -> Vec<&'a str> {
    expected.iter().copied().filter(|k| value.get(k).is_none()).collect()
}

fn log(dir: &Path, rung: &str, at: &str, outcome: &str, extra: &[&str]) -> Value {
    let mut args = vec!["attempt", "log", rung, "--confidence", "40", "--outcome", outcome, "--at", at];
    args.extend_from_slice(extra);
    json(dir, &args)
}

const NEXT: [&str; 4] = [
    "--next-time",
    "Rehearse the story out loud twice the day before",
    "--if-then",
    "If I lose my thread, then I will pause and look at my one-line note",
];

#[test]
fn a_fixed_ability_failure_asks_for_a_plan_which_flags_record_and_a_restart_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);

    let failed = log(path, &rungs[1], "2026-01-10 18:00", "failure", &["--cause", "ability"]);
    assert_eq!(failed["reattribution_trigger"], "ability-cause");
    let prompt = failed["reattribution_prompt"].as_str().expect("the question");
    assert!(prompt.contains("differently next time"), "{prompt}");
    assert!(!prompt.to_lowercase().contains("lack"), "never says the person lacks ability: {prompt}");
    assert_eq!(failed["reattribution"], Value::Null);

    let planned = json(path, &["attempt", "reattribute", "last", NEXT[0], NEXT[1], NEXT[2], NEXT[3]]);
    assert_eq!(planned["id"], failed["id"]);
    assert_eq!(planned["reattribution"]["cause"], "preparation", "read from \"rehearse\"");
    assert_eq!(planned["reattribution"]["if_then"], NEXT[3]);
    assert_eq!(planned["reattribution_prompt"], Value::Null);

    // In one go, with the words flagged by the reader and the cause named.
    let mut flags = vec!["--because", "I'm just not a natural storyteller", "--next-cause", "strategy"];
    flags.extend(NEXT);
    let worded = log(path, &rungs[1], "2026-01-11 18:00", "failure", &flags);
    assert_eq!(worded["reattribution_trigger"], "fixed-wording");
    assert_eq!(worded["reattribution"]["cause"], "strategy");

    // A controllable explanation asks nothing.
    let rushed = log(path, &rungs[1], "2026-01-12 18:00", "failure", &["--cause", "strategy"]);
    assert_eq!((&rushed["reattribution_trigger"], &rushed["reattribution_prompt"]), (&Value::Null, &Value::Null));

    // A new process reads the plans back with their attempts.
    let attempts = json(path, &["attempt", "list"]);
    let plans: Vec<&Value> = attempts.as_array().unwrap().iter().map(|a| &a["reattribution"]).collect();
    assert_eq!(plans[0]["next_time"], NEXT[1]);
    assert_eq!(plans[1]["cause"], "strategy");
    assert_eq!(plans[2], &Value::Null);
    assert_eq!(json(path, &["attribution"])["plans_for_next_time"], 2);

    // Human output offers the command when no plan was given.
    let text =
        run(path, &["attempt", "log", &rungs[1], "--confidence", "40", "--outcome", "failure", "--cause", "ability"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("mastery attempt reattribute"), "{stdout}");
}

#[test]
fn attribution_shares_match_a_hand_built_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    let r = &rungs[0];
    // October: successes to luck, luck, effort; failures to ability twice and strategy.
    // November: successes to strategy and preparation; failures to effort and difficulty.
    for (at, outcome, cause) in [
        ("2025-10-02 18:00", "success", "luck"),
        ("2025-10-03 18:00", "success", "luck"),
        ("2025-10-04 18:00", "success", "effort"),
        ("2025-10-05 18:00", "failure", "ability"),
        ("2025-10-06 18:00", "failure", "ability"),
        ("2025-10-07 18:00", "failure", "strategy"),
        ("2025-10-08 18:00", "partial", "ability"),
        ("2025-11-02 18:00", "success", "strategy"),
        ("2025-11-03 18:00", "success", "preparation"),
        ("2025-11-04 18:00", "failure", "effort"),
        ("2025-11-05 18:00", "failure", "difficulty"),
    ] {
        log(path, r, at, outcome, &["--cause", cause]);
    }
    let all = json(path, &["attribution", "public-speaking"]);
    let shape = [
        "domain",
        "n_successes",
        "n_failures",
        "success_internal_rate",
        "failure_stable_rate",
        "failure_controllable_rate",
        "pattern",
        "months",
    ];
    assert_eq!(missing(&all, &shape), Vec::<&str>::new(), "{all}");
    assert_eq!(all["domain"], "public-speaking");
    // 5 successes, 3 internal; 5 failures: stable and uncontrollable = ability ×2 + difficulty
    // (3 of 5, a majority: fixed failures), controllable = strategy + effort. The partial does
    // not count.
    assert_eq!((all["n_successes"].as_u64(), all["n_failures"].as_u64()), (Some(5), Some(5)));
    assert_eq!(all["success_internal_rate"], 0.6);
    assert_eq!(all["failure_stable_rate"], 0.6);
    assert_eq!(all["failure_controllable_rate"], 0.4);
    assert_eq!(all["pattern"], "fixed-failures");
    let months = all["months"].as_array().unwrap();
    assert_eq!(months.len(), 2);
    assert_eq!((&months[0]["month"], &months[0]["pattern"]), (&Value::from("2025-10"), &Value::from("low-efficacy")));
    assert_eq!(months[0]["success_internal_rate"].as_f64(), Some(1.0 / 3.0));
    assert_eq!(months[0]["failure_stable_rate"].as_f64(), Some(2.0 / 3.0));
    assert_eq!(
        (&months[1]["month"], &months[1]["success_internal_rate"]),
        (&Value::from("2025-11"), &Value::from(1.0))
    );
    assert_eq!(months[1]["failure_controllable_rate"], 0.5);
    assert_eq!(json(path, &["attribution"])["domain"], Value::Null, "all domains");
}

#[test]
fn the_reader_lists_its_cues_and_needs_no_store() {
    let dir = tempfile::tempdir().unwrap();
    // A data directory that cannot be created: the reader does not need one.
    let nowhere = dir.path().join("file");
    std::fs::write(&nowhere, "not a directory").unwrap();
    let reading = json(&nowhere, &["attribution", "check", "I always freeze when people look at me"]);
    assert_eq!(missing(&reading, &["fixed_ability", "suggested_cause", "cues", "prompt"]), Vec::<&str>::new());
    assert_eq!((&reading["fixed_ability"], &reading["suggested_cause"]), (&Value::Bool(true), &Value::from("ability")));
    assert_eq!(reading["cues"][0]["text"], "always … freeze");
    assert!(reading["prompt"].as_str().is_some());
    let denied = json(&nowhere, &["attribution", "check", "It's not because I'm bad at it, I just didn't prepare"]);
    assert_eq!((&denied["fixed_ability"], &denied["prompt"]), (&Value::Bool(false), &Value::Null));
    assert_eq!(denied["suggested_cause"], "preparation");
    assert_eq!(denied["cues"][0]["negated_by"], "not because");
    let human = run(&nowhere, &["attribution", "check", "I'm hopeless with money"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("never a verdict"));
}

#[test]
fn refused_plans_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    let r = rungs[0].as_str();
    let success = log(path, r, "2026-01-10 18:00", "success", &[]);
    let planned = json(path, &["attempt", "plan", r, "--confidence", "50"]);
    let before = serde_json::to_string(&json(path, &["attempt", "list"])).unwrap();
    let success_id = success["id"].as_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["attempt", "record", "last", "--outcome", "failure", "--next-time", "Prepare"], "--if-then"),
        (&["attempt", "record", "last", "--outcome", "failure", "--if-then", "If x, then y"], "--next-time"),
        (
            &[
                "attempt",
                "record",
                "last",
                "--outcome",
                "failure",
                "--next-time",
                "Prepare",
                "--if-then",
                "practise more",
            ],
            "If <moment>, then I will <action>",
        ),
        (&["attempt", "record", "last", "--outcome", "success", NEXT[0], NEXT[1], NEXT[2], NEXT[3]], "was a success"),
        (
            &[
                "attempt",
                "record",
                "last",
                "--outcome",
                "failure",
                NEXT[0],
                NEXT[1],
                NEXT[2],
                NEXT[3],
                "--next-cause",
                "luck",
            ],
            "a cause you can change",
        ),
        (&["attempt", "reattribute", success_id, NEXT[0], NEXT[1], NEXT[2], NEXT[3]], "was a success"),
        (&["attempt", "reattribute", "last", NEXT[0], NEXT[1], NEXT[2], NEXT[3]], "no failure or partial matches"),
        (&["attempt", "reattribute", success_id, NEXT[0], NEXT[1]], "--if-then"),
        (&["attribution", "nowhere"], "no domain matches 'nowhere'"),
        (&["feedback", "request", "--domain", "public-speaking", "--last", "9"], "--last"),
        (&["feedback", "request", "--domain", "nowhere"], "no domain matches"),
        (&["insights", "nowhere"], "no domain matches"),
    ];
    for (args, expected) in cases {
        assert_refused(path, &with_json(args), expected);
    }
    let after = serde_json::to_string(&json(path, &["attempt", "list"])).unwrap();
    assert_eq!(after, before, "a refused command changed the attempts");
    assert_eq!(json(path, &["attempt", "list"])[1]["id"], planned["id"], "still waiting for its outcome");
}
