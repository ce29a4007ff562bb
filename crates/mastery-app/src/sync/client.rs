//! A device's side of a sync: push what was made here, then pull the server's changes a page at
//! a time. Each step commits what it learned with where it got to, so a sync cut off anywhere
//! (a lost connection, a killed process) loses nothing: the next one sends again what was not
//! acknowledged (the server ignores what it has) and pulls on from the last page applied.

use std::future::Future;

use jiff::Timestamp;
use mastery_domain::record::RecordRef;
use std::collections::HashMap;

use mastery_store::{Store, SyncTx, Transaction, Version};
use serde::Serialize;

use super::apply::{Applier, Side};
use super::enroll::enroll;
use super::load::changes;
use super::wire::{Position, PullRequest, RecordKey, SyncRequest, SyncResponse};
use crate::{App, AppError};

/// Changes sent per request.
const PUSH_BATCH: u32 = 500;
/// Changes asked for per page.
const PULL_PAGE: u32 = 1000;
/// Rounds of push and pull in one sync: a pull can leave changes of its own to send (a record
/// renamed because another device took its name first), sent by the next round.
const ROUNDS: usize = 3;

/// How often one record may come back refused for a parent deleted on the server: once per
/// level it hangs below a domain, with room to spare.
const MAX_REVIVALS: usize = 8;

const DEVICE: &str = "device";
const CURSOR: &str = "cursor";
const PULL_UPTO: &str = "pull_upto";
const PULL_AFTER: &str = "pull_after";
const LAST_SYNC: &str = "last_sync";
const SERVER: &str = "server";

/// How a device reaches its server.
pub trait SyncClient {
    /// Sends one request and returns the server's answer.
    fn exchange(&self, request: &SyncRequest) -> impl Future<Output = Result<SyncResponse, AppError>> + Send;
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// Changes made here, sent.
    pub sent: usize,
    /// Changes from elsewhere, applied here.
    pub received: usize,
    /// Records renamed because another device had taken their name first.
    pub renamed: Vec<String>,
    /// Requests made.
    pub requests: usize,
}

/// Where sync stands on this device.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncStatus {
    /// Whether this store has ever synced (its records carry versions).
    pub enabled: bool,
    /// Changes made here waiting to be sent.
    pub pending: usize,
    pub last_sync: Option<Timestamp>,
}

