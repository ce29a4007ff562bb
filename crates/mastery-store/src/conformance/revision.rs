//! Conformance of [`RevisionTx`](crate::RevisionTx): deleting any kind of record by reference
//! (dependants first), moving a rung, tombstones, and the journal of changes.

use mastery_domain::celebration::CelebrationKind;
use mastery_domain::record::{RecordRef, Tombstone};

use super::celebration::celebration;
use super::practice::{plan as practice_plan, rest, review, session};
use super::program::program;
use super::reattribution::plan;
use super::*;
use crate::{CelebrationTx, JournalEntry, PracticeTx, ProgramTx, ReattributionTx, RevisionTx};

async fn delete<T: Transaction>(tx: &mut T, record: RecordRef) {
    tx.delete_record(record).await.unwrap_or_else(|e| panic!("delete_record({record}) failed: {e:?}"));
}

/// Deleting an attempt takes its outcome off its rung's counts and its success out of the
/// evidence file; deleting the rung, goal and domain afterwards leaves nothing behind.
pub async fn deleting_a_record_removes_it_and_what_derives_from_it<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Negotiation");
    let kept = recorded(ladder.attempt(2, 0), Outcome::Partial, 5);
    let gone = recorded(ladder.attempt(3, 10), Outcome::Success, 15);
    write(store, async |tx| {
        ladder.insert_into(tx).await;
        insert_all(tx, [&kept, &gone]).await;
    })
    .await;

    let mut tx = committed_then_write(store, async |tx| delete(tx, RecordRef::Attempt(gone.id)).await).await;
    assert_reads!(tx.attempt(gone.id), None);
    assert_reads!(tx.attempts(&AttemptQuery::default()), one_page(vec![kept.clone()]));
    assert_reads!(tx.rung_stats(ladder.goal.id), [stats(&ladder.rung, 1, 0, 1)]);
    assert_reads!(tx.evidence(None, 10), []);
    assert_refused!(tx.delete_record(RecordRef::Attempt(gone.id)), not_found("attempts", gone.id));

    delete(&mut tx, RecordRef::Attempt(kept.id)).await;
    delete(&mut tx, RecordRef::Challenge(ladder.rung.id)).await;
    delete(&mut tx, RecordRef::Goal(ladder.goal.id)).await;
    delete(&mut tx, RecordRef::Domain(ladder.domain.id)).await;
    commit(tx).await;
    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.domains(), []);
    assert_reads!(tx.goals(None), []);
    assert_reads!(tx.challenges(ladder.goal.id), []);
    assert_reads!(tx.rung_stats(ladder.goal.id), []);
    drop(tx);

    // The same slugs are free again.
    write(store, async |tx| ladder.insert_into(tx).await).await;
}

