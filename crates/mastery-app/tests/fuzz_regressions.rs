//! Replays every committed input of the fuzz targets in `fuzz/` through the same bodies
//! (`mastery_app::portable::fuzzing`): the seeds in `fuzz/seeds/<target>/`, and the inputs that once
//! made a target fail, kept in `tests/fuzz-regressions/<target>/` once the bug was fixed.

use std::path::Path;

/// Feeds each file of the target's two folders to `body`; answers how many there were.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folders = [root.join("tests/fuzz-regressions").join(target), root.join("../../fuzz/seeds").join(target)];
    let mut count = 0;
    // `tests/fuzz-regressions/README.md` says how an input gets into a target's folder.
    for folder in folders.iter().filter(|f| f.is_dir()) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            if std::panic::catch_unwind(|| body(&data)).is_err() {
                panic!("{target} fails on {}", path.display());
            }
            count += 1;
        }
    }
    count
}

#[test]
fn a_mastery_export_replays_its_fuzz_inputs() {
    assert!(replay("import_json", mastery_app::portable::fuzzing::import_json) > 0);
}

#[test]
fn a_daylio_export_replays_its_fuzz_inputs() {
    assert!(replay("import_daylio", mastery_app::portable::fuzzing::import_daylio) > 0);
}

#[test]
fn a_loop_zip_replays_its_fuzz_inputs() {
    assert!(replay("import_loop_zip", mastery_app::portable::fuzzing::import_loop_zip) > 0);
}

#[test]
fn the_loop_csv_files_replay_their_fuzz_inputs() {
    assert!(replay("import_loop_csv", mastery_app::portable::fuzzing::import_loop_csv) > 0);
}
