//! Correcting the record: deleting one record by reference, moving a rung, the tombstones that
//! deletions leave, and the journal of changes that `undo` walks back. Kept in its own trait, a
//! supertrait of [`Transaction`](crate::Transaction), so each backend implements it in a file of
//! its own.
//!
//! The store knows nothing of what a change meant: a journal entry's body is the application's
//! (the records before and after, as JSON), kept and handed back as written.

use std::future::Future;

use jiff::Timestamp;
use mastery_domain::challenge::Challenge;
use mastery_domain::record::{RecordRef, Tombstone};

use crate::StoreError;

/// How many journal entries a person keeps: `undo` goes back this far.
pub const JOURNAL_DEPTH: i64 = 100;

/// One change in the journal, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// Its place in the person's journal: later changes have larger numbers. Assigned by the
    /// store when the entry is added (the value given to [`RevisionTx::push_change`] is ignored).
    pub seq: i64,
    pub made_at: Timestamp,
    /// What the change did, in a line the person reads when it is undone.
    pub summary: String,
    /// The application's description of the change; opaque to the store.
    pub body: String,
}

/// Deletions, tombstones and the journal of changes.
pub trait RevisionTx: Send {
    /// Deletes exactly the record named (with what only the store derives from it, such as a
    /// rung's outcome counts); [`StoreError::NotFound`] when this user has no such record. The
    /// records that hang off it must be deleted first: a record with dependants is not deleted
    /// ([`StoreError::Conflict`]).
    fn delete_record(&mut self, record: RecordRef) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Replaces a rung's title, slug, difficulty, criterion and position; the goal it belongs to
    /// stays. [`StoreError::NotFound`] when it does not exist, [`StoreError::Conflict`] when the
    /// goal has another rung with the slug.
    fn update_challenge(&mut self, challenge: &Challenge) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Remembers a deletion; a later tombstone for the same record replaces the earlier one.
    fn insert_tombstone(&mut self, tombstone: &Tombstone) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Forgets a deletion, when the record comes back (an undo). Nothing happens when there is
    /// no tombstone for it.
    fn remove_tombstone(&mut self, record: RecordRef) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Every tombstone, oldest deletion first (then kind, then key).
    fn tombstones(&mut self) -> impl Future<Output = Result<Vec<Tombstone>, StoreError>> + Send;

    /// Adds a change at the end of the journal and answers its number; entries further back than
    /// [`JOURNAL_DEPTH`] may be forgotten.
    fn push_change(&mut self, entry: &JournalEntry) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// The latest change in the journal, if any.
    fn last_change(&mut self) -> impl Future<Output = Result<Option<JournalEntry>, StoreError>> + Send;
    /// Takes a change out of the journal (it was undone); [`StoreError::NotFound`] when absent.
    fn remove_change(&mut self, seq: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
}
