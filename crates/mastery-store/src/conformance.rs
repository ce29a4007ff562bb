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
//! what went wrong. [`conformance_suite!`](crate::conformance_suite) turns them into tests, and
//! the supertraits' own macros (`accounts_conformance_suite!`, `sharing_conformance_suite!`) do
//! for theirs: a new behaviour goes into the list of its file's macro, or of this one.
//! `tests/conformance_list.rs` fails on a behaviour no macro lists and on a backend that does
//! not run every suite.
//!
//! The records are built from fixed instants and deterministic ids, so a failure reproduces
//! exactly. Round trips use microsecond fractions of a second: backends must keep at least
//! microsecond precision (PostgreSQL's) and order fractional instants correctly.
//!
//! Only one transaction is open at a time (and [`Store::local_user`] is never called while one
//! is), because a store may serialise transactions, as the in-memory one does.

use std::slice;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use mastery_domain::Field;
use mastery_domain::attempt::{
    Attempt, Attribution, Cause, Control, Forecast, Locus, Outcome, Record, RecordedFacts, Stability, State,
};
use mastery_domain::audit::{Audit, Every};
use mastery_domain::calibration;
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::{Checkin, Measures};
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::evidence::{BackfilledEvidence, EvidenceSource};
use mastery_domain::feedback::{Feedback, Specificity, Valence};
use mastery_domain::goal::{Goal, Target};
use mastery_domain::ids::{
    AttemptId, AuditId, ChallengeId, CheckinId, DomainId, EvidenceId, FeedbackId, GoalId, RoleModelId, UserId,
};
use mastery_domain::measure::{Confidence, Difficulty, Rating, SleepHours};
use mastery_domain::record::RecordRef;
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::{self, Scale};
use mastery_domain::text::{Name, slugify};
use uuid::Uuid;

use crate::{
    Access, AttemptQuery, Cursor, EvidenceItem, ForecastGroup, Page, RevisionTx, RungStats, Store, StoreError,
    Transaction,
};

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
///
/// For a backend that needs a service which may be absent (a database server), write
/// `conformance_suite!(optional: $make)` with a maker returning `Option<_>`: on `None` each test
/// passes without running, and the maker says why (on stderr, or by panicking where the service
/// is mandatory, as under CI).
#[macro_export]
macro_rules! conformance_suite {
    (optional: $make:path) => {
        $crate::conformance_suite!(@suite (optional $make));
    };
    ($make:path) => {
        $crate::conformance_suite!(@suite (required $make));
    };
    (@suite $how:tt) => {
        $crate::conformance_suite!(@each $how;
            round_trip_domains,
            round_trip_goals,
            round_trip_challenges,
            round_trip_attempts,
            round_trip_checkins,
            a_checkin_is_updated_in_place,
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
            attempts_filter_by_domain_goal_challenge_since_and_pending,
            rung_stats_count_recorded_outcomes,
            dropped_transactions_leave_no_trace,
            committed_transactions_are_visible,
            users_see_only_their_own_records,
            update_attempt_adds_a_record,
            update_domain_persists_changes,
            update_goal_persists_completion,
            a_missing_record_or_parent_is_not_found_even_with_a_taken_slug,
            a_taken_id_is_a_conflict,
            latest_attempts_are_the_newest_in_order,
            forecasts_are_grouped_for_calibration,
            engine_bins_are_calibrations_bins,
            recorded_facts_are_the_numbers_of_recorded_attempts,
            forecasts_recorded_between_count_the_span,
            recent_results_are_the_latest_recorded_outcomes,
            round_trip_scales,
            scale_ids_are_unique,
            round_trip_audits,
            scales_and_audits_belong_to_their_user,
            round_trip_reattributions,
            reattributions_are_one_per_attempt,
            reattributions_belong_to_their_users_attempts,
            the_latest_setback_is_the_latest_failure_or_partial_by_forecast_time,
            round_trip_practice,
            rest_days_are_one_per_day_and_domain,
            practice_belongs_to_its_user,
            round_trip_celebrations,
            celebrations_are_one_per_subject_and_user,
            round_trip_programs,
            deleting_a_record_removes_it_and_what_derives_from_it,
            every_kind_of_record_can_be_deleted,
            records_with_dependants_are_not_deleted,
            deletions_are_scoped_to_their_user,
            update_challenge_replaces_the_rung,
            tombstones_are_kept_replaced_and_removed,
            the_journal_keeps_changes_in_order,
            versions_are_kept_once_enrolled,
            versions_come_in_sync_order,
            sync_state_belongs_to_its_user,
            a_kept_fold_stands_until_what_it_covers_changes,
            a_fold_is_kept_only_at_the_generation_read,
        );
    };
    (@each (required $make:path); $($behaviour:ident),+ $(,)?) => {
        $(
            #[::tokio::test]
            async fn $behaviour() {
                let fixture = $make().await;
                $crate::conformance::$behaviour(&*fixture).await;
            }
        )+
    };
    (@each (optional $make:path); $($behaviour:ident),+ $(,)?) => {
        $(
            #[::tokio::test]
            async fn $behaviour() {
                let Some(fixture) = $make().await else { return };
                $crate::conformance::$behaviour(&*fixture).await;
            }
        )+
    };
}

// ---------------------------------------------------------------------------------------------
// Assertions.

/// Awaits a store call, fails on an error, and checks that the value read equals `expected`;
/// the failure message quotes the call, then the optional context.
macro_rules! assert_reads {
    ($call:expr, $expected:expr $(,)?) => {
        assert_reads!($call, $expected, "")
    };
    ($call:expr, $expected:expr, $($context:tt)+) => {{
        let call = stringify!($call);
        let actual = $call.await.unwrap_or_else(|e| panic!("{call} failed: {e:?}"));
        assert_eq!(actual, $expected, "{call} {}", format_args!($($context)+));
    }};
}

/// Awaits a store write that must be refused, and checks how (see [`not_found`], [`conflict`]).
macro_rules! assert_refused {
    ($call:expr, $expected:expr $(,)?) => {
        assert_eq!(refusal($call.await), $expected, "{}", stringify!($call))
    };
}

/// The kind, entity and key of a refused write.
type Refusal = (&'static str, &'static str, String);

fn not_found(entity: &'static str, key: impl ToString) -> Refusal {
    ("NotFound", entity, key.to_string())
}

fn conflict(entity: &'static str, key: impl ToString) -> Refusal {
    ("Conflict", entity, key.to_string())
}

/// How a write was refused; panics on success or on any other error.
fn refusal<T: std::fmt::Debug>(result: Result<T, StoreError>) -> Refusal {
    match result {
        Err(StoreError::NotFound { entity, key }) => not_found(entity, key),
        Err(StoreError::Conflict { entity, key }) => conflict(entity, key),
        other => panic!("expected StoreError::NotFound or StoreError::Conflict, got {other:?}"),
    }
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
    epoch.checked_add(SignedDuration::from_mins(minutes)).expect("suite instants are in range")
}

/// An instant `micros` microseconds after `at(minutes)`.
fn at_micros(minutes: i64, micros: i64) -> Timestamp {
    at(minutes).checked_add(SignedDuration::from_micros(micros)).expect("suite instants are in range")
}

/// The UTC date of an instant.
fn day(instant: Timestamp) -> Date {
    instant.to_zoned(TimeZone::UTC).date()
}

fn name(text: &str) -> Name {
    Name::parse(Field::Name, text).expect("suite names are valid")
}

fn slug(text: &str) -> String {
    slugify(text).expect("suite names have a slug")
}

