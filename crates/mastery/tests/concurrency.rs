//! Two processes logging attempts at the same time both succeed; neither user sees
//! "database is locked".

mod common;

use std::path::PathBuf;
use std::thread;

use common::{json, ladder_fixture, mastery};

const PER_WRITER: usize = 200;

#[test]
fn two_writers_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let rungs = ladder_fixture(dir.path());
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let path: PathBuf = dir.path().to_owned();
            let rung = rungs[writer].clone();
            thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..PER_WRITER {
                    let did = format!("writer {writer} run {i}");
                    let output = mastery(&path)
                        .args([
                            "--json",
                            "attempt",
                            "log",
                            &rung,
                            "--confidence",
                            "70",
                            "--outcome",
                            "success",
                            "--did",
                            &did,
                        ])
                        .output()
                        .unwrap();
                    if !output.status.success() {
                        failures.push(String::from_utf8_lossy(&output.stderr).into_owned());
                    }
                }
                failures
            })
        })
        .collect();
    for writer in writers {
        let failures = writer.join().unwrap();
        assert!(failures.is_empty(), "{} runs failed, e.g.: {}", failures.len(), failures[0]);
    }
    let attempts = json(dir.path(), &["attempt", "list"]);
    assert_eq!(attempts.as_array().unwrap().len(), 2 * PER_WRITER);
}
