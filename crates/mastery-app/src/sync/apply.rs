//! Applying one change from elsewhere, the same way on the server and on a device.
//!
//! - The last writer wins: a change older than the record's version here is ignored (which
//!   also makes a repeated push or page harmless).
//! - A deletion takes the record and whatever hangs off it here, unless something under it was
//!   written after the deletion: then that stays, with everything it hangs off, and the record
//!   is written again (a version just after the deletion) so every replica keeps it. A write
//!   the person was told about is never lost to an older deletion.
//! - A record pushed under a parent the server deleted earlier is sent back as an orphan: the
//!   device sends the parents again ahead of it. On a device, a record whose parent is gone
//!   (deleted here after it was written elsewhere) goes too.
//! - A record whose name (slug) is taken by another: the later of the two is renamed. On the
//!   server the arriving record is the later one; on a device, a record of its own that it has
//!   not sent yet. A device's record that the server already has is only moved aside: the
//!   server's own change to it comes further on in the same pull.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};
use mastery_domain::record::RecordRef;
use mastery_store::{StoreError, Transaction, Version};

use super::wire::{Change, Orphan, RecordKey};
use super::{SERVER_DEVICE, compare};
use crate::AppError;
use crate::records::AnyRecord;
use crate::revise::{Deletion, doomed};

/// Which replica applies the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Server,
    Device,
}

/// Applies changes for one replica and notes what it had to do.
#[derive(Debug)]
pub(crate) struct Applier {
    /// This replica's device id (what the empty device stands for).
    me: String,
    side: Side,
    now: Timestamp,
    /// Changes newer than what was here.
    pub(crate) accepted: usize,
    /// A line per record renamed.
    pub(crate) renamed: Vec<String>,
    /// Records that arrived under a deleted parent (on the server).
    pub(crate) orphans: Vec<Orphan>,
}

impl Applier {
    pub(crate) fn new(me: String, side: Side, now: Timestamp) -> Self {
        Applier { me, side, now, accepted: 0, renamed: Vec::new(), orphans: Vec::new() }
    }

    /// Whether a version written by this replica in answer to a change is still to be sent.
    fn pending(&self) -> bool {
        self.side == Side::Device
    }

    /// A version this replica writes in answer to a change made at `at`: just after it, so it
    /// wins over that change everywhere.
    fn answer(&self, record: RecordRef, at: Timestamp, deleted: bool) -> Version {
        Version { record, updated_at: at + SignedDuration::from_micros(1), device: self.own_device(), deleted }
    }

    /// The device a version this replica writes carries.
    fn own_device(&self) -> String {
        match self.side {
            Side::Server => SERVER_DEVICE.to_owned(),
            Side::Device => String::new(),
        }
    }

    pub(crate) async fn apply<T: Transaction>(&mut self, tx: &mut T, change: &Change) -> Result<(), AppError> {
        let incoming = change.version()?;
        let local = tx.version(incoming.record).await?;
        if let Some(local) = &local
            && compare(&incoming, local, &self.me) != Ordering::Greater
        {
            return Ok(());
        }
        self.accepted += 1;
        let live_here = local.as_ref().is_some_and(|v| !v.deleted);
        match &change.record {
            None => self.delete(tx, &incoming, false).await,
            Some(record) => self.upsert(tx, record.clone(), incoming, live_here).await,
        }
    }

    /// Deletes the record and what hangs off it here, leaving `stamp` as its version; what was
    /// written after the deletion stays, and keeps the record with it.
    async fn delete<T: Transaction>(&mut self, tx: &mut T, stamp: &Version, pending: bool) -> Result<(), AppError> {
        let dependants = dependants(tx, stamp.record).await?;
        let mut versions = Vec::with_capacity(dependants.len());
        for child in &dependants {
            versions.push(tx.version(child.reference()).await?);
        }
        let parents: HashMap<RecordRef, Option<RecordRef>> =
            dependants.iter().map(|child| (child.reference(), child.parent())).collect();
        let mut kept = HashSet::new();
        for (child, own) in dependants.iter().zip(&versions) {
            if own.as_ref().is_some_and(|own| compare(own, stamp, &self.me) == Ordering::Greater) {
                let mut at = Some(child.reference());
                while let Some(record) = at.filter(|r| parents.contains_key(r) && kept.insert(*r)) {
                    at = parents[&record];
                }
            }
        }
        for (child, own) in dependants.iter().zip(versions).rev() {
            let reference = child.reference();
            if kept.contains(&reference) {
                continue;
            }
            // Written by this replica, so every other one (the deleter included) hears of it.
            let updated_at = own.map_or(stamp.updated_at, |own| own.updated_at.max(stamp.updated_at));
            let child_stamp = Version { record: reference, updated_at, device: self.own_device(), deleted: true };
            remove(tx, &child_stamp).await?;
            tx.note_version(&child_stamp, self.pending()).await?;
        }
        if kept.is_empty() {
            remove(tx, stamp).await?;
            tx.note_version(stamp, pending).await?;
        } else {
            // Something under it was written after the deletion: the record stays, everywhere.
            let revived = self.answer(stamp.record, stamp.updated_at, false);
            tx.note_version(&revived, self.pending()).await?;
        }
        Ok(())
    }

