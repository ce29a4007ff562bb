//! What a new user hit, fixed (issue 14, point 4), end to end through the binary: each test
//! names the item it shows fixed. The interactive halves (the picker, prompts, questions before
//! replacing) are in `terminal.rs`.

mod common;

use std::path::Path;

use common::{assert_refused, json, ladder_fixture, run};
use serde_json::Value;

fn text(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "mastery {args:?} failed: {stderr}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Logs a success on `rung` at `at`.
fn success(dir: &Path, rung: &str, at: &str) -> Value {
    json(dir, &["attempt", "log", rung, "--confidence", "70", "--outcome", "success", "--at", at])
}

/// Whether `text` holds something shaped like a UUID (8-4-4-4-12 hex digits).
fn has_uuid(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_hexdigit() || c == '-')).any(|word| {
        let parts: Vec<&str> = word.split('-').collect();
        parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
    })
}

/// Two mastered rungs: two celebrations, the second rung's the newer.
fn two_celebrations(dir: &Path) -> (Vec<String>, Vec<Value>) {
    let rungs = ladder_fixture(dir);
    for day in 1..=3 {
        success(dir, &rungs[0], &format!("2026-01-0{day} 18:00"));
    }
    for day in 4..=6 {
        success(dir, &rungs[1], &format!("2026-01-0{day} 18:00"));
    }
    let celebrations = json(dir, &["celebrations"]).as_array().unwrap().clone();
    assert_eq!(celebrations.len(), 2, "{celebrations:?}");
    (rungs, celebrations)
}

#[test]
fn reflect_last_moves_on_to_the_newest_unreflected_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let (_, celebrations) = two_celebrations(path);
    let (newest, older) = (&celebrations[0], &celebrations[1]);

    let first = json(path, &["celebrations", "reflect", "last", "--effort", "Rehearsed daily", "--strategy", "Cards"]);
    assert_eq!(first["id"], newest["id"]);
    // A second `last` aims at the next one without a reflection, not at the one just written.
    let second = json(path, &["celebrations", "reflect", "last", "--effort", "Asked a friend", "--strategy", "Notes"]);
    assert_eq!(second["id"], older["id"]);
    assert_refused(path, &["celebrations", "reflect", "last", "--effort", "x"], "every celebration is reflected on");

    // Replacing saved words by id needs --replace; without it nothing changes.
    let id = newest["id"].as_str().unwrap();
    assert_refused(path, &["celebrations", "reflect", id, "--effort", "Something else"], "already has a reflection");
    let output = run(path, &["celebrations", "reflect", id, "--effort", "Something else"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("--replace"), "the hint names the flag");
    let kept = json(path, &["celebrations"]);
    assert_eq!(kept[0]["effort"], "Rehearsed daily", "nothing was written");
    let replaced = json(path, &["celebrations", "reflect", id, "--effort", "Something else", "--replace"]);
    assert_eq!((replaced["effort"].as_str(), replaced["strategy"].as_str()), (Some("Something else"), Some("Cards")));
    // Saying the same again replaces nothing, so it needs no flag.
    json(path, &["celebrations", "reflect", id, "--effort", "Something else"]);
}

#[test]
fn a_second_checkin_on_a_day_updates_it_and_checkin_list_shows_one_per_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let first = json(path, &["checkin", "--sleep", "7", "--mood", "3"]);
    assert_eq!(first["updated"], false);
    let said = text(path, &["checkin", "--mood", "4", "--exercise", "20"]);
    assert!(said.starts_with("Updated today's check-in"), "{said}");
    let again = json(path, &["checkin", "--stress", "2"]);
    assert_eq!((again["id"].as_str(), again["updated"].as_bool()), (first["id"].as_str(), Some(true)));
    json(path, &["checkin", "--mood", "2", "--at", "yesterday 21:00"]);

    let list = json(path, &["checkin", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "one per day: {list:?}");
    let today = &list[0];
    assert_eq!(today["id"], first["id"], "newest first");
    assert_eq!(
        (&today["sleep_hours"], &today["mood"], &today["exercise_minutes"], &today["stress"]),
        (&Value::from(7.0), &Value::from(4), &Value::from(20), &Value::from(2)),
        "later measures replace, the others stay"
    );
    assert_eq!(json(path, &["checkin", "list", "--last", "1"]).as_array().unwrap().len(), 1);
    assert_eq!(json(path, &["checkin", "list", "--since", "today"]).as_array().unwrap().len(), 1);
    let week = json(path, &["review", "week", "--week", "this"]);
    let days = if jiff::Zoned::now().weekday() == jiff::civil::Weekday::Monday { 1 } else { 2 };
    assert_eq!(week["checkins"]["n"], days, "check-ins count days, never twice");
    assert!(text(path, &["checkin", "list"]).contains("sleep 7 h, exercise 20 min, stress 2/5, mood 4/5"));
    assert_refused(path, &["checkin", "list", "--since", "someday"], "someday");
}