fn rating(value: u8) -> Rating {
    Rating::new(Field::Rating, value).expect("suite ratings are 1-5")
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

fn target(amount: f64, unit: Option<&str>) -> Option<Target> {
    Some(Target { amount, unit: unit.map(str::to_owned) })
}

/// Check-in measures with only a mood.
fn mood(value: u8) -> Measures {
    Measures { mood: Some(rating(value)), ..Measures::default() }
}

/// Every attempt, or those `narrow` selects.
fn query(narrow: impl FnOnce(&mut AttemptQuery)) -> AttemptQuery {
    let mut query = AttemptQuery::default();
    narrow(&mut query);
    query
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
        target_success: None,
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

/// A planned attempt on `rung` of a goal in `domain_id`, forecast at `planned_at`.
fn attempt_on(rung: &Challenge, domain_id: DomainId, n: u32, planned_at: Timestamp) -> Attempt {
    let forecast = Forecast {
        confidence: confidence(50),
        engine: None,
        state: State::default(),
        planned_at,
        planned_on: day(planned_at),
    };
    Attempt {
        id: AttemptId::from_uuid(uuid(n)),
        challenge_id: rung.id,
        goal_id: rung.goal_id,
        domain_id,
        forecast,
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
    Attempt { record: Some(record(outcome, minute)), ..attempt }
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
    Checkin { id: CheckinId::from_uuid(uuid(n)), at: at(minute), on: day(at(minute)), measures }
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

    /// The same records under ids numbered `n`: each slug collides with this ladder's, and the
    /// goal and rung still hang off this ladder's domain and goal.
    fn twin(&self, n: u32) -> Self {
        let mut twin = self.clone();
        twin.domain.id = DomainId::from_uuid(uuid(n));
        twin.goal.id = GoalId::from_uuid(uuid(n));
        twin.rung.id = ChallengeId::from_uuid(uuid(n));
        twin
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

/// A record the suite inserts; the behaviour fails when the store refuses it.
trait Insert {
    async fn insert_into<T: Transaction>(&self, tx: &mut T);
}

/// A record the suite updates; the behaviour fails when the store refuses it.
trait Update {
    async fn update_in<T: Transaction>(&self, tx: &mut T);
}

/// Implements `$trait::$via` for each record type by calling the transaction's `$method`.
macro_rules! write_with {
    ($trait:ident::$via:ident { $($record:ty => $method:ident),+ $(,)? }) => {$(
        impl $trait for $record {
            async fn $via<T: Transaction>(&self, tx: &mut T) {
                let result = tx.$method(self).await;
                result.unwrap_or_else(|e| panic!("{} failed: {e:?}\nfor {self:#?}", stringify!($method)));
            }
        }
    )+};
}

write_with!(Update::update_in {
    Domain => update_domain,
    Goal => update_goal,
    Attempt => update_attempt,
});

write_with!(Insert::insert_into {
    Domain => insert_domain,
    Goal => insert_goal,
    Challenge => insert_challenge,
    Attempt => insert_attempt,
    BackfilledEvidence => insert_evidence,
    Checkin => insert_checkin,
    RoleModel => insert_role_model,
    Feedback => insert_feedback,
    Scale => insert_scale,
    Audit => insert_audit,
});

impl Insert for Ladder {
    async fn insert_into<T: Transaction>(&self, tx: &mut T) {
        self.domain.insert_into(tx).await;
        self.goal.insert_into(tx).await;
        self.rung.insert_into(tx).await;
    }
}

impl<R: Insert> Insert for &R {
    async fn insert_into<T: Transaction>(&self, tx: &mut T) {
        (**self).insert_into(tx).await;
    }
}

async fn insert_all<T: Transaction, R: Insert>(tx: &mut T, records: impl IntoIterator<Item = R>) {
    for record in records {
        record.insert_into(tx).await;
    }
}

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

/// Like [`write`], then opens a fresh read transaction to check what was stored. It must not
/// write: PostgreSQL refuses writes in a read transaction.
async fn committed<S: Store>(store: &S, writes: impl AsyncFnOnce(&mut S::Tx)) -> S::Tx {
    write(store, writes).await;
    begin(store, Access::Read).await
}

/// Like [`committed`], but the transaction opened after the commit may write, for behaviours
/// that go on writing once they have checked what was stored.
async fn committed_then_write<S: Store>(store: &S, writes: impl AsyncFnOnce(&mut S::Tx)) -> S::Tx {
    write(store, writes).await;
    begin(store, Access::Write).await
}

async fn list_attempts<T: Transaction>(tx: &mut T, query: &AttemptQuery) -> Page<Attempt> {
    tx.attempts(query).await.unwrap_or_else(|e| panic!("attempts({query:?}) failed: {e:?}"))
}

fn attempt_ids<'a>(attempts: impl IntoIterator<Item = &'a Attempt>) -> Vec<AttemptId> {
    attempts.into_iter().map(|a| a.id).collect()
}

/// All of `items` on a single, last page.
fn one_page(items: Vec<Attempt>) -> Page<Attempt> {
    Page { items, next: None }
}

fn stats(rung: &Challenge, attempts: u32, successes: u32, partials: u32) -> RungStats {
    RungStats { challenge_id: rung.id, attempts, successes, partials }
}

/// Checks that `query` lists exactly the attempts numbered `expected`, in that order, on one page.
async fn assert_lists<T: Transaction>(tx: &mut T, query: AttemptQuery, expected: &[u32]) {
    let page = list_attempts(tx, &query).await;
    let expected: Vec<AttemptId> = expected.iter().map(|&n| AttemptId::from_uuid(uuid(n))).collect();
    assert_eq!((attempt_ids(&page.items), page.next), (expected, None), "attempts({query:?}): (ids, next)");
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
    for (&area, n) in LifeArea::ALL.iter().zip(10..) {
        written.push(Domain { area, ..domain(n, &format!("Area {area}")) });
    }

    let mut tx = committed(store, async |tx| insert_all(tx, &written).await).await;
    for d in &written {
        assert_reads!(tx.domain(d.id), Some(d.clone()));
        assert_reads!(tx.domain_by_slug(&d.slug), Some(d.clone()));
    }
    let mut by_name = written.clone();
    by_name.sort_by_key(|d| d.name.as_str().to_lowercase());
    assert_reads!(tx.domains(), by_name);
}

/// Every field of a goal survives a round trip: target with and without a unit, deadline, why
/// and completion, or none of them.
pub async fn round_trip_goals<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Running");
    let full = Goal {
        target: target(42.195, Some("km")),
        deadline: Some(day(at(60 * 24 * 200))),
        why: Some(TRICKY.to_owned()),
        target_success: Some(0.85),
        created_at: at_micros(2, 1),
        done_at: Some(at_micros(90, 999_999)),
        ..goal(2, &ladder.domain, "Run a marathon")
    };
    let count = Goal { target: target(5.0, None), ..goal(3, &ladder.domain, "Five park runs") };
    let written = [ladder.goal.clone(), full, count, goal(4, &ladder.domain, "Run every week")];

    let mut tx = committed(store, async |tx| {
        ladder.domain.insert_into(tx).await;
        insert_all(tx, &written).await;
    })
    .await;
    for g in &written {
        assert_reads!(tx.goal(g.id), Some(g.clone()));
        assert_reads!(tx.goal_by_slug(&g.slug), Some(g.clone()));
    }
    assert_reads!(tx.goals(Some(ladder.domain.id)), written);
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
    let toast = challenge(3, &ladder.goal, "Short toast", 9.99, 2);
    let keynote = challenge(4, &ladder.goal, "Keynote", 10.0, u32::MAX);
    let written = [ladder.rung.clone(), with_criterion, toast, keynote];

    let mut tx = committed(store, async |tx| {
        ladder.domain.insert_into(tx).await;
        ladder.goal.insert_into(tx).await;
        insert_all(tx, &written).await;
    })
    .await;
    for c in &written {
        assert_reads!(tx.challenge(c.id), Some(c.clone()));
        assert_reads!(tx.challenges_by_slug(&c.slug), slice::from_ref(c));
    }
    assert_reads!(tx.challenges(ladder.goal.id), written);
}

/// Every field of an attempt survives a round trip: a bare plan, a full state, every outcome and
/// cause, every placement on each of Weiner's dimensions, and dimensions without a cause.
pub async fn round_trip_attempts<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Sales calls");
    let full = Attempt {
        forecast: Forecast {
            confidence: confidence(100),
            engine: Some(0.637_5),
            state: State { sleep_hours: Some(sleep(6.5)), energy: Some(rating(5)), stress: Some(rating(1)) },
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
        cause: None,
        stability: None,
    };
    let uncaused = Attempt {
        record: Some(Record { attribution: uncaused, ..record(Outcome::Failure, 3) }),
        ..ladder.attempt(12, 3)
    };
    let mut written = vec![ladder.attempt(10, 0), full, uncaused];
    // One attempt per cause; the placements count through all eight combinations.
    for ((i, &cause), n) in Cause::ALL.iter().enumerate().zip(20..) {
        let attribution = Attribution {
            cause: Some(cause),
            locus: Some(Locus::ALL[i % 2]),
            stability: Some(Stability::ALL[(i / 2) % 2]),
            control: Some(Control::ALL[(i / 4) % 2]),
        };
        let mut attempt = ladder.attempt(n, i64::from(n));
        attempt.forecast.confidence = confidence(u8::try_from(i * 10).expect("nine causes at most"));
        let outcome = Outcome::ALL[i % Outcome::ALL.len()];
        attempt.record = Some(Record { attribution, ..record(outcome, i64::from(n) + 1) });
        written.push(attempt);
    }

    let mut tx = committed(store, async |tx| {
        ladder.insert_into(tx).await;
        insert_all(tx, &written).await;
    })
    .await;
    for a in &written {
        assert_reads!(tx.attempt(a.id), Some(a.clone()));
    }
    written.sort_by_key(|a| (a.forecast.planned_at, a.id));
    assert_reads!(tx.attempts(&AttemptQuery::default()), one_page(written));
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
    let zero_sleep = Measures { sleep_hours: Some(sleep(0.0)), ..Measures::default() };
    let zero_exercise = Measures { exercise_minutes: Some(0), ..Measures::default() };
    let written = [
        Checkin { at: at_micros(1, 42), ..checkin(1, 1, all) },
        checkin(2, 2, mood(1)),
        checkin(3, 3, zero_sleep),
        checkin(4, 4, zero_exercise),
    ];

    let mut tx = committed(store, async |tx| insert_all(tx, &written).await).await;
    assert_reads!(tx.checkins(), written);
}

/// Updating a check-in replaces its time and measures and keeps one record; an unknown one is
/// not found.
pub async fn a_checkin_is_updated_in_place<S: Store>(store: &S) {
    let first = checkin(1, 1, mood(2));
    let mut tx = committed_then_write(store, async |tx| insert_all(tx, [first.clone()]).await).await;
    let updated = Checkin {
        at: at_micros(1, 90),
        measures: Measures { sleep_hours: Some(sleep(6.5)), ..mood(4) },
        ..first.clone()
    };
    tx.update_checkin(&updated).await.expect("the check-in exists");
    assert_reads!(tx.checkins(), std::slice::from_ref(&updated));
    let unknown = checkin(2, 2, mood(3));
    assert!(matches!(tx.update_checkin(&unknown).await, Err(StoreError::NotFound { .. })));
    assert_reads!(tx.checkins(), [updated]);
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
        ladder.domain.insert_into(tx).await;
        insert_all(tx, &written).await;
    })
    .await;
    assert_reads!(tx.role_models(None), written);
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
    for ((&specificity, &valence), n) in Specificity::ALL.iter().zip(Valence::ALL).zip(10..) {
        let (specificity, valence) = (Some(specificity), Some(valence));
        written.push(Feedback { specificity, valence, ..feedback(n, &ladder.domain, i64::from(n)) });
    }
    written.push(Feedback { valence: Some(Valence::Negative), ..feedback(20, &ladder.domain, 20) });
    written.push(feedback(21, &ladder.domain, 21));

    let mut tx = committed(store, async |tx| {
        ladder.domain.insert_into(tx).await;
        insert_all(tx, &written).await;
    })
    .await;
    assert_reads!(tx.feedback(None), written);
}

/// A backfilled success reads back, through the evidence list and whole on its own (oldest
/// first), with its id, domain, instant, title and what was done (present or not).
pub async fn round_trip_evidence<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Chess");
    let full = BackfilledEvidence {
        title: TRICKY.to_owned(),
        at: at_micros(-500, 654_321),
        ..backfill(2, &ladder.domain, "x", -500)
    };
    let bare = BackfilledEvidence { did: None, ..backfill(3, &ladder.domain, "Won the club cup", -600) };

    let mut tx = committed(store, async |tx| {
        ladder.domain.insert_into(tx).await;
        insert_all(tx, &[&full, &bare]).await;
    })
    .await;
    assert_reads!(tx.evidence(None, 10), [backfill_evidence(&full), backfill_evidence(&bare)]);
    assert_reads!(tx.backfilled_evidence(), [bare, full]);
}

