//! The JSON export loses nothing: random stores, exported, imported into an empty store and
//! exported again give the identical document, on the in-memory store, SQLite and PostgreSQL.
//! Every document written validates against `docs/export.schema.json`.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use mastery_app::{App, Clock, FixedClock};
use mastery_domain::Field;
use mastery_domain::attempt::{
    Attempt, Attribution, Cause, Control, Forecast, Locus, Outcome, Record, Stability, State,
};
use mastery_domain::audit::{Audit, Every, EveryUnit};
use mastery_domain::celebration::{Celebration, CelebrationKind};
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::{Checkin, Measures};
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::evidence::BackfilledEvidence;
use mastery_domain::feedback::{Feedback, Specificity, Valence};
use mastery_domain::goal::{Goal, Target};
use mastery_domain::ids::*;
use mastery_domain::measure::{Confidence, Difficulty, Rating, SleepHours};
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::program::{Program, ProgramTemplate};
use mastery_domain::reattribution::{IfThen, Reattribution};
use mastery_domain::record::{RecordRef, Tombstone};
use mastery_domain::review::{Period, Review};
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::{self, Scale};
use mastery_domain::text::Name;
use mastery_store::{Access, MemoryStore, Store, Transaction};
use mastery_store_sqlite::SqliteStore;
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let text = include_str!("../../../docs/export.schema.json");
    jsonschema::validator_for(&serde_json::from_str(text).unwrap()).expect("the schema compiles")
});

/// Fails unless `document` validates against the export schema.
fn assert_valid(document: &[u8]) {
    let value: serde_json::Value = serde_json::from_slice(document).expect("the export is JSON");
    let errors: Vec<String> =
        SCHEMA.iter_errors(&value).map(|e| format!("{}: {e}", e.instance_path())).take(5).collect();
    assert!(errors.is_empty(), "the export does not match docs/export.schema.json: {errors:#?}");
}

/// Free text as people write it: any letters, quotes, backslashes, line breaks and emoji.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^\\p{C}]{1,40}",
        Just("line one\nline two\t\"quoted\" \\ back".to_owned()),
        Just("ünïcødé 🎉 ∑ — «done»".to_owned()),
    ]
}

/// Writes records of every kind built from `seed` and `texts` for `user`.
struct Writer {
    rng: StdRng,
    texts: Vec<String>,
}

impl Writer {
    /// Fresh ids, as the app mints them: an SQLite file keys records by id alone, so ids must
    /// not repeat between cases sharing a file.
    fn id(&mut self) -> Uuid {
        Uuid::now_v7()
    }

    fn text(&mut self) -> String {
        self.texts[self.rng.random_range(0..self.texts.len())].clone()
    }

    fn maybe<T>(&mut self, make: impl FnOnce(&mut Self) -> T) -> Option<T> {
        self.rng.random_bool(0.6).then(|| make(self))
    }

    fn name(&mut self, n: usize) -> Name {
        let text: String = self.text().chars().take(60).collect();
        Name::parse(Field::Name, &format!("{text} {n}")).unwrap()
    }

    fn at(&mut self) -> Timestamp {
        Timestamp::from_microsecond(1_750_000_000_000_000 + self.rng.random_range(0..40_000_000_000_000)).unwrap()
    }

    fn day(&mut self) -> Date {
        self.at().to_zoned(TimeZone::UTC).date()
    }

    fn rating(&mut self) -> Rating {
        Rating::new(Field::Rating, self.rng.random_range(1..=5)).unwrap()
    }

    fn confidence(&mut self) -> Confidence {
        Confidence::new(self.rng.random_range(0..=10) * 10).unwrap()
    }

    fn pick<T: Copy>(&mut self, choices: &[T]) -> T {
        choices[self.rng.random_range(0..choices.len())]
    }

