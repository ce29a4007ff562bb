//! Versions and the change log in the in-memory store.

use std::collections::HashMap;

use mastery_domain::record::RecordRef;

use super::MemoryTx;
use crate::{StoreError, SyncPosition, SyncTx, Version, Versioned};

/// A user's sync bookkeeping; absent until the user is enrolled.
#[derive(Debug, Default, Clone)]
pub(super) struct SyncData {
    seq: i64,
    versions: HashMap<RecordRef, Versioned>,
}

fn position(v: &Versioned) -> SyncPosition {
    SyncPosition { order: v.version.order(), seq: v.seq }
}

fn in_sync_order(mut found: Vec<Versioned>, limit: u32) -> Vec<Versioned> {
    found.sort_by_key(position);
    found.truncate(limit as usize);
    found
}

impl SyncTx for MemoryTx {
    async fn enroll(&mut self) -> Result<bool, StoreError> {
        let fresh = self.working.sync.is_none();
        self.working.sync.get_or_insert_with(SyncData::default);
        Ok(fresh)
    }

    async fn unenroll(&mut self) -> Result<(), StoreError> {
        self.working.sync = None;
        self.working.sync_values.clear();
        Ok(())
    }

    async fn note_version(&mut self, version: &Version, pending: bool) -> Result<(), StoreError> {
        if let Some(sync) = self.working.sync.as_mut() {
            sync.seq += 1;
            let versioned = Versioned { seq: sync.seq, version: version.clone(), pending };
            sync.versions.insert(version.record, versioned);
        }
        Ok(())
    }

    async fn version(&mut self, record: RecordRef) -> Result<Option<Version>, StoreError> {
        Ok(self.working.sync.as_ref().and_then(|s| s.versions.get(&record)).map(|v| v.version.clone()))
    }

    async fn last_seq(&mut self) -> Result<i64, StoreError> {
        Ok(self.working.sync.as_ref().map_or(0, |s| s.seq))
    }

    async fn versions_between(
        &mut self,
        since: i64,
        upto: i64,
        after: Option<SyncPosition>,
        except: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Versioned>, StoreError> {
        let Some(sync) = self.working.sync.as_ref() else { return Ok(Vec::new()) };
        let found = sync
            .versions
            .values()
            .filter(|v| v.seq > since && v.seq <= upto && after.is_none_or(|a| position(v) > a))
            .filter(|v| except.is_none_or(|device| v.version.device != device))
            .cloned()
            .collect();
        Ok(in_sync_order(found, limit))
    }

    async fn pending_versions(&mut self, limit: u32) -> Result<Vec<Versioned>, StoreError> {
        let Some(sync) = self.working.sync.as_ref() else { return Ok(Vec::new()) };
        Ok(in_sync_order(sync.versions.values().filter(|v| v.pending).cloned().collect(), limit))
    }

    async fn mark_sent(&mut self, seqs: &[i64]) -> Result<(), StoreError> {
        if let Some(sync) = self.working.sync.as_mut() {
            sync.versions.values_mut().filter(|v| seqs.contains(&v.seq)).for_each(|v| v.pending = false);
        }
        Ok(())
    }

    async fn sync_value(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.working.sync_values.get(key).cloned())
    }

    async fn set_sync_value(&mut self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        match value {
            Some(value) => self.working.sync_values.insert(key.to_owned(), value.to_owned()),
            None => self.working.sync_values.remove(key),
        };
        Ok(())
    }
}
