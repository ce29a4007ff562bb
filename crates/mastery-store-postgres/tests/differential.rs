//! The differential test of the storage port: random sequences of operations run on the
//! in-memory reference store, SQLite and (with `MASTERY_TEST_POSTGRES_URL`) PostgreSQL, and every
//! answer must agree.
//!
//! A case is a list of [`Op`]s drawn by proptest. Each op names the records it touches by index
//! into what the case created so far (or names a record that does not exist, now and then), and
//! becomes one [`Step`]: a transaction of the kind the app opens (`Write` for writes, committed
//! when every call succeeded and dropped otherwise, as a use case does; `Read` for reads; some
//! writes are dropped on purpose, and some batches commit past a refusal, as an import does). The
//! same step runs on every backend, and the answers of every call (values, or the kind, entity and
//! key of a refusal) are compared. A case ends with a snapshot of every list.
//!
//! The backends are opened once per run, and each case works as a new user of its own (so a case
//! starts empty, and earlier cases' records must stay invisible to it). Ids and instants come from
//! the test, so they agree across backends; the one normalisation is noted where it is made
//! (`forecast_groups`, whose order is unspecified and whose sums a database adds in its own order).
//!
//! Without `MASTERY_TEST_POSTGRES_URL` only the memory store and SQLite are compared (after the
//! usual notice; under `CI` the test fails instead). `PROPTEST_CASES` changes the number of cases.

use mastery_domain::Field;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use mastery_domain::attempt::{
    Attempt, Attribution, Cause, Control, Forecast, Locus, Outcome, Record, Stability, State,
};
use mastery_domain::audit::{Audit, Every};
use mastery_domain::celebration::{Celebration, CelebrationKind};
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::{Checkin, Measures};
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::evidence::BackfilledEvidence;
use mastery_domain::feedback::Feedback;
use mastery_domain::goal::{Goal, Target};
use mastery_domain::ids::{
    AttemptId, AuditId, CelebrationId, ChallengeId, CheckinId, DomainId, EvidenceId, FeedbackId, GoalId, ProgramId,
    RoleModelId, SessionId, UserId,
};
use mastery_domain::measure::{Confidence, Difficulty, Rating, SleepHours};
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::program::{BUILTIN, Program, ProgramTemplate};
use mastery_domain::reattribution::{IfThen, Reattribution};
use mastery_domain::record::{RecordRef, Tombstone};
use mastery_domain::review::{Period, Review};
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::Scale;
use mastery_domain::text::{Name, slugify};
use mastery_store::{
    Access, AttemptQuery, Cursor, JournalEntry, MemoryStore, Store, StoreError, SyncPosition, Transaction, Version,
};
use mastery_store_postgres::PgStore;
use mastery_store_postgres::testing::{PgTestDb, test_database};
use mastery_store_sqlite::SqliteStore;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use uuid::Uuid;

/// Cases per run unless `PROPTEST_CASES` says otherwise, and the longest op sequence.
const CASES: u32 = 128;
const MAX_OPS: usize = 40;

// ---------------------------------------------------------------------------------------------
// Values.

/// A UUIDv7-shaped id, unique to case `case` and number `n`, sorting by `n` within a case.
fn uuid(case: u64, n: u32) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0000 | (u128::from(case) << 32) | u128::from(n))
}

/// `minutes` after 2026-01-05 09:00 UTC, plus `micros` (to order fractional instants).
fn at(minutes: i64, micros: i64) -> Timestamp {
    let epoch = Timestamp::from_second(1_767_603_600).expect("the epoch is valid");
    epoch
        .checked_add(SignedDuration::from_mins(minutes) + SignedDuration::from_micros(micros))
        .expect("instants are in range")
}

fn day(instant: Timestamp) -> Date {
    instant.to_zoned(TimeZone::UTC).date()
}

fn name(text: &str) -> Name {
    Name::parse(Field::Name, text).expect("names are valid")
}

fn slug(text: &str) -> String {
    slugify(text).expect("names have a slug")
}

fn rating(value: u8) -> Rating {
    Rating::new(Field::Rating, value).expect("ratings are 1-5")
}

fn confidence(tenths: u8) -> Confidence {
    Confidence::new(tenths * 10).expect("confidences are steps of 10")
}

/// Names that collide by slug ("Chess"/"chess"), differ only in case or accents, and sort
/// differently by bytes and ignoring case, so the domain list's order and the slug conflicts are
/// exercised.
const DOMAIN_NAMES: &[&str] = &["Chess", "chess", "Évora", "éclair", "Zebra", "apple", "Apple pie", "Ölmalerei"];
const GOAL_NAMES: &[&str] = &["Run 5k", "run 5K", "Speak up", "Write daily", "Éloquence"];
const RUNG_NAMES: &[&str] = &["First rung", "first rung", "Second", "Third", "Dernière"];
/// Text that trips naive escaping.
const TRICKY: &str = "Line one\nline two: «guillemets» \"double\" 'single'; -- not a comment; 100% ✓";
const SCALE_IDS: &[&str] = &["knitting", "swimming", "baking"];
const DAYS: &[&str] = &["mon,wed", "daily", "weekdays", "sat"];

fn scale(id: &str) -> Scale {
    let source = format!(
        "id = \"{id}\"\ntitle = \"Scale {id}\"\narea = \"other\"\ndomain = \"{id}\"\nthreshold = 70\ninstructions = \"Rate each item\"\n\
         [[items]]\nrank = 1\ntext = \"Easy\"\n[[items]]\nrank = 5\ntext = \"Harder\"\n\
         [[items]]\nrank = 9\ntext = \"Hardest\"\n"
    );
    Scale::from_toml(&source).expect("the test's scale is valid")
}

// ---------------------------------------------------------------------------------------------
// Operations, as proptest draws them.

/// A reference to an earlier record: one chosen by index among those of its kind, or (`None`) one
/// that does not exist.
type Pick = Option<Index>;

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![1 => Just(None), 9 => any::<Index>().prop_map(Some)]
}

/// The kinds of [`RecordRef`], for deletions, tombstones and versions.
const KINDS: u8 = 16;

/// One thing a person's session does with the store.
#[derive(Debug, Clone)]
enum Op {
    AddDomain {
        name: usize,
        area: Index,
        minute: i64,
        described: bool,
    },
    EditDomain {
        domain: Pick,
        name: usize,
        archive: Option<i64>,
    },
    AddGoal {
        domain: Pick,
        name: usize,
        minute: i64,
        target: bool,
    },
    FinishGoal {
        goal: Pick,
        minute: Option<i64>,
    },
    AddRung {
        goal: Pick,
        name: usize,
        difficulty: u8,
        position: u32,
        minute: i64,
    },
    MoveRung {
        rung: Pick,
        name: usize,
        difficulty: u8,
        position: u32,
    },
    Plan {
        rung: Pick,
        minute: i64,
        micros: i64,
        confidence: u8,
        engine: Option<u16>,
        state: Option<(u8, u8)>,
    },
    Record {
        attempt: Pick,
        outcome: Index,
        minute: i64,
        cause: Option<Index>,
        tricky: bool,
    },
    Backfill {
        domain: Pick,
        minute: i64,
        title: u8,
    },
    CheckIn {
        minute: i64,
        mood: u8,
    },
    EditCheckIn {
        checkin: Pick,
        minute: i64,
        mood: u8,
    },
    AddRoleModel {
        domain: Pick,
        minute: i64,
    },
    AddFeedback {
        domain: Pick,
        minute: i64,
    },
    AddScale {
        id: usize,
    },
    TakeAudit {
        domain: Pick,
        scale: usize,
        minute: i64,
        answers: [u8; 3],
    },
    PlanNextTime {
        attempt: Pick,
        cause: u8,
        minute: i64,
    },
    SetPracticePlan {
        domain: Pick,
        days: usize,
        minute: i64,
    },
    Practise {
        domain: Pick,
        minute: i64,
        minutes: u32,
    },
    Rest {
        domain: Option<Pick>,
        day: i64,
    },
    SaveReview {
        week: Option<i8>,
        month: Option<i8>,
        answer: u8,
        minute: i64,
    },
    StartProgram {
        domain: Pick,
        minute: i64,
    },
    Celebrate {
        domain: Pick,
        kind: Index,
        subject: u32,
        minute: i64,
    },
    Reflect {
        celebration: Pick,
        tricky: bool,
    },
    Delete {
        kind: u8,
        which: Pick,
    },
    Tombstone {
        kind: u8,
        which: Pick,
        minute: i64,
    },
    Untombstone {
        kind: u8,
        which: Pick,
    },
    PushChange {
        minute: i64,
        summary: u8,
    },
    RemoveChange {
        which: Option<Index>,
        seq: i64,
    },
    Enroll,
    Unenroll,
    NoteVersion {
        kind: u8,
        which: Pick,
        minute: i64,
        device: u8,
        deleted: bool,
        pending: bool,
    },
    MarkSent {
        seqs: Vec<i64>,
    },
    SetSyncValue {
        key: u8,
        value: Option<u8>,
    },
    /// An earlier insert, repeated as it was: the same id (and slug) again.
    Repeat {
        which: Index,
    },
    /// The ops' writes in one transaction that is dropped: none of them may stay.
    Abandon(Vec<Op>),
    /// The ops' writes in one transaction committed even past a refusal (as an import does).
    Batch(Vec<Op>),
    Read(Read),
    Snapshot,
}

