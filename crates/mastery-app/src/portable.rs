//! The person's records as one JSON document they can take anywhere, and bring back.
//!
//! "Your data, on your machine" includes leaving with it: `export` writes every record of the
//! person (the schema is `docs/export.schema.json`), and `import` restores such a document into
//! an empty store or merges it into one in use. Records are written in the domain's own serde
//! form, section by section, parents before children, so an importer can apply each record as it
//! reads it. Attempts, the one kind that grows without bound, are read a page at a time and
//! written as they come: memory stays flat however long the history (see `BENCHMARKS.md`).
//! Deletions travel too, as tombstones (kind, key and time), so a device or a sync that still
//! holds a deleted record learns it is gone.

mod csv;
mod daylio;
#[doc(hidden)]
pub mod fuzzing;
mod import;
mod loop_habits;
mod markdown;

use std::collections::BTreeMap;
use std::io::Write;

use mastery_domain::record::Tombstone;
use mastery_domain::scale::Scale;
use mastery_store::{Access, AttemptQuery, Store, Transaction};
use serde::{Deserialize, Serialize};

pub use csv::COLUMNS;
pub use import::{ImportReport, SectionReport};
pub use loop_habits::{DEFAULT_MINUTES, LoopExport};

use crate::{App, AppError};

/// What the document's `format` field says.
pub const FORMAT: &str = "mastery-export";
/// The document version this build writes. A change that an older reader would misread takes a
/// new version. Version 2 added `tombstones`.
pub const VERSION: u32 = 2;
/// The oldest version this build reads: a version 1 document is a version 2 one without
/// tombstones.
pub const OLDEST_READ: u32 = 1;

/// Attempts read per page while exporting: enough to keep the store busy, few enough that
/// memory does not depend on the number of attempts.
const PAGE: usize = 500;

/// The sections of the document, in the order they are written: every record's parents come
/// before it (a domain before its goals, a rung before its attempts).
pub const SECTIONS: [&str; 18] = [
    "scales",
    "domains",
    "goals",
    "challenges",
    "role_models",
    "feedback",
    "evidence",
    "checkins",
    "audits",
    "practice_plans",
    "practice_sessions",
    "rest_days",
    "reviews",
    "programs",
    "celebrations",
    "attempts",
    "plans_for_next_time",
    "tombstones",
];

/// An imported scale as the document holds it: the TOML it was written in, which is what the
/// store keeps and what is validated again on import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleRecord {
    id: String,
    toml: String,
}

impl From<Scale> for ScaleRecord {
    fn from(scale: Scale) -> Self {
        Self { id: scale.id, toml: scale.source }
    }
}

/// A deletion as the document holds it: the record's kind (a section's name) and key, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TombstoneRecord {
    kind: String,
    key: String,
    deleted_at: jiff::Timestamp,
}

impl From<Tombstone> for TombstoneRecord {
    fn from(tombstone: Tombstone) -> Self {
        let record = tombstone.record;
        Self { kind: record.kind().to_owned(), key: record.key(), deleted_at: tombstone.deleted_at }
    }
}

/// How many records of each section an export wrote.
pub type Counts = BTreeMap<&'static str, usize>;

impl<S: Store> App<S> {
    /// Writes every record of the person to `out` as one JSON document, from one read
    /// transaction (a consistent snapshot); answers how many records each section holds.
    pub async fn export_json<W: Write + Send>(&self, out: W) -> Result<Counts, AppError> {
        let mut tx = self.store.begin(self.user, Access::Read).await?;
        let mut doc = Document { out, first: true };
        let exported_at = self.clock.now().timestamp();
        write!(doc.out, "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"exported_at\":\"{exported_at}\"")
            .map_err(AppError::Write)?;
        let counts = walk(&mut tx, &mut doc).await?;
        doc.out.write_all(b"\n}\n").and_then(|()| doc.out.flush()).map_err(AppError::Write)?;
        Ok(counts)
    }
}

