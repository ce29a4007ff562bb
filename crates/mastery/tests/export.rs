//! The calendar export parses with an iCalendar parser and carries the practice plans' and the
//! reviews' recurrence rules; the Markdown export holds the evidence file, the celebrations and
//! the saved reviews.

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

#[test]
fn the_markdown_export_holds_the_evidence_celebrations_and_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["demo"]);
    let file = path.join("notes.md");
    let written = json(path, &["export", "--format", "markdown", "--output", file.to_str().unwrap()]);
    assert_eq!(written["format"], "markdown");
    let notes = std::fs::read_to_string(&file).unwrap();
    let section = |title: &str| {
        let start = notes.find(&format!("\n## {title}\n")).unwrap_or_else(|| panic!("no {title} in {notes}"));
        let rest = &notes[start + title.len() + 5..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
    };
    let items = |text: &str| text.lines().filter(|l| l.starts_with("- **")).count();
    let evidence = json(path, &["evidence", "--last", "100000"]);
    assert_eq!(items(&section("Evidence")), evidence.as_array().unwrap().len());
    let celebrations = json(path, &["celebrations"]);
    assert_eq!(items(&section("Celebrations")), celebrations.as_array().unwrap().len());
    let output = run(path, &["export", "--format", "json"]);
    let saved: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let reviews = &notes[notes.find("\n## Reviews\n").unwrap()..];
    assert!(!saved["reviews"].as_array().unwrap().is_empty(), "the demo saves reviews");
    for review in saved["reviews"].as_array().unwrap() {
        assert!(reviews.contains(&format!("### Review {}", review["period"].as_str().unwrap())), "{reviews}");
        for answer in review["answers"].as_object().unwrap().values() {
            assert!(reviews.contains(answer.as_str().unwrap()), "the answer {answer} is in the notes");
        }
    }
    let inline = json(path, &["export", "--format", "md"]);
    assert_eq!(inline["markdown"].as_str().unwrap(), notes, "with --json the notes come inside JSON");
}
