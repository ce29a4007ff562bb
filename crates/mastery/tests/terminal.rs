//! Interactive commands end to end in a real terminal: tmux runs `mastery audit DOMAIN` (and
//! `mastery review week`) in a pseudo-terminal, the test reads the screen and types the answers a
//! person would, then checks what was stored.
//!
//! Without tmux the test is skipped with a notice, unless `CI` is set: there it must run, and
//! `.ci/run` installs tmux.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::json;

/// A private tmux server (its own socket), killed when the test ends, pass or fail.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `command` in a detached session with a wide window, on a server of its own named
    /// after `test`, or `None` without tmux.
    fn start(test: &str, command: &str) -> Option<Self> {
        let available = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
        if !available {
            return None;
        }
        let tmux = Self { socket: format!("mastery-test-{}-{test}", std::process::id()) };
        let started = tmux.run(&["new-session", "-d", "-s", "audit", "-x", "200", "-y", "60", command]);
        assert!(started.status.success(), "tmux new-session failed: {}", String::from_utf8_lossy(&started.stderr));
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux").args(["-L", &self.socket]).args(args).output().expect("tmux runs")
    }

    /// The screen and its scrollback, wrapped lines joined.
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-J", "-S", "-500", "-t", "audit"]).stdout)
            .into_owned()
    }

    /// Waits until the screen shows `text`; fails with the screen after 20 seconds.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "the screen never showed {text:?}; it shows:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `text` (literally) and presses Enter.
    fn answer(&self, text: &str) {
        if !text.is_empty() {
            assert!(self.run(&["send-keys", "-t", "audit", "-l", text]).status.success());
        }
        assert!(self.run(&["send-keys", "-t", "audit", "Enter"]).status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Without tmux: a failure when CI is set, a notice otherwise.
fn skipped(what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "tmux is required when CI is set (.ci/run installs it): the interactive {what} was not tested"
    );
    // Written to stderr directly: the test harness captures `eprintln!` of passing tests.
    let notice = format!("NOTICE: tmux is not installed; skipping the interactive {what} test (apt-get install tmux)");
    let _ = writeln!(std::io::stderr(), "{notice}");
}

/// Single-quotes `text` for the shell.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[test]
fn an_interactive_audit_walks_the_practice_item_the_items_and_three_successes() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = dir.path();
    json(path, &["domain", "add", "Public speaking", "--area", "career"]);
    let scale = json(path, &["scale", "show", "public-speaking"]);

    let Some(tmux) = in_terminal("audit", path, "audit public-speaking") else { return skipped("audit") };

    // The instructions and the anchors come first, then the practice item, level by level.
    tmux.wait_for("0 = cannot do at all");
    tmux.wait_for("100 = highly certain can do");
    let practice = &scale["practice"];
    let practice_text = practice["text"].as_str().unwrap();
    for level in practice["levels"].as_array().unwrap() {
        tmux.wait_for(&format!("Practice: {practice_text} {}", level.as_str().unwrap()));
        tmux.answer(""); // the cursor starts on 50
    }
    tmux.wait_for("Now the items");

    // Each item, typed as a person would: the digits jump to the value.
    let answers = [100u8, 90, 80, 70, 60, 50, 40, 30, 0, 10];
    let items = scale["items"].as_array().unwrap();
    assert_eq!(items.len(), answers.len());
    for (i, (item, value)) in items.iter().zip(answers).enumerate() {
        tmux.wait_for(&format!("{}/10  {}", i + 1, item["text"].as_str().unwrap()));
        tmux.answer(&value.to_string());
    }

    // The first audit of a domain invites the three-successes step.
    tmux.wait_for("strength   53.0");
    tmux.wait_for("Success 1 of 3: what did you achieve?");
    tmux.answer("Gave the toast at my sister's wedding");
    tmux.wait_for("What did you do that made it work?");
    tmux.answer("Wrote it on three cards and rehearsed twice");
    tmux.wait_for("When was it?");
    tmux.answer("2025-06-14");
    tmux.wait_for("Success 2 of 3: what did you achieve?");
    tmux.answer(""); // an empty answer ends the step
    tmux.wait_for("EXIT=0");
    let screen = tmux.screen();
    if std::env::var_os("SHOW_SCREEN").is_some() {
        eprintln!("{screen}");
    }
    assert!(screen.contains("Added to your evidence file: Gave the toast"), "{screen}");
    drop(tmux);

    let history = json(path, &["audit", "history", "public-speaking"]);
    let audits = history["audits"].as_array().unwrap();
    assert_eq!(audits.len(), 1, "one audit stored");
    assert_eq!(audits[0]["answers"], serde_json::json!(answers));
    assert_eq!(audits[0]["scale"], "public-speaking");
    assert_eq!(audits[0]["strength"], 53.0);
    let evidence = json(path, &["evidence", "public-speaking"]);
    let evidence = evidence.as_array().unwrap();
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0]["title"], "Gave the toast at my sister's wedding");
    assert_eq!(evidence[0]["did"], "Wrote it on three cards and rehearsed twice");
    assert_eq!(evidence[0]["source"], "backfill");
    assert!(evidence[0]["at"].as_str().unwrap().starts_with("2025-06-14"), "{}", evidence[0]["at"]);
}

