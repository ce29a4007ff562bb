//! The domain crate stays pure: no async runtime, database, HTTP or CLI crate may enter its
//! dependency tree, or the rules could no longer be tested (and reused) without IO.

use std::process::Command;

/// Crate-name prefixes that would make the domain impure.
const FORBIDDEN: &[&str] = &[
    "tokio",
    "async-std",
    "smol",
    "futures",
    "mio",
    "sqlx",
    "rusqlite",
    "libsqlite3",
    "postgres",
    "diesel",
    "hyper",
    "axum",
    "reqwest",
    "http",
    "tower",
    "clap",
    "inquire",
    "dialoguer",
    "crossterm",
];

#[test]
fn the_domain_depends_on_no_io_crate() {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-p", "mastery-domain", "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    let tree = String::from_utf8(output.stdout).unwrap();
    let names: Vec<&str> = tree.lines().filter_map(|line| line.split_whitespace().next()).collect();
    assert!(names.contains(&"jiff"), "the tree looks wrong: {tree}");
    let impure: Vec<&&str> = names.iter().filter(|n| FORBIDDEN.iter().any(|f| n.starts_with(f))).collect();
    assert!(impure.is_empty(), "mastery-domain must stay pure but depends on {impure:?}");
}
