//! The conformance suite's lists cannot be forgotten. A behaviour is a `pub async fn` of
//! `src/conformance.rs` or `src/conformance/*.rs`; the suite's macros (`conformance_suite!` and
//! every `*_conformance_suite!` beside it) list the behaviours they stamp out as tests. The
//! compiler refuses a listed name that is no behaviour, but a behaviour written and never listed
//! would pass on every backend without ever running. This test reads the sources and refuses
//! that, a name listed by two macros (two tests of one behaviour), and a backend's tests that
//! run some of the suites but not all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The suite's sources: `conformance.rs` and every file of `conformance/`, as read.
fn suite_sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("conformance.rs")];
    let mut parts: Vec<PathBuf> = std::fs::read_dir(src.join("conformance"))
        .expect("src/conformance")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    parts.sort();
    files.extend(parts);
    files.into_iter().map(|path| (path.clone(), std::fs::read_to_string(&path).expect("a source file"))).collect()
}

/// Where something was written: file (below the crate) and line.
fn place(path: &Path, line: usize) -> String {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    format!("{}:{}", path.strip_prefix(crate_dir).unwrap_or(path).display(), line + 1)
}

/// Every behaviour with the place it is defined.
fn behaviours(sources: &[(PathBuf, String)]) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for (path, text) in sources {
        for (n, line) in text.lines().enumerate() {
            if let Some(rest) = line.strip_prefix("pub async fn ") {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.insert(name, place(path, n));
            }
        }
    }
    found
}

/// Each suite macro with the behaviours it lists, and the file defining it.
fn suite_macros(sources: &[(PathBuf, String)]) -> BTreeMap<String, (PathBuf, Vec<String>)> {
    let mut macros = BTreeMap::new();
    for (path, text) in sources {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("macro_rules! ") {
            rest = &rest[at + "macro_rules! ".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let body = &rest[..rest.find("macro_rules! ").unwrap_or(rest.len())];
            if !name.ends_with("conformance_suite") {
                continue;
            }
            // The list is what the `@suite` arm hands to `@each`, up to the closing parenthesis.
            let list = body.split_once("(@each $how;").unwrap_or_else(|| panic!("{name}! lists no behaviours")).1;
            let list = &list[..list.find(')').expect("the end of the list")];
            let listed = list.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect();
            macros.insert(name, (path.clone(), listed));
        }
    }
    macros
}

#[test]
fn every_behaviour_is_stamped_out_by_exactly_one_suite() {
    let sources = suite_sources();
    let behaviours = behaviours(&sources);
    let macros = suite_macros(&sources);
    // A reader that found nothing would pass: make sure it read the suite as it is.
    assert!(behaviours.len() > 50, "only {} behaviours found", behaviours.len());
    for known in ["conformance_suite", "accounts_conformance_suite", "sharing_conformance_suite"] {
        assert!(macros.contains_key(known), "{known}! not found among {:?}", macros.keys());
    }

    let mut stamped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, (_, listed)) in &macros {
        for behaviour in listed {
            stamped.entry(behaviour).or_default().push(name);
        }
    }
    let mut problems = Vec::new();
    for (behaviour, at) in &behaviours {
        // Say which list to add it to: the macro of its own file, or the main suite's.
        let file = at.split(':').next().unwrap_or_default();
        let list = macros
            .iter()
            .find(|(_, (path, _))| path.ends_with(file))
            .map_or("conformance_suite", |(name, _)| name.as_str());
        match stamped.get(behaviour.as_str()).map(Vec::as_slice) {
            None | Some([]) => {
                problems.push(format!("{at}: `{behaviour}` is stamped out by no suite: list it in {list}!"))
            }
            Some([_]) => {}
            Some(many) => problems.push(format!("{at}: `{behaviour}` is listed by {}", many.join("!, ") + "!")),
        }
    }
    for (behaviour, by) in &stamped {
        if !behaviours.contains_key(*behaviour) {
            problems.push(format!("{}! lists `{behaviour}`, which is no `pub async fn` of the suite", by.join("!, ")));
        }
    }
    assert!(problems.is_empty(), "the conformance suite's lists are out of step:\n{}", problems.join("\n"));
}

#[test]
fn every_backend_runs_every_suite() {
    let macros = suite_macros(&suite_sources());
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut runs: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for krate in std::fs::read_dir(&crates).expect("the crates directory") {
        let Ok(tests) = std::fs::read_dir(krate.expect("a directory entry").path().join("tests")) else { continue };
        for file in tests.map(|entry| entry.expect("a directory entry").path()) {
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            for line in text.lines().filter(|l| l.starts_with("mastery_store::")) {
                let called = line["mastery_store::".len()..].split('!').next().unwrap_or_default();
                if macros.contains_key(called) {
                    runs.entry(file.clone()).or_default().insert(called.to_owned());
                }
            }
        }
    }
    assert!(runs.len() >= 3, "expected the memory, SQLite and PostgreSQL conformance tests, found {runs:?}");
    let all: BTreeSet<String> = macros.keys().cloned().collect();
    let short: Vec<String> = runs
        .iter()
        .filter(|(_, ran)| **ran != all)
        .map(|(file, ran)| {
            let file = file.strip_prefix(&crates).unwrap_or(file).display();
            format!("{file} does not run {:?}", all.difference(ran).collect::<Vec<_>>())
        })
        .collect();
    assert!(short.is_empty(), "a backend skips suites:\n{}", short.join("\n"));
}
