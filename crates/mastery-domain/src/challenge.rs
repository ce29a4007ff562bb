//! A challenge is one rung of a goal's ladder: a concrete task with a success criterion and a
//! difficulty. Rungs are ordered easy → hard so that progress is a sequence, not a leap.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::{ChallengeId, GoalId};
use crate::measure::Difficulty;
use crate::text::Name;

/// One rung of a ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Challenge {
    pub id: ChallengeId,
    pub goal_id: GoalId,
    pub title: Name,
    /// Unique within the goal; derived from the title.
    pub slug: String,
    pub difficulty: Difficulty,
    /// What counts as success, written before trying.
    pub criterion: Option<String>,
    /// Creation order within the goal, the tie-breaker between rungs of equal difficulty.
    pub position: u32,
    pub created_at: Timestamp,
}

/// Orders rungs easy → hard, ties by the order they were added, then by id (two rungs can share
/// a position), so every store lists them alike.
pub fn ladder_order(a: &Challenge, b: &Challenge) -> std::cmp::Ordering {
    a.difficulty.value().total_cmp(&b.difficulty.value()).then(a.position.cmp(&b.position)).then(a.id.cmp(&b.id))
}
