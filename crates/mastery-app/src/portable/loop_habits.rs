//! Bringing in Loop Habit Tracker: its CSV export's habits become practice plans, and the days
//! marked done become practice sessions.
//!
//! Loop's *Export as CSV* writes a ZIP (`HabitsCSVExporter` in Loop's source) holding
//! `Habits.csv` (one row per habit: `Position,Name,Type,Question,Description,
//! FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?`), a
//! folder per habit named after its position and name (`001 Meditate/`) with `Checkmarks.csv`
//! (`Date,Value,Notes`, the known days, newest first) and `Scores.csv`, and at the root
//! `Checkmarks.csv` and `Scores.csv` with one column per habit. A value is `YES_MANUAL` (done),
//! `YES_AUTO` (not done, but not expected that day), `NO`, `SKIP`, `UNKNOWN`, or for a
//! numerical habit the amount in thousandths (`15000` is 15).
//!
//! Mastery holds one practice plan per domain, so each habit becomes a domain of its own, named
//! after it (a domain of that name already in the store is used, with its plan). Its plan asks
//! for as many days a week as Loop's frequency (`2` in `3` days is 5 days a week), on the
//! weekdays the history was kept most. A day marked done is a session at noon that day, of the
//! plan's minutes, or of the amount itself when a numerical habit counts minutes or hours; a
//! skipped day is a rest day, which Loop's score also leaves unchanged. `YES_AUTO`, `NO` and
//! `UNKNOWN` add nothing. A day that already has a session (or rest day) in that domain is kept
//! as it is, so importing the same file again adds nothing. The whole export is read and
//! checked before the store is touched: a bad row refuses it, naming the file and line, and
//! nothing is written.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{Read, Seek};
use std::path::Path;

use jiff::civil::{Date, Time};
use mastery_domain::Field;
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::ids::{DomainId, SessionId};
use mastery_domain::measure::MINUTES_IN_A_DAY;
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay, Weekdays};
use mastery_domain::text::{Name, optional_text};
use mastery_store::{Access, PracticeTx, Store, Transaction};

use super::import::{ImportReport, Skipped};
use crate::{App, AppError, new_id};

/// The columns of Loop's `Habits.csv`.
const HABIT_COLUMNS: [&str; 12] = [
    "Position",
    "Name",
    "Type",
    "Question",
    "Description",
    "FrequencyNumerator",
    "FrequencyDenominator",
    "Color",
    "Unit",
    "Target Type",
    "Target Value",
    "Archived?",
];
/// The days of the week as `Weekdays` reads them, Monday first.
const WEEK: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The minutes of a plan and its sessions when the person names none (Loop records no time).
pub const DEFAULT_MINUTES: u32 = 15;
/// The most an export's CSV files may hold, together, once unpacked: far beyond years of
/// habits, and a guard against a ZIP that unpacks into gigabytes.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The CSV files of a Loop export, by their path inside it (`Habits.csv`,
/// `001 Meditate/Checkmarks.csv`).
#[derive(Debug, Default)]
pub struct LoopExport {
    files: BTreeMap<String, Vec<u8>>,
}

impl LoopExport {
    /// The export as Loop writes it: a ZIP. `Habits.csv` may sit in a folder of the ZIP (an
    /// export unpacked and packed again); the files beside it are read.
    pub fn from_zip<R: Read + Seek>(input: R) -> Result<Self, AppError> {
        let bad_zip = |e: zip::result::ZipError| bad_file("the ZIP", format!("not a readable ZIP file: {e}"));
        let mut archive = zip::ZipArchive::new(input).map_err(bad_zip)?;
        let mut export = LoopExport::default();
        let mut total = 0;
        for index in 0..archive.len() {
            let entry = archive.by_index(index).map_err(bad_zip)?;
            let name = entry.name().map_err(bad_zip)?.replace('\\', "/");
            if entry.is_dir() || !name.to_ascii_lowercase().ends_with(".csv") {
                continue;
            }
            let bytes = read_limited(entry, &name, &mut total)?;
            export.files.insert(name, bytes);
        }
        export.rebase()
    }

