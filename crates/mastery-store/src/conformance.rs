//! The storage conformance suite: the behaviour every [`Store`] must show, written once.
//!
//! The port promises more than its signatures say: what a round trip preserves, which writes
//! conflict, the order of every list, how pages continue, what a dropped transaction leaves behind
//! and that one user never sees another's rows. Each backend (the in-memory reference, SQLite,
//! PostgreSQL later) runs these same functions against a fresh store, so the application layer can
//! rely on one behaviour whichever database is underneath.
//!
//! Every check goes through the [`Store`] and [`Transaction`] traits only; none looks at how a
//! backend stores anything. Each `pub async fn` is one behaviour and panics with a message naming
//! what went wrong. [`conformance_suite!`](crate::conformance_suite) turns them into tests.
//!
//! The records are built from fixed instants and deterministic ids, so a failure reproduces
//! exactly. Round trips use microsecond fractions of a second: backends must keep at least
//! microsecond precision (PostgreSQL's) and order fractional instants correctly.
//!
//! Only one transaction is open at a time (and [`Store::local_user`] is never called while one
//! is), because a store may serialise transactions, as the in-memory one does.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use mastery_domain::attempt::{
    Attempt, Attribution, Cause, Control, Forecast, Locus, Outcome, Record, Stability, State,
};
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::{Checkin, Measures};
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::evidence::{BackfilledEvidence, EvidenceSource};
use mastery_domain::feedback::{Feedback, Specificity, Valence};
use mastery_domain::goal::{Goal, Target};
use mastery_domain::ids::{
    AttemptId, ChallengeId, CheckinId, DomainId, EvidenceId, FeedbackId, GoalId, RoleModelId, UserId,
};
use mastery_domain::measure::{Confidence, Difficulty, Rating, SleepHours};
use mastery_domain::role_model::RoleModel;
use mastery_domain::text::{Name, slugify};
use uuid::Uuid;

use crate::{Access, AttemptQuery, Cursor, EvidenceItem, Page, RungStats, Store, StoreError, Transaction};

/// Stamps out one `#[tokio::test]` per behaviour of [`conformance`](crate::conformance), each
/// running against a fresh store.
///
/// `$make` is the path of an `async fn` (no arguments) returning a value that dereferences to a
/// [`Store`](crate::Store): a backend returns a struct holding its temporary directory and the
/// store (implementing `Deref<Target = TheStore>`), the memory store a `Box<MemoryStore>`. The
/// value lives until the test ends, so a temporary directory outlives the store.
///
/// The expansion uses `#[::tokio::test]`, resolved in the **calling** crate: give it `tokio`
/// (features `rt` and `macros`) as a dev-dependency, along with `mastery-store` with the
/// `testing` feature. Invoke it at module level; it defines one `async fn` per behaviour, named
/// after the behaviour.
///
/// ```
/// async fn fresh_store() -> Box<mastery_store::MemoryStore> {
///     Box::new(mastery_store::MemoryStore::new())
/// }
///
/// mastery_store::conformance_suite!(fresh_store);
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! conformance_suite {
    ($make:path) => {
        $crate::conformance_suite!(@each $make;
            round_trip_domains,
            round_trip_goals,
            round_trip_challenges,
            round_trip_attempts,
            round_trip_checkins,
            round_trip_role_models,
            round_trip_feedback,
            round_trip_evidence,
            unknown_records_are_not_found,
            domain_slugs_are_unique,
            goal_slugs_are_unique,
            challenge_slugs_are_unique_per_goal,
            conflicts_leave_the_transaction_usable,
            domains_are_listed_by_name_ignoring_case,
            goals_are_listed_by_creation,
            challenges_are_listed_in_ladder_order,
            attempts_are_listed_by_planned_time_then_id,
            evidence_is_listed_newest_first,
            journals_are_listed_oldest_first,
            attempts_paginate_with_a_cursor,
            attempts_filter_by_domain_goal_challenge_and_since,
            rung_stats_count_recorded_outcomes,
            dropped_transactions_leave_no_trace,
            committed_transactions_are_visible,
            users_see_only_their_own_records,
            update_attempt_adds_a_record,
            update_domain_persists_changes,
            update_goal_persists_completion,
        );
    };
    (@each $make:path; $($behaviour:ident),+ $(,)?) => {
        $(
            #[::tokio::test]
            async fn $behaviour() {
                let fixture = $make().await;
                $crate::conformance::$behaviour(&*fixture).await;
            }
        )+
    };
}

// ---------------------------------------------------------------------------------------------
// Values.

/// Text that trips naive escaping: quotes, SQL comment markers, a newline, non-ASCII.
const TRICKY: &str = "Line one\nline two: «guillemets» \"double\" 'single'; -- not a comment; 100% ✓";

/// A deterministic id shaped like the UUIDv7s the app mints (version 7, RFC 4122 variant);
/// ids sort by `n`.
fn uuid(n: u32) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0000 | u128::from(n))
}

/// The suite's clock: `minutes` after 2026-01-05 09:00 UTC, in whole seconds.
fn at(minutes: i64) -> Timestamp {
    let epoch = Timestamp::from_second(1_767_603_600).expect("the suite's epoch is valid");
    epoch
        .checked_add(SignedDuration::from_mins(minutes))
        .expect("suite instants are in range")
}

/// An instant `micros` microseconds after `at(minutes)`.
fn at_micros(minutes: i64, micros: i64) -> Timestamp {
    at(minutes)
        .checked_add(SignedDuration::from_micros(micros))
        .expect("suite instants are in range")
}

/// The UTC date of an instant.
fn day(instant: Timestamp) -> Date {
    instant.to_zoned(TimeZone::UTC).date()
}

fn name(text: &str) -> Name {
    Name::parse("name", text).expect("suite names are valid")
}

fn slug(text: &str) -> String {
    slugify(text).expect("suite names have a slug")
}

fn rating(value: u8) -> Rating {
    Rating::new("rating", value).expect("suite ratings are 1-5")
}

fn confidence(value: u8) -> Confidence {
    Confidence::new(value).expect("suite confidences are steps of 10")
}

fn sleep(hours: f64) -> SleepHours {
    SleepHours::new(hours).expect("suite sleep is 0-24 h")
}

fn difficulty(value: f64) -> Difficulty {
    Difficulty::new(value).expect("suite difficulties are 1-10")
}

// ---------------------------------------------------------------------------------------------
// Record builders. Record `n` gets id `uuid(n)` and, where it has one, creation time `at(n)`.

fn domain(n: u32, title: &str) -> Domain {
    Domain {
        id: DomainId::from_uuid(uuid(n)),
        name: name(title),
        slug: slug(title),
        area: LifeArea::Career,
        description: None,
        created_at: at(i64::from(n)),
        archived_at: None,
    }
}

fn goal(n: u32, domain: &Domain, statement: &str) -> Goal {
    Goal {
        id: GoalId::from_uuid(uuid(n)),
        domain_id: domain.id,
        statement: name(statement),
        slug: slug(statement),
        target: None,
        deadline: None,
        why: None,
        created_at: at(i64::from(n)),
        done_at: None,
    }
}

fn challenge(n: u32, goal: &Goal, title: &str, rung_difficulty: f64, position: u32) -> Challenge {
    Challenge {
        id: ChallengeId::from_uuid(uuid(n)),
        goal_id: goal.id,
        title: name(title),
        slug: slug(title),
        difficulty: difficulty(rung_difficulty),
        criterion: None,
        position,
        created_at: at(i64::from(n)),
    }
}

/// A planned attempt on `rung`, forecast at `planned_at`.
fn attempt_on(rung: &Challenge, domain_id: DomainId, n: u32, planned_at: Timestamp) -> Attempt {
    Attempt {
        id: AttemptId::from_uuid(uuid(n)),
        challenge_id: rung.id,
        goal_id: rung.goal_id,
        domain_id,
        forecast: Forecast {
            confidence: confidence(50),
            state: State::default(),
            planned_at,
            planned_on: day(planned_at),
        },
        record: None,
    }
}

fn record(outcome: Outcome, minute: i64) -> Record {
    Record {
        outcome,
        effort: None,
        did: Some(format!("{outcome} at minute {minute}")),
        because: None,
        attribution: Attribution::default(),
        lesson: None,
        recorded_at: at(minute),
    }
}

/// `attempt` with an outcome recorded at minute `minute`.
fn recorded(attempt: Attempt, outcome: Outcome, minute: i64) -> Attempt {
    Attempt {
        record: Some(record(outcome, minute)),
        ..attempt
    }
}

