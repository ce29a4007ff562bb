//! The export as spreadsheet files: one CSV file per section (`attempts.csv`, …) with a header
//! row, for a spreadsheet, R or pandas. Nested values are flattened into columns of their own
//! (an attempt's forecast and record), and records that point at a domain, goal or rung carry
//! its name beside the id, so a file reads on its own. The columns are listed in
//! `docs/export-csv.md`; the JSON export stays the one that can be imported.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use super::{Counts, Sink, walk};
use crate::{App, AppError};
use mastery_store::{Access, Store};

/// A file's columns: each header, and the JSON pointer of its value.
type Columns = &'static [(&'static str, &'static str)];

/// Each section's columns: the header, and where the value sits in the record's JSON (a JSON
/// pointer). `/domain`, `/goal`, `/challenge` and `/difficulty` are the names added beside ids.
pub const COLUMNS: [(&str, Columns); 18] = [
    ("scales", &[("id", "/id"), ("toml", "/toml")]),
    (
        "domains",
        &[
            ("id", "/id"),
            ("name", "/name"),
            ("slug", "/slug"),
            ("area", "/area"),
            ("description", "/description"),
            ("created_at", "/created_at"),
            ("archived_at", "/archived_at"),
        ],
    ),
    (
        "goals",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("statement", "/statement"),
            ("slug", "/slug"),
            ("target_amount", "/target/amount"),
            ("target_unit", "/target/unit"),
            ("deadline", "/deadline"),
            ("why", "/why"),
            ("target_success", "/target_success"),
            ("created_at", "/created_at"),
            ("done_at", "/done_at"),
        ],
    ),
    (
        "challenges",
        &[
            ("id", "/id"),
            ("goal_id", "/goal_id"),
            ("goal", "/goal"),
            ("title", "/title"),
            ("slug", "/slug"),
            ("difficulty", "/difficulty"),
            ("criterion", "/criterion"),
            ("position", "/position"),
            ("created_at", "/created_at"),
        ],
    ),
    (
        "role_models",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("name", "/name"),
            ("similarity", "/similarity"),
            ("process", "/process"),
            ("created_at", "/created_at"),
        ],
    ),
    (
        "feedback",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("from", "/from"),
            ("credibility", "/credibility"),
            ("specificity", "/specificity"),
            ("valence", "/valence"),
            ("text", "/text"),
            ("received_at", "/received_at"),
        ],
    ),
    (
        "evidence",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("title", "/title"),
            ("did", "/did"),
            ("at", "/at"),
            ("on", "/on"),
            ("created_at", "/created_at"),
        ],
    ),
    (
        "checkins",
        &[
            ("id", "/id"),
            ("at", "/at"),
            ("on", "/on"),
            ("sleep_hours", "/measures/sleep_hours"),
            ("exercise_minutes", "/measures/exercise_minutes"),
            ("stress", "/measures/stress"),
            ("energy", "/measures/energy"),
            ("mood", "/measures/mood"),
        ],
    ),
    (
        "audits",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("scale_id", "/scale_id"),
            ("taken_at", "/taken_at"),
            ("taken_on", "/taken_on"),
            ("threshold", "/threshold"),
            ("answers", "/answers"),
            ("every", "/every"),
        ],
    ),
    (
        "practice_plans",
        &[
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("minutes", "/minutes"),
            ("days", "/days"),
            ("starts_on", "/starts_on"),
            ("created_at", "/created_at"),
        ],
    ),
    (
        "practice_sessions",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("minutes", "/minutes"),
            ("note", "/note"),
            ("at", "/at"),
            ("on", "/on"),
        ],
    ),
    (
        "rest_days",
        &[("domain_id", "/domain_id"), ("domain", "/domain"), ("on", "/on"), ("declared_at", "/declared_at")],
    ),
    ("reviews", &[("period", "/period"), ("answers", "/answers"), ("saved_at", "/saved_at")]),
    (
        "programs",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("template", "/template/id"),
            ("title", "/template/title"),
            ("duration_days", "/template/duration_days"),
            ("starts_on", "/starts_on"),
            ("created_at", "/created_at"),
        ],
    ),
    (
        "celebrations",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("kind", "/kind"),
            ("subject", "/subject"),
            ("title", "/title"),
            ("at", "/at"),
            ("effort", "/effort"),
            ("strategy", "/strategy"),
        ],
    ),
    (
        "attempts",
        &[
            ("id", "/id"),
            ("domain_id", "/domain_id"),
            ("domain", "/domain"),
            ("goal_id", "/goal_id"),
            ("goal", "/goal"),
            ("challenge_id", "/challenge_id"),
            ("challenge", "/challenge"),
            ("difficulty", "/difficulty"),
            ("confidence", "/forecast/confidence"),
            ("engine_forecast", "/forecast/engine"),
            ("sleep_hours", "/forecast/state/sleep_hours"),
            ("energy", "/forecast/state/energy"),
            ("stress", "/forecast/state/stress"),
            ("planned_at", "/forecast/planned_at"),
            ("planned_on", "/forecast/planned_on"),
            ("outcome", "/record/outcome"),
            ("effort", "/record/effort"),
            ("did", "/record/did"),
            ("because", "/record/because"),
            ("cause", "/record/attribution/cause"),
            ("locus", "/record/attribution/locus"),
            ("stability", "/record/attribution/stability"),
            ("control", "/record/attribution/control"),
            ("lesson", "/record/lesson"),
            ("recorded_at", "/record/recorded_at"),
        ],
    ),
    (
        "plans_for_next_time",
        &[
            ("attempt_id", "/attempt_id"),
            ("cause", "/cause"),
            ("next_time", "/next_time"),
            ("if_then", "/if_then"),
            ("created_at", "/created_at"),
        ],
    ),
    ("tombstones", &[("kind", "/kind"), ("key", "/key"), ("deleted_at", "/deleted_at")]),
];