    /// An export unpacked into `dir`: its `Habits.csv` and `Checkmarks.csv`, and each habit
    /// folder's `Checkmarks.csv`.
    pub fn from_dir(dir: &Path) -> Result<Self, AppError> {
        let unreadable = |e: std::io::Error| bad_file(&dir.display().to_string(), format!("cannot be read: {e}"));
        let mut export = LoopExport::default();
        let mut total = 0;
        for name in ["Habits.csv", "Checkmarks.csv"] {
            let path = dir.join(name);
            if path.is_file() {
                let file = std::fs::File::open(&path).map_err(unreadable)?;
                export.files.insert(name.to_owned(), read_limited(file, name, &mut total)?);
            }
        }
        for entry in std::fs::read_dir(dir).map_err(unreadable)? {
            let path = entry.map_err(unreadable)?.path().join("Checkmarks.csv");
            if path.is_file() {
                let folder = path.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
                let name = format!("{}/Checkmarks.csv", folder.unwrap_or_default());
                let file = std::fs::File::open(&path).map_err(unreadable)?;
                let bytes = read_limited(file, &name, &mut total)?;
                export.files.insert(name, bytes);
            }
        }
        export.rebase()
    }

    /// Keeps the files under the folder that holds `Habits.csv`, named from there.
    fn rebase(self) -> Result<Self, AppError> {
        let root = self
            .files
            .keys()
            .filter_map(|name| name.strip_suffix("Habits.csv").filter(|r| r.is_empty() || r.ends_with('/')))
            .min_by_key(|root| root.len())
            .map(str::to_owned)
            .ok_or_else(|| {
                bad_file(
                    "the export",
                    "no Habits.csv: give the ZIP that Loop's \"Export as CSV\" writes, or its unpacked folder",
                )
            })?;
        let files = self
            .files
            .into_iter()
            .filter_map(|(name, bytes)| Some((name.strip_prefix(&root)?.to_owned(), bytes)))
            .collect();
        Ok(Self { files })
    }
}

impl LoopExport {
    /// An export from files already in memory, by their path inside it (the fuzz target's way
    /// in, `portable::fuzzing`); as [`LoopExport::from_zip`] after unpacking.
    pub(super) fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Result<Self, AppError> {
        Self { files: files.into_iter().collect() }.rebase()
    }
}

/// What [`App::import_loop`] derives from `export` before it touches the store, for the fuzz
/// target (`portable::fuzzing`): every plan's and session's minutes when no `minutes` is given,
/// each plan's weekdays, and each session's note.
pub(super) fn derive(export: &LoopExport, today: Date) -> Result<(Vec<u32>, Vec<Weekdays>), AppError> {
    let (planned, _) = read(export, today)?;
    let (mut minutes, mut days) = (Vec::new(), Vec::new());
    for Planned { habit, days: history } in &planned {
        let plan_minutes = habit.minutes(habit.target).unwrap_or(DEFAULT_MINUTES);
        minutes.push(plan_minutes);
        days.push(weekdays(habit.frequency, history));
        for day in history {
            if let Mark::Done { amount, note } = &day.mark {
                minutes.push(habit.minutes(*amount).unwrap_or(plan_minutes));
                let _ = habit.note(*amount, note.as_deref());
            }
        }
    }
    Ok((minutes, days))
}

/// Reads one file of the export, refusing it once the export's files pass [`MAX_BYTES`].
fn read_limited<R: Read>(input: R, name: &str, total: &mut u64) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_BYTES - *total + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| bad_file(name, format!("cannot be read: {e}")))?;
    *total += bytes.len() as u64;
    if *total > MAX_BYTES {
        return Err(bad_file(name, format!("the export's CSV files hold more than {} MB", MAX_BYTES / 1024 / 1024)));
    }
    Ok(bytes)
}

/// One habit of `Habits.csv`, read and checked.
#[derive(Debug)]
struct Habit {
    position: String,
    name: Name,
    slug: String,
    description: Option<String>,
    /// Loop's frequency: `numerator` times in `denominator` days.
    frequency: (u32, u32),
    /// A numerical habit's unit; `None` for a yes/no habit.
    unit: Option<String>,
    /// A numerical habit's daily target, when it counts at least that much.
    target: Option<f64>,
    archived: bool,
    line: u64,
}

/// What a habit's day says.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    /// Done: with the amount of a numerical habit, and Loop's note.
    Done { amount: Option<f64>, note: Option<String> },
    /// Skipped: a rest day.
    Skip,
}

