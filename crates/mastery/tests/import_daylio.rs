//! `import --from daylio`: a Daylio CSV export, in the layout the app writes, becomes one
//! check-in per day; importing it again adds nothing; a bad row is refused with its line, exit 2,
//! and nothing written.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_refused, json, run};
use serde_json::Value;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/daylio_export.csv")
}

/// The check-ins of the store in `dir`, from its JSON export.
fn checkins(dir: &Path) -> Vec<Value> {
    let output = run(dir, &["export", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    document["checkins"].as_array().unwrap().clone()
}

#[test]
fn each_day_becomes_one_checkin_and_a_second_import_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample();
    let file = file.to_str().unwrap();

    let preview = json(dir.path(), &["import", "--from", "daylio", file, "--dry-run"]);
    assert_eq!(preview["sections"]["checkins"]["added"], 3, "{preview}");
    assert!(checkins(dir.path()).is_empty(), "--dry-run wrote nothing");

    let report = json(dir.path(), &["import", "--from", "daylio", file]);
    assert_eq!(report["sections"]["checkins"]["added"], 3, "{report}");
    let notes = report["notes"].to_string();
    assert!(notes.contains("column `scales`") && notes.contains("activities and notes of 3 entries"), "{notes}");

    let moods: Vec<(String, u64)> = checkins(dir.path())
        .iter()
        .map(|c| (c["on"].as_str().unwrap().to_owned(), c["measures"]["mood"].as_u64().unwrap()))
        .collect();
    // good (4) and awful (1) on the 3rd average to 2.5, rounded up.
    assert_eq!(moods, [("2026-11-02".into(), 3), ("2026-11-03".into(), 3), ("2026-11-04".into(), 5)]);

    let again = json(dir.path(), &["import", "--from", "daylio", file]);
    assert_eq!(again["sections"]["checkins"]["added"], 0, "{again}");
    assert_eq!(again["sections"]["checkins"]["kept"], 3, "{again}");
    assert_eq!(checkins(dir.path()).len(), 3);
}

#[test]
fn a_malformed_row_is_refused_with_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("daylio.csv");
    std::fs::write(
        &file,
        "full_date,date,weekday,time,mood,activities,note_title,note\n\
2026-11-04,November 4,Wednesday,21:40,rad,,,\n\
2026-11-03,November 3,Tuesday,21:00,good,,\n",
    )
    .unwrap();
    assert_refused(dir.path(), &["import", "--from", "daylio", file.to_str().unwrap()], "line 3");
    std::fs::write(&file, "full_date,time,mood\n2026-11-04,21:40,rad\n2026-11-03,21:00,so-so\n").unwrap();
    assert_refused(dir.path(), &["import", "--from", "daylio", file.to_str().unwrap()], "line 3: mood `so-so`");
    assert!(checkins(dir.path()).is_empty());
}
