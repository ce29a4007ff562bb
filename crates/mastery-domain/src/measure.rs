//! The bounded numbers a person enters: confidence (Bandura's 0–100 in steps of 10), 1–5 ratings,
//! hours of sleep, minutes, and rung difficulty. Each type can only hold a valid value, so code
//! that receives one never re-checks it.

use crate::Field;
use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// "How certain am I that I can do this, as of now": 0, 10, …, 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Confidence(u8);

impl Confidence {
    /// Every confidence a person can give, from 0 to 100 in steps of 10: the choices a form offers.
    pub const STEPS: [Confidence; 11] = {
        let mut steps = [Confidence(0); 11];
        let mut i = 0;
        while i < 11 {
            steps[i] = Confidence(i as u8 * 10);
            i += 1;
        }
        steps
    };

    ///
    /// # Errors
    ///
    /// [`ValidationError::Confidence`] unless `value` is 0–100 in steps of 10.
    ///
    /// # Examples
    ///
    /// ```
    /// use mastery_domain::measure::Confidence;
    ///
    /// assert_eq!(Confidence::new(70).unwrap().probability(), 0.7);
    /// assert!(Confidence::new(75).is_err() && Confidence::parse("110").is_err());
    /// ```
    pub fn new(value: u8) -> Result<Self, ValidationError> {
        if value <= 100 && value.is_multiple_of(10) {
            Ok(Self(value))
        } else {
            Err(ValidationError::Confidence(value.to_string()))
        }
    }

