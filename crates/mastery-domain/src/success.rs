//! The success rate: one definition, computed here and nowhere else, so that every screen showing
//! a rate reads the same number from the same attempts.
//!
//! **Why one.** The domains list, the domain page, the monthly review and the program report once
//! read 82%, 88%, 67% and 0.722 for overlapping attempts: some counted a partial success as half,
//! others as a failure, and none said which (issue 14).
//!
//! **The definition.** The mean outcome value over the attempts whose outcome is recorded, a
//! success counting 1, a partial ½ and a failure 0 ([`Outcome::value`]): the same value the
//! engine learns from and calibration scores forecasts against, so a forecast of 80% and a success
//! rate of 80% mean the same thing. Planned attempts without an outcome do not count.

use serde::Serialize;

use crate::attempt::Outcome;

/// How the rate is labelled wherever it is shown.
pub const LABEL: &str = "Success rate (partials count half)";

/// The success rate of `attempts` recorded outcomes whose values add up to `outcome_sum`;
/// `None` without any.
///
/// # Examples
///
/// SCIENCE.md's vector: 13 successes, 3 partials and 2 failures are 14.5 of 18.
///
/// ```
/// use mastery_domain::success::success_rate;
///
/// let rate = success_rate(13.0 + 3.0 * 0.5, 18).unwrap();
/// assert!((rate - 0.8056).abs() < 5e-5, "{rate}");
/// // No recorded outcome, no rate: not a rate of zero.
/// assert_eq!(success_rate(0.0, 0), None);
/// ```
pub fn success_rate(outcome_sum: f64, attempts: u64) -> Option<f64> {
    (attempts > 0).then(|| outcome_sum / attempts as f64)
}

/// Recorded outcomes counted by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcomes {
    /// Attempts with a recorded outcome.
    pub attempts: u32,
    pub successes: u32,
    pub partials: u32,
}

impl Outcomes {
    pub fn of(outcomes: impl IntoIterator<Item = Outcome>) -> Self {
        let mut counted = Self::default();
        outcomes.into_iter().for_each(|o| counted.add(o));
        counted
    }

    pub fn add(&mut self, outcome: Outcome) {
        self.add_many(outcome, 1);
    }

    /// Counts `n` attempts with `outcome`.
    pub fn add_many(&mut self, outcome: Outcome, n: u32) {
        self.attempts += n;
        self.successes += n * u32::from(outcome == Outcome::Success);
        self.partials += n * u32::from(outcome == Outcome::Partial);
    }

    /// The counts and the rate in words: "7 attempts: 3 successes, 2 partials; success rate
    /// (partials count half) 57%".
    pub fn summary(&self) -> String {
        use crate::text::count;
        let attempts = count(self.attempts, "attempt", "attempts");
        match self.rate() {
            None => attempts,
            Some(rate) => format!(
                "{attempts}: {}, {}; {} {:.0}%",
                count(self.successes, "success", "successes"),
                count(self.partials, "partial", "partials"),
                LABEL.to_lowercase(),
                rate * 100.0
            ),
        }
    }

    /// Their [`success_rate`].
    ///
    /// # Examples
    ///
    /// A partial counts half (SCIENCE.md's vector: 14.5 of 18, where counting partials as
    /// failures would say 0.7222 and as successes 0.8889).
    ///
    /// ```
    /// use mastery_domain::attempt::Outcome;
    /// use mastery_domain::success::Outcomes;
    ///
    /// let outcomes = [(Outcome::Success, 13), (Outcome::Partial, 3), (Outcome::Failure, 2)]
    ///     .into_iter()
    ///     .flat_map(|(outcome, n)| std::iter::repeat_n(outcome, n));
    /// let counted = Outcomes::of(outcomes);
    /// assert_eq!((counted.attempts, counted.successes, counted.partials), (18, 13, 3));
    /// assert!((counted.rate().unwrap() - 0.8056).abs() < 5e-5);
    /// ```
    pub fn rate(&self) -> Option<f64> {
        let sum =
            f64::from(self.successes) * Outcome::Success.value() + f64::from(self.partials) * Outcome::Partial.value();
        success_rate(sum, u64::from(self.attempts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_counts_half_and_a_planned_attempt_not_at_all() {
        use Outcome::{Failure, Partial, Success};
        // 13 successes, 3 partials and 2 failures: 72% with partials as failures, 89% with them
        // as successes, 81% by the definition.
        let outcomes = Outcomes::of([[Success; 13].as_slice(), &[Partial; 3], &[Failure; 2]].concat());
        assert_eq!(outcomes, Outcomes { attempts: 18, successes: 13, partials: 3 });
        assert_eq!(outcomes.rate(), Some(14.5 / 18.0));
        assert_eq!(Outcomes::of([Partial, Failure]).rate(), Some(0.25));
        assert_eq!(Outcomes::default().rate(), None);
        assert_eq!(success_rate(0.0, 0), None);
    }

    #[test]
    fn the_summary_names_the_counts_and_the_labelled_rate() {
        let outcomes = Outcomes { attempts: 7, successes: 3, partials: 2 };
        assert_eq!(outcomes.summary(), "7 attempts: 3 successes, 2 partials; success rate (partials count half) 57%");
        let one = Outcomes { attempts: 1, successes: 1, partials: 0 };
        assert_eq!(one.summary(), "1 attempt: 1 success, 0 partials; success rate (partials count half) 100%");
        assert_eq!(Outcomes::default().summary(), "0 attempts");
    }
}
