//! Daily check-ins: sleep, exercise, stress, energy and mood. They are the physiological and
//! emotional source of efficacy, and the data behind "your confidence drops after short nights,
//! your results don't".

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::ids::CheckinId;
use crate::measure::{self, Rating, SleepHours};

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
        if any { Ok(self) } else { Err(ValidationError::EmptyCheckin) }
    }
}

/// Reads minutes of exercise in a day: a whole number from 0 to a day's 1,440.
pub fn exercise_minutes(raw: &str) -> Result<u32, ValidationError> {
    measure::minutes("exercise", raw, 0, 1440)
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

    #[test]
    fn exercise_is_whole_minutes_within_a_day() {
        assert_eq!(exercise_minutes(" 30 ").unwrap(), 30);
        assert_eq!(exercise_minutes("1440").unwrap(), 1440);
        assert!(exercise_minutes("1441").is_err());
        assert!(exercise_minutes("half an hour").is_err());
    }
}