    ///
    /// # Errors
    ///
    /// As [`Confidence::new`], and for text that is not a whole number.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let raw = raw.trim().trim_end_matches('%');
        raw.parse::<u8>().map_err(|_| ValidationError::Confidence(raw.to_owned())).and_then(Self::new)
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// The forecast probability f = c / 100.
    pub fn probability(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl TryFrom<u8> for Confidence {
    type Error = ValidationError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Confidence> for u8 {
    fn from(c: Confidence) -> u8 {
        c.0
    }
}

/// A 1–5 rating (energy, stress, mood, effort, credibility, similarity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating(u8);

impl Rating {
    /// Every rating, 1 to 5: the choices a form offers.
    pub const STEPS: [Rating; 5] = [Rating(1), Rating(2), Rating(3), Rating(4), Rating(5)];

    ///
    /// # Errors
    ///
    /// [`ValidationError::Rating`] naming `field` unless `value` is 1 to 5.
    pub fn new(field: crate::Field, value: u8) -> Result<Self, ValidationError> {
        if (1..=5).contains(&value) {
            Ok(Self(value))
        } else {
            Err(ValidationError::Rating { field, value: value.to_string() })
        }
    }

    ///
    /// # Errors
    ///
    /// As [`Rating::new`], and for text that is not a whole number.
    pub fn parse(field: crate::Field, raw: &str) -> Result<Self, ValidationError> {
        let raw = raw.trim();
        raw.parse::<u8>()
            .map_err(|_| ValidationError::Rating { field, value: raw.to_owned() })
            .and_then(|v| Self::new(field, v))
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Rating {
    type Error = ValidationError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(Field::Rating, value)
    }
}

impl From<Rating> for u8 {
    fn from(r: Rating) -> u8 {
        r.0
    }
}

/// Hours slept the night before, 0–24, to a tenth of an hour.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SleepHours(f64);

impl SleepHours {
    ///
    /// # Errors
    ///
    /// [`ValidationError::Sleep`] unless `hours` is from 0 to 24.
    pub fn new(hours: f64) -> Result<Self, ValidationError> {
        if hours.is_finite() && (0.0..=24.0).contains(&hours) {
            Ok(Self((hours * 10.0).round() / 10.0))
        } else {
            Err(ValidationError::Sleep(hours.to_string()))
        }
    }

    ///
    /// # Errors
    ///
    /// As [`SleepHours::new`], and for text that is not a number.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let raw = raw.trim().trim_end_matches('h');
        raw.parse::<f64>().map_err(|_| ValidationError::Sleep(raw.to_owned())).and_then(Self::new)
    }

    pub fn hours(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for SleepHours {
    type Error = ValidationError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<SleepHours> for f64 {
    fn from(s: SleepHours) -> f64 {
        s.0
    }
}

/// The minutes in a day: the most exercise a check-in records, and the longest practice session.
pub const MINUTES_IN_A_DAY: u32 = 24 * 60;

/// Whole minutes within a bound (exercise in a day, a practice session).
///
/// # Errors
///
/// [`ValidationError::Minutes`] naming `field` unless `raw` is a whole number from `min` to `max`.
///
/// # Examples
///
/// ```
/// use mastery_domain::Field;
/// use mastery_domain::measure::{MINUTES_IN_A_DAY, minutes};
///
/// assert_eq!(minutes(Field::PracticeMinutes, "20", 1, MINUTES_IN_A_DAY).unwrap(), 20);
/// assert!(minutes(Field::PracticeMinutes, "0", 1, MINUTES_IN_A_DAY).is_err());
/// ```
pub fn minutes(field: crate::Field, raw: &str, min: u32, max: u32) -> Result<u32, ValidationError> {
    let raw = raw.trim();
    raw.parse::<u32>().ok().filter(|m| (min..=max).contains(m)).ok_or_else(|| ValidationError::Minutes {
        field,
        value: raw.to_owned(),
        min,
        max,
    })
}

/// How hard a rung is, on a 1–10 scale (decimals allowed, so an intermediate rung fits between
/// two existing ones).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difficulty(f64);

impl Difficulty {
    pub const MIN: f64 = 1.0;
    pub const MAX: f64 = 10.0;

    ///
    /// # Errors
    ///
    /// [`ValidationError::Difficulty`] unless `value` is from 1 to 10.
    pub fn new(value: f64) -> Result<Self, ValidationError> {
        if value.is_finite() && (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Self((value * 100.0).round() / 100.0))
        } else {
            Err(ValidationError::Difficulty(value.to_string()))
        }
    }

    ///
    /// # Errors
    ///
    /// As [`Difficulty::new`], and for text that is not a number.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let raw = raw.trim();
        raw.parse::<f64>().map_err(|_| ValidationError::Difficulty(raw.to_owned())).and_then(Self::new)
    }

    /// The default for a rung appended after one of difficulty `last`: one step harder, capped.
    pub fn after(last: Option<Difficulty>) -> Self {
        Self(last.map_or(Self::MIN, |d| (d.0.floor() + 1.0).min(Self::MAX)))
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Difficulty {
    type Error = ValidationError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Difficulty> for f64 {
    fn from(d: Difficulty) -> f64 {
        d.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn confidence_accepts_only_steps_of_ten() {
        for ok in ["0", "10", "50", "100", " 70 ", "80%"] {
            assert!(Confidence::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["55", "150", "-10", "abc", "", "5.0"] {
            assert!(Confidence::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Confidence::new(70).unwrap().probability(), 0.7);
    }

    #[test]
    fn confidence_error_names_the_rule() {
        let message = Confidence::parse("55").unwrap_err().to_string();
        assert!(message.contains("steps of 10"), "{message}");
        assert!(message.contains("55"), "{message}");
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert!(Rating::parse(Field::Energy, "1").is_ok());
        assert!(Rating::parse(Field::Energy, "5").is_ok());
        for bad in ["0", "6", "2.5", "x"] {
            let err = Rating::parse(Field::Energy, bad).unwrap_err();
            assert!(err.to_string().starts_with("energy must be"), "{err}");
        }
    }

    #[test]
    fn sleep_is_bounded_and_rounded() {
        assert_eq!(SleepHours::parse("7.25").unwrap().hours(), 7.3);
        assert_eq!(SleepHours::parse("8h").unwrap().hours(), 8.0);
        for bad in ["-1", "24.5", "NaN", "inf", "lots"] {
            assert!(SleepHours::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn difficulty_defaults_step_up() {
        assert_eq!(Difficulty::after(None).value(), 1.0);
        let d = Difficulty::new(3.5).unwrap();
        assert_eq!(Difficulty::after(Some(d)).value(), 4.0);
        assert_eq!(Difficulty::after(Some(Difficulty::new(10.0).unwrap())).value(), 10.0);
        assert!(Difficulty::parse("0").is_err());
        assert!(Difficulty::parse("11").is_err());
    }

    #[test]
    fn serde_rejects_invalid_values() {
        assert!(serde_json::from_str::<Confidence>("55").is_err());
        assert!(serde_json::from_str::<Rating>("6").is_err());
        assert_eq!(serde_json::from_str::<Confidence>("60").unwrap().value(), 60);
    }

    proptest! {
        #[test]
        fn confidence_valid_iff_step_of_ten(v in 0u8..=255) {
            prop_assert_eq!(Confidence::new(v).is_ok(), v <= 100 && v % 10 == 0);
        }

        #[test]
        fn minutes_respect_bounds(v in 0u32..5000) {
            prop_assert_eq!(minutes(Field::Minutes, &v.to_string(), 1, 1440).is_ok(), (1..=1440).contains(&v));
        }
    }
}
