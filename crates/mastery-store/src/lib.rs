//! The storage port: what Mastery needs from a database, said in domain terms.
//!
//! Every read and write happens inside a [`Transaction`] obtained from [`Store::begin`] for one
//! user. There is no other way in, so one user's query can never see another user's rows; backends
//! enforce it by filtering every statement on the transaction's user.
//!
//! The trait is async and assumes nothing SQLite-specific (no rowids, no `PRAGMA`s, no
//! single-writer guarantees beyond what a transaction gives), so a network database such as
//! PostgreSQL implements it as directly as the embedded store does.
//!
//! With the `testing` feature, `conformance` holds the behaviour every backend must show; each
//! backend stamps it out with `conformance_suite!`.

mod accounts;
mod celebration;
mod error;
mod fold;
mod memory;
mod port;
mod practice;
mod program;
mod query;
mod reattribution;
mod revision;
mod sharing;
mod sync;

#[cfg(feature = "testing")]
pub mod conformance;

pub use accounts::{Account, AccountStore, ApiTokenRecord, InviteRecord, LoginFailures, SessionRecord};
pub use celebration::CelebrationTx;
pub use error::StoreError;
pub use fold::{Fold, FoldRead, FoldTx};
pub use memory::MemoryStore;
pub use port::{Access, Store, Transaction};
pub use practice::PracticeTx;
pub use program::ProgramTx;
pub use query::{AttemptQuery, Cursor, EvidenceItem, ForecastGroup, Page, RecentResult, RungStats};
pub use reattribution::ReattributionTx;
pub use revision::{JOURNAL_DEPTH, JournalEntry, RevisionTx};
pub use sharing::{
    DigestRecipient, GroupRecord, InvitationRecord, InvitationTarget, MemberRecord, NotificationRecord, ShareRecord,
    SharingStore, SuggestionRecord, SuggestionState,
};
pub use sync::{SyncPosition, SyncTx, Version, Versioned};
