//! The data directory and the store hold a person's records: a new one is for its owner alone,
//! and a store that other accounts could read is narrowed, with a notice saying so.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::run;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_store_is_the_owners_alone_and_an_open_one_is_narrowed_with_a_notice() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    let added = run(&dir, &["domain", "add", "Public speaking"]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    assert_eq!(mode(&dir), 0o700, "the data directory");
    assert_eq!(mode(&dir.join("mastery.db")), 0o600, "the store");
    assert!(!String::from_utf8_lossy(&added.stderr).contains("notice"), "nothing to say of a new store");

    std::fs::set_permissions(dir.join("mastery.db"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let listed = run(&dir, &["domain", "list"]);
    assert!(listed.status.success());
    let stderr = String::from_utf8_lossy(&listed.stderr);
    assert!(stderr.contains("was readable by other accounts; it is now readable by you only"), "{stderr}");
    assert_eq!(mode(&dir.join("mastery.db")), 0o600);
    let again = run(&dir, &["domain", "list"]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("notice"), "said once");
}