impl<S: Store> App<S> {
    /// Pushes this device's changes, then pulls the server's, until neither side has anything
    /// new for the other.
    pub async fn sync<C: SyncClient + Sync>(&self, client: &C) -> Result<SyncReport, AppError> {
        let me = self.device_id().await?;
        let mut report = SyncReport::default();
        for _ in 0..ROUNDS {
            self.push(client, &me, &mut report).await?;
            self.pull(client, &me, &mut report).await?;
            let mut tx = self.read().await?;
            if tx.pending_versions(1).await?.is_empty() {
                break;
            }
        }
        let mut tx = self.write().await?;
        tx.set_sync_value(LAST_SYNC, Some(&self.clock.now().timestamp().to_string())).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Where sync stands here.
    pub async fn sync_status(&self) -> Result<SyncStatus, AppError> {
        let mut tx = self.read().await?;
        let enabled = tx.sync_value(DEVICE).await?.is_some();
        let pending = tx.pending_versions(u32::MAX).await?.len();
        let last_sync = tx.sync_value(LAST_SYNC).await?.and_then(|t| t.parse().ok());
        Ok(SyncStatus { enabled, pending, last_sync })
    }

    /// The server and account this store syncs with (as `mastery login` named them), if any.
    pub async fn sync_server(&self) -> Result<Option<String>, AppError> {
        Ok(self.read().await?.sync_value(SERVER).await?)
    }

    /// Binds this store to a server and account. A store that synced with another one starts
    /// over: everything it holds is new there, so all of it is sent, and all of that server's
    /// records are pulled.
    pub async fn bind_sync_server(&self, server: &str) -> Result<(), AppError> {
        let mut tx = self.write().await?;
        match tx.sync_value(SERVER).await? {
            Some(bound) if bound == server => return Ok(()),
            Some(_) => tx.unenroll().await?,
            None => {}
        }
        tx.set_sync_value(SERVER, Some(server)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// This device's id, chosen (and sync switched on, every record versioned) on first use.
    async fn device_id(&self) -> Result<String, AppError> {
        let mut tx = self.write().await?;
        enroll(&mut tx, self.clock.now().timestamp()).await?;
        let id = match tx.sync_value(DEVICE).await? {
            Some(id) => id,
            None => {
                let id = uuid::Uuid::now_v7().to_string();
                tx.set_sync_value(DEVICE, Some(&id)).await?;
                id
            }
        };
        tx.commit().await?;
        Ok(id)
    }

    async fn push<C: SyncClient + Sync>(&self, client: &C, me: &str, report: &mut SyncReport) -> Result<(), AppError> {
        let mut refused: HashMap<RecordRef, usize> = HashMap::new();
        loop {
            let mut tx = self.read().await?;
            let batch = tx.pending_versions(PUSH_BATCH).await?;
            if batch.is_empty() {
                return Ok(());
            }
            let changes = changes(&mut tx, batch.iter().map(|v| &v.version), me).await?;
            drop(tx);
            let request = SyncRequest { device: me.to_owned(), push: changes, pull: None };
            let response = client.exchange(&request).await?;
            report.requests += 1;
            report.sent += batch.len();
            report.renamed.extend(response.renamed);
            let mut orphans = HashMap::new();
            for orphan in &response.orphans {
                let named = RecordKey { kind: orphan.kind.clone(), key: orphan.key.clone() };
                let revive: Option<Vec<RecordRef>> = orphan.revive.iter().map(RecordKey::reference).collect();
                match (named.reference(), revive) {
                    (Some(record), Some(revive)) => orphans.insert(record, revive),
                    _ => {
                        return Err(AppError::Remote(format!(
                            "the server named a record this device does not know: {}",
                            named.kind
                        )));
                    }
                };
            }
            let mut tx = self.write().await?;
            let sent: Vec<i64> =
                batch.iter().filter(|v| !orphans.contains_key(&v.version.record)).map(|v| v.seq).collect();
            tx.mark_sent(&sent).await?;
            // A record the server refused because its parent was deleted there first: the
            // parent is sent again ahead of it, one level a round. It is written again as of
            // the refused record's own write, not as of now, so a deletion made elsewhere
            // after that write (of the parent, or of anything above it) still wins.
            for (record, revive) in orphans {
                let tries = refused.entry(record).or_default();
                *tries += 1;
                if *tries > MAX_REVIVALS {
                    return Err(AppError::Remote(format!(
                        "the server keeps refusing {record}: what it hangs off is gone there"
                    )));
                }
                let written = batch.iter().filter(|v| v.version.record == record).map(|v| v.version.updated_at).max();
                for parent in revive {
                    let here = tx.version(parent).await?.map(|v| v.updated_at);
                    let Some(updated_at) = written.max(here) else { continue };
                    tx.note_version(
                        &Version { record: parent, updated_at, device: String::new(), deleted: false },
                        true,
                    )
                    .await?;
                }
            }
            tx.commit().await?;
        }
    }

    async fn pull<C: SyncClient + Sync>(&self, client: &C, me: &str, report: &mut SyncReport) -> Result<(), AppError> {
        loop {
            let mut tx = self.read().await?;
            let since = number(tx.sync_value(CURSOR).await?)?.unwrap_or(0);
            let upto = number(tx.sync_value(PULL_UPTO).await?)?;
            let after = tx.sync_value(PULL_AFTER).await?.map(|p| position(&p)).transpose()?;
            drop(tx);
            let pull = PullRequest { since, upto, after, limit: PULL_PAGE };
            let request = SyncRequest { device: me.to_owned(), push: Vec::new(), pull: Some(pull) };
            let response = client.exchange(&request).await?;
            report.requests += 1;
            let page = response.pull.ok_or_else(|| AppError::Internal("the server sent no changes back".to_owned()))?;
            let mut tx = self.write().await?;
            let mut applier = Applier::new(me.to_owned(), Side::Device, self.clock.now().timestamp());
            for change in &page.changes {
                applier.apply(&mut tx, change).await?;
            }
            report.received += applier.accepted;
            report.renamed.append(&mut applier.renamed);
            match page.next {
                Some(next) => {
                    tx.set_sync_value(PULL_UPTO, Some(&page.upto.to_string())).await?;
                    tx.set_sync_value(PULL_AFTER, Some(&format!("{}:{}", next.order, next.seq))).await?;
                }
                None => {
                    tx.set_sync_value(CURSOR, Some(&page.upto.to_string())).await?;
                    tx.set_sync_value(PULL_UPTO, None).await?;
                    tx.set_sync_value(PULL_AFTER, None).await?;
                }
            }
            tx.commit().await?;
            if page.next.is_none() {
                return Ok(());
            }
        }
    }
}

fn number(value: Option<String>) -> Result<Option<i64>, AppError> {
    value
        .map(|v| v.parse().map_err(|_| AppError::Internal(format!("the sync state holds '{v}' for a number"))))
        .transpose()
}

fn position(value: &str) -> Result<Position, AppError> {
    let bad = || AppError::Internal(format!("the sync state holds '{value}' for a position"));
    let (order, seq) = value.split_once(':').ok_or_else(bad)?;
    Ok(Position { order: order.parse().map_err(|_| bad())?, seq: seq.parse().map_err(|_| bad())? })
}
