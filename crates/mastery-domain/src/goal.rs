//! A goal: one specific, measurable outcome in a domain, with a deadline and a reason. The ladder
//! of challenges that leads to it lives in [`crate::challenge`].

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
    pub created_at: Timestamp,
    pub done_at: Option<Timestamp>,
}

/// A measurable target such as 10 km or 5 talks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub amount: f64,
    pub unit: Option<String>,
}

impl Target {
    /// Builds a target from the optional `--target` and `--unit` values.
    pub fn from_parts(amount: Option<f64>, unit: Option<&str>) -> Result<Option<Self>, ValidationError> {
        let unit = crate::text::optional_text("unit", unit)?;
        match (amount, unit) {
            (None, None) => Ok(None),
            (None, Some(_)) => Err(ValidationError::UnitWithoutTarget),
            (Some(a), _) if !a.is_finite() || a <= 0.0 => Err(ValidationError::Target(a.to_string())),
            (Some(amount), unit) => Ok(Some(Self { amount, unit })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
