//! Reading an export back, record by record, into one write transaction.
//!
//! The document is parsed on a thread of its own and handed over one record at a time through a
//! small channel: serde's visitors cannot wait for the store, and reading the whole file first
//! would hold all of it in memory. Every record is checked as it arrives (its shape and values by
//! the domain's own deserialisers, every string for length and control characters, slugs, the
//! ids an attempt repeats from its rung) and the first bad one stops the import, naming where it
//! is; the transaction is then dropped, so the store is as it was.
//!
//! Merging is by id: a record whose id (or key, for those without one: a domain's plan, a day of
//! rest, a review's period) is already in the store is kept as it is there; a new one is added;
//! one that cannot go in beside what is there (a domain whose name another domain already has)
//! is skipped with the reason, and so are the records that hang off it.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use jiff::Timestamp;
use mastery_domain::attempt::Attempt;
use mastery_domain::audit::Audit;
use mastery_domain::celebration::Celebration;
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::Checkin;
use mastery_domain::domain::Domain;
use mastery_domain::evidence::BackfilledEvidence;
use mastery_domain::feedback::Feedback;
use mastery_domain::goal::Goal;
use mastery_domain::ids::{ChallengeId, DomainId, GoalId};
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::program::Program;
use mastery_domain::reattribution::Reattribution;
use mastery_domain::record::{RecordRef, Tombstone};
use mastery_domain::review::Review;
use mastery_domain::role_model::RoleModel;
use mastery_domain::scale::Scale;
use mastery_domain::text::{MAX_TEXT, slugify};
use mastery_store::{Access, Store, StoreError, Transaction, Version};
use serde::Serialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::{FORMAT, OLDEST_READ, SECTIONS, ScaleRecord, TombstoneRecord, VERSION};
use crate::{App, AppError};

/// Records parsed ahead of the store: enough to keep both sides busy, few enough to bound memory.
const AHEAD: usize = 256;
/// Longest scale source accepted: forty items and their levels fit many times over.
const MAX_SCALE_SOURCE: usize = 100_000;
/// Skipped records listed by name in the report; beyond this they are only counted.
const LISTED: usize = 100;

/// What an import did, section by section.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub sections: BTreeMap<&'static str, SectionReport>,
    /// The first skipped records, with why.
    pub skipped: Vec<Skipped>,
    /// Skipped records beyond those listed.
    pub more_skipped: usize,
    /// What an importer from another tool left out of every record, and why (a column it does
    /// not read).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Counts of one section's records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SectionReport {
    /// New to the store.
    pub added: usize,
    /// Already in the store (same id, or same key); the store's version was kept.
    pub kept: usize,
    /// Left out; see [`ImportReport::skipped`].
    pub skipped: usize,
}

/// A record left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Where in the document: `domains[2]`.
    pub place: String,
    pub why: String,
}

impl<S: Store> App<S> {
    /// Reads an export from `input` into the store in one transaction: all of it, or, at the
    /// first bad record, nothing ([`AppError::BadFile`] says where and what).
    pub async fn import_json<R: Read + Send + 'static>(&self, input: R) -> Result<ImportReport, AppError> {
        self.import(input, true).await
    }

    /// What [`App::import_json`] would do with `input`, found by doing it all and then
    /// discarding the transaction: nothing is written.
    pub async fn preview_import<R: Read + Send + 'static>(&self, input: R) -> Result<ImportReport, AppError> {
        self.import(input, false).await
    }

    async fn import<R: Read + Send + 'static>(&self, input: R, commit: bool) -> Result<ImportReport, AppError> {
        let (sender, mut receiver) = mpsc::channel(AHEAD);
        std::thread::Builder::new()
            .name("import".to_owned())
            .spawn(move || parse(input, &sender))
            .map_err(|e| AppError::Internal(format!("could not start reading the file: {e}")))?;
        let mut tx = self.store.begin(self.user, Access::Write).await?;
        let mut merge = Merge::load(&mut tx, self.clock.now().timestamp()).await?;
        loop {
            match receiver.recv().await {
                Some(Message::Record { place, record }) => merge.apply(&mut tx, place, record).await?,
                Some(Message::Done) => break,
                Some(Message::Failed(error)) => return Err(error),
                None => return Err(AppError::Internal("reading the file stopped half-way".to_owned())),
            }
        }
        if commit {
            crate::revise::barrier(&mut tx, self.clock.now().timestamp(), "Imported a Mastery export").await?;
            tx.commit().await?;
        }
        Ok(merge.report)
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing, on the reading thread.

