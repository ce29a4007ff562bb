//! `export --format csv`: every file loads in Python's `csv` module with the columns documented
//! in `docs/export-csv.md`, and holds as many rows as the JSON export has records.

mod common;

use std::process::Command;

use common::{assert_refused, json};
use serde_json::Value;

/// Loads each documented file with `csv.reader`, checks its header against the page and that
/// every row has as many cells, and prints `{file: rows}` as JSON.
const LOAD: &str = r#"
import csv, json, re, sys
docs, directory = sys.argv[1], sys.argv[2]
documented = dict(re.findall(r"^- `(\w+)\.csv`: `([^`]*)`$", open(docs, encoding="utf-8").read(), re.M))
rows = {}
for name, columns in documented.items():
    with open(f"{directory}/{name}.csv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header == columns.split(","), f"{name}.csv: {header} is not the documented {columns}"
        body = list(reader)
        assert all(len(row) == len(header) for row in body), f"{name}.csv has a row of another width"
        rows[name] = len(body)
print(json.dumps(rows))
"#;

#[test]
fn every_csv_file_loads_in_python_with_the_documented_columns() {
    let dir = tempfile::tempdir().unwrap();
    json(dir.path(), &["demo"]);
    // A note with a line break, quotes and a comma: one cell, however it is quoted.
    json(dir.path(), &["practice", "log", "running", "--minutes", "20", "--note", "hills, \"hard\"\nthen easy"]);
    let out = dir.path().join("csv");
    let written = json(dir.path(), &["export", "--format", "csv", "--output", out.to_str().unwrap()]);
    let counts =
        json(dir.path(), &["export", "--format", "json", "--output", dir.path().join("all.json").to_str().unwrap()]);

    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/export-csv.md");
    let python = match Command::new("python3").args(["-c", LOAD, docs, out.to_str().unwrap()]).output() {
        Ok(output) => output,
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "python3 is needed for this test under CI: {e}");
            eprintln!("skipping: python3 is not available ({e})");
            return;
        }
    };
    assert!(python.status.success(), "{}", String::from_utf8_lossy(&python.stderr));
    let rows: Value = serde_json::from_slice(&python.stdout).unwrap();
    assert_eq!(rows.as_object().unwrap().len(), 18, "every kind is documented: {rows}");
    assert_eq!(rows, counts["records"], "rows per file are the records per section");
    assert_eq!(written["records"], counts["records"]);
    assert!(rows["attempts"].as_u64().unwrap() > 100);

    assert_refused(dir.path(), &["export", "--format", "csv"], "CSV is a directory of files");
}

#[test]
fn text_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    json(dir.path(), &["domain", "add", "Running"]);
    json(dir.path(), &["practice", "log", "running", "--minutes", "20", "--note", "=HYPERLINK(\"http://evil\",\"x\")"]);
    json(dir.path(), &["practice", "log", "running", "--minutes", "15", "--note=-3 km short, still went"]);
    let out = dir.path().join("csv");
    json(dir.path(), &["export", "--format", "csv", "--output", out.to_str().unwrap()]);
    let sessions = std::fs::read_to_string(out.join("practice_sessions.csv")).unwrap();
    // The minutes stay numbers; each note gets a leading `'` (and is quoted, as it holds a comma
    // or quotes).
    assert!(sessions.contains(",20,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","), "{sessions}");
    assert!(sessions.contains(",15,\"'-3 km short, still went\","), "{sessions}");
}
