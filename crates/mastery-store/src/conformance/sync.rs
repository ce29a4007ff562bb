//! Conformance of [`SyncTx`](crate::SyncTx): versions kept once enrolled, numbered in the order
//! changes happen, read back in sync order a page at a time, pending until sent, and the
//! sync state's values, all per user.

use mastery_domain::ids::{AttemptId, DomainId, GoalId};
use mastery_domain::record::RecordRef;

use super::*;
use crate::{SyncPosition, SyncTx, Version, Versioned};

fn version(record: RecordRef, minute: i64, device: &str, deleted: bool) -> Version {
    Version { record, updated_at: at(minute), device: device.to_owned(), deleted }
}

fn domain_ref(n: u32) -> RecordRef {
    RecordRef::Domain(DomainId::from_uuid(uuid(n)))
}

/// Until a user is enrolled nothing is kept; enrolling twice changes nothing; each noted
/// change takes the next number and replaces the record's older version; unenrolling forgets
/// it all.
pub async fn versions_are_kept_once_enrolled<S: Store>(store: &S) {
    let first = version(domain_ref(1), 1, "", false);
    let mut tx = begin(store, Access::Write).await;
    tx.note_version(&first, true).await.expect("note_version before enrolling");
    assert_reads!(tx.version(first.record), None, "before enrolling");
    assert_reads!(tx.last_seq(), 0, "before enrolling");
    assert_reads!(tx.enroll(), true, "the first time");
    assert_reads!(tx.enroll(), false, "the second time");
    tx.note_version(&first, true).await.expect("note_version");
    let edited = version(domain_ref(1), 2, "laptop", false);
    tx.note_version(&edited, false).await.expect("note_version");
    commit(tx).await;

    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.version(first.record), Some(edited.clone()));
    assert_reads!(tx.last_seq(), 2);
    assert_reads!(
        tx.versions_between(0, 2, None, None, 10),
        vec![Versioned { seq: 2, version: edited, pending: false }]
    );
    assert_reads!(tx.versions_between(2, 2, None, None, 10), vec![], "with nothing new");
    drop(tx);

    let mut tx = begin(store, Access::Write).await;
    tx.set_sync_value("cursor", Some("2")).await.expect("set_sync_value");
    tx.unenroll().await.expect("unenroll");
    assert_reads!(tx.version(first.record), None, "once unenrolled");
    assert_reads!(tx.last_seq(), 0, "once unenrolled");
    assert_reads!(tx.sync_value("cursor"), None, "once unenrolled");
    assert_reads!(tx.enroll(), true, "after unenrolling");
}

/// A window of changes comes parents first, then deletions children first, a page at a time;
/// changes made here wait as pending until marked sent, unless they changed again since.
pub async fn versions_come_in_sync_order<S: Store>(store: &S) {
    let attempt = version(RecordRef::Attempt(AttemptId::from_uuid(uuid(3))), 1, "", false);
    let goal_gone = version(RecordRef::Goal(GoalId::from_uuid(uuid(2))), 2, "phone", true);
    let plan_gone = version(RecordRef::Reattribution(AttemptId::from_uuid(uuid(4))), 3, "phone", true);
    let domain = version(domain_ref(1), 4, "", false);
    let mut tx = begin(store, Access::Write).await;
    tx.enroll().await.expect("enroll");
    for (v, pending) in [(&attempt, true), (&goal_gone, false), (&plan_gone, false), (&domain, true)] {
        tx.note_version(v, pending).await.expect("note_version");
    }
    commit(tx).await;

    let mut tx = begin(store, Access::Write).await;
    let all = tx.versions_between(0, 4, None, None, 10).await.expect("versions_between");
    let order: Vec<RecordRef> = all.iter().map(|v| v.version.record).collect();
    assert_eq!(order, [domain.record, attempt.record, plan_gone.record, goal_gone.record]);
    let first_page = tx.versions_between(0, 4, None, None, 2).await.expect("versions_between");
    let last = first_page.last().expect("a page");
    let after = SyncPosition { order: last.version.order(), seq: last.seq };
    let second_page = tx.versions_between(0, 4, Some(after), None, 2).await.expect("versions_between");
    assert_eq!([first_page, second_page].concat(), all, "two pages of two");
    let order: Vec<RecordRef> = tx
        .versions_between(1, 3, None, None, 10)
        .await
        .expect("versions_between")
        .iter()
        .map(|v| v.version.record)
        .collect();
    assert_eq!(order, [plan_gone.record, goal_gone.record], "changes 2 and 3 only");
    let order: Vec<RecordRef> = tx
        .versions_between(0, 4, None, Some("phone"), 10)
        .await
        .expect("versions_between")
        .iter()
        .map(|v| v.version.record)
        .collect();
    assert_eq!(order, [domain.record, attempt.record], "leaving out the phone's");

    let pending: Vec<(RecordRef, i64)> =
        tx.pending_versions(10).await.expect("pending_versions").iter().map(|v| (v.version.record, v.seq)).collect();
    assert_eq!(pending, [(domain.record, 4), (attempt.record, 1)]);
    tx.mark_sent(&[1]).await.expect("mark_sent");
    tx.note_version(&version(domain.record, 5, "", false), true).await.expect("note_version");
    tx.mark_sent(&[4]).await.expect("mark_sent of an older number");
    let pending: Vec<(RecordRef, i64)> =
        tx.pending_versions(10).await.expect("pending_versions").iter().map(|v| (v.version.record, v.seq)).collect();
    assert_eq!(pending, [(domain.record, 5)], "the domain changed again after it was sent");
    commit(tx).await;
}

/// The sync state's values are set, replaced and removed, and versions and values belong to
/// their user.
pub async fn sync_state_belongs_to_its_user<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    let other = store.add_user("someone else").await.expect("add_user");
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    tx.enroll().await.expect("enroll");
    tx.note_version(&version(domain_ref(1), 1, "", false), true).await.expect("note_version");
    tx.set_sync_value("cursor", Some("12")).await.expect("set_sync_value");
    tx.set_sync_value("cursor", Some("13")).await.expect("set_sync_value");
    tx.set_sync_value("device", Some("laptop")).await.expect("set_sync_value");
    tx.set_sync_value("device", None).await.expect("set_sync_value");
    commit(tx).await;

    let mut tx = store.begin(me, Access::Read).await.expect("begin");
    assert_reads!(tx.sync_value("cursor"), Some("13".to_owned()));
    assert_reads!(tx.sync_value("device"), None, "once removed");
    drop(tx);
    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_reads!(tx.sync_value("cursor"), None, "of another user");
    assert_reads!(tx.version(domain_ref(1)), None, "of another user");
    assert_reads!(tx.last_seq(), 0, "of another user");
    assert_reads!(tx.pending_versions(10), vec![], "of another user");
    assert_reads!(tx.enroll(), true, "for another user");
}
