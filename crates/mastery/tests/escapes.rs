//! Text that reached the store with control characters (typed ones are refused) is printed with
//! them visible, never raw: an escape sequence in a record cannot retitle the terminal, clear it
//! or hide what is printed after it.

mod common;

use common::run;

#[test]
fn a_raw_escape_in_a_record_never_reaches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let added = run(dir.path(), &["domain", "add", "Public speaking", "--description", "Talks"]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let db = rusqlite::Connection::open(dir.path().join("mastery.db")).unwrap();
    let hostile = "Talks\x1b]0;owned\x07\x1b[2J\rhidden";
    db.execute("UPDATE domains SET description = ?1", [hostile]).unwrap();
    db.close().unwrap();

    let shown = run(dir.path(), &["domain", "show", "public-speaking"]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let stdout = String::from_utf8(shown.stdout).unwrap();
    assert!(!stdout.contains(['\x1b', '\x07', '\r']), "raw control characters: {stdout:?}");
    assert!(stdout.contains("Talks\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{d}hidden"), "shown visibly: {stdout}");
}