/// One day of a habit's history.
#[derive(Debug, Clone, PartialEq)]
struct Day {
    on: Date,
    mark: Mark,
    /// Where it was read: `001 Meditate/Checkmarks.csv line 4`.
    place: String,
}

/// A habit with its days, ready to write.
#[derive(Debug)]
struct Planned {
    habit: Habit,
    days: Vec<Day>,
}

impl<S: Store> App<S> {
    /// Reads a Loop Habit Tracker export into domains, practice plans, sessions and rest days,
    /// in one transaction; `minutes` is the plan's (and each session's) length where the
    /// export does not give one. With `commit` false, reports what it would do and writes
    /// nothing.
    pub async fn import_loop(
        &self,
        export: &LoopExport,
        minutes: Option<u32>,
        commit: bool,
    ) -> Result<ImportReport, AppError> {
        let now = self.clock.now();
        let (planned, notes) = read(export, now.date())?;
        let mut report = ImportReport { notes, ..ImportReport::default() };
        let mut tx = self.store.begin(self.user, Access::Write).await?;
        let plans: HashSet<DomainId> = tx.practice_plans().await?.into_iter().map(|p| p.domain_id).collect();
        let mut slugs = HashSet::new();
        for Planned { habit, days } in planned {
            if !slugs.insert(habit.slug.clone()) {
                report.sections.entry("domains").or_default().skipped += 1;
                report.skipped.push(Skipped {
                    place: format!("Habits.csv line {}", habit.line),
                    why: format!(
                        "habit `{}` has the same short name (`{}`) as one above it; rename one in Loop",
                        habit.name, habit.slug
                    ),
                });
                continue;
            }
            let domain = match tx.domain_by_slug(&habit.slug).await? {
                Some(domain) => {
                    report.sections.entry("domains").or_default().kept += 1;
                    domain
                }
                None => {
                    let domain = Domain {
                        id: new_id(DomainId::from_uuid),
                        name: habit.name.clone(),
                        slug: habit.slug.clone(),
                        area: LifeArea::Other,
                        description: habit.description.clone(),
                        created_at: now.timestamp(),
                        archived_at: habit.archived.then(|| now.timestamp()),
                    };
                    tx.insert_domain(&domain).await?;
                    report.sections.entry("domains").or_default().added += 1;
                    domain
                }
            };
            let plan_minutes = minutes.or_else(|| habit.minutes(habit.target)).unwrap_or(DEFAULT_MINUTES);
            if plans.contains(&domain.id) {
                report.sections.entry("practice_plans").or_default().kept += 1;
            } else {
                let plan = PracticePlan {
                    domain_id: domain.id,
                    minutes: plan_minutes,
                    days: weekdays(habit.frequency, &days),
                    starts_on: days.iter().map(|d| d.on).min().unwrap_or(now.date()),
                    created_at: now.timestamp(),
                };
                tx.set_practice_plan(&plan).await?;
                report.sections.entry("practice_plans").or_default().added += 1;
            }
            let sessions: HashSet<Date> =
                tx.practice_sessions(Some(domain.id)).await?.into_iter().map(|s| s.on).collect();
            let rests: HashSet<Date> = tx
                .rest_days()
                .await?
                .into_iter()
                .filter(|r| r.domain_id.is_none_or(|d| d == domain.id))
                .map(|r| r.on)
                .collect();
            for day in days {
                let at = day
                    .on
                    .to_datetime(Time::midnight())
                    .to_zoned(now.time_zone().clone())
                    .map_err(|e| AppError::BadFile { place: day.place.clone(), why: e.to_string() })?;
                match day.mark {
                    Mark::Done { amount, note } => {
                        let counts = report.sections.entry("practice_sessions").or_default();
                        if sessions.contains(&day.on) {
                            counts.kept += 1;
                            continue;
                        }
                        let noon = at.checked_add(jiff::Span::new().hours(12)).unwrap_or(at);
                        let session = PracticeSession {
                            id: new_id(SessionId::from_uuid),
                            domain_id: domain.id,
                            minutes: habit.minutes(amount).unwrap_or(plan_minutes),
                            note: habit.note(amount, note.as_deref()),
                            at: noon.timestamp(),
                            on: day.on,
                        };
                        tx.insert_practice_session(&session).await?;
                        counts.added += 1;
                    }
                    Mark::Skip => {
                        let counts = report.sections.entry("rest_days").or_default();
                        if rests.contains(&day.on) {
                            counts.kept += 1;
                            continue;
                        }
                        let rest = RestDay { domain_id: Some(domain.id), on: day.on, declared_at: at.timestamp() };
                        tx.insert_rest_day(&rest).await?;
                        counts.added += 1;
                    }
                }
            }
        }
        if commit {
            crate::revise::barrier(&mut tx, self.clock.now().timestamp(), "Imported a Loop Habit Tracker export")
                .await?;
            tx.commit().await?;
        }
        Ok(report)
    }
}

