//! Daily check-ins: sleep, exercise, stress, energy and mood. They are the physiological and
//! emotional source of efficacy, and the data behind "your confidence drops after short nights,
//! your results don't".

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::ids::CheckinId;
use crate::measure::{Rating, SleepHours};

/// The measures of one check-in; at least one must be present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    pub sleep_hours: Option<SleepHours>,
    pub exercise_minutes: Option<u32>,
    pub stress: Option<Rating>,
    pub energy: Option<Rating>,
    pub mood: Option<Rating>,
}

impl Measures {
    /// Refuses an empty check-in, which would only add noise.
    pub fn require_any(self) -> Result<Self, ValidationError> {
        let any = self.sleep_hours.is_some()
            || self.exercise_minutes.is_some()
            || self.stress.is_some()
            || self.energy.is_some()
            || self.mood.is_some();
        if any {
            Ok(self)
        } else {
            Err(ValidationError::Empty { field: "a check-in (give --sleep, --exercise, --stress, --energy or --mood)" })
        }
    }
}

/// One check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkin {
    pub id: CheckinId,
    pub at: Timestamp,
    /// The person's local date of the check-in.
    pub on: Date,
    pub measures: Measures,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_checkin_is_refused() {
        assert!(Measures::default().require_any().is_err());
        let some = Measures { mood: Some(Rating::new("mood", 4).unwrap()), ..Measures::default() };
        assert!(some.require_any().is_ok());
    }
}