    async fn write<T: Transaction>(&mut self, tx: &mut T) {
        let scale_source = scale::builtin()[0].source.replacen("id = \"", "id = \"mine-", 1);
        let scale = Scale::from_toml(&scale_source).unwrap();
        if self.rng.random_bool(0.5) {
            tx.insert_scale(&scale).await.unwrap();
        }
        let mut days = 0;
        for d in 0..self.rng.random_range(1..4) {
            let domain = Domain {
                id: DomainId::from_uuid(self.id()),
                name: self.name(d),
                slug: format!("domain-{d}"),
                area: self.pick(&[LifeArea::Career, LifeArea::Health, LifeArea::Other]),
                description: self.maybe(Self::text),
                created_at: self.at(),
                archived_at: self.maybe(Self::at),
            };
            tx.insert_domain(&domain).await.unwrap();
            self.sources(tx, &domain, &scale).await;
            for g in 0..self.rng.random_range(0..3) {
                let goal = Goal {
                    id: GoalId::from_uuid(self.id()),
                    domain_id: domain.id,
                    statement: self.name(g),
                    slug: format!("goal-{d}-{g}"),
                    target: self.maybe(|w| Target {
                        amount: w.rng.random_range(1..100) as f64 / 4.0,
                        unit: w.maybe(Self::text),
                    }),
                    deadline: self.maybe(Self::day),
                    why: self.maybe(Self::text),
                    target_success: self.maybe(|w| w.pick(&[0.7, 0.75, 0.9])),
                    created_at: self.at(),
                    done_at: self.maybe(Self::at),
                };
                tx.insert_goal(&goal).await.unwrap();
                for c in 0..self.rng.random_range(0..4) {
                    let rung = Challenge {
                        id: ChallengeId::from_uuid(self.id()),
                        goal_id: goal.id,
                        title: self.name(c),
                        slug: format!("rung-{c}"),
                        difficulty: Difficulty::new(self.rng.random_range(1..=10) as f64).unwrap(),
                        criterion: self.maybe(Self::text),
                        position: c as u32,
                        created_at: self.at(),
                    };
                    tx.insert_challenge(&rung).await.unwrap();
                    self.attempts(tx, &rung, &goal).await;
                }
            }
            self.practice(tx, &domain, &mut days).await;
        }
        for _ in 0..self.rng.random_range(0..5) {
            let measures = Measures {
                sleep_hours: self.maybe(|w| SleepHours::new(w.rng.random_range(0..=240) as f64 / 10.0).unwrap()),
                exercise_minutes: self.maybe(|w| w.rng.random_range(0..120)),
                stress: self.maybe(Self::rating),
                energy: self.maybe(Self::rating),
                mood: self.maybe(Self::rating),
            };
            let checkin = Checkin { id: CheckinId::from_uuid(self.id()), at: self.at(), on: self.day(), measures };
            tx.insert_checkin(&checkin).await.unwrap();
        }
        for week in 1..self.rng.random_range(1..5) {
            let answers: BTreeMap<String, String> =
                [("well", self.text()), ("plan", self.text())].into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            let period = if week % 2 == 0 {
                Period::Week { year: 2026, week }
            } else {
                Period::Month { year: 2026, month: week }
            };
            tx.save_review(&Review { period, answers, saved_at: self.at() }).await.unwrap();
        }
        for _ in 0..self.rng.random_range(0..4) {
            let record = match self.rng.random_range(0..4) {
                0 => RecordRef::Attempt(AttemptId::from_uuid(self.id())),
                1 => RecordRef::Review(Period::Week { year: 2025, week: self.rng.random_range(1..53) }),
                2 => RecordRef::RestDay { domain: self.maybe(|w| DomainId::from_uuid(w.id())), on: self.day() },
                _ => RecordRef::PracticePlan(DomainId::from_uuid(self.id())),
            };
            tx.insert_tombstone(&Tombstone { record, deleted_at: self.at() }).await.unwrap();
        }
    }

