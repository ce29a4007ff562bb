//! Bringing in a Daylio diary: its CSV export's moods become check-ins.
//!
//! A person who kept a mood diary before Mastery should not start their check-in history from
//! nothing: the link between how they felt and how confident they were is only visible over
//! months. Daylio's export ("Export entries (CSV)") has one row per entry under the header
//! `full_date,date,weekday,time,mood,activities,note_title,note`; the mood is one of the five
//! default names, `rad`, `good`, `meh`, `bad`, `awful`, which are Mastery's 5 to 1.
//!
//! A check-in here is one day's state, so the entries of one day become one check-in: the mean
//! of their moods, rounded, at the time of the day's last entry. A day that already has a
//! check-in with a mood is kept as it is, which makes a second import of the same file add
//! nothing. Activities and notes have no place in a check-in (it holds measures only), so they
//! are left out and the report says so; so are columns Mastery does not know. The whole file is
//! read and checked before the store is touched: a bad row refuses the file, naming its line,
//! and nothing is written.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use jiff::Zoned;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use mastery_domain::Field;
use mastery_domain::checkin::{Checkin, Measures};
use mastery_domain::ids::CheckinId;
use mastery_domain::measure::Rating;
use mastery_store::{Access, Store, Transaction};

use super::import::ImportReport;
use crate::{App, AppError, new_id};

/// The columns of Daylio's export; only `full_date`, `time` and `mood` are read.
const COLUMNS: [&str; 8] = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"];
/// Daylio's default moods, from the worst (Mastery's 1) to the best (5).
const MOODS: [&str; 5] = ["awful", "bad", "meh", "good", "rad"];

/// One day of the diary: its entries' moods and the time of the last one.
pub(super) struct Day {
    moods: Vec<u8>,
    last: Time,
    line: u64,
}

impl<S: Store> App<S> {
    /// Reads a Daylio CSV export into check-ins, one per day, in one transaction; with
    /// `commit` false, reports what it would do and writes nothing.
    pub async fn import_daylio<R: Read>(&self, input: R, commit: bool) -> Result<ImportReport, AppError> {
        let now = self.clock.now();
        let (days, notes) = read(input, now.date())?;
        let mut report = ImportReport { notes, ..ImportReport::default() };
        let mut tx = self.store.begin(self.user, Access::Write).await?;
        // One check-in a day: a day already checked in gets the mood added to its check-in.
        let existing: HashMap<Date, Checkin> = tx.checkins().await?.into_iter().map(|c| (c.on, c)).collect();
        for (on, day) in days {
            let counts = report.sections.entry("checkins").or_default();
            let earlier = existing.get(&on);
            if earlier.is_some_and(|c| c.measures.mood.is_some()) {
                counts.kept += 1;
                continue;
            }
            let (at, mood) = day.checkin(on, now.time_zone())?;
            let measures = Measures { mood: Some(mood), ..Measures::default() };
            match earlier {
                Some(earlier) => {
                    let measures = earlier.measures.updated_with(measures);
                    tx.update_checkin(&Checkin { measures, ..earlier.clone() }).await?;
                }
                None => {
                    let checkin = Checkin { id: new_id(CheckinId::from_uuid), at: at.timestamp(), on, measures };
                    tx.insert_checkin(&checkin).await?;
                }
            }
            counts.added += 1;
        }
        if commit {
            crate::revise::barrier(&mut tx, self.clock.now().timestamp(), "Imported a Daylio export").await?;
            tx.commit().await?;
        }
        Ok(report)
    }
}

impl Day {
    /// The day's check-in: when (its last entry's time) and its mood (the mean, rounded half up).
    pub(super) fn checkin(&self, on: Date, zone: &TimeZone) -> Result<(Zoned, Rating), AppError> {
        let at = on.to_datetime(self.last).to_zoned(zone.clone()).map_err(|e| bad(self.line, e))?;
        let sum: u32 = self.moods.iter().map(|&m| u32::from(m)).sum();
        let count = self.moods.len() as u32;
        // The mean of 1..=5 values is within 1..=5; rounding half up keeps it there.
        let mood = u8::try_from((2 * sum + count) / (2 * count)).map_err(|e| bad(self.line, e))?;
        Ok((at, Rating::new(Field::Mood, mood)?))
    }
}