#[test]
fn an_interactive_weekly_review_asks_each_prompt_and_saves_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = dir.path();
    json(path, &["domain", "add", "Running", "--area", "health"]);
    json(path, &["checkin", "--mood", "4", "--at", "7 days ago"]);
    let Some(tmux) = in_terminal("review", path, "review week --week last") else { return skipped("weekly review") };
    tmux.wait_for("What did I do well this week?");
    // The week's numbers are on the screen before its first question.
    let screen = tmux.screen();
    let numbers = screen.find("Check-ins: 1").unwrap_or_else(|| panic!("the numbers first:\n{screen}"));
    assert!(numbers < screen.find("What did I do well this week?").unwrap(), "{screen}");
    tmux.answer("Ran before work three times");
    tmux.wait_for("What would I do differently?");
    tmux.answer("");
    tmux.wait_for("What did this week teach me about my capabilities?");
    tmux.answer("I can keep a slot when it is planned");
    tmux.wait_for("Next week's plan");
    tmux.answer("If it is Tuesday 7 am, then I will run 3 km");
    tmux.wait_for("EXIT=0");
    drop(tmux);

    let review = json(path, &["review", "week", "--week", "last"]);
    let answers = review["answers"].as_object().unwrap();
    assert_eq!(answers.len(), 3, "{review}");
    assert_eq!(answers["well"], "Ran before work three times");
    assert_eq!(answers["plan"], "If it is Tuesday 7 am, then I will run 3 km");
}

/// Runs `args` on `path` in a terminal of its own; the screen ends with `EXIT=<code>`.
fn in_terminal(test: &str, path: &Path, args: &str) -> Option<Tmux> {
    let command = format!(
        "env NO_COLOR=1 {} --data-dir {} {args}; echo EXIT=$?; sleep 600",
        quoted(env!("CARGO_BIN_EXE_mastery")),
        quoted(&path.display().to_string())
    );
    Tmux::start(test, &command)
}

#[test]
fn a_week_without_records_asks_nothing_at_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = dir.path();
    json(path, &["domain", "add", "Running", "--area", "health"]);
    let Some(tmux) = in_terminal("empty-week", path, "review week --week last") else {
        return skipped("empty weekly review");
    };
    tmux.wait_for("EXIT=0");
    let screen = tmux.screen();
    assert!(screen.contains("Nothing recorded in"), "{screen}");
    assert!(!screen.contains("What did I do well"), "no question about an empty week: {screen}");
}

