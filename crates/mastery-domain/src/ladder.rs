//! Where a person stands on each rung of a ladder, from the outcomes recorded on it.

use crate::choice::choice;

/// Successes on a rung after which it counts as mastered: done repeatedly, not once by chance.
pub const MASTERED_AFTER: u32 = 3;

choice! {
    /// A rung's progress.
    RungStatus, Status {
        /// No recorded attempt yet.
        NotStarted => "not_started",
        /// Attempted, fewer than [`MASTERED_AFTER`] successes.
        InProgress => "in_progress",
        /// At least [`MASTERED_AFTER`] successes.
        Mastered => "mastered",
    }
}

impl RungStatus {
    /// The status of a rung with `attempts` recorded outcomes of which `successes` succeeded.
    pub fn from_counts(attempts: u32, successes: u32) -> Self {
        match (attempts, successes) {
            (0, _) => RungStatus::NotStarted,
            (_, s) if s >= MASTERED_AFTER => RungStatus::Mastered,
            _ => RungStatus::InProgress,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_successes() {
        assert_eq!(RungStatus::from_counts(0, 0), RungStatus::NotStarted);
        assert_eq!(RungStatus::from_counts(4, 2), RungStatus::InProgress);
        assert_eq!(RungStatus::from_counts(3, 3), RungStatus::Mastered);
        assert_eq!(RungStatus::from_counts(9, 3), RungStatus::Mastered);
    }
}