#[test]
fn status_lists_forecasts_waiting_for_their_outcome_and_hints_name_slugs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    success(path, &rungs[0], "2026-01-02 18:00");
    let next = json(path, &["next", "give-a-10-minute-talk"]);
    let reference = next["challenge_ref"].as_str().unwrap().to_owned();
    assert!(!has_uuid(&reference), "{reference}");
    assert_eq!(next["goal_slug"], "give-a-10-minute-talk");
    // The reference the hint shows is one the commands take.
    let planned = json(path, &["attempt", "plan", &reference, "--confidence", "60"]);

    let status = json(path, &["status"]);
    let pending = status["pending"].as_array().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["attempt_id"], planned["id"]);
    assert_eq!(pending[0]["challenge_ref"], reference.as_str());
    assert_eq!(pending[0]["confidence"], 60);
    assert_eq!(pending[0]["planned_on"], planned["planned_on"], "the day it was planned for");
    let words = text(path, &["status"]);
    assert!(words.contains("Waiting for its outcome"), "{words}");
    assert!(words.contains("mastery attempt record last --outcome"), "{words}");
    for hint in [words, text(path, &["next"])] {
        for line in hint.lines().filter(|l| l.contains("mastery ")) {
            assert!(!has_uuid(line), "a hint shows an id where a slug exists: {line}");
        }
    }
    json(path, &["attempt", "record", "last", "--outcome", "success"]);
    assert!(json(path, &["status"])["pending"].as_array().unwrap().is_empty());
}

#[test]
fn a_program_keeps_the_persons_own_plan_unless_told_and_reports_in_percentages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Running", "--area", "health"]);
    json(path, &["practice", "plan", "running", "--minutes", "45", "--days", "mon,thu"]);
    let started = json(path, &["program", "start", "30-day-experiment", "--domain", "running", "--at", "3 days ago"]);
    assert_eq!(started["plan"]["action"], "kept");
    let plan = json(path, &["practice", "status", "running"]);
    assert_eq!((plan["minutes"].as_u64(), plan["days"].as_str()), (Some(45), Some("mon,thu")), "the own plan stays");
    let said = text(path, &["program", "start", "30-day-experiment", "--domain", "running"]);
    assert!(said.contains("Kept your practice plan: 45 minutes on mon,thu"), "{said}");
    assert!(said.contains("--replace-plan"), "{said}");

    let replaced = json(path, &["program", "start", "30-day-experiment", "--domain", "running", "--replace-plan"]);
    assert_eq!(replaced["plan"]["action"], "replaced");
    assert_eq!(json(path, &["practice", "status", "running"])["minutes"], 20);
    json(path, &["domain", "add", "Spanish", "--area", "learning"]);
    let fresh = json(path, &["program", "start", "30-day-experiment", "--domain", "spanish"]);
    assert_eq!(fresh["plan"]["action"], "set", "no plan of one's own: the program's is set");

    // The report: percentages and labels, never raw fractions or field names.
    json(path, &["goal", "add", "running", "Run 10 km"]);
    json(path, &["challenge", "add", "run-10-km", "Run 3 km", "--difficulty", "2"]);
    for (day, outcome) in [("2 days ago", "success"), ("1 day ago", "failure"), ("today", "success")] {
        json(path, &["attempt", "log", "run-3-km", "--confidence", "70", "--outcome", outcome, "--at", day]);
    }
    // The first program, started three days ago, holds the three attempts.
    let report = text(path, &["program", "report", started["id"].as_str().unwrap()]);
    assert!(report.contains("67%"), "two of three as a percentage: {report}");
    assert!(report.contains("points"), "the bias in points: {report}");
    assert!(!report.contains("0.667") && !report.contains("success_rate"), "{report}");
    assert!(report.contains("3 recorded attempts"), "{report}");
}

