//! A goal: one specific, measurable outcome in a domain, with a deadline and a reason. The ladder
//! of challenges that leads to it lives in [`crate::challenge`].

use crate::Field;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::ids::{DomainId, GoalId};
use crate::text::Name;

/// A goal within a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: GoalId,
    pub domain_id: DomainId,
    pub statement: Name,
    /// Unique per user; derived from the statement.
    pub slug: String,
    pub target: Option<Target>,
    pub deadline: Option<Date>,
    pub why: Option<String>,
    /// The success rate the ladder aims for, 0.70–0.90; the engine's default when `None`.
    pub target_success: Option<f64>,
    pub created_at: Timestamp,
    pub done_at: Option<Timestamp>,
}

impl Goal {
    /// The success rate the goal's ladder aims for: its own, or the engine's default.
    pub fn target_success_rate(&self) -> f64 {
        self.target_success.unwrap_or(crate::engine::DEFAULT_TARGET)
    }
}

/// A measurable target such as 10 km or 5 talks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub amount: f64,
    pub unit: Option<String>,
}

impl Target {
    /// Builds a target from the optional `--target` and `--unit` values.
    ///
    /// # Errors
    ///
    /// [`ValidationError::Target`] for an amount that is not a positive number, and
    /// [`ValidationError::UnitWithoutTarget`] for a unit without an amount.
    pub fn from_parts(amount: Option<f64>, unit: Option<&str>) -> Result<Option<Self>, ValidationError> {
        let unit = crate::text::optional_text(Field::Unit, unit)?;
        match (amount, unit) {
            (None, None) => Ok(None),
            (None, Some(_)) => Err(ValidationError::UnitWithoutTarget),
            (Some(a), _) if !a.is_finite() || a <= 0.0 => Err(ValidationError::Target(a.to_string())),
            (Some(amount), unit) => Ok(Some(Self { amount, unit })),
        }
    }
}

/// A new goal's deadline: today or later. A deadline already past would make the goal overdue
/// the moment it is set, which is almost always a typo in the year or month.
///
/// # Errors
///
/// [`ValidationError::PastDeadline`] when `deadline` is before `today`.
pub fn check_deadline(deadline: Date, today: Date) -> Result<Date, ValidationError> {
    if deadline < today {
        return Err(ValidationError::PastDeadline { deadline: deadline.to_string(), today: today.to_string() });
    }
    Ok(deadline)
}

/// Parses a target success rate: `0.85`, `85` or `85%`, between 70% and 90%, as a share
/// rounded to whole percent.
///
/// # Errors
///
/// [`ValidationError::TargetSuccess`] when `raw` is not a number, or falls outside 70–90%.
///
/// # Examples
///
/// ```
/// use mastery_domain::goal::parse_target_success;
///
/// for typed in ["0.85", "85", "85%"] {
///     assert_eq!(parse_target_success(typed).unwrap(), 0.85);
/// }
/// assert!(parse_target_success("95%").is_err());
/// ```
pub fn parse_target_success(raw: &str) -> Result<f64, ValidationError> {
    let text = raw.trim().trim_end_matches('%');
    let invalid = || ValidationError::TargetSuccess(raw.trim().to_owned());
    let value: f64 = text.parse().map_err(|_| invalid())?;
    check_target_success(if value > 1.0 { value / 100.0 } else { value }).map_err(|_| invalid())
}

/// A target success rate given as a share: between 0.70 and 0.90, rounded to whole percent.
///
/// # Errors
///
/// [`ValidationError::TargetSuccess`] when `rate` is not a share from 0.70 to 0.90.
pub fn check_target_success(rate: f64) -> Result<f64, ValidationError> {
    if rate.is_finite() && (0.70..=0.90).contains(&rate) {
        Ok((rate * 100.0).round() / 100.0)
    } else {
        Err(ValidationError::TargetSuccess(rate.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_is_today_or_later() {
        let today = jiff::civil::date(2026, 12, 6);
        assert_eq!(check_deadline(today, today), Ok(today), "today will do");
        assert_eq!(check_deadline(jiff::civil::date(2027, 3, 15), today), Ok(jiff::civil::date(2027, 3, 15)));
        let past = check_deadline(jiff::civil::date(2025, 12, 31), today).unwrap_err().to_string();
        assert_eq!(
            past,
            "the deadline 2025-12-31 has already passed (today is 2026-12-06); give today or a later date"
        );
    }

    #[test]
    fn a_target_needs_a_positive_amount() {
        assert_eq!(Target::from_parts(None, None).unwrap(), None);
        assert_eq!(
            Target::from_parts(Some(10.0), Some("km")).unwrap(),
            Some(Target { amount: 10.0, unit: Some("km".into()) })
        );
        assert_eq!(Target::from_parts(None, Some("km")), Err(ValidationError::UnitWithoutTarget));
        assert!(Target::from_parts(Some(0.0), None).is_err());
        assert!(Target::from_parts(Some(f64::NAN), None).is_err());
    }

    #[test]
    fn a_share_given_directly_is_held_to_the_same_range() {
        assert_eq!(check_target_success(0.855).unwrap(), 0.86);
        for bad in [5.0, 0.5, 0.91, -0.8, f64::NAN] {
            assert!(check_target_success(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn target_success_is_seventy_to_ninety_percent() {
        assert_eq!(parse_target_success("0.85").unwrap(), 0.85);
        assert_eq!(parse_target_success("85").unwrap(), 0.85);
        assert_eq!(parse_target_success("70%").unwrap(), 0.70);
        for bad in ["0.5", "95", "abc", "NaN", ""] {
            assert!(parse_target_success(bad).is_err(), "{bad}");
        }
    }
}