impl<S: Store> App<S> {
    /// Writes every record of the person as CSV, one file per section: `create` is given the
    /// file name (`attempts.csv`) and answers where to write it. One read transaction, so the
    /// files agree with each other; answers how many rows each file has.
    pub async fn export_csv<W, F>(&self, create: F) -> Result<Counts, AppError>
    where
        W: Write + Send,
        F: FnMut(&str) -> std::io::Result<W> + Send,
    {
        let mut tx = self.store.begin(self.user, Access::Read).await?;
        let mut files = Files { create, section: "", file: None, names: HashMap::new() };
        walk(&mut tx, &mut files).await
    }
}

/// The CSV files, one open at a time, and the names that go beside ids.
struct Files<W: Write, F> {
    create: F,
    section: &'static str,
    file: Option<(csv::Writer<W>, Columns)>,
    /// Ids of domains, goals and rungs, with what to write beside them (a rung: its title and
    /// difficulty). Parents come before children, so they are known when needed.
    names: HashMap<String, Vec<(&'static str, Value)>>,
}

impl<W: Write, F: FnMut(&str) -> std::io::Result<W>> Sink for Files<W, F> {
    fn open(&mut self, section: &'static str) -> Result<(), AppError> {
        let columns = COLUMNS.iter().find(|(name, _)| *name == section).map_or(&[][..], |(_, columns)| *columns);
        let out = (self.create)(&format!("{section}.csv")).map_err(AppError::Write)?;
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(columns.iter().map(|(header, _)| header)).map_err(write_error)?;
        (self.section, self.file) = (section, Some((writer, columns)));
        Ok(())
    }

    fn record<T: Serialize>(&mut self, record: &T) -> Result<(), AppError> {
        let mut value = serde_json::to_value(record).map_err(|e| AppError::Write(e.into()))?;
        self.remember(&value);
        for parent in ["domain_id", "goal_id", "challenge_id"] {
            let beside = value.get(parent).and_then(Value::as_str).and_then(|id| self.names.get(id)).cloned();
            if let (Some(beside), Some(fields)) = (beside, value.as_object_mut()) {
                fields.extend(beside.into_iter().map(|(key, name)| (key.to_owned(), name)));
            }
        }
        let Some((writer, columns)) = &mut self.file else { return Ok(()) };
        writer.write_record(columns.iter().map(|(_, pointer)| cell(value.pointer(pointer)))).map_err(write_error)
    }

    fn close(&mut self) -> Result<(), AppError> {
        match self.file.take() {
            Some((mut writer, _)) => writer.flush().map_err(AppError::Write),
            None => Ok(()),
        }
    }
}

impl<W: Write, F> Files<W, F> {
    /// Keeps a domain's name, a goal's statement, a rung's title and difficulty under its id.
    fn remember(&mut self, value: &Value) {
        let field = |name: &str| value.get(name).cloned().unwrap_or(Value::Null);
        let beside = match self.section {
            "domains" => vec![("domain", field("name"))],
            "goals" => vec![("goal", field("statement"))],
            "challenges" => vec![("challenge", field("title")), ("difficulty", field("difficulty"))],
            _ => return,
        };
        if let Some(id) = value.get("id").and_then(Value::as_str) {
            self.names.insert(id.to_owned(), beside);
        }
    }
}

/// A value as a cell: empty for absent or null, lists joined by `;`, objects (a review's
/// answers) as JSON. Text is [guarded](guard) against spreadsheet formulas; numbers are not, so
/// `-3` stays a number.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => guard(text),
        Some(Value::Array(items)) => items.iter().map(|item| cell(Some(item))).collect::<Vec<_>>().join(";"),
        Some(other) => other.to_string(),
    }
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`) gets a leading
/// `'`, which makes it read as text: a note typed into Mastery must not run in the spreadsheet
/// it is opened in. Text that starts any other way is written as it is.
fn guard(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) { format!("'{text}") } else { text.to_owned() }
}

fn write_error(error: csv::Error) -> AppError {
    AppError::Write(error.into())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::cell;

    #[test]
    fn text_that_a_spreadsheet_would_run_is_quoted_and_numbers_are_not() {
        for (text, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1 talk", "'+1 talk"),
            ("-3 slides", "'-3 slides"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tindented", "'\tindented"),
            ("\rreturn", "'\rreturn"),
            ("Gave the talk = good", "Gave the talk = good"),
            ("2026-11-03", "2026-11-03"),
        ] {
            assert_eq!(cell(Some(&json!(text))), written, "{text:?}");
        }
        assert_eq!(cell(Some(&json!(-3))), "-3");
        assert_eq!(cell(Some(&json!(-0.5))), "-0.5");
        assert_eq!(cell(Some(&json!([-3, 40]))), "-3;40");
        assert_eq!(cell(Some(&json!(["=1", "b"]))), "'=1;b");
        assert_eq!(cell(None), "");
    }
}