/// Every kind a person writes can be deleted by its reference, and only that record goes.
pub async fn every_kind_of_record_can_be_deleted<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Speaking");
    let attempt = recorded(ladder.attempt(2, 0), Outcome::Failure, 5);
    let next_time = plan(2, &attempt, Cause::Strategy, 6);
    let evidence = [backfill(3, &ladder.domain, "Toast", 1), backfill(4, &ladder.domain, "Pitch", 2)];
    let checkins = [checkin(5, 1, mood(3)), checkin(6, 2, mood(4))];
    let models = [role_model(7, &ladder.domain, 1), role_model(8, &ladder.domain, 2)];
    let feedback_given = [feedback(9, &ladder.domain, 1), feedback(10, &ladder.domain, 2)];
    let audits = [
        audit(11, &ladder.domain, "public-speaking", 1, &[50, 60, 70]),
        audit(12, &ladder.domain, "public-speaking", 2, &[60, 70, 80]),
    ];
    let sessions = [session(13, &ladder.domain, 1, None), session(14, &ladder.domain, 2, None)];
    let plan_kept = practice_plan(&ladder.domain, "mon,wed", 0);
    let rests = [rest(Some(&ladder.domain), 3 * 24 * 60), rest(None, 3 * 24 * 60)];
    let reviews = [review(2, &[("wins", "one")], 1), review(3, &[("wins", "two")], 2)];
    let programs = [program(15, &ladder.domain, 0), program(16, &ladder.domain, 24 * 60)];
    let celebrations = [
        celebration(17, &ladder.domain, CelebrationKind::Rung, 50, 1),
        celebration(18, &ladder.domain, CelebrationKind::Goal, 51, 2),
    ];
    let mut tx = committed_then_write(store, async |tx| {
        ladder.insert_into(tx).await;
        attempt.insert_into(tx).await;
        tx.insert_reattribution(&next_time).await.expect("insert_reattribution");
        insert_all(tx, &evidence).await;
        insert_all(tx, &checkins).await;
        insert_all(tx, &models).await;
        insert_all(tx, &feedback_given).await;
        insert_all(tx, &audits).await;
        for s in &sessions {
            tx.insert_practice_session(s).await.expect("insert_practice_session");
        }
        tx.set_practice_plan(&plan_kept).await.expect("set_practice_plan");
        for r in &rests {
            tx.insert_rest_day(r).await.expect("insert_rest_day");
        }
        for r in &reviews {
            tx.save_review(r).await.expect("save_review");
        }
        for p in &programs {
            tx.insert_program(p).await.expect("insert_program");
        }
        for c in &celebrations {
            tx.insert_celebration(c).await.expect("insert_celebration");
        }
    })
    .await;

    delete(&mut tx, RecordRef::Reattribution(attempt.id)).await;
    delete(&mut tx, RecordRef::Evidence(evidence[0].id)).await;
    delete(&mut tx, RecordRef::Checkin(checkins[0].id)).await;
    delete(&mut tx, RecordRef::RoleModel(models[0].id)).await;
    delete(&mut tx, RecordRef::Feedback(feedback_given[0].id)).await;
    delete(&mut tx, RecordRef::Audit(audits[0].id)).await;
    delete(&mut tx, RecordRef::PracticeSession(sessions[0].id)).await;
    delete(&mut tx, RecordRef::PracticePlan(ladder.domain.id)).await;
    delete(&mut tx, RecordRef::RestDay { domain: None, on: rests[1].on }).await;
    delete(&mut tx, RecordRef::Review(reviews[0].period)).await;
    delete(&mut tx, RecordRef::Program(programs[0].id)).await;
    delete(&mut tx, RecordRef::Celebration(celebrations[0].id)).await;
    commit(tx).await;

    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.reattributions(None), []);
    assert_reads!(tx.attempt(attempt.id), Some(attempt.clone()), "(its plan for next time went alone)");
    assert_reads!(tx.backfilled_evidence(), [evidence[1].clone()]);
    assert_reads!(tx.checkins(), [checkins[1].clone()]);
    assert_reads!(tx.role_models(None), [models[1].clone()]);
    assert_reads!(tx.feedback(None), [feedback_given[1].clone()]);
    assert_reads!(tx.audits(None), [audits[1].clone()]);
    assert_reads!(tx.practice_sessions(None), [sessions[1].clone()]);
    assert_reads!(tx.practice_plans(), []);
    assert_reads!(tx.rest_days(), [rests[0].clone()], "(the domain's rest day stays)");
    assert_reads!(tx.reviews(), [reviews[1].clone()]);
    assert_reads!(tx.programs(), [programs[1].clone()]);
    assert_reads!(tx.celebrations(None), [celebrations[1].clone()]);
    drop(tx);

    let mut tx = begin(store, Access::Write).await;
    delete(&mut tx, RecordRef::RestDay { domain: Some(ladder.domain.id), on: rests[0].on }).await;
    assert_reads!(tx.rest_days(), []);
    let missing = RecordRef::Review(reviews[0].period);
    assert_refused!(tx.delete_record(missing), not_found("reviews", missing.key()));
}