// ---------------------------------------------------------------------------------------------
// Missing records.

/// Getters answer `None` (or an empty list) for ids and slugs nobody stored; updates of missing
/// records fail with `NotFound` naming the entity and id, and create nothing.
pub async fn unknown_records_are_not_found<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Guitar");
    let planned = ladder.attempt(2, 0);
    let mut tx = committed(store, async |tx| {
        ladder.insert_into(tx).await;
        planned.insert_into(tx).await;
    })
    .await;
    let unknown = uuid(99);
    assert_reads!(tx.domain(DomainId::from_uuid(unknown)), None);
    assert_reads!(tx.domain_by_slug("nowhere"), None);
    assert_reads!(tx.goal(GoalId::from_uuid(unknown)), None);
    assert_reads!(tx.goal_by_slug("nowhere"), None);
    assert_reads!(tx.challenge(ChallengeId::from_uuid(unknown)), None);
    assert_reads!(tx.challenges_by_slug("nowhere"), []);
    assert_reads!(tx.challenges(GoalId::from_uuid(unknown)), []);
    assert_reads!(tx.rung_stats(GoalId::from_uuid(unknown)), []);
    assert_reads!(tx.attempt(AttemptId::from_uuid(unknown)), None);
    drop(tx);

    let mut tx = begin(store, Access::Write).await;
    assert_refused!(tx.update_domain(&domain(99, "Nowhere")), not_found("domain", unknown));
    assert_refused!(tx.update_goal(&goal(99, &ladder.domain, "Nowhere goal")), not_found("goal", unknown));
    let missing = recorded(ladder.attempt(99, 0), Outcome::Success, 1);
    assert_refused!(tx.update_attempt(&missing), not_found("attempt", unknown));
    commit(tx).await;

    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.domains(), slice::from_ref(&ladder.domain), "after failed updates");
    assert_reads!(tx.goals(None), slice::from_ref(&ladder.goal), "after failed updates");
    assert_reads!(tx.attempts(&AttemptQuery::default()), one_page(vec![planned]), "after failed updates");
}

// ---------------------------------------------------------------------------------------------
// Uniqueness.

/// A domain slug is taken once per user: a second insert, or an update onto it, fails with
/// `Conflict` naming the slug, whether the first domain was committed or not, and changes nothing.
pub async fn domain_slugs_are_unique<S: Store>(store: &S) {
    let first = domain(1, "Public speaking");
    let other = domain(2, "Running");
    write(store, async |tx| insert_all(tx, &[&first, &other]).await).await;

    let same_slug = domain(3, "public  SPEAKING!");
    let onto_first = Domain { name: same_slug.name.clone(), slug: first.slug.clone(), ..other.clone() };
    let fresh = domain(4, "Chess");
    let twin = Domain { id: DomainId::from_uuid(uuid(5)), ..fresh.clone() };
    let mut tx = begin(store, Access::Write).await;
    assert_refused!(tx.insert_domain(&same_slug), conflict("domain", &first.slug));
    assert_refused!(tx.update_domain(&onto_first), conflict("domain", &first.slug));
    fresh.insert_into(&mut tx).await;
    assert_refused!(tx.insert_domain(&twin), conflict("domain", &fresh.slug));
    commit(tx).await;

    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.domain(same_slug.id), None, "after a refused insert");
    assert_reads!(tx.domain(twin.id), None, "after a refused insert");
    assert_reads!(tx.domain_by_slug(&first.slug), Some(first), "after refused writes");
    assert_reads!(tx.domain(other.id), Some(other), "after a refused update");
}

/// A goal slug is taken once per user, across domains: a second insert fails with `Conflict`.
pub async fn goal_slugs_are_unique<S: Store>(store: &S) {
    let a = Ladder::new(1, "Running");
    let b = Ladder::new(2, "Swimming");
    let duplicate = goal(3, &b.domain, "Running goal");
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&a, &b]).await;
        assert_refused!(tx.insert_goal(&duplicate), conflict("goal", &a.goal.slug));
    })
    .await;
    assert_reads!(tx.goal(duplicate.id), None, "after a refused insert");
    assert_reads!(tx.goal_by_slug(&a.goal.slug), Some(a.goal), "after a refused insert");
}

/// A rung slug is unique within its goal only: the same slug in the same goal conflicts, in
/// another goal it is fine, and `challenges_by_slug` then finds both, oldest first.
pub async fn challenge_slugs_are_unique_per_goal<S: Store>(store: &S) {
    let a = Ladder::new(1, "Speaking");
    let b = Ladder::new(2, "Writing");
    let same_goal = challenge(3, &a.goal, "Speaking first rung", 4.0, 1);
    let other_goal = challenge(4, &b.goal, "Speaking first rung", 4.0, 1);
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&a, &b]).await;
        assert_refused!(tx.insert_challenge(&same_goal), conflict("challenge", &a.rung.slug));
        other_goal.insert_into(tx).await;
    })
    .await;
    assert_reads!(tx.challenge(same_goal.id), None, "after a refused insert");
    assert_reads!(tx.challenges_by_slug(&a.rung.slug), [a.rung.clone(), other_goal]);
    assert_reads!(tx.challenges(a.goal.id), [a.rung]);
}

/// A conflict inside a transaction fails only that write: rows inserted before it stay readable,
/// later writes succeed, and the commit keeps all of them.
pub async fn conflicts_leave_the_transaction_usable<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Piano");
    let before = ladder.attempt(1, 0);
    let later_goal = goal(2, &ladder.domain, "Play a recital");
    let later_checkin = checkin(3, 5, mood(3));
    let twin = ladder.twin(9);

    let mut tx = committed(store, async |tx| {
        ladder.insert_into(tx).await;
        before.insert_into(tx).await;
        assert_refused!(tx.insert_domain(&twin.domain), conflict("domain", &ladder.domain.slug));
        assert_refused!(tx.insert_goal(&twin.goal), conflict("goal", &ladder.goal.slug));
        assert_refused!(tx.insert_challenge(&twin.rung), conflict("challenge", &ladder.rung.slug));
        assert_reads!(tx.attempt(before.id), Some(before.clone()), "after conflicts, before commit");
        later_goal.insert_into(tx).await;
        later_checkin.insert_into(tx).await;
    })
    .await;
    assert_reads!(tx.domains(), slice::from_ref(&ladder.domain));
    assert_reads!(tx.goals(None), [ladder.goal.clone(), later_goal]);
    assert_reads!(tx.challenges(ladder.goal.id), slice::from_ref(&ladder.rung));
    assert_reads!(tx.attempt(before.id), Some(before));
    assert_reads!(tx.checkins(), [later_checkin]);
}

// ---------------------------------------------------------------------------------------------
// Order.

/// Domains, archived ones included, come back by name regardless of case.
pub async fn domains_are_listed_by_name_ignoring_case<S: Store>(store: &S) {
    let mut written: Vec<Domain> =
        ["beta", "Delta", "alpha", "Gamma", "charlie"].iter().zip(1..).map(|(t, n)| domain(n, t)).collect();
    written[4].archived_at = Some(at(50));
    let mut tx = committed(store, async |tx| insert_all(tx, &written).await).await;
    let names: Vec<String> = tx.domains().await.expect("domains").iter().map(|d| d.name.to_string()).collect();
    assert_eq!(names, ["alpha", "beta", "charlie", "Delta", "Gamma"], "tx.domains()");
}

/// Goals come back by creation time (not insertion order or id), of one domain or all.
pub async fn goals_are_listed_by_creation<S: Store>(store: &S) {
    let a = Ladder::new(1, "Running");
    let b = Ladder::new(2, "Cooking");
    let created = |n: u32, d: &Domain, when: Timestamp| Goal { created_at: when, ..goal(n, d, &format!("Goal {n}")) };
    let late = created(3, &a.domain, at(300));
    let early = created(4, &a.domain, at_micros(-10, 500_000));
    let earliest = created(5, &a.domain, at(-10));
    let middle = created(6, &b.domain, at(100));
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&a, &b]).await;
        insert_all(tx, &[&late, &early, &earliest, &middle]).await;
    })
    .await;
    let all = [&earliest, &early, &a.goal, &b.goal, &middle, &late].map(Goal::clone);
    assert_reads!(tx.goals(None), all);
    assert_reads!(tx.goals(Some(a.domain.id)), [earliest, early, a.goal, late]);
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
        insert_all(tx, &[&ladder, &other]).await;
        insert_all(tx, &written).await;
    })
    .await;
    let mut expected = vec![ladder.rung.clone()];
    expected.extend([3, 4, 1, 2, 0, 6, 5].map(|i| written[i].clone()));
    assert_reads!(tx.challenges(ladder.goal.id), expected);
}