    async fn sources<T: Transaction>(&mut self, tx: &mut T, domain: &Domain, scale: &Scale) {
        for n in 0..self.rng.random_range(0..3) {
            let model = RoleModel {
                id: RoleModelId::from_uuid(self.id()),
                domain_id: domain.id,
                name: self.name(n),
                similarity: self.maybe(Self::rating),
                process: self.maybe(Self::text),
                created_at: self.at(),
            };
            tx.insert_role_model(&model).await.unwrap();
            let feedback = Feedback {
                id: FeedbackId::from_uuid(self.id()),
                domain_id: domain.id,
                from: self.name(n),
                credibility: self.maybe(Self::rating),
                specificity: self.maybe(|w| w.pick(&[Specificity::Specific, Specificity::General])),
                valence: self.maybe(|w| w.pick(&[Valence::Positive, Valence::Negative, Valence::Mixed])),
                text: self.text(),
                received_at: self.at(),
            };
            tx.insert_feedback(&feedback).await.unwrap();
            let evidence = BackfilledEvidence {
                id: EvidenceId::from_uuid(self.id()),
                domain_id: domain.id,
                title: self.text(),
                did: self.maybe(Self::text),
                at: self.at(),
                on: self.day(),
                created_at: self.at(),
            };
            tx.insert_evidence(&evidence).await.unwrap();
            let audit = Audit {
                id: AuditId::from_uuid(self.id()),
                domain_id: domain.id,
                scale_id: scale.id.clone(),
                taken_at: self.at(),
                taken_on: self.day(),
                threshold: Confidence::new(50).unwrap(),
                answers: (0..scale.items.len()).map(|_| self.confidence()).collect(),
                every: self.pick(&[Every::MONTHLY, Every::new(2, EveryUnit::Week).unwrap()]),
            };
            tx.insert_audit(&audit).await.unwrap();
        }
    }

    async fn attempts<T: Transaction>(&mut self, tx: &mut T, rung: &Challenge, goal: &Goal) {
        for _ in 0..self.rng.random_range(0..6) {
            let forecast = Forecast {
                confidence: self.confidence(),
                engine: self.maybe(|w| w.rng.random_range(0.0..1.0)),
                state: State {
                    sleep_hours: self.maybe(|w| SleepHours::new(w.rng.random_range(0..=24) as f64).unwrap()),
                    energy: self.maybe(Self::rating),
                    stress: self.maybe(Self::rating),
                },
                planned_at: self.at(),
                planned_on: self.day(),
            };
            let record = self.maybe(|w| Record {
                outcome: w.pick(&[Outcome::Success, Outcome::Partial, Outcome::Failure]),
                effort: w.maybe(Self::rating),
                did: w.maybe(Self::text),
                because: w.maybe(Self::text),
                attribution: Attribution {
                    cause: w.maybe(|w| w.pick(&[Cause::Ability, Cause::Effort, Cause::Luck, Cause::Other])),
                    locus: w.maybe(|w| w.pick(&[Locus::Internal, Locus::External])),
                    stability: w.maybe(|w| w.pick(&[Stability::Stable, Stability::Unstable])),
                    control: w.maybe(|w| w.pick(&[Control::Controllable, Control::Uncontrollable])),
                },
                lesson: w.maybe(Self::text),
                recorded_at: w.at(),
            });
            let attempt = Attempt {
                id: AttemptId::from_uuid(self.id()),
                challenge_id: rung.id,
                goal_id: goal.id,
                domain_id: goal.domain_id,
                forecast,
                record,
            };
            tx.insert_attempt(&attempt).await.unwrap();
            if attempt.record.as_ref().is_some_and(|r| r.outcome == Outcome::Failure) && self.rng.random_bool(0.5) {
                let plan = Reattribution {
                    attempt_id: attempt.id,
                    cause: self.pick(&[Cause::Effort, Cause::Strategy, Cause::Preparation]),
                    next_time: self.text(),
                    if_then: IfThen::parse(&format!("If it is Monday, then I will {}", self.text())).unwrap(),
                    created_at: self.at(),
                };
                tx.insert_reattribution(&plan).await.unwrap();
            }
            if attempt.record.is_some() && self.rng.random_bool(0.3) {
                let celebration = Celebration {
                    id: CelebrationId::from_uuid(self.id()),
                    domain_id: goal.domain_id,
                    kind: CelebrationKind::Rung,
                    subject: attempt.id.to_string(),
                    title: self.text(),
                    at: self.at(),
                    effort: self.maybe(Self::text),
                    strategy: self.maybe(Self::text),
                };
                tx.insert_celebration(&celebration).await.unwrap();
            }
        }
    }