#[test]
fn the_requested_successes_come_before_the_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    two_celebrations(path);
    let listing = text(path, &["evidence", "--last", "1"]);
    let lines: Vec<&str> = listing.lines().collect();
    assert!(lines[0].contains("Tell a story at dinner"), "the newest success first: {listing}");
    let highlights = lines.iter().position(|l| *l == "Highlights").expect("highlights after");
    assert_eq!(lines.iter().filter(|l| l.starts_with("Celebrate:")).count(), 1, "no more than --last: {listing}");
    assert!(highlights > 0);
    assert!(listing.contains("1 more highlight: mastery celebrations"), "{listing}");
    assert_eq!(json(path, &["evidence", "--last", "1"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_week_without_records_says_so_instead_of_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Running", "--area", "health"]);
    let words = text(path, &["review", "week", "--week", "last"]);
    assert!(words.contains("Nothing recorded in"), "{words}");
    assert!(!words.contains("--answer"), "no prompt for an empty week: {words}");
    json(path, &["checkin", "--mood", "4", "--at", "7 days ago"]);
    let words = text(path, &["review", "week", "--week", "last"]);
    let numbers = words.find("Check-ins: 1").expect("the numbers");
    let prompt = words.find("What did I do well this week?").expect("the prompts");
    assert!(numbers < prompt, "numbers first: {words}");
}

#[test]
fn audit_help_keeps_answers_file_to_audit_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let help = text(path, &["audit", "--help"]);
    let options = &help[help.find("Options:").unwrap()..help.find("Examples:").unwrap()];
    assert!(!options.contains("--answers-file"), "{options}");
    assert!(text(path, &["audit", "all", "--help"]).contains("--answers-file <FILE>"));
    json(path, &["domain", "add", "Running", "--area", "health"]);
    assert_refused(path, &["audit", "running", "--answers-file", "x.txt"], "mastery audit all --answers-file");
    assert!(json(path, &["audit", "history", "running"])["audits"].as_array().unwrap().is_empty());
}

#[test]
fn an_audits_relative_success_dates_count_back_from_its_at() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Running", "--area", "health"]);
    let answers = ["50"; 10].join(",");
    let success = "Ran my first 5 km::Three runs a week::3 days ago";
    json(path, &["audit", "running", "--answers", &answers, "--at", "2026-01-10 10:00", "--success", success]);
    let evidence = json(path, &["evidence", "running"]);
    let at = evidence[0]["at"].as_str().unwrap();
    let at: jiff::Timestamp = at.parse().unwrap();
    let expected = jiff::civil::date(2026, 1, 7).at(10, 0, 0, 0).to_zoned(jiff::tz::TimeZone::system()).unwrap();
    assert_eq!(at, expected.timestamp(), "three days before the audit's --at, not before now");
    assert_refused(
        path,
        &["audit", "running", "--answers", &answers, "--at", "2026-01-10", "--success", "x::y::next year"],
        "next year",
    );
}

#[test]
fn attribution_and_counts_read_as_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    json(path, &["attempt", "log", &rungs[0], "--confidence", "60", "--outcome", "success", "--locus", "internal"]);
    let words = text(path, &["attribution"]);
    for field in ["success_internal_rate", "failure_stable_rate", "failure_controllable_rate"] {
        assert!(!words.contains(field), "{field} in {words}");
    }
    assert!(words.contains("credited to yourself"), "{words}");
    assert!(words.contains("(1 of 1 success had a locus)"), "{words}");
    assert!(json(path, &["attribution"]).get("success_internal_rate").is_some(), "JSON keeps the fields");
    let calibration = text(path, &["calibration"]);
    assert!(!calibration.contains("1 attempts"), "{calibration}");
}

#[test]
fn a_daylio_mood_joins_the_days_check_in_instead_of_adding_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["checkin", "--sleep", "7", "--at", "2026-11-03 08:00"]);
    let file = path.join("daylio.csv");
    std::fs::write(&file, "full_date,time,mood\n2026-11-03,21:00,good\n2026-11-04,21:00,meh\n").unwrap();
    json(path, &["import", "--from", "daylio", file.to_str().unwrap()]);
    let list = json(path, &["checkin", "list", "--since", "2026-11-01"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "one check-in a day: {list:?}");
    let third = list.iter().find(|c| c["on"] == "2026-11-03").unwrap();
    assert_eq!((&third["sleep_hours"], &third["mood"]), (&Value::from(7.0), &Value::from(4)));
}
