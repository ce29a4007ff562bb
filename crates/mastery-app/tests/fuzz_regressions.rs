//! Replays every committed input of the fuzz targets in `fuzz/` through the same bodies
//! (`mastery_app::portable::fuzzing`): the seeds in `fuzz/seeds/<target>/`, and the inputs that once
//! made a target fail, kept in `tests/fuzz-regressions/<target>/` once the bug was fixed.

/// Replays `target`'s inputs with the crate's own regression folder.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    mastery_domain::fuzzing::replay(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), target, body)
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
