//! Celebrations: a rung reached, a goal finished or a program completed. Milestones deserve
//! acknowledgement, and the useful kind names the effort and the strategy that produced the
//! result (never talent), so each celebration asks for both; answered, they become the
//! highlights of the evidence file.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::ids::{CelebrationId, DomainId};

choice! {
    /// What is being celebrated.
    CelebrationKind, "celebration" {
        /// A rung mastered: [`MASTERED_AFTER`](crate::ladder::MASTERED_AFTER) successes on it.
        Rung => "rung",
        Goal => "goal",
        Program => "program",
    }
}

/// The question every celebration asks.
pub const QUESTION: &str = "What effort and what strategy got you here?";

/// One celebration; `subject` is the id of the rung, goal or program it marks (one per subject).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Celebration {
    pub id: CelebrationId,
    pub domain_id: DomainId,
    pub kind: CelebrationKind,
    pub subject: String,
    pub title: String,
    pub at: Timestamp,
    /// The effort behind it, in the person's words, once reflected on.
    pub effort: Option<String>,
    /// The strategy behind it, in the person's words, once reflected on.
    pub strategy: Option<String>,
}
