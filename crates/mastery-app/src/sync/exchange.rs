//! The server's side of a sync: take a device's changes, then hand out a page of its own.

use mastery_store::{Store, Transaction};

use super::SERVER_DEVICE;
use super::apply::{Applier, Side};
use super::enroll::enroll;
use super::load::changes;
use super::wire::{MAX_BATCH, Position, PullPage, PullRequest, SyncRequest, SyncResponse};
use crate::{App, AppError};

impl<S: Store> App<S> {
    /// Applies a device's changes (the last writer wins) and answers the page of the server's
    /// changes it asked for, leaving out those the device made itself, all in one transaction.
    pub async fn sync_exchange(&self, request: &SyncRequest) -> Result<SyncResponse, AppError> {
        check(request)?;
        let now = self.clock.now().timestamp();
        let mut tx = self.write().await?;
        enroll(&mut tx, now).await?;
        let mut applier = Applier::new(SERVER_DEVICE.to_owned(), Side::Server, now);
        for change in &request.push {
            applier.apply(&mut tx, change).await?;
        }
        let pull = match request.pull {
            Some(pull) => Some(page(&mut tx, pull, &request.device).await?),
            None => None,
        };
        tx.commit().await?;
        Ok(SyncResponse { accepted: applier.accepted, renamed: applier.renamed, orphans: applier.orphans, pull })
    }
}

fn check(request: &SyncRequest) -> Result<(), AppError> {
    let refused = |why: String| Err(AppError::refused(why));
    let device = &request.device;
    let fine = |c: char| c.is_ascii_alphanumeric() || c == '-';
    if device.is_empty() || device.len() > 64 || !device.chars().all(fine) || device == SERVER_DEVICE {
        return refused(format!("'{device}' is not a device id: send the UUID the device chose"));
    }
    if request.push.len() > MAX_BATCH as usize {
        return refused(format!("{} changes in one push; send at most {MAX_BATCH}", request.push.len()));
    }
    if let Some(pull) = request.pull
        && !(1..=MAX_BATCH).contains(&pull.limit)
    {
        return refused(format!("a pull of {} changes; ask for 1 to {MAX_BATCH}", pull.limit));
    }
    Ok(())
}

async fn page<T: Transaction>(tx: &mut T, pull: PullRequest, device: &str) -> Result<PullPage, AppError> {
    let last = tx.last_seq().await?;
    let upto = pull.upto.map_or(last, |upto| upto.min(last));
    // The device's own changes are left out: it holds them, or later ones.
    let found = tx.versions_between(pull.since, upto, pull.after.map(Into::into), Some(device), pull.limit).await?;
    let next = match found.len() == pull.limit as usize {
        true => found.last().map(|v| Position { order: v.version.order(), seq: v.seq }),
        false => None,
    };
    let changes = changes(tx, found.iter().map(|v| &v.version), SERVER_DEVICE).await?;
    Ok(PullPage { changes, upto, next })
}
