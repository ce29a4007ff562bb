//! The application layer's one error type. Each variant knows whether the person can fix it by
//! changing their input (a usage error, exit code 2 on the command line, 4xx on the web) or not.

use mastery_domain::ValidationError;
use mastery_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),

    #[error("no {entity} matches '{reference}'; {hint}")]
    NotFound { entity: &'static str, reference: String, hint: String },

    #[error("'{reference}' matches more than one {entity}: {}; use one of these instead", .candidates.join(", "))]
    Ambiguous { entity: &'static str, reference: String, candidates: Vec<String> },

    #[error("a {entity} called '{key}' already exists; choose another name")]
    Conflict { entity: &'static str, key: String },

    /// A request the records do not allow as they stand; `kind` says which, for code that adds
    /// its own help (the CLI's hints), `message` what and why, for the person.
    #[error("{message}")]
    Refused { kind: Refusal, message: String },

    /// Credentials that sign nobody in, or none where some are needed.
    #[error("{0}")]
    Unauthorized(&'static str),

    /// Too many failed sign-ins: try again after the wait.
    #[error("too many failed sign-ins; try again in {retry_after_secs} seconds")]
    Throttled { retry_after_secs: u64 },

    /// Something on this machine failed that the person cannot fix (no randomness, a crashed
    /// worker thread).
    #[error("{0}")]
    Internal(String),

    /// A document to import that cannot be taken in: where it goes wrong, and how.
    #[error("{place}: {why}")]
    BadFile { place: String, why: String },

    /// Writing an export failed (a full disk, a closed pipe).
    #[error("could not write the export")]
    Write(#[source] std::io::Error),

    /// Another server could not be reached or refused: the sync server (nothing here was lost,
    /// and the next sync tries again), or the mail relay (the message was not sent).
    #[error("{0}")]
    Remote(String),

    #[error(transparent)]
    Store(StoreError),
}

/// Why a request was refused, where an interface offers its own way out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only an empty store will do (the demo), and this one has records.
    NotEmpty,
    /// A goal has no rung yet to recommend.
    NoRungs,
    /// A domain has no practice plan yet.
    NoPracticePlan,
    /// Any other refusal: its message says what and why.
    Other,
}

impl AppError {
    /// A refusal of no particular kind.
    pub fn refused(message: impl Into<String>) -> Self {
        AppError::Refused { kind: Refusal::Other, message: message.into() }
    }

    /// A refusal of `kind`.
    pub fn refused_as(kind: Refusal, message: impl Into<String>) -> Self {
        AppError::Refused { kind, message: message.into() }
    }

    /// True when the input was wrong rather than the system.
    pub fn is_usage(&self) -> bool {
        !matches!(self, AppError::Store(_) | AppError::Internal(_) | AppError::Write(_) | AppError::Remote(_))
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict { entity, key } => AppError::Conflict { entity, key },
            other => AppError::Store(other),
        }
    }
}
