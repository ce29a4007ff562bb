//! `mastery login`, `sync` and `logout` end to end through the binary: two data directories and
//! one `mastery server` converge, also after changes made on both while the server was down; the
//! sign-in file and its refusals; and a sync killed at random moments (pushing, then pulling)
//! loses nothing, duplicates nothing, and the next one completes. Each test runs on a fresh
//! SQLite file and on a fresh PostgreSQL database; without `MASTERY_TEST_POSTGRES_URL` the
//! PostgreSQL half skips with a notice (and fails under `CI`).

mod common;

use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::server::{Server, databases};
use common::{json, ladder_fixture, mastery, run};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

/// Everyone's password in these tests: long, uncommon, and naming no one.
const PASSWORD: &str = "staple battery correct horse";

/// Opens an account on the server.
fn signup(base: &str, name: &str) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let response = agent
        .post(format!("{base}/api/v1/auth/signup"))
        .header("content-type", "application/json")
        .send(json!({"username": name, "password": PASSWORD}).to_string())
        .expect("the server answers");
    let status = response.status().as_u16();
    let body = response.into_body().read_to_string().unwrap_or_default();
    assert_eq!(status, 201, "signup of {name}: {body}");
}

/// Runs `mastery ARGS` on `dir` with `input` on stdin.
fn run_with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = mastery(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mastery binary runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// `mastery login BASE --user NAME --password-stdin` with `password`.
fn login_with(dir: &Path, base: &str, user: &str, password: &str) -> Output {
    run_with_stdin(dir, &["login", base, "--user", user, "--password-stdin"], &format!("{password}\n"))
}

/// Signs `dir` in to `base` as `user`, and checks it.
fn login(dir: &Path, base: &str, user: &str) {
    let output = login_with(dir, base, user, PASSWORD);
    assert!(output.status.success(), "login failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// `mastery --json sync` on `dir`, which must succeed; its report.
fn sync(dir: &Path) -> Value {
    let output = run(dir, &["--json", "sync"]);
    assert!(
        output.status.success(),
        "mastery sync on {} failed ({:?}): {}",
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("sync --json prints JSON");
    common::assert_has_keys(
        &report,
        &["sent", "received", "renamed", "requests", "bytes_sent", "bytes_received", "seconds"],
    );
    report
}

/// `mastery export --format json` on `dir`, without the line that says when it was made.
fn export(dir: &Path) -> String {
    export_text(dir).lines().filter(|l| !l.contains("\"exported_at\"")).collect::<Vec<_>>().join("\n")
}

/// `mastery export --format json` on `dir`, whole.
fn export_text(dir: &Path) -> String {
    let output = run(dir, &["export", "--format", "json"]);
    assert!(output.status.success(), "export failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("the export is UTF-8")
}

/// The export of `dir`, parsed.
fn export_value(dir: &Path) -> Value {
    serde_json::from_str(&export_text(dir)).expect("the export is JSON")
}

/// Changes made on `dir` and not yet sent, as `mastery status` says.
fn pending(dir: &Path) -> u64 {
    let status = json(dir, &["status"]);
    status["sync"]["pending"].as_u64().unwrap_or_else(|| panic!("status shows no sync line: {status}"))
}

/// Fails unless the two devices hold the same records, showing the first difference.
fn assert_same_records(a: &str, b: &str, what: &str) {
    if a != b {
        let line =
            a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(a.lines().count().min(b.lines().count()));
        panic!(
            "{what}: the exports differ from line {}:\n  first:  {}\n  second: {}\n({} and {} lines)",
            line + 1,
            a.lines().nth(line).unwrap_or("(end)"),
            b.lines().nth(line).unwrap_or("(end)"),
            a.lines().count(),
            b.lines().count()
        );
    }
}

/// The records of `section` in an export for which `field` is `value`.
fn with<'a>(export: &'a Value, section: &str, field: &str, value: &str) -> Vec<&'a Value> {
    export[section]
        .as_array()
        .unwrap_or_else(|| panic!("no section {section}"))
        .iter()
        .filter(|r| r[field] == json!(value))
        .collect()
}

#[test]
fn two_devices_converge_also_after_changes_made_while_the_server_was_down() {
    for db in databases() {
        two_devices_converge_on(&db.url());
    }
}

fn two_devices_converge_on(database: &str) {
    let server = Server::start(database, 0);
    let base = server.base.clone();
    signup(&base, "ada");
    let laptop_dir = tempfile::tempdir().unwrap();
    let phone_dir = tempfile::tempdir().unwrap();
    let (laptop, phone) = (laptop_dir.path(), phone_dir.path());

    // The laptop: a ladder, attempts, an edit and a deletion, then the first sync.
    login(laptop, &base, "ada");
    let rungs = ladder_fixture(laptop);
    let log = |dir: &Path, rung: &str, outcome: &str, did: &str| {
        json(dir, &["attempt", "log", rung, "--confidence", "60", "--outcome", outcome, "--did", did])
    };
    let first_try = log(laptop, &rungs[0], "success", "laptop-first-try with cue cards");
    log(laptop, &rungs[1], "failure", "laptop-dinner-story ran long");
    log(laptop, &rungs[0], "partial", "laptop-to-be-deleted");
    json(laptop, &["delete", "attempt", "last", "--yes"]);
    json(laptop, &["goal", "edit", "give-a-10-minute-talk", "--why", "laptop-why"]);
    let sent = sync(laptop);
    assert!(sent["sent"].as_u64().unwrap() >= 10, "the laptop's first sync sends its records: {sent}");
    assert_eq!(pending(laptop), 0);

    // The phone starts empty, brings everything, and changes some of it.
    login(phone, &base, "ada");
    let got = sync(phone);
    assert!(got["received"].as_u64().unwrap() >= 10, "the phone receives the laptop's records: {got}");
    assert_same_records(&export(laptop), &export(phone), "after the phone's first sync");
    log(phone, &rungs[2], "success", "phone-team-meeting went fine");
    json(phone, &["delete", "challenge", &rungs[3], "--yes"]);
    json(phone, &["domain", "edit", "public-speaking", "--description", "phone-description"]);
    sync(phone);
    let back = sync(laptop);
    assert!(back["received"].as_u64().unwrap() >= 3, "the laptop receives the phone's changes: {back}");
    assert_same_records(&export(laptop), &export(phone), "online");

    // The server goes down; both devices carry on.
    let port = server.stop();
    json(laptop, &["domain", "add", "Running", "--area", "health"]);
    json(laptop, &["goal", "add", "running", "Run 5 km"]);
    json(laptop, &["challenge", "add", "run-5-km", "Run 1 km", "--difficulty", "2"]);
    log(laptop, "run-1-km", "success", "laptop-offline-run around the park");
    json(laptop, &["goal", "edit", "give-a-10-minute-talk", "--why", "laptop-offline-why"]);
    log(phone, &rungs[0], "success", "phone-offline-speech to the mirror");
    json(phone, &["delete", "attempt", first_try["id"].as_str().unwrap(), "--yes"]);
    json(phone, &["domain", "add", "Running", "--area", "health"]);
    // Made after the laptop's edit of the same goal: the phone's wins.
    json(phone, &["goal", "edit", "give-a-10-minute-talk", "--why", "phone-offline-why"]);
    for dir in [laptop, phone] {
        let (before, waiting) = (export(dir), pending(dir));
        assert!(waiting > 0, "changes made offline wait to be sent");
        let output = run(dir, &["sync"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "a sync with the server down fails with exit 1: {stderr}");
        assert!(stderr.contains("could not reach") && stderr.contains(&base), "a clear message: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(output.stdout.is_empty(), "nothing on stdout when the sync failed");
        assert_same_records(&before, &export(dir), "a failed sync changes nothing");
        assert_eq!(pending(dir), waiting, "a failed sync leaves every change to send");
    }

    // The server comes back on the same database and address; two rounds of syncs.
    let server = Server::start(database, port);
    assert_eq!(server.base, base);
    let mut renamed = Vec::new();
    for _ in 0..2 {
        for dir in [laptop, phone] {
            let report = sync(dir);
            renamed.extend(report["renamed"].as_array().unwrap().iter().cloned());
        }
    }
    let (mine, theirs) = (export(laptop), export(phone));
    assert_same_records(&mine, &theirs, "after the server came back");
    assert_eq!(pending(laptop), 0);
    assert_eq!(pending(phone), 0);

    let all = export_value(laptop);
    let did = |text: &str| all["attempts"].as_array().unwrap().iter().any(|a| a["record"]["did"] == json!(text));
    for kept in [
        "laptop-dinner-story ran long",
        "phone-team-meeting went fine",
        "laptop-offline-run around the park",
        "phone-offline-speech to the mirror",
    ] {
        assert!(did(kept), "the attempt '{kept}' is on both devices");
    }
    assert!(!did("laptop-to-be-deleted"), "the attempt deleted on the laptop stays deleted");
    assert!(!did("laptop-first-try with cue cards"), "the attempt deleted on the phone offline is gone");
    assert!(with(&all, "challenges", "slug", &rungs[3]).is_empty(), "the rung deleted on the phone is gone");
    let goal = with(&all, "goals", "slug", "give-a-10-minute-talk");
    assert_eq!(goal.len(), 1);
    assert_eq!(goal[0]["why"], json!("phone-offline-why"), "the later edit wins");
    let domain = with(&all, "domains", "slug", "public-speaking");
    assert_eq!(domain[0]["description"], json!("phone-description"));
    let running: Vec<&Value> = all["domains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["slug"].as_str().unwrap().starts_with("running"))
        .collect();
    assert_eq!(running.len(), 2, "both devices' Running domains are kept: {running:?}");
    assert!(!renamed.is_empty(), "the clash of slugs was reported as a renaming");
    assert_eq!(with(&all, "goals", "slug", "run-5-km").len(), 1, "the laptop's offline goal arrived");
    assert!(!server.log().contains(PASSWORD), "the password never reaches the server's log");
}

#[test]
fn the_sign_in_is_private_refused_over_plain_http_and_revoked_at_logout() {
    for db in databases() {
        sign_in_and_out_on(&db.url());
    }
}

fn sign_in_and_out_on(database: &str) {
    let server = Server::start(database, 0);
    let base = server.base.clone();
    signup(&base, "ada");
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let file = dir.join("login.toml");

    // Not signed in: sync says how to sign in.
    common::assert_refused(dir, &["sync"], "mastery login");

    // Plain http to another machine: refused before any password is asked or sent.
    let output = login_with(dir, "http://example.org", "ada", PASSWORD);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "plain http to another host is refused: {stderr}");
    assert!(stderr.contains("https://"), "the refusal says to use https: {stderr}");
    assert!(!file.exists(), "a refused login writes no sign-in");

    // A wrong password: refused with a clear message, nothing written.
    let output = login_with(dir, &base, "ada", "not the right password at all");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a wrong password is refused");
    assert!(stderr.contains("refused") && stderr.contains("password"), "a clear message: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("not the right password"), "{stderr}");
    assert!(!file.exists(), "a refused login writes no sign-in");
    common::assert_refused(dir, &["sync"], "mastery login");

    // Signed in: the file is its owner's alone, and sync works.
    login(dir, &base, "ada");
    let mode = std::fs::metadata(&file).expect("the sign-in is kept beside the store").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the sign-in file is readable by its owner only");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains(PASSWORD), "the password is not kept");
    json(dir, &["domain", "add", "Public speaking"]);
    assert_eq!(sync(dir)["sent"], json!(1));

    // Logout revokes the token: a copy of the old sign-in no longer syncs.
    let kept = dir.join("copy-of-login.toml");
    std::fs::copy(&file, &kept).unwrap();
    let out = json(dir, &["logout"]);
    assert_eq!(out["signed_out"], json!(true), "{out}");
    assert_eq!(out["token_revoked"], json!(true), "{out}");
    assert!(!file.exists(), "logout removes the sign-in");
    common::assert_refused(dir, &["sync"], "mastery login");
    std::fs::rename(&kept, &file).unwrap();
    json(dir, &["domain", "add", "Running"]);
    let output = run(dir, &["sync"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the revoked token is refused");
    assert!(stderr.contains("mastery login"), "the refusal says to sign in again: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(pending(dir), 1, "the change waits for the next sign-in");
    let token = text.lines().find_map(|l| l.strip_prefix("token = ")).expect("the file holds a token");
    let log = server.log();
    assert!(!log.contains(PASSWORD) && !log.contains(token.trim_matches('"')), "no secret reaches the server's log");
}

/// The export `seed` (its text, one record a line) with its attempts replaced by `n` copies of
/// its recorded ones, each with a fresh id, and no plans for next time (they name their attempt).
fn grown(seed: &str, n: usize) -> String {
    let mut out = Vec::new();
    let mut lines = seed.lines();
    while let Some(line) = lines.next() {
        out.push(line.to_owned());
        if line != "\"attempts\":[" && line != "\"plans_for_next_time\":[" {
            continue;
        }
        let mut records = Vec::new();
        for record in lines.by_ref() {
            if record.starts_with(']') {
                break;
            }
            records.push(serde_json::from_str::<Value>(record.trim_end_matches(',')).expect("a record a line"));
        }
        if line == "\"attempts\":[" {
            let recorded: Vec<&Value> = records.iter().filter(|a| !a["record"].is_null()).collect();
            let copies: Vec<String> = (0..n)
                .map(|i| {
                    let mut copy = recorded[i % recorded.len()].clone();
                    copy["id"] = json!(uuid::Uuid::now_v7().to_string());
                    copy.to_string()
                })
                .collect();
            out.push(copies.join(",\n"));
        }
        out.push("],".to_owned()); // neither section is the last
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Imports the export `document` into `dir`.
fn import(dir: &Path, document: &str) {
    let file = dir.with_extension("import.json");
    std::fs::write(&file, document).unwrap();
    let output = run(dir, &["import", file.to_str().unwrap()]);
    assert!(output.status.success(), "import failed: {}", String::from_utf8_lossy(&output.stderr));
    std::fs::remove_file(&file).unwrap();
}

/// How many of a set of kills cut a sync short (the others came after it had finished).
#[derive(Debug, Default)]
struct Kills {
    cut: usize,
    late: usize,
}

/// Starts `mastery sync` on `dir` and kills it with SIGKILL after `delay`.
fn kill_sync_after(dir: &Path, delay: Duration, kills: &mut Kills) {
    let mut child = mastery(dir)
        .arg("sync")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    std::thread::sleep(delay);
    match child.try_wait().unwrap() {
        None => {
            child.kill().unwrap();
            child.wait().unwrap();
            kills.cut += 1;
        }
        Some(status) => {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            assert!(status.success(), "a sync that was left alone failed: {stderr}");
            kills.late += 1;
        }
    }
}

/// A random delay from 5 ms to `longest`.
fn moment(rng: &mut StdRng, longest: Duration) -> Duration {
    let ms = longest.as_millis().max(6) as u64;
    Duration::from_millis(rng.random_range(5..ms))
}

#[test]
fn a_sync_killed_at_random_moments_loses_nothing_and_the_next_one_completes() {
    let seed = std::env::var("SYNC_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    eprintln!("kill moments from SYNC_KILL_SEED={seed}");
    for db in databases() {
        killed_syncs_on(&db.url(), &mut StdRng::seed_from_u64(seed));
    }
}

fn killed_syncs_on(database: &str, rng: &mut StdRng) {
    const FIRST: usize = 2500;
    const MORE: usize = 700;
    let server = Server::start(database, 0);
    let base = server.base.clone();
    signup(&base, "ada");
    signup(&base, "bob");
    let scratch = tempfile::tempdir().unwrap();
    let (seed_dir, laptop, timer) =
        (scratch.path().join("seed"), scratch.path().join("laptop"), scratch.path().join("timer"));
    json(&seed_dir, &["demo"]);
    let seed = export_text(&seed_dir);
    let history = grown(&seed, FIRST);

    // How long a whole first sync of such a history takes here, timed on another account (with
    // records of its own: an account's records are its own, but ids are best not shared).
    json(&timer, &["demo"]);
    import(&timer, &grown(&export_text(&timer), FIRST));
    login(&timer, &base, "bob");
    let started = Instant::now();
    sync(&timer);
    let whole = started.elapsed();
    let timer_pull = scratch.path().join("timer-pull");
    login(&timer_pull, &base, "bob");
    let started = Instant::now();
    sync(&timer_pull);
    let pull = started.elapsed() * (FIRST + 3 * MORE) as u32 / FIRST as u32;
    eprintln!("a first sync of {FIRST} attempts takes {whole:?} here, pulling them {:?}", started.elapsed());

    // The device with years of history: each round adds to it, starts a sync, kills it at a
    // random moment, and then lets the next one run to the end.
    import(&laptop, &history);
    login(&laptop, &base, "ada");
    let mut kills = Kills::default();
    for round in 0..4 {
        let longest = match round {
            0 => whole,
            _ => {
                import(&laptop, &grown(&seed, MORE));
                json(&laptop, &["delete", "attempt", "last", "--yes"]);
                whole * (MORE as u32) / (FIRST as u32) + Duration::from_millis(300)
            }
        };
        let before = export(&laptop);
        kill_sync_after(&laptop, moment(rng, longest), &mut kills);
        assert_same_records(&before, &export(&laptop), "a killed sync changes no record on the device");
        sync(&laptop);
        assert_eq!(pending(&laptop), 0, "round {round}: the sync after the kill sent everything");
        assert_same_records(&before, &export(&laptop), "the sync after the kill changes no record here");
    }
    eprintln!("pushing: {kills:?}");
    assert!(kills.cut > 0, "no kill came while a sync was under way");

    // A new device pulls everything; its syncs are killed mid-pull, three times in a row, then
    // one runs to the end. Another new device is killed once.
    let mut kills = Kills::default();
    let phone = scratch.path().join("phone");
    let tablet = scratch.path().join("tablet");
    login(&phone, &base, "ada");
    for _ in 0..3 {
        kill_sync_after(&phone, moment(rng, pull), &mut kills);
    }
    sync(&phone);
    login(&tablet, &base, "ada");
    kill_sync_after(&tablet, moment(rng, pull), &mut kills);
    sync(&tablet);
    eprintln!("pulling: {kills:?}");
    assert!(kills.cut > 0, "no kill came while a sync was under way");

    sync(&laptop);
    let expected = export(&laptop);
    assert_same_records(&expected, &export(&phone), "a device pulled with kills holds the same records");
    assert_same_records(&expected, &export(&tablet), "a device pulled with a kill holds the same records");
    let all = export_value(&phone);
    let attempts = all["attempts"].as_array().unwrap();
    let ids: HashSet<&str> = attempts.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), attempts.len(), "no attempt is duplicated");
    assert_eq!(attempts.len(), FIRST + 3 * MORE - 3, "every attempt arrived: {FIRST} + 3×{MORE}, less 3 deleted");
}

/// On PostgreSQL each account keys its own records; an SQLite server keys them by id alone, so
/// there the second person is told why their copy cannot be kept, and nothing of theirs is lost.
#[test]
fn two_people_whose_records_share_ids_each_sync_their_own_or_are_told_why_not() {
    for db in databases() {
        shared_ids_on(&db.url());
    }
}

/// Two people bring the same export (one gave the other their ladders): the same record ids, in
/// two accounts that never see each other's records.
fn shared_ids_on(database: &str) {
    let server = Server::start(database, 0);
    let base = server.base.clone();
    signup(&base, "ada");
    signup(&base, "bob");
    let scratch = tempfile::tempdir().unwrap();
    let [seed, ada, bob, ada_phone] = ["seed", "ada", "bob", "ada-phone"].map(|d| scratch.path().join(d));
    ladder_fixture(&seed);
    let given = export_text(&seed);
    for (dir, name) in [(&ada, "ada"), (&bob, "bob")] {
        import(dir, &given);
        login(dir, &base, name);
    }
    sync(&ada);
    json(&bob, &["domain", "edit", "public-speaking", "--description", "bob-only"]);
    if database.starts_with("sqlite") {
        let before = export(&bob);
        let refused = run(&bob, &["sync"]);
        let said = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{said}");
        assert!(said.contains("another account") && said.contains("PostgreSQL"), "{said}");
        assert_same_records(&export(&bob), &before, "bob's records stay as they were");
        return;
    }
    let sent = sync(&bob);
    assert!(sent["sent"].as_u64().unwrap() >= 7, "bob's records went up: {sent}");
    login(&ada_phone, &base, "ada");
    sync(&ada_phone);
    assert_same_records(&export(&ada), &export(&ada_phone), "ada's devices agree");
    let mine = export_value(&ada_phone);
    assert_eq!(with(&mine, "domains", "slug", "public-speaking")[0]["description"], Value::Null, "bob's edit is his");
}
