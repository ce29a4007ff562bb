//! A domain of capability (public speaking, a 10 km run, sales calls). Efficacy is specific to a
//! domain, so everything else (goals, audits, evidence, calibration) hangs off one.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::ids::DomainId;
use crate::text::Name;

choice! {
    /// The life area a domain belongs to, for the baseline profile across areas.
    LifeArea, Area {
        Career => "career",
        Health => "health",
        Relationships => "relationships",
        Learning => "learning",
        Finances => "finances",
        Other => "other",
    }
}

/// A domain the person wants to become capable and confident in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub id: DomainId,
    pub name: Name,
    /// Lower-case, hyphenated form of the name, unique per user, for the command line.
    pub slug: String,
    pub area: LifeArea,
    pub description: Option<String>,
    pub created_at: Timestamp,
    /// Archived domains keep their history but leave lists and recommendations.
    pub archived_at: Option<Timestamp>,
}
