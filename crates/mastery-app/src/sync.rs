//! Sync: one person's records on several devices and a server, offline first.
//!
//! Every change a person makes leaves its records' versions in the store's change log (noted
//! wherever the journal is written, in `revise`): when, on which device, and whether the record
//! was deleted. `mastery sync` pushes the changes made here, then pulls the server's
//! changes since its cursor, a page at a time, each page applied in one transaction with the
//! cursor, so a sync cut off at any moment loses nothing and the next one carries on.
//!
//! Both sides apply a change the same way (`apply`): the last writer wins per record, by
//! `(updated_at, device)`, and at a tie a deletion wins. A record whose parent is gone goes too;
//! a record whose name another device took first is renamed (`running-2`) and the person told.
//! Derived data (a rung's counts, the evidence file) follows from the records on each replica.
//!
//! The server knows each device by the id it chose; what the server itself writes (the web
//! pages, a renaming) carries the device [`SERVER_DEVICE`].

mod apply;
mod client;
mod enroll;
mod exchange;
mod load;
pub mod wire;

use std::cmp::Ordering;

use mastery_store::Version;

pub use client::{SyncClient, SyncReport, SyncStatus};

/// The device name of what the server writes itself.
pub const SERVER_DEVICE: &str = "server";

/// Which of two versions wins, `me` standing for this replica in the empty device: the later,
/// then the greater device, then a deletion over a record.
pub(crate) fn compare(a: &Version, b: &Version, me: &str) -> Ordering {
    let device = |v: &'_ Version| if v.device.is_empty() { me.to_owned() } else { v.device.clone() };
    (a.updated_at, device(a), a.deleted).cmp(&(b.updated_at, device(b), b.deleted))
}