pub(super) enum Message {
    Record { place: String, record: Record },
    Done,
    Failed(AppError),
}

/// One record of the document, checked.
pub(super) enum Record {
    Scale(Box<Scale>),
    Domain(Domain),
    Goal(Goal),
    Challenge(Challenge),
    RoleModel(RoleModel),
    Feedback(Feedback),
    Evidence(BackfilledEvidence),
    Checkin(Checkin),
    Audit(Audit),
    PracticePlan(PracticePlan),
    PracticeSession(PracticeSession),
    RestDay(RestDay),
    Review(Review),
    Program(Program),
    Celebration(Celebration),
    Attempt(Box<Attempt>),
    Reattribution(Reattribution),
    Tombstone(Tombstone),
}

impl Record {
    /// Reads a record of `section` from its JSON, or says what is wrong with it.
    pub(super) fn read(section: &str, value: Value) -> Result<Self, String> {
        // A scale is TOML, which may end its lines the Windows way.
        let scale = section == "scales";
        let limit = if scale { MAX_SCALE_SOURCE } else { MAX_TEXT };
        check_strings(&value, &mut String::new(), Limits { len: limit, carriage_return: scale })?;
        Ok(match section {
            "scales" => {
                let record: ScaleRecord = typed(value)?;
                let scale = Scale::from_toml(&record.toml).map_err(|e| format!("toml: {e}"))?;
                if scale.id != record.id {
                    return Err(format!("id '{}' differs from the id in its toml, '{}'", record.id, scale.id));
                }
                Record::Scale(Box::new(scale))
            }
            "domains" => Record::Domain(slugged(typed(value)?, |d: &Domain| &d.slug)?),
            "goals" => Record::Goal(slugged(typed(value)?, |g: &Goal| &g.slug)?),
            "challenges" => Record::Challenge(slugged(typed(value)?, |c: &Challenge| &c.slug)?),
            "role_models" => Record::RoleModel(typed(value)?),
            "feedback" => Record::Feedback(typed(value)?),
            "evidence" => Record::Evidence(typed(value)?),
            "checkins" => Record::Checkin(typed(value)?),
            "audits" => Record::Audit(typed(value)?),
            "practice_plans" => Record::PracticePlan(typed(value)?),
            "practice_sessions" => Record::PracticeSession(typed(value)?),
            "rest_days" => Record::RestDay(typed(value)?),
            "reviews" => Record::Review(typed(value)?),
            "programs" => Record::Program(typed(value)?),
            "celebrations" => Record::Celebration(typed(value)?),
            "attempts" => Record::Attempt(Box::new(typed(value)?)),
            "plans_for_next_time" => Record::Reattribution(typed(value)?),
            "tombstones" => {
                let record: TombstoneRecord = typed(value)?;
                let deleted = RecordRef::parse(&record.kind, &record.key).ok_or_else(|| {
                    format!("'{} {}' names no kind of record this Mastery keeps", record.kind, record.key)
                })?;
                Record::Tombstone(Tombstone { record: deleted, deleted_at: record.deleted_at })
            }
            other => return Err(format!("unknown section '{other}'")),
        })
    }
}

