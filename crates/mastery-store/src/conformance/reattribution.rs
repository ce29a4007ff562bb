//! Conformance of [`ReattributionTx`](crate::ReattributionTx): plans for next time round-trip,
//! are one per attempt, belong to an attempt of the same user and list by domain in order.

use mastery_domain::attempt::Cause;
use mastery_domain::reattribution::{IfThen, Reattribution};

use super::*;
use crate::ReattributionTx;

/// A plan for `attempt`, made at `minute`, with text numbered `n`.
pub(super) fn plan(n: u32, attempt: &Attempt, cause: Cause, minute: i64) -> Reattribution {
    Reattribution {
        attempt_id: attempt.id,
        cause,
        next_time: format!("Plan {n}: rehearse the opening twice"),
        if_then: IfThen::parse(&format!("If I blank at slide {n}, then I will glance at my notes"))
            .expect("suite plans are if–then"),
        created_at: at(minute),
    }
}

write_with!(Insert::insert_into { Reattribution => insert_reattribution });

/// Every field of a plan survives a round trip, through the getter and both lists; plans list
/// by creation time, then attempt id, and narrow to a domain.
pub async fn round_trip_reattributions<S: Store>(store: &S) {
    let speaking = Ladder::new(1, "Speaking");
    let running = Ladder::new(2, "Running");
    let attempts = [
        recorded(speaking.attempt(10, 0), Outcome::Failure, 1),
        recorded(speaking.attempt(11, 2), Outcome::Partial, 3),
        recorded(running.attempt(12, 4), Outcome::Failure, 5),
        recorded(running.attempt(13, 6), Outcome::Failure, 7),
    ];
    let tricky = Reattribution {
        next_time: TRICKY.to_owned(),
        created_at: at_micros(8, 123_456),
        ..plan(20, &attempts[0], Cause::Preparation, 8)
    };
    // Attempts 12 and 13 get plans at the same instant: the attempt id breaks the tie.
    let plans = [tricky, plan(21, &attempts[1], Cause::Effort, 9), plan(23, &attempts[3], Cause::Strategy, 20)];
    let same_time = plan(22, &attempts[2], Cause::Strategy, 20);

    let mut tx = committed(store, async |tx| {
        insert_all(tx, [&speaking, &running]).await;
        insert_all(tx, &attempts).await;
        insert_all(tx, [&plans[2], &same_time, &plans[0], &plans[1]]).await;
    })
    .await;
    for p in plans.iter().chain([&same_time]) {
        assert_reads!(tx.reattribution(p.attempt_id), Some(p.clone()));
    }
    assert_reads!(tx.reattribution(AttemptId::from_uuid(uuid(99))), None);
    let all = vec![plans[0].clone(), plans[1].clone(), same_time.clone(), plans[2].clone()];
    assert_reads!(tx.reattributions(None), all);
    assert_reads!(tx.reattributions(Some(speaking.domain.id)), plans[..2]);
    assert_reads!(tx.reattributions(Some(running.domain.id)), [same_time, plans[2].clone()]);
    assert_reads!(tx.reattributions(Some(DomainId::from_uuid(uuid(99)))), []);
}

/// A second plan for the same attempt is a conflict, and the transaction stays usable.
pub async fn reattributions_are_one_per_attempt<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Chess");
    let failed = recorded(ladder.attempt(10, 0), Outcome::Failure, 1);
    let first = plan(20, &failed, Cause::Strategy, 2);
    let mut tx = begin(store, Access::Write).await;
    ladder.insert_into(&mut tx).await;
    failed.insert_into(&mut tx).await;
    first.insert_into(&mut tx).await;
    let again = plan(21, &failed, Cause::Effort, 3);
    assert_refused!(tx.insert_reattribution(&again), conflict("plan for next time", failed.id));
    let other = recorded(ladder.attempt(11, 4), Outcome::Failure, 5);
    other.insert_into(&mut tx).await;
    plan(22, &other, Cause::Effort, 6).insert_into(&mut tx).await;
    commit(tx).await;
    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.reattribution(failed.id), Some(first), "after a refused second plan");
    let plans = tx.reattributions(None).await.expect("reattributions");
    assert_eq!(plans.len(), 2, "plans after a refused second plan");
}

/// A plan needs an attempt of the same user; another user neither sees nor can add to one's
/// plans, and a dropped transaction keeps none.
pub async fn reattributions_belong_to_their_users_attempts<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    let ladder = Ladder::new(1, "Piano");
    let failed = recorded(ladder.attempt(10, 0), Outcome::Failure, 1);
    let unknown = ladder.attempt(11, 0);
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    ladder.insert_into(&mut tx).await;
    failed.insert_into(&mut tx).await;
    assert_refused!(tx.insert_reattribution(&plan(20, &unknown, Cause::Effort, 2)), not_found("attempt", unknown.id));
    let mine = plan(21, &failed, Cause::Preparation, 3);
    mine.insert_into(&mut tx).await;
    commit(tx).await;

    let other = store.add_user("someone else").await.expect("add_user");
    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_reads!(tx.reattribution(failed.id), None, "of another user");
    assert_reads!(tx.reattributions(None), [], "of another user");
    assert_refused!(tx.insert_reattribution(&plan(22, &failed, Cause::Effort, 4)), not_found("attempt", failed.id));
    drop(tx);

    let second = recorded(ladder.attempt(12, 5), Outcome::Failure, 6);
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    second.insert_into(&mut tx).await;
    plan(23, &second, Cause::Effort, 7).insert_into(&mut tx).await;
    drop(tx);
    let mut tx = store.begin(me, Access::Read).await.expect("begin");
    assert_reads!(tx.reattributions(None), [mine], "after another user's refused write and a dropped one");
}

/// The latest setback is the latest recorded failure or partial by forecast time, then id:
/// not a later success, nor an attempt still waiting for its outcome, nor another user's.
pub async fn the_latest_setback_is_the_latest_failure_or_partial_by_forecast_time<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    let speaking = Ladder::new(1, "Speaking");
    let running = Ladder::new(2, "Running");
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    insert_all(&mut tx, [&speaking, &running]).await;
    assert_reads!(tx.latest_setback(), None, "with no attempt");
    let failed = recorded(speaking.attempt(10, 0), Outcome::Failure, 1);
    // Forecast later, recorded earlier than the failure: forecast time decides.
    let partial = recorded(running.attempt(11, 5), Outcome::Partial, 0);
    let later_success = recorded(speaking.attempt(12, 8), Outcome::Success, 9);
    let waiting = running.attempt(13, 20);
    insert_all(&mut tx, [&failed, &partial, &later_success, &waiting]).await;
    assert_reads!(tx.latest_setback(), Some(partial.id));
    // At the same forecast time, the larger id.
    let tied = recorded(speaking.attempt(14, 5), Outcome::Failure, 6);
    tied.insert_into(&mut tx).await;
    assert_reads!(tx.latest_setback(), Some(tied.id), "tied on forecast time");
    commit(tx).await;

    let other = store.add_user("someone else").await.expect("add_user");
    let mut tx = store.begin(other, Access::Read).await.expect("begin");
    assert_reads!(tx.latest_setback(), None, "of another user");
}