fn backfill(n: u32, domain: &Domain, title: &str, minute: i64) -> BackfilledEvidence {
    BackfilledEvidence {
        id: EvidenceId::from_uuid(uuid(n)),
        domain_id: domain.id,
        title: title.to_owned(),
        did: Some(format!("what got {title}")),
        at: at(minute),
        on: day(at(minute)),
        created_at: at(minute + 10_000),
    }
}

fn checkin(n: u32, minute: i64, measures: Measures) -> Checkin {
    Checkin {
        id: CheckinId::from_uuid(uuid(n)),
        at: at(minute),
        on: day(at(minute)),
        measures,
    }
}

fn role_model(n: u32, domain: &Domain, minute: i64) -> RoleModel {
    RoleModel {
        id: RoleModelId::from_uuid(uuid(n)),
        domain_id: domain.id,
        name: name(&format!("Model {n}")),
        similarity: None,
        process: None,
        created_at: at(minute),
    }
}

fn feedback(n: u32, domain: &Domain, minute: i64) -> Feedback {
    Feedback {
        id: FeedbackId::from_uuid(uuid(n)),
        domain_id: domain.id,
        from: name(&format!("Coach {n}")),
        credibility: None,
        specificity: None,
        valence: None,
        text: format!("Feedback {n}"),
        received_at: at(minute),
    }
}

/// A domain with one goal and one rung: the least an attempt needs. Its records are numbered `n`.
#[derive(Debug, Clone)]
struct Ladder {
    domain: Domain,
    goal: Goal,
    rung: Challenge,
}

impl Ladder {
    /// `topic` names the records, so two ladders need two topics to keep slugs apart.
    fn new(n: u32, topic: &str) -> Self {
        let domain = domain(n, topic);
        let goal = goal(n, &domain, &format!("{topic} goal"));
        let rung = challenge(n, &goal, &format!("{topic} first rung"), 1.0, 0);
        Self { domain, goal, rung }
    }

    async fn insert<T: Transaction>(&self, tx: &mut T) {
        tx.insert_domain(&self.domain).await.expect("insert_domain of a ladder");
        tx.insert_goal(&self.goal).await.expect("insert_goal of a ladder");
        tx.insert_challenge(&self.rung)
            .await
            .expect("insert_challenge of a ladder");
    }

    /// A planned attempt on the ladder's rung, forecast `minute` minutes after the epoch.
    fn attempt(&self, n: u32, minute: i64) -> Attempt {
        attempt_on(&self.rung, self.domain.id, n, at(minute))
    }
}

/// What the evidence list shows for a successful attempt on `rung`.
fn attempt_evidence(attempt: &Attempt, rung: &Challenge) -> EvidenceItem {
    let record = attempt.record.as_ref().expect("evidence comes from recorded attempts");
    EvidenceItem {
        source: EvidenceSource::Attempt,
        id: attempt.id.to_string(),
        domain_id: attempt.domain_id,
        at: record.recorded_at,
        title: rung.title.as_str().to_owned(),
        did: record.did.clone(),
    }
}

/// What the evidence list shows for a backfilled success.
fn backfill_evidence(evidence: &BackfilledEvidence) -> EvidenceItem {
    EvidenceItem {
        source: EvidenceSource::Backfill,
        id: evidence.id.to_string(),
        domain_id: evidence.domain_id,
        at: evidence.at,
        title: evidence.title.clone(),
        did: evidence.did.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Driving the store.

async fn begin<S: Store>(store: &S, access: Access) -> S::Tx {
    let user = store.local_user().await.expect("local_user");
    store.begin(user, access).await.expect("begin")
}

async fn commit<T: Transaction>(tx: T) {
    tx.commit().await.expect("commit");
}

/// Runs `writes` in a transaction of the local user and commits it.
async fn write<S: Store>(store: &S, writes: impl AsyncFnOnce(&mut S::Tx)) {
    let mut tx = begin(store, Access::Write).await;
    writes(&mut tx).await;
    commit(tx).await;
}

/// Like [`write`], then opens a fresh read transaction to check what was stored.
async fn committed<S: Store>(store: &S, writes: impl AsyncFnOnce(&mut S::Tx)) -> S::Tx {
    write(store, writes).await;
    begin(store, Access::Read).await
}

async fn insert_attempts<T: Transaction>(tx: &mut T, attempts: &[Attempt]) {
    for attempt in attempts {
        tx.insert_attempt(attempt).await.expect("insert_attempt");
    }
}

async fn list_attempts<T: Transaction>(tx: &mut T, query: AttemptQuery) -> Page<Attempt> {
    tx.attempts(&query).await.expect("attempts")
}

fn attempt_ids(attempts: &[Attempt]) -> Vec<AttemptId> {
    attempts.iter().map(|a| a.id).collect()
}

/// The kind, entity and key of a refused write; panics on success or any other error.
fn refusal(result: Result<(), StoreError>) -> (&'static str, &'static str, String) {
    match result {
        Err(StoreError::NotFound { entity, key }) => ("NotFound", entity, key),
        Err(StoreError::Conflict { entity, key }) => ("Conflict", entity, key),
        other => panic!("expected StoreError::NotFound or StoreError::Conflict, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips: what is read back equals what was written, `None`s included.

/// Every field of a domain survives a round trip, through both getters and the list; so does
/// every life area.
pub async fn round_trip_domains<S: Store>(store: &S) {
    let full = Domain {
        area: LifeArea::Health,
        description: Some(TRICKY.to_owned()),
        created_at: at_micros(1, 123_456),
        archived_at: Some(at_micros(2, 987_654)),
        ..domain(1, "Public speaking")
    };
    let mut written = vec![full, domain(2, "Running")];
    written.extend(LifeArea::ALL.iter().zip(10..).map(|(&area, n)| Domain {
        area,
        ..domain(n, &format!("Area {area}"))
    }));

    let mut tx = committed(store, async |tx| {
        for d in &written {
            tx.insert_domain(d).await.expect("insert_domain");
        }
    })
    .await;
    for d in &written {
        assert_eq!(
            tx.domain(d.id).await.expect("domain").as_ref(),
            Some(d),
            "domain({}) after a round trip",
            d.slug
        );
        let by_slug = tx.domain_by_slug(&d.slug).await.expect("domain_by_slug");
        assert_eq!(
            by_slug.as_ref(),
            Some(d),
            "domain_by_slug({}) after a round trip",
            d.slug
        );
    }
    let mut expected = written.clone();
    expected.sort_by_key(|d| d.name.as_str().to_lowercase());
    assert_eq!(
        tx.domains().await.expect("domains"),
        expected,
        "domains() after a round trip"
    );
}

/// Every field of a goal survives a round trip: target with and without a unit, deadline, why
/// and completion, or none of them.
pub async fn round_trip_goals<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Running");
    let full = Goal {
        target: Some(Target {
            amount: 42.195,
            unit: Some("km".to_owned()),
        }),
        deadline: Some(day(at(60 * 24 * 200))),
        why: Some(TRICKY.to_owned()),
        created_at: at_micros(2, 1),
        done_at: Some(at_micros(90, 999_999)),
        ..goal(2, &ladder.domain, "Run a marathon")
    };
    let count_only = Goal {
        target: Some(Target {
            amount: 5.0,
            unit: None,
        }),
        ..goal(3, &ladder.domain, "Five park runs")
    };
    let written = [full, count_only, goal(4, &ladder.domain, "Run every week")];

    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        for g in &written {
            tx.insert_goal(g).await.expect("insert_goal");
        }
    })
    .await;
    for g in &written {
        assert_eq!(
            tx.goal(g.id).await.expect("goal").as_ref(),
            Some(g),
            "goal({}) after a round trip",
            g.slug
        );
        let by_slug = tx.goal_by_slug(&g.slug).await.expect("goal_by_slug");
        assert_eq!(by_slug.as_ref(), Some(g), "goal_by_slug({}) after a round trip", g.slug);
    }
    let mut expected = vec![ladder.goal.clone()];
    expected.extend(written.iter().cloned());
    let listed = tx.goals(Some(ladder.domain.id)).await.expect("goals");
    assert_eq!(listed, expected, "goals(domain) after a round trip");
}

/// Every field of a challenge survives a round trip: fractional and extreme difficulties, a
/// criterion or none, the full range of positions.
pub async fn round_trip_challenges<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Speaking");
    let with_criterion = Challenge {
        criterion: Some(TRICKY.to_owned()),
        created_at: at_micros(2, 500_001),
        ..challenge(2, &ladder.goal, "Talk to five people", 2.55, 1)
    };
    let written = [
        with_criterion,
        challenge(3, &ladder.goal, "Keynote", 10.0, u32::MAX),
        challenge(4, &ladder.goal, "Short toast", 9.99, 2),
    ];

    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        for c in &written {
            tx.insert_challenge(c).await.expect("insert_challenge");
        }
    })
    .await;
    for c in &written {
        let read = tx.challenge(c.id).await.expect("challenge");
        assert_eq!(read.as_ref(), Some(c), "challenge({}) after a round trip", c.slug);
        let by_slug = tx.challenges_by_slug(&c.slug).await.expect("challenges_by_slug");
        assert_eq!(
            by_slug,
            [c.clone()],
            "challenges_by_slug({}) after a round trip",
            c.slug
        );
    }
    let expected = [
        ladder.rung.clone(),
        written[0].clone(),
        written[2].clone(),
        written[1].clone(),
    ];
    let listed = tx.challenges(ladder.goal.id).await.expect("challenges");
    assert_eq!(listed, expected, "challenges(goal) after a round trip");
}

