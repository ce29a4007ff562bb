//! Conversions between domain values and PostgreSQL columns, and between sqlx errors and
//! [`StoreError`]. Ids are `uuid`, instants `timestamptz` and days `date`, decoded natively; what
//! is stored as text or a number (choices, names, ratings) is re-validated on the way out, so a
//! row edited by hand surfaces as [`StoreError::Corrupt`] instead of an impossible value.

use std::fmt::Display;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff_sqlx::ToSqlx;
use mastery_domain::measure::{Rating, SleepHours};
use mastery_store::StoreError;
use sqlx::postgres::{PgRow, Postgres};
use sqlx::{Decode, Row, Type};
use uuid::Uuid;

/// SQLSTATEs after which trying again can succeed: serialization_failure, deadlock_detected,
/// lock_not_available.
const RETRYABLE: [&str; 3] = ["40001", "40P01", "55P03"];

/// Maps a driver error; contention (and a pool that stayed exhausted) becomes
/// [`StoreError::Busy`].
pub fn store_error(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.code().is_some_and(|code| RETRYABLE.contains(&code.as_ref())) => {
            StoreError::Busy
        }
        sqlx::Error::PoolTimedOut => StoreError::Busy,
        _ => StoreError::backend(error),
    }
}

/// Maps a failed statement that may break a unique key: the violation becomes a conflict on
/// `key`. Only for statements that cannot be written with `ON CONFLICT DO NOTHING` (updates, and
/// inserts outside a store transaction), since the violation aborts the transaction it is in.
pub fn unique_error(entity: &'static str, key: &str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict { entity, key: key.to_owned() },
        _ => store_error(error),
    }
}

/// An instant as a `timestamptz` parameter.
pub fn instant(at: Timestamp) -> jiff_sqlx::Timestamp {
    at.to_sqlx()
}

/// A local day as a `date` parameter.
pub fn day(on: Date) -> jiff_sqlx::Date {
    on.to_sqlx()
}

/// A rating or another small number as an `integer` parameter.
pub fn small<T: Into<u8>>(value: Option<T>) -> Option<i32> {
    value.map(|v| i32::from(v.into()))
}

/// A choice or another value stored as its text form.
pub fn text<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

pub fn corrupt(column: &str, why: impl Display) -> StoreError {
    StoreError::Corrupt(format!("column {column}: {why}"))
}

/// Typed access to a row's columns, with decoding failures reported as corrupt data.
pub struct Columns<'r>(pub &'r PgRow);

impl Columns<'_> {
    /// A column decoded as its native type.
    pub fn get<T>(&self, column: &str) -> Result<T, StoreError>
    where
        T: for<'q> Decode<'q, Postgres> + Type<Postgres>,
    {
        self.0.try_get(column).map_err(|e| corrupt(column, e))
    }

    /// A `uuid` column as one of the domain's typed ids.
    pub fn id<I>(&self, column: &str, wrap: fn(Uuid) -> I) -> Result<I, StoreError> {
        self.get(column).map(wrap)
    }

    pub fn opt_id<I>(&self, column: &str, wrap: fn(Uuid) -> I) -> Result<Option<I>, StoreError> {
        Ok(self.get::<Option<Uuid>>(column)?.map(wrap))
    }

    pub fn timestamp(&self, column: &str) -> Result<Timestamp, StoreError> {
        self.get::<jiff_sqlx::Timestamp>(column).map(jiff_sqlx::Timestamp::to_jiff)
    }

    pub fn opt_timestamp(&self, column: &str) -> Result<Option<Timestamp>, StoreError> {
        Ok(self.get::<Option<jiff_sqlx::Timestamp>>(column)?.map(jiff_sqlx::Timestamp::to_jiff))
    }

    pub fn date(&self, column: &str) -> Result<Date, StoreError> {
        self.get::<jiff_sqlx::Date>(column).map(jiff_sqlx::Date::to_jiff)
    }

    pub fn opt_date(&self, column: &str) -> Result<Option<Date>, StoreError> {
        Ok(self.get::<Option<jiff_sqlx::Date>>(column)?.map(jiff_sqlx::Date::to_jiff))
    }

    /// A value stored as its text form: choices, periods, intervals.
    pub fn parsed<T: FromStr>(&self, column: &str) -> Result<T, StoreError>
    where
        T::Err: Display,
    {
        self.get::<String>(column)?.parse().map_err(|e| corrupt(column, e))
    }

    pub fn opt_parsed<T: FromStr>(&self, column: &str) -> Result<Option<T>, StoreError>
    where
        T::Err: Display,
    {
        self.get::<Option<String>>(column)?.map(|t| t.parse().map_err(|e| corrupt(column, e))).transpose()
    }

    /// A whole number that must fit `T` (a count, minutes, a position).
    pub fn count<T: TryFrom<i64>>(&self, column: &str) -> Result<T, StoreError>
    where
        T::Error: Display,
    {
        T::try_from(self.get::<i64>(column)?).map_err(|e| corrupt(column, e))
    }

    /// An `integer` column validated by `make`, such as a confidence or a rating.
    pub fn small<T, E: Display>(&self, column: &str, make: impl FnOnce(u8) -> Result<T, E>) -> Result<T, StoreError> {
        let value = self.get::<i32>(column)?;
        let value = u8::try_from(value).map_err(|e| corrupt(column, e))?;
        make(value).map_err(|e| corrupt(column, e))
    }

    pub fn opt_rating(&self, column: &'static str) -> Result<Option<Rating>, StoreError> {
        match self.get::<Option<i32>>(column)? {
            None => Ok(None),
            Some(_) => self.small(column, |v| Rating::new(column, v)).map(Some),
        }
    }

    pub fn opt_sleep(&self, column: &str) -> Result<Option<SleepHours>, StoreError> {
        self.get::<Option<f64>>(column)?.map(|v| SleepHours::new(v).map_err(|e| corrupt(column, e))).transpose()
    }

    /// A text column validated by `make`, such as a name or JSON.
    pub fn validated<T, E: Display>(
        &self,
        column: &str,
        make: impl FnOnce(String) -> Result<T, E>,
    ) -> Result<T, StoreError> {
        make(self.get::<String>(column)?).map_err(|e| corrupt(column, e))
    }
}
