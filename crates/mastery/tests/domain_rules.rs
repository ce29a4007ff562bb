//! The product's rules are written once, in `mastery-domain`, and the layers around it (the
//! application, the web app, the command line) use the domain's names for them. Each rule below
//! was once restated at an edge as a literal, where a change to the rule would have missed it;
//! this test fails when one comes back, and says which name to use instead.

use std::fs;
use std::path::{Path, PathBuf};

/// A literal that restates a domain rule, and the domain's name for that rule.
struct Restated {
    literal: &'static str,
    use_instead: &'static str,
}

const RESTATED: &[Restated] = &[
    Restated {
        literal: "Cause::Effort, Cause::Strategy, Cause::Preparation",
        use_instead: "mastery_domain::reattribution::CONTROLLABLE",
    },
    Restated { literal: "(0..=10).", use_instead: "mastery_domain::measure::Confidence::STEPS" },
    Restated { literal: "step_by(10)", use_instead: "mastery_domain::measure::Confidence::STEPS" },
    Restated { literal: "[1, 2, 3, 4, 5]", use_instead: "mastery_domain::measure::Rating::STEPS" },
    Restated { literal: "1440", use_instead: "mastery_domain::measure::MINUTES_IN_A_DAY" },
    Restated { literal: "24 * 60", use_instead: "mastery_domain::measure::MINUTES_IN_A_DAY" },
    Restated {
        literal: "range(1..=5)",
        use_instead: "mastery_domain::feedback_request::MAX_ATTEMPTS (or Rating::STEPS)",
    },
    Restated { literal: "default_value_t = 3,", use_instead: "mastery_domain::feedback_request::DEFAULT_ATTEMPTS" },
    Restated { literal: "0.70..=0.90", use_instead: "mastery_domain::goal::parse_target_success" },
    Restated {
        literal: "round(engine_forecast * 10)",
        use_instead: "the stores' engine bin, checked against calibration::bin_of by the conformance suite",
    },
    Restated {
        literal: "INVITE_VALID_FOR",
        use_instead: "mastery_domain::account::INVITE_LIFETIME or sharing::INVITATION_LIFETIME",
    },
];

/// Where the rules must not be restated: every layer's source but the domain's. The stores'
/// SQL is checked by the conformance suite instead (the bin's expression lives in the query).
const EDGES: &[&str] = &["mastery-app/src", "mastery-web/src", "mastery/src"];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_domain_rule_is_restated_at_an_edge() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut restated = Vec::new();
    let mut files = Vec::new();
    for edge in EDGES {
        rust_files(&crates.join(edge), &mut files);
    }
    assert!(files.len() > 100, "the edges' sources were found ({} files)", files.len());
    for file in &files {
        let text = fs::read_to_string(file).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for rule in RESTATED.iter().filter(|r| code.contains(r.literal)) {
                restated.push(format!(
                    "{}:{}: `{}` restates a domain rule; use {}",
                    file.strip_prefix(&crates).unwrap_or(file).display(),
                    n + 1,
                    rule.literal,
                    rule.use_instead
                ));
            }
        }
    }
    assert!(restated.is_empty(), "{}", restated.join("\n"));
}

#[test]
fn each_listed_rule_exists_in_the_domain() {
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mastery-domain/src");
    let mut files = Vec::new();
    rust_files(&domain, &mut files);
    let source: String = files.iter().map(|f| fs::read_to_string(f).expect("a source file")).collect();
    for name in ["CONTROLLABLE", "STEPS", "MINUTES_IN_A_DAY", "MAX_ATTEMPTS", "DEFAULT_ATTEMPTS", "INVITE_LIFETIME"] {
        assert!(source.contains(&format!("const {name}")), "mastery-domain defines {name}");
    }
}
