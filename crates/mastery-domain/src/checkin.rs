//! Daily check-ins: sleep, exercise, stress, energy and mood. They are the physiological and
//! emotional source of efficacy, and the data behind "your confidence drops after short nights,
//! your results don't".

use crate::Field;
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
    ///
    /// # Errors
    ///
    /// [`ValidationError::EmptyCheckin`] when no measure is given.
    pub fn require_any(self) -> Result<Self, ValidationError> {
        let any = self.sleep_hours.is_some()
            || self.exercise_minutes.is_some()
            || self.stress.is_some()
            || self.energy.is_some()
            || self.mood.is_some();
        if any { Ok(self) } else { Err(ValidationError::EmptyCheckin) }
    }
}

impl Measures {
    /// A day's measures after a later check-in the same day: each measure it gives replaces the
    /// earlier one, the others are kept (one check-in a day).
    pub fn updated_with(self, later: Measures) -> Measures {
        Measures {
            sleep_hours: later.sleep_hours.or(self.sleep_hours),
            exercise_minutes: later.exercise_minutes.or(self.exercise_minutes),
            stress: later.stress.or(self.stress),
            energy: later.energy.or(self.energy),
            mood: later.mood.or(self.mood),
        }
    }
}

/// Reads minutes of exercise in a day: a whole number from 0 to a day's 1,440.
///
/// # Errors
///
/// [`ValidationError::Minutes`] when `raw` is not a whole number from 0 to 1,440.
///
/// # Examples
///
/// ```
/// use mastery_domain::checkin::exercise_minutes;
///
/// assert_eq!(exercise_minutes(" 45 ").unwrap(), 45);
/// assert!(exercise_minutes("1441").is_err() && exercise_minutes("half an hour").is_err());
/// ```
pub fn exercise_minutes(raw: &str) -> Result<u32, ValidationError> {
    measure::minutes(Field::Exercise, raw, 0, measure::MINUTES_IN_A_DAY)
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
        let some = Measures { mood: Some(Rating::new(Field::Mood, 4).unwrap()), ..Measures::default() };
        assert!(some.require_any().is_ok());
    }

    #[test]
    fn a_later_checkin_the_same_day_replaces_what_it_gives_and_keeps_the_rest() {
        let rating = |name, v| Some(Rating::new(name, v).unwrap());
        let morning = Measures {
            sleep_hours: Some(SleepHours::new(6.5).unwrap()),
            mood: rating(Field::Mood, 2),
            ..Measures::default()
        };
        let evening = Measures { mood: rating(Field::Mood, 4), exercise_minutes: Some(30), ..Measures::default() };
        let day = morning.updated_with(evening);
        assert_eq!(day.sleep_hours, morning.sleep_hours, "kept");
        assert_eq!(day.mood, rating(Field::Mood, 4), "replaced");
        assert_eq!(day.exercise_minutes, Some(30), "added");
        assert_eq!((day.stress, day.energy), (None, None));
    }

    #[test]
    fn exercise_is_whole_minutes_within_a_day() {
        assert_eq!(exercise_minutes(" 30 ").unwrap(), 30);
        assert_eq!(exercise_minutes("1440").unwrap(), 1440);
        assert!(exercise_minutes("1441").is_err());
        assert!(exercise_minutes("half an hour").is_err());
    }
}
