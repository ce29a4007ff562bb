//! Conformance of [`CelebrationTx`](crate::CelebrationTx): celebrations round-trip, take their
//! reflection, are one per subject, list newest first by domain and belong to their user.

use mastery_domain::celebration::{Celebration, CelebrationKind};
use mastery_domain::ids::CelebrationId;

use super::*;
use crate::CelebrationTx;

pub(super) fn celebration(n: u32, domain: &Domain, kind: CelebrationKind, subject: u32, minute: i64) -> Celebration {
    Celebration {
        id: CelebrationId::from_uuid(uuid(n)),
        domain_id: domain.id,
        kind,
        subject: uuid(subject).to_string(),
        title: format!("Milestone {n}"),
        at: at(minute),
        effort: None,
        strategy: None,
    }
}

write_with!(Insert::insert_into { Celebration => insert_celebration });

/// Every field survives a round trip, the reflection included; lists are newest first (id
/// descending on a tie) and narrow to a domain.
pub async fn round_trip_celebrations<S: Store>(store: &S) {
    let speaking = domain(1, "Speaking");
    let running = domain(2, "Running");
    let rung = celebration(10, &speaking, CelebrationKind::Rung, 50, 1);
    let goal = celebration(11, &running, CelebrationKind::Goal, 51, 5);
    let tie = celebration(12, &speaking, CelebrationKind::Program, 52, 5);
    let mut tx = committed_then_write(store, async |tx| {
        insert_all(tx, [&speaking, &running]).await;
        insert_all(tx, [&goal, &rung, &tie]).await;
    })
    .await;
    let reflected = Celebration { effort: Some(TRICKY.to_owned()), strategy: Some("Cards".to_owned()), ..rung.clone() };
    tx.update_celebration(&reflected).await.expect("update_celebration");
    assert_reads!(tx.celebration(rung.id), Some(reflected.clone()));
    assert_reads!(tx.celebration(CelebrationId::from_uuid(uuid(99))), None);
    assert_reads!(tx.celebrations(None), [tie.clone(), goal.clone(), reflected.clone()]);
    assert_reads!(tx.celebrations(Some(speaking.id)), [tie, reflected]);
    let unknown = celebration(13, &speaking, CelebrationKind::Goal, 53, 6);
    assert_refused!(tx.update_celebration(&unknown), not_found("celebration", unknown.id));
}

/// A subject is celebrated once per kind; another user neither sees one's celebrations nor adds
/// to one's domains.
pub async fn celebrations_are_one_per_subject_and_user<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    let chess = domain(1, "Chess");
    let first = celebration(10, &chess, CelebrationKind::Rung, 50, 1);
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    chess.insert_into(&mut tx).await;
    first.insert_into(&mut tx).await;
    let again = celebration(11, &chess, CelebrationKind::Rung, 50, 2);
    assert_refused!(tx.insert_celebration(&again), conflict("celebration", uuid(50)));
    celebration(12, &chess, CelebrationKind::Goal, 50, 3).insert_into(&mut tx).await;
    commit(tx).await;

    let other = store.add_user("someone else").await.expect("add_user");
    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_reads!(tx.celebrations(None), [], "of another user");
    assert_reads!(tx.celebration(first.id), None, "of another user");
    assert_refused!(
        tx.insert_celebration(&celebration(13, &chess, CelebrationKind::Goal, 54, 4)),
        not_found("domain", chess.id)
    );
    assert_refused!(tx.update_celebration(&first), not_found("celebration", first.id));
    drop(tx);
    let mut tx = store.begin(me, Access::Read).await.expect("begin");
    let mine = tx.celebrations(None).await.expect("celebrations");
    assert_eq!(mine.len(), 2, "celebrations after refused writes");
}