    async fn upsert<T: Transaction>(
        &mut self,
        tx: &mut T,
        mut record: AnyRecord,
        mut version: Version,
        mut live_here: bool,
    ) -> Result<(), AppError> {
        // A record live here has no tombstone to take away.
        let tombstoned = !live_here;
        let mut resolved = false;
        loop {
            let written = if live_here { record.replace(tx).await } else { record.insert(tx).await };
            match written {
                Ok(()) => break,
                Err(StoreError::NotFound { .. }) if live_here => live_here = false,
                Err(StoreError::NotFound { .. }) => return self.orphan(tx, &record, &version).await,
                Err(StoreError::Conflict { .. }) if !resolved => {
                    resolved = true;
                    match self.resolve_clash(tx, &mut record, &mut version).await? {
                        Clash::Resolved => {}
                        Clash::Dropped => return Ok(()),
                        Clash::NoneFound => live_here = true,
                    }
                }
                Err(StoreError::Conflict { .. }) => {
                    // Neither a name taken here nor this account's own record: another account
                    // on an SQLite server, which keys records by id alone, holds the id.
                    return Err(AppError::refused(format!(
                        "{} cannot be kept on this server: another account there holds a record with the same \
                         id (a server on SQLite keys records by id alone; on PostgreSQL each account keys its own)",
                        version.record
                    )));
                }
                Err(error) => return Err(error.into()),
            }
        }
        if tombstoned {
            tx.remove_tombstone(version.record).await?;
        }
        tx.note_version(&version, false).await?;
        Ok(())
    }

    /// `record` hangs off something deleted here. Deleted after the record was written, the
    /// parent takes it along. Deleted before, the server sends the record back to its device
    /// with its parent, for the device to send again first (and so on up, one level a round); a
    /// device deletes it (its parent was deleted here, a change not sent yet).
    async fn orphan<T: Transaction>(
        &mut self,
        tx: &mut T,
        record: &AnyRecord,
        version: &Version,
    ) -> Result<(), AppError> {
        let parent = record.parent();
        let parent_version = match parent {
            Some(parent) => tx.version(parent).await?,
            None => None,
        };
        let deleted_later = parent_version.as_ref().is_some_and(|p| compare(p, version, &self.me) == Ordering::Greater);
        let deleted_at = parent_version.map_or(version.updated_at, |v| v.updated_at.max(version.updated_at));
        match self.side {
            // Its parent was deleted after it was written: it goes with it.
            Side::Server if deleted_later => {
                let gone = Version {
                    record: version.record,
                    updated_at: deleted_at,
                    device: self.own_device(),
                    deleted: true,
                };
                remove(tx, &gone).await?;
                tx.note_version(&gone, false).await?;
                Ok(())
            }
            Side::Server => {
                self.accepted -= 1;
                let reference = version.record;
                let orphan = Orphan {
                    kind: reference.kind().to_owned(),
                    key: reference.key(),
                    revive: parent.into_iter().map(RecordKey::from).collect(),
                };
                self.orphans.push(orphan);
                Ok(())
            }
            Side::Device => {
                let gone = self.answer(version.record, deleted_at, true);
                remove(tx, &gone).await?;
                tx.note_version(&gone, true).await?;
                Ok(())
            }
        }
    }

    /// Makes room for `record`, whose name another record here holds.
    async fn resolve_clash<T: Transaction>(
        &mut self,
        tx: &mut T,
        record: &mut AnyRecord,
        version: &mut Version,
    ) -> Result<Clash, AppError> {
        let Some(holder) = holder(tx, record).await? else { return Ok(Clash::NoneFound) };
        let holder_ref = holder.reference();
        let holder_pending = tx.pending_versions(u32::MAX).await?.iter().any(|v| v.version.record == holder_ref);
        match (self.side, slug_of(record)) {
            (Side::Server, Some(slug)) => {
                let free = free_slug(tx, record, slug).await?;
                self.renamed.push(renamed_line(record, &free));
                *record = with_slug(record, free);
                *version = self.answer(version.record, version.updated_at, false);
                Ok(Clash::Resolved)
            }
            (Side::Server, None) => {
                let gone = self.answer(version.record, version.updated_at, true);
                self.delete(tx, &gone, false).await?;
                Ok(Clash::Dropped)
            }
            (Side::Device, Some(slug)) if holder_pending => {
                let free = free_slug(tx, &holder, slug).await?;
                self.renamed.push(renamed_line(&holder, &free));
                with_slug(&holder, free).replace(tx).await?;
                let mine = Version { record: holder_ref, updated_at: self.now, device: String::new(), deleted: false };
                tx.note_version(&mine, true).await?;
                Ok(Clash::Resolved)
            }
            (Side::Device, Some(slug)) => {
                let aside = format!("{slug}-{}", &holder_ref.key()[..8]);
                with_slug(&holder, aside).replace(tx).await?;
                Ok(Clash::Resolved)
            }
            (Side::Device, None) if holder_pending => {
                let gone = Version { record: holder_ref, updated_at: self.now, device: String::new(), deleted: true };
                self.delete(tx, &gone, true).await?;
                Ok(Clash::Resolved)
            }
            (Side::Device, None) => {
                tx.delete_record(holder_ref).await?;
                Ok(Clash::Resolved)
            }
        }
    }
}