/// Attempts come back by forecast time, ties by id, whatever the insertion order; fractions of a
/// second count.
pub async fn attempts_are_listed_by_planned_time_then_id<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Judo");
    let times = [(5, at(10)), (2, at(20)), (9, at(10)), (1, at_micros(10, 500_000)), (3, at(10)), (4, at(-30))];
    let written = times.map(|(n, when)| attempt_on(&ladder.rung, ladder.domain.id, n, when));
    let mut tx = committed(store, async |tx| {
        ladder.insert_into(tx).await;
        insert_all(tx, &written).await;
    })
    .await;
    assert_lists(&mut tx, AttemptQuery::default(), &[4, 3, 5, 9, 1, 2]).await;
}

/// The evidence file lists successful attempts (titled by their rung, at their recording time)
/// and backfilled successes, newest first; failures, partials and unrecorded attempts are left
/// out; a domain filters it and the limit cuts it; a span of times selects it (start in, end out).
pub async fn evidence_is_listed_newest_first<S: Store>(store: &S) {
    let a = Ladder::new(1, "Speaking");
    let b = Ladder::new(2, "Rowing");
    let hard = challenge(3, &a.goal, "Keynote", 8.0, 1);
    // Forecast order is the reverse of recording order, so sorting by forecast shows.
    let late_success = recorded(attempt_on(&hard, a.domain.id, 10, at(0)), Outcome::Success, 50);
    let mut early_success = recorded(a.attempt(11, 25), Outcome::Success, 30);
    early_success.record.as_mut().expect("recorded").did = None;
    let newest = recorded(b.attempt(15, 95), Outcome::Success, 100);
    let attempts = [
        late_success.clone(),
        early_success.clone(),
        recorded(a.attempt(12, 55), Outcome::Failure, 60),
        recorded(a.attempt(13, 65), Outcome::Partial, 70),
        a.attempt(14, 80),
        newest.clone(),
    ];
    let toast = BackfilledEvidence { did: None, at: at_micros(90, 1), ..backfill(21, &a.domain, "Toast", 90) };
    let backfilled = [backfill(20, &a.domain, "Best man speech", 40), toast, backfill(22, &b.domain, "Regatta", 20)];
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&a, &b]).await;
        hard.insert_into(tx).await;
        insert_all(tx, &attempts).await;
        insert_all(tx, &backfilled).await;
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
    assert_reads!(tx.evidence(None, 100), all);
    assert_reads!(tx.evidence(Some(a.domain.id), 100), all[1..5]);
    assert_reads!(tx.evidence(Some(a.domain.id), 2), all[1..3]);
    assert_reads!(tx.evidence(None, 0), []);
    assert_reads!(tx.evidence_between(at(30), at(90)), all[2..5]);
    assert_reads!(tx.evidence_between(at(90), at(101)), all[..2]);
    assert_reads!(tx.evidence_between(at(101), at(600)), []);
}

/// Check-ins, role models and feedback come back oldest first whatever the insertion order; role
/// models and feedback filter by domain.
pub async fn journals_are_listed_oldest_first<S: Store>(store: &S) {
    let a = Ladder::new(1, "Drawing");
    let b = Ladder::new(2, "Singing");
    // Written in this order; oldest first is index 1, 2, 3, 0. Index 2 is in domain b.
    let minutes = [30, -5, 10, 20];
    let in_domain = |i: usize| if i == 2 { &b.domain } else { &a.domain };
    let numbered = || minutes.iter().copied().enumerate().zip(0..);
    let checkins: Vec<Checkin> = numbered().map(|((_, m), n)| checkin(10 + n, m, mood(2))).collect();
    let models: Vec<RoleModel> = numbered().map(|((i, m), n)| role_model(20 + n, in_domain(i), m)).collect();
    let notes: Vec<Feedback> = numbered().map(|((i, m), n)| feedback(30 + n, in_domain(i), m)).collect();
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&a, &b]).await;
        insert_all(tx, &checkins).await;
        insert_all(tx, &models).await;
        insert_all(tx, &notes).await;
    })
    .await;
    let oldest_first = [1, 2, 3, 0];
    assert_reads!(tx.checkins(), oldest_first.map(|i| checkins[i].clone()));
    assert_reads!(tx.role_models(None), oldest_first.map(|i| models[i].clone()));
    assert_reads!(tx.role_models(Some(a.domain.id)), [1, 3, 0].map(|i| models[i].clone()));
    assert_reads!(tx.feedback(None), oldest_first.map(|i| notes[i].clone()));
    assert_reads!(tx.feedback(Some(b.domain.id)), [notes[2].clone()]);
}

// ---------------------------------------------------------------------------------------------
// Pages and filters.

/// Walks every page of `query` at `page_size`; returns the page sizes and the ids in order.
/// Each `next` must point at the last item of its page and move forward.
async fn walk<T: Transaction>(tx: &mut T, query: &AttemptQuery, page_size: usize) -> (Vec<usize>, Vec<AttemptId>) {
    let (mut sizes, mut ids) = (Vec::new(), Vec::new());
    let paged = |after| AttemptQuery { limit: Some(page_size), after, ..query.clone() };
    let mut after: Option<Cursor> = None;
    loop {
        let page = list_attempts(tx, &paged(after)).await;
        sizes.push(page.items.len());
        ids.extend(attempt_ids(&page.items));
        let Some(next) = page.next else { return (sizes, ids) };
        let last = page.items.last().expect("a page with a next cursor has items");
        let at_last = Cursor { planned_at: last.forecast.planned_at, id: last.id };
        assert_eq!(next, at_last, "next cursor of a page of {page_size} after {after:?}");
        let advanced = after.is_none_or(|previous| (next.planned_at, next.id) > (previous.planned_at, previous.id));
        assert!(advanced, "the cursor did not advance: {after:?} then {next:?}");
        after = Some(next);
    }
}

/// A cursor walks every attempt exactly once, in order, and the last page has no `next`; pages
/// that split attempts forecast at the same instant continue by id.
pub async fn attempts_paginate_with_a_cursor<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Tennis");
    // Three attempts share each forecast instant; inserted in a scrambled order (7 is prime to 25).
    let written: Vec<Attempt> =
        (0..25u32).map(|k| (k * 7) % 25).map(|i| ladder.attempt(100 + i, i64::from(i / 3))).collect();
    let mut tx = committed(store, async |tx| {
        ladder.insert_into(tx).await;
        insert_all(tx, &written).await;
    })
    .await;
    let in_order: Vec<AttemptId> = (100..125).map(|n| AttemptId::from_uuid(uuid(n))).collect();
    let all = AttemptQuery::default();
    for (page_size, sizes) in [(10, vec![10, 10, 5]), (5, vec![5; 5]), (25, vec![25]), (30, vec![25]), (1, vec![1; 25])]
    {
        let walked = walk(&mut tx, &all, page_size).await;
        assert_eq!(walked, (sizes, in_order.clone()), "walking attempts {page_size} at a time: (page sizes, ids)");
    }
    assert_lists(&mut tx, all, &(100..125).collect::<Vec<_>>()).await;
}

/// Attempts filter by domain, goal, rung, forecast time (inclusive, to the microsecond) and
/// pending state, alone, combined and paginated.
pub async fn attempts_filter_by_domain_goal_challenge_since_and_pending<S: Store>(store: &S) {
    let a = Ladder::new(1, "Running");
    let b = Ladder::new(2, "Cycling");
    let second_rung = challenge(3, &a.goal, "Run 5 km", 3.0, 1);
    let trail = goal(4, &a.domain, "Run a trail");
    let trail_rung = challenge(5, &trail, "Trail 10 km", 4.0, 0);
    // Attempt n is forecast at minute 10 * (n - 10).
    let attempts = [
        a.attempt(10, 0),
        recorded(attempt_on(&second_rung, a.domain.id, 11, at(10)), Outcome::Success, 15),
        attempt_on(&trail_rung, a.domain.id, 12, at(20)),
        recorded(b.attempt(13, 30), Outcome::Failure, 35),
        a.attempt(14, 40),
    ];
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&a, &b]).await;
        trail.insert_into(tx).await;
        insert_all(tx, &[&second_rung, &trail_rung]).await;
        insert_all(tx, attempts.iter().rev()).await;
    })
    .await;

    let (in_a, in_b) = (Some(a.domain.id), Some(b.domain.id));
    assert_lists(&mut tx, query(|q| q.domain = in_a), &[10, 11, 12, 14]).await;
    assert_lists(&mut tx, query(|q| q.domain = in_b), &[13]).await;
    assert_lists(&mut tx, query(|q| q.goal = Some(a.goal.id)), &[10, 11, 14]).await;
    assert_lists(&mut tx, query(|q| q.challenge = Some(second_rung.id)), &[11]).await;
    let unknown_rung = Some(ChallengeId::from_uuid(uuid(99)));
    assert_lists(&mut tx, query(|q| q.challenge = unknown_rung), &[]).await;
    assert_lists(&mut tx, query(|q| q.since = Some(at(20))), &[12, 13, 14]).await;
    let (just_before, just_after) = (at_micros(19, 59_999_999), at_micros(20, 1));
    assert_lists(&mut tx, query(|q| q.since = Some(just_before)), &[12, 13, 14]).await;
    assert_lists(&mut tx, query(|q| q.since = Some(just_after)), &[13, 14]).await;
    assert_lists(&mut tx, query(|q| q.pending_only = true), &[10, 12, 14]).await;
    let since_in_a = query(|q| (q.domain, q.since) = (in_a, Some(at(20))));
    assert_lists(&mut tx, since_in_a, &[12, 14]).await;
    let pending_of_goal = query(|q| (q.goal, q.pending_only) = (Some(a.goal.id), true));
    assert_lists(&mut tx, pending_of_goal, &[10, 14]).await;
    let walked = walk(&mut tx, &query(|q| q.goal = Some(a.goal.id)), 2).await;
    let expected = (vec![2, 1], attempt_ids([&attempts[0], &attempts[1], &attempts[4]]));
    assert_eq!(walked, expected, "attempts of a goal, 2 at a time: (page sizes, ids)");
}