impl Record {
    /// The record as the export writes it (the domain type's own serde form; a scale as its id
    /// and TOML, a deletion as its kind and key): what [`Record::read`] reads back. The fuzz
    /// target of the import (`portable::fuzzing`) checks that it reads back the same.
    pub(super) fn exported(&self) -> Result<Value, serde_json::Error> {
        match self {
            Record::Scale(scale) => serde_json::to_value(ScaleRecord::from(scale.as_ref().clone())),
            Record::Domain(record) => serde_json::to_value(record),
            Record::Goal(record) => serde_json::to_value(record),
            Record::Challenge(record) => serde_json::to_value(record),
            Record::RoleModel(record) => serde_json::to_value(record),
            Record::Feedback(record) => serde_json::to_value(record),
            Record::Evidence(record) => serde_json::to_value(record),
            Record::Checkin(record) => serde_json::to_value(record),
            Record::Audit(record) => serde_json::to_value(record),
            Record::PracticePlan(record) => serde_json::to_value(record),
            Record::PracticeSession(record) => serde_json::to_value(record),
            Record::RestDay(record) => serde_json::to_value(record),
            Record::Review(record) => serde_json::to_value(record),
            Record::Program(record) => serde_json::to_value(record),
            Record::Celebration(record) => serde_json::to_value(record),
            Record::Attempt(record) => serde_json::to_value(record),
            Record::Reattribution(record) => serde_json::to_value(record),
            Record::Tombstone(tombstone) => serde_json::to_value(TombstoneRecord::from(*tombstone)),
        }
    }
}

fn typed<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Refuses a slug the app would never have made: names on the command line resolve through them.
fn slugged<T>(record: T, slug: fn(&T) -> &String) -> Result<T, String> {
    let given = slug(&record);
    if slugify(given).as_ref() != Some(given) {
        return Err(format!("slug '{given}' is not a slug (lower-case letters and digits joined by hyphens)"));
    }
    Ok(record)
}

/// What a string in a record may be.
#[derive(Clone, Copy)]
struct Limits {
    /// Characters at most.
    len: usize,
    carriage_return: bool,
}

/// Every string within `value` is at most `limits.len` characters and holds no control
/// character but line feeds and tabs (an escape sequence in a name would drive the terminal that
/// lists it; a lone carriage return would overwrite what it shows).
fn check_strings(value: &Value, path: &mut String, limits: Limits) -> Result<(), String> {
    match value {
        Value::String(text) => {
            let len = text.chars().count();
            if len > limits.len {
                return Err(format!("{}{len} characters, more than the {} allowed", at(path), limits.len));
            }
            let allowed = |c: char| matches!(c, '\n' | '\t') || (c == '\r' && limits.carriage_return);
            if text.chars().any(|c| c.is_control() && !allowed(c)) {
                return Err(format!("{}a control character (only line ends and tabs are allowed)", at(path)));
            }
            Ok(())
        }
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
            let before = path.len();
            path.push_str(&format!("[{i}]"));
            let checked = check_strings(item, path, limits);
            path.truncate(before);
            checked
        }),
        Value::Object(fields) => fields.iter().try_for_each(|(key, item)| {
            let before = path.len();
            path.push('.');
            path.push_str(key);
            let checked = check_strings(item, path, limits);
            path.truncate(before);
            checked
        }),
        _ => Ok(()),
    }
}

fn at(path: &str) -> String {
    if path.is_empty() { String::new() } else { format!("{}: ", &path[1..]) }
}

/// What the visitors share: where records go, and the first problem found.
struct Shared<'a> {
    sender: &'a mpsc::Sender<Message>,
    failure: RefCell<Option<AppError>>,
}

impl Shared<'_> {
    /// Records the problem and stops the parse.
    fn fail<E: de::Error>(&self, place: impl Into<String>, why: impl Into<String>) -> E {
        *self.failure.borrow_mut() = Some(AppError::BadFile { place: place.into(), why: why.into() });
        E::custom("refused")
    }
}

pub(super) fn parse(input: impl Read, sender: &mpsc::Sender<Message>) {
    let shared = Shared { sender, failure: RefCell::new(None) };
    let mut reader = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
    let result = reader.deserialize_map(Top(&shared)).and_then(|()| reader.end());
    let message = match (result, shared.failure.into_inner()) {
        (Ok(()), _) => Message::Done,
        (Err(_), Some(failure)) => Message::Failed(failure),
        (Err(error), None) => Message::Failed(json_error(&error)),
    };
    // The other side has gone only when it already failed and said why.
    let _ = sender.blocking_send(message);
}

