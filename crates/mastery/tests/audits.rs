//! Efficacy audits through the built binary: scales listed, shown and imported; audits scripted
//! with --answers and --answers-file; the trajectory with the RCI; re-audits due in `status`;
//! bad input refused with exit 2 and nothing stored. JSON shapes as CLI.md specifies.

mod common;

use std::path::Path;

use common::{assert_has_keys, assert_refused, json, keys, run};
use serde_json::Value;

/// A five-item scale for public speaking with SCIENCE.md's norms (SD 7.5, r = .85).
const NORMED: &str = include_str!("fixtures/speaking-normed.toml");

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn close(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 5e-5)
}

#[test]
fn scales_list_show_and_import_as_specified() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();

    let scales = json(path, &["scale", "list"]);
    let scales = scales.as_array().expect("an array");
    assert_eq!(scales.len(), 8);
    for scale in scales {
        assert_eq!(keys(scale), ["area", "builtin", "domain", "id", "n_items", "title"]);
        assert_eq!(scale["builtin"], true);
        assert!((8..=12).contains(&scale["n_items"].as_u64().unwrap()), "{scale}");
    }
    let ids: Vec<&str> = scales.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "career",
            "health",
            "relationships",
            "learning",
            "finances",
            "public-speaking",
            "regular-exercise",
            "exam-preparation"
        ]
    );

    let shown = json(path, &["scale", "show", "public-speaking"]);
    assert_has_keys(&shown, &["id", "title", "instructions", "threshold", "practice", "items", "norms"]);
    assert_eq!(shown["threshold"], 50);
    assert_eq!(shown["norms"], Value::Null);
    assert_eq!(shown["domain"], "public-speaking");
    assert_eq!(keys(&shown["practice"]), ["levels", "text"]);
    let items = shown["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(keys(&items[0]), ["rank", "text"]);
    assert!(items.windows(2).all(|w| w[0]["rank"].as_u64() < w[1]["rank"].as_u64()));

    let file = write(path, "normed.toml", NORMED);
    let imported = json(path, &["scale", "import", &file]);
    assert_eq!((imported["id"].as_str(), imported["builtin"].as_bool()), (Some("speaking-normed"), Some(false)));
    let shown = json(path, &["scale", "show", "speaking-normed"]);
    assert_eq!(shown["norms"]["sd"], 7.5);
    assert_eq!(shown["norms"]["reliability"], 0.85);

    assert_eq!(json(path, &["scale", "list"]).as_array().unwrap().len(), 9);
    assert_eq!(json(path, &["scale", "list", "--builtin"]).as_array().unwrap().len(), 8);
    let fits = json(path, &["scale", "list", "--domain", "public-speaking"]);
    let fits: Vec<&str> = fits.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(fits, ["public-speaking", "speaking-normed"]);
}