impl Habit {
    /// An amount of this habit as minutes of practice, when its unit is a time: 1 to 1440.
    fn minutes(&self, amount: Option<f64>) -> Option<u32> {
        let unit = self.unit.as_deref()?.trim().to_lowercase();
        let per = match unit.as_str() {
            "min" | "mins" | "minute" | "minutes" | "m" => 1.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
            _ => return None,
        };
        // A NaN passes through `clamp`, and would be cast to 0 minutes.
        let minutes = Some((amount? * per).round()).filter(|m| !m.is_nan())?.clamp(1.0, f64::from(MINUTES_IN_A_DAY));
        // Within 1..=MINUTES_IN_A_DAY after the clamp, so the cast is exact.
        Some(minutes as u32)
    }

    /// A session's note: the amount of a numerical habit that does not count time, and Loop's
    /// note of the day.
    fn note(&self, amount: Option<f64>, note: Option<&str>) -> Option<String> {
        let amount = match (amount, &self.unit) {
            (Some(amount), Some(unit)) if self.minutes(Some(amount)).is_none() => {
                Some(format!("{} {}", trim_number(amount), unit.trim()).trim().to_owned())
            }
            _ => None,
        };
        let text = [amount.as_deref(), note].into_iter().flatten().collect::<Vec<_>>().join(" — ");
        Some(text).filter(|t| !t.is_empty())
    }
}

/// `15` for 15.0, `2.5` for 2.5.
fn trim_number(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The weekdays of a plan with Loop's frequency: `numerator` days in `denominator` is
/// `7 × numerator / denominator` days a week, rounded, at least one; the days are those the
/// history was kept on most (Monday first among equals), or spread over the week without one.
fn weekdays((numerator, denominator): (u32, u32), days: &[Day]) -> Weekdays {
    let per_week = (7 * numerator + denominator / 2) / denominator.max(1);
    if per_week >= 7 {
        return Weekdays::DAILY;
    }
    let count = per_week.max(1) as usize;
    let mut kept = [0usize; 7];
    for day in days.iter().filter(|d| matches!(d.mark, Mark::Done { .. })) {
        kept[day.on.weekday().to_monday_zero_offset() as usize] += 1;
    }
    let chosen: BTreeSet<usize> = if kept.iter().any(|&k| k > 0) {
        let mut order: Vec<usize> = (0..7).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(kept[i]), i));
        order.into_iter().take(count).collect()
    } else {
        (0..count).map(|i| i * 7 / count).collect()
    };
    let names: Vec<&str> = chosen.iter().map(|&i| WEEK[i]).collect();
    names.join(",").parse().unwrap_or(Weekdays::DAILY)
}

/// Reads and checks the whole export: each habit with its days, and notes on what is left out.
fn read(export: &LoopExport, today: Date) -> Result<(Vec<Planned>, Vec<String>), AppError> {
    let (habits, mut notes) = read_habits(&export.files["Habits.csv"])?;
    let root = match export.files.get("Checkmarks.csv") {
        Some(bytes) => Some(read_root(bytes, today)?),
        None => None,
    };
    let mut planned = Vec::new();
    for habit in habits {
        if habit.unit.is_some() && habit.target.is_none() {
            notes.push(format!(
                "habit `{}` counts at most an amount each day: a limit, not practice; it is not imported",
                habit.name
            ));
            continue;
        }
        let folder = export.files.keys().find(|name| {
            name.strip_suffix("/Checkmarks.csv").is_some_and(|folder| {
                folder == habit.position || folder.strip_prefix(&habit.position).is_some_and(|r| r.starts_with(' '))
            })
        });
        let column =
            root.as_ref().and_then(|root| Some((root, root.columns.iter().position(|c| c == habit.name.as_str())?)));
        let days = match (folder, column) {
            (Some(name), _) => read_checkmarks(name, &export.files[name], &habit, today)?,
            (None, Some((root, column))) => root.days(column, &habit)?,
            (None, None) => {
                notes
                    .push(format!("habit `{}` has no checkmarks in the export; only its plan is imported", habit.name));
                Vec::new()
            }
        };
        planned.push(Planned { habit, days });
    }
    notes.push(
        "Loop's scores (Scores.csv) and colours are not imported: Mastery computes its own consistency score from the sessions"
            .to_owned(),
    );
    Ok((planned, notes))
}

