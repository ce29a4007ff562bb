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
use sqlx::{ColumnIndex, Decode, Row, Type};
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

pub fn corrupt(column: impl Display, why: impl Display) -> StoreError {
    StoreError::Corrupt(format!("column {column}: {why}"))
}

/// `value` read from `column`, as a `u8` validated by `make`.
fn small_value<T, E: Display>(
    column: impl Display + Copy,
    value: i32,
    make: impl FnOnce(u8) -> Result<T, E>,
) -> Result<T, StoreError> {
    let value = u8::try_from(value).map_err(|e| corrupt(column, e))?;
    make(value).map_err(|e| corrupt(column, e))
}

/// How a column is named: by name (`"outcome"`), or by position with its name for messages
/// ([`At`]), where a query reads many rows.
pub trait Column: ColumnIndex<PgRow> + Display + Copy {}

impl<C: ColumnIndex<PgRow> + Display + Copy> Column for C {}

/// A column by its position in the query's select list, named for error messages. Finding a
/// column by name costs a hash lookup per value: a page reading a thousand attempts of twenty
/// columns spent 4% of its time there.
#[derive(Debug, Clone, Copy)]
pub struct At(pub usize, pub &'static str);

impl ColumnIndex<PgRow> for At {
    fn index(&self, row: &PgRow) -> Result<usize, sqlx::Error> {
        self.0.index(row)
    }
}

impl From<At> for &'static str {
    fn from(column: At) -> Self {
        column.1
    }
}

impl Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.1)
    }
}

/// Typed access to a row's columns, with decoding failures reported as corrupt data.
pub struct Columns<'r>(pub &'r PgRow);

impl<'r> Columns<'r> {
    /// A text column borrowed from the row, so values parsed from it cost no allocation (an
    /// attempt has five such columns, and a page reads a thousand attempts).
    fn str(&self, column: impl Column) -> Result<Option<&'r str>, StoreError> {
        self.0.try_get::<Option<&'r str>, _>(column).map_err(|e| corrupt(column, e))
    }

    /// A column decoded as its native type.
    pub fn get<T>(&self, column: impl Column) -> Result<T, StoreError>
    where
        T: for<'q> Decode<'q, Postgres> + Type<Postgres>,
    {
        self.0.try_get(column).map_err(|e| corrupt(column, e))
    }

    /// A `uuid` column as one of the domain's typed ids.
    pub fn id<I>(&self, column: impl Column, wrap: fn(Uuid) -> I) -> Result<I, StoreError> {
        self.get(column).map(wrap)
    }

    pub fn opt_id<I>(&self, column: impl Column, wrap: fn(Uuid) -> I) -> Result<Option<I>, StoreError> {
        Ok(self.get::<Option<Uuid>>(column)?.map(wrap))
    }

    pub fn timestamp(&self, column: impl Column) -> Result<Timestamp, StoreError> {
        self.get::<jiff_sqlx::Timestamp>(column).map(jiff_sqlx::Timestamp::to_jiff)
    }

    pub fn opt_timestamp(&self, column: impl Column) -> Result<Option<Timestamp>, StoreError> {
        Ok(self.get::<Option<jiff_sqlx::Timestamp>>(column)?.map(jiff_sqlx::Timestamp::to_jiff))
    }

    pub fn date(&self, column: impl Column) -> Result<Date, StoreError> {
        self.get::<jiff_sqlx::Date>(column).map(jiff_sqlx::Date::to_jiff)
    }

    pub fn opt_date(&self, column: impl Column) -> Result<Option<Date>, StoreError> {
        Ok(self.get::<Option<jiff_sqlx::Date>>(column)?.map(jiff_sqlx::Date::to_jiff))
    }

    /// A value stored as its text form: choices, periods, intervals.
    pub fn parsed<T: FromStr>(&self, column: impl Column) -> Result<T, StoreError>
    where
        T::Err: Display,
    {
        self.str(column)?.ok_or_else(|| corrupt(column, "NULL"))?.parse().map_err(|e| corrupt(column, e))
    }

    pub fn opt_parsed<T: FromStr>(&self, column: impl Column) -> Result<Option<T>, StoreError>
    where
        T::Err: Display,
    {
        self.str(column)?.map(|t| t.parse().map_err(|e| corrupt(column, e))).transpose()
    }

    /// A whole number that must fit `T` (a count, minutes, a position).
    pub fn count<T: TryFrom<i64>>(&self, column: impl Column) -> Result<T, StoreError>
    where
        T::Error: Display,
    {
        T::try_from(self.get::<i64>(column)?).map_err(|e| corrupt(column, e))
    }

    /// An `integer` column validated by `make`, such as a confidence or a rating.
    pub fn small<T, E: Display>(
        &self,
        column: impl Column,
        make: impl FnOnce(u8) -> Result<T, E>,
    ) -> Result<T, StoreError> {
        small_value(column, self.get::<i32>(column)?, make)
    }

    pub fn opt_rating(&self, column: impl Column + Into<&'static str>) -> Result<Option<Rating>, StoreError> {
        self.get::<Option<i32>>(column)?
            .map(|v| small_value(column, v, |v| Rating::new(mastery_domain::Field::Rating, v)))
            .transpose()
    }

    pub fn opt_sleep(&self, column: impl Column) -> Result<Option<SleepHours>, StoreError> {
        self.get::<Option<f64>>(column)?.map(|v| SleepHours::new(v).map_err(|e| corrupt(column, e))).transpose()
    }

    /// A text column validated by `make`, such as a name or JSON.
    pub fn validated<T, E: Display>(
        &self,
        column: impl Column,
        make: impl FnOnce(String) -> Result<T, E>,
    ) -> Result<T, StoreError> {
        make(self.get::<String>(column)?).map_err(|e| corrupt(column, e))
    }
}

/// Asserts that each column's position is its place in `select`'s list, for rows read by position.
#[cfg(test)]
pub fn assert_positions(select: &str, columns: &[At]) {
    let list = &select["SELECT".len()..select.find("FROM").expect("a FROM clause")];
    let names: Vec<&str> = list.split(',').map(str::trim).collect();
    assert_eq!(names.len(), columns.len(), "every selected column has a position");
    for column in columns {
        assert_eq!(names[column.0], column.1, "position {}", column.0);
    }
}