/// Every field of an attempt survives a round trip: a bare plan, a full state, every outcome and
/// cause, every placement on each of Weiner's dimensions, and dimensions without a cause.
pub async fn round_trip_attempts<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Sales calls");
    let bare = ladder.attempt(10, 0);
    let full = Attempt {
        forecast: Forecast {
            confidence: confidence(100),
            state: State {
                sleep_hours: Some(sleep(6.5)),
                energy: Some(rating(5)),
                stress: Some(rating(1)),
            },
            planned_at: at_micros(1, 250_000),
            planned_on: day(at(1)),
        },
        record: Some(Record {
            outcome: Outcome::Success,
            effort: Some(rating(4)),
            did: Some(TRICKY.to_owned()),
            because: Some("Prepared the opening line".to_owned()),
            attribution: Attribution::new(Some(Cause::Preparation), None, None, None),
            lesson: Some("Start with a question".to_owned()),
            recorded_at: at_micros(2, 750_001),
        }),
        ..ladder.attempt(11, 0)
    };
    let uncaused = Attribution {
        locus: Some(Locus::External),
        control: Some(Control::Controllable),
        ..Attribution::default()
    };
    let uncaused_record = Record {
        attribution: uncaused,
        ..record(Outcome::Failure, 3)
    };
    let mut written = vec![
        bare,
        full,
        Attempt {
            record: Some(uncaused_record),
            ..ladder.attempt(12, 3)
        },
    ];
    // One attempt per cause; the placements count through all eight combinations.
    for ((i, &cause), n) in Cause::ALL.iter().enumerate().zip(20..) {
        let attribution = Attribution {
            cause: Some(cause),
            locus: Some(Locus::ALL[i % 2]),
            stability: Some(Stability::ALL[(i / 2) % 2]),
            control: Some(Control::ALL[(i / 4) % 2]),
        };
        let outcome = Outcome::ALL[i % Outcome::ALL.len()];
        let planned = ladder.attempt(n, i64::from(n));
        let level = confidence(u8::try_from(i * 10).expect("nine causes at most"));
        written.push(Attempt {
            forecast: Forecast {
                confidence: level,
                ..planned.forecast.clone()
            },
            record: Some(Record {
                attribution,
                ..record(outcome, i64::from(n) + 1)
            }),
            ..planned
        });
    }

    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        insert_attempts(tx, &written).await;
    })
    .await;
    for a in &written {
        assert_eq!(
            tx.attempt(a.id).await.expect("attempt").as_ref(),
            Some(a),
            "attempt({}) after a round trip",
            a.id
        );
    }
    let mut expected = written.clone();
    expected.sort_by_key(|a| (a.forecast.planned_at, a.id));
    let listed = list_attempts(&mut tx, AttemptQuery::default()).await;
    assert_eq!(
        listed,
        Page {
            items: expected,
            next: None
        },
        "attempts() after a round trip"
    );
}

/// Every measure of a check-in survives a round trip, alone or together.
pub async fn round_trip_checkins<S: Store>(store: &S) {
    let all = Measures {
        sleep_hours: Some(sleep(7.3)),
        exercise_minutes: Some(45),
        stress: Some(rating(2)),
        energy: Some(rating(4)),
        mood: Some(rating(5)),
    };
    let written = [
        Checkin {
            at: at_micros(1, 42),
            ..checkin(1, 1, all)
        },
        checkin(
            2,
            2,
            Measures {
                mood: Some(rating(1)),
                ..Measures::default()
            },
        ),
        checkin(
            3,
            3,
            Measures {
                sleep_hours: Some(sleep(0.0)),
                ..Measures::default()
            },
        ),
        checkin(
            4,
            4,
            Measures {
                exercise_minutes: Some(0),
                ..Measures::default()
            },
        ),
    ];

    let mut tx = committed(store, async |tx| {
        for c in &written {
            tx.insert_checkin(c).await.expect("insert_checkin");
        }
    })
    .await;
    assert_eq!(
        tx.checkins().await.expect("checkins"),
        written,
        "checkins() after a round trip"
    );
}

/// Every field of a role model survives a round trip.
pub async fn round_trip_role_models<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Climbing");
    let full = RoleModel {
        similarity: Some(rating(5)),
        process: Some(TRICKY.to_owned()),
        created_at: at_micros(5, 5),
        ..role_model(2, &ladder.domain, 5)
    };
    let written = [full, role_model(3, &ladder.domain, 6)];

    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        for m in &written {
            tx.insert_role_model(m).await.expect("insert_role_model");
        }
    })
    .await;
    assert_eq!(
        tx.role_models(None).await.expect("role_models"),
        written,
        "role_models() after a round trip"
    );
}

/// Every field of feedback survives a round trip, with each specificity and valence.
pub async fn round_trip_feedback<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Writing");
    let mut written = vec![Feedback {
        credibility: Some(rating(3)),
        specificity: Some(Specificity::Specific),
        valence: Some(Valence::Mixed),
        text: TRICKY.to_owned(),
        received_at: at_micros(5, 123_457),
        ..feedback(2, &ladder.domain, 5)
    }];
    written.extend(
        Specificity::ALL
            .iter()
            .zip(Valence::ALL)
            .zip(10..)
            .map(|((&specificity, &valence), n)| Feedback {
                specificity: Some(specificity),
                valence: Some(valence),
                ..feedback(n, &ladder.domain, i64::from(n))
            }),
    );
    written.push(Feedback {
        valence: Some(Valence::Negative),
        ..feedback(20, &ladder.domain, 20)
    });
    written.push(feedback(21, &ladder.domain, 21));

    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        for f in &written {
            tx.insert_feedback(f).await.expect("insert_feedback");
        }
    })
    .await;
    assert_eq!(
        tx.feedback(None).await.expect("feedback"),
        written,
        "feedback() after a round trip"
    );
}

/// A backfilled success reads back, through the evidence list, with its id, domain, instant,
/// title and what was done (present or not).
pub async fn round_trip_evidence<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Chess");
    let full = BackfilledEvidence {
        title: TRICKY.to_owned(),
        at: at_micros(-500, 654_321),
        ..backfill(2, &ladder.domain, "x", -500)
    };
    let bare = BackfilledEvidence {
        did: None,
        ..backfill(3, &ladder.domain, "Won the club cup", -600)
    };

    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        tx.insert_evidence(&full).await.expect("insert_evidence");
        tx.insert_evidence(&bare).await.expect("insert_evidence");
    })
    .await;
    let listed = tx.evidence(None, 10).await.expect("evidence");
    assert_eq!(
        listed,
        [backfill_evidence(&full), backfill_evidence(&bare)],
        "evidence() after a round trip"
    );
}

// ---------------------------------------------------------------------------------------------
// Missing records.