/// A syntax error (or a file cut short) as a place in the file and what is wrong there.
fn json_error(error: &serde_json::Error) -> AppError {
    let position = format!(" at line {} column {}", error.line(), error.column());
    let text = error.to_string();
    let why = text.strip_suffix(&position).unwrap_or(&text);
    let why = if error.is_eof() { format!("{why}: the file is cut short") } else { why.to_owned() };
    AppError::BadFile { place: format!("line {}, column {}", error.line(), error.column()), why }
}

struct Top<'a>(&'a Shared<'a>);

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Mastery export (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let shared = self.0;
        let (mut format, mut version) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let given: String = map.next_value()?;
                    if given != FORMAT {
                        return Err(shared.fail("format", format!("'{given}' is not a Mastery export ('{FORMAT}')")));
                    }
                    format = true;
                }
                "version" => {
                    let given: u64 = map.next_value()?;
                    if !(u64::from(OLDEST_READ)..=u64::from(VERSION)).contains(&given) {
                        let why = format!(
                            "this file is version {given}; this Mastery reads versions {OLDEST_READ} to {VERSION} (a newer file needs a newer Mastery)"
                        );
                        return Err(shared.fail("version", why));
                    }
                    version = true;
                }
                "exported_at" => {
                    map.next_value::<de::IgnoredAny>()?;
                }
                name => {
                    let Some(section) = SECTIONS.iter().copied().find(|s| *s == name) else {
                        return Err(
                            shared.fail(name, format!("unknown section; the sections are {}", SECTIONS.join(", ")))
                        );
                    };
                    if !(format && version) {
                        return Err(shared.fail(section, "\"format\" and \"version\" must come before the records"));
                    }
                    map.next_value_seed(Section { section, shared })?;
                }
            }
        }
        if !(format && version) {
            return Err(shared.fail("the document", "no \"format\" and \"version\": this is not a Mastery export"));
        }
        Ok(())
    }
}

struct Section<'a> {
    section: &'static str,
    shared: &'a Shared<'a>,
}

impl<'de> DeserializeSeed<'de> for Section<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Section<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an array of {}", self.section)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            let place = format!("{}[{index}]", self.section);
            let record = Record::read(self.section, value).map_err(|why| self.shared.fail(place.clone(), why))?;
            if self.shared.sender.blocking_send(Message::Record { place, record }).is_err() {
                return Err(de::Error::custom("the import stopped"));
            }
            index += 1;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Merging, in the store's transaction.

/// What became of one record.
enum Fate {
    Added,
    Kept,
    Skipped(String),
}

/// Knows what the store already holds, and what was left out so far.
struct Merge {
    report: ImportReport,
    /// Ids of kinds the store cannot look up one by one (section, id), read once up front.
    present: HashSet<(&'static str, Uuid)>,
    scales: HashSet<String>,
    plans: HashSet<DomainId>,
    /// Records left out; what hangs off them is left out too.
    skipped: HashSet<Uuid>,
    /// Each rung's goal and domain, which an attempt repeats and must repeat rightly.
    rungs: HashMap<ChallengeId, (GoalId, DomainId)>,
    goals: HashMap<GoalId, DomainId>,
    /// Deletions the store knows, read once up front.
    tombstones: HashSet<RecordRef>,
    /// When the import happens: the version of each record it adds, for sync.
    now: Timestamp,
}

impl Merge {
    async fn load<T: Transaction>(tx: &mut T, now: Timestamp) -> Result<Self, StoreError> {
        let mut present = HashSet::new();
        let mut note = |section, ids: Vec<Uuid>| present.extend(ids.into_iter().map(|id| (section, id)));
        note("role_models", tx.role_models(None).await?.iter().map(|r| r.id.as_uuid()).collect());
        note("feedback", tx.feedback(None).await?.iter().map(|r| r.id.as_uuid()).collect());
        note("evidence", tx.backfilled_evidence().await?.iter().map(|r| r.id.as_uuid()).collect());
        note("checkins", tx.checkins().await?.iter().map(|r| r.id.as_uuid()).collect());
        note("audits", tx.audits(None).await?.iter().map(|r| r.id.as_uuid()).collect());
        note("practice_sessions", tx.practice_sessions(None).await?.iter().map(|r| r.id.as_uuid()).collect());
        note("programs", tx.programs().await?.iter().map(|r| r.id.as_uuid()).collect());
        Ok(Self {
            report: ImportReport::default(),
            present,
            scales: tx.scales().await?.into_iter().map(|s| s.id).collect(),
            plans: tx.practice_plans().await?.into_iter().map(|p| p.domain_id).collect(),
            skipped: HashSet::new(),
            rungs: HashMap::new(),
            goals: HashMap::new(),
            tombstones: tx.tombstones().await?.into_iter().map(|t| t.record).collect(),
            now,
        })
    }