/// Rung stats count, per rung of the goal with recorded attempts, the recorded attempts, the
/// successes and the partials; planned attempts and other goals do not count.
pub async fn rung_stats_count_recorded_outcomes<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Boxing");
    let other = Ladder::new(2, "Fencing");
    let hard = challenge(3, &ladder.goal, "Spar three rounds", 5.0, 1);
    let untried = challenge(4, &ladder.goal, "Fight", 9.0, 2);
    let outcomes = [Outcome::Success, Outcome::Success, Outcome::Partial, Outcome::Failure];
    let mut written: Vec<Attempt> =
        outcomes.iter().zip(10..).map(|(&o, n)| recorded(ladder.attempt(n, 0), o, 5)).collect();
    let on = |rung: &Challenge, n: u32| attempt_on(rung, ladder.domain.id, n, at(0));
    written.extend([ladder.attempt(20, 0), ladder.attempt(21, 1), recorded(on(&hard, 22), Outcome::Failure, 30)]);
    written.extend([on(&hard, 23), on(&untried, 24), recorded(other.attempt(25, 0), Outcome::Success, 5)]);
    let mut tx = committed_then_write(store, async |tx| {
        insert_all(tx, &[&ladder, &other]).await;
        insert_all(tx, &[&hard, &untried]).await;
        insert_all(tx, &written).await;
    })
    .await;
    // The port leaves the order of rung stats open, so compare them sorted.
    let mut counted = tx.rung_stats(ladder.goal.id).await.expect("rung_stats");
    counted.sort_by_key(|s| s.challenge_id);
    let expected = [stats(&ladder.rung, 4, 2, 1), stats(&hard, 1, 0, 0)];
    assert_eq!(counted, expected, "tx.rung_stats(goal), sorted by rung");

    // Recording a planned attempt later counts it too.
    let now_recorded = recorded(written[5].clone(), Outcome::Partial, 40);
    tx.update_attempt(&now_recorded).await.expect("update_attempt");
    let mut counted = tx.rung_stats(ladder.goal.id).await.expect("rung_stats");
    counted.sort_by_key(|s| s.challenge_id);
    let expected = [stats(&ladder.rung, 5, 2, 2), stats(&hard, 1, 0, 0)];
    assert_eq!(counted, expected, "tx.rung_stats(goal) after recording a planned attempt");
}

// ---------------------------------------------------------------------------------------------
// Transactions and users.

/// Inserts one record of every kind, archives the ladder's domain, completes its goal and records
/// `planned` (which must be stored), for the transaction and user tests. Returns the new ladder.
async fn write_one_of_everything<T: Transaction>(tx: &mut T, ladder: &Ladder, planned: &Attempt) -> Ladder {
    let second = Ladder::new(60, "Second topic");
    second.insert_into(tx).await;
    second.attempt(61, 0).insert_into(tx).await;
    backfill(62, &second.domain, "Old win", -100).insert_into(tx).await;
    checkin(63, 0, mood(4)).insert_into(tx).await;
    role_model(64, &second.domain, 0).insert_into(tx).await;
    feedback(65, &second.domain, 0).insert_into(tx).await;
    let mut archived = ladder.domain.clone();
    archived.archived_at = Some(at(9));
    archived.update_in(tx).await;
    let mut done = ladder.goal.clone();
    done.done_at = Some(at(9));
    done.update_in(tx).await;
    recorded(planned.clone(), Outcome::Success, 9).update_in(tx).await;
    second
}

/// Every list the port offers, for comparing a user's whole store at once.
type Everything = (
    Vec<Domain>,
    Vec<Goal>,
    Vec<(Vec<Challenge>, Vec<RungStats>)>,
    Vec<Attempt>,
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
    let Page { items: attempts, next } = list_attempts(&mut tx, &AttemptQuery::default()).await;
    assert_eq!(next, None, "tx.attempts(all) has no next page");
    let evidence = tx.evidence(None, 1_000).await.expect("evidence");
    let checkins = tx.checkins().await.expect("checkins");
    let models = tx.role_models(None).await.expect("role_models");
    let feedback = tx.feedback(None).await.expect("feedback");
    (domains, goals, ladders, attempts, evidence, checkins, models, feedback)
}

/// Dropping a transaction without committing discards all of its writes, inserts and updates.
pub async fn dropped_transactions_leave_no_trace<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Baking");
    let planned = ladder.attempt(2, 0);
    write(store, async |tx| {
        ladder.insert_into(tx).await;
        planned.insert_into(tx).await;
    })
    .await;
    let user = store.local_user().await.expect("local_user");
    let before = everything(store, user).await;

    let mut tx = begin(store, Access::Write).await;
    let second = write_one_of_everything(&mut tx, &ladder, &planned).await;
    drop(tx);

    assert_eq!(everything(store, user).await, before, "everything after a dropped transaction");
    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.domain_by_slug(&second.domain.slug), None, "after a dropped insert");
    assert_reads!(tx.challenges(second.goal.id), [], "after a dropped insert");
    assert_reads!(tx.rung_stats(ladder.goal.id), [], "after a dropped update");
}

/// Writes are visible inside their transaction at once, and to later transactions after commit.
pub async fn committed_transactions_are_visible<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Baking");
    let planned = ladder.attempt(2, 0);
    let archived = Domain { archived_at: Some(at(9)), ..ladder.domain.clone() };
    let mut tx = begin(store, Access::Write).await;
    ladder.insert_into(&mut tx).await;
    planned.insert_into(&mut tx).await;
    let second = write_one_of_everything(&mut tx, &ladder, &planned).await;
    assert_reads!(tx.domain(ladder.domain.id), Some(archived.clone()), "before commit");
    assert_reads!(tx.challenge(second.rung.id), Some(second.rung.clone()), "before commit");
    commit(tx).await;

    let user = store.local_user().await.expect("local_user");
    let after = everything(store, user).await;
    let (domains, _, ladders, _, evidence, checkins, models, feedback) = after.clone();
    assert_eq!(domains, [archived, second.domain], "domains after commit");
    let success = stats(&ladder.rung, 1, 1, 0);
    let expected = [(vec![ladder.rung], vec![success]), (vec![second.rung], vec![])];
    assert_eq!(ladders, expected, "(rungs, stats) after commit");
    let counts = [evidence.len(), checkins.len(), models.len(), feedback.len()];
    assert_eq!(counts, [2, 1, 1, 1], "numbers of evidence, check-ins, role models, feedback after commit");
    assert_eq!(everything(store, user).await, after, "everything after reading it once");
}

/// `local_user` names the same user every time; another user sees none of its records, cannot
/// update them, and may reuse its slugs; and neither sees the other's writes afterwards.
pub async fn users_see_only_their_own_records<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    assert_eq!(store.local_user().await.expect("local_user"), me, "local_user() on a second call");
    let other = store.add_user("second user").await.expect("add_user");
    assert_ne!(me, other, "a new user got the local user's id");
    assert!(
        matches!(store.add_user("second user").await, Err(StoreError::Conflict { entity: "user", .. })),
        "a second user with the same name is a conflict"
    );

    let ladder = Ladder::new(1, "Painting");
    let success = recorded(ladder.attempt(2, 0), Outcome::Success, 1);
    let planned = ladder.attempt(3, 0);
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    ladder.insert_into(&mut tx).await;
    insert_all(&mut tx, [&success, &planned]).await;
    write_one_of_everything(&mut tx, &ladder, &planned).await;
    commit(tx).await;
    let mine = everything(store, me).await;
    assert_eq!(everything(store, other).await, Everything::default(), "everything of another user");

    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_reads!(tx.domain(ladder.domain.id), None, "of another user");
    assert_reads!(tx.domain_by_slug(&ladder.domain.slug), None, "of another user");
    assert_reads!(tx.goal(ladder.goal.id), None, "of another user");
    assert_reads!(tx.goal_by_slug(&ladder.goal.slug), None, "of another user");
    assert_reads!(tx.challenge(ladder.rung.id), None, "of another user");
    assert_reads!(tx.challenges_by_slug(&ladder.rung.slug), [], "of another user");
    assert_reads!(tx.challenges(ladder.goal.id), [], "of another user");
    assert_reads!(tx.rung_stats(ladder.goal.id), [], "of another user");
    assert_reads!(tx.attempt(success.id), None, "of another user");
    assert_refused!(tx.update_domain(&ladder.domain), not_found("domain", ladder.domain.id));
    assert_refused!(tx.update_goal(&ladder.goal), not_found("goal", ladder.goal.id));
    assert_refused!(tx.update_attempt(&success), not_found("attempt", success.id));
    let theirs = Ladder::new(50, "Painting");
    theirs.insert_into(&mut tx).await;
    checkin(51, 0, mood(1)).insert_into(&mut tx).await;
    commit(tx).await;

    assert_eq!(everything(store, me).await, mine, "everything of the local user after another user wrote");
    let mut tx = store.begin(other, Access::Read).await.expect("begin");
    assert_reads!(tx.domains(), [theirs.domain], "of the other user");
    assert_reads!(tx.challenges_by_slug(&theirs.rung.slug), [theirs.rung], "of the other user");
    assert_reads!(tx.checkins(), [checkin(51, 0, mood(1))], "of the other user");
}

