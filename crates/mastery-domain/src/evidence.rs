//! The evidence file: successes and what produced them, to consult when doubt arises. Successful
//! attempts are evidence automatically; earlier successes can be backfilled.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::ids::{DomainId, EvidenceId};

/// A success from before Mastery, entered after the fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackfilledEvidence {
    pub id: EvidenceId,
    pub domain_id: DomainId,
    /// What was achieved.
    pub title: String,
    /// What the person did to achieve it.
    pub did: Option<String>,
    pub at: Timestamp,
    pub on: Date,
    pub created_at: Timestamp,
}

choice! {
    /// Where an item of evidence comes from.
    EvidenceSource, Source { Attempt => "attempt", Backfill => "backfill" }
}
