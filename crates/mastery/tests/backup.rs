//! `mastery backup` while four processes write, and `mastery restore` of what it wrote.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::{assert_refused, json, ladder_fixture, mastery, run};
use mastery_store_sqlite::SqliteStore;

const WRITERS: usize = 4;

/// Waits until at least `n` writes were acknowledged.
fn wait_for(acked: &Mutex<Vec<String>>, n: usize) {
    while acked.lock().unwrap().len() < n {
        thread::sleep(Duration::from_millis(10));
    }
}

/// What each attempt in the store in `dir` says was done.
fn dids(dir: &Path) -> Vec<String> {
    let list = json(dir, &["attempt", "list"]);
    list.as_array().unwrap().iter().map(|a| a["did"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_backup_during_four_writing_processes_holds_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let rungs = ladder_fixture(dir.path());
    let acked = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (path, rung) = (dir.path().to_owned(), rungs[writer].clone());
            let (acked, stop) = (acked.clone(), stop.clone());
            thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let did = format!("writer {writer} run {i}");
                    let args = ["attempt", "log", &rung, "--confidence", "70", "--outcome", "success", "--did", &did];
                    let output = mastery(&path).args(args).output().unwrap();
                    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
                    acked.lock().unwrap().push(did);
                    i += 1;
                }
            })
        })
        .collect();

    wait_for(&acked, 12);
    let before = acked.lock().unwrap().clone();
    let backup = dir.path().join("backup.db");
    let written = json(dir.path(), &["backup", backup.to_str().unwrap()]);
    wait_for(&acked, before.len() + 12);
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().unwrap();
    }
    assert!(written["bytes"].as_u64().unwrap() > 0);

    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(&backup, copy.path().join("check.db")).unwrap();
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        let store = SqliteStore::open(&copy.path().join("check.db")).await.unwrap();
        store.integrity_check().await.expect("integrity_check reports ok");
        store.close().await;
    });

    let fresh = tempfile::tempdir().unwrap();
    let restored = json(fresh.path(), &["restore", backup.to_str().unwrap()]);
    assert_eq!(restored["bytes"], written["bytes"]);
    let saved = dids(fresh.path());
    let missing: Vec<_> = before.iter().filter(|did| !saved.contains(did)).collect();
    assert!(missing.is_empty(), "acknowledged before the backup but missing from it: {missing:?}");
    assert!(saved.len() < dids(dir.path()).len(), "the writers went on after the backup");
}

#[test]
fn restore_refuses_what_is_not_a_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    json(dir.path(), &["domain", "add", "Running"]);
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "dear diary ".repeat(1000)).unwrap();
    assert_refused(dir.path(), &["restore", notes.to_str().unwrap()], "not an SQLite database");
    assert_refused(dir.path(), &["restore", "no-such-file.db"], "is not a file");
    let domains = json(dir.path(), &["domain", "list"]);
    assert_eq!(domains.as_array().unwrap().len(), 1, "the store is unchanged");

    let backup = dir.path().join("b.db");
    json(dir.path(), &["backup", backup.to_str().unwrap()]);
    assert_refused(dir.path(), &["backup", backup.to_str().unwrap()], "already exists");
    assert!(run(dir.path(), &["restore", backup.to_str().unwrap()]).status.success());
}
