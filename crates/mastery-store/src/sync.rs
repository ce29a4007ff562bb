//! What sync needs from a store: each record's version (when it last changed, on which device,
//! and whether that change deleted it), numbered in the order changes happened, so a device asks
//! "what changed since number N?" and gets an answer it can apply in order.
//!
//! The versions form a compacted change log: one row per record, whose number moves forward each
//! time the record changes. A store keeps them only once sync is switched on for the user
//! ([`SyncTx::enroll`]); until then [`SyncTx::note_version`] does nothing, so a person who never
//! syncs pays one statement per change and stores nothing.
//!
//! Numbers are handed out one user at a time: taking the next number locks the user's counter
//! until the transaction ends, so a reader who sees number N committed has seen every number
//! below it, and a cursor never skips a change still being written.

use std::future::Future;

use jiff::Timestamp;
use mastery_domain::record::RecordRef;

use crate::StoreError;

/// Where a record stands for sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub record: RecordRef,
    /// When the change was made, on the device that made it.
    pub updated_at: Timestamp,
    /// The device that made it; empty for this replica itself.
    pub device: String,
    /// Whether the change deleted the record.
    pub deleted: bool,
}

impl Version {
    /// The order sync sends and applies changes in: records parents first, then deletions
    /// children first, so every record arrives after what it hangs off and leaves before it.
    pub fn order(&self) -> i64 {
        let rank = i64::from(self.record.sync_rank());
        if self.deleted { 100 - rank } else { rank }
    }
}

/// A version with its place in the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versioned {
    /// Later changes have larger numbers.
    pub seq: i64,
    pub version: Version,
    /// Whether the change was made here and has not been sent yet.
    pub pending: bool,
}

/// A place in the sync order ([`Version::order`], then the change number): where a page of
/// changes ended, so the next page starts after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SyncPosition {
    pub order: i64,
    pub seq: i64,
}

/// Versions and the change log, for one user.
pub trait SyncTx: Send {
    /// Starts keeping versions for this user; answers whether it was off until now (so the
    /// caller gives every existing record a first version). Doing it twice changes nothing.
    fn enroll(&mut self) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Stops keeping versions and forgets them, with the sync state's values: for a store that
    /// moves to another server, where everything it holds is new.
    fn unenroll(&mut self) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records a record's new version under the next change number, replacing its older one;
    /// `pending` marks a change made here that is still to be sent. Does nothing while the
    /// user is not enrolled.
    fn note_version(&mut self, version: &Version, pending: bool)
    -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The record's latest version, if one was noted.
    fn version(&mut self, record: RecordRef) -> impl Future<Output = Result<Option<Version>, StoreError>> + Send;

    /// The latest change number handed out (0 before any, or when not enrolled).
    fn last_seq(&mut self) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Versions numbered after `since` and up to `upto`, past `after` in sync order, at most
    /// `limit` of them, in sync order; with `except`, none made by that device.
    fn versions_between(
        &mut self,
        since: i64,
        upto: i64,
        after: Option<SyncPosition>,
        except: Option<&str>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Versioned>, StoreError>> + Send;

    /// Changes made here and not yet sent, in sync order, at most `limit`.
    fn pending_versions(&mut self, limit: u32) -> impl Future<Output = Result<Vec<Versioned>, StoreError>> + Send;

    /// Marks the changes numbered `seqs` as sent. A record changed again since has a new number
    /// and stays pending.
    fn mark_sent(&mut self, seqs: &[i64]) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// A value of the user's sync state (the device's id, the cursor), if set.
    fn sync_value(&mut self, key: &str) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Sets (or with `None` removes) a value of the user's sync state.
    fn set_sync_value(&mut self, key: &str, value: Option<&str>)
    -> impl Future<Output = Result<(), StoreError>> + Send;
}
