//! Conversions between domain values and SQLite columns, and between sqlx errors and
//! [`StoreError`]. Every stored value is re-validated on the way out, so a hand-edited file
//! surfaces as [`StoreError::Corrupt`] instead of an impossible value.

use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::measure::{Rating, SleepHours};
use mastery_store::StoreError;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// Maps a driver error; busy and locked become [`StoreError::Busy`].
pub fn store_error(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
        let primary = db.code().and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff);
        if matches!(primary, Some(5 | 6)) {
            return StoreError::Busy;
        }
    }
    StoreError::backend(error)
}

/// Maps a failed insert: a unique-key violation becomes a conflict on `key`.
pub fn insert_error(entity: &'static str, key: &str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict { entity, key: key.to_owned() },
        _ => store_error(error),
    }
}

pub fn micros(ts: Timestamp) -> i64 {
    ts.as_microsecond()
}

fn corrupt(column: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("column {column}: {why}"))
}

/// Typed access to a row's columns, with decoding failures reported as corrupt data.
pub struct Columns<'r>(pub &'r SqliteRow);

impl Columns<'_> {
    fn raw<T>(&self, column: &str) -> Result<T, StoreError>
    where
        T: for<'q> sqlx::Decode<'q, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    {
        self.0.try_get(column).map_err(|e| corrupt(column, e))
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
        let text = self.text(column)?;
        text.parse().map_err(|e| corrupt(column, e))
    }

    pub fn opt_parsed<T: FromStr>(&self, column: &str) -> Result<Option<T>, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        self.opt_text(column)?.map(|t| t.parse().map_err(|e| corrupt(column, e))).transpose()
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