    async fn practice<T: Transaction>(&mut self, tx: &mut T, domain: &Domain, days: &mut i64) {
        if self.rng.random_bool(0.5) {
            let plan = PracticePlan {
                domain_id: domain.id,
                minutes: self.rng.random_range(5..60),
                days: self.pick(&["mon,wed,fri", "daily", "weekend"]).parse().unwrap(),
                starts_on: self.day(),
                created_at: self.at(),
            };
            tx.set_practice_plan(&plan).await.unwrap();
        }
        for _ in 0..self.rng.random_range(0..4) {
            let session = PracticeSession {
                id: SessionId::from_uuid(self.id()),
                domain_id: domain.id,
                minutes: self.rng.random_range(1..90),
                note: self.maybe(Self::text),
                at: self.at(),
                on: self.day(),
            };
            tx.insert_practice_session(&session).await.unwrap();
            // Rest days are one per day and domain: each gets a day of its own.
            *days += 1;
            let on = Date::constant(2026, 1, 1).checked_add(days.days()).unwrap();
            let domain_id = self.rng.random_bool(0.5).then_some(domain.id);
            tx.insert_rest_day(&RestDay { domain_id, on, declared_at: self.at() }).await.unwrap();
        }
        if self.rng.random_bool(0.3) {
            let program = Program {
                id: ProgramId::from_uuid(self.id()),
                domain_id: domain.id,
                template: ProgramTemplate::builtin("30-day-experiment").unwrap(),
                starts_on: self.day(),
                created_at: self.at(),
            };
            tx.insert_program(&program).await.unwrap();
        }
    }
}

/// Fills a new user's store from `seed` and `texts`, exports it, imports that into another new
/// user's empty store (in `into`), exports again, and compares.
async fn round_trip<S: Store + Clone>(store: &S, into: &S, seed: u64, texts: Vec<String>) {
    let clock: Arc<dyn Clock> =
        Arc::new(FixedClock(Timestamp::from_second(1_790_000_000).unwrap().to_zoned(TimeZone::UTC)));
    let (source, target) = (Uuid::now_v7(), Uuid::now_v7());
    let source = store.add_user(&source.to_string()).await.unwrap();
    let target = into.add_user(&target.to_string()).await.unwrap();
    let mut tx = store.begin(source, Access::Write).await.unwrap();
    Writer { rng: StdRng::seed_from_u64(seed), texts }.write(&mut tx).await;
    tx.commit().await.unwrap();

    let mut first = Vec::new();
    App::for_user(store.clone(), clock.clone(), source).export_json(&mut first).await.unwrap();
    assert_valid(&first);
    let into = App::for_user(into.clone(), clock, target);
    let report = into.import_json(std::io::Cursor::new(first.clone())).await.unwrap();
    assert!(report.skipped.is_empty(), "nothing is skipped in an empty store: {report:?}");
    let mut second = Vec::new();
    into.export_json(&mut second).await.unwrap();
    assert_eq!(String::from_utf8(second).unwrap(), String::from_utf8(first).unwrap());
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Runs `cases` random round trips from `store` into `into`, each with users of its own.
fn property<S: Store + Clone>(runtime: &tokio::runtime::Runtime, store: &S, into: &S, cases: u32) {
    // Failures are reported with their seed and texts; no file of past failures is kept.
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let strategy = (any::<u64>(), proptest::collection::vec(text(), 1..6));
    let result = runner.run(&strategy, |(seed, texts)| {
        runtime.block_on(round_trip(store, into, seed, texts));
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

#[test]
fn memory_round_trips() {
    let store = MemoryStore::new();
    property(&runtime(), &store, &store, 32);
}

#[test]
fn sqlite_round_trips() {
    let runtime = runtime();
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str| runtime.block_on(SqliteStore::open(&dir.path().join(name))).unwrap();
    // Records are keyed by id alone in an SQLite file, so the copy goes to a file of its own.
    property(&runtime, &open("from.db"), &open("into.db"), 24);
}

#[test]
fn postgres_round_trips() {
    let Some(db) = mastery_store_postgres::testing::test_database() else { return };
    let runtime = runtime();
    let store = runtime.block_on(mastery_store_postgres::PgStore::connect(db.url(), 2)).unwrap();
    property(&runtime, &store, &store, 12);
}