#[test]
fn audits_trajectory_change_and_due_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Public speaking", "--area", "career"]);
    json(path, &["domain", "add", "Running", "--area", "health"]);
    let file = write(path, "normed.toml", NORMED);
    json(path, &["scale", "import", &file]);

    // The first audit, with two past successes for the evidence file.
    let first = json(
        path,
        &[
            "audit",
            "public-speaking",
            "--scale",
            "speaking-normed",
            "--answers",
            "20,20,20,20,20",
            "--at",
            "90 days ago",
            "--success",
            "Gave the toast at my sister's wedding::Wrote it on three cards::2025-06-14",
            "--success",
            "Ran the team retro",
        ],
    );
    assert_has_keys(
        &first,
        &["id", "domain", "scale", "taken_at", "strength", "level", "threshold", "composite", "n_items", "answers"],
    );
    assert_eq!(first["domain"], "public-speaking");
    assert_eq!(first["scale"], "speaking-normed");
    assert_eq!(first["answers"], serde_json::json!([20, 20, 20, 20, 20]));
    assert_eq!(
        (first["strength"].as_f64(), first["level"].as_u64(), first["composite"].as_f64()),
        (Some(20.0), Some(0), Some(0.0))
    );
    assert_eq!((first["threshold"].as_u64(), first["n_items"].as_u64()), (Some(50), Some(5)));
    assert_eq!(first["first_in_domain"], true);
    assert!(first["taken_at"].as_str().unwrap().ends_with('Z'), "RFC 3339: {}", first["taken_at"]);
    let added = first["evidence_added"].as_array().unwrap();
    assert_eq!(added.len(), 2);
    assert_eq!(added[0]["did"], "Wrote it on three cards");
    assert_eq!(added[0]["source"], "backfill");
    let evidence = json(path, &["evidence", "public-speaking"]);
    assert_eq!(evidence.as_array().unwrap().len(), 2, "the successes are in the evidence file");

    // The re-audit keeps the scale; the RCI needs norms, and this scale has them.
    let second = json(path, &["audit", "public-speaking", "--answers", "40,30,30,20,20", "--at", "60 days ago"]);
    assert_eq!((second["scale"].as_str(), second["strength"].as_f64()), (Some("speaking-normed"), Some(28.0)));
    assert_eq!(second["evidence_added"], serde_json::json!([]));
    let history = json(path, &["audit", "history", "public-speaking"]);
    assert_eq!(keys(&history), ["audits", "change", "domain", "due_on"]);
    assert_eq!(history["audits"].as_array().unwrap().len(), 2);
    let change = &history["change"];
    assert_has_keys(change, &["from", "to", "delta", "rci", "reliable"]);
    assert_eq!(
        (change["from"].as_f64(), change["to"].as_f64(), change["delta"].as_f64()),
        (Some(20.0), Some(28.0), Some(8.0))
    );
    assert!(close(&change["rci"], 1.9475), "{change}");
    assert_eq!(change["reliable"], false);

    // Without norms, the RCI is null and the reason is stated.
    json(path, &["audit", "running", "--answers", "50,50,50,50,50,50,50,50,50,50", "--at", "20 days ago"]);
    let health = json(path, &["audit", "running", "--answers", "60,60,60,60,60,60,60,60,60,60", "--every", "2w"]);
    assert_eq!((health["scale"].as_str(), health["every"].as_str()), (Some("health"), Some("2 weeks")));
    let change = &json(path, &["audit", "history", "running"])["change"];
    assert!(close(&change["delta"], 10.0));
    assert_eq!((&change["rci"], &change["reliable"]), (&Value::Null, &Value::Null));
    assert!(change["how"].as_str().unwrap().contains("no norms"));

    // public-speaking fell due a month after its last audit; running is due in two weeks.
    let status = json(path, &["status"]);
    let due: Vec<&str> =
        status["audits_due"].as_array().unwrap().iter().map(|a| a["domain"].as_str().unwrap()).collect();
    assert_eq!(due, ["public-speaking"]);
    assert!(status["audits_due"][0]["overdue_days"].as_i64().unwrap() >= 28);
    assert_eq!(status["next_audit"]["domain"], "running");
    let text = run(path, &["status"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("mastery audit public-speaking"));
}

#[test]
fn the_baseline_audits_five_life_areas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let status = json(path, &["status"]);
    assert_eq!((status["audited"].as_bool(), status["audits_due"].as_array().map(Vec::len)), (Some(false), Some(0)));
    json(path, &["domain", "add", "Career", "--area", "career"]);
    let answers = write(
        path,
        "baseline.txt",
        "# my baseline\ncareer: 90,80,70,60,50,40,30,20,10,0\nhealth = 50,50,50,50,50,50,50,50,50,50\n\
         relationships: 70,70,70,70,70,70,70,70,70,70\nlearning: 30,30,30,30,30,30,30,30,30,30\n\
         finances: 100,90,80,70,60,50,40,30,20,10\n",
    );
    let baseline = json(path, &["audit", "all", "--answers-file", &answers]);
    assert_eq!(keys(&baseline), ["audits", "created_domains", "generality"]);
    assert_eq!(baseline["created_domains"], serde_json::json!(["health", "relationships", "learning", "finances"]));
    let strengths: Vec<f64> =
        baseline["audits"].as_array().unwrap().iter().map(|a| a["strength"].as_f64().unwrap()).collect();
    assert_eq!(strengths, [45.0, 50.0, 70.0, 30.0, 55.0]);
    let generality = &baseline["generality"];
    assert_eq!((generality["n_domains"].as_u64(), generality["at_or_above"].as_u64()), (Some(5), Some(3)));
    assert!(close(&generality["mean"], 50.0));
    assert!(generality["how"].as_str().unwrap().starts_with("3 of 5 domains"));
    let profile = json(path, &["audit", "profile"]);
    assert_eq!(profile["audits"].as_array().unwrap().len(), 5);
}

/// The example scale in docs/scales.md (and docs/examples/) imports, and the error the page quotes is the one given.
#[test]
fn the_documented_example_scale_imports() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/scales.md")).unwrap();
    let start = docs.find("```toml\n# sales-calls.toml").expect("the example is in docs/scales.md") + "```toml\n".len();
    let example = &docs[start..start + docs[start..].find("```").unwrap()];
    let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/sales-calls.toml"));
    assert_eq!(file.unwrap(), example, "docs/examples/sales-calls.toml is the example shown in docs/scales.md");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let broken = write(path, "sales-calls.toml", &example.replace("rank = 3", "rank = 2"));
    let output = run(path, &["scale", "import", &broken]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let quoted = "was not imported: line 25: items go from easy to hard, so each rank must be higher than the one before; rank 2 follows rank 2";
    let prose = docs.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(stderr.contains(quoted) && prose.contains(quoted), "{stderr}");
    let file = write(path, "sales-calls.toml", example);
    let imported = json(path, &["scale", "import", &file]);
    assert_eq!((imported["id"].as_str(), imported["items"].as_array().map(Vec::len)), (Some("sales-calls"), Some(5)));
    assert_eq!(imported["norms"]["reliability"], 0.85);
}