/// A read with parameters (the lists without any are in [`Op::Snapshot`]).
#[derive(Debug, Clone)]
enum Read {
    Domain(Pick),
    DomainBySlug(usize),
    Goals(Option<Pick>),
    Goal(Pick),
    GoalBySlug(usize),
    Rung(Pick),
    RungsBySlug(usize),
    Ladder(Pick),
    RecentResults(Pick, usize),
    Attempt(Pick),
    Attempts {
        domain: Option<Pick>,
        goal: Option<Pick>,
        rung: Option<Pick>,
        since: Option<i64>,
        pending_only: bool,
        latest: Option<usize>,
        limit: Option<usize>,
        after: Option<Pick>,
    },
    RecordedFacts(Option<Pick>),
    ForecastGroups(Option<Pick>, bool),
    Evidence(Option<Pick>, usize),
    /// One of the lists narrowed to a domain (or not): role models, feedback, audits, plans for
    /// next time, practice sessions or celebrations.
    ByDomain(u8, Option<Pick>),
    Reattribution(Pick),
    Review {
        week: i8,
    },
    Celebration(Pick),
    Version {
        kind: u8,
        which: Pick,
    },
    VersionsBetween {
        since: i64,
        upto: i64,
        after: Option<(i64, i64)>,
        except: bool,
        limit: u32,
    },
    PendingVersions(u32),
    SyncValue(u8),
}

fn minute() -> impl Strategy<Value = i64> {
    // Often one of a few instants, so records tie and the lists' tie-breakers matter.
    prop_oneof![2 => Just(0i64), 1 => 0i64..3, 2 => 0i64..400]
}

fn domain_pick() -> impl Strategy<Value = Option<Pick>> {
    proptest::option::of(pick())
}

fn read() -> impl Strategy<Value = Read> {
    prop_oneof![
        1 => pick().prop_map(Read::Domain),
        1 => (0..DOMAIN_NAMES.len()).prop_map(Read::DomainBySlug),
        1 => domain_pick().prop_map(Read::Goals),
        1 => pick().prop_map(Read::Goal),
        1 => (0..GOAL_NAMES.len()).prop_map(Read::GoalBySlug),
        1 => pick().prop_map(Read::Rung),
        1 => (0..RUNG_NAMES.len()).prop_map(Read::RungsBySlug),
        3 => pick().prop_map(Read::Ladder),
        2 => (pick(), 0usize..6).prop_map(|(g, n)| Read::RecentResults(g, n)),
        1 => pick().prop_map(Read::Attempt),
        6 => (
            domain_pick(),
            domain_pick(),
            domain_pick(),
            proptest::option::of(minute()),
            any::<bool>(),
            proptest::option::weighted(0.2, 0usize..5),
            proptest::option::of(1usize..4),
            proptest::option::of(pick()),
        )
            .prop_map(|(domain, goal, rung, since, pending_only, latest, limit, after)| Read::Attempts {
                domain,
                goal,
                rung,
                since,
                pending_only,
                latest,
                limit,
                after
            }),
        2 => domain_pick().prop_map(Read::RecordedFacts),
        3 => (domain_pick(), any::<bool>()).prop_map(|(d, m)| Read::ForecastGroups(d, m)),
        2 => (domain_pick(), 0usize..6).prop_map(|(d, n)| Read::Evidence(d, n)),
        3 => (0u8..6, domain_pick()).prop_map(|(list, d)| Read::ByDomain(list, d)),
        1 => pick().prop_map(Read::Reattribution),
        1 => (1i8..5).prop_map(|week| Read::Review { week }),
        1 => pick().prop_map(Read::Celebration),
        1 => (0..KINDS, pick()).prop_map(|(kind, which)| Read::Version { kind, which }),
        1 => (0i64..8, 0i64..30, proptest::option::of((0i64..100, 0i64..30)), any::<bool>(), 1u32..6).prop_map(
            |(since, upto, after, except, limit)| Read::VersionsBetween { since, upto, after, except, limit }
        ),
        1 => (1u32..6).prop_map(Read::PendingVersions),
        1 => (0u8..2).prop_map(Read::SyncValue),
    ]
}

/// A single write.
fn write() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..DOMAIN_NAMES.len(), any::<Index>(), minute(), any::<bool>())
            .prop_map(|(name, area, minute, described)| Op::AddDomain { name, area, minute, described }),
        2 => (pick(), 0..DOMAIN_NAMES.len(), proptest::option::of(minute()))
            .prop_map(|(domain, name, archive)| Op::EditDomain { domain, name, archive }),
        8 => (pick(), 0..GOAL_NAMES.len(), minute(), any::<bool>())
            .prop_map(|(domain, name, minute, target)| Op::AddGoal { domain, name, minute, target }),
        2 => (pick(), proptest::option::of(minute())).prop_map(|(goal, minute)| Op::FinishGoal { goal, minute }),
        7 => (pick(), 0..RUNG_NAMES.len(), 2u8..=20, 0u32..4, minute())
            .prop_map(|(goal, name, difficulty, position, minute)| Op::AddRung { goal, name, difficulty, position, minute }),
        2 => (pick(), 0..RUNG_NAMES.len(), 2u8..=20, 0u32..4)
            .prop_map(|(rung, name, difficulty, position)| Op::MoveRung { rung, name, difficulty, position }),
        10 => (
            pick(),
            minute(),
            prop_oneof![Just(0i64), 0i64..1_000_000],
            0u8..=10,
            proptest::option::of(0u16..=200),
            proptest::option::of((1u8..=5, 1u8..=5)),
        )
            .prop_map(|(rung, minute, micros, confidence, engine, state)| Op::Plan {
                rung,
                minute,
                micros,
                confidence,
                engine,
                state
            }),
        8 => (pick(), any::<Index>(), minute(), proptest::option::of(any::<Index>()), any::<bool>())
            .prop_map(|(attempt, outcome, minute, cause, tricky)| Op::Record { attempt, outcome, minute, cause, tricky }),
        2 => (pick(), minute(), 0u8..3).prop_map(|(domain, minute, title)| Op::Backfill { domain, minute, title }),
        2 => (minute(), 1u8..=5).prop_map(|(minute, mood)| Op::CheckIn { minute, mood }),
        1 => (pick(), minute(), 1u8..=5).prop_map(|(checkin, minute, mood)| Op::EditCheckIn { checkin, minute, mood }),
        1 => (pick(), minute()).prop_map(|(domain, minute)| Op::AddRoleModel { domain, minute }),
        1 => (pick(), minute()).prop_map(|(domain, minute)| Op::AddFeedback { domain, minute }),
        1 => (0..SCALE_IDS.len()).prop_map(|id| Op::AddScale { id }),
        2 => (pick(), 0..=SCALE_IDS.len(), minute(), [1u8..=10, 1u8..=10, 1u8..=10])
            .prop_map(|(domain, scale, minute, answers)| Op::TakeAudit { domain, scale, minute, answers }),
        2 => (pick(), 0u8..3, minute()).prop_map(|(attempt, cause, minute)| Op::PlanNextTime { attempt, cause, minute }),
        1 => (pick(), 0..DAYS.len(), minute()).prop_map(|(domain, days, minute)| Op::SetPracticePlan { domain, days, minute }),
        2 => (pick(), minute(), 1u32..90).prop_map(|(domain, minute, minutes)| Op::Practise { domain, minute, minutes }),
        1 => (domain_pick(), 0i64..4).prop_map(|(domain, day)| Op::Rest { domain, day }),
        1 => (proptest::option::of(1i8..5), proptest::option::of(1i8..4), 0u8..3, minute())
            .prop_map(|(week, month, answer, minute)| Op::SaveReview { week, month, answer, minute }),
        1 => (pick(), minute()).prop_map(|(domain, minute)| Op::StartProgram { domain, minute }),
        2 => (pick(), any::<Index>(), 0u32..4, minute())
            .prop_map(|(domain, kind, subject, minute)| Op::Celebrate { domain, kind, subject, minute }),
        1 => (pick(), any::<bool>()).prop_map(|(celebration, tricky)| Op::Reflect { celebration, tricky }),
        4 => (0..KINDS, pick()).prop_map(|(kind, which)| Op::Delete { kind, which }),
        1 => (0..KINDS, pick(), minute()).prop_map(|(kind, which, minute)| Op::Tombstone { kind, which, minute }),
        1 => (0..KINDS, pick()).prop_map(|(kind, which)| Op::Untombstone { kind, which }),
        2 => (minute(), 0u8..3).prop_map(|(minute, summary)| Op::PushChange { minute, summary }),
        1 => (proptest::option::of(any::<Index>()), 0i64..5).prop_map(|(which, seq)| Op::RemoveChange { which, seq }),
        1 => Just(Op::Enroll),
        1 => Just(Op::Unenroll),
        3 => (0..KINDS, pick(), minute(), 0u8..3, any::<bool>(), any::<bool>()).prop_map(
            |(kind, which, minute, device, deleted, pending)| Op::NoteVersion { kind, which, minute, device, deleted, pending }
        ),
        1 => proptest::collection::vec(0i64..20, 0..4).prop_map(|seqs| Op::MarkSent { seqs }),
        1 => (0u8..2, proptest::option::of(0u8..3)).prop_map(|(key, value)| Op::SetSyncValue { key, value }),
        2 => any::<Index>().prop_map(|which| Op::Repeat { which }),
    ]
}

