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
    CelebrationKind, Celebration {
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

impl Celebration {
    /// Reflected on: both the effort and the strategy behind it are named. `last` aims at the
    /// newest celebration that is not.
    pub fn is_reflected(&self) -> bool {
        self.effort.is_some() && self.strategy.is_some()
    }

    /// Whether saving `effort` and `strategy` would replace words already saved, which is asked
    /// before it is done.
    pub fn overwritten_by(&self, effort: Option<&str>, strategy: Option<&str>) -> bool {
        overwrites(self.effort.as_deref(), self.strategy.as_deref(), effort, strategy)
    }
}

/// Whether a reflection of `effort` and `strategy` replaces the saved ones: a field given whose
/// saved text differs. Adding the missing half, or saying the same again, replaces nothing.
pub fn overwrites(
    saved_effort: Option<&str>,
    saved_strategy: Option<&str>,
    effort: Option<&str>,
    strategy: Option<&str>,
) -> bool {
    let replaces = |saved: Option<&str>, given: Option<&str>| matches!((saved, given), (Some(saved), Some(given)) if saved.trim() != given.trim());
    replaces(saved_effort, effort) || replaces(saved_strategy, strategy)
}

/// A saved reflection in words: "effort: …; strategy: …", the halves present.
pub fn reflection_words(effort: Option<&str>, strategy: Option<&str>) -> String {
    let parts: Vec<String> = [("effort", effort), ("strategy", strategy)]
        .into_iter()
        .filter_map(|(label, text)| text.map(|t| format!("{label}: {t}")))
        .collect();
    parts.join("; ")
}

#[cfg(test)]
mod reflection_tests {
    use super::overwrites;

    #[test]
    fn only_replacing_saved_words_counts_as_overwriting() {
        assert!(!overwrites(None, None, Some("ran"), Some("plan")), "a first reflection");
        assert!(!overwrites(Some("ran"), None, None, Some("plan")), "adding the missing half");
        assert!(!overwrites(Some("ran"), None, Some(" ran "), None), "the same words again");
        assert!(overwrites(Some("ran"), None, Some("walked"), None));
        assert!(overwrites(Some("ran"), Some("plan"), None, Some("other plan")));
    }
}