/// The habits of `Habits.csv`, and notes on the columns Mastery does not read.
fn read_habits(bytes: &[u8]) -> Result<(Vec<Habit>, Vec<String>), AppError> {
    let place = |line: u64| format!("Habits.csv line {line}");
    let mut reader = ::csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = reader.headers().map_err(|e| bad_file(&place(1), e))?.clone();
    let find = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(position_at), Some(_)) = (find("Position"), find("Name")) else {
        return Err(bad_file(
            &place(1),
            format!("no `Position` and `Name` columns; Loop's Habits.csv starts with {}", HABIT_COLUMNS.join(",")),
        ));
    };
    let notes = headers
        .iter()
        .filter(|h| !h.trim().is_empty() && !HABIT_COLUMNS.iter().any(|c| h.trim().eq_ignore_ascii_case(c)))
        .map(|h| format!("column `{h}` of Habits.csv is not one Mastery reads; ignored"))
        .collect();
    let mut habits = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| bad_file(&place(e.position().map_or(0, |p| p.line())), e))?;
        let line = row.position().map_or(0, |p| p.line());
        let field = |name: &str| find(name).and_then(|at| row.get(at)).unwrap_or("").trim();
        let bad = |why: String| bad_file(&place(line), why);
        let name = Name::parse(Field::HabitName, field("Name")).map_err(|e| bad(e.to_string()))?;
        let slug = name.slug().ok_or_else(|| bad(format!("habit name `{name}` has no letters or digits")))?;
        let count = |column: &str, default: u32| match field(column) {
            "" => Ok(default),
            text => text
                .parse::<u32>()
                .ok()
                .filter(|&n| (1..=366).contains(&n))
                .ok_or_else(|| bad(format!("{column} `{text}` is not a whole number from 1 to 366"))),
        };
        let frequency = (count("FrequencyNumerator", 1)?, count("FrequencyDenominator", 1)?);
        let (unit, target) = match field("Type").to_ascii_uppercase().as_str() {
            "" | "YES_NO" => (None, None),
            "NUMERICAL" => {
                let target = match field("Target Type").to_ascii_uppercase().as_str() {
                    "AT_MOST" => None,
                    // `NaN` and `inf` read as numbers; no target is either.
                    "" | "AT_LEAST" => {
                        Some(field("Target Value").parse::<f64>().ok().filter(|t| t.is_finite()).unwrap_or(0.0))
                    }
                    other => return Err(bad(format!("Target Type `{other}` is not AT_LEAST or AT_MOST"))),
                };
                (Some(field("Unit").to_owned()), target)
            }
            other => return Err(bad(format!("Type `{other}` is not YES_NO or NUMERICAL"))),
        };
        let archived = match field("Archived?").to_ascii_lowercase().as_str() {
            "" | "false" => false,
            "true" => true,
            other => return Err(bad(format!("Archived? `{other}` is not true or false"))),
        };
        let text = [field("Question"), field("Description")].into_iter().filter(|t| !t.is_empty());
        let description = optional_text(Field::Description, Some(&text.collect::<Vec<_>>().join(" ")))
            .map_err(|e| bad(e.to_string()))?;
        let position = row.get(position_at).unwrap_or("").trim().to_owned();
        habits.push(Habit { position, name, slug, description, frequency, unit, target, archived, line });
    }
    Ok((habits, notes))
}