enum Clash {
    /// Room was made; write the record again.
    Resolved,
    /// The arriving record lost and was deleted.
    Dropped,
    /// No other record holds the name: the record itself is here already.
    NoneFound,
}

/// Takes a record out, if it is here, and leaves its tombstone.
async fn remove<T: Transaction>(tx: &mut T, stamp: &Version) -> Result<(), AppError> {
    match tx.delete_record(stamp.record).await {
        Ok(()) | Err(StoreError::NotFound { .. }) => {}
        Err(error) => return Err(error.into()),
    }
    tx.insert_tombstone(&mastery_domain::record::Tombstone { record: stamp.record, deleted_at: stamp.updated_at })
        .await?;
    Ok(())
}

/// The records that hang off `record` here, parents first (the record itself left out).
async fn dependants<T: Transaction>(tx: &mut T, record: RecordRef) -> Result<Vec<AnyRecord>, AppError> {
    let deletion = match record {
        RecordRef::Domain(id) => Deletion::Domain(id.to_string()),
        RecordRef::Goal(id) => Deletion::Goal(id.to_string()),
        RecordRef::Challenge(id) => Deletion::Challenge(id.to_string()),
        RecordRef::Attempt(id) => Deletion::Attempt(id.to_string()),
        _ => return Ok(Vec::new()),
    };
    match doomed(tx, &deletion).await {
        Ok((mut records, _)) => {
            records.retain(|r| r.reference() != record);
            Ok(records)
        }
        Err(AppError::NotFound { .. }) => Ok(Vec::new()),
        Err(error) => Err(error),
    }
}

/// The other record here holding `record`'s slug (or, for a celebration, its subject).
async fn holder<T: Transaction>(tx: &mut T, record: &AnyRecord) -> Result<Option<AnyRecord>, StoreError> {
    Ok(match record {
        AnyRecord::Domain(d) => tx.domain_by_slug(&d.slug).await?.filter(|h| h.id != d.id).map(AnyRecord::Domain),
        AnyRecord::Goal(g) => tx.goal_by_slug(&g.slug).await?.filter(|h| h.id != g.id).map(AnyRecord::Goal),
        AnyRecord::Challenge(c) => tx
            .challenges(c.goal_id)
            .await?
            .into_iter()
            .find(|h| h.slug == c.slug && h.id != c.id)
            .map(AnyRecord::Challenge),
        AnyRecord::Celebration(c) => tx
            .celebrations(Some(c.domain_id))
            .await?
            .into_iter()
            .find(|h| h.kind == c.kind && h.subject == c.subject && h.id != c.id)
            .map(AnyRecord::Celebration),
        _ => None,
    })
}

fn slug_of(record: &AnyRecord) -> Option<&str> {
    match record {
        AnyRecord::Domain(d) => Some(&d.slug),
        AnyRecord::Goal(g) => Some(&g.slug),
        AnyRecord::Challenge(c) => Some(&c.slug),
        _ => None,
    }
}

fn with_slug(record: &AnyRecord, slug: String) -> AnyRecord {
    let mut record = record.clone();
    match &mut record {
        AnyRecord::Domain(d) => d.slug = slug,
        AnyRecord::Goal(g) => g.slug = slug,
        AnyRecord::Challenge(c) => c.slug = slug,
        _ => {}
    }
    record
}

/// The first of `slug-2`, `slug-3`, … that no other record of its kind (and rung, its goal)
/// holds here.
async fn free_slug<T: Transaction>(tx: &mut T, record: &AnyRecord, slug: &str) -> Result<String, StoreError> {
    let mut n = 2;
    loop {
        let candidate = format!("{slug}-{n}");
        if holder(tx, &with_slug(record, candidate.clone())).await?.is_none() {
            return Ok(candidate);
        }
        n += 1;
    }
}

fn renamed_line(record: &AnyRecord, slug: &str) -> String {
    let (kind, was) = match record {
        AnyRecord::Domain(d) => ("domain", d.slug.as_str()),
        AnyRecord::Goal(g) => ("goal", g.slug.as_str()),
        AnyRecord::Challenge(c) => ("rung", c.slug.as_str()),
        _ => ("record", ""),
    };
    format!("the {kind} '{was}' is now '{slug}': another device had taken the name first")
}
