//! Safety end to end: `help-now` lists every crisis line, even when the data store is unusable,
//! and text suggesting self-harm, wherever it is typed, shows the lines on stderr without
//! blocking or changing the command.

mod common;

use common::{json, ladder_fixture, run, with_json};

const CONTACTS: [&str; 4] = ["988", "116 123", "112", "https://findahelpline.com"];

#[test]
fn help_now_lists_every_line_without_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let unusable = dir.path().join("file");
    std::fs::write(&unusable, "not a directory").unwrap();
    let lines = json(&unusable, &["help-now"]);
    let contacts: Vec<&str> = lines.as_array().unwrap().iter().map(|l| l["contact"].as_str().unwrap()).collect();
    assert_eq!(contacts, CONTACTS);
    let human = run(&unusable, &["help-now"]);
    assert!(human.status.success());
    let text = String::from_utf8_lossy(&human.stdout);
    for contact in CONTACTS {
        assert!(text.contains(contact), "{contact} missing from: {text}");
    }
    assert!(text.contains("Samaritans") && text.contains("988 Suicide & Crisis Lifeline"), "{text}");
}

#[test]
fn self_harm_text_anywhere_shows_the_lines_and_is_still_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    let worrying: &[&[&str]] = &[
        &[
            "attempt",
            "log",
            &rungs[0],
            "--confidence",
            "30",
            "--outcome",
            "failure",
            "--because",
            "Honestly I want to die",
        ],
        &["attempt", "log", &rungs[0], "--confidence", "30", "--outcome", "partial", "--lesson", "no reason to live"],
        &["evidence", "add", "public-speaking", "Finished the talk though I keep thinking about suicide"],
        &["feedback", "add", "--domain", "public-speaking", "--from", "Me", "--text", "I want to end my life"],
        &["attribution", "check", "I'd be better off dead"],
    ];
    for args in worrying {
        let output = run(path, &with_json(args));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "mastery {args:?} was blocked: {stderr}");
        serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("stdout stays clean JSON");
        for contact in CONTACTS {
            assert!(stderr.contains(contact), "mastery {args:?}: {contact} missing from stderr: {stderr}");
        }
        assert_eq!(stderr.matches("Samaritans").count(), 1, "shown once: {stderr}");
    }
    assert_eq!(json(path, &["attempt", "list"]).as_array().unwrap().len(), 2, "both attempts saved");

    // Refused input still gets the notice, and ordinary text gets none.
    let refused = run(path, &["attempt", "log", &rungs[0], "--confidence", "55", "--because", "I want to kill myself"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("988"));
    let ordinary =
        run(path, &["attempt", "log", &rungs[0], "--confidence", "60", "--outcome", "success", "--did", "I killed it"]);
    assert!(ordinary.status.success());
    assert!(!String::from_utf8_lossy(&ordinary.stderr).contains("988"), "no notice for an idiom");
}