/// A write, or now and then a read, within a batch.
fn batched() -> impl Strategy<Value = Op> {
    prop_oneof![3 => write(), 1 => read().prop_map(Op::Read)]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => write(),
        1 => proptest::collection::vec(batched(), 1..5).prop_map(Op::Abandon),
        1 => proptest::collection::vec(batched(), 1..5).prop_map(Op::Batch),
        8 => read().prop_map(Op::Read),
        1 => Just(Op::Snapshot),
    ]
}

// ---------------------------------------------------------------------------------------------
// What a case has written so far, to resolve picks into records.

#[derive(Debug, Default)]
struct World {
    case: u64,
    next: u32,
    domains: Vec<Domain>,
    goals: Vec<Goal>,
    rungs: Vec<Challenge>,
    attempts: Vec<Attempt>,
    evidence: Vec<EvidenceId>,
    checkins: Vec<Checkin>,
    role_models: Vec<RoleModelId>,
    feedback: Vec<FeedbackId>,
    audits: Vec<AuditId>,
    plans: Vec<DomainId>,
    sessions: Vec<SessionId>,
    rest_days: Vec<(Option<DomainId>, Date)>,
    reviews: Vec<Period>,
    programs: Vec<ProgramId>,
    celebrations: Vec<Celebration>,
    next_times: Vec<AttemptId>,
    journal: Vec<i64>,
    /// Every insert that was committed, to be repeated.
    inserts: Vec<Call>,
}

fn chosen<'a, T>(pool: &'a [T], which: &Pick) -> Option<&'a T> {
    let which = which.as_ref()?;
    (!pool.is_empty()).then(|| which.get(pool))
}

impl World {
    fn new(case: u64) -> Self {
        Self { case, next: 1, ..Self::default() }
    }

    fn id(&mut self) -> Uuid {
        self.next += 1;
        uuid(self.case, self.next)
    }

    /// An id no record of this case has.
    fn missing(&self) -> Uuid {
        uuid(self.case, 0xffff)
    }

    fn domain_id(&self, which: &Pick) -> DomainId {
        chosen(&self.domains, which).map_or(DomainId::from_uuid(self.missing()), |d| d.id)
    }

    fn domain_filter(&self, which: &Option<Pick>) -> Option<DomainId> {
        which.as_ref().map(|w| self.domain_id(w))
    }

    fn goal_id(&self, which: &Pick) -> GoalId {
        chosen(&self.goals, which).map_or(GoalId::from_uuid(self.missing()), |g| g.id)
    }

    fn rung_id(&self, which: &Pick) -> ChallengeId {
        chosen(&self.rungs, which).map_or(ChallengeId::from_uuid(self.missing()), |c| c.id)
    }

    fn attempt_id(&self, which: &Pick) -> AttemptId {
        chosen(&self.attempts, which).map_or(AttemptId::from_uuid(self.missing()), |a| a.id)
    }

    /// A reference to a record of kind `kind` (see [`KINDS`]), one written earlier or a missing one.
    fn record(&self, kind: u8, which: &Pick) -> RecordRef {
        let missing = self.missing();
        let id = |ids: Vec<Uuid>| chosen(&ids, which).copied().unwrap_or(missing);
        match kind {
            0 => RecordRef::Domain(DomainId::from_uuid(id(self.domains.iter().map(|d| d.id.as_uuid()).collect()))),
            1 => RecordRef::Goal(GoalId::from_uuid(id(self.goals.iter().map(|g| g.id.as_uuid()).collect()))),
            2 => RecordRef::Challenge(ChallengeId::from_uuid(id(self.rungs.iter().map(|c| c.id.as_uuid()).collect()))),
            3 => RecordRef::Attempt(AttemptId::from_uuid(id(self.attempts.iter().map(|a| a.id.as_uuid()).collect()))),
            4 => RecordRef::Reattribution(AttemptId::from_uuid(id(self
                .next_times
                .iter()
                .map(|a| a.as_uuid())
                .collect()))),
            5 => RecordRef::Evidence(EvidenceId::from_uuid(id(self.evidence.iter().map(|e| e.as_uuid()).collect()))),
            6 => RecordRef::Checkin(CheckinId::from_uuid(id(self.checkins.iter().map(|c| c.id.as_uuid()).collect()))),
            7 => {
                RecordRef::RoleModel(RoleModelId::from_uuid(id(self.role_models.iter().map(|m| m.as_uuid()).collect())))
            }
            8 => RecordRef::Feedback(FeedbackId::from_uuid(id(self.feedback.iter().map(|f| f.as_uuid()).collect()))),
            9 => RecordRef::Audit(AuditId::from_uuid(id(self.audits.iter().map(|a| a.as_uuid()).collect()))),
            10 => RecordRef::PracticePlan(DomainId::from_uuid(id(self.plans.iter().map(|d| d.as_uuid()).collect()))),
            11 => RecordRef::PracticeSession(SessionId::from_uuid(id(self
                .sessions
                .iter()
                .map(|s| s.as_uuid())
                .collect()))),
            12 => match chosen(&self.rest_days, which) {
                Some(&(domain, on)) => RecordRef::RestDay { domain, on },
                None => RecordRef::RestDay { domain: None, on: day(at(-100 * 24 * 60, 0)) },
            },
            13 => RecordRef::Review(
                chosen(&self.reviews, which).copied().unwrap_or(Period::Month { year: 2020, month: 1 }),
            ),
            14 => RecordRef::Program(ProgramId::from_uuid(id(self.programs.iter().map(|p| p.as_uuid()).collect()))),
            _ => RecordRef::Celebration(CelebrationId::from_uuid(id(self
                .celebrations
                .iter()
                .map(|c| c.id.as_uuid())
                .collect()))),
        }
    }

