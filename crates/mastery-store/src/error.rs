//! The one error type of the storage layer.

use thiserror::Error;

/// Why a storage operation failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The record to change does not exist for this user.
    #[error("{entity} {key} was not found")]
    NotFound { entity: &'static str, key: String },

    /// A record with the same unique key already exists for this user.
    #[error("{entity} '{key}' already exists")]
    Conflict { entity: &'static str, key: String },

    /// Another process held the database for longer than the busy timeout.
    #[error("the database is busy (another Mastery process is writing); try again in a moment")]
    Busy,

    /// The database was written by a newer Mastery than this one.
    #[error(
        "the database was written by a newer version of Mastery (schema {found}, this build knows up to {known}); upgrade Mastery to open it"
    )]
    TooNew { found: i64, known: i64 },

    /// A stored value no longer passes the domain's validation.
    #[error("stored data could not be read: {0}")]
    Corrupt(String),

    /// Anything else the backend reported.
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn backend(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Backend(Box::new(error))
    }
}
