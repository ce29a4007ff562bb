//! The person's records as one JSON document they can take anywhere, and bring back.
//!
//! "Your data, on your machine" includes leaving with it: `export` writes every record of the
//! person (the schema is `docs/export.schema.json`), and `import` restores such a document into
//! an empty store or merges it into one in use. Records are written in the domain's own serde
//! form, section by section, parents before children, so an importer can apply each record as it
//! reads it. Attempts, the one kind that grows without bound, are read a page at a time and
//! written as they come: memory stays flat however long the history (see `BENCHMARKS.md`).

mod import;

use std::collections::BTreeMap;
use std::io::Write;

use jiff::Timestamp;
use mastery_domain::scale::Scale;
use mastery_store::{Access, AttemptQuery, CelebrationTx, PracticeTx, ProgramTx, ReattributionTx, Store, Transaction};
use serde::{Deserialize, Serialize};

pub use import::{ImportReport, SectionReport};

use crate::{App, AppError};

/// What the document's `format` field says.
pub const FORMAT: &str = "mastery-export";
/// The document version this build writes and reads. A change that an older reader would
/// misread takes a new version.
pub const VERSION: u32 = 1;

/// Attempts read per page while exporting: enough to keep the store busy, few enough that
/// memory does not depend on the number of attempts.
const PAGE: usize = 500;

/// The sections of the document, in the order they are written: every record's parents come
/// before it (a domain before its goals, a rung before its attempts).
pub const SECTIONS: [&str; 17] = [
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

/// How many records of each section an export wrote.
pub type Counts = BTreeMap<&'static str, usize>;

impl<S: Store> App<S> {
    /// Writes every record of the person to `out` as one JSON document, from one read
    /// transaction (a consistent snapshot); answers how many records each section holds.
    pub async fn export_json<W: Write + Send>(&self, out: W) -> Result<Counts, AppError> {
        let mut tx = self.store.begin(self.user, Access::Read).await?;
        let mut doc = Document::begin(out, self.clock.now().timestamp())?;
        doc.section("scales", tx.scales().await?.into_iter().map(ScaleRecord::from))?;
        doc.section("domains", tx.domains().await?)?;
        let goals = tx.goals(None).await?;
        let mut challenges = Vec::new();
        for goal in &goals {
            challenges.extend(tx.challenges(goal.id).await?);
        }
        doc.section("goals", goals)?;
        doc.section("challenges", challenges)?;
        doc.section("role_models", tx.role_models(None).await?)?;
        doc.section("feedback", tx.feedback(None).await?)?;
        doc.section("evidence", tx.backfilled_evidence().await?)?;
        doc.section("checkins", tx.checkins().await?)?;
        doc.section("audits", tx.audits(None).await?)?;
        doc.section("practice_plans", tx.practice_plans().await?)?;
        doc.section("practice_sessions", tx.practice_sessions(None).await?)?;
        doc.section("rest_days", tx.rest_days().await?)?;
        doc.section("reviews", tx.reviews().await?)?;
        doc.section("programs", tx.programs().await?)?;
        doc.section("celebrations", tx.celebrations(None).await?)?;
        doc.open("attempts")?;
        let mut query = AttemptQuery { limit: Some(PAGE), ..AttemptQuery::default() };
        loop {
            let page = tx.attempts(&query).await?;
            for attempt in &page.items {
                doc.item(attempt)?;
            }
            match page.next {
                Some(next) => query.after = Some(next),
                None => break,
            }
        }
        doc.close()?;
        doc.section("plans_for_next_time", tx.reattributions(None).await?)?;
        doc.finish()
    }
}

/// The document as it is written: the header, then each section as an array, one record a line.
struct Document<W> {
    out: W,
    counts: Counts,
    /// The section being written and how many records it has so far.
    section: &'static str,
    count: usize,
}

impl<W: Write> Document<W> {
    fn begin(mut out: W, exported_at: Timestamp) -> Result<Self, AppError> {
        write!(out, "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"exported_at\":\"{exported_at}\"")
            .map_err(AppError::Write)?;
        Ok(Self { out, counts: Counts::new(), section: "", count: 0 })
    }

    fn section<T: Serialize>(
        &mut self,
        name: &'static str,
        items: impl IntoIterator<Item = T>,
    ) -> Result<(), AppError> {
        self.open(name)?;
        for item in items {
            self.item(&item)?;
        }
        self.close()
    }

    fn open(&mut self, name: &'static str) -> Result<(), AppError> {
        write!(self.out, ",\n\"{name}\":[").map_err(AppError::Write)?;
        (self.section, self.count) = (name, 0);
        Ok(())
    }

    fn item<T: Serialize>(&mut self, item: &T) -> Result<(), AppError> {
        let separator = if self.count == 0 { "\n" } else { ",\n" };
        self.count += 1;
        self.out.write_all(separator.as_bytes()).map_err(AppError::Write)?;
        serde_json::to_writer(&mut self.out, item).map_err(|e| AppError::Write(e.into()))
    }

    fn close(&mut self) -> Result<(), AppError> {
        self.counts.insert(self.section, self.count);
        self.out.write_all(b"\n]").map_err(AppError::Write)
    }

    fn finish(mut self) -> Result<Counts, AppError> {
        self.out.write_all(b"\n}\n").and_then(|()| self.out.flush()).map_err(AppError::Write)?;
        Ok(self.counts)
    }
}
