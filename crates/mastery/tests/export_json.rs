//! `export --format json` and `import` end to end: the demo's history moved to a fresh data
//! directory reads the same in every view; importing again keeps everything; bad files are
//! refused with the place named, exit 2, and the store unchanged.

mod common;

use std::path::Path;

use common::{assert_refused, json, run};
use serde_json::Value;

/// The views the person reads, text and JSON.
const VIEWS: &[&[&str]] = &[
    &["ladder", "public-speaking"],
    &["ladder", "running"],
    &["evidence"],
    &["calibration"],
    &["calibration", "spanish", "--by", "month"],
    &["audit", "history", "public-speaking"],
    &["audit", "history", "personal-finances"],
    &["practice", "status"],
    &["review", "week"],
];

fn export(dir: &Path, file: &Path) -> Value {
    json(dir, &["export", "--format", "json", "--output", file.to_str().unwrap()])
}

/// The export of `dir` without its first line (which holds the time of the export).
fn records(dir: &Path) -> String {
    let output = run(dir, &["export", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    text.split_once('\n').unwrap().1.to_owned()
}

#[test]
fn the_demo_moved_to_a_fresh_store_reads_the_same() {
    let demo = tempfile::tempdir().unwrap();
    json(demo.path(), &["demo"]);
    let file = demo.path().join("export.json");
    let written = export(demo.path(), &file);
    let attempts = written["records"]["attempts"].as_u64().unwrap();
    assert!(attempts > 100, "the demo has a history: {written}");

    let fresh = tempfile::tempdir().unwrap();
    let report = json(fresh.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(report["sections"]["attempts"]["added"], attempts);
    assert_eq!(report["skipped"], Value::Array(vec![]));
    for view in VIEWS {
        for args in [view.to_vec(), [&["--json"], *view].concat()] {
            let (before, after) = (run(demo.path(), &args), run(fresh.path(), &args));
            assert!(before.status.success(), "{args:?}: {}", String::from_utf8_lossy(&before.stderr));
            assert_eq!(
                String::from_utf8_lossy(&before.stdout),
                String::from_utf8_lossy(&after.stdout),
                "`mastery {}` differs after the move",
                args.join(" ")
            );
        }
    }
    assert_eq!(records(demo.path()), records(fresh.path()), "the export of the copy is the export");

    let again = json(fresh.path(), &["import", file.to_str().unwrap()]);
    for (section, counts) in again["sections"].as_object().unwrap() {
        assert_eq!(counts["added"], 0, "{section} added again");
        assert_eq!(counts["skipped"], 0, "{section} skipped");
    }
    assert_eq!(again["sections"]["attempts"]["kept"], attempts);
}

#[cfg(unix)]
#[test]
fn an_export_file_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    json(dir.path(), &["domain", "add", "Running"]);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let file = out.join("export.json");
    std::fs::write(&file, "an older export").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let written = export(dir.path(), &file);
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(written["bytes"].as_u64().unwrap(), std::fs::metadata(&file).unwrap().len());
    let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["export.json"], "the temporary file became the export; nothing else is left");

    let nowhere = dir.path().join("missing").join("export.json");
    assert_refused(dir.path(), &["export", "--format", "json", "--output", nowhere.to_str().unwrap()], "cannot create");
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn a_merge_keeps_what_is_there_and_skips_what_cannot_go_beside_it() {
    let theirs = tempfile::tempdir().unwrap();
    json(theirs.path(), &["domain", "add", "Running"]);
    json(theirs.path(), &["goal", "add", "running", "Run 10 km"]);
    json(theirs.path(), &["domain", "add", "Chess"]);
    let file = theirs.path().join("export.json");
    export(theirs.path(), &file);

    let mine = tempfile::tempdir().unwrap();
    json(mine.path(), &["domain", "add", "Running"]);
    let report = json(mine.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(report["sections"]["domains"]["added"], 1, "{report}");
    assert_eq!(report["sections"]["domains"]["skipped"], 1, "{report}");
    assert_eq!(report["sections"]["goals"]["skipped"], 1, "the goal hangs off the skipped domain: {report}");
    let why: Vec<&str> = report["skipped"].as_array().unwrap().iter().map(|s| s["why"].as_str().unwrap()).collect();
    assert!(why[0].contains("already has a domain"), "{why:?}");
    assert!(why[1].contains("was skipped"), "{why:?}");
    let domains = json(mine.path(), &["domain", "list"]);
    assert_eq!(domains.as_array().unwrap().len(), 2);
}

#[test]
fn bad_files_are_refused_where_they_go_wrong_and_write_nothing() {
    let source = tempfile::tempdir().unwrap();
    json(source.path(), &["domain", "add", "Running"]);
    json(source.path(), &["goal", "add", "running", "Run 10 km"]);
    json(source.path(), &["challenge", "add", "run-10-km", "Run 5 km", "--difficulty", "3"]);
    json(source.path(), &["attempt", "log", "run-5-km", "--confidence", "70", "--outcome", "success", "--did", "ran"]);
    let good = source.path().join("good.json");
    export(source.path(), &good);
    // Edits are made in the text: the records must stay in the order they were written.
    let text = std::fs::read_to_string(&good).unwrap();
    let domain = text.split("\"domain_id\":\"").nth(1).unwrap().split('"').next().unwrap().to_owned();

    let target = tempfile::tempdir().unwrap();
    json(target.path(), &["domain", "add", "Chess"]);
    let before = records(target.path());
    let refuse = |name: &str, contents: &str, expected: &str| {
        let file = source.path().join(name);
        std::fs::write(&file, contents).unwrap();
        assert_refused(target.path(), &["import", file.to_str().unwrap()], expected);
        assert_eq!(records(target.path()), before, "{name} changed the store");
    };
    let edited = |from: &str, to: &str| {
        assert!(text.contains(from), "the export has no {from}");
        text.replacen(from, to, 1)
    };

    refuse("truncated.json", &text[..text.len() * 3 / 4], "the file is cut short");
    refuse("version.json", &edited("\"version\":2", "\"version\":3"), "version: this file is version 3");
    refuse("format.json", &edited("\"mastery-export\"", "\"other\""), "format: 'other' is not a Mastery export");
    let orphan = "01900000-0000-7000-8000-000000000000";
    refuse(
        "orphan.json",
        &edited(&format!("\"domain_id\":\"{domain}\""), &format!("\"domain_id\":\"{orphan}\"")),
        &format!("goals[0]: it points at domain {orphan}"),
    );
    let huge = format!("\"did\":\"{}\"", "x".repeat(50 * 1024 * 1024));
    refuse("huge.json", &edited("\"did\":\"ran\"", &huge), "attempts[0]: record.did: 52428800 characters");
    refuse("value.json", &edited("\"confidence\":70", "\"confidence\":75"), "attempts[0]:");
    refuse("escape.json", &edited("\"name\":\"Running\"", "\"name\":\"\\u001b[2J\""), "domains[0]: name: a control");
    refuse("array.json", "[]", "line 1, column 1");
    refuse("empty.json", "", "the file is cut short");
    assert_refused(target.path(), &["import", "no-such-file.json"], "cannot read no-such-file.json");
}

#[test]
fn a_dry_run_reports_what_an_import_would_do_and_writes_nothing() {
    let source = tempfile::tempdir().unwrap();
    json(source.path(), &["domain", "add", "Running"]);
    let file = source.path().join("export.json");
    export(source.path(), &file);
    let target = tempfile::tempdir().unwrap();
    json(target.path(), &["domain", "add", "Chess"]);
    let before = records(target.path());
    let preview = json(target.path(), &["import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(preview["sections"]["domains"]["added"], 1);
    assert_eq!(records(target.path()), before, "a dry run writes nothing");
    let report = json(target.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(report, preview, "the import does what the dry run said");
}

#[test]
fn an_attempt_that_misnames_its_rungs_goal_is_skipped_with_its_plan() {
    let source = tempfile::tempdir().unwrap();
    json(source.path(), &["domain", "add", "Running"]);
    json(source.path(), &["goal", "add", "running", "Run 10 km"]);
    json(source.path(), &["goal", "add", "running", "Run a marathon"]);
    json(source.path(), &["challenge", "add", "run-10-km", "Run 5 km", "--difficulty", "3"]);
    let log =
        ["attempt", "log", "run-5-km", "--confidence", "70", "--outcome", "failure", "--next-time", "pace myself"];
    let attempt = json(source.path(), &[&log[..], &["--if-then", "If it is km 3, then I will slow down"]].concat());
    let id = attempt["id"].as_str().unwrap();
    let file = source.path().join("export.json");
    export(source.path(), &file);
    let text = std::fs::read_to_string(&file).unwrap();
    let goals: Value = json(source.path(), &["goal", "list"]);
    let marathon = goals.as_array().unwrap().iter().find(|g| g["slug"] == "run-a-marathon").unwrap()["id"].clone();
    let ten_k = goals.as_array().unwrap().iter().find(|g| g["slug"] == "run-10-km").unwrap()["id"].clone();
    let attempt_line = text.lines().find(|l| l.contains(&format!("\"id\":\"{id}\""))).unwrap();
    let misnamed = attempt_line.replace(&format!("\"goal_id\":{ten_k}"), &format!("\"goal_id\":{marathon}"));
    std::fs::write(&file, text.replace(attempt_line, &misnamed)).unwrap();

    let fresh = tempfile::tempdir().unwrap();
    let report = json(fresh.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(report["sections"]["attempts"]["skipped"], 1, "{report}");
    assert_eq!(report["sections"]["plans_for_next_time"]["skipped"], 1, "{report}");
    assert!(report["skipped"][0]["why"].as_str().unwrap().contains("not those of its challenge"), "{report}");
}

#[test]
fn a_version_1_export_without_tombstones_still_imports() {
    let source = tempfile::tempdir().unwrap();
    json(source.path(), &["domain", "add", "Chess", "--area", "learning"]);
    let exported = run(source.path(), &["export", "--format", "json"]);
    let text = String::from_utf8(exported.stdout).unwrap();
    let older = text.replacen("\"version\":2", "\"version\":1", 1).replacen(",\n\"tombstones\":[\n]", "", 1);
    assert!(older.contains("\"version\":1") && !older.contains("tombstones"), "{older}");
    let file = source.path().join("version-1.json");
    std::fs::write(&file, older).unwrap();
    let target = tempfile::tempdir().unwrap();
    let report = json(target.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(report["sections"]["domains"]["added"], 1, "{report}");
}
