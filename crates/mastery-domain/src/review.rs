//! Reviews: a week or a month looked back on. Reflection turns experience into learning, so a
//! review pairs the period's records with a few prompts (what went well, what to do differently,
//! what it says about one's capabilities, and a concrete if–then plan) and keeps the answers, so a
//! review can be re-opened and exported later.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::Field;
use crate::ValidationError;

/// The span a review covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// An ISO week (Monday to Sunday).
    Week {
        year: i16,
        week: i8,
    },
    Month {
        year: i16,
        month: i8,
    },
}

impl Period {
    /// The week containing `day`.
    pub fn week_of(day: Date) -> Self {
        let iso = day.iso_week_date();
        Period::Week { year: iso.year(), week: iso.week() }
    }

    /// The week to review on `today`: this one on its Sunday, when the week is all but done, and
    /// the week before on any other day, so the review looks back at a whole week.
    pub fn week_to_review(today: Date) -> Option<Self> {
        let day = if today.weekday() == Weekday::Sunday {
            Some(today)
        } else {
            today.checked_sub(jiff::Span::new().weeks(1)).ok()
        };
        day.map(Period::week_of)
    }

    /// The month containing `day`.
    pub fn month_of(day: Date) -> Self {
        Period::Month { year: day.year(), month: day.month() }
    }

    /// Reads a week as typed: `2026-W47`, `this` or `last` (relative to `today`).
    ///
    /// # Errors
    ///
    /// [`ValidationError::Week`] for text that is not an ISO week, `this` or `last`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mastery_domain::review::Period;
    ///
    /// let today = jiff::civil::date(2026, 11, 21);
    /// assert_eq!(Period::parse_week("last", today).unwrap(), Period::parse_week("2026-W46", today).unwrap());
    /// assert!(Period::parse_week("week 46", today).is_err());
    /// ```
    pub fn parse_week(raw: &str, today: Date) -> Result<Self, ValidationError> {
        let fail = || ValidationError::Week(raw.trim().to_owned());
        match raw.trim().to_lowercase().as_str() {
            "this" => Ok(Self::week_of(today)),
            "last" => Ok(Self::week_of(today.checked_sub(jiff::Span::new().weeks(1)).map_err(|_| fail())?)),
            text => Self::week(text).ok_or_else(fail),
        }
    }

    /// `2026-w47`, lower-cased.
    fn week(text: &str) -> Option<Self> {
        let (year, week) = text.split_once("-w")?;
        let (year, week) = (year.parse().ok()?, week.parse().ok()?);
        ISOWeekDate::new(year, week, Weekday::Monday).ok()?;
        Some(Period::Week { year, week })
    }

    /// Reads a month as typed: `2026-11`, `this` or `last` (relative to `today`).
    ///
    /// # Errors
    ///
    /// [`ValidationError::Month`] for text that is not `YYYY-MM`, `this` or `last`.
    pub fn parse_month(raw: &str, today: Date) -> Result<Self, ValidationError> {
        let fail = || ValidationError::Month(raw.trim().to_owned());
        match raw.trim().to_lowercase().as_str() {
            "this" => Ok(Self::month_of(today)),
            "last" => Ok(Self::month_of(today.first_of_month().yesterday().map_err(|_| fail())?)),
            text => Self::month(text).ok_or_else(fail),
        }
    }

    /// `2026-11`.
    fn month(text: &str) -> Option<Self> {
        let (year, month) = text.split_once('-')?;
        let (year, month) = (year.parse().ok()?, month.parse().ok()?);
        Date::new(year, month, 1).ok()?;
        Some(Period::Month { year, month })
    }

    /// The first and last day, both included.
    pub fn days(self) -> (Date, Date) {
        match self {
            Period::Week { year, week } => {
                let monday = ISOWeekDate::new(year, week, Weekday::Monday).map(|w| w.date());
                let sunday = ISOWeekDate::new(year, week, Weekday::Sunday).map(|w| w.date());
                (monday.unwrap_or_default(), sunday.unwrap_or_default())
            }
            Period::Month { year, month } => {
                let first = Date::new(year, month, 1).unwrap_or_default();
                (first, first.last_of_month())
            }
        }
    }

