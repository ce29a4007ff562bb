//! The export as notes a person reads: the evidence file, the celebrations with the effort and
//! strategy behind them, and every saved review, in one Markdown document for a notes app.
//! It is for reading, not for importing back.

use std::collections::HashMap;
use std::fmt::Write;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use mastery_store::{CelebrationTx, Store, Transaction};

use crate::review::saved_reviews;
use crate::{App, AppError};

/// The most evidence items read: far beyond a lifetime of successes.
const EVIDENCE_LIMIT: usize = 1_000_000;

impl<S: Store> App<S> {
    /// The evidence file, the celebrations and the saved reviews as one Markdown document, dates
    /// in the person's time zone.
    pub async fn export_markdown(&self) -> Result<String, AppError> {
        let now = self.clock.now();
        let tz = now.time_zone();
        let day = |at: Timestamp| at.to_zoned(tz.clone()).date();
        let mut tx = self.read().await?;
        let names: HashMap<_, _> = tx.domains().await?.into_iter().map(|d| (d.id, d.name.to_string())).collect();
        let name = |id| names.get(&id).map_or("?", String::as_str);

        let mut md = format!("# Mastery notes\n\nExported {}.\n\n## Evidence\n\n", now.date());
        let evidence = tx.evidence(None, EVIDENCE_LIMIT).await?;
        if evidence.is_empty() {
            md.push_str("_No successes recorded yet._\n");
        }
        for e in &evidence {
            let _ = writeln!(md, "- **{}**: {} ({})", day(e.at), e.title, name(e.domain_id));
            if let Some(did) = &e.did {
                let _ = writeln!(md, "  What I did: {}", one_line(did));
            }
        }

        md.push_str("\n## Celebrations\n\n");
        let celebrations = tx.celebrations(None).await?;
        if celebrations.is_empty() {
            md.push_str("_Nothing celebrated yet._\n");
        }
        for c in &celebrations {
            let _ = writeln!(md, "- **{}**: {} ({})", day(c.at), c.title, name(c.domain_id));
            for (label, text) in [("Effort", &c.effort), ("Strategy", &c.strategy)] {
                if let Some(text) = text {
                    let _ = writeln!(md, "  {label}: {}", one_line(text));
                }
            }
        }

        md.push_str("\n## Reviews\n");
        let reviews = saved_reviews(&mut tx, &TimeZone::clone(tz), now.date()).await?;
        if reviews.is_empty() {
            md.push_str("\n_No reviews saved yet._\n");
        }
        for review in &reviews {
            md.push('\n');
            // A review's own headings sit two levels down, under "Reviews".
            for line in review.markdown().lines() {
                if line.starts_with('#') {
                    md.push_str("##");
                }
                md.push_str(line);
                md.push('\n');
            }
        }
        Ok(md)
    }
}

/// Text on one line of a list item: its own line breaks would end the item.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
