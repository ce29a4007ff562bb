//! `import --from loop`: Loop Habit Tracker's CSV export, laid out as its `HabitsCSVExporter`
//! writes it (the ZIP, or the folder it unpacks to), becomes a domain with a practice plan per
//! habit, a session per day done and a rest day per day skipped; importing it again adds
//! nothing; a bad row is refused with its file and line, exit 2, and nothing written.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_refused, json, run};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A section of the store's JSON export.
fn section(dir: &Path, name: &str) -> Vec<Value> {
    let output = run(dir, &["export", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    document[name].as_array().unwrap().clone()
}

/// Each session as (domain slug, day, minutes, note), in order.
fn sessions(dir: &Path) -> Vec<(String, String, u64, String)> {
    let slugs: Vec<(String, String)> = section(dir, "domains")
        .iter()
        .map(|d| (d["id"].as_str().unwrap().to_owned(), d["slug"].as_str().unwrap().to_owned()))
        .collect();
    let slug = |id: &Value| slugs.iter().find(|(i, _)| i == id.as_str().unwrap()).unwrap().1.clone();
    let mut all: Vec<_> = section(dir, "practice_sessions")
        .iter()
        .map(|s| {
            let note = s["note"].as_str().unwrap_or("").to_owned();
            (slug(&s["domain_id"]), s["on"].as_str().unwrap().to_owned(), s["minutes"].as_u64().unwrap(), note)
        })
        .collect();
    all.sort();
    all
}

fn session(slug: &str, on: &str, minutes: u64, note: &str) -> (String, String, u64, String) {
    (slug.to_owned(), on.to_owned(), minutes, note.to_owned())
}

#[test]
fn each_habit_becomes_a_plan_and_each_day_done_a_session_and_a_second_import_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let zip = fixture("loop_export.zip");
    let zip = zip.to_str().unwrap();

    let preview = json(dir.path(), &["import", "--from", "loop", zip, "--dry-run"]);
    assert_eq!(preview["sections"]["practice_sessions"]["added"], 12, "{preview}");
    assert!(section(dir.path(), "domains").is_empty(), "--dry-run wrote nothing");

    let report = json(dir.path(), &["import", "--from", "loop", zip]);
    assert_eq!(report["sections"]["domains"]["added"], 4, "{report}");
    assert_eq!(report["sections"]["practice_plans"]["added"], 4, "{report}");
    assert_eq!(report["sections"]["practice_sessions"]["added"], 12, "{report}");
    assert_eq!(report["sections"]["rest_days"]["added"], 1, "{report}");
    let notes = report["notes"].to_string();
    assert!(notes.contains("habit `Coffee` counts at most"), "{notes}");

    let plans: Vec<(u64, String, String)> = section(dir.path(), "practice_plans")
        .iter()
        .map(|p| {
            (
                p["minutes"].as_u64().unwrap(),
                p["days"].as_str().unwrap().into(),
                p["starts_on"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        plans,
        [
            // Guitar: 3 in 7 days, kept on Mondays, Wednesdays and Fridays; a 20-minute target.
            (20, "mon,wed,fri".into(), "2026-11-02".into()),
            // Wake up early: 2 in 3 days is 5 a week, the 4 days it was kept and then Monday.
            (15, "mon,tue,wed,fri,sun".into(), "2026-11-04".into()),
            (15, "mon,tue,wed,thu,fri,sat,sun".into(), "2026-11-06".into()),
            (15, "mon,tue,wed,thu,fri,sat,sun".into(), "2026-11-08".into()),
        ]
    );
    assert_eq!(
        sessions(dir.path()),
        [
            session("guitar", "2026-11-02", 30, ""),
            session("guitar", "2026-11-04", 15, ""),
            session("guitar", "2026-11-06", 45, ""),
            session("meditate", "2026-11-06", 15, ""),
            session("meditate", "2026-11-07", 15, "Long one, 20 min"),
            session("meditate", "2026-11-10", 15, ""),
            session("read", "2026-11-08", 15, "12 pages"),
            session("read", "2026-11-10", 15, "25.5 pages — Finished the book"),
            session("wake-up-early", "2026-11-04", 15, "\"Early\" flight"),
            session("wake-up-early", "2026-11-06", 15, ""),
            session("wake-up-early", "2026-11-08", 15, ""),
            session("wake-up-early", "2026-11-10", 15, ""),
        ]
    );
    let rests = section(dir.path(), "rest_days");
    assert_eq!(rests.len(), 1);
    assert_eq!(rests[0]["on"], "2026-11-08");

    let again = json(dir.path(), &["import", "--from", "loop", zip]);
    assert_eq!(again["sections"]["practice_sessions"]["added"], 0, "{again}");
    assert_eq!(again["sections"]["practice_sessions"]["kept"], 12, "{again}");
    assert_eq!(again["sections"]["domains"]["kept"], 4, "{again}");
    assert_eq!(again["sections"]["rest_days"]["kept"], 1, "{again}");
    assert_eq!(sessions(dir.path()).len(), 12);
}

#[test]
fn the_unpacked_folder_and_the_root_checkmarks_alone_give_the_same_days() {
    let folder = tempfile::tempdir().unwrap();
    let from_folder =
        json(folder.path(), &["import", "--from", "loop", fixture("loop").to_str().unwrap(), "--minutes", "25"]);
    assert_eq!(from_folder["sections"]["practice_sessions"]["added"], 12, "{from_folder}");

    // Only Habits.csv and the root Checkmarks.csv (one column per habit): no notes, same days.
    let root_only = tempfile::tempdir().unwrap();
    let export = root_only.path().join("export");
    std::fs::create_dir(&export).unwrap();
    for name in ["Habits.csv", "Checkmarks.csv"] {
        std::fs::copy(fixture("loop").join(name), export.join(name)).unwrap();
    }
    json(root_only.path(), &["import", "--from", "loop", export.to_str().unwrap(), "--minutes", "25"]);

    let days = |dir: &Path| -> Vec<(String, String, u64)> {
        sessions(dir).into_iter().map(|(slug, on, minutes, _)| (slug, on, minutes)).collect()
    };
    assert_eq!(days(folder.path()), days(root_only.path()));
    // --minutes sets the plans and sessions Loop gives no time for; Guitar counts its own.
    assert!(days(folder.path()).iter().all(|(slug, _, minutes)| slug == "guitar" || *minutes == 25));
    assert_eq!(section(folder.path(), "practice_plans")[0]["minutes"], 25);
}

#[test]
fn a_malformed_export_is_refused_with_its_file_and_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir_all(export.join("001 Meditate")).unwrap();
    std::fs::copy(fixture("loop").join("Habits.csv"), export.join("Habits.csv")).unwrap();
    std::fs::write(
        export.join("001 Meditate").join("Checkmarks.csv"),
        "Date,Value,Notes\n2026-11-10,YES_MANUAL,\n2026-11-09,MAYBE,\n",
    )
    .unwrap();
    let path = export.to_str().unwrap();
    assert_refused(
        dir.path(),
        &["import", "--from", "loop", path],
        "001 Meditate/Checkmarks.csv line 3: value `MAYBE`",
    );

    std::fs::write(export.join("001 Meditate").join("Checkmarks.csv"), "Date,Value,Notes\n2026-11-10,YES_MANUAL\n")
        .unwrap();
    assert_refused(dir.path(), &["import", "--from", "loop", path], "001 Meditate/Checkmarks.csv line 2");

    std::fs::remove_dir_all(export.join("001 Meditate")).unwrap();
    std::fs::write(
        export.join("Habits.csv"),
        "Position,Name,Type,FrequencyNumerator,FrequencyDenominator,Streak\n001,Meditate,YES_NO,1,1,4\n002,Run,YES_NO,three,7,0\n",
    )
    .unwrap();
    assert_refused(dir.path(), &["import", "--from", "loop", path], "Habits.csv line 3: FrequencyNumerator `three`");

    let not_zip = dir.path().join("export.zip");
    std::fs::write(&not_zip, "Position,Name\n").unwrap();
    assert_refused(dir.path(), &["import", "--from", "loop", not_zip.to_str().unwrap()], "not a readable ZIP file");
    assert_refused(
        dir.path(),
        &["import", "--from", "daylio", not_zip.to_str().unwrap(), "--minutes", "5"],
        "--from loop",
    );
    assert!(section(dir.path(), "domains").is_empty());
}

#[test]
fn unknown_columns_are_ignored_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    std::fs::write(
        export.join("Habits.csv"),
        "Position,Name,Type,FrequencyNumerator,FrequencyDenominator,Streak\n001,Meditate,YES_NO,1,1,4\n",
    )
    .unwrap();
    std::fs::write(export.join("Checkmarks.csv"), "Date,Meditate,\n2026-11-10,YES_MANUAL,\n2026-11-09,2,\n").unwrap();
    let report = json(dir.path(), &["import", "--from", "loop", export.to_str().unwrap()]);
    assert!(report["notes"].to_string().contains("column `Streak` of Habits.csv is not one Mastery reads"), "{report}");
    assert_eq!(report["sections"]["practice_sessions"]["added"], 2, "{report}");
}