/// Getters answer `None` (or an empty list) for ids and slugs nobody stored; updates of missing
/// records fail with `NotFound` naming the entity and id, and create nothing.
pub async fn unknown_records_are_not_found<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Guitar");
    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        tx.insert_attempt(&ladder.attempt(1, 0)).await.expect("insert_attempt");
    })
    .await;
    let unknown = uuid(99);
    assert_eq!(
        tx.domain(DomainId::from_uuid(unknown)).await.expect("domain"),
        None,
        "domain(unknown id)"
    );
    assert_eq!(
        tx.domain_by_slug("nowhere").await.expect("domain_by_slug"),
        None,
        "domain_by_slug(unknown)"
    );
    assert_eq!(
        tx.goal(GoalId::from_uuid(unknown)).await.expect("goal"),
        None,
        "goal(unknown id)"
    );
    assert_eq!(
        tx.goal_by_slug("nowhere").await.expect("goal_by_slug"),
        None,
        "goal_by_slug(unknown)"
    );
    assert_eq!(
        tx.challenge(ChallengeId::from_uuid(unknown)).await.expect("challenge"),
        None,
        "challenge(unknown id)"
    );
    assert_eq!(
        tx.challenges_by_slug("nowhere").await.expect("challenges_by_slug"),
        [],
        "challenges_by_slug(unknown)"
    );
    assert_eq!(
        tx.challenges(GoalId::from_uuid(unknown)).await.expect("challenges"),
        [],
        "challenges(unknown goal)"
    );
    assert_eq!(
        tx.rung_stats(GoalId::from_uuid(unknown)).await.expect("rung_stats"),
        [],
        "rung_stats(unknown goal)"
    );
    assert_eq!(
        tx.attempt(AttemptId::from_uuid(unknown)).await.expect("attempt"),
        None,
        "attempt(unknown id)"
    );
    drop(tx);

    let missing_domain = domain(99, "Nowhere");
    let missing_goal = goal(99, &ladder.domain, "Nowhere goal");
    let missing_attempt = recorded(ladder.attempt(99, 0), Outcome::Success, 1);
    let mut tx = begin(store, Access::Write).await;
    let key = unknown.to_string();
    assert_eq!(
        refusal(tx.update_domain(&missing_domain).await),
        ("NotFound", "domain", key.clone()),
        "update_domain(unknown)"
    );
    assert_eq!(
        refusal(tx.update_goal(&missing_goal).await),
        ("NotFound", "goal", key.clone()),
        "update_goal(unknown)"
    );
    assert_eq!(
        refusal(tx.update_attempt(&missing_attempt).await),
        ("NotFound", "attempt", key),
        "update_attempt(unknown)"
    );
    commit(tx).await;

    let mut tx = begin(store, Access::Read).await;
    assert_eq!(
        tx.domains().await.expect("domains"),
        [ladder.domain.clone()],
        "a failed update_domain created a domain"
    );
    assert_eq!(
        tx.goals(None).await.expect("goals"),
        [ladder.goal.clone()],
        "a failed update_goal created a goal"
    );
    let attempts = list_attempts(&mut tx, AttemptQuery::default()).await;
    assert_eq!(
        attempt_ids(&attempts.items),
        [ladder.attempt(1, 0).id],
        "a failed update_attempt created an attempt"
    );
}

// ---------------------------------------------------------------------------------------------
// Uniqueness.

/// A domain slug is taken once per user: a second insert, or an update onto it, fails with
/// `Conflict` naming the slug, whether the first domain was committed or not, and changes nothing.
pub async fn domain_slugs_are_unique<S: Store>(store: &S) {
    let first = domain(1, "Public speaking");
    let other = domain(2, "Running");
    let same_slug = domain(3, "public  SPEAKING!");
    write(store, async |tx| {
        tx.insert_domain(&first).await.expect("insert_domain");
        tx.insert_domain(&other).await.expect("insert_domain");
    })
    .await;

    let mut tx = begin(store, Access::Write).await;
    let key = first.slug.clone();
    assert_eq!(
        refusal(tx.insert_domain(&same_slug).await),
        ("Conflict", "domain", key.clone()),
        "insert_domain, committed slug"
    );
    let renamed = Domain {
        name: same_slug.name.clone(),
        slug: first.slug.clone(),
        ..other.clone()
    };
    assert_eq!(
        refusal(tx.update_domain(&renamed).await),
        ("Conflict", "domain", key.clone()),
        "update_domain onto a taken slug"
    );
    let fresh = domain(4, "Chess");
    tx.insert_domain(&fresh).await.expect("insert_domain");
    let twin = Domain {
        id: DomainId::from_uuid(uuid(5)),
        ..fresh.clone()
    };
    assert_eq!(
        refusal(tx.insert_domain(&twin).await),
        ("Conflict", "domain", fresh.slug.clone()),
        "insert_domain, uncommitted slug"
    );
    commit(tx).await;

    let mut tx = begin(store, Access::Read).await;
    assert_eq!(
        tx.domain(same_slug.id).await.expect("domain"),
        None,
        "a conflicting domain was stored"
    );
    assert_eq!(
        tx.domain(twin.id).await.expect("domain"),
        None,
        "a conflicting domain was stored"
    );
    let by_slug = tx.domain_by_slug(&key).await.expect("domain_by_slug");
    assert_eq!(by_slug, Some(first), "the first holder of a slug changed");
    assert_eq!(
        tx.domain(other.id).await.expect("domain"),
        Some(other),
        "a conflicting update changed the domain"
    );
}

/// A goal slug is taken once per user, across domains: a second insert fails with `Conflict`.
pub async fn goal_slugs_are_unique<S: Store>(store: &S) {
    let a = Ladder::new(1, "Running");
    let b = Ladder::new(2, "Swimming");
    let duplicate = goal(3, &b.domain, "Running goal");
    let mut tx = begin(store, Access::Write).await;
    a.insert(&mut tx).await;
    b.insert(&mut tx).await;
    let result = tx.insert_goal(&duplicate).await;
    assert_eq!(
        refusal(result),
        ("Conflict", "goal", a.goal.slug.clone()),
        "insert_goal with a slug taken in another domain"
    );
    commit(tx).await;

    let mut tx = begin(store, Access::Read).await;
    assert_eq!(
        tx.goal(duplicate.id).await.expect("goal"),
        None,
        "a conflicting goal was stored"
    );
    assert_eq!(
        tx.goal_by_slug(&a.goal.slug).await.expect("goal_by_slug"),
        Some(a.goal),
        "the first holder of a slug changed"
    );
}

/// A rung slug is unique within its goal only: the same slug in the same goal conflicts, in
/// another goal it is fine, and `challenges_by_slug` then finds both, oldest first.
pub async fn challenge_slugs_are_unique_per_goal<S: Store>(store: &S) {
    let a = Ladder::new(1, "Speaking");
    let b = Ladder::new(2, "Writing");
    let same_goal = challenge(3, &a.goal, "Speaking first rung", 4.0, 1);
    let other_goal = challenge(4, &b.goal, "Speaking first rung", 4.0, 1);
    let mut tx = committed(store, async |tx| {
        a.insert(tx).await;
        b.insert(tx).await;
        let result = tx.insert_challenge(&same_goal).await;
        assert_eq!(
            refusal(result),
            ("Conflict", "challenge", a.rung.slug.clone()),
            "insert_challenge, same slug, same goal"
        );
        tx.insert_challenge(&other_goal)
            .await
            .expect("insert_challenge, same slug, other goal");
    })
    .await;
    assert_eq!(
        tx.challenge(same_goal.id).await.expect("challenge"),
        None,
        "a conflicting rung was stored"
    );
    let found = tx.challenges_by_slug(&a.rung.slug).await.expect("challenges_by_slug");
    assert_eq!(found, [a.rung.clone(), other_goal], "challenges_by_slug across goals");
    assert_eq!(
        tx.challenges(a.goal.id).await.expect("challenges"),
        [a.rung],
        "rungs of the first goal"
    );
}

/// A conflict inside a transaction fails only that write: rows inserted before it stay readable,
/// later writes succeed, and the commit keeps all of them.
pub async fn conflicts_leave_the_transaction_usable<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Piano");
    let before = ladder.attempt(1, 0);
    let later_goal = goal(2, &ladder.domain, "Play a recital");
    let later = checkin(
        3,
        5,
        Measures {
            mood: Some(rating(3)),
            ..Measures::default()
        },
    );

    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        tx.insert_attempt(&before).await.expect("insert_attempt");
        let twin = Domain {
            id: DomainId::from_uuid(uuid(9)),
            ..ladder.domain.clone()
        };
        assert_eq!(
            refusal(tx.insert_domain(&twin).await).0,
            "Conflict",
            "insert_domain, duplicate slug"
        );
        let twin = Goal {
            id: GoalId::from_uuid(uuid(9)),
            ..ladder.goal.clone()
        };
        assert_eq!(
            refusal(tx.insert_goal(&twin).await).0,
            "Conflict",
            "insert_goal, duplicate slug"
        );
        let twin = Challenge {
            id: ChallengeId::from_uuid(uuid(9)),
            ..ladder.rung.clone()
        };
        assert_eq!(
            refusal(tx.insert_challenge(&twin).await).0,
            "Conflict",
            "insert_challenge, duplicate slug"
        );

        let read = tx.attempt(before.id).await.expect("attempt after a conflict");
        assert_eq!(
            read.as_ref(),
            Some(&before),
            "an earlier write vanished after a conflict"
        );
        tx.insert_goal(&later_goal).await.expect("insert_goal after a conflict");
        tx.insert_checkin(&later)
            .await
            .expect("insert_checkin after a conflict");
    })
    .await;
    assert_eq!(
        tx.domains().await.expect("domains"),
        [ladder.domain.clone()],
        "domains after the commit"
    );
    assert_eq!(
        tx.goals(None).await.expect("goals"),
        [ladder.goal.clone(), later_goal],
        "goals after the commit"
    );
    assert_eq!(
        tx.challenges(ladder.goal.id).await.expect("challenges"),
        [ladder.rung.clone()],
        "rungs after the commit"
    );
    assert_eq!(
        tx.attempt(before.id).await.expect("attempt"),
        Some(before),
        "the attempt after the commit"
    );
    assert_eq!(
        tx.checkins().await.expect("checkins"),
        [later],
        "check-ins after the commit"
    );
}

