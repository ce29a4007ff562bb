//! Replays every committed input of the fuzz targets in `fuzz/` through the same bodies
//! (`mastery_domain::fuzzing`): the seeds in `fuzz/seeds/<target>/`, and the inputs that once
//! made a target fail, kept in `tests/fuzz-regressions/<target>/` once the bug was fixed.

/// Replays `target`'s inputs with the crate's own regression folder.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    mastery_domain::fuzzing::replay(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), target, body)
}

#[test]
fn the_date_reader_replays_its_fuzz_inputs() {
    assert!(replay("when", mastery_domain::fuzzing::when) > 0);
}

#[test]
fn the_scale_format_replays_its_fuzz_inputs() {
    assert!(replay("scale_toml", mastery_domain::fuzzing::scale_toml) > 0);
}

#[test]
fn the_program_format_replays_its_fuzz_inputs() {
    assert!(replay("program_toml", mastery_domain::fuzzing::program_toml) > 0);
}