// ---------------------------------------------------------------------------------------------
// Updates.

/// Recording the outcome of a planned attempt stores the whole record, and the attempt then
/// counts in rung stats and, as a success, in the evidence file.
pub async fn update_attempt_adds_a_record<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Negotiation");
    let mut attempt = ladder.attempt(2, 0);
    write(store, async |tx| {
        ladder.insert_into(tx).await;
        attempt.insert_into(tx).await;
    })
    .await;

    let outcome = Record {
        outcome: Outcome::Success,
        effort: Some(rating(3)),
        did: Some("Anchored high".to_owned()),
        because: Some(TRICKY.to_owned()),
        attribution: Attribution::new(Some(Cause::Strategy), Some(Locus::Internal), None, None),
        lesson: Some("Silence works".to_owned()),
        recorded_at: at_micros(30, 300_003),
    };
    attempt.record(outcome).expect("a planned attempt accepts a record");
    let mut tx = committed_then_write(store, async |tx| attempt.update_in(tx).await).await;
    assert_reads!(tx.attempt(attempt.id), Some(attempt.clone()));
    assert_reads!(tx.attempts(&AttemptQuery::default()), one_page(vec![attempt.clone()]));
    assert_reads!(tx.rung_stats(ladder.goal.id), [stats(&ladder.rung, 1, 1, 0)]);
    assert_reads!(tx.evidence(None, 10), [attempt_evidence(&attempt, &ladder.rung)]);

    // A correction may change the forecast, but never the rung the attempt was on.
    let mut corrected = attempt.clone();
    corrected.forecast.confidence = Confidence::new(100).expect("a valid confidence");
    corrected.forecast.engine = Some(0.25);
    corrected.challenge_id = ChallengeId::from_uuid(uuid(99));
    corrected.update_in(&mut tx).await;
    let expected = Attempt { challenge_id: attempt.challenge_id, ..corrected };
    assert_reads!(tx.attempt(attempt.id), Some(expected));
}

/// Updating a domain replaces every field: the new slug finds it, the old one does not, an
/// archived domain stays listed, and optional fields can be cleared again.
pub async fn update_domain_persists_changes<S: Store>(store: &S) {
    let original = domain(1, "Public speaking");
    write(store, async |tx| original.insert_into(tx).await).await;

    let changed = Domain {
        name: name("Speaking in public"),
        slug: slug("Speaking in public"),
        area: LifeArea::Relationships,
        description: Some("Talks, toasts, meetings".to_owned()),
        archived_at: Some(at_micros(60, 60)),
        ..original.clone()
    };
    let mut tx = committed(store, async |tx| changed.update_in(tx).await).await;
    assert_reads!(tx.domain(original.id), Some(changed.clone()));
    assert_reads!(tx.domain_by_slug(&changed.slug), Some(changed.clone()), "(the new slug)");
    assert_reads!(tx.domain_by_slug(&original.slug), None, "(the old slug)");
    assert_reads!(tx.domains(), slice::from_ref(&changed), "(archived domains are listed)");
    drop(tx);

    let restored = Domain { archived_at: None, description: None, ..changed };
    let mut tx = committed(store, async |tx| restored.update_in(tx).await).await;
    assert_reads!(tx.domain(original.id), Some(restored), "after clearing fields");
}

/// Updating a goal replaces every field, completion included, and optional fields can be
/// cleared again.
pub async fn update_goal_persists_completion<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Running");
    write(store, async |tx| ladder.insert_into(tx).await).await;

    let done = Goal {
        statement: name("Run 10 km under an hour"),
        slug: slug("Run 10 km under an hour"),
        target: target(10.0, Some("km")),
        deadline: Some(day(at(60 * 24 * 30))),
        why: Some("To keep up with my sister".to_owned()),
        done_at: Some(at_micros(90, 90)),
        ..ladder.goal.clone()
    };
    let mut tx = committed(store, async |tx| done.update_in(tx).await).await;
    assert_reads!(tx.goal(done.id), Some(done.clone()));
    assert_reads!(tx.goal_by_slug(&done.slug), Some(done.clone()), "(the new slug)");
    assert_reads!(tx.goal_by_slug(&ladder.goal.slug), None, "(the old slug)");
    assert_reads!(tx.goals(Some(ladder.domain.id)), slice::from_ref(&done));
    drop(tx);

    let reopened = Goal { done_at: None, target: None, deadline: None, why: None, ..done };
    let mut tx = committed(store, async |tx| reopened.update_in(tx).await).await;
    assert_reads!(tx.goal(reopened.id), Some(reopened), "after clearing fields");
}

/// Updating a domain, goal or rung that does not exist is `NotFound`, and so is adding a goal to
/// a domain (or a rung to a goal) that does not exist, even when another record has the slug it
/// carries: the missing record is the reason (the differential test found the memory store
/// answering `Conflict` here).
pub async fn a_missing_record_or_parent_is_not_found_even_with_a_taken_slug<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Running");
    let ghost = ladder.twin(2);
    let mut tx = committed_then_write(store, async |tx| ladder.insert_into(tx).await).await;
    let orphan_goal = Goal { id: GoalId::from_uuid(uuid(3)), domain_id: ghost.domain.id, ..ladder.goal.clone() };
    assert_refused!(tx.insert_goal(&orphan_goal), not_found("domain", ghost.domain.id));
    let orphan_rung = Challenge { id: ChallengeId::from_uuid(uuid(3)), goal_id: ghost.goal.id, ..ladder.rung.clone() };
    assert_refused!(tx.insert_challenge(&orphan_rung), not_found("goal", ghost.goal.id));
    assert_refused!(tx.update_domain(&ghost.domain), not_found("domain", ghost.domain.id));
    assert_refused!(tx.update_goal(&ghost.goal), not_found("goal", ghost.goal.id));
    let rung = crate::RevisionTx::update_challenge(&mut tx, &ghost.rung);
    assert_refused!(rung, not_found("challenge", ghost.rung.id));
}

/// An id is taken once: a second record of the same kind with an id already stored is a
/// conflict even when nothing else about it clashes (the key is the slug for domains, goals and
/// rungs, the name for role models, else the id). The differential test found the memory store
/// storing such twins.
pub async fn a_taken_id_is_a_conflict<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Running");
    let attempt = ladder.attempt(2, 0);
    let evidence = backfill(3, &ladder.domain, "Toast", 1);
    let checkin = checkin(4, 1, mood(3));
    let model = role_model(5, &ladder.domain, 1);
    let given = feedback(6, &ladder.domain, 1);
    let taken = audit(7, &ladder.domain, "public-speaking", 1, &[50, 60, 70]);
    let session = practice::session(8, &ladder.domain, 1, None);
    let run = program::program(9, &ladder.domain, 0);
    let mut tx = committed_then_write(store, async |tx| {
        ladder.insert_into(tx).await;
        insert_all(tx, [&attempt]).await;
        evidence.insert_into(tx).await;
        checkin.insert_into(tx).await;
        model.insert_into(tx).await;
        given.insert_into(tx).await;
        taken.insert_into(tx).await;
        crate::PracticeTx::insert_practice_session(tx, &session).await.expect("insert_practice_session");
        crate::ProgramTx::insert_program(tx, &run).await.expect("insert_program");
    })
    .await;
    let other = Ladder::new(1, "Chess");
    let other_goal = Goal { domain_id: ladder.domain.id, ..other.goal.clone() };
    assert_refused!(tx.insert_domain(&other.domain), conflict("domain", &other.domain.slug));
    assert_refused!(tx.insert_goal(&other_goal), conflict("goal", &other_goal.slug));
    let other_rung = Challenge { goal_id: ladder.goal.id, ..other.rung.clone() };
    assert_refused!(tx.insert_challenge(&other_rung), conflict("challenge", &other_rung.slug));
    let again = Attempt { forecast: Forecast { planned_at: at(9), ..attempt.forecast.clone() }, ..attempt.clone() };
    assert_refused!(tx.insert_attempt(&again), conflict("attempt", attempt.id));
    let again = BackfilledEvidence { title: "Pitch".to_owned(), ..evidence.clone() };
    assert_refused!(tx.insert_evidence(&again), conflict("evidence", evidence.id));
    let again = Checkin { at: at(2), ..checkin.clone() };
    assert_refused!(tx.insert_checkin(&again), conflict("check-in", checkin.id));
    assert_refused!(tx.insert_role_model(&model), conflict("role model", model.name.as_str()));
    assert_refused!(tx.insert_feedback(&given), conflict("feedback", given.id));
    assert_refused!(tx.insert_audit(&taken), conflict("audit", taken.id));
    let again = crate::PracticeTx::insert_practice_session(&mut tx, &session).await;
    assert_refused!(async { again }, conflict("practice session", session.id));
    let again = crate::ProgramTx::insert_program(&mut tx, &run).await;
    assert_refused!(async { again }, conflict("program", run.id));
    drop(tx);
    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.domains(), slice::from_ref(&ladder.domain), "(nothing was added)");
    assert_reads!(tx.checkins(), slice::from_ref(&checkin));
}

