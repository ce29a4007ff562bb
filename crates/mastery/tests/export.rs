//! The calendar export parses with an iCalendar parser and carries the practice plans' and the
//! reviews' recurrence rules.

mod common;

use common::{json, run};
use icalendar::parser::{read_calendar, unfold};

#[test]
fn the_ics_export_parses_and_has_the_expected_recurrence_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Public speaking"]);
    json(path, &["domain", "add", "Running", "--area", "health"]);
    json(path, &["practice", "plan", "public-speaking", "--minutes", "20", "--days", "mon,wed,fri"]);
    json(path, &["practice", "plan", "running", "--minutes", "30"]);

    let output = run(path, &["export", "--format", "ics"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\r\n"), "RFC 5545 lines end in CRLF");
    let unfolded = unfold(&text);
    let calendar = read_calendar(&unfolded).expect("the export is valid iCalendar");
    let events: Vec<(String, String, String)> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|e| {
            let prop = |name: &str| e.find_prop(name).map(|p| p.val.to_string()).unwrap_or_default();
            assert!(!prop("DTSTART").is_empty() && !prop("UID").is_empty(), "{e:?}");
            (prop("SUMMARY"), prop("RRULE"), prop("DTSTART"))
        })
        .collect();
    let rule = |summary: &str| {
        events
            .iter()
            .find(|e| e.0.starts_with(summary))
            .unwrap_or_else(|| panic!("no {summary} in {events:?}"))
            .1
            .clone()
    };
    assert_eq!(rule("Practice public-speaking (20 min)"), "FREQ=WEEKLY;BYDAY=MO,WE,FR");
    assert_eq!(rule("Practice running (30 min)"), "FREQ=DAILY");
    assert_eq!(rule("Weekly review"), "FREQ=WEEKLY;BYDAY=SU");
    assert_eq!(rule("Monthly review"), "FREQ=MONTHLY;BYMONTHDAY=1");
    assert_eq!(events.len(), 4);

    let file = path.join("mastery.ics");
    let written = json(path, &["export", "--format", "ics", "--output", file.to_str().unwrap()]);
    assert_eq!(written["format"], "ics");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(read_calendar(&unfold(&saved)).is_ok());

    let inline = json(path, &["export", "--format", "ics"]);
    assert!(read_calendar(&unfold(inline["ics"].as_str().unwrap())).is_ok(), "with --json stdout stays JSON");

    let bad = run(path, &["export", "--format", "pdf"]);
    assert_eq!(bad.status.code(), Some(2));
}