/// Reads and checks the whole file: the days with their moods, and notes on what is left out.
pub(super) fn read<R: Read>(input: R, today: Date) -> Result<(BTreeMap<Date, Day>, Vec<String>), AppError> {
    let mut reader = ::csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader.headers().map_err(|e| bad(1, e))?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name)).ok_or_else(|| {
            bad(1, format!("no `{name}` column; a Daylio export starts with the header {}", COLUMNS.join(",")))
        })
    };
    let (date_at, time_at, mood_at) = (column("full_date")?, column("time")?, column("mood")?);
    let mut notes: Vec<String> = headers
        .iter()
        .filter(|h| !COLUMNS.iter().any(|c| h.trim().eq_ignore_ascii_case(c)))
        .map(|h| format!("column `{h}` is not one Mastery reads; ignored"))
        .collect();
    let extras: Vec<usize> = ["activities", "note_title", "note"]
        .iter()
        .filter_map(|name| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name)))
        .collect();
    let mut with_extras = 0;
    let mut days: BTreeMap<Date, Day> = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| bad(e.position().map_or(0, |p| p.line()), e))?;
        let line = row.position().map_or(0, |p| p.line());
        let field = |at: usize| row.get(at).unwrap_or("").trim();
        let on: Date = field(date_at).parse().map_err(|e| bad(line, format!("full_date `{}`: {e}", field(date_at))))?;
        if on > today {
            return Err(bad(line, format!("full_date {on} is after today")));
        }
        let time = parse_time(field(time_at))
            .ok_or_else(|| bad(line, format!("time `{}` is not a time of day", field(time_at))))?;
        let mood = mood(field(mood_at)).ok_or_else(|| {
            bad(line, format!("mood `{}` is not one of Daylio's moods ({})", field(mood_at), MOODS.join(", ")))
        })?;
        if extras.iter().any(|&at| !field(at).is_empty()) {
            with_extras += 1;
        }
        let day = days.entry(on).or_insert(Day { moods: Vec::new(), last: time, line });
        day.moods.push(mood);
        day.last = day.last.max(time);
    }
    if with_extras > 0 {
        notes.push(format!(
            "activities and notes of {} are not imported: a check-in holds measures only",
            mastery_domain::text::count(with_extras, "entry", "entries")
        ));
    }
    Ok((days, notes))
}

/// Mastery's rating of a Daylio mood name, in any case.
fn mood(name: &str) -> Option<u8> {
    let at = MOODS.iter().position(|m| m.eq_ignore_ascii_case(name))?;
    u8::try_from(at + 1).ok()
}

/// A time of day as Daylio writes it, which follows the phone's setting: `20:30` or `8:30 PM`.
fn parse_time(text: &str) -> Option<Time> {
    text.parse().ok().or_else(|| Time::strptime("%I:%M %p", text).ok())
}

fn bad(line: u64, why: impl std::fmt::Display) -> AppError {
    AppError::BadFile { place: format!("line {line}"), why: why.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "full_date,date,weekday,time,mood,activities,note_title,note\n\
2026-11-03,November 3,Tuesday,9:15 PM,good,work | reading,,\n\
2026-11-03,November 3,Tuesday,8:00 AM,awful,,Rough start,\"Slept badly, \"\"again\"\"\"\n\
2026-11-04,November 4,Wednesday,21:00,rad,friends,,\n";

    #[test]
    fn a_days_entries_make_one_day_at_its_last_entry() {
        let (days, notes) = read(SAMPLE.as_bytes(), "2026-12-01".parse().unwrap()).unwrap();
        let day = &days[&"2026-11-03".parse::<Date>().unwrap()];
        assert_eq!(day.moods, [4, 1]);
        assert_eq!(day.last, Time::constant(21, 15, 0, 0));
        assert_eq!(days.len(), 2);
        assert_eq!(notes, ["activities and notes of 3 entries are not imported: a check-in holds measures only"]);
    }

    #[test]
    fn a_bad_mood_names_its_line() {
        let text = "full_date,time,mood\n2026-11-03,21:00,good\n2026-11-04,21:00,ecstatic\n";
        let error = read(text.as_bytes(), "2026-12-01".parse().unwrap()).err().unwrap();
        assert!(error.to_string().starts_with("line 3: mood `ecstatic`"), "{error}");
    }

    #[test]
    fn times_are_read_in_either_clock() {
        assert_eq!(parse_time("8:30 PM"), Some(Time::constant(20, 30, 0, 0)));
        assert_eq!(parse_time("08:30"), Some(Time::constant(8, 30, 0, 0)));
        assert_eq!(parse_time("noon"), None);
    }
}