// ---------------------------------------------------------------------------------------------
// Order.

/// Domains, archived ones included, come back by name regardless of case.
pub async fn domains_are_listed_by_name_ignoring_case<S: Store>(store: &S) {
    let names = ["beta", "Delta", "alpha", "Gamma", "charlie"];
    let written: Vec<Domain> = names.iter().zip(1..).map(|(n, i)| domain(i, n)).collect();
    let archived = Domain {
        archived_at: Some(at(50)),
        ..written[4].clone()
    };
    let mut tx = committed(store, async |tx| {
        for d in &written[..4] {
            tx.insert_domain(d).await.expect("insert_domain");
        }
        tx.insert_domain(&archived).await.expect("insert_domain");
    })
    .await;
    let listed: Vec<String> = tx
        .domains()
        .await
        .expect("domains")
        .iter()
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(
        listed,
        ["alpha", "beta", "charlie", "Delta", "Gamma"],
        "domains() order"
    );
}

/// Goals come back by creation time (not insertion order or id), of one domain or all.
pub async fn goals_are_listed_by_creation<S: Store>(store: &S) {
    let a = Ladder::new(1, "Running");
    let b = Ladder::new(2, "Cooking");
    let created = |n: u32, d: &Domain, statement: &str, minute: i64| Goal {
        created_at: at(minute),
        ..goal(n, d, statement)
    };
    let late = created(3, &a.domain, "Late goal", 300);
    let early = Goal {
        created_at: at_micros(-10, 500_000),
        ..goal(4, &a.domain, "Early goal")
    };
    let earliest = created(5, &a.domain, "Earliest goal", -10);
    let middle = created(6, &b.domain, "Middle goal", 100);
    let mut tx = committed(store, async |tx| {
        a.insert(tx).await;
        b.insert(tx).await;
        for g in [&late, &early, &earliest, &middle] {
            tx.insert_goal(g).await.expect("insert_goal");
        }
    })
    .await;
    let ids = |goals: Vec<Goal>| goals.into_iter().map(|g| g.id).collect::<Vec<_>>();
    let all = ids(tx.goals(None).await.expect("goals"));
    assert_eq!(
        all,
        [earliest.id, early.id, a.goal.id, b.goal.id, middle.id, late.id],
        "goals(None) order"
    );
    let of_a = ids(tx.goals(Some(a.domain.id)).await.expect("goals"));
    assert_eq!(of_a, [earliest.id, early.id, a.goal.id, late.id], "goals(domain) order");
}

/// Rungs come back easy to hard, equal difficulties by position, whatever the insertion order;
/// difficulties compare as numbers (9.5 before 10).
pub async fn challenges_are_listed_in_ladder_order<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Climbing");
    let other = Ladder::new(2, "Bouldering");
    let rungs = [(5.0, 3), (2.5, 1), (5.0, 2), (1.5, 4), (2.5, 0), (10.0, 5), (9.5, 6)];
    let written: Vec<Challenge> = rungs
        .iter()
        .zip(10..)
        .map(|(&(d, position), n)| challenge(n, &ladder.goal, &format!("Route {n}"), d, position))
        .collect();
    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        other.insert(tx).await;
        for c in &written {
            tx.insert_challenge(c).await.expect("insert_challenge");
        }
    })
    .await;
    let listed: Vec<ChallengeId> = tx
        .challenges(ladder.goal.id)
        .await
        .expect("challenges")
        .iter()
        .map(|c| c.id)
        .collect();
    let by_n = |n: usize| written[n].id;
    let expected = [
        ladder.rung.id,
        by_n(3),
        by_n(4),
        by_n(1),
        by_n(2),
        by_n(0),
        by_n(6),
        by_n(5),
    ];
    assert_eq!(listed, expected, "challenges(goal) order");
}

/// Attempts come back by forecast time, ties by id, whatever the insertion order; fractions of a
/// second count.
pub async fn attempts_are_listed_by_planned_time_then_id<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Judo");
    let planned = |n: u32, when: Timestamp| attempt_on(&ladder.rung, ladder.domain.id, n, when);
    let written = [
        planned(5, at(10)),
        planned(2, at(20)),
        planned(9, at(10)),
        planned(1, at_micros(10, 500_000)),
        planned(3, at(10)),
        planned(4, at(-30)),
    ];
    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        insert_attempts(tx, &written).await;
    })
    .await;
    let listed = list_attempts(&mut tx, AttemptQuery::default()).await;
    let expected: Vec<AttemptId> = [4, 3, 5, 9, 1, 2].map(|n| AttemptId::from_uuid(uuid(n))).into();
    assert_eq!(attempt_ids(&listed.items), expected, "attempts() order");
    assert_eq!(listed.next, None, "attempts() without a limit has no next page");
}

/// The evidence file lists successful attempts (titled by their rung, at their recording time)
/// and backfilled successes, newest first; failures, partials and unrecorded attempts are left
/// out; a domain filters it and the limit cuts it.
pub async fn evidence_is_listed_newest_first<S: Store>(store: &S) {
    let a = Ladder::new(1, "Speaking");
    let b = Ladder::new(2, "Rowing");
    let hard = challenge(3, &a.goal, "Keynote", 8.0, 1);
    // Forecast order is the reverse of recording order, so sorting by forecast shows.
    let late_success = recorded(attempt_on(&hard, a.domain.id, 10, at(0)), Outcome::Success, 50);
    let early_success = Attempt {
        record: Some(Record {
            did: None,
            ..record(Outcome::Success, 30)
        }),
        ..a.attempt(11, 25)
    };
    let failure = recorded(a.attempt(12, 55), Outcome::Failure, 60);
    let partial = recorded(a.attempt(13, 65), Outcome::Partial, 70);
    let unrecorded = a.attempt(14, 80);
    let newest = recorded(b.attempt(15, 95), Outcome::Success, 100);
    let attempts = [
        late_success.clone(),
        early_success.clone(),
        failure,
        partial,
        unrecorded,
        newest.clone(),
    ];
    let backfilled = [
        backfill(20, &a.domain, "Best man speech", 40),
        BackfilledEvidence {
            did: None,
            at: at_micros(90, 1),
            ..backfill(21, &a.domain, "Toast", 90)
        },
        backfill(22, &b.domain, "Regatta", 20),
    ];
    let mut tx = committed(store, async |tx| {
        a.insert(tx).await;
        b.insert(tx).await;
        tx.insert_challenge(&hard).await.expect("insert_challenge");
        insert_attempts(tx, &attempts).await;
        for e in &backfilled {
            tx.insert_evidence(e).await.expect("insert_evidence");
        }
    })
    .await;

    let all = [
        attempt_evidence(&newest, &b.rung),
        backfill_evidence(&backfilled[1]),
        attempt_evidence(&late_success, &hard),
        backfill_evidence(&backfilled[0]),
        attempt_evidence(&early_success, &a.rung),
        backfill_evidence(&backfilled[2]),
    ];
    assert_eq!(
        tx.evidence(None, 100).await.expect("evidence"),
        all,
        "evidence(None, 100)"
    );
    let of_a = [all[1].clone(), all[2].clone(), all[3].clone(), all[4].clone()];
    assert_eq!(
        tx.evidence(Some(a.domain.id), 100).await.expect("evidence"),
        of_a,
        "evidence(domain, 100)"
    );
    assert_eq!(
        tx.evidence(Some(a.domain.id), 2).await.expect("evidence"),
        of_a[..2],
        "evidence(domain, 2)"
    );
    assert_eq!(tx.evidence(None, 0).await.expect("evidence"), [], "evidence(None, 0)");
}