    /// The prompts of a review of this kind.
    pub fn prompts(self) -> &'static [Prompt] {
        match self {
            Period::Week { .. } => WEEK_PROMPTS,
            Period::Month { .. } => MONTH_PROMPTS,
        }
    }

    /// Reads `KEY=TEXT`, refusing keys this review does not ask. A blank TEXT (`KEY=`) reads as
    /// `None`: the saved answer to that prompt is to be removed, which is how an answer is cleared.
    ///
    /// # Errors
    ///
    /// [`ValidationError::ReviewAnswer`] unless `raw` is `KEY=TEXT` with a key of this review.
    pub fn answer(self, raw: &str) -> Result<(String, Option<String>), ValidationError> {
        let allowed = || self.prompts().iter().map(|p| p.key).collect::<Vec<_>>().join(", ");
        let refuse = || ValidationError::ReviewAnswer { got: raw.to_owned(), allowed: allowed() };
        let (key, text) = raw.split_once('=').ok_or_else(refuse)?;
        let key = key.trim().to_lowercase();
        let text = crate::text::optional_text(Field::ReviewAnswer, Some(text))?;
        self.prompts().iter().find(|p| p.key == key).ok_or_else(refuse)?;
        Ok((key, text))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

impl FromStr for Period {
    type Err = ValidationError;

    /// Reads the stored spelling, `2026-W47` or `2026-11` (never a relative word).
    fn from_str(s: &str) -> Result<Self, ValidationError> {
        match s.contains('W') {
            true => Period::week(&s.to_lowercase()).ok_or_else(|| ValidationError::Week(s.to_owned())),
            false => Period::month(s).ok_or_else(|| ValidationError::Month(s.to_owned())),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// One reflection prompt: the key an answer is given under and the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Prompt {
    pub key: &'static str,
    pub question: &'static str,
}

const WEEK_PROMPTS: &[Prompt] = &[
    Prompt { key: "well", question: "What did I do well this week?" },
    Prompt { key: "differently", question: "What would I do differently?" },
    Prompt { key: "learned", question: "What did this week teach me about my capabilities?" },
    Prompt {
        key: "plan",
        question: "Next week's plan, as if–then intentions (\"If it is Tuesday 7 pm, then I will …\")",
    },
];

const MONTH_PROMPTS: &[Prompt] = &[
    Prompt { key: "trajectory", question: "Looking at the month's numbers, what changed and why?" },
    Prompt { key: "strategy", question: "Which strategy worked best, and which will I drop?" },
    Prompt { key: "next", question: "What is next month's focus, as an if–then plan?" },
];

/// A review's stored answers, one per prompt key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub period: Period,
    pub answers: BTreeMap<String, String>,
    pub saved_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn the_week_to_review_is_this_one_on_sunday_and_the_last_one_before() {
        let saturday = date(2026, 11, 21);
        assert_eq!(Period::week_to_review(saturday).unwrap().to_string(), "2026-W46");
        assert_eq!(Period::week_to_review(date(2026, 11, 22)).unwrap().to_string(), "2026-W47", "Sunday");
        assert_eq!(Period::week_to_review(date(2026, 11, 23)).unwrap().to_string(), "2026-W47", "Monday");
    }

    #[test]
    fn weeks_and_months_read_and_cover_their_days() {
        let today = date(2026, 11, 20);
        let week = Period::parse_week("2026-W47", today).unwrap();
        assert_eq!(week, Period::week_of(today));
        assert_eq!(week.days(), (date(2026, 11, 16), date(2026, 11, 22)));
        assert_eq!(week.to_string().parse::<Period>().unwrap(), week);
        assert_eq!(Period::parse_week("last", today).unwrap().to_string(), "2026-W46");
        assert!(Period::parse_week("2026-W60", today).is_err());
        let month = Period::parse_month("last", today).unwrap();
        assert_eq!(month.to_string(), "2026-10");
        assert_eq!(month.days(), (date(2026, 10, 1), date(2026, 10, 31)));
        assert_eq!("2026-10".parse::<Period>().unwrap(), month);
        assert!(Period::parse_month("2026-13", today).is_err());
        assert!("last".parse::<Period>().is_err(), "stored periods are never relative");
    }

    #[test]
    fn answers_need_a_known_key_and_blank_text_clears() {
        let week = Period::week_of(date(2026, 11, 20));
        let kept = week.answer("well=Kept the morning slot").unwrap();
        assert_eq!(kept, ("well".into(), Some("Kept the morning slot".into())));
        let err = week.answer("wel=x").unwrap_err().to_string();
        assert!(err.contains("well, differently, learned, plan"), "{err}");
        assert_eq!(week.answer("well=").unwrap(), ("well".into(), None));
        assert_eq!(week.answer("Well=   ").unwrap(), ("well".into(), None));
        assert!(week.answer("wel=").is_err(), "an unknown key is refused even when blank");
        assert!(week.answer("no equals sign").is_err());
    }
}
