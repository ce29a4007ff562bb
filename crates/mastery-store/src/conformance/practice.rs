//! Conformance of [`PracticeTx`](crate::PracticeTx): plans (one per domain, replaced), sessions,
//! rest days (one per day and domain) and reviews (one per period, replaced) round-trip, list in
//! order and belong to their user.

use std::collections::BTreeMap;

use mastery_domain::ids::SessionId;
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::review::{Period, Review};

use super::*;
use crate::PracticeTx;

pub(super) fn plan(domain: &Domain, days: &str, minute: i64) -> PracticePlan {
    PracticePlan {
        domain_id: domain.id,
        minutes: 20,
        days: days.parse().expect("suite days are valid"),
        starts_on: day(at(minute)),
        created_at: at(minute),
    }
}

pub(super) fn session(n: u32, domain: &Domain, minute: i64, note: Option<&str>) -> PracticeSession {
    PracticeSession {
        id: SessionId::from_uuid(uuid(n)),
        domain_id: domain.id,
        minutes: n,
        note: note.map(str::to_owned),
        at: at(minute),
        on: day(at(minute)),
    }
}

pub(super) fn rest(domain: Option<&Domain>, minute: i64) -> RestDay {
    RestDay { domain_id: domain.map(|d| d.id), on: day(at(minute)), declared_at: at(0) }
}

pub(super) fn review(week: i8, answers: &[(&str, &str)], minute: i64) -> Review {
    Review {
        period: Period::Week { year: 2026, week },
        answers: answers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<BTreeMap<_, _>>(),
        saved_at: at(minute),
    }
}

write_with!(Insert::insert_into {
    PracticePlan => set_practice_plan,
    PracticeSession => insert_practice_session,
    RestDay => insert_rest_day,
    Review => save_review,
});

const DAY: i64 = 24 * 60;

/// Every field survives a round trip; a second plan for a domain replaces the first; sessions
/// list by time and narrow to a domain; rest days list by date; a review's answers are replaced;
/// reviews list by period as written, months and weeks alike.
pub async fn round_trip_practice<S: Store>(store: &S) {
    let speaking = domain(1, "Speaking");
    let running = domain(2, "Running");
    let replaced = plan(&speaking, "daily", 0);
    let plans = [plan(&running, "mon,wed,fri", DAY), plan(&speaking, "tue,thu", 2 * DAY)];
    let sessions = [
        session(10, &speaking, 5, Some(TRICKY)),
        session(11, &running, DAY + 5, None),
        session(12, &speaking, 2 * DAY + 5, Some("scales")),
    ];
    let rests = [rest(None, 3 * DAY), rest(Some(&speaking), 3 * DAY), rest(Some(&running), 4 * DAY)];
    let first = review(47, &[("well", TRICKY)], 10);
    let second = review(47, &[("well", "kept it up"), ("plan", "If it is Tuesday 7 pm, then I will run")], 20);
    let other = review(46, &[], 30);
    let month = Review { period: Period::Month { year: 2026, month: 10 }, ..review(1, &[("well", "a month")], 40) };

    let mut tx = committed(store, async |tx| {
        insert_all(tx, [&speaking, &running]).await;
        insert_all(tx, [&replaced, &plans[1], &plans[0]]).await;
        insert_all(tx, [&sessions[2], &sessions[0], &sessions[1]]).await;
        insert_all(tx, [&rests[2], &rests[1], &rests[0]]).await;
        insert_all(tx, [&first, &other, &second, &month]).await;
    })
    .await;
    assert_reads!(tx.practice_plans(), plans);
    assert_reads!(tx.practice_sessions(None), sessions);
    assert_reads!(tx.practice_sessions(Some(speaking.id)), [sessions[0].clone(), sessions[2].clone()]);
    assert_reads!(tx.practice_sessions(Some(DomainId::from_uuid(uuid(99)))), []);
    assert_reads!(tx.rest_days(), rests);
    assert_reads!(tx.review(second.period), Some(second.clone()));
    assert_reads!(tx.review(other.period), Some(other.clone()));
    assert_reads!(tx.review(Period::Month { year: 2026, month: 11 }), None);
    assert_reads!(tx.reviews(), [month, other, second]);
}

/// The same rest day twice is a conflict and leaves the transaction usable; the same day for
/// another domain is not.
pub async fn rest_days_are_one_per_day_and_domain<S: Store>(store: &S) {
    let chess = domain(1, "Chess");
    let mut tx = begin(store, Access::Write).await;
    chess.insert_into(&mut tx).await;
    rest(None, DAY).insert_into(&mut tx).await;
    rest(Some(&chess), DAY).insert_into(&mut tx).await;
    assert_refused!(tx.insert_rest_day(&rest(None, DAY)), conflict("rest day", day(at(DAY))));
    assert_refused!(tx.insert_rest_day(&rest(Some(&chess), DAY)), conflict("rest day", day(at(DAY))));
    rest(None, 2 * DAY).insert_into(&mut tx).await;
    commit(tx).await;
    let mut tx = begin(store, Access::Read).await;
    let rests = tx.rest_days().await.expect("rest_days");
    assert_eq!(rests.len(), 3, "rest days after refused duplicates");
}

/// Plans, sessions and rest days need a domain of the same user; another user sees none of
/// one's practice or reviews, and a dropped transaction keeps nothing.
pub async fn practice_belongs_to_its_user<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    let piano = domain(1, "Piano");
    let unknown = domain(2, "Unknown");
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    piano.insert_into(&mut tx).await;
    assert_refused!(tx.set_practice_plan(&plan(&unknown, "daily", 0)), not_found("domain", unknown.id));
    assert_refused!(tx.insert_practice_session(&session(10, &unknown, 0, None)), not_found("domain", unknown.id));
    assert_refused!(tx.insert_rest_day(&rest(Some(&unknown), DAY)), not_found("domain", unknown.id));
    let mine = plan(&piano, "daily", 0);
    mine.insert_into(&mut tx).await;
    session(11, &piano, 5, None).insert_into(&mut tx).await;
    rest(None, DAY).insert_into(&mut tx).await;
    review(47, &[("well", "practised")], 1).insert_into(&mut tx).await;
    commit(tx).await;

    let other = store.add_user("someone else").await.expect("add_user");
    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_reads!(tx.practice_plans(), [], "of another user");
    assert_reads!(tx.practice_sessions(None), [], "of another user");
    assert_reads!(tx.rest_days(), [], "of another user");
    assert_reads!(tx.review(Period::Week { year: 2026, week: 47 }), None, "of another user");
    assert_reads!(tx.reviews(), [], "of another user");
    assert_refused!(tx.set_practice_plan(&plan(&piano, "mon", 0)), not_found("domain", piano.id));
    assert_refused!(tx.insert_practice_session(&session(12, &piano, 6, None)), not_found("domain", piano.id));
    drop(tx);

    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    session(13, &piano, 7, None).insert_into(&mut tx).await;
    drop(tx);
    let mut tx = store.begin(me, Access::Read).await.expect("begin");
    assert_reads!(tx.practice_plans(), [mine], "after another user's refused writes");
    let sessions = tx.practice_sessions(None).await.expect("practice_sessions");
    assert_eq!(sessions.len(), 1, "sessions after a dropped transaction");
}
