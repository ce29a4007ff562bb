//! Conformance of [`FoldTx`](crate::FoldTx): a kept fold comes back while the attempts it
//! covers stand, goes when any of them (or a plan of one) is added, changed or deleted, stands
//! through later attempts and other domains, and is kept only at the generation read.

use mastery_domain::attempt::Cause;

use super::reattribution::plan;
use super::*;
use crate::{Fold, FoldRead, FoldTx, ReattributionTx};

fn through(attempt: &Attempt, state: &str) -> Fold {
    Fold { through: (attempt.forecast.planned_at, attempt.id), state: state.to_owned() }
}

async fn read_fold<S: Store>(store: &S, domain: DomainId) -> FoldRead {
    let mut tx = begin(store, Access::Read).await;
    tx.fold(domain).await.expect("fold")
}

/// Keeps `fold` at the generation a read finds just before.
async fn keep<S: Store>(store: &S, domain: DomainId, fold: &Fold) {
    let FoldRead { generation, .. } = read_fold(store, domain).await;
    let mut kept = false;
    write(store, async |tx| kept = tx.keep_fold(domain, generation, fold).await.expect("keep_fold")).await;
    assert!(kept, "a fold is kept at the generation just read");
}

async fn facts_after<S: Store>(store: &S, domain: DomainId, after: &Fold) -> Vec<AttemptId> {
    let mut tx = begin(store, Access::Read).await;
    let mut ids = Vec::new();
    tx.recorded_facts_after(domain, after.through, &mut |f| ids.push(f.id)).await.expect("recorded_facts_after");
    ids
}

/// A fold stands through what comes after it and goes with any change to what it covers.
pub async fn a_kept_fold_stands_until_what_it_covers_changes<S: Store>(store: &S) {
    let speaking = Ladder::new(1, "Speaking");
    let running = Ladder::new(2, "Running");
    let first = recorded(speaking.attempt(10, 0), Outcome::Failure, 1);
    let second = recorded(speaking.attempt(11, 10), Outcome::Success, 11);
    let third = recorded(speaking.attempt(12, 20), Outcome::Partial, 21);
    write(store, async |tx| {
        insert_all(tx, &[&speaking, &running]).await;
        insert_all(tx, [&first, &second, &third]).await;
    })
    .await;
    let domain = speaking.domain.id;
    assert_eq!(read_fold(store, domain).await.fold, None, "nothing kept yet");

    let fold = through(&second, "two attempts");
    keep(store, domain, &fold).await;
    let before = read_fold(store, domain).await;
    assert_eq!(before.fold.as_ref(), Some(&fold), "the kept fold comes back as given");
    assert_eq!(facts_after(store, domain, &fold).await, [third.id], "what came after it");

    // Later attempts, a planned one recorded, another domain: the fold stands.
    let planned = speaking.attempt(13, 30);
    let fourth = recorded(speaking.attempt(14, 40), Outcome::Success, 41);
    let elsewhere = recorded(running.attempt(15, 5), Outcome::Success, 6);
    write(store, async |tx| insert_all(tx, [&planned, &fourth, &elsewhere]).await).await;
    let after_new = read_fold(store, domain).await;
    assert_eq!(after_new.fold.as_ref(), Some(&fold), "a later attempt leaves the fold");
    assert_ne!(after_new.generation, before.generation, "the generation moves on with each change");
    let mut corrected_third = third.clone();
    corrected_third.record.as_mut().expect("recorded").outcome = Outcome::Failure;
    let now_recorded = recorded(planned, Outcome::Success, 31);
    write(store, async |tx| {
        corrected_third.update_in(tx).await;
        now_recorded.update_in(tx).await;
        tx.insert_reattribution(&plan(1, &fourth, Cause::Effort, 42)).await.expect("insert_reattribution");
    })
    .await;
    assert_eq!(read_fold(store, domain).await.fold.as_ref(), Some(&fold), "changes after it leave it");
    assert_eq!(facts_after(store, domain, &fold).await, [third.id, now_recorded.id, fourth.id]);

    // Each change to what it covers takes it away.
    let mut corrected_first = first.clone();
    corrected_first.record.as_mut().expect("recorded").outcome = Outcome::Success;
    let backdated = recorded(speaking.attempt(16, 5), Outcome::Success, 6);
    for (what, n) in [("a correction", 0), ("an attempt put before it", 1), ("a plan", 2), ("a deletion", 3)] {
        keep(store, domain, &fold).await;
        write(store, async |tx| match n {
            0 => corrected_first.update_in(tx).await,
            1 => backdated.insert_into(tx).await,
            2 => tx.insert_reattribution(&plan(2, &first, Cause::Strategy, 50)).await.expect("insert_reattribution"),
            _ => {
                tx.delete_record(RecordRef::Reattribution(first.id)).await.expect("delete the plan");
                tx.delete_record(RecordRef::Attempt(first.id)).await.expect("delete the attempt");
            }
        })
        .await;
        assert_eq!(read_fold(store, domain).await.fold, None, "{what} at or before the fold takes it away");
    }
}

/// A fold worked out before a change is not kept after it; a dropped transaction keeps nothing.
pub async fn a_fold_is_kept_only_at_the_generation_read<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Chess");
    let first = recorded(ladder.attempt(10, 0), Outcome::Success, 1);
    write(store, async |tx| {
        insert_all(tx, &[&ladder]).await;
        first.insert_into(tx).await;
    })
    .await;
    let domain = ladder.domain.id;
    let fold = through(&first, "one attempt");
    let stale = read_fold(store, domain).await.generation;
    let later = recorded(ladder.attempt(11, 10), Outcome::Failure, 11);
    write(store, async |tx| later.insert_into(tx).await).await;
    let mut kept = true;
    write(store, async |tx| kept = tx.keep_fold(domain, stale, &fold).await.expect("keep_fold")).await;
    assert!(!kept, "a change came between the read and the keeping");
    assert_eq!(read_fold(store, domain).await.fold, None);

    let current = read_fold(store, domain).await.generation;
    let mut tx = begin(store, Access::Write).await;
    assert!(tx.keep_fold(domain, current, &fold).await.expect("keep_fold"));
    drop(tx);
    assert_eq!(read_fold(store, domain).await.fold, None, "a dropped transaction keeps nothing");
    keep(store, domain, &fold).await;
    assert_eq!(read_fold(store, domain).await.fold, Some(fold));
}
