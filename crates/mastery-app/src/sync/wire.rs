//! What travels in `POST /api/v1/sync`: a device's changes going up, and a page of the server's
//! changes coming down. Each change is a record's version with the record itself (in the export's
//! form), or only the version when the change deleted it.

use jiff::Timestamp;
use mastery_domain::record::RecordRef;
use mastery_store::{SyncPosition, Version};
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::records::AnyRecord;

/// The most changes one request may carry up, or ask to bring down.
pub const MAX_BATCH: u32 = 1000;

/// One exchange: the device's changes since it last pushed, and where its pull stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// The device's id, chosen by the device when it first syncs (a UUID).
    pub device: String,
    /// Changes made on the device, parents first, at most [`MAX_BATCH`].
    #[serde(default)]
    pub push: Vec<Change>,
    /// Which of the server's changes to send back; none when absent.
    #[serde(default)]
    pub pull: Option<PullRequest>,
}

/// Where a device's pull stands: the server's changes after `since`, up to `upto` (fixed by the
/// first page of a pull, so later writes wait for the next pull), past `after`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    /// The change number the device has everything up to (0 at first).
    pub since: i64,
    /// The end of the pull under way; absent to start one at the server's latest change.
    #[serde(default)]
    pub upto: Option<i64>,
    /// The last change of the previous page, in sync order.
    #[serde(default)]
    pub after: Option<Position>,
    /// Changes per page, at most [`MAX_BATCH`].
    pub limit: u32,
}

/// A place in the sync order: records parents first, then deletions children first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub order: i64,
    pub seq: i64,
}

impl From<Position> for SyncPosition {
    fn from(p: Position) -> Self {
        SyncPosition { order: p.order, seq: p.seq }
    }
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    /// How many pushed changes were taken (the rest were older than what the server holds).
    pub accepted: usize,
    /// Records renamed because another device had taken their name, in a line each.
    pub renamed: Vec<String>,
    /// Pushed records not taken because what they hang off was deleted here before they were
    /// written: the device sends those records again (`revive`, newest first) ahead of them.
    #[serde(default)]
    pub orphans: Vec<Orphan>,
    /// A page of the server's changes, when a pull was asked for.
    pub pull: Option<PullPage>,
}

/// A pushed record whose parent the server no longer has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Orphan {
    pub kind: String,
    pub key: String,
    /// The deleted records it hangs off, its parent first.
    pub revive: Vec<RecordKey>,
}

/// A record by kind and key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordKey {
    pub kind: String,
    pub key: String,
}

impl From<RecordRef> for RecordKey {
    fn from(record: RecordRef) -> Self {
        RecordKey { kind: record.kind().to_owned(), key: record.key() }
    }
}

impl RecordKey {
    /// The reference, when the kind and key name one.
    pub fn reference(&self) -> Option<RecordRef> {
        RecordRef::parse(&self.kind, &self.key)
    }
}

/// A page of the server's changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullPage {
    pub changes: Vec<Change>,
    /// The end of this pull: ask again with it until `next` is absent.
    pub upto: i64,
    /// Where the next page starts; absent when this was the last page.
    pub next: Option<Position>,
}

/// One record's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The record's kind, as an export's section (`attempts`).
    pub kind: String,
    /// The record's key within its kind (an id, a period, a date).
    pub key: String,
    /// When the change was made, on the device that made it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
    /// The device that made it.
    pub device: String,
    /// Whether the change deleted the record.
    #[serde(default)]
    pub deleted: bool,
    /// The record as it is after the change, in the export's form; absent for a deletion.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub record: Option<AnyRecord>,
}

impl Change {
    /// The change as the store's version, with the device that made it, checked: a known kind
    /// and key, and a record that is the one named (or none for a deletion).
    pub(crate) fn version(&self) -> Result<Version, AppError> {
        let refused = |why: String| AppError::refused(format!("change '{} {}': {why}", self.kind, self.key));
        let record = RecordRef::parse(&self.kind, &self.key)
            .ok_or_else(|| refused("no such kind of record, or a key that is not one".to_owned()))?;
        match (&self.record, self.deleted) {
            (None, false) => return Err(refused("the record is missing".to_owned())),
            (Some(_), true) => return Err(refused("a deletion carries no record".to_owned())),
            (Some(r), false) if r.reference() != record => {
                return Err(refused(format!("the record is {}", r.reference())));
            }
            _ => {}
        }
        if self.device.is_empty() || self.device.len() > 64 {
            return Err(refused("the device is empty or longer than 64 characters".to_owned()));
        }
        Ok(Version { record, updated_at: self.updated_at, device: self.device.clone(), deleted: self.deleted })
    }

    /// The change a version and its record make, as sent from the replica whose id is `me`.
    pub(crate) fn of(version: &Version, me: &str, record: Option<AnyRecord>) -> Self {
        Change {
            kind: version.record.kind().to_owned(),
            key: version.record.key(),
            updated_at: version.updated_at,
            device: if version.device.is_empty() { me.to_owned() } else { version.device.clone() },
            deleted: version.deleted,
            record,
        }
    }
}
