//! Insights, the source mix, role models, feedback and its requests, end to end on the demo
//! history and on a small one, in the JSON shapes of CLI.md.

mod common;

use common::{json, ladder_fixture};
use serde_json::Value;

const INSIGHT_KEYS: [&str; 7] = ["kind", "state", "statement", "n", "effect", "ci_low", "ci_high"];
const KINDS: [&str; 5] = ["state_confidence", "state_outcome", "state_misreading", "momentum", "source_gap"];

fn array(value: &Value) -> &Vec<Value> {
    value.as_array().unwrap_or_else(|| panic!("expected an array: {value}"))
}

#[test]
fn the_demo_shows_confidence_misreading_short_nights() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["demo"]);
    let insights = json(path, &["insights"]);
    for insight in array(&insights) {
        for key in INSIGHT_KEYS {
            assert!(insight.get(key).is_some(), "missing {key} in {insight}");
        }
        assert!(KINDS.contains(&insight["kind"].as_str().unwrap()), "{insight}");
        assert!(insight["statement"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let misreading = array(&insights)
        .iter()
        .find(|i| i["kind"] == "state_misreading" && i["state"] == "sleep")
        .expect("the demo's short nights are misread");
    let (effect, low, high) = (
        misreading["effect"].as_f64().unwrap(),
        misreading["ci_low"].as_f64().unwrap(),
        misreading["ci_high"].as_f64().unwrap(),
    );
    assert!(low <= effect && effect <= high && high < 0.0, "{misreading}");
    assert!(misreading["n"].as_u64().unwrap() >= 100, "{misreading}");
    assert!(misreading["statement"].as_str().unwrap().contains("not proof of a cause"));

    let speaking = json(path, &["insights", "public-speaking"]);
    assert!(array(&speaking).iter().all(|i| i["domain"] == "public-speaking"), "{speaking}");

    let mix = json(path, &["sources", "public-speaking"]);
    let domain = &array(&mix["domains"])[0];
    assert_eq!(domain["domain"], "public-speaking");
    let sources: Vec<&str> = array(&domain["sources"]).iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["mastery", "vicarious", "persuasion", "physiological"]);
    assert_eq!(array(&mix["rules"]).len(), 4);

    let models = json(path, &["model", "list", "--domain", "public-speaking"]);
    assert!(!array(&models).is_empty() && array(&models).iter().all(|m| m["domain"] == "public-speaking"));
    let feedback = json(path, &["feedback", "list"]);
    assert!(array(&feedback).iter().all(|f| f["text"].as_str().is_some() && f["from"].as_str().is_some()));
    let request = json(path, &["feedback", "request", "--domain", "public-speaking", "--to", "Sam", "--last", "2"]);
    assert_eq!(array(&request["attempts"]).len(), 2);
    let text = request["text"].as_str().unwrap();
    assert!(text.starts_with("Hi Sam,"), "{text}");
    for attempt in array(&request["attempts"]) {
        assert!(text.contains(attempt["title"].as_str().unwrap()), "{text}");
    }
}

#[test]
fn a_short_history_gives_gaps_but_no_relation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    for (i, sleep) in ["5", "8", "5", "8", "5"].iter().enumerate() {
        let at = format!("2026-01-0{} 18:00", i + 1);
        let confidence = if *sleep == "5" { "20" } else { "90" };
        let args = [
            "attempt",
            "log",
            &rungs[0],
            "--confidence",
            confidence,
            "--sleep",
            sleep,
            "--outcome",
            "success",
            "--at",
            &at,
        ];
        json(path, &args);
    }
    let insights = json(path, &["insights"]);
    let kinds: Vec<&str> = array(&insights).iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["source_gap", "source_gap"], "below the thresholds: only gaps ({insights})");
    let statements: Vec<&str> = array(&insights).iter().map(|i| i["statement"].as_str().unwrap()).collect();
    assert!(statements[0].starts_with("No role model yet for public-speaking"), "{statements:?}");
    assert!(statements[1].starts_with("No feedback recorded yet for public-speaking"), "{statements:?}");
    assert_eq!((&array(&insights)[0]["effect"], &array(&insights)[0]["n"]), (&Value::Null, &Value::from(0)));
    json(path, &["model", "add", "Dana", "--domain", "public-speaking", "--similarity", "4"]);
    assert_eq!(array(&json(path, &["insights"])).len(), 1, "the role model closed a gap");
}

#[test]
fn a_baseline_alone_names_no_gap_until_a_domain_has_a_goal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let line = |area: &str| format!("{area}: {}\n", ["50"; 10].join(","));
    let text: String = ["career", "health", "relationships", "learning", "finances"].iter().map(|a| line(a)).collect();
    let answers = path.join("baseline.txt");
    std::fs::write(&answers, text).unwrap();
    json(path, &["audit", "all", "--answers-file", answers.to_str().unwrap()]);
    assert_eq!(array(&json(path, &["insights"])).len(), 0, "five baseline domains, no gap named");

    json(path, &["goal", "add", "health", "Run 5 km"]);
    let insights = json(path, &["insights"]);
    let domains: Vec<&str> = array(&insights).iter().filter_map(|i| i["domain"].as_str()).collect();
    assert!(!domains.is_empty() && domains.iter().all(|d| *d == "health"), "only the domain with a goal: {insights}");
    let statements: Vec<&str> = array(&insights).iter().map(|i| i["statement"].as_str().unwrap()).collect();
    assert!(statements.iter().any(|s| s.starts_with("No role model yet for health")), "{statements:?}");
}