/// Where an export's records go, section by section in [`SECTIONS`] order.
trait Sink {
    fn open(&mut self, section: &'static str) -> Result<(), AppError>;
    fn record<T: Serialize>(&mut self, record: &T) -> Result<(), AppError>;
    fn close(&mut self) -> Result<(), AppError>;
}

/// Reads every record of the transaction's user into `sink`, from the transaction's snapshot;
/// answers the count of each section.
async fn walk<T: Transaction, K: Sink + Send>(tx: &mut T, sink: &mut K) -> Result<Counts, AppError> {
    let mut counts = Counts::new();
    let scales: Vec<ScaleRecord> = tx.scales().await?.into_iter().map(ScaleRecord::from).collect();
    section(sink, &mut counts, "scales", scales)?;
    section(sink, &mut counts, "domains", tx.domains().await?)?;
    let goals = tx.goals(None).await?;
    let mut challenges = Vec::new();
    for goal in &goals {
        challenges.extend(tx.challenges(goal.id).await?);
    }
    section(sink, &mut counts, "goals", goals)?;
    section(sink, &mut counts, "challenges", challenges)?;
    section(sink, &mut counts, "role_models", tx.role_models(None).await?)?;
    section(sink, &mut counts, "feedback", tx.feedback(None).await?)?;
    section(sink, &mut counts, "evidence", tx.backfilled_evidence().await?)?;
    section(sink, &mut counts, "checkins", tx.checkins().await?)?;
    section(sink, &mut counts, "audits", tx.audits(None).await?)?;
    section(sink, &mut counts, "practice_plans", tx.practice_plans().await?)?;
    section(sink, &mut counts, "practice_sessions", tx.practice_sessions(None).await?)?;
    section(sink, &mut counts, "rest_days", tx.rest_days().await?)?;
    section(sink, &mut counts, "reviews", tx.reviews().await?)?;
    section(sink, &mut counts, "programs", tx.programs().await?)?;
    section(sink, &mut counts, "celebrations", tx.celebrations(None).await?)?;
    sink.open("attempts")?;
    let mut query = AttemptQuery { limit: Some(PAGE), ..AttemptQuery::default() };
    let mut attempts = 0;
    loop {
        let page = tx.attempts(&query).await?;
        for attempt in &page.items {
            sink.record(attempt)?;
        }
        attempts += page.items.len();
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    counts.insert("attempts", attempts);
    sink.close()?;
    section(sink, &mut counts, "plans_for_next_time", tx.reattributions(None).await?)?;
    let tombstones: Vec<TombstoneRecord> = tx.tombstones().await?.into_iter().map(TombstoneRecord::from).collect();
    section(sink, &mut counts, "tombstones", tombstones)?;
    Ok(counts)
}

fn section<K: Sink, T: Serialize>(
    sink: &mut K,
    counts: &mut Counts,
    name: &'static str,
    records: Vec<T>,
) -> Result<(), AppError> {
    sink.open(name)?;
    for record in &records {
        sink.record(record)?;
    }
    counts.insert(name, records.len());
    sink.close()
}

/// The JSON document: after the header, each section an array, one record a line.
struct Document<W> {
    out: W,
    /// No record written yet in the open section.
    first: bool,
}

impl<W: Write> Sink for Document<W> {
    fn open(&mut self, section: &'static str) -> Result<(), AppError> {
        self.first = true;
        write!(self.out, ",\n\"{section}\":[").map_err(AppError::Write)
    }

    fn record<T: Serialize>(&mut self, record: &T) -> Result<(), AppError> {
        let separator = if std::mem::take(&mut self.first) { "\n" } else { ",\n" };
        self.out.write_all(separator.as_bytes()).map_err(AppError::Write)?;
        serde_json::to_writer(&mut self.out, record).map_err(|e| AppError::Write(e.into()))
    }

    fn close(&mut self) -> Result<(), AppError> {
        self.out.write_all(b"\n]").map_err(AppError::Write)
    }
}
