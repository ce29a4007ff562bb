//! `mastery completions` and `mastery man`: generated from the command definitions, printed
//! without touching the data store.

mod common;

use common::{assert_refused, run};

fn stdout(dir: &std::path::Path, args: &[&str]) -> String {
    let output = run(dir, args);
    assert!(output.status.success(), "mastery {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn completions_cover_commands_and_flags_in_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bash = stdout(&data, &["completions", "bash"]);
    assert!(bash.contains("_mastery()"), "a bash completion function");
    for word in ["attempt", "calibration", "--confidence", "bash elvish fish powershell zsh"] {
        assert!(bash.contains(word), "bash completes {word:?}");
    }
    assert!(stdout(&data, &["completions", "zsh"]).starts_with("#compdef mastery"));
    assert!(stdout(&data, &["completions", "fish"]).contains("complete -c mastery"));
    assert!(!data.exists(), "printing completions creates no data store");
    assert_refused(&data, &["completions", "tcsh"], "invalid value 'tcsh'");
}

#[test]
fn the_manual_has_a_page_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let page = stdout(&data, &["man"]);
    assert!(page.contains(".TH mastery 1"), "the top page: {}", &page[..200.min(page.len())]);
    assert!(page.contains("mastery\\-attempt(1)"), "which names the commands' pages");
    let log = stdout(&data, &["man", "attempt", "log"]);
    assert!(log.contains(".TH mastery-attempt-log 1") && log.contains("\\-\\-confidence"), "{log}");
    assert!(log.contains("mastery attempt log speak"), "with its example");

    let pages = dir.path().join("man1");
    stdout(&data, &["man", "--dir", pages.to_str().unwrap()]);
    for name in ["mastery.1", "mastery-attempt-log.1", "mastery-review-week.1", "mastery-completions.1"] {
        assert!(pages.join(name).is_file(), "{name} written");
    }
    assert!(!data.exists(), "printing the manual creates no data store");
    assert_refused(&data, &["man", "attempt", "lg"], "no command matches 'attempt lg'");
}