    fn domain(&mut self, name: usize, area: LifeArea, minute: i64, described: bool) -> Domain {
        let title = DOMAIN_NAMES[name];
        Domain {
            id: DomainId::from_uuid(self.id()),
            name: self::name(title),
            slug: slug(title),
            area,
            description: described.then(|| TRICKY.to_owned()),
            created_at: at(minute, 0),
            archived_at: None,
        }
    }

    fn attempt(
        &mut self,
        rung: &Pick,
        minute: i64,
        micros: i64,
        tenths: u8,
        engine: Option<u16>,
        state: Option<(u8, u8)>,
    ) -> Attempt {
        let (challenge_id, goal_id) = match chosen(&self.rungs, rung) {
            Some(c) => (c.id, c.goal_id),
            None => (ChallengeId::from_uuid(self.missing()), GoalId::from_uuid(self.missing())),
        };
        let domain_id =
            self.goals.iter().find(|g| g.id == goal_id).map_or(DomainId::from_uuid(self.missing()), |g| g.domain_id);
        let planned_at = at(minute, micros);
        Attempt {
            id: AttemptId::from_uuid(self.id()),
            challenge_id,
            goal_id,
            domain_id,
            forecast: Forecast {
                confidence: confidence(tenths),
                engine: engine.map(|e| f64::from(e) / 200.0),
                state: state.map_or_else(State::default, |(energy, stress)| State {
                    sleep_hours: Some(SleepHours::new(f64::from(energy) * 1.5).expect("sleep is 0-24 h")),
                    energy: Some(rating(energy)),
                    stress: Some(rating(stress)),
                }),
                planned_at,
                planned_on: day(planned_at),
            },
            record: None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Calls: an op resolved against the world into concrete port calls.

/// One call of the port, with every argument concrete, so each backend gets exactly the same.
#[derive(Debug, Clone)]
enum Call {
    InsertDomain(Domain),
    UpdateDomain(Domain),
    InsertGoal(Goal),
    UpdateGoal(Goal),
    InsertChallenge(Challenge),
    UpdateChallenge(Challenge),
    InsertAttempt(Attempt),
    UpdateAttempt(Attempt),
    InsertEvidence(BackfilledEvidence),
    InsertCheckin(Checkin),
    UpdateCheckin(Checkin),
    InsertRoleModel(RoleModel),
    InsertFeedback(Feedback),
    InsertScale(String),
    InsertAudit(Audit),
    InsertReattribution(Reattribution),
    SetPracticePlan(PracticePlan),
    InsertPracticeSession(PracticeSession),
    InsertRestDay(RestDay),
    SaveReview(Review),
    /// A program run of the first built-in template (its template is left out of messages).
    InsertProgram {
        id: ProgramId,
        domain_id: DomainId,
        minute: i64,
    },
    InsertCelebration(Celebration),
    UpdateCelebration(Celebration),
    DeleteRecord(RecordRef),
    InsertTombstone(Tombstone),
    RemoveTombstone(RecordRef),
    PushChange(JournalEntry),
    RemoveChange(i64),
    Enroll,
    Unenroll,
    NoteVersion(Version, bool),
    MarkSent(Vec<i64>),
    SetSyncValue(String, Option<String>),

    Domains,
    Domain(DomainId),
    DomainBySlug(String),
    Goals(Option<DomainId>),
    Goal(GoalId),
    GoalBySlug(String),
    Challenge(ChallengeId),
    ChallengesBySlug(String),
    Challenges(GoalId),
    RungStats(GoalId),
    RecentResults(GoalId, usize),
    Attempt(AttemptId),
    Attempts(AttemptQuery),
    RecordedFacts(Option<DomainId>),
    ForecastGroups(Option<DomainId>, bool),
    Evidence(Option<DomainId>, usize),
    BackfilledEvidence,
    Checkins,
    RoleModels(Option<DomainId>),
    Feedback(Option<DomainId>),
    Scales,
    Audits(Option<DomainId>),
    Reattribution(AttemptId),
    Reattributions(Option<DomainId>),
    PracticePlans,
    PracticeSessions(Option<DomainId>),
    RestDays,
    Review(Period),
    Reviews,
    Programs,
    Celebration(CelebrationId),
    Celebrations(Option<DomainId>),
    Tombstones,
    LastChange,
    Version(RecordRef),
    LastSeq,
    VersionsBetween {
        since: i64,
        upto: i64,
        after: Option<SyncPosition>,
        except: Option<String>,
        limit: u32,
    },
    PendingVersions(u32),
    SyncValue(String),
}

/// How a step's transaction ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Finish {
    /// Committed when every call succeeded, dropped otherwise: a use case.
    Commit,
    /// Committed whatever the calls answered.
    CommitAnyway,
    /// Dropped.
    Drop,
}

/// One transaction: its calls and how it ends.
#[derive(Debug, Clone)]
struct Step {
    access: Access,
    calls: Vec<Call>,
    finish: Finish,
}

/// Resolves one write op into its call, minting ids for new records.
fn write_call(world: &mut World, op: &Op) -> Call {
    match op {
        Op::AddDomain { name, area, minute, described } => {
            let area = *area.get(LifeArea::ALL);
            Call::InsertDomain(world.domain(*name, area, *minute, *described))
        }
        Op::EditDomain { domain, name, archive } => {
            let mut edited = chosen(&world.domains, domain).cloned().unwrap_or_else(|| {
                let mut ghost = world.domain(*name, LifeArea::Other, 0, false);
                ghost.id = DomainId::from_uuid(world.missing());
                ghost
            });
            edited.name = self::name(DOMAIN_NAMES[*name]);
            edited.slug = slug(DOMAIN_NAMES[*name]);
            edited.archived_at = archive.map(|m| at(m, 0));
            Call::UpdateDomain(edited)
        }
        Op::AddGoal { domain, name, minute, target } => Call::InsertGoal(Goal {
            id: GoalId::from_uuid(world.id()),
            domain_id: world.domain_id(domain),
            statement: self::name(GOAL_NAMES[*name]),
            slug: slug(GOAL_NAMES[*name]),
            target: target.then(|| Target { amount: 5.5, unit: Some("km".to_owned()) }),
            deadline: target.then(|| day(at(*minute + 30 * 24 * 60, 0))),
            why: target.then(|| TRICKY.to_owned()),
            target_success: target.then_some(0.8),
            created_at: at(*minute, 0),
            done_at: None,
        }),
        Op::FinishGoal { goal, minute } => {
            let mut goal = chosen(&world.goals, goal).cloned().unwrap_or_else(|| Goal {
                id: GoalId::from_uuid(world.missing()),
                domain_id: DomainId::from_uuid(world.missing()),
                statement: self::name(GOAL_NAMES[0]),
                slug: slug(GOAL_NAMES[0]),
                target: None,
                deadline: None,
                why: None,
                target_success: None,
                created_at: at(0, 0),
                done_at: None,
            });
            goal.done_at = minute.map(|m| at(m, 0));
            Call::UpdateGoal(goal)
        }
        Op::AddRung { goal, name, difficulty, position, minute } => Call::InsertChallenge(Challenge {
            id: ChallengeId::from_uuid(world.id()),
            goal_id: world.goal_id(goal),
            title: self::name(RUNG_NAMES[*name]),
            slug: slug(RUNG_NAMES[*name]),
            difficulty: Difficulty::new(f64::from(*difficulty) / 2.0).expect("difficulties are 1-10"),
            criterion: (*position == 1).then(|| TRICKY.to_owned()),
            position: *position,
            created_at: at(*minute, 0),
        }),
        Op::MoveRung { rung, name, difficulty, position } => {
            let mut moved = chosen(&world.rungs, rung).cloned().unwrap_or_else(|| Challenge {
                id: ChallengeId::from_uuid(world.missing()),
                goal_id: GoalId::from_uuid(world.missing()),
                title: self::name(RUNG_NAMES[0]),
                slug: slug(RUNG_NAMES[0]),
                difficulty: Difficulty::new(1.0).expect("1 is a difficulty"),
                criterion: None,
                position: 0,
                created_at: at(0, 0),
            });
            moved.title = self::name(RUNG_NAMES[*name]);
            moved.slug = slug(RUNG_NAMES[*name]);
            moved.difficulty = Difficulty::new(f64::from(*difficulty) / 2.0).expect("difficulties are 1-10");
            moved.position = *position;
            Call::UpdateChallenge(moved)
        }
        Op::Plan { rung, minute, micros, confidence, engine, state } => {
            Call::InsertAttempt(world.attempt(rung, *minute, *micros, *confidence, *engine, *state))
        }
        Op::Record { attempt, outcome, minute, cause, tricky } => {
            let mut recorded = chosen(&world.attempts, attempt).cloned().unwrap_or_else(|| {
                let mut ghost = world.attempt(&None, 0, 0, 5, None, None);
                ghost.id = AttemptId::from_uuid(world.missing());
                ghost
            });
            let outcome = *outcome.get(Outcome::ALL);
            if *tricky {
                // A corrected forecast goes with the record.
                recorded.forecast.confidence = confidence(9);
                recorded.forecast.engine = Some(0.45);
            }
            let cause = cause.as_ref().map(|c| *c.get(Cause::ALL));
            recorded.record = Some(Record {
                outcome,
                effort: Some(rating(3)),
                did: Some(if *tricky { TRICKY.to_owned() } else { format!("{outcome} at {minute}") }),
                because: tricky.then(|| "because".to_owned()),
                attribution: Attribution {
                    cause,
                    locus: cause.map(|_| Locus::Internal),
                    stability: cause.map(|_| Stability::Unstable),
                    control: cause.map(|_| if *tricky { Control::Uncontrollable } else { Control::Controllable }),
                },
                lesson: None,
                recorded_at: at(*minute, 0),
            });
            Call::UpdateAttempt(recorded)
        }
        Op::Backfill { domain, minute, title } => Call::InsertEvidence(BackfilledEvidence {
            id: EvidenceId::from_uuid(world.id()),
            domain_id: world.domain_id(domain),
            title: format!("Win {title}"),
            did: Some(TRICKY.to_owned()),
            at: at(*minute, 0),
            on: day(at(*minute, 0)),
            created_at: at(*minute + 1000, 0),
        }),
        Op::CheckIn { minute, mood } => Call::InsertCheckin(Checkin {
            id: CheckinId::from_uuid(world.id()),
            at: at(*minute, 0),
            on: day(at(*minute, 0)),
            measures: Measures { mood: Some(rating(*mood)), exercise_minutes: Some(30), ..Measures::default() },
        }),
        Op::EditCheckIn { checkin, minute, mood } => {
            let id = chosen(&world.checkins, checkin).map_or(CheckinId::from_uuid(world.missing()), |c| c.id);
            Call::UpdateCheckin(Checkin {
                id,
                at: at(*minute, 0),
                on: day(at(*minute, 0)),
                measures: Measures { mood: Some(rating(*mood)), ..Measures::default() },
            })
        }
        Op::AddRoleModel { domain, minute } => Call::InsertRoleModel(RoleModel {
            id: RoleModelId::from_uuid(world.id()),
            domain_id: world.domain_id(domain),
            name: self::name("Model"),
            similarity: None,
            process: Some(TRICKY.to_owned()),
            created_at: at(*minute, 0),
        }),
        Op::AddFeedback { domain, minute } => Call::InsertFeedback(Feedback {
            id: FeedbackId::from_uuid(world.id()),
            domain_id: world.domain_id(domain),
            from: self::name("Coach"),
            credibility: None,
            specificity: None,
            valence: None,
            text: TRICKY.to_owned(),
            received_at: at(*minute, 0),
        }),
        Op::AddScale { id } => Call::InsertScale(SCALE_IDS[*id].to_owned()),
        Op::TakeAudit { domain, scale, minute, answers } => Call::InsertAudit(Audit {
            id: AuditId::from_uuid(world.id()),
            domain_id: world.domain_id(domain),
            scale_id: SCALE_IDS.get(*scale).copied().unwrap_or("public-speaking").to_owned(),
            taken_at: at(*minute, 0),
            taken_on: day(at(*minute, 0)),
            threshold: confidence(5),
            answers: answers.iter().map(|&a| confidence(a)).collect(),
            every: Every::MONTHLY,
        }),
        Op::PlanNextTime { attempt, cause, minute } => Call::InsertReattribution(Reattribution {
            attempt_id: world.attempt_id(attempt),
            cause: [Cause::Effort, Cause::Strategy, Cause::Preparation][usize::from(*cause)],
            next_time: TRICKY.to_owned(),
            if_then: IfThen::parse("If I blank, then I will glance at my notes").expect("an if-then plan"),
            created_at: at(*minute, 0),
        }),
        Op::SetPracticePlan { domain, days, minute } => Call::SetPracticePlan(PracticePlan {
            domain_id: world.domain_id(domain),
            minutes: 20,
            days: DAYS[*days].parse().expect("the days are valid"),
            starts_on: day(at(*minute, 0)),
            created_at: at(*minute, 0),
        }),
        Op::Practise { domain, minute, minutes } => Call::InsertPracticeSession(PracticeSession {
            id: SessionId::from_uuid(world.id()),
            domain_id: world.domain_id(domain),
            minutes: *minutes,
            note: (*minutes > 45).then(|| TRICKY.to_owned()),
            at: at(*minute, 0),
            on: day(at(*minute, 0)),
        }),
        Op::Rest { domain, day: offset } => Call::InsertRestDay(RestDay {
            domain_id: world.domain_filter(domain),
            on: day(at(offset * 24 * 60, 0)),
            declared_at: at(0, 0),
        }),
        Op::SaveReview { week, month, answer, minute } => Call::SaveReview(Review {
            period: match (week, month) {
                (_, Some(month)) => Period::Month { year: 2026, month: *month },
                (week, None) => Period::Week { year: 2026, week: week.unwrap_or(1) },
            },
            answers: BTreeMap::from([
                ("wins".to_owned(), format!("answer {answer}")),
                ("next".to_owned(), TRICKY.to_owned()),
            ]),
            saved_at: at(*minute, 0),
        }),
        Op::StartProgram { domain, minute } => Call::InsertProgram {
            id: ProgramId::from_uuid(world.id()),
            domain_id: world.domain_id(domain),
            minute: *minute,
        },
        Op::Celebrate { domain, kind, subject, minute } => Call::InsertCelebration(Celebration {
            id: CelebrationId::from_uuid(world.id()),
            domain_id: world.domain_id(domain),
            kind: *kind.get(CelebrationKind::ALL),
            subject: uuid(world.case, 0x1000 + subject).to_string(),
            title: format!("Milestone {subject}"),
            at: at(*minute, 0),
            effort: None,
            strategy: None,
        }),
        Op::Reflect { celebration, tricky } => {
            let mut reflected = chosen(&world.celebrations, celebration).cloned().unwrap_or_else(|| Celebration {
                id: CelebrationId::from_uuid(world.missing()),
                domain_id: DomainId::from_uuid(world.missing()),
                kind: CelebrationKind::Goal,
                subject: "nothing".to_owned(),
                title: "Nothing".to_owned(),
                at: at(0, 0),
                effort: None,
                strategy: None,
            });
            reflected.effort = Some(if *tricky { TRICKY.to_owned() } else { "Daily".to_owned() });
            reflected.strategy = tricky.then(|| "Cards".to_owned());
            Call::UpdateCelebration(reflected)
        }
        Op::Delete { kind, which } => Call::DeleteRecord(world.record(*kind, which)),
        Op::Tombstone { kind, which, minute } => {
            Call::InsertTombstone(Tombstone { record: world.record(*kind, which), deleted_at: at(*minute, 0) })
        }
        Op::Untombstone { kind, which } => Call::RemoveTombstone(world.record(*kind, which)),
        Op::PushChange { minute, summary } => Call::PushChange(JournalEntry {
            seq: 0,
            made_at: at(*minute, 0),
            summary: ["Added a goal", "Recorded an attempt", TRICKY][usize::from(*summary)].to_owned(),
            body: format!("{{\"n\":{summary}}}"),
        }),
        Op::RemoveChange { which, seq } => {
            let known = which.as_ref().filter(|_| !world.journal.is_empty()).map(|w| *w.get(&world.journal));
            Call::RemoveChange(known.unwrap_or(*seq))
        }
        Op::Enroll => Call::Enroll,
        Op::Unenroll => Call::Unenroll,
        Op::NoteVersion { kind, which, minute, device, deleted, pending } => Call::NoteVersion(
            Version {
                record: world.record(*kind, which),
                updated_at: at(*minute, 0),
                device: ["", "phone", "server"][usize::from(*device)].to_owned(),
                deleted: *deleted,
            },
            *pending,
        ),
        Op::MarkSent { seqs } => Call::MarkSent(seqs.clone()),
        Op::SetSyncValue { key, value } => {
            Call::SetSyncValue(sync_key(*key), value.map(|v| ["a", "b", TRICKY][usize::from(v)].to_owned()))
        }
        Op::Repeat { which } => {
            if world.inserts.is_empty() {
                Call::InsertScale(SCALE_IDS[0].to_owned())
            } else {
                which.get(&world.inserts).clone()
            }
        }
        // Reads may come between the writes of a batch: a transaction reads its own writes.
        Op::Read(read) => read_call(world, read),
        Op::Abandon(_) | Op::Batch(_) | Op::Snapshot => unreachable!("not a single write: {op:?}"),
    }
}

fn sync_key(key: u8) -> String {
    ["device", "cursor"][usize::from(key)].to_owned()
}

fn read_call(world: &World, read: &Read) -> Call {
    match read {
        Read::Domain(d) => Call::Domain(world.domain_id(d)),
        Read::DomainBySlug(n) => Call::DomainBySlug(slug(DOMAIN_NAMES[*n])),
        Read::Goals(d) => Call::Goals(world.domain_filter(d)),
        Read::Goal(g) => Call::Goal(world.goal_id(g)),
        Read::GoalBySlug(n) => Call::GoalBySlug(slug(GOAL_NAMES[*n])),
        Read::Rung(c) => Call::Challenge(world.rung_id(c)),
        Read::RungsBySlug(n) => Call::ChallengesBySlug(slug(RUNG_NAMES[*n])),
        Read::Ladder(g) => Call::Challenges(world.goal_id(g)),
        Read::RecentResults(g, n) => Call::RecentResults(world.goal_id(g), *n),
        Read::Attempt(a) => Call::Attempt(world.attempt_id(a)),
        Read::Attempts { domain, goal, rung, since, pending_only, latest, limit, after } => {
            Call::Attempts(AttemptQuery {
                domain: world.domain_filter(domain),
                goal: goal.as_ref().map(|g| world.goal_id(g)),
                challenge: rung.as_ref().map(|c| world.rung_id(c)),
                since: since.map(|m| at(m, 0)),
                pending_only: *pending_only,
                latest: *latest,
                limit: *limit,
                after: after
                    .as_ref()
                    .and_then(|a| chosen(&world.attempts, a))
                    .map(|a| Cursor { planned_at: a.forecast.planned_at, id: a.id }),
            })
        }
        Read::RecordedFacts(d) => Call::RecordedFacts(world.domain_filter(d)),
        Read::ForecastGroups(d, by_month) => Call::ForecastGroups(world.domain_filter(d), *by_month),
        Read::Evidence(d, n) => Call::Evidence(world.domain_filter(d), *n),
        Read::ByDomain(list, d) => {
            let d = world.domain_filter(d);
            match list {
                0 => Call::RoleModels(d),
                1 => Call::Feedback(d),
                2 => Call::Audits(d),
                3 => Call::Reattributions(d),
                4 => Call::PracticeSessions(d),
                _ => Call::Celebrations(d),
            }
        }
        Read::Reattribution(a) => Call::Reattribution(world.attempt_id(a)),
        Read::Review { week } => Call::Review(Period::Week { year: 2026, week: *week }),
        Read::Celebration(c) => Call::Celebration(
            chosen(&world.celebrations, c).map_or(CelebrationId::from_uuid(world.missing()), |c| c.id),
        ),
        Read::Version { kind, which } => Call::Version(world.record(*kind, which)),
        Read::VersionsBetween { since, upto, after, except, limit } => Call::VersionsBetween {
            since: *since,
            upto: *upto,
            after: after.map(|(order, seq)| SyncPosition { order, seq }),
            except: except.then(|| "phone".to_owned()),
            limit: *limit,
        },
        Read::PendingVersions(n) => Call::PendingVersions(*n),
        Read::SyncValue(k) => Call::SyncValue(sync_key(*k)),
    }
}

/// Every list without parameters, and the per-domain lists for all domains: what a case leaves.
fn snapshot(world: &World) -> Vec<Call> {
    let mut calls = vec![
        Call::Domains,
        Call::Goals(None),
        Call::Attempts(AttemptQuery::default()),
        Call::RecordedFacts(None),
        Call::ForecastGroups(None, true),
        Call::Evidence(None, 1000),
        Call::BackfilledEvidence,
        Call::Checkins,
        Call::RoleModels(None),
        Call::Feedback(None),
        Call::Scales,
        Call::Audits(None),
        Call::Reattributions(None),
        Call::PracticePlans,
        Call::PracticeSessions(None),
        Call::RestDays,
        Call::Reviews,
        Call::Programs,
        Call::Celebrations(None),
        Call::Tombstones,
        Call::LastChange,
        Call::LastSeq,
        Call::PendingVersions(1000),
        Call::VersionsBetween { since: 0, upto: i64::MAX, after: None, except: None, limit: 1000 },
        Call::SyncValue(sync_key(0)),
        Call::SyncValue(sync_key(1)),
    ];
    for goal in &world.goals {
        calls.push(Call::Challenges(goal.id));
        calls.push(Call::RungStats(goal.id));
        calls.push(Call::RecentResults(goal.id, 100));
    }
    for domain in &world.domains {
        calls.push(Call::Goals(Some(domain.id)));
        calls.push(Call::Feedback(Some(domain.id)));
        calls.push(Call::Audits(Some(domain.id)));
        calls.push(Call::Reattributions(Some(domain.id)));
        calls.push(Call::PracticeSessions(Some(domain.id)));
        calls.push(Call::Celebrations(Some(domain.id)));
    }
    calls
}

/// The step an op runs as.
fn step(world: &mut World, op: &Op) -> Step {
    match op {
        Op::Read(read) => Step { access: Access::Read, calls: vec![read_call(world, read)], finish: Finish::Drop },
        Op::Snapshot => Step { access: Access::Read, calls: snapshot(world), finish: Finish::Drop },
        Op::Abandon(ops) => Step {
            access: Access::Write,
            calls: ops.iter().map(|op| write_call(world, op)).collect(),
            finish: Finish::Drop,
        },
        Op::Batch(ops) => Step {
            access: Access::Write,
            calls: ops.iter().map(|op| write_call(world, op)).collect(),
            finish: Finish::CommitAnyway,
        },
        write => Step { access: Access::Write, calls: vec![write_call(world, write)], finish: Finish::Commit },
    }
}

/// Takes in what a committed call wrote, so later ops can pick it.
fn absorb(world: &mut World, call: &Call, answer: &str) {
    fn replace<T: Clone, K: PartialEq>(pool: &mut [T], item: &T, key: impl Fn(&T) -> K) {
        if let Some(slot) = pool.iter_mut().find(|i| key(i) == key(item)) {
            *slot = item.clone();
        }
    }
    if matches!(
        call,
        Call::InsertDomain(_)
            | Call::InsertGoal(_)
            | Call::InsertChallenge(_)
            | Call::InsertAttempt(_)
            | Call::InsertEvidence(_)
            | Call::InsertCheckin(_)
            | Call::InsertRoleModel(_)
            | Call::InsertFeedback(_)
            | Call::InsertScale(_)
            | Call::InsertAudit(_)
            | Call::InsertReattribution(_)
            | Call::InsertPracticeSession(_)
            | Call::InsertRestDay(_)
            | Call::InsertProgram { .. }
            | Call::InsertCelebration(_)
    ) {
        world.inserts.push(call.clone());
    }
    match call {
        Call::InsertDomain(d) => world.domains.push(d.clone()),
        Call::UpdateDomain(d) => replace(&mut world.domains, d, |d| d.id),
        Call::InsertGoal(g) => world.goals.push(g.clone()),
        Call::UpdateGoal(g) => replace(&mut world.goals, g, |g| g.id),
        Call::InsertChallenge(c) => world.rungs.push(c.clone()),
        Call::UpdateChallenge(c) => replace(&mut world.rungs, c, |c| c.id),
        Call::InsertAttempt(a) => world.attempts.push(a.clone()),
        Call::UpdateAttempt(a) => replace(&mut world.attempts, a, |a| a.id),
        Call::InsertEvidence(e) => world.evidence.push(e.id),
        Call::InsertCheckin(c) => world.checkins.push(c.clone()),
        Call::InsertRoleModel(m) => world.role_models.push(m.id),
        Call::InsertFeedback(f) => world.feedback.push(f.id),
        Call::InsertAudit(a) => world.audits.push(a.id),
        Call::InsertReattribution(r) => world.next_times.push(r.attempt_id),
        Call::SetPracticePlan(p) => world.plans.push(p.domain_id),
        Call::InsertPracticeSession(s) => world.sessions.push(s.id),
        Call::InsertRestDay(r) => world.rest_days.push((r.domain_id, r.on)),
        Call::SaveReview(r) => world.reviews.push(r.period),
        Call::InsertProgram { id, .. } => world.programs.push(*id),
        Call::InsertCelebration(c) => world.celebrations.push(c.clone()),
        Call::UpdateCelebration(c) => replace(&mut world.celebrations, c, |c| c.id),
        Call::PushChange(_) => world.journal.push(answer.parse().expect("push_change answers a number")),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Running a call on a backend and describing its answer.

/// What a call answered: the value's `Debug` text, or how it was refused.
type Answer = Result<String, String>;

/// A refusal by kind, entity and key (the port documents these, so backends must agree on them);
/// other errors by kind only, since their messages come from each database.
fn refusal(error: StoreError) -> String {
    match error {
        StoreError::NotFound { entity, key } => format!("NotFound({entity}, {key})"),
        StoreError::Conflict { entity, key } => format!("Conflict({entity}, {key})"),
        StoreError::Busy => "Busy".to_owned(),
        StoreError::TooNew { .. } => "TooNew".to_owned(),
        StoreError::Corrupt(_) => "Corrupt".to_owned(),
        StoreError::Backend(_) => "Backend".to_owned(),
    }
}

fn shown<T: std::fmt::Debug>(result: Result<T, StoreError>) -> Answer {
    result.map(|value| format!("{value:#?}")).map_err(refusal)
}

async fn call<T: Transaction>(tx: &mut T, call: &Call) -> Answer {
    match call {
        Call::InsertDomain(d) => shown(tx.insert_domain(d).await),
        Call::UpdateDomain(d) => shown(tx.update_domain(d).await),
        Call::InsertGoal(g) => shown(tx.insert_goal(g).await),
        Call::UpdateGoal(g) => shown(tx.update_goal(g).await),
        Call::InsertChallenge(c) => shown(tx.insert_challenge(c).await),
        Call::UpdateChallenge(c) => shown(tx.update_challenge(c).await),
        Call::InsertAttempt(a) => shown(tx.insert_attempt(a).await),
        Call::UpdateAttempt(a) => shown(tx.update_attempt(a).await),
        Call::InsertEvidence(e) => shown(tx.insert_evidence(e).await),
        Call::InsertCheckin(c) => shown(tx.insert_checkin(c).await),
        Call::UpdateCheckin(c) => shown(tx.update_checkin(c).await),
        Call::InsertRoleModel(m) => shown(tx.insert_role_model(m).await),
        Call::InsertFeedback(f) => shown(tx.insert_feedback(f).await),
        Call::InsertScale(id) => shown(tx.insert_scale(&scale(id)).await),
        Call::InsertAudit(a) => shown(tx.insert_audit(a).await),
        Call::InsertReattribution(r) => shown(tx.insert_reattribution(r).await),
        Call::SetPracticePlan(p) => shown(tx.set_practice_plan(p).await),
        Call::InsertPracticeSession(s) => shown(tx.insert_practice_session(s).await),
        Call::InsertRestDay(r) => shown(tx.insert_rest_day(r).await),
        Call::SaveReview(r) => shown(tx.save_review(r).await),
        Call::InsertProgram { id, domain_id, minute } => {
            let program = Program {
                id: *id,
                domain_id: *domain_id,
                template: ProgramTemplate::parse(BUILTIN[0]).expect("the built-in template parses"),
                starts_on: day(at(*minute, 0)),
                created_at: at(*minute, 0),
            };
            shown(tx.insert_program(&program).await)
        }
        Call::InsertCelebration(c) => shown(tx.insert_celebration(c).await),
        Call::UpdateCelebration(c) => shown(tx.update_celebration(c).await),
        Call::DeleteRecord(r) => match tx.delete_record(*r).await {
            // Normalised: a record with dependants is refused with its kind as the entity, and the
            // key is the record's key followed by each backend's own explanation in parentheses
            // (the suite checks the entity only), so the explanation is left out.
            Err(StoreError::Conflict { entity, key }) => {
                Err(format!("Conflict({entity}, {})", key.split(" (").next().unwrap_or_default()))
            }
            other => shown(other),
        },
        Call::InsertTombstone(t) => shown(tx.insert_tombstone(t).await),
        Call::RemoveTombstone(r) => shown(tx.remove_tombstone(*r).await),
        Call::PushChange(e) => tx.push_change(e).await.map(|seq| seq.to_string()).map_err(refusal),
        Call::RemoveChange(seq) => shown(tx.remove_change(*seq).await),
        Call::Enroll => shown(tx.enroll().await),
        Call::Unenroll => shown(tx.unenroll().await),
        Call::NoteVersion(v, pending) => shown(tx.note_version(v, *pending).await),
        Call::MarkSent(seqs) => shown(tx.mark_sent(seqs).await),
        Call::SetSyncValue(k, v) => shown(tx.set_sync_value(k, v.as_deref()).await),

        Call::Domains => shown(tx.domains().await),
        Call::Domain(id) => shown(tx.domain(*id).await),
        Call::DomainBySlug(s) => shown(tx.domain_by_slug(s).await),
        Call::Goals(d) => shown(tx.goals(*d).await),
        Call::Goal(id) => shown(tx.goal(*id).await),
        Call::GoalBySlug(s) => shown(tx.goal_by_slug(s).await),
        Call::Challenge(id) => shown(tx.challenge(*id).await),
        Call::ChallengesBySlug(s) => shown(tx.challenges_by_slug(s).await),
        Call::Challenges(g) => shown(tx.challenges(*g).await),
        Call::RungStats(g) => shown(tx.rung_stats(*g).await),
        Call::RecentResults(g, n) => shown(tx.recent_results(*g, *n).await),
        Call::Attempt(id) => shown(tx.attempt(*id).await),
        Call::Attempts(q) => shown(tx.attempts(q).await),
        Call::RecordedFacts(d) => {
            let mut facts = Vec::new();
            shown(tx.recorded_facts(*d, &mut |f| facts.push(f)).await.map(|()| facts))
        }
        Call::ForecastGroups(d, by_month) => {
            // Normalised: the port leaves the order of groups unspecified, so they are sorted; and
            // a database adds the engine's forecasts in an order of its own, so the sums are
            // compared to 9 significant digits.
            tx.forecast_groups(*d, *by_month)
                .await
                .map(|groups| {
                    let mut rows: Vec<String> = groups
                        .iter()
                        .map(|g| {
                            format!(
                                "{} {:?} {:?} {} {:?} n={} sum={:.9e} sum2={:.9e}",
                                g.domain_id,
                                g.month,
                                g.confidence,
                                g.outcome,
                                g.engine_bin,
                                g.n,
                                g.engine_sum,
                                g.engine_sum2
                            )
                        })
                        .collect();
                    rows.sort();
                    format!("{rows:#?}")
                })
                .map_err(refusal)
        }
        Call::Evidence(d, n) => shown(tx.evidence(*d, *n).await),
        Call::BackfilledEvidence => shown(tx.backfilled_evidence().await),
        Call::Checkins => shown(tx.checkins().await),
        Call::RoleModels(d) => shown(tx.role_models(*d).await),
        Call::Feedback(d) => shown(tx.feedback(*d).await),
        Call::Scales => shown(tx.scales().await),
        Call::Audits(d) => shown(tx.audits(*d).await),
        Call::Reattribution(a) => shown(tx.reattribution(*a).await),
        Call::Reattributions(d) => shown(tx.reattributions(*d).await),
        Call::PracticePlans => shown(tx.practice_plans().await),
        Call::PracticeSessions(d) => shown(tx.practice_sessions(*d).await),
        Call::RestDays => shown(tx.rest_days().await),
        Call::Review(p) => shown(tx.review(*p).await),
        Call::Reviews => shown(tx.reviews().await),
        Call::Programs => shown(tx.programs().await),
        Call::Celebration(id) => shown(tx.celebration(*id).await),
        Call::Celebrations(d) => shown(tx.celebrations(*d).await),
        Call::Tombstones => shown(tx.tombstones().await),
        Call::LastChange => shown(tx.last_change().await),
        Call::Version(r) => shown(tx.version(*r).await),
        Call::LastSeq => shown(tx.last_seq().await),
        Call::VersionsBetween { since, upto, after, except, limit } => {
            shown(tx.versions_between(*since, *upto, *after, except.as_deref(), *limit).await)
        }
        Call::PendingVersions(n) => shown(tx.pending_versions(*n).await),
        Call::SyncValue(k) => shown(tx.sync_value(k).await),
    }
}

/// Runs a step in one transaction of `user`: the answers of its calls, then of its commit when
/// it commits.
async fn run<S: Store>(store: &S, user: UserId, step: &Step) -> Vec<Answer> {
    let mut tx = match store.begin(user, step.access).await {
        Ok(tx) => tx,
        Err(e) => return vec![Err(format!("begin: {}", refusal(e)))],
    };
    let mut answers = Vec::with_capacity(step.calls.len() + 1);
    for c in &step.calls {
        answers.push(call(&mut tx, c).await);
    }
    let commit = match step.finish {
        Finish::Commit => answers.iter().all(Result::is_ok),
        Finish::CommitAnyway => true,
        Finish::Drop => false,
    };
    if commit {
        answers.push(tx.commit().await.map(|()| "committed".to_owned()).map_err(refusal));
    }
    answers
}

// ---------------------------------------------------------------------------------------------
// The backends and the comparison.

struct Backends {
    memory: MemoryStore,
    sqlite: SqliteStore,
    postgres: Option<PgStore>,
    /// Kept until the end of the run: the SQLite file's directory and PostgreSQL's database.
    _dir: tempfile::TempDir,
    _db: Option<PgTestDb>,
}

/// The users a case works as, one per backend (each backend mints its own user ids).
struct Users {
    memory: UserId,
    sqlite: UserId,
    postgres: Option<UserId>,
}

impl Backends {
    async fn open() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let sqlite = SqliteStore::open(&dir.path().join("mastery.db")).await.expect("the SQLite store opens");
        let db = test_database();
        let postgres = match &db {
            Some(db) => Some(PgStore::connect(db.url(), 2).await.expect("the PostgreSQL store opens")),
            None => None,
        };
        Self { memory: MemoryStore::new(), sqlite, postgres, _dir: dir, _db: db }
    }

    async fn users(&self, case: u64) -> Users {
        let name = format!("case-{case}");
        Users {
            memory: self.memory.add_user(&name).await.expect("a memory user"),
            sqlite: self.sqlite.add_user(&name).await.expect("a SQLite user"),
            postgres: match &self.postgres {
                Some(pg) => Some(pg.add_user(&name).await.expect("a PostgreSQL user")),
                None => None,
            },
        }
    }

    fn names(&self) -> &'static str {
        if self.postgres.is_some() { "memory, SQLite and PostgreSQL" } else { "memory and SQLite" }
    }
}

/// Where two answers part: the lines around the first that differs, side by side.
fn difference(expected: Option<&Answer>, actual: Option<&Answer>, backend: &str) -> String {
    let text = |answer: Option<&Answer>| match answer {
        Some(Ok(value)) => format!("Ok:\n{value}"),
        Some(Err(refusal)) => format!("Err: {refusal}"),
        None => "(no answer: the transaction ended)".to_owned(),
    };
    let (expected, actual) = (text(expected), text(actual));
    let (left, right): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = (0..left.len().max(right.len())).find(|&k| left.get(k) != right.get(k)).unwrap_or(0);
    let around = |lines: &[&str]| {
        let from = first.saturating_sub(6);
        let to = (first + 6).min(lines.len());
        lines.get(from..to).unwrap_or_default().iter().map(|l| format!("    {l}\n")).collect::<String>()
    };
    format!(
        "  first difference at line {first} of the answer\n  memory:\n{}  {backend}:\n{}",
        around(&left),
        around(&right)
    )
}

/// How many steps ran, and how many calls (commits included) succeeded or were refused.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    steps: usize,
    answered: usize,
    refused: usize,
}

/// Runs one case: every op on every backend, comparing answers; `Err` describes the first
/// divergence with the steps that led to it.
async fn run_case(backends: &Backends, case: u64, ops: &[Op], tally: &Cell<Tally>) -> Result<(), String> {
    let users = backends.users(case).await;
    let mut world = World::new(case);
    let mut history = String::new();
    let ops = ops.iter().chain(std::iter::once(&Op::Snapshot));
    for (i, op) in ops.enumerate() {
        let step = step(&mut world, op);
        let _ = writeln!(history, "  {i}: {:?} {:?}: {:?}", step.access, step.finish, step.calls);
        let expected = run(&backends.memory, users.memory, &step).await;
        let mut others = vec![("SQLite", run(&backends.sqlite, users.sqlite, &step).await)];
        if let (Some(pg), Some(user)) = (&backends.postgres, users.postgres) {
            others.push(("PostgreSQL", run(pg, user, &step).await));
        }
        for (backend, answers) in &others {
            if let Some(at) = (0..expected.len().max(answers.len())).find(|&k| expected.get(k) != answers.get(k)) {
                return Err(format!(
                    "{backend} differs from the memory store at step {i}, answer {at} (of {:?}):\n{}\nsteps so far (access, finish: calls):\n{history}",
                    step.calls.get(at),
                    difference(expected.get(at), answers.get(at), backend),
                ));
            }
        }
        let mut counts = tally.get();
        counts.steps += 1;
        counts.answered += expected.iter().filter(|a| a.is_ok()).count();
        counts.refused += expected.iter().filter(|a| a.is_err()).count();
        tally.set(counts);
        let committed = match step.finish {
            Finish::Commit => expected.iter().all(Result::is_ok),
            Finish::CommitAnyway => true,
            Finish::Drop => false,
        };
        if committed {
            for (c, answer) in step.calls.iter().zip(&expected) {
                if let Ok(answer) = answer {
                    absorb(&mut world, c, answer);
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_backend_answers_as_the_memory_store() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let backends = runtime.block_on(Backends::open());
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(CASES);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let case = Cell::new(0u64);
    let tally = Cell::new(Tally::default());
    let started = Instant::now();
    let result = runner.run(&proptest::collection::vec(op(), 5..=MAX_OPS), |ops| {
        case.set(case.get() + 1);
        runtime.block_on(run_case(&backends, case.get(), &ops, &tally)).map_err(TestCaseError::fail)
    });
    match result {
        Ok(()) => {
            let Tally { steps, answered, refused } = tally.get();
            eprintln!(
                "differential: {cases} cases, {steps} transactions, {answered} answers and {refused} refusals \
                 alike on {} in {:.1?}",
                backends.names(),
                started.elapsed()
            );
        }
        Err(TestError::Fail(why, ops)) => {
            panic!("the backends disagree:\n{why}\nminimal op sequence ({} ops):\n{ops:#?}", ops.len())
        }
        Err(TestError::Abort(why)) => panic!("the differential test stopped: {why}"),
    }
}