/// `latest: Some(n)` gives the newest n matching attempts, oldest first, in one page.
pub async fn latest_attempts_are_the_newest_in_order<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Climbing");
    let attempts: Vec<Attempt> = (10..16).map(|n| ladder.attempt(n, i64::from(n))).collect();
    let mut tx = committed(store, async |tx| {
        ladder.insert_into(tx).await;
        insert_all(tx, &attempts).await;
    })
    .await;
    let newest = list_attempts(&mut tx, &query(|q| q.latest = Some(4))).await;
    assert_eq!(newest.items, attempts[2..].to_vec(), "the newest four, oldest first");
    assert_eq!(newest.next, None, "latest is one page");
    let all = list_attempts(&mut tx, &query(|q| q.latest = Some(100))).await;
    assert_eq!(all.items.len(), attempts.len(), "latest larger than the count gives everything");
}

/// A store that groups by the engine's forecast bin in its query language (and indexes it) puts
/// every forecast in the bin the domain's `calibration::bin_of` gives, halves and the ends
/// included: the rule is defined once, in the domain, and each store's expression is checked
/// against it here.
pub async fn engine_bins_are_calibrations_bins<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Juggling");
    let forecasts: Vec<f64> = (0..=200)
        .map(|i| f64::from(i) / 200.0)
        .chain([0.049_999_999, 0.050_000_001, 0.15, 0.35, 0.45, 0.55, 0.65, 0.85, 0.95, 1e-12, 1.0 - 1e-12])
        .collect();
    let attempts: Vec<Attempt> = forecasts
        .iter()
        .zip(0..)
        .map(|(&forecast, n)| {
            let mut attempt = recorded(ladder.attempt(n, i64::from(n)), Outcome::Success, i64::from(n) + 1);
            attempt.forecast.engine = Some(forecast);
            attempt
        })
        .collect();
    let mut tx = committed(store, async |tx| {
        ladder.insert_into(tx).await;
        insert_all(tx, &attempts).await;
    })
    .await;
    let mut expected = [0u64; calibration::BINS];
    for &forecast in &forecasts {
        expected[calibration::bin_of(forecast)] += 1;
    }
    let mut stored = [0u64; calibration::BINS];
    for group in tx.forecast_groups(Some(ladder.domain.id), false).await.expect("forecast_groups") {
        stored[usize::from(group.engine_bin.expect("every attempt has an engine forecast"))] += group.n;
    }
    assert_eq!(stored, expected, "attempts per engine bin: the store's against calibration::bin_of");
}

/// Calibration groups: per domain, month (when asked), confidence, outcome and engine bin, with
/// the count and Σ, Σ² of the engine's forecasts; planned attempts are left out.
pub async fn forecasts_are_grouped_for_calibration<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Juggling");
    let other = Ladder::new(2, "Origami");
    let with = |attempt: Attempt, person: u8, engine: Option<f64>, outcome: Outcome, minute: i64| {
        let mut a = recorded(attempt, outcome, minute);
        a.forecast.confidence = confidence(person);
        a.forecast.engine = engine;
        a
    };
    let later = 60 * 24 * 40;
    let attempts = vec![
        with(ladder.attempt(10, 0), 60, Some(0.62), Outcome::Success, 1),
        with(ladder.attempt(11, 1), 60, Some(0.58), Outcome::Success, 2),
        with(ladder.attempt(12, 2), 60, None, Outcome::Partial, 3),
        with(ladder.attempt(13, later), 30, Some(0.34), Outcome::Failure, later + 1),
        with(other.attempt(14, 3), 90, None, Outcome::Success, 4),
        ladder.attempt(15, 5),
    ];
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&ladder, &other]).await;
        insert_all(tx, &attempts).await;
    })
    .await;

    let key = |g: &ForecastGroup| (g.confidence.value(), g.outcome.as_str(), g.engine_bin, g.n);
    let mut groups = tx.forecast_groups(Some(ladder.domain.id), false).await.expect("forecast_groups");
    groups.sort_by_key(key);
    let summary: Vec<_> = groups.iter().map(key).collect();
    assert_eq!(
        summary,
        [(30, "failure", Some(3), 1), (60, "partial", None, 1), (60, "success", Some(6), 2)],
        "groups of one domain by confidence, outcome and engine bin"
    );
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(groups.iter().all(|g| g.domain_id == ladder.domain.id && g.month.is_none()));
    assert!(close(groups[0].engine_sum, 0.34) && close(groups[0].engine_sum2, 0.34 * 0.34), "{:?}", groups[0]);
    assert!(close(groups[1].engine_sum, 0.0) && close(groups[1].engine_sum2, 0.0), "{:?}", groups[1]);
    assert!(
        close(groups[2].engine_sum, 1.2) && close(groups[2].engine_sum2, 0.62 * 0.62 + 0.58 * 0.58),
        "{:?}",
        groups[2]
    );

    let by_month = tx.forecast_groups(Some(ladder.domain.id), true).await.expect("forecast_groups by month");
    let mut months: Vec<String> = by_month.iter().filter_map(|g| g.month.clone()).collect();
    months.sort();
    months.dedup();
    assert_eq!(months, ["2026-01", "2026-02"], "months of the forecasts' dates");
    let everywhere = tx.forecast_groups(None, false).await.expect("forecast_groups of all domains");
    assert_eq!(everywhere.iter().map(|g| g.n).sum::<u64>(), 4 + 1, "four recorded attempts here, one elsewhere");

    // Pages that already hold the recorded facts group them in memory: the same groups.
    groups_match_facts(&mut tx, ladder.domain.id, "as written").await;
    drop(tx);

    // A store may keep the groups as it goes: they follow corrections, recordings and deletions.
    let [first, second, _, _, _, planned]: [Attempt; 6] = attempts.try_into().expect("six attempts");
    let mut corrected = first;
    corrected.forecast.confidence = confidence(30);
    corrected.forecast.engine = Some(0.9);
    corrected.record.as_mut().expect("recorded").outcome = Outcome::Failure;
    let recorded_now = recorded(planned, Outcome::Success, 7);
    let mut tx = committed(store, async |tx| {
        corrected.update_in(tx).await;
        recorded_now.update_in(tx).await;
        tx.delete_record(RecordRef::Attempt(second.id)).await.expect("delete_record");
    })
    .await;
    groups_match_facts(&mut tx, ladder.domain.id, "after a correction, a recording and a deletion").await;
    let all = tx.forecast_groups(Some(ladder.domain.id), false).await.expect("forecast_groups");
    assert_eq!(all.iter().map(|g| g.n).sum::<u64>(), 4, "one attempt deleted, one recorded");
    assert!(all.iter().all(|g| g.n > 0), "no empty group is left behind: {all:?}");
}

/// `forecast_groups` of one domain, by month or not, and of every domain, agree with the groups
/// of the recorded facts.
async fn groups_match_facts<T: Transaction>(tx: &mut T, domain: DomainId, when: &str) {
    let key =
        |g: &ForecastGroup| (g.domain_id, g.month.clone(), g.confidence.value(), g.outcome.as_str(), g.engine_bin, g.n);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    for (domain, by_month) in [(Some(domain), false), (Some(domain), true), (None, false)] {
        let mut stored = tx.forecast_groups(domain, by_month).await.expect("forecast_groups");
        let facts = facts_of(tx, domain).await;
        let mut in_memory = ForecastGroup::of(&facts, by_month);
        for groups in [&mut stored, &mut in_memory] {
            groups.sort_by_key(key);
        }
        assert_eq!(stored.len(), in_memory.len(), "{domain:?} by month {by_month}, {when}");
        for (a, b) in stored.iter().zip(&in_memory) {
            assert_eq!(key(a), key(b), "{when}");
            assert!(close(a.engine_sum, b.engine_sum) && close(a.engine_sum2, b.engine_sum2), "{a:?} vs {b:?}, {when}");
        }
    }
}

/// Every recorded fact `recorded_facts` hands over, in its order.
async fn facts_of<T: Transaction>(tx: &mut T, domain: Option<DomainId>) -> Vec<RecordedFacts> {
    let mut facts = Vec::new();
    tx.recorded_facts(domain, &mut |f| facts.push(f)).await.expect("recorded_facts");
    facts
}

/// `recorded_facts` gives what the analyses read of every recorded attempt, of one domain or
/// all, ordered by domain, forecast time and id; planned attempts are left out.
pub async fn recorded_facts_are_the_numbers_of_recorded_attempts<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Rowing");
    let other = Ladder::new(2, "Fencing");
    let mut tense = recorded(ladder.attempt(10, 30), Outcome::Failure, 31);
    tense.forecast.engine = Some(0.35);
    tense.forecast.state = State {
        sleep_hours: Some(SleepHours::new(6.5).expect("hours")),
        energy: Some(Rating::new(Field::Energy, 2).expect("a rating")),
        stress: Some(Rating::new(Field::Stress, 5).expect("a rating")),
    };
    if let Some(record) = tense.record.as_mut() {
        record.attribution.locus = Some(Locus::External);
        record.attribution.stability = Some(Stability::Stable);
        record.attribution.control = Some(Control::Controllable);
    }
    let attempts = vec![
        tense,
        recorded(ladder.attempt(11, 10), Outcome::Success, 11),
        ladder.attempt(12, 20),
        recorded(other.attempt(13, 0), Outcome::Partial, 1),
    ];
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&ladder, &other]).await;
        insert_all(tx, &attempts).await;
    })
    .await;
    let facts = |order: &[usize]| order.iter().filter_map(|&i| attempts[i].facts()).collect::<Vec<_>>();
    let in_domain = facts_of(&mut tx, Some(ladder.domain.id)).await;
    assert_eq!(in_domain, facts(&[1, 0]), "the domain's recorded attempts, oldest forecast first");
    assert_eq!(in_domain[1].state.stress.map(Rating::value), Some(5), "the state comes along");
    assert_eq!(in_domain[1].control, Some(Control::Controllable), "and the control");
    assert_eq!((in_domain[1].locus, in_domain[1].stability), (Some(Locus::External), Some(Stability::Stable)));
    assert_eq!(in_domain[1].engine, Some(0.35), "and the engine's forecast");
    let everywhere = facts_of(&mut tx, None).await;
    let mut expected = facts(&[1, 0, 3]);
    expected.sort_by_key(|f| f.domain_id);
    assert_eq!(everywhere, expected, "every domain's recorded attempts, domain by domain");
}

