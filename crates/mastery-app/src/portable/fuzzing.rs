//! The bodies of the fuzz targets of the import formats (`fuzz/`, run with `bench/fuzz`), here so
//! that the regression test (`tests/fuzz_regressions.rs`) feeds the committed inputs through the
//! same code. Each reads arbitrary bytes as the importer does before it touches the store, and
//! panics only when a property fails: any file is read into records or refused with
//! [`AppError::BadFile`] naming where, never a panic.

use std::io::Cursor;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use mastery_domain::measure::MINUTES_IN_A_DAY;
use tokio::sync::mpsc;

use super::import::{Message, Record, parse};
use super::{LoopExport, daylio, loop_habits};
use crate::AppError;

/// The day the readers take as today: later dates in a file are refused.
const TODAY: Date = Date::constant(2026, 11, 20);

/// A file refused is refused as a bad file (or a bad value), never as a failure of the app.
fn refused(error: &AppError) {
    assert!(matches!(error, AppError::BadFile { .. } | AppError::Invalid(_)), "{error:?}");
}

/// A Mastery export (`App::import_json`'s reading half): records one by one, or the first
/// problem with its place; and every record read is written as the export writes it and read
/// back unchanged.
pub fn import_json(data: &[u8]) {
    // Every record takes at least two bytes of the document, so the channel never fills.
    let (sender, mut receiver) = mpsc::channel(data.len() + 2);
    parse(data, &sender);
    drop(sender);
    let mut records = 0;
    loop {
        match receiver.try_recv() {
            Ok(Message::Record { place, record }) => {
                // What the importer accepts, the export writes in a form it reads back the same.
                let section = place.split('[').next().unwrap_or_default();
                let written = record.exported().expect("an accepted record is written");
                let again = Record::read(section, written.clone())
                    .unwrap_or_else(|why| panic!("{place} as exported is refused: {why}\n{written}"));
                assert_eq!(again.exported().unwrap(), written, "{place} changes when exported and read again");
                records += 1;
            }
            Ok(Message::Done) => break,
            Ok(Message::Failed(error)) => return refused(&error),
            Err(error) => panic!("the reader ended without a word after {records} records: {error}"),
        }
    }
}

/// A Daylio CSV export (`App::import_daylio`'s reading half): one check-in a day, its mood a
/// rating.
pub fn import_daylio(data: &[u8]) {
    match daylio::read(data, TODAY) {
        Ok((days, _)) => {
            for zone in [TimeZone::UTC, TimeZone::get("America/New_York").expect("a bundled zone")] {
                for (on, day) in &days {
                    assert!(*on <= TODAY);
                    if let Err(error) = day.checkin(*on, &zone) {
                        refused(&error);
                    }
                }
            }
        }
        Err(error) => refused(&error),
    }
}

/// A Loop Habit Tracker export as the ZIP Loop writes (`LoopExport::from_zip`, then what
/// `App::import_loop` derives before it touches the store).
pub fn import_loop_zip(data: &[u8]) {
    match LoopExport::from_zip(Cursor::new(data)) {
        Ok(export) => loop_export(&export),
        Err(error) => refused(&error),
    }
}

/// A Loop Habit Tracker export's CSV files, unpacked: the input is `Habits.csv`, the root
/// `Checkmarks.csv` and a habit's `001 Habit/Checkmarks.csv`, separated by lines holding only
/// `---`, so the fuzzer works on the CSV rather than on the ZIP around it.
pub fn import_loop_csv(data: &[u8]) {
    let names = ["Habits.csv", "Checkmarks.csv", "001 Habit/Checkmarks.csv"];
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(5).position(|w| w == b"\n---\n") {
        parts.push(rest[..at + 1].to_vec());
        rest = &rest[at + 5..];
    }
    parts.push(rest.to_vec());
    let files = names.iter().map(|n| (*n).to_owned()).zip(parts);
    match LoopExport::from_files(files) {
        Ok(export) => loop_export(&export),
        Err(error) => refused(&error),
    }
}

fn loop_export(export: &LoopExport) {
    match loop_habits::derive(export, TODAY) {
        Ok((minutes, _)) => {
            for m in minutes {
                assert!((1..=MINUTES_IN_A_DAY).contains(&m), "a plan or session of {m} minutes");
            }
        }
        Err(error) => refused(&error),
    }
}