    async fn apply<T: Transaction>(&mut self, tx: &mut T, place: String, record: Record) -> Result<(), AppError> {
        let section = section_of(&record);
        let version = version_of(&record, self.now);
        let fate = match self.fate(tx, record).await {
            Ok(fate) => fate,
            Err(StoreError::NotFound { entity, key }) => {
                let why =
                    format!("it points at {entity} {key}, which is neither earlier in the file nor in your store");
                return Err(AppError::BadFile { place, why });
            }
            Err(other) => return Err(other.into()),
        };
        let counts = self.report.sections.entry(section).or_default();
        match fate {
            Fate::Added => {
                counts.added += 1;
                if let Some(version) = version {
                    tx.note_version(&version, true).await?;
                }
            }
            Fate::Kept => counts.kept += 1,
            Fate::Skipped(why) => {
                counts.skipped += 1;
                if self.report.skipped.len() < LISTED {
                    self.report.skipped.push(Skipped { place, why });
                } else {
                    self.report.more_skipped += 1;
                }
            }
        }
        Ok(())
    }

    /// Adds the record unless the store has it, or something it hangs off was left out.
    async fn fate<T: Transaction>(&mut self, tx: &mut T, record: Record) -> Result<Fate, StoreError> {
        match record {
            Record::Scale(scale) if self.scales.contains(&scale.id) => Ok(Fate::Kept),
            Record::Scale(scale) => added_unless_taken(tx.insert_scale(&scale).await, Fate::Kept),
            Record::Domain(d) if tx.domain(d.id).await?.is_some() => Ok(Fate::Kept),
            Record::Domain(d) => self.insert(d.id.as_uuid(), tx.insert_domain(&d).await),
            Record::Goal(g) => {
                self.goals.insert(g.id, g.domain_id);
                if let Some(fate) = self.left_out(g.domain_id.as_uuid(), "domain") {
                    self.skipped.insert(g.id.as_uuid());
                    return Ok(fate);
                }
                if tx.goal(g.id).await?.is_some() {
                    return Ok(Fate::Kept);
                }
                self.insert(g.id.as_uuid(), tx.insert_goal(&g).await)
            }
            Record::Challenge(c) => {
                if let Some(fate) = self.left_out(c.goal_id.as_uuid(), "goal") {
                    self.skipped.insert(c.id.as_uuid());
                    return Ok(fate);
                }
                let domain = self.domain_of_goal(tx, c.goal_id).await?;
                self.rungs.insert(c.id, (c.goal_id, domain));
                if tx.challenge(c.id).await?.is_some() {
                    return Ok(Fate::Kept);
                }
                self.insert(c.id.as_uuid(), tx.insert_challenge(&c).await)
            }
            Record::Attempt(a) => {
                if let Some(fate) = self.left_out(a.challenge_id.as_uuid(), "challenge") {
                    self.skipped.insert(a.id.as_uuid());
                    return Ok(fate);
                }
                if self.rung(tx, a.challenge_id).await? != (a.goal_id, a.domain_id) {
                    self.skipped.insert(a.id.as_uuid());
                    return Ok(Fate::Skipped(format!(
                        "its goal_id and domain_id are not those of its challenge {}",
                        a.challenge_id
                    )));
                }
                if tx.attempt(a.id).await?.is_some() {
                    return Ok(Fate::Kept);
                }
                self.insert(a.id.as_uuid(), tx.insert_attempt(&a).await)
            }
            Record::Reattribution(r) => {
                if let Some(fate) = self.left_out(r.attempt_id.as_uuid(), "attempt") {
                    return Ok(fate);
                }
                if tx.reattribution(r.attempt_id).await?.is_some() {
                    return Ok(Fate::Kept);
                }
                added_unless_taken(tx.insert_reattribution(&r).await, Fate::Kept)
            }
            Record::RoleModel(r) => {
                self.in_domain(r.domain_id, ("role_models", r.id.as_uuid()), tx.insert_role_model(&r)).await
            }
            Record::Feedback(f) => {
                self.in_domain(f.domain_id, ("feedback", f.id.as_uuid()), tx.insert_feedback(&f)).await
            }
            Record::Evidence(e) => {
                self.in_domain(e.domain_id, ("evidence", e.id.as_uuid()), tx.insert_evidence(&e)).await
            }
            Record::Audit(a) => self.in_domain(a.domain_id, ("audits", a.id.as_uuid()), tx.insert_audit(&a)).await,
            Record::PracticeSession(s) => {
                self.in_domain(s.domain_id, ("practice_sessions", s.id.as_uuid()), tx.insert_practice_session(&s)).await
            }
            Record::Program(p) => {
                self.in_domain(p.domain_id, ("programs", p.id.as_uuid()), tx.insert_program(&p)).await
            }
            Record::Checkin(c) if self.present.contains(&("checkins", c.id.as_uuid())) => Ok(Fate::Kept),
            Record::Checkin(c) => added_unless_taken(tx.insert_checkin(&c).await, Fate::Kept),
            Record::PracticePlan(p) => {
                if let Some(fate) = self.left_out(p.domain_id.as_uuid(), "domain") {
                    return Ok(fate);
                }
                // A domain has one plan, and setting one replaces it: the store's stays.
                if !self.plans.insert(p.domain_id) {
                    return Ok(Fate::Kept);
                }
                tx.set_practice_plan(&p).await.map(|()| Fate::Added)
            }
            Record::RestDay(r) => {
                if let Some(fate) = r.domain_id.and_then(|d| self.left_out(d.as_uuid(), "domain")) {
                    return Ok(fate);
                }
                added_unless_taken(tx.insert_rest_day(&r).await, Fate::Kept)
            }
            // A deletion the store already knows keeps the store's time.
            Record::Tombstone(t) if self.tombstones.contains(&t.record) => Ok(Fate::Kept),
            Record::Tombstone(t) => {
                self.tombstones.insert(t.record);
                tx.insert_tombstone(&t).await.map(|()| Fate::Added)
            }
            Record::Review(r) if tx.review(r.period).await?.is_some() => Ok(Fate::Kept),
            Record::Review(r) => tx.save_review(&r).await.map(|()| Fate::Added),
            Record::Celebration(c) => {
                if let Some(fate) = self.left_out(c.domain_id.as_uuid(), "domain") {
                    return Ok(fate);
                }
                if tx.celebration(c.id).await?.is_some() {
                    return Ok(Fate::Kept);
                }
                let celebrated = Fate::Skipped(format!("'{}' was already celebrated in your store", c.title));
                added_unless_taken(tx.insert_celebration(&c).await, celebrated)
            }
        }
    }