#[test]
fn the_picker_takes_a_bare_number_and_success_dates_count_back_from_at() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = dir.path();
    json(path, &["domain", "add", "Public speaking", "--area", "career"]);
    let scale = json(path, &["scale", "show", "public-speaking"]);
    let Some(tmux) = in_terminal("picker", path, "audit public-speaking --at '2026-01-10 10:00'") else {
        return skipped("rating picker");
    };
    let practice = &scale["practice"];
    for level in practice["levels"].as_array().unwrap() {
        tmux.wait_for(&format!("{} {}", practice["text"].as_str().unwrap(), level.as_str().unwrap()));
        tmux.answer("");
    }
    // "55" is off the steps of 10: the picker takes the nearest step, 60; "45" takes 50.
    let typed = ["55", "45", "100", "7", "0", "10", "3", "99", "5", "1"];
    for (i, (item, value)) in scale["items"].as_array().unwrap().iter().zip(typed).enumerate() {
        tmux.wait_for(&format!("{}/10  {}", i + 1, item["text"].as_str().unwrap()));
        tmux.answer(value);
    }
    tmux.wait_for("Success 1 of 3: what did you achieve?");
    tmux.answer("Gave the toast at my sister's wedding");
    tmux.wait_for("What did you do that made it work?");
    tmux.answer("Rehearsed twice");
    tmux.wait_for("When was it?");
    tmux.wait_for("before the audit's 2026-01-10");
    tmux.answer("3 days ago");
    tmux.wait_for("Success 2 of 3: what did you achieve?");
    tmux.answer("");
    tmux.wait_for("EXIT=0");
    drop(tmux);

    let audits = json(path, &["audit", "history", "public-speaking"]);
    assert_eq!(audits["audits"][0]["answers"], serde_json::json!([60, 50, 100, 70, 0, 10, 30, 100, 50, 10]));
    let evidence = json(path, &["evidence", "public-speaking"]);
    let at: jiff::Timestamp = evidence[0]["at"].as_str().unwrap().parse().unwrap();
    let expected = jiff::civil::date(2026, 1, 7).at(10, 0, 0, 0).to_zoned(jiff::tz::TimeZone::system()).unwrap();
    assert_eq!(at, expected.timestamp(), "three days before the audit, not before now");
}

#[test]
fn replacing_a_reflection_or_a_practice_plan_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = dir.path();
    let rungs = common::ladder_fixture(path);
    for day in 1..=3 {
        let at = format!("2026-01-0{day} 18:00");
        json(path, &["attempt", "log", &rungs[0], "--confidence", "70", "--outcome", "success", "--at", &at]);
    }
    json(path, &["celebrations", "reflect", "last", "--effort", "Rehearsed daily"]);
    let id = json(path, &["celebrations"])[0]["id"].as_str().unwrap().to_owned();

    let Some(tmux) = in_terminal("reflect-no", path, &format!("celebrations reflect {id} --effort Other")) else {
        return skipped("reflection question");
    };
    tmux.wait_for("already has a reflection (effort: Rehearsed daily)");
    tmux.wait_for("Replace it with the new words?");
    tmux.answer("n");
    tmux.wait_for("EXIT=0");
    assert!(tmux.screen().contains("Kept the reflection as it was"));
    drop(tmux);
    assert_eq!(json(path, &["celebrations"])[0]["effort"], "Rehearsed daily", "a no changes nothing");

    let tmux = in_terminal("reflect-yes", path, &format!("celebrations reflect {id} --effort Other")).unwrap();
    tmux.wait_for("Replace it with the new words?");
    tmux.answer("y");
    tmux.wait_for("EXIT=0");
    drop(tmux);
    assert_eq!(json(path, &["celebrations"])[0]["effort"], "Other");

    json(path, &["practice", "plan", "public-speaking", "--minutes", "45", "--days", "mon,thu"]);
    let tmux = in_terminal("plan", path, "program start 30-day-experiment --domain public-speaking").unwrap();
    tmux.wait_for("has your own practice plan: 45 minutes on mon,thu");
    tmux.wait_for("Replace it with the program's plan?");
    tmux.answer("");
    tmux.wait_for("EXIT=0");
    assert!(tmux.screen().contains("Kept your practice plan: 45 minutes on mon,thu"), "{}", tmux.screen());
    drop(tmux);
    assert_eq!(json(path, &["practice", "status", "public-speaking"])["minutes"], 45, "Enter keeps it");
}
