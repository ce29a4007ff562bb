//! `unsafe` lives in one module. Every crate but the binary forbids it through the workspace's
//! lints; the binary denies it and allows it on its allocator alone (`src/allocator.rs`), the one
//! piece of the project that cannot be written without it. The compiler enforces the lints; this
//! check keeps the exceptions from spreading: a second `allow`, or a crate leaving the workspace's
//! lints, fails here with its name.

use std::path::{Path, PathBuf};

#[test]
fn unsafe_code_is_allowed_on_the_allocator_alone() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut allowed = Vec::new();
    let mut read = 0;
    // This file names the attribute in its own checks.
    for file in rust_files(&crates).into_iter().filter(|f| !f.ends_with("mastery/tests/unsafe_code.rs")) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        read += 1;
        for line in text.lines().filter(|line| line.contains("allow(unsafe_code)")) {
            let at = file.strip_prefix(&crates).unwrap_or(&file).display();
            allowed.push(format!("{at}: {}", line.trim()));
        }
    }
    assert!(read > 100, "the sources were read: {read} files");
    assert_eq!(allowed, ["mastery/src/main.rs: #[allow(unsafe_code)]"], "where `unsafe` is allowed");
    let main = std::fs::read_to_string(crates.join("mastery/src/main.rs")).expect("main.rs");
    assert!(main.contains("#[allow(unsafe_code)]\nmod allocator;"), "the one allow is on the allocator module");
}

#[test]
fn every_other_crate_forbids_unsafe_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).expect("the workspace manifest");
    assert!(workspace.contains("unsafe_code = \"forbid\""), "the workspace's lints forbid unsafe code");
    let binary = std::fs::read_to_string(root.join("crates/mastery/Cargo.toml")).expect("the binary's manifest");
    assert!(binary.contains("unsafe_code = \"deny\""), "the binary denies unsafe code outside its allocator");
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("crates")).expect("the crates directory") {
        let dir = entry.expect("a directory entry").path();
        if dir.ends_with("mastery") {
            continue;
        }
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("a crate's manifest");
        assert!(manifest.contains("[lints]\nworkspace = true"), "{} keeps the workspace's lints", dir.display());
        checked += 1;
    }
    assert!(checked >= 6, "every library crate was checked: {checked}");
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a directory") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() && name != "target" && !name.starts_with('.') {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}