/// Check-ins, role models and feedback come back oldest first whatever the insertion order; role
/// models and feedback filter by domain.
pub async fn journals_are_listed_oldest_first<S: Store>(store: &S) {
    let a = Ladder::new(1, "Drawing");
    let b = Ladder::new(2, "Singing");
    let minutes = [30, -5, 10, 20];
    let checkins: Vec<Checkin> = minutes
        .iter()
        .zip(10..)
        .map(|(&m, n)| {
            checkin(
                n,
                m,
                Measures {
                    energy: Some(rating(2)),
                    ..Measures::default()
                },
            )
        })
        .collect();
    let domain_of = |i: usize| if i == 2 { &b.domain } else { &a.domain };
    let models: Vec<RoleModel> = minutes
        .iter()
        .zip(20..)
        .enumerate()
        .map(|(i, (&m, n))| role_model(n, domain_of(i), m))
        .collect();
    let notes: Vec<Feedback> = minutes
        .iter()
        .zip(30..)
        .enumerate()
        .map(|(i, (&m, n))| feedback(n, domain_of(i), m))
        .collect();
    let mut tx = committed(store, async |tx| {
        a.insert(tx).await;
        b.insert(tx).await;
        for ((c, m), f) in checkins.iter().zip(&models).zip(&notes) {
            tx.insert_checkin(c).await.expect("insert_checkin");
            tx.insert_role_model(m).await.expect("insert_role_model");
            tx.insert_feedback(f).await.expect("insert_feedback");
        }
    })
    .await;
    // Oldest first is written index 1, 2, 3, 0; index 2 is in domain b.
    let listed = tx.checkins().await.expect("checkins");
    assert_eq!(listed, [1, 2, 3, 0].map(|i| checkins[i].clone()), "checkins() order");
    assert_eq!(
        tx.role_models(None).await.expect("role_models"),
        [1, 2, 3, 0].map(|i| models[i].clone()),
        "role_models(None) order"
    );
    let of_a = tx.role_models(Some(a.domain.id)).await.expect("role_models");
    assert_eq!(of_a, [1, 3, 0].map(|i| models[i].clone()), "role_models(domain) order");
    assert_eq!(
        tx.feedback(None).await.expect("feedback"),
        [1, 2, 3, 0].map(|i| notes[i].clone()),
        "feedback(None) order"
    );
    let of_b = tx.feedback(Some(b.domain.id)).await.expect("feedback");
    assert_eq!(of_b, [notes[2].clone()], "feedback(domain) order");
}

// ---------------------------------------------------------------------------------------------
// Pages and filters.

/// Walks every page of `query` at `page_size`; returns the page sizes and the ids in order.
/// Each `next` must point at the last item of its page.
async fn walk<T: Transaction>(tx: &mut T, query: &AttemptQuery, page_size: usize) -> (Vec<usize>, Vec<AttemptId>) {
    let (mut sizes, mut ids) = (Vec::new(), Vec::new());
    let mut after = None;
    loop {
        let page = list_attempts(
            tx,
            AttemptQuery {
                limit: Some(page_size),
                after,
                ..query.clone()
            },
        )
        .await;
        sizes.push(page.items.len());
        ids.extend(page.items.iter().map(|a| a.id));
        let Some(next) = page.next else {
            return (sizes, ids);
        };
        let last = page.items.last().expect("a page with a next cursor has items");
        let expected = Cursor {
            planned_at: last.forecast.planned_at,
            id: last.id,
        };
        assert_eq!(next, expected, "next cursor of a page of {page_size} after {after:?}");
        if let Some(previous) = after {
            let advanced = (next.planned_at, next.id) > (previous.planned_at, previous.id);
            assert!(advanced, "the cursor did not advance: {previous:?} then {next:?}");
        }
        after = Some(next);
    }
}

/// A cursor walks every attempt exactly once, in order, and the last page has no `next`; pages
/// that split attempts forecast at the same instant continue by id.
pub async fn attempts_paginate_with_a_cursor<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Tennis");
    // Three attempts share each forecast instant; inserted in a scrambled order (7 is prime to 25).
    let written: Vec<Attempt> = (0..25u32)
        .map(|k| (k * 7) % 25)
        .map(|i| ladder.attempt(100 + i, i64::from(i / 3)))
        .collect();
    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        insert_attempts(tx, &written).await;
    })
    .await;
    let in_order: Vec<AttemptId> = (100..125).map(|n| AttemptId::from_uuid(uuid(n))).collect();
    let all = AttemptQuery::default();
    for (page_size, sizes) in [
        (10, vec![10, 10, 5]),
        (5, vec![5; 5]),
        (25, vec![25]),
        (30, vec![25]),
        (1, vec![1; 25]),
    ] {
        let walked = walk(&mut tx, &all, page_size).await;
        assert_eq!(
            walked,
            (sizes, in_order.clone()),
            "walking attempts {page_size} at a time: (page sizes, ids)"
        );
    }
    let everything = list_attempts(&mut tx, all).await;
    assert_eq!(
        (attempt_ids(&everything.items), everything.next),
        (in_order, None),
        "attempts() without a limit"
    );
}

/// Attempts filter by domain, goal, rung and forecast time (inclusive), alone, combined and
/// paginated.
pub async fn attempts_filter_by_domain_goal_challenge_and_since<S: Store>(store: &S) {
    let a = Ladder::new(1, "Running");
    let b = Ladder::new(2, "Cycling");
    let second_rung = challenge(3, &a.goal, "Run 5 km", 3.0, 1);
    let second_goal = goal(4, &a.domain, "Run a trail");
    let trail_rung = challenge(5, &second_goal, "Trail 10 km", 4.0, 0);
    let a0 = a.attempt(10, 0);
    let b10 = attempt_on(&second_rung, a.domain.id, 11, at(10));
    let c20 = attempt_on(&trail_rung, a.domain.id, 12, at(20));
    let d30 = b.attempt(13, 30);
    let a40 = a.attempt(14, 40);
    let mut tx = committed(store, async |tx| {
        a.insert(tx).await;
        b.insert(tx).await;
        tx.insert_challenge(&second_rung).await.expect("insert_challenge");
        tx.insert_goal(&second_goal).await.expect("insert_goal");
        tx.insert_challenge(&trail_rung).await.expect("insert_challenge");
        insert_attempts(tx, &[a40.clone(), d30.clone(), c20.clone(), b10.clone(), a0.clone()]).await;
    })
    .await;

    let cases = [
        (
            "domain",
            AttemptQuery {
                domain: Some(a.domain.id),
                ..AttemptQuery::default()
            },
            vec![&a0, &b10, &c20, &a40],
        ),
        (
            "goal",
            AttemptQuery {
                goal: Some(a.goal.id),
                ..AttemptQuery::default()
            },
            vec![&a0, &b10, &a40],
        ),
        (
            "challenge",
            AttemptQuery {
                challenge: Some(second_rung.id),
                ..AttemptQuery::default()
            },
            vec![&b10],
        ),
        (
            "since",
            AttemptQuery {
                since: Some(at(20)),
                ..AttemptQuery::default()
            },
            vec![&c20, &d30, &a40],
        ),
        (
            "since, a microsecond before",
            AttemptQuery {
                since: Some(at_micros(19, 59_999_999)),
                ..AttemptQuery::default()
            },
            vec![&c20, &d30, &a40],
        ),
        (
            "since, just after",
            AttemptQuery {
                since: Some(at_micros(20, 1)),
                ..AttemptQuery::default()
            },
            vec![&d30, &a40],
        ),
        (
            "domain and since",
            AttemptQuery {
                domain: Some(a.domain.id),
                since: Some(at(20)),
                ..AttemptQuery::default()
            },
            vec![&c20, &a40],
        ),
        (
            "other domain",
            AttemptQuery {
                domain: Some(b.domain.id),
                ..AttemptQuery::default()
            },
            vec![&d30],
        ),
        (
            "unknown rung",
            AttemptQuery {
                challenge: Some(ChallengeId::from_uuid(uuid(99))),
                ..AttemptQuery::default()
            },
            vec![],
        ),
    ];
    for (what, query, expected) in cases {
        let page = list_attempts(&mut tx, query).await;
        let expected: Vec<Attempt> = expected.into_iter().cloned().collect();
        assert_eq!(
            page,
            Page {
                items: expected,
                next: None
            },
            "attempts filtered by {what}"
        );
    }
    let by_goal = AttemptQuery {
        goal: Some(a.goal.id),
        ..AttemptQuery::default()
    };
    let walked = walk(&mut tx, &by_goal, 2).await;
    assert_eq!(
        walked,
        (vec![2, 1], attempt_ids(&[a0, b10, a40])),
        "attempts filtered by goal, 2 at a time"
    );
}

