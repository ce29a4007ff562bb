//! The bodies of the fuzz targets in `fuzz/` (run with `bench/fuzz`), here so that the
//! regression test (`tests/fuzz_regressions.rs`) feeds the committed inputs through exactly the
//! same code. Each takes arbitrary bytes and panics only when a property fails: a reader given
//! any text answers a value or an error, never a panic.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::ValidationError;
use crate::ids::{DomainId, ProgramId};
use crate::program::{Program, ProgramTemplate};
use crate::scale::Scale;
use crate::when::{Lean, parse_date, parse_datetime};

/// Feeds each committed input of `target` to `body`: the files of `tests/fuzz-regressions/<target>/`
/// under the crate at `crate_root` (its `CARGO_MANIFEST_DIR`) and of `fuzz/seeds/<target>/`.
/// Answers how many there were; panics naming the first input a body fails on.
pub fn replay(crate_root: &std::path::Path, target: &str, body: fn(&[u8])) -> usize {
    let folders =
        [crate_root.join("tests/fuzz-regressions").join(target), crate_root.join("../../fuzz/seeds").join(target)];
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

/// The reader of human dates and times (`when`): any text, relative to a few fixed nows (UTC
/// and a zone with daylight saving, a day near a change of it), leaning either way.
pub fn when(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let nows = [
        (DateTime::constant(2026, 11, 20, 18, 30, 0, 0), TimeZone::UTC),
        (DateTime::constant(2026, 3, 8, 1, 30, 0, 0), TimeZone::get("America/New_York").expect("a bundled zone")),
    ];
    for (now, zone) in nows {
        let now = now.to_zoned(zone).expect("a fixed instant");
        for lean in [Lean::Past, Lean::Future] {
            // A date answered is within the years accepted anywhere.
            if let Ok(date) = parse_date(text, now.date(), lean) {
                assert!((Date::constant(1900, 1, 1)..=Date::constant(2200, 12, 31)).contains(&date), "{date}");
            }
            let _ = parse_datetime(text, &now, lean);
        }
    }
}

/// The scale format (`Scale::from_toml`): an error names a line of the source.
pub fn scale_toml(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    match Scale::from_toml(source) {
        Ok(scale) => assert!(!scale.items.is_empty(), "a scale has items"),
        Err(ValidationError::Scale { line, .. }) => {
            let lines = source.matches('\n').count() + 1;
            assert!((1..=lines).contains(&line), "line {line} of {lines}");
        }
        Err(other) => panic!("a scale's error is a ValidationError::Scale, not {other:?}"),
    }
}

/// The program template format (`ProgramTemplate::parse`): a template read is written back to
/// TOML and read again unchanged, and its calendar is computable.
pub fn program_toml(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let Ok(template) = ProgramTemplate::parse(source) else { return };
    let written = toml::to_string(&template).expect("a template read is written");
    assert_eq!(ProgramTemplate::parse(&written).as_ref(), Ok(&template), "{written}");
    let starts_on = Date::constant(2026, 11, 20);
    let program = Program {
        id: ProgramId::from_uuid(uuid::Uuid::nil()),
        domain_id: DomainId::from_uuid(uuid::Uuid::nil()),
        template,
        starts_on,
        created_at: jiff::Timestamp::UNIX_EPOCH,
    };
    assert!(program.ends_on() >= starts_on && program.baseline_from() < starts_on);
    assert_eq!(program.day(starts_on), 1);
}