/// Everything a refused audit or import could have changed, as the CLI reports it.
fn snapshot(dir: &Path) -> String {
    let parts = [
        json(dir, &["domain", "list", "--all"]),
        json(dir, &["scale", "list"]),
        json(dir, &["audit", "history", "public-speaking"]),
        json(dir, &["audit", "profile"]),
        json(dir, &["evidence", "--last", "1000"]),
    ];
    serde_json::to_string(&parts).unwrap()
}

#[test]
fn bad_audit_input_exits_2_naming_the_problem_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Public speaking", "--area", "career"]);
    json(path, &["domain", "add", "Cooking"]);
    let ten = "50,50,50,50,50,50,50,50,50,50";
    json(path, &["audit", "public-speaking", "--answers", ten, "--at", "yesterday"]);
    let malformed = write(path, "bad.toml", &NORMED.replace("rank = 3", "rank = 1"));
    let unknown_key =
        write(path, "typo.toml", &NORMED.replace("threshold", "x").replace("[norms]", "treshold = 50\n[norms]"));
    let builtin_id = write(path, "career.toml", &NORMED.replace("speaking-normed", "career"));
    let bad_baseline = write(path, "baseline.txt", "career: 50,50\nhealth: 55\n");
    let short_baseline =
        write(path, "short.txt", "career: 50,50\nhealth: 50\nrelationships: 50\nlearning: 50\nfinances: 50\n");
    let before = snapshot(path);

    let cases: &[(&[&str], &str)] = &[
        (&["audit", "public-speaking", "--answers", "50,50,50"], "has 10 items but 3 answers were given"),
        (
            &["audit", "public-speaking", "--answers", "50,55,50,50,50,50,50,50,50,50"],
            "answer 2 ('55') must be 0–100 in steps of 10",
        ),
        (
            &["audit", "public-speaking", "--answers", "110,50,50,50,50,50,50,50,50,50"],
            "answer 1 ('110') must be 0–100",
        ),
        (
            &["audit", "public-speaking", "--answers", "50,fifty,50,50,50,50,50,50,50,50"],
            "answer 2 ('fifty') is not a number",
        ),
        (&["audit", "public-speaking", "--answers", ""], "answers must not be empty"),
        (&["audit", "public-speaking"], "--answers"),
        (&["audit"], "DOMAIN"),
        (&["audit", "nowhere", "--answers", ten], "no domain matches 'nowhere'"),
        (&["audit", "cooking", "--answers", ten], "--scale"),
        (
            &["audit", "public-speaking", "--scale", "no-such-scale", "--answers", ten],
            "no scale matches 'no-such-scale'",
        ),
        (&["audit", "public-speaking", "--answers", ten, "--at", "tomorrow"], "future"),
        (&["audit", "public-speaking", "--answers", ten, "--every", "fortnight-ish"], "re-audit interval"),
        (&["audit", "public-speaking", "--answers", ten, "--success", "::I did it"], "success must not be empty"),
        (
            &["audit", "public-speaking", "--answers", ten, "--success", "Won::Practised::next week"],
            "could not read 'next week'",
        ),
        (&["audit", "history", "nowhere"], "no domain matches"),
        (&["audit", "all"], "--answers-file"),
        (&["audit", "all", "--answers-file", "/nonexistent/baseline.txt"], "could not read the answers file"),
        (&["audit", "all", "--answers-file", &bad_baseline], "line 2: health: answer 1 ('55')"),
        (&["audit", "all", "--answers-file", &short_baseline], "scale 'career' has 10 items but 2 answers"),
        (&["scale", "show", "nothing-like-it"], "no scale matches"),
        (&["scale", "import", &malformed], "line 20: items go from easy to hard"),
        (&["scale", "import", &unknown_key], "unknown field `treshold`"),
        (&["scale", "import", &builtin_id], "built-in scale"),
        (&["scale", "import", "/nonexistent/scale.toml"], "could not read"),
    ];
    for (args, expected) in cases {
        assert_refused(path, args, expected);
    }
    assert_eq!(snapshot(path), before, "a refused command changed the store");
}