/// A value of a checkmarks file for `habit`: `None` when it adds nothing.
fn mark(habit: &Habit, value: &str, note: Option<String>) -> Result<Option<Mark>, String> {
    let number = match value.trim() {
        "YES_MANUAL" => 2,
        "YES_AUTO" => 1,
        "NO" => 0,
        "UNKNOWN" => -1,
        "SKIP" => 3,
        text => text.parse::<i64>().map_err(|_| {
            format!("value `{text}` is not one of Loop's (YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN or a number)")
        })?,
    };
    Ok(match (number, habit.unit.is_some()) {
        (3, _) => Some(Mark::Skip),
        (..=0, _) | (1, false) => None,
        (2, false) => Some(Mark::Done { amount: None, note }),
        (n, true) => Some(Mark::Done { amount: Some(n as f64 / 1000.0), note }),
        (other, false) => return Err(format!("value `{other}` is not one of a yes/no habit's (-1 to 3)")),
    })
}

/// The day of a checkmarks row, checked: a date, not after today.
fn day_of(text: &str, today: Date) -> Result<Date, String> {
    let on: Date = text.trim().parse().map_err(|e| format!("date `{}`: {e}", text.trim()))?;
    if on > today {
        return Err(format!("date {on} is after today"));
    }
    Ok(on)
}

/// A habit folder's `Checkmarks.csv`: `Date,Value,Notes` (older exports have no `Notes`).
fn read_checkmarks(name: &str, bytes: &[u8], habit: &Habit, today: Date) -> Result<Vec<Day>, AppError> {
    let place = |line: u64| format!("{name} line {line}");
    let mut reader = ::csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = reader.headers().map_err(|e| bad_file(&place(1), e))?.clone();
    let find = |column: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(column));
    let (Some(date_at), Some(value_at)) = (find("Date"), find("Value")) else {
        return Err(bad_file(&place(1), "no `Date` and `Value` columns; Loop writes Date,Value,Notes"));
    };
    let notes_at = find("Notes");
    let mut days = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| bad_file(&place(e.position().map_or(0, |p| p.line())), e))?;
        let line = row.position().map_or(0, |p| p.line());
        let on = day_of(row.get(date_at).unwrap_or(""), today).map_err(|why| bad_file(&place(line), why))?;
        let note = notes_at.and_then(|at| row.get(at)).map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        if let Some(mark) =
            mark(habit, row.get(value_at).unwrap_or(""), note).map_err(|why| bad_file(&place(line), why))?
        {
            days.push(Day { on, mark, place: place(line) });
        }
    }
    Ok(days)
}

/// The root `Checkmarks.csv`: a `Date` column, then one column per habit, by name (each line
/// ends with a comma, so the last column has no name).
struct Root {
    columns: Vec<String>,
    rows: Vec<(Date, Vec<String>, u64)>,
}

fn read_root(bytes: &[u8], today: Date) -> Result<Root, AppError> {
    let place = |line: u64| format!("Checkmarks.csv line {line}");
    let mut reader = ::csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = reader.headers().map_err(|e| bad_file(&place(1), e))?.clone();
    if !headers.get(0).is_some_and(|h| h.trim().eq_ignore_ascii_case("Date")) {
        return Err(bad_file(&place(1), "the first column is not `Date`; Loop writes Date, then one column per habit"));
    }
    let columns = headers.iter().skip(1).map(|h| h.trim().to_owned()).collect();
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| bad_file(&place(e.position().map_or(0, |p| p.line())), e))?;
        let line = row.position().map_or(0, |p| p.line());
        let on = day_of(row.get(0).unwrap_or(""), today).map_err(|why| bad_file(&place(line), why))?;
        rows.push((on, row.iter().skip(1).map(str::to_owned).collect(), line));
    }
    Ok(Root { columns, rows })
}

impl Root {
    /// The days of the habit in `column`.
    fn days(&self, column: usize, habit: &Habit) -> Result<Vec<Day>, AppError> {
        let mut days = Vec::new();
        for (on, values, line) in &self.rows {
            let place = format!("Checkmarks.csv line {line}");
            let value = values.get(column).map_or("", String::as_str);
            if let Some(mark) = mark(habit, value, None).map_err(|why| bad_file(&place, why))? {
                days.push(Day { on: *on, mark, place });
            }
        }
        Ok(days)
    }
}

