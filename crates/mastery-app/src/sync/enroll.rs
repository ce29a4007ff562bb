//! Switching sync on for a person: every record they already have gets a first version, made
//! here now, and every deletion they made a deleted version at its time, so a first sync sends
//! years of history and a device that still holds a deleted record learns it is gone.

use jiff::Timestamp;
use mastery_domain::record::RecordRef;
use mastery_store::{AttemptQuery, StoreError, Transaction, Version};

/// Attempts read per page while enrolling.
const PAGE: usize = 1000;

/// Enrolls the transaction's user; when sync was off until now, versions every record.
pub(crate) async fn enroll<T: Transaction>(tx: &mut T, now: Timestamp) -> Result<(), StoreError> {
    if !tx.enroll().await? {
        return Ok(());
    }
    let mut records: Vec<RecordRef> = Vec::new();
    records.extend(tx.domains().await?.iter().map(|d| RecordRef::Domain(d.id)));
    let goals = tx.goals(None).await?;
    for goal in &goals {
        records.extend(tx.challenges(goal.id).await?.iter().map(|c| RecordRef::Challenge(c.id)));
    }
    records.extend(goals.iter().map(|g| RecordRef::Goal(g.id)));
    records.extend(tx.role_models(None).await?.iter().map(|r| RecordRef::RoleModel(r.id)));
    records.extend(tx.feedback(None).await?.iter().map(|f| RecordRef::Feedback(f.id)));
    records.extend(tx.backfilled_evidence().await?.iter().map(|e| RecordRef::Evidence(e.id)));
    records.extend(tx.checkins().await?.iter().map(|c| RecordRef::Checkin(c.id)));
    records.extend(tx.audits(None).await?.iter().map(|a| RecordRef::Audit(a.id)));
    records.extend(tx.practice_plans().await?.iter().map(|p| RecordRef::PracticePlan(p.domain_id)));
    records.extend(tx.practice_sessions(None).await?.iter().map(|s| RecordRef::PracticeSession(s.id)));
    records.extend(tx.rest_days().await?.iter().map(|r| RecordRef::RestDay { domain: r.domain_id, on: r.on }));
    records.extend(tx.reviews().await?.iter().map(|r| RecordRef::Review(r.period)));
    records.extend(tx.programs().await?.iter().map(|p| RecordRef::Program(p.id)));
    records.extend(tx.celebrations(None).await?.iter().map(|c| RecordRef::Celebration(c.id)));
    records.extend(tx.reattributions(None).await?.iter().map(|r| RecordRef::Reattribution(r.attempt_id)));
    for record in records {
        tx.note_version(&Version { record, updated_at: now, device: String::new(), deleted: false }, true).await?;
    }
    let mut query = AttemptQuery { limit: Some(PAGE), ..AttemptQuery::default() };
    loop {
        let page = tx.attempts(&query).await?;
        for attempt in &page.items {
            let record = RecordRef::Attempt(attempt.id);
            tx.note_version(&Version { record, updated_at: now, device: String::new(), deleted: false }, true).await?;
        }
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    for tombstone in tx.tombstones().await? {
        let version = Version {
            record: tombstone.record,
            updated_at: tombstone.deleted_at,
            device: String::new(),
            deleted: true,
        };
        tx.note_version(&version, true).await?;
    }
    Ok(())
}
