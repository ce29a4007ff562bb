//! Conversions between domain values and SQLite columns, and between driver errors and
//! [`StoreError`]. Every stored value is re-validated on the way out, so a hand-edited file
//! surfaces as [`StoreError::Corrupt`] instead of an impossible value.

use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::measure::{Rating, SleepHours};
use mastery_store::StoreError;
use rusqlite::types::FromSql;
use rusqlite::{ErrorCode, Row, ffi};

/// Maps a driver error; busy and locked become [`StoreError::Busy`].
pub fn store_error(error: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(failure, _) = &error
        && matches!(failure.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    {
        return StoreError::Busy;
    }
    StoreError::backend(error)
}

/// Maps a failed insert: a unique-key violation becomes a conflict on `key`.
pub fn insert_error(entity: &'static str, key: &str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |error| match &error {
        rusqlite::Error::SqliteFailure(failure, _)
            if matches!(failure.extended_code, ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY) =>
        {
            StoreError::Conflict { entity, key: key.to_owned() }
        }
        _ => store_error(error),
    }
}

pub fn micros(ts: Timestamp) -> i64 {
    ts.as_microsecond()
}

fn corrupt(column: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("column {column}: {why}"))
}

/// Typed access to a row's columns by name, with decoding failures reported as corrupt data.
///
/// The names are read once per statement ([`Names`]): SQLite's own lookup by name asks for every
/// column's name again on every call, which was two fifths of the time of reading a long history.
pub struct Columns<'r, 's> {
    row: &'r Row<'s>,
    names: &'r Names,
}

/// A statement's column names, in order.
pub struct Names(Vec<String>);

impl Names {
    pub fn of(statement: &rusqlite::Statement<'_>) -> Self {
        Self(statement.column_names().map(str::to_owned).collect())
    }
}

impl<'r, 's> Columns<'r, 's> {
    pub fn new(row: &'r Row<'s>, names: &'r Names) -> Self {
        Self { row, names }
    }
}

impl Columns<'_, '_> {
    fn index(&self, column: &str) -> Result<usize, StoreError> {
        self.names.0.iter().position(|name| name == column).ok_or_else(|| corrupt(column, "no such column"))
    }

    fn raw<T: FromSql>(&self, column: &str) -> Result<T, StoreError> {
        self.row.get(self.index(column)?).map_err(|e| corrupt(column, e))
    }

    /// A text column borrowed from the row, NULL as `None`: parsing needs no copy of the text.
    fn borrowed_text(&self, column: &str) -> Result<Option<&str>, StoreError> {
        let value = self.row.get_ref(self.index(column)?).map_err(|e| corrupt(column, e))?;
        value.as_str_or_null().map_err(|e| corrupt(column, e))
    }

    /// The column at `index`, for statements whose columns have no useful name.
    pub fn at<T: FromSql>(&self, index: usize) -> Result<T, StoreError> {
        self.row.get(index).map_err(|e| corrupt(&index.to_string(), e))
    }

    pub fn text(&self, column: &str) -> Result<String, StoreError> {
        self.raw(column)
    }

    pub fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.raw(column)
    }

    pub fn real(&self, column: &str) -> Result<f64, StoreError> {
        self.raw(column)
    }

    pub fn opt_real(&self, column: &str) -> Result<Option<f64>, StoreError> {
        self.raw(column)
    }

    pub fn int(&self, column: &str) -> Result<i64, StoreError> {
        self.raw(column)
    }

    pub fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.raw(column)
    }

    /// A value stored as its text form: ids, choices, names.
    pub fn parsed<T: FromStr>(&self, column: &str) -> Result<T, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        let text = self.borrowed_text(column)?.ok_or_else(|| corrupt(column, "NULL where a value is required"))?;
        text.parse().map_err(|e| corrupt(column, e))
    }

    pub fn opt_parsed<T: FromStr>(&self, column: &str) -> Result<Option<T>, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        self.borrowed_text(column)?.map(|t| t.parse().map_err(|e| corrupt(column, e))).transpose()
    }

    pub fn timestamp(&self, column: &str) -> Result<Timestamp, StoreError> {
        to_timestamp(column, self.int(column)?)
    }

    pub fn opt_timestamp(&self, column: &str) -> Result<Option<Timestamp>, StoreError> {
        self.opt_int(column)?.map(|v| to_timestamp(column, v)).transpose()
    }

    pub fn date(&self, column: &str) -> Result<Date, StoreError> {
        self.parsed(column)
    }

    pub fn opt_date(&self, column: &str) -> Result<Option<Date>, StoreError> {
        self.opt_parsed(column)
    }

    pub fn opt_rating(&self, column: &'static str) -> Result<Option<Rating>, StoreError> {
        self.opt_int(column)?
            .map(|v| {
                u8::try_from(v)
                    .map_err(|e| corrupt(column, e))
                    .and_then(|v| Rating::new(mastery_domain::Field::Rating, v).map_err(|e| corrupt(column, e)))
            })
            .transpose()
    }

    pub fn opt_sleep(&self, column: &str) -> Result<Option<SleepHours>, StoreError> {
        self.opt_real(column)?.map(|v| SleepHours::new(v).map_err(|e| corrupt(column, e))).transpose()
    }

    /// A domain value validated by `make`, such as a name or a confidence.
    pub fn validated<T, E: std::fmt::Display>(
        &self,
        column: &str,
        make: impl FnOnce(String) -> Result<T, E>,
    ) -> Result<T, StoreError> {
        make(self.text(column)?).map_err(|e| corrupt(column, e))
    }
}

fn to_timestamp(column: &str, micros: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(micros).map_err(|e| corrupt(column, e))
}