/// A record that others hang off stays until they are gone, and the refusal leaves the
/// transaction usable.
pub async fn records_with_dependants_are_not_deleted<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Running");
    let attempt = recorded(ladder.attempt(2, 0), Outcome::Failure, 5);
    let next_time = plan(2, &attempt, Cause::Effort, 6);
    let lone = domain(3, "Chess");
    let lone_model = role_model(4, &lone, 0);
    let mut tx = committed_then_write(store, async |tx| {
        ladder.insert_into(tx).await;
        attempt.insert_into(tx).await;
        tx.insert_reattribution(&next_time).await.expect("insert_reattribution");
        lone.insert_into(tx).await;
        lone_model.insert_into(tx).await;
    })
    .await;
    let refused = [
        RecordRef::Domain(ladder.domain.id),
        RecordRef::Domain(lone.id),
        RecordRef::Goal(ladder.goal.id),
        RecordRef::Challenge(ladder.rung.id),
        RecordRef::Attempt(attempt.id),
    ];
    for record in refused {
        match tx.delete_record(record).await {
            Err(StoreError::Conflict { entity, .. }) => assert_eq!(entity, record.kind(), "{record}"),
            other => panic!("delete_record({record}) with dependants: expected a conflict, got {other:?}"),
        }
    }
    delete(&mut tx, RecordRef::Reattribution(attempt.id)).await;
    delete(&mut tx, RecordRef::Attempt(attempt.id)).await;
    commit(tx).await;
    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.domains(), [lone.clone(), ladder.domain.clone()]);
    assert_reads!(tx.challenges(ladder.goal.id), slice::from_ref(&ladder.rung));
    assert_reads!(tx.role_models(None), slice::from_ref(&lone_model));
}

/// Another user can neither delete one's records nor see one's tombstones and journal.
pub async fn deletions_are_scoped_to_their_user<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Piano");
    let entry = JournalEntry { seq: 0, made_at: at(1), summary: "Added a rung".to_owned(), body: "{}".to_owned() };
    let tombstone = Tombstone { record: RecordRef::Checkin(CheckinId::from_uuid(uuid(9))), deleted_at: at(2) };
    write(store, async |tx| {
        ladder.insert_into(tx).await;
        tx.push_change(&entry).await.expect("push_change");
        tx.insert_tombstone(&tombstone).await.expect("insert_tombstone");
    })
    .await;

    let other = store.add_user("someone else").await.expect("add_user");
    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_refused!(tx.delete_record(RecordRef::Challenge(ladder.rung.id)), not_found("challenges", ladder.rung.id));
    assert_refused!(tx.update_challenge(&ladder.rung), not_found("challenge", ladder.rung.id));
    assert_reads!(tx.tombstones(), []);
    assert_reads!(tx.last_change(), None);
    commit(tx).await;

    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.challenges(ladder.goal.id), slice::from_ref(&ladder.rung));
    assert_reads!(tx.tombstones(), [tombstone]);
    let latest = tx.last_change().await.expect("last_change");
    assert_eq!(latest.map(|e| e.summary), Some(entry.summary), "last_change of the local user");
}

/// A rung's title, slug, difficulty, criterion and position change; its goal does not; a slug
/// another rung of the goal has is refused; the ladder order follows the new difficulty.
pub async fn update_challenge_replaces_the_rung<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Climbing");
    let harder = challenge(2, &ladder.goal, "Overhang", 5.0, 1);
    write(store, async |tx| {
        ladder.insert_into(tx).await;
        harder.insert_into(tx).await;
    })
    .await;

    let moved = Challenge {
        title: name(TRICKY),
        slug: slug("Slab at last"),
        difficulty: difficulty(7.5),
        criterion: Some("Three clean ascents".to_owned()),
        position: 4,
        goal_id: GoalId::from_uuid(uuid(99)),
        ..ladder.rung.clone()
    };
    let mut tx = committed_then_write(store, async |tx| {
        tx.update_challenge(&moved).await.expect("update_challenge");
    })
    .await;
    let expected = Challenge { goal_id: ladder.goal.id, ..moved.clone() };
    assert_reads!(tx.challenge(moved.id), Some(expected.clone()));
    assert_reads!(tx.challenges(ladder.goal.id), [harder.clone(), expected]);
    let clash = Challenge { slug: harder.slug.clone(), ..ladder.rung.clone() };
    assert_refused!(tx.update_challenge(&clash), conflict("challenge", &harder.slug));
    let unknown = challenge(3, &ladder.goal, "Unknown", 1.0, 0);
    assert_refused!(tx.update_challenge(&unknown), not_found("challenge", unknown.id));
}

