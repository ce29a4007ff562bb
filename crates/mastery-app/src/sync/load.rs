//! Reading records by reference, a batch at a time: what a push sends and a pull hands out.
//! Kinds read one by one where the store has a lookup, the others in one list per batch.

use std::collections::{HashMap, HashSet};

use mastery_domain::record::RecordRef;
use mastery_store::{StoreError, Transaction, Version};

use super::wire::Change;
use crate::AppError;
use crate::records::AnyRecord;

/// The changes the versions make, each with its record as stored here (none for a deletion),
/// as sent from the replica whose id is `me`.
pub(crate) async fn changes<'a, T: Transaction>(
    tx: &mut T,
    versions: impl IntoIterator<Item = &'a Version>,
    me: &str,
) -> Result<Vec<Change>, AppError> {
    let versions: Vec<&Version> = versions.into_iter().collect();
    let live: Vec<RecordRef> = versions.iter().filter(|v| !v.deleted).map(|v| v.record).collect();
    let mut records = load(tx, &live).await?;
    let mut changes = Vec::with_capacity(versions.len());
    for version in versions {
        let record = match version.deleted {
            true => None,
            false => Some(records.remove(&version.record).ok_or_else(|| {
                AppError::Internal(format!("{} has a version but is not in the store", version.record))
            })?),
        };
        changes.push(Change::of(version, me, record));
    }
    Ok(changes)
}

/// The records named that exist, by reference.
pub(crate) async fn load<T: Transaction>(
    tx: &mut T,
    wanted: &[RecordRef],
) -> Result<HashMap<RecordRef, AnyRecord>, StoreError> {
    let mut found = HashMap::new();
    let kinds: HashSet<&'static str> = wanted.iter().map(RecordRef::kind).collect();
    let mut listed = Vec::new();
    for kind in kinds {
        match kind {
            "evidence" => listed.extend(tx.backfilled_evidence().await?.into_iter().map(AnyRecord::Evidence)),
            "checkins" => listed.extend(tx.checkins().await?.into_iter().map(AnyRecord::Checkin)),
            "role_models" => listed.extend(tx.role_models(None).await?.into_iter().map(AnyRecord::RoleModel)),
            "feedback" => listed.extend(tx.feedback(None).await?.into_iter().map(AnyRecord::Feedback)),
            "audits" => listed.extend(tx.audits(None).await?.into_iter().map(AnyRecord::Audit)),
            "practice_plans" => listed.extend(tx.practice_plans().await?.into_iter().map(AnyRecord::PracticePlan)),
            "practice_sessions" => {
                listed.extend(tx.practice_sessions(None).await?.into_iter().map(AnyRecord::PracticeSession))
            }
            "rest_days" => listed.extend(tx.rest_days().await?.into_iter().map(AnyRecord::RestDay)),
            "programs" => listed.extend(tx.programs().await?.into_iter().map(AnyRecord::Program)),
            "celebrations" => listed.extend(tx.celebrations(None).await?.into_iter().map(AnyRecord::Celebration)),
            _ => {}
        }
    }
    let wanted_set: HashSet<RecordRef> = wanted.iter().copied().collect();
    found.extend(listed.into_iter().map(|r| (r.reference(), r)).filter(|(r, _)| wanted_set.contains(r)));
    for &record in wanted {
        let one = match record {
            RecordRef::Domain(id) => tx.domain(id).await?.map(AnyRecord::Domain),
            RecordRef::Goal(id) => tx.goal(id).await?.map(AnyRecord::Goal),
            RecordRef::Challenge(id) => tx.challenge(id).await?.map(AnyRecord::Challenge),
            RecordRef::Attempt(id) => tx.attempt(id).await?.map(|a| AnyRecord::Attempt(Box::new(a))),
            RecordRef::Reattribution(id) => tx.reattribution(id).await?.map(AnyRecord::Reattribution),
            RecordRef::Review(period) => tx.review(period).await?.map(AnyRecord::Review),
            _ => None,
        };
        if let Some(one) = one {
            found.insert(record, one);
        }
    }
    Ok(found)
}