/// Rung stats count, per rung of the goal with recorded attempts, the recorded attempts, the
/// successes and the partials; planned attempts and other goals do not count.
pub async fn rung_stats_count_recorded_outcomes<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Boxing");
    let other = Ladder::new(2, "Fencing");
    let hard = challenge(3, &ladder.goal, "Spar three rounds", 5.0, 1);
    let untried = challenge(4, &ladder.goal, "Fight", 9.0, 2);
    let on_hard = |n: u32| attempt_on(&hard, ladder.domain.id, n, at(i64::from(n)));
    let outcomes = [Outcome::Success, Outcome::Success, Outcome::Partial, Outcome::Failure];
    let mut written: Vec<Attempt> = outcomes
        .iter()
        .zip(10..)
        .map(|(&o, n)| recorded(ladder.attempt(n, 0), o, 5))
        .collect();
    written.extend([
        ladder.attempt(20, 0),
        ladder.attempt(21, 1),
        recorded(on_hard(22), Outcome::Failure, 30),
    ]);
    written.extend([on_hard(23), attempt_on(&untried, ladder.domain.id, 24, at(0))]);
    written.push(recorded(other.attempt(25, 0), Outcome::Success, 5));
    let mut tx = committed(store, async |tx| {
        ladder.insert(tx).await;
        other.insert(tx).await;
        tx.insert_challenge(&hard).await.expect("insert_challenge");
        tx.insert_challenge(&untried).await.expect("insert_challenge");
        insert_attempts(tx, &written).await;
    })
    .await;
    // The port leaves the order of rung stats open, so compare them sorted.
    let mut stats = tx.rung_stats(ladder.goal.id).await.expect("rung_stats");
    stats.sort_by_key(|s| s.challenge_id);
    let expected = [
        RungStats {
            challenge_id: ladder.rung.id,
            attempts: 4,
            successes: 2,
            partials: 1,
        },
        RungStats {
            challenge_id: hard.id,
            attempts: 1,
            successes: 0,
            partials: 0,
        },
    ];
    assert_eq!(stats, expected, "rung_stats(goal)");
}

// ---------------------------------------------------------------------------------------------
// Transactions and users.

/// Inserts one record of every kind (and updates the ladder's domain and first attempt) without
/// committing, for the transaction tests.
async fn write_one_of_everything<T: Transaction>(tx: &mut T, ladder: &Ladder, first: &Attempt) -> Ladder {
    let second = Ladder::new(60, "Second topic");
    second.insert(tx).await;
    tx.insert_attempt(&second.attempt(61, 0)).await.expect("insert_attempt");
    tx.insert_evidence(&backfill(62, &second.domain, "Old win", -100))
        .await
        .expect("insert_evidence");
    let mood = Measures {
        mood: Some(rating(4)),
        ..Measures::default()
    };
    tx.insert_checkin(&checkin(63, 0, mood)).await.expect("insert_checkin");
    tx.insert_role_model(&role_model(64, &second.domain, 0))
        .await
        .expect("insert_role_model");
    tx.insert_feedback(&feedback(65, &second.domain, 0))
        .await
        .expect("insert_feedback");
    let archived = Domain {
        archived_at: Some(at(9)),
        ..ladder.domain.clone()
    };
    tx.update_domain(&archived).await.expect("update_domain");
    tx.update_goal(&Goal {
        done_at: Some(at(9)),
        ..ladder.goal.clone()
    })
    .await
    .expect("update_goal");
    tx.update_attempt(&recorded(first.clone(), Outcome::Success, 9))
        .await
        .expect("update_attempt");
    second
}

/// Every list the port offers, for comparing a user's whole store at once.
type Everything = (
    Vec<Domain>,
    Vec<Goal>,
    Vec<(Vec<Challenge>, Vec<RungStats>)>,
    Page<Attempt>,
    Vec<EvidenceItem>,
    Vec<Checkin>,
    Vec<RoleModel>,
    Vec<Feedback>,
);

/// The records of `user`, read in a transaction of their own.
async fn everything<S: Store>(store: &S, user: UserId) -> Everything {
    let mut tx = store.begin(user, Access::Read).await.expect("begin");
    let domains = tx.domains().await.expect("domains");
    let goals = tx.goals(None).await.expect("goals");
    let mut ladders = Vec::new();
    for g in &goals {
        let mut stats = tx.rung_stats(g.id).await.expect("rung_stats");
        stats.sort_by_key(|s| s.challenge_id);
        ladders.push((tx.challenges(g.id).await.expect("challenges"), stats));
    }
    let attempts = list_attempts(&mut tx, AttemptQuery::default()).await;
    let evidence = tx.evidence(None, 1_000).await.expect("evidence");
    let checkins = tx.checkins().await.expect("checkins");
    let models = tx.role_models(None).await.expect("role_models");
    let feedback = tx.feedback(None).await.expect("feedback");
    (domains, goals, ladders, attempts, evidence, checkins, models, feedback)
}

/// What [`everything`] reads for a user without records.
fn nothing() -> Everything {
    let no_attempts = Page {
        items: Vec::new(),
        next: None,
    };
    (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        no_attempts,
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    )
}

/// Dropping a transaction without committing discards all of its writes, inserts and updates.
pub async fn dropped_transactions_leave_no_trace<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Baking");
    let first = ladder.attempt(2, 0);
    write(store, async |tx| {
        ladder.insert(tx).await;
        tx.insert_attempt(&first).await.expect("insert_attempt");
    })
    .await;
    let user = store.local_user().await.expect("local_user");
    let before = everything(store, user).await;

    let mut tx = begin(store, Access::Write).await;
    let second = write_one_of_everything(&mut tx, &ladder, &first).await;
    drop(tx);

    assert_eq!(
        everything(store, user).await,
        before,
        "records after a dropped transaction"
    );
    let mut tx = begin(store, Access::Read).await;
    assert_eq!(
        tx.domain_by_slug(&second.domain.slug).await.expect("domain_by_slug"),
        None,
        "a dropped insert_domain"
    );
    assert_eq!(
        tx.challenges(second.goal.id).await.expect("challenges"),
        [],
        "a dropped insert_challenge"
    );
    assert_eq!(
        tx.rung_stats(ladder.goal.id).await.expect("rung_stats"),
        [],
        "a dropped update_attempt"
    );
}

/// Writes are visible inside their transaction at once, and to later transactions after commit.
pub async fn committed_transactions_are_visible<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Baking");
    let first = ladder.attempt(2, 0);
    let mut tx = begin(store, Access::Write).await;
    ladder.insert(&mut tx).await;
    tx.insert_attempt(&first).await.expect("insert_attempt");
    let second = write_one_of_everything(&mut tx, &ladder, &first).await;
    let archived = Domain {
        archived_at: Some(at(9)),
        ..ladder.domain.clone()
    };
    assert_eq!(
        tx.domain(ladder.domain.id).await.expect("domain"),
        Some(archived.clone()),
        "an update before commit"
    );
    assert_eq!(
        tx.challenge(second.rung.id).await.expect("challenge"),
        Some(second.rung.clone()),
        "an insert before commit"
    );
    commit(tx).await;

    let user = store.local_user().await.expect("local_user");
    let after = everything(store, user).await;
    let mut tx = begin(store, Access::Read).await;
    assert_eq!(
        tx.domains().await.expect("domains"),
        [archived, second.domain.clone()],
        "domains after commit"
    );
    assert_eq!(
        tx.challenges(second.goal.id).await.expect("challenges"),
        [second.rung],
        "rungs after commit"
    );
    assert_eq!(
        tx.evidence(None, 10).await.expect("evidence").len(),
        2,
        "evidence after commit"
    );
    assert_eq!(
        tx.checkins().await.expect("checkins").len(),
        1,
        "check-ins after commit"
    );
    assert_eq!(
        tx.role_models(None).await.expect("role_models").len(),
        1,
        "role models after commit"
    );
    assert_eq!(
        tx.feedback(None).await.expect("feedback").len(),
        1,
        "feedback after commit"
    );
    let stats = tx.rung_stats(ladder.goal.id).await.expect("rung_stats");
    assert_eq!(
        stats,
        [RungStats {
            challenge_id: ladder.rung.id,
            attempts: 1,
            successes: 1,
            partials: 0
        }],
        "rung stats after commit"
    );
    drop(tx);
    assert_eq!(
        everything(store, user).await,
        after,
        "a read transaction changed nothing"
    );
}