/// Tombstones list oldest first; a second deletion of the same record replaces the first; a
/// removed one is gone, and removing one that is not there is no error.
pub async fn tombstones_are_kept_replaced_and_removed<S: Store>(store: &S) {
    let first = Tombstone { record: RecordRef::Goal(GoalId::from_uuid(uuid(1))), deleted_at: at_micros(5, 5) };
    let rest = Tombstone {
        record: RecordRef::RestDay { domain: Some(DomainId::from_uuid(uuid(2))), on: day(at(0)) },
        deleted_at: at(3),
    };
    let review_gone = Tombstone {
        record: RecordRef::Review(mastery_domain::review::Period::Month { year: 2026, month: 1 }),
        deleted_at: at(4),
    };
    let again = Tombstone { deleted_at: at(9), ..first };
    let mut tx = committed_then_write(store, async |tx| {
        for t in [&first, &rest, &review_gone] {
            tx.insert_tombstone(t).await.expect("insert_tombstone");
        }
    })
    .await;
    assert_reads!(tx.tombstones(), [rest, review_gone, first]);
    tx.insert_tombstone(&again).await.expect("insert_tombstone again");
    tx.remove_tombstone(rest.record).await.expect("remove_tombstone");
    tx.remove_tombstone(RecordRef::Checkin(CheckinId::from_uuid(uuid(7)))).await.expect("remove a missing one");
    commit(tx).await;
    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.tombstones(), [review_gone, again]);
}

/// Changes are numbered in order; the latest comes back as written; removing it makes the one
/// before the latest; numbers keep rising after a removal; removing a missing one is refused.
pub async fn the_journal_keeps_changes_in_order<S: Store>(store: &S) {
    let entry = |n: i64| JournalEntry {
        seq: -1,
        made_at: at_micros(n, 7),
        summary: format!("Change {n}"),
        body: format!("{{\"n\":{n},\"text\":{TRICKY:?}}}"),
    };
    let mut tx = begin(store, Access::Write).await;
    assert_reads!(tx.last_change(), None);
    let first = tx.push_change(&entry(1)).await.expect("push_change");
    let second = tx.push_change(&entry(2)).await.expect("push_change");
    assert!(second > first, "journal numbers rise: {first} then {second}");
    commit(tx).await;

    let mut tx = begin(store, Access::Write).await;
    assert_reads!(tx.last_change(), Some(JournalEntry { seq: second, ..entry(2) }));
    tx.remove_change(second).await.expect("remove_change");
    assert_reads!(tx.last_change(), Some(JournalEntry { seq: first, ..entry(1) }));
    assert_refused!(tx.remove_change(second), not_found("change", second));
    let third = tx.push_change(&entry(3)).await.expect("push_change");
    assert!(third > first, "journal numbers rise after a removal: {first} then {third}");
    commit(tx).await;

    // The journal is bounded; the latest entries are always kept.
    let mut tx = begin(store, Access::Write).await;
    let mut latest = third;
    for n in 4..4 + crate::JOURNAL_DEPTH + 25 {
        latest = tx.push_change(&entry(n)).await.expect("push_change");
    }
    let kept = tx.last_change().await.expect("last_change");
    assert_eq!(kept.map(|e| e.seq), Some(latest), "last_change after many pushes");
}
