//! A 30-day program run over generated data, end to end on SQLite: the report's before and
//! after numbers (audit strength, success rate, calibration bias, consistency) equal the values
//! computed here directly from the records the test wrote.

mod common;

use common::{assert_has_keys, json, run};
use jiff::ToSpan;
use jiff::civil::Date;

fn days_ago(today: Date, n: i64) -> Date {
    today.checked_sub(n.days()).unwrap()
}

/// Loop's score for a daily plan, computed the plain way: one update per day from `first` up to
/// the day before `on`.
fn daily_score(sessions: &[Date], first: Date, on: Date) -> f64 {
    let m = 0.5_f64.powf(1.0 / 13.0);
    let mut score = 0.0;
    let mut day = first;
    while day < on {
        let c = if sessions.contains(&day) { 1.0 } else { 0.0 };
        score = score * m + c * (1.0 - m);
        day = day.tomorrow().unwrap();
    }
    score
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

#[test]
fn a_thirty_day_program_reports_before_and_after_as_the_records_say() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let today = jiff::Zoned::now().date();
    json(path, &["domain", "add", "Running", "--area", "health"]);
    let goal = json(path, &["goal", "add", "running", "Run 10 km"]);
    let goal = goal["slug"].as_str().unwrap().to_owned();
    let rung = json(path, &["challenge", "add", &goal, "Run 3 km", "--difficulty", "2"]);
    let rung = format!("{goal}/{}", rung["slug"].as_str().unwrap());

    // Audits: one long before, the pre-audit on the program's second day, the post-audit at its end.
    let audits = [(45, "40"), (29, "50"), (1, "80")];
    for (ago, rating) in audits {
        let answers = [rating; 10].join(",");
        json(path, &["audit", "running", "--answers", &answers, "--at", &format!("{} 09:00", days_ago(today, ago))]);
    }
    let program = json(path, &["program", "start", "30-day-experiment", "--domain", "running", "--at", "30 days ago"]);
    assert_eq!(program["starts_on"], days_ago(today, 30).to_string());
    assert_eq!(program["ends_on"], days_ago(today, 1).to_string());

    // Generated attempts on days 60..1 ago: forecasts and outcomes from a fixed arithmetic pattern;
    // the program's days succeed more often.
    let (mut before, mut during) = (Vec::new(), Vec::new());
    for ago in (1..=60).rev().filter(|d| d % 3 != 0) {
        let confidence = 30 + 10 * ((ago * 7) % 6);
        let success = if ago <= 30 { (ago * 5) % 4 != 0 } else { (ago * 5) % 3 == 0 };
        let at = format!("{}T12:00", days_ago(today, ago));
        let outcome = if success { "success" } else { "failure" };
        json(
            path,
            &["attempt", "log", &rung, "--confidence", &confidence.to_string(), "--outcome", outcome, "--at", &at],
        );
        let record = (f64::from(confidence as u8) / 100.0, if success { 1.0 } else { 0.0 });
        if ago <= 30 { during.push(record) } else { before.push(record) }
    }
    // Practice: a few sessions before the program, most days during it.
    let mut sessions = Vec::new();
    for ago in [40, 35, 33].into_iter().chain((1..=30).filter(|d| d % 7 != 3)) {
        let day = days_ago(today, ago);
        json(path, &["practice", "log", "running", "--minutes", "20", "--at", &format!("{day}T07:00")]);
        sessions.push(day);
    }

    let report = json(path, &["program", "report"]);
    assert_has_keys(&report, &["program", "finished", "measures", "celebration"]);
    assert_eq!(report["finished"], true);
    assert_eq!(report["celebration"]["kind"], "program");
    let measure = |name: &str| {
        let m = report["measures"].as_array().unwrap().iter().find(|m| m["measure"] == name).unwrap().clone();
        assert!(m["source_before"].as_str().is_some_and(|s| !s.is_empty()), "{m}");
        (m["before"].as_f64().unwrap(), m["after"].as_f64().unwrap(), m)
    };
    let close = |got: f64, want: f64, what: &str| assert!((got - want).abs() < 1e-9, "{what}: {got} vs {want}");

    let (pre, post, _) = measure("audit_strength");
    close(pre, 50.0, "pre-audit strength");
    close(post, 80.0, "post-audit strength");

    let rate = |records: &[(f64, f64)]| mean(&records.iter().map(|r| r.1).collect::<Vec<_>>());
    let bias = |records: &[(f64, f64)]| mean(&records.iter().map(|r| r.0).collect::<Vec<_>>()) - rate(records);
    let (b, a, m) = measure("success_rate");
    close(b, rate(&before), "success rate before");
    close(a, rate(&during), "success rate during");
    assert!(m["source_after"].as_str().unwrap().starts_with(&format!("{} recorded attempts", during.len())), "{m}");
    let (b, a, _) = measure("calibration_bias");
    close(b, bias(&before), "bias before");
    close(a, bias(&during), "bias during");

    let first = days_ago(today, 40);
    let (b, a, _) = measure("consistency");
    close(b, daily_score(&sessions, first, days_ago(today, 30)), "consistency at the start");
    close(a, daily_score(&sessions, first, today), "consistency at the end");

    let again = json(path, &["program", "report"]);
    assert!(again["celebration"].is_null(), "a program is celebrated once");
    let status = json(path, &["program", "status"]);
    assert_eq!(status[0]["day"], 30);
    assert_eq!(
        (status[0]["pre_audit_due"].as_bool(), status[0]["post_audit_due"].as_bool()),
        (Some(false), Some(false))
    );

    let bad = run(path, &["program", "start", "no-such-template", "--domain", "running"]);
    assert_eq!(bad.status.code(), Some(2));
    let future = run(path, &["program", "start", "30-day-experiment", "--domain", "running", "--at", "tomorrow"]);
    assert_eq!(future.status.code(), Some(2));
    assert_eq!(json(path, &["program", "status"]).as_array().unwrap().len(), 1, "refusals wrote nothing");
}

#[test]
fn a_template_file_starts_a_program_and_a_bad_one_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Spanish", "--area", "learning"]);
    let file = path.join("three-weeks.toml");
    let template = "id = \"three-weeks\"\ntitle = \"Three weeks\"\nduration_days = 21\nreview = \"weekly\"\npre_audit = false\npost_audit = false\n\n[practice]\nminutes = 15\ndays = \"mon,wed,fri\"\n";
    std::fs::write(&file, template).unwrap();
    let started = json(path, &["program", "start", file.to_str().unwrap(), "--domain", "spanish"]);
    assert_eq!((started["duration_days"].as_u64(), started["day"].as_u64()), (Some(21), Some(1)));
    let plan = json(path, &["practice", "status", "spanish"]);
    assert_eq!(plan["days"], "mon,wed,fri");

    std::fs::write(&file, template.replace("duration_days = 21", "duration_days = 2")).unwrap();
    let bad = run(path, &["program", "start", file.to_str().unwrap(), "--domain", "spanish"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("duration_days"));
}
