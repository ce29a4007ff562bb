//! Mastery's use cases. [`App`] has one method per thing a person does (add a domain, plan an
//! attempt, read the evidence file); the command line and the web app are thin shells that parse
//! input, call one method and render the returned view.
//!
//! A method opens one store transaction, resolves references (ids, names, slugs), applies the
//! domain's rules and commits, so a failure at any step writes nothing.

pub mod accounts;
mod attempts;
mod attribution;
mod audits;
mod calendar;
mod calibration;
mod celebrations;
mod clock;
mod demo;
mod domain_page;
mod domains;
mod domains_page;
mod edits;
mod engine;
mod error;
mod evidence;
mod goals;
mod inputs;
mod insights;
pub mod mail;
pub mod portable;
mod practice;
mod programs;
mod record_edits;
mod records;
mod requests;
mod resolve;
mod review;
mod revise;
pub mod sharing;
mod sources;
mod status;
pub mod sync;
pub mod views;

use std::sync::Arc;

use mastery_domain::ids::UserId;
use mastery_store::{Access, Store};

pub use celebrations::check_reflection;
pub use clock::{Clock, FixedClock, SystemClock};
pub use domain_page::DomainPage;
pub use domains_page::DomainRow;
pub use edits::{AttemptEdit, ChallengeEdit, DomainEdit, GoalEdit};
pub use error::{AppError, Refusal};
pub use goals::RungToPlan;
pub use inputs::*;
pub use record_edits::{AuditEdit, CheckinEdit, EvidenceEdit, FeedbackEdit, PracticeEdit, RoleModelEdit};
pub use records::AnyRecord;
pub use revise::{ChangeView, Deletion, DeletionView, UndoView};
pub use status::{PendingView, StatusView};

/// The application: a store, a clock and the person using it.
///
/// An `App` acts for exactly one user. The command line and `mastery serve` open it for the
/// store's local user; a server makes one per request for the signed-in user
/// ([`App::for_user`]), so no use case can reach another person's records.
#[derive(Debug)]
pub struct App<S: Store> {
    store: S,
    clock: Arc<dyn Clock>,
    user: UserId,
}

impl<S: Store> App<S> {
    /// Opens the app for the store's local user.
    pub async fn local(store: S, clock: Box<dyn Clock>) -> Result<Self, AppError> {
        let user = store.local_user().await?;
        Ok(Self { store, clock: Arc::from(clock), user })
    }

    /// The app acting for `user`, who has already been authenticated.
    pub fn for_user(store: S, clock: Arc<dyn Clock>, user: UserId) -> Self {
        Self { store, clock, user }
    }

    /// The person this app acts for.
    pub fn user(&self) -> UserId {
        self.user
    }

    /// Where this app reads the time, to share with apps made for other users.
    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    /// The store, for callers that manage its lifecycle.
    pub fn store(&self) -> &S {
        &self.store
    }

    async fn read(&self) -> Result<S::Tx, AppError> {
        Ok(self.store.begin(self.user, Access::Read).await?)
    }

    async fn write(&self) -> Result<S::Tx, AppError> {
        Ok(self.store.begin(self.user, Access::Write).await?)
    }
}

/// A fresh UUIDv7 for a new record.
fn new_id<T>(wrap: fn(uuid::Uuid) -> T) -> T {
    wrap(uuid::Uuid::now_v7())
}

impl<S: Store> App<S> {
    /// The moment an event happened: `input` as typed, or now; never in the future.
    fn event_time(&self, field: mastery_domain::Field, input: Option<&str>) -> Result<jiff::Zoned, AppError> {
        event_time_from(field, input, &self.clock.now())
    }
}

/// When something happened, read from `input` relative to `now`, which must not be before it;
/// `now` itself without an input. Times read for one command share one `now`, so "1 day ago"
/// means the same instant each time it is read.
pub(crate) fn event_time_from(
    field: mastery_domain::Field,
    input: Option<&str>,
    now: &jiff::Zoned,
) -> Result<jiff::Zoned, AppError> {
    let at = match input {
        None => now.clone(),
        Some(text) => mastery_domain::when::parse_datetime(text, now, mastery_domain::when::Lean::Past)?,
    };
    mastery_domain::when::check_past(field, &at, now)?;
    Ok(at)
}

impl<S: Store> App<S> {
    /// Where a "since" bound starts: a day without a time means the start of that day.
    fn start_of(&self, input: &str) -> Result<jiff::Timestamp, AppError> {
        use mastery_domain::when::{Lean, parse_date, parse_datetime};
        let now = self.clock.now();
        let start = match parse_date(input, now.date(), Lean::Past) {
            Ok(day) => day
                .to_zoned(now.time_zone().clone())
                .and_then(|z| z.start_of_day())
                .map_err(|e| mastery_domain::ValidationError::Date { input: input.to_owned(), why: e.to_string() })?,
            Err(_) => parse_datetime(input, &now, Lean::Past)?,
        };
        Ok(start.timestamp())
    }
}

/// Every domain's slug by id, for naming domains in views.
async fn domain_slugs<T: mastery_store::Transaction>(
    tx: &mut T,
) -> Result<std::collections::HashMap<mastery_domain::ids::DomainId, String>, AppError> {
    Ok(slugs_of(&tx.domains().await?))
}

/// The slug of domain `id` in `slugs`. Every record's domain exists (the stores enforce it), so
/// a missing one is a damaged store: an error, never a record shown under an empty name.
fn slug_in(
    slugs: &std::collections::HashMap<mastery_domain::ids::DomainId, String>,
    id: mastery_domain::ids::DomainId,
) -> Result<&str, AppError> {
    slugs.get(&id).map(String::as_str).ok_or_else(|| missing("domain", id))
}

/// The error for a record that another names and the store does not hold.
fn missing(entity: &str, id: impl std::fmt::Display) -> AppError {
    AppError::Store(mastery_store::StoreError::Corrupt(format!(
        "a record names {entity} {id}, which the store does not hold"
    )))
}

/// The slug of each of `domains`, by id.
fn slugs_of(
    domains: &[mastery_domain::domain::Domain],
) -> std::collections::HashMap<mastery_domain::ids::DomainId, String> {
    domains.iter().map(|d| (d.id, d.slug.clone())).collect()
}