    /// The fate of a record hanging off `parent` when the parent was left out.
    fn left_out(&self, parent: Uuid, kind: &str) -> Option<Fate> {
        self.skipped.contains(&parent).then(|| Fate::Skipped(format!("its {kind} {parent} was skipped")))
    }

    /// A record of a kind read up front, in a domain.
    async fn in_domain(
        &mut self,
        domain: DomainId,
        key: (&'static str, Uuid),
        insert: impl Future<Output = Result<(), StoreError>>,
    ) -> Result<Fate, StoreError> {
        if let Some(fate) = self.left_out(domain.as_uuid(), "domain") {
            return Ok(fate);
        }
        if !self.present.insert(key) {
            return Ok(Fate::Kept);
        }
        added_unless_taken(insert.await, Fate::Kept)
    }

    /// Inserts a parent record; when the store refuses it beside what is there, it and what
    /// hangs off it are skipped.
    fn insert(&mut self, id: Uuid, inserted: Result<(), StoreError>) -> Result<Fate, StoreError> {
        match inserted {
            Ok(()) => Ok(Fate::Added),
            Err(StoreError::Conflict { entity, key }) => {
                self.skipped.insert(id);
                Ok(Fate::Skipped(format!("your store already has a {entity} '{key}'")))
            }
            Err(other) => Err(other),
        }
    }

    async fn domain_of_goal<T: Transaction>(&mut self, tx: &mut T, goal: GoalId) -> Result<DomainId, StoreError> {
        if let Some(domain) = self.goals.get(&goal) {
            return Ok(*domain);
        }
        let found = tx.goal(goal).await?.ok_or(StoreError::NotFound { entity: "goal", key: goal.to_string() })?;
        self.goals.insert(goal, found.domain_id);
        Ok(found.domain_id)
    }

    async fn rung<T: Transaction>(&mut self, tx: &mut T, id: ChallengeId) -> Result<(GoalId, DomainId), StoreError> {
        if let Some(rung) = self.rungs.get(&id) {
            return Ok(*rung);
        }
        let found = tx.challenge(id).await?.ok_or(StoreError::NotFound { entity: "challenge", key: id.to_string() })?;
        let rung = (found.goal_id, self.domain_of_goal(tx, found.goal_id).await?);
        self.rungs.insert(id, rung);
        Ok(rung)
    }
}

/// Added, or `taken` when the store already holds a record with the same key.
fn added_unless_taken(inserted: Result<(), StoreError>, taken: Fate) -> Result<Fate, StoreError> {
    match inserted {
        Ok(()) => Ok(Fate::Added),
        Err(StoreError::Conflict { .. }) => Ok(taken),
        Err(other) => Err(other),
    }
}

/// The version sync gives a record the import adds: made here now, or for a deletion, at its time.
fn version_of(record: &Record, now: Timestamp) -> Option<Version> {
    let live = |record| Some(Version { record, updated_at: now, device: String::new(), deleted: false });
    match record {
        Record::Scale(_) => None,
        Record::Domain(d) => live(RecordRef::Domain(d.id)),
        Record::Goal(g) => live(RecordRef::Goal(g.id)),
        Record::Challenge(c) => live(RecordRef::Challenge(c.id)),
        Record::RoleModel(r) => live(RecordRef::RoleModel(r.id)),
        Record::Feedback(f) => live(RecordRef::Feedback(f.id)),
        Record::Evidence(e) => live(RecordRef::Evidence(e.id)),
        Record::Checkin(c) => live(RecordRef::Checkin(c.id)),
        Record::Audit(a) => live(RecordRef::Audit(a.id)),
        Record::PracticePlan(p) => live(RecordRef::PracticePlan(p.domain_id)),
        Record::PracticeSession(s) => live(RecordRef::PracticeSession(s.id)),
        Record::RestDay(r) => live(RecordRef::RestDay { domain: r.domain_id, on: r.on }),
        Record::Review(r) => live(RecordRef::Review(r.period)),
        Record::Program(p) => live(RecordRef::Program(p.id)),
        Record::Celebration(c) => live(RecordRef::Celebration(c.id)),
        Record::Attempt(a) => live(RecordRef::Attempt(a.id)),
        Record::Reattribution(r) => live(RecordRef::Reattribution(r.attempt_id)),
        Record::Tombstone(t) => {
            Some(Version { record: t.record, updated_at: t.deleted_at, device: String::new(), deleted: true })
        }
    }
}

fn section_of(record: &Record) -> &'static str {
    match record {
        Record::Scale(_) => "scales",
        Record::Domain(_) => "domains",
        Record::Goal(_) => "goals",
        Record::Challenge(_) => "challenges",
        Record::RoleModel(_) => "role_models",
        Record::Feedback(_) => "feedback",
        Record::Evidence(_) => "evidence",
        Record::Checkin(_) => "checkins",
        Record::Audit(_) => "audits",
        Record::PracticePlan(_) => "practice_plans",
        Record::PracticeSession(_) => "practice_sessions",
        Record::RestDay(_) => "rest_days",
        Record::Review(_) => "reviews",
        Record::Program(_) => "programs",
        Record::Celebration(_) => "celebrations",
        Record::Attempt(_) => "attempts",
        Record::Reattribution(_) => "plans_for_next_time",
        Record::Tombstone(_) => "tombstones",
    }
}