/// `forecasts_recorded_between` groups the attempts whose outcome was recorded in the span, in
/// every domain and whenever they were forecast: the start is in, the end is out, planned
/// attempts are left out.
pub async fn forecasts_recorded_between_count_the_span<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Rowing");
    let other = Ladder::new(2, "Fencing");
    let attempts = vec![
        recorded(ladder.attempt(10, 0), Outcome::Success, 5),
        recorded(ladder.attempt(11, 1), Outcome::Failure, 20),
        recorded(other.attempt(12, -600), Outcome::Partial, 10),
        recorded(ladder.attempt(13, 2), Outcome::Success, 4),
        ladder.attempt(14, 6),
    ];
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&ladder, &other]).await;
        insert_all(tx, &attempts).await;
    })
    .await;
    let mut groups = tx.forecasts_recorded_between(at(5), at(20)).await.expect("forecasts_recorded_between");
    groups.sort_by_key(|g| (g.domain_id, g.outcome));
    let counted: Vec<(DomainId, Outcome, u64)> = groups.iter().map(|g| (g.domain_id, g.outcome, g.n)).collect();
    let mut expected = vec![(ladder.domain.id, Outcome::Success, 1), (other.domain.id, Outcome::Partial, 1)];
    expected.sort();
    assert_eq!(counted, expected, "recorded at minutes 5 and 10, not 4 or 20");
    assert!(groups.iter().all(|g| g.month.is_none()), "without months");
    let none = tx.forecasts_recorded_between(at(21), at(600)).await.expect("an empty span");
    assert_eq!(none, vec![]);
}

/// `recent_results` gives a goal's latest recorded outcomes with each rung's difficulty, oldest
/// first, skipping planned attempts and other goals.
pub async fn recent_results_are_the_latest_recorded_outcomes<S: Store>(store: &S) {
    let ladder = Ladder::new(1, "Diving");
    let other = Ladder::new(2, "Sailing");
    let harder = challenge(3, &ladder.goal, "Dive ten metres", 6.5, 1);
    let on_harder = |n: u32, minute: i64| attempt_on(&harder, ladder.domain.id, n, at(minute));
    let written = [
        recorded(ladder.attempt(10, 0), Outcome::Success, 1),
        recorded(on_harder(11, 2), Outcome::Failure, 3),
        ladder.attempt(12, 4),
        recorded(ladder.attempt(13, 5), Outcome::Partial, 6),
        recorded(other.attempt(14, 7), Outcome::Success, 8),
    ];
    let mut tx = committed(store, async |tx| {
        insert_all(tx, &[&ladder, &other]).await;
        insert_all(tx, [&harder]).await;
        insert_all(tx, &written).await;
    })
    .await;
    let recent = tx.recent_results(ladder.goal.id, 2).await.expect("recent_results");
    let seen: Vec<(f64, Outcome)> = recent.iter().map(|r| (r.difficulty.value(), r.outcome)).collect();
    assert_eq!(seen, [(6.5, Outcome::Failure), (1.0, Outcome::Partial)]);
    assert_eq!(tx.recent_results(ladder.goal.id, 10).await.expect("recent_results").len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Scales and audits.

/// An imported scale with id `id`, every optional part present, tricky text in its instructions.
fn full_scale(id: &str) -> Scale {
    let source = format!(
        "id = \"{id}\"\ntitle = \"Scale {id}\"\narea = \"other\"\ndomain = \"{id}\"\nthreshold = 70\n\
         instructions = \'\'\'\n{TRICKY}\'\'\'\n\
         [practice]\ntext = \"Lift\"\nlevels = [\"1 kg\", \"5 kg\"]\n\
         [[items]]\nrank = 1\ntext = \"Easy\"\n[[items]]\nrank = 5\ntext = \"Harder\"\n\
         [[items]]\nrank = 9\ntext = \"Hardest\"\n[norms]\nsd = 12.25\nreliability = 0.8\nsource = \"A group\"\n"
    );
    Scale::from_toml(&source).expect("the suite's scale is valid")
}

/// An audit numbered `n` of `domain` on `scale_id`, taken at minute `minute`.
fn audit(n: u32, domain: &Domain, scale_id: &str, minute: i64, answers: &[u8]) -> Audit {
    Audit {
        id: AuditId::from_uuid(uuid(n)),
        domain_id: domain.id,
        scale_id: scale_id.to_owned(),
        taken_at: at(minute),
        taken_on: day(at(minute)),
        threshold: confidence(50),
        answers: answers.iter().map(|&a| confidence(a)).collect(),
        every: Every::MONTHLY,
    }
}

/// Every part of an imported scale survives a round trip, its source text included; scales are
/// listed by id.
pub async fn round_trip_scales<S: Store>(store: &S) {
    let full = full_scale("knitting");
    assert_eq!(full.instructions, TRICKY, "the suite's scale keeps its tricky instructions");
    let original = &scale::builtin()[0];
    let renamed = original.source.replacen(&format!("id = \"{}\"", original.id), "id = \"aaa-copy\"", 1);
    let builtin = Scale::from_toml(&renamed).expect("a renamed built-in scale is valid");
    let mut tx = committed(store, async |tx| insert_all(tx, [&full, &builtin]).await).await;
    assert_reads!(tx.scales(), [builtin, full]);
}

/// Two scales of one user cannot share an id; the refusal leaves the transaction usable.
pub async fn scale_ids_are_unique<S: Store>(store: &S) {
    let first = full_scale("knitting");
    let mut tx = begin(store, Access::Write).await;
    first.insert_into(&mut tx).await;
    assert_refused!(tx.insert_scale(&first), conflict("scale", "knitting"));
    full_scale("crochet").insert_into(&mut tx).await;
    commit(tx).await;
    let mut tx = begin(store, Access::Read).await;
    assert_reads!(tx.scales(), [full_scale("crochet"), first]);
}

/// Every field of an audit survives a round trip; audits are listed oldest first (time, then
/// id), of one domain or all; an audit of a missing domain is refused.
pub async fn round_trip_audits<S: Store>(store: &S) {
    let a = domain(1, "Speaking");
    let b = domain(2, "Running");
    let full = Audit {
        taken_at: at_micros(30, 123_457),
        threshold: confidence(70),
        every: "2 weeks".parse().expect("a valid interval"),
        ..audit(10, &a, "public-speaking", 30, &[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    };
    let written = [
        full,
        audit(11, &b, "regular-exercise", 20, &[50, 50, 50]),
        audit(13, &a, "public-speaking", 40, &[100, 100, 100]),
        audit(12, &a, "career", 40, &[0, 0, 0]),
    ];
    let mut tx = committed(store, async |tx| {
        insert_all(tx, [&a, &b]).await;
        insert_all(tx, &written).await;
    })
    .await;
    let [full, running, late, tied] = written;
    assert_reads!(tx.audits(None), [running.clone(), full.clone(), tied.clone(), late.clone()]);
    assert_reads!(tx.audits(Some(a.id)), [full, tied, late]);
    assert_reads!(tx.audits(Some(b.id)), [running]);
    drop(tx);

    let mut tx = begin(store, Access::Write).await;
    let stray = audit(20, &domain(21, "Nowhere"), "career", 1, &[10, 20, 30]);
    assert_refused!(tx.insert_audit(&stray), not_found("domain", stray.domain_id));
    assert_reads!(tx.audits(Some(stray.domain_id)), [], "after a refused insert");
}

/// Another user sees none of a user's scales or audits and may reuse a scale id; a dropped
/// transaction leaves no scale or audit behind.
pub async fn scales_and_audits_belong_to_their_user<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    let other = store.add_user("second user").await.expect("add_user");
    let mine = domain(1, "Speaking");
    let taken = audit(2, &mine, "knitting", 5, &[10, 20, 30]);
    write(store, async |tx| {
        mine.insert_into(tx).await;
        full_scale("knitting").insert_into(tx).await;
        taken.insert_into(tx).await;
    })
    .await;

    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_reads!(tx.scales(), [], "of another user");
    assert_reads!(tx.audits(None), [], "of another user");
    assert_reads!(tx.audits(Some(mine.id)), [], "of another user");
    assert_refused!(tx.insert_audit(&audit(3, &mine, "knitting", 6, &[10, 20, 30])), not_found("domain", mine.id));
    full_scale("knitting").insert_into(&mut tx).await;
    commit(tx).await;

    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    full_scale("crochet").insert_into(&mut tx).await;
    audit(4, &mine, "knitting", 7, &[40, 50, 60]).insert_into(&mut tx).await;
    drop(tx);
    let mut tx = store.begin(me, Access::Read).await.expect("begin");
    assert_reads!(tx.scales(), [full_scale("knitting")], "after a dropped transaction");
    assert_reads!(tx.audits(None), [taken], "after a dropped transaction");
}
// ---------------------------------------------------------------------------------------------
// Behaviours of the port's supertraits, each in a file of its own. Declared last so that the
// helper macros above are in scope there.

mod accounts;
mod celebration;
mod fold;
mod practice;
mod program;
mod reattribution;
mod revision;
mod sharing;
mod sync;
pub use accounts::*;
pub use celebration::*;
pub use fold::*;
pub use practice::*;
pub use program::*;
pub use reattribution::*;
pub use revision::*;
pub use sharing::*;
pub use sync::*;