fn bad_file(place: &str, why: impl std::fmt::Display) -> AppError {
    AppError::BadFile { place: place.to_owned(), why: why.to_string() }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn habit(unit: Option<&str>) -> Habit {
        Habit {
            position: "001".into(),
            name: Name::parse(Field::HabitName, "Read").unwrap(),
            slug: "read".into(),
            description: None,
            frequency: (1, 1),
            unit: unit.map(str::to_owned),
            target: unit.map(|_| 10.0),
            archived: false,
            line: 2,
        }
    }

    #[test]
    fn a_frequency_becomes_days_a_week_spread_over_the_week_without_history() {
        assert_eq!(weekdays((1, 1), &[]), Weekdays::DAILY);
        assert_eq!(weekdays((3, 7), &[]).to_string(), "mon,wed,fri");
        assert_eq!(weekdays((1, 14), &[]).to_string(), "mon");
        assert_eq!(weekdays((5, 30), &[]).to_string(), "mon");
        assert_eq!(weekdays((2, 3), &[]).count(), 5);
        assert_eq!(weekdays((6, 7), &[]).count(), 6);
        let sunday = Day {
            on: "2026-11-08".parse().unwrap(),
            mark: Mark::Done { amount: None, note: None },
            place: String::new(),
        };
        assert_eq!(weekdays((1, 7), &[sunday]).to_string(), "sun");
    }

    #[test]
    fn loops_values_read_as_done_skipped_or_nothing() {
        let yes_no = habit(None);
        assert_eq!(mark(&yes_no, "YES_MANUAL", None), Ok(Some(Mark::Done { amount: None, note: None })));
        assert_eq!(mark(&yes_no, "2", Some("n".into())), Ok(Some(Mark::Done { amount: None, note: Some("n".into()) })));
        assert_eq!(mark(&yes_no, "SKIP", None), Ok(Some(Mark::Skip)));
        for nothing in ["YES_AUTO", "NO", "UNKNOWN", "1", "0", "-1"] {
            assert_eq!(mark(&yes_no, nothing, None), Ok(None), "{nothing}");
        }
        assert!(mark(&yes_no, "7", None).is_err());
        assert!(mark(&yes_no, "yes", None).unwrap_err().contains("value `yes`"));
        let pages = habit(Some("pages"));
        assert_eq!(mark(&pages, "12500", None), Ok(Some(Mark::Done { amount: Some(12.5), note: None })));
        assert_eq!(mark(&pages, "SKIP", None), Ok(Some(Mark::Skip)));
        assert_eq!(mark(&pages, "0", None), Ok(None));
        assert_eq!(pages.note(Some(12.5), Some("good")).as_deref(), Some("12.5 pages — good"));
        let hours = habit(Some("hours"));
        assert_eq!(hours.minutes(Some(1.5)), Some(90));
        assert_eq!(hours.note(Some(1.5), None), None, "the amount is the session's length");
    }

    #[test]
    fn a_zip_packed_again_in_a_folder_is_read_from_the_folder_holding_habits_csv() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, text) in [
            ("Loop Habits CSV 2026-12-06/Habits.csv", "Position,Name\n001,Meditate\n"),
            ("Loop Habits CSV 2026-12-06/001 Meditate/Checkmarks.csv", "Date,Value,Notes\n2026-11-10,YES_MANUAL,\n"),
            ("Loop Habits CSV 2026-12-06/001 Meditate/Scores.png", "not a CSV file"),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let export = LoopExport::from_zip(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(export.files.keys().collect::<Vec<_>>(), ["001 Meditate/Checkmarks.csv", "Habits.csv"]);
        let (planned, _) = read(&export, "2026-12-01".parse().unwrap()).unwrap();
        assert_eq!(planned[0].days.len(), 1);
    }

    #[test]
    fn an_export_without_habits_or_too_large_is_refused() {
        let error = LoopExport { files: BTreeMap::from([("Checkmarks.csv".into(), Vec::new())]) }.rebase().unwrap_err();
        assert!(error.to_string().contains("no Habits.csv"), "{error}");
        let mut total = 0;
        let error = read_limited(std::io::repeat(b'0').take(MAX_BYTES + 1), "Checkmarks.csv", &mut total).unwrap_err();
        assert!(error.to_string().contains("more than 64 MB"), "{error}");
    }
}