/// `local_user` names the same user every time; another user sees none of its records, cannot
/// update them, and may reuse its slugs; and neither sees the other's writes afterwards.
pub async fn users_see_only_their_own_records<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    assert_eq!(
        store.local_user().await.expect("local_user"),
        me,
        "local_user() changed between calls"
    );
    let other = UserId::from_uuid(uuid(0xB0B));
    assert_ne!(me, other, "the suite's second user collides with the local user");

    let ladder = Ladder::new(1, "Painting");
    let attempt = recorded(ladder.attempt(2, 0), Outcome::Success, 1);
    let planned = ladder.attempt(3, 0);
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    ladder.insert(&mut tx).await;
    insert_attempts(&mut tx, &[attempt.clone(), planned.clone()]).await;
    write_one_of_everything(&mut tx, &ladder, &planned).await;
    commit(tx).await;
    let mine = everything(store, me).await;

    assert_eq!(everything(store, other).await, nothing(), "another user's lists");
    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_eq!(
        tx.domain(ladder.domain.id).await.expect("domain"),
        None,
        "domain() of another user's id"
    );
    assert_eq!(
        tx.domain_by_slug(&ladder.domain.slug).await.expect("domain_by_slug"),
        None,
        "domain_by_slug() of another user's slug"
    );
    assert_eq!(
        tx.goal(ladder.goal.id).await.expect("goal"),
        None,
        "goal() of another user's id"
    );
    assert_eq!(
        tx.goal_by_slug(&ladder.goal.slug).await.expect("goal_by_slug"),
        None,
        "goal_by_slug() of another user's slug"
    );
    assert_eq!(
        tx.challenge(ladder.rung.id).await.expect("challenge"),
        None,
        "challenge() of another user's id"
    );
    assert_eq!(
        tx.challenges_by_slug(&ladder.rung.slug)
            .await
            .expect("challenges_by_slug"),
        [],
        "challenges_by_slug() of another user's slug"
    );
    assert_eq!(
        tx.challenges(ladder.goal.id).await.expect("challenges"),
        [],
        "challenges() of another user's goal"
    );
    assert_eq!(
        tx.rung_stats(ladder.goal.id).await.expect("rung_stats"),
        [],
        "rung_stats() of another user's goal"
    );
    assert_eq!(
        tx.attempt(attempt.id).await.expect("attempt"),
        None,
        "attempt() of another user's id"
    );
    let key = |id: Uuid| id.to_string();
    let archived = Domain {
        archived_at: Some(at(9)),
        ..ladder.domain.clone()
    };
    assert_eq!(
        refusal(tx.update_domain(&archived).await),
        ("NotFound", "domain", key(uuid(1))),
        "update_domain of another user's domain"
    );
    assert_eq!(
        refusal(tx.update_goal(&ladder.goal).await),
        ("NotFound", "goal", key(uuid(1))),
        "update_goal of another user's goal"
    );
    assert_eq!(
        refusal(tx.update_attempt(&attempt).await),
        ("NotFound", "attempt", key(uuid(2))),
        "update_attempt of another user's attempt"
    );

    let theirs = Ladder::new(50, "Painting");
    theirs.insert(&mut tx).await;
    tx.insert_checkin(&checkin(
        51,
        0,
        Measures {
            stress: Some(rating(5)),
            ..Measures::default()
        },
    ))
    .await
    .expect("insert_checkin");
    commit(tx).await;

    assert_eq!(
        everything(store, me).await,
        mine,
        "the local user's records after another user wrote"
    );
    let mut tx = store.begin(other, Access::Read).await.expect("begin");
    assert_eq!(
        tx.domains().await.expect("domains"),
        [theirs.domain],
        "the other user's domains"
    );
    assert_eq!(
        tx.challenges_by_slug(&theirs.rung.slug)
            .await
            .expect("challenges_by_slug"),
        [theirs.rung],
        "the other user's rungs"
    );
    assert_eq!(
        tx.checkins().await.expect("checkins").len(),
        1,
        "the other user's check-ins"
    );
}

// ---------------------------------------------------------------------------------------------
// Updates.

/// Recording the outcome of a planned attempt stores the whole record, and the attempt then
/// counts in rung stats and, as a success, in the evidence file.
pub async fn update_attempt_adds_a_record<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Negotiation");
    let mut attempt = ladder.attempt(2, 0);
    write(store, async |tx| {
        ladder.insert(tx).await;
        tx.insert_attempt(&attempt).await.expect("insert_attempt");
    })
    .await;

    attempt
        .record(Record {
            outcome: Outcome::Success,
            effort: Some(rating(3)),
            did: Some("Anchored high".to_owned()),
            because: Some(TRICKY.to_owned()),
            attribution: Attribution::new(Some(Cause::Strategy), Some(Locus::Internal), None, None),
            lesson: Some("Silence works".to_owned()),
            recorded_at: at_micros(30, 300_003),
        })
        .expect("a planned attempt accepts a record");
    let mut tx = committed(store, async |tx| {
        tx.update_attempt(&attempt).await.expect("update_attempt")
    })
    .await;
    assert_eq!(
        tx.attempt(attempt.id).await.expect("attempt"),
        Some(attempt.clone()),
        "attempt() after update_attempt"
    );
    let listed = list_attempts(&mut tx, AttemptQuery::default()).await;
    assert_eq!(listed.items, [attempt.clone()], "attempts() after update_attempt");
    let stats = tx.rung_stats(ladder.goal.id).await.expect("rung_stats");
    assert_eq!(
        stats,
        [RungStats {
            challenge_id: ladder.rung.id,
            attempts: 1,
            successes: 1,
            partials: 0
        }],
        "rung stats after update_attempt"
    );
    let evidence = tx.evidence(None, 10).await.expect("evidence");
    assert_eq!(
        evidence,
        [attempt_evidence(&attempt, &ladder.rung)],
        "evidence after update_attempt"
    );
}

/// Updating a domain replaces every field: the new slug finds it, the old one does not, and an
/// archived domain stays listed.
pub async fn update_domain_persists_changes<S: Store>(store: &S) {
    let original = domain(1, "Public speaking");
    write(store, async |tx| {
        tx.insert_domain(&original).await.expect("insert_domain")
    })
    .await;

    let changed = Domain {
        name: name("Speaking in public"),
        slug: slug("Speaking in public"),
        area: LifeArea::Relationships,
        description: Some("Talks, toasts, meetings".to_owned()),
        archived_at: Some(at_micros(60, 60)),
        ..original.clone()
    };
    let mut tx = committed(store, async |tx| {
        tx.update_domain(&changed).await.expect("update_domain")
    })
    .await;
    assert_eq!(
        tx.domain(original.id).await.expect("domain"),
        Some(changed.clone()),
        "domain() after update_domain"
    );
    assert_eq!(
        tx.domain_by_slug(&changed.slug).await.expect("domain_by_slug"),
        Some(changed.clone()),
        "the new slug"
    );
    assert_eq!(
        tx.domain_by_slug(&original.slug).await.expect("domain_by_slug"),
        None,
        "the old slug"
    );
    assert_eq!(
        tx.domains().await.expect("domains"),
        [changed.clone()],
        "domains() lists an archived domain"
    );
    drop(tx);

    let restored = Domain {
        archived_at: None,
        description: None,
        ..changed
    };
    let mut tx = committed(store, async |tx| {
        tx.update_domain(&restored).await.expect("update_domain")
    })
    .await;
    assert_eq!(
        tx.domain(original.id).await.expect("domain"),
        Some(restored),
        "domain() after clearing fields"
    );
}

/// Updating a goal replaces every field, completion included.
pub async fn update_goal_persists_completion<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Running");
    write(store, async |tx| ladder.insert(tx).await).await;

    let done = Goal {
        statement: name("Run 10 km under an hour"),
        slug: slug("Run 10 km under an hour"),
        target: Some(Target {
            amount: 10.0,
            unit: Some("km".to_owned()),
        }),
        deadline: Some(day(at(60 * 24 * 30))),
        why: Some("To keep up with my sister".to_owned()),
        done_at: Some(at_micros(90, 90)),
        ..ladder.goal.clone()
    };
    let mut tx = committed(store, async |tx| tx.update_goal(&done).await.expect("update_goal")).await;
    assert_eq!(
        tx.goal(done.id).await.expect("goal"),
        Some(done.clone()),
        "goal() after update_goal"
    );
    assert_eq!(
        tx.goal_by_slug(&done.slug).await.expect("goal_by_slug"),
        Some(done.clone()),
        "the new slug"
    );
    assert_eq!(
        tx.goal_by_slug(&ladder.goal.slug).await.expect("goal_by_slug"),
        None,
        "the old slug"
    );
    assert_eq!(
        tx.goals(Some(ladder.domain.id)).await.expect("goals"),
        [done.clone()],
        "goals() after update_goal"
    );
    drop(tx);

    let reopened = Goal {
        done_at: None,
        target: None,
        deadline: None,
        why: None,
        ..done
    };
    let mut tx = committed(store, async |tx| tx.update_goal(&reopened).await.expect("update_goal")).await;
    assert_eq!(
        tx.goal(reopened.id).await.expect("goal"),
        Some(reopened),
        "goal() after clearing fields"
    );
}
