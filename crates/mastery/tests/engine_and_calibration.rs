//! `next`, `ladder` predictions and `calibration` through the built binary, with values checked
//! against a hand computation.

mod common;

use common::{json, ladder_fixture};

#[test]
fn calibration_scores_the_forecasts_that_were_logged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    // Forecasts 10%, 90%, 80%, 30% with outcomes failure, success, success, failure: Brier 0.0375.
    for (confidence, outcome) in [("10", "failure"), ("90", "success"), ("80", "success"), ("30", "failure")] {
        json(path, &["attempt", "log", &rungs[1], "--confidence", confidence, "--outcome", outcome]);
    }
    let calibration = json(path, &["calibration", "public-speaking"]);
    assert_eq!(calibration["domain"], "public-speaking");
    assert_eq!(calibration["n"], 4);
    let close = |key: &str, expected: f64| {
        let value = calibration[key].as_f64().unwrap_or_else(|| panic!("{key} in {calibration}"));
        assert!((value - expected).abs() < 1e-9, "{key}: {value} != {expected}");
    };
    close("brier", 0.0375);
    close("bias", (0.1 + 0.9 + 0.8 + 0.3) / 4.0 - 0.5);
    close("uncertainty", 0.25);
    let bins = calibration["bins"].as_array().unwrap();
    assert_eq!(bins.len(), 4);
    for bin in bins {
        for key in ["forecast", "n", "mean_forecast", "success_rate", "ci_low", "ci_high"] {
            assert!(bin.get(key).is_some(), "bin without {key}: {bin}");
        }
    }
    assert!(calibration["summary"].as_str().unwrap().contains("predicted 53%"), "{}", calibration["summary"]);
    assert!(calibration["caveat"].is_string(), "four attempts are thin evidence");
    assert_eq!(calibration["engine"]["n"], 3, "the engine forecasts from the second attempt on");

    let by_month = json(path, &["calibration", "public-speaking", "--by", "month"]);
    let months = by_month["months"].as_array().unwrap();
    assert_eq!(months.len(), 1);
    assert_eq!(months[0]["n"], 4);
    let all = json(path, &["calibration"]);
    assert_eq!(all["domain"], serde_json::Value::Null);
    assert_eq!(all["domains"][0]["domain"], "public-speaking");
}

#[test]
fn next_and_ladder_follow_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    let first = json(path, &["next", "give-a-10-minute-talk"]);
    for key in [
        "goal_id",
        "challenge_id",
        "title",
        "difficulty",
        "predicted_success",
        "prediction",
        "target_success",
        "reason",
        "new_rung",
    ] {
        assert!(first.get(key).is_some(), "next without {key}: {first}");
    }
    assert_eq!(first["title"], "Speak for 2 minutes to a friend", "start at the bottom");
    assert_eq!(
        (&first["predicted_success"], &first["prediction"]),
        (&serde_json::Value::Null, &serde_json::Value::Null)
    );

    for _ in 0..4 {
        json(path, &["attempt", "log", &rungs[0], "--confidence", "70", "--outcome", "success"]);
    }
    let logged = json(path, &["attempt", "log", &rungs[1], "--confidence", "50", "--outcome", "success"]);
    assert!(logged["engine_forecast"].as_f64().is_some(), "the engine's forecast is stored: {logged}");
    let ladder = json(path, &["ladder", "public-speaking"]);
    let predicted: Vec<f64> =
        ladder["rungs"].as_array().unwrap().iter().map(|r| r["prediction"]["chance"].as_f64().unwrap()).collect();
    assert!(predicted.windows(2).all(|w| w[0] > w[1]), "harder rungs are less likely: {predicted:?}");
    assert_eq!(ladder["rungs"][0]["status"], "mastered");

    let next = json(path, &["next", "give-a-10-minute-talk"]);
    assert_ne!(
        next["title"], "Speak for 2 minutes to a friend",
        "a mastered rung far above target is not repeated: {next}"
    );
    let p = next["predicted_success"].as_f64().unwrap();
    assert_eq!(next["prediction"]["chance"].as_f64(), Some(p));
    assert!(next["prediction"]["low"].as_f64().unwrap() <= p && p <= next["prediction"]["high"].as_f64().unwrap());
    assert!(p < 0.95, "the recommendation stretches: {next}");

    // Three misses in a row on a hard rung: the next step is never harder than it.
    for _ in 0..3 {
        json(path, &["attempt", "log", &rungs[3], "--confidence", "50", "--outcome", "failure"]);
    }
    let after_misses = json(path, &["next", "give-a-10-minute-talk"]);
    assert!(after_misses["difficulty"].as_f64().unwrap() < 6.0, "{after_misses}");
    assert!(after_misses["reason"].as_str().unwrap().contains("step back"), "{after_misses}");

    let goal = json(path, &["goal", "add", "public-speaking", "Chair a meeting", "--success-target", "85"]);
    assert_eq!(goal["target_success"], 0.85);
    let everything = json(path, &["next"]);
    assert!(everything.is_array());
}
