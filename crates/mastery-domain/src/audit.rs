//! Efficacy audits and their scores (SCIENCE.md §1).
//!
//! An audit is one moment's answers to a scale: for each item, easy → hard, how certain the
//! person is that they can do it, 0–100 in steps of 10. From the answers and the scale's
//! threshold τ come three scores, each with a sentence saying how it was computed:
//!
//! - strength S = the mean of all ratings (0–100);
//! - level L_τ = the number of items rated at or above τ;
//! - composite C = the sum of the ratings at or above τ, divided by the number of items.
//!
//! Across domains, the generality profile counts the domains whose strength reaches τ and gives
//! the spread of strengths. Audits repeat (monthly by default), so each keeps the interval after
//! which the next one falls due.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use crate::Field;
use crate::ValidationError;
use crate::domain::LifeArea;
use crate::ids::{AuditId, DomainId};
use crate::measure::Confidence;
use crate::scale::BASELINE_AREAS;

/// One audit of one domain on one scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub id: AuditId,
    pub domain_id: DomainId,
    /// The id of the scale answered.
    pub scale_id: String,
    pub taken_at: Timestamp,
    /// The person's local date when it was taken.
    pub taken_on: Date,
    /// τ as it was when the audit was taken.
    pub threshold: Confidence,
    /// One rating per item, in the scale's order (easy → hard).
    pub answers: Vec<Confidence>,
    /// How long after this audit the next one falls due.
    pub every: Every,
}

impl Audit {
    /// The audit's scores.
    pub fn scores(&self) -> Scores {
        Scores::of(&self.answers, self.threshold.value())
    }

    /// The day the next audit of this domain falls due.
    pub fn due_on(&self) -> Date {
        self.every.after(self.taken_on)
    }

    /// Whether, this being the domain's latest audit, a re-audit is due on `today`: its interval
    /// has run out. A domain audited today, or within its interval, is not asked again.
    pub fn reaudit_due(&self, today: Date) -> bool {
        self.due_on() <= today
    }
}

/// Reads a scripted list of ratings such as `10,40,50,100`: each 0–100 in steps of 10.
/// Whether the count fits a scale is checked against the scale ([`check_count`]).
///
/// # Errors
///
/// [`ValidationError::Answer`] naming the first answer that is not 0–100 in steps of 10.
///
/// # Examples
///
/// ```
/// use mastery_domain::audit::parse_answers;
///
/// let answers = parse_answers("100, 70,40").unwrap();
/// assert_eq!(answers.iter().map(|a| a.value()).collect::<Vec<_>>(), [100, 70, 40]);
/// assert!(parse_answers("100,75").is_err());
/// ```
pub fn parse_answers(raw: &str) -> Result<Vec<Confidence>, ValidationError> {
    let parts: Vec<&str> = raw.split(',').map(str::trim).collect();
    if parts.iter().all(|p| p.is_empty()) {
        return Err(ValidationError::Empty { field: Field::Answers });
    }
    parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            let fail = |why| ValidationError::Answer { position: index + 1, value: (*part).to_owned(), why };
            let value: u32 = part.parse().map_err(|_| fail("is not a number; give whole numbers 0–100"))?;
            u8::try_from(value)
                .ok()
                .and_then(|v| Confidence::new(v).ok())
                .ok_or_else(|| fail("must be 0–100 in steps of 10 (0, 10, 20, …, 100)"))
        })
        .collect()
}

/// Checks that there is one answer per item of the scale `scale`.
///
/// # Errors
///
/// [`ValidationError::AnswerCount`] when there are more or fewer answers than items.
pub fn check_count(scale: &str, expected: usize, answers: &[Confidence]) -> Result<(), ValidationError> {
    if answers.len() == expected {
        Ok(())
    } else {
        Err(ValidationError::AnswerCount { scale: scale.to_owned(), expected, got: answers.len() })
    }
}

/// Reads a baseline answers file: one line per life area, `career: 10,40,…` (or `career = …`),
/// with blank lines and `#` comments ignored. Every area of the baseline needs exactly one line.
/// Returns the answers in the baseline's order of areas.
///
/// # Errors
///
/// [`ValidationError::AnswersFile`] with the line of the first problem: an unknown area, a
/// repeated or missing one, or answers that [`parse_answers`] refuses.
pub fn parse_baseline(text: &str) -> Result<Vec<(LifeArea, Vec<Confidence>)>, ValidationError> {
    let mut found: Vec<(LifeArea, Vec<Confidence>, usize)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let fail = |problem: String| ValidationError::AnswersFile { line, problem };
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let (key, values) =
            content.split_once([':', '=']).ok_or_else(|| fail(format!("expected `area: 10,40,…`, got '{content}'")))?;
        let area: LifeArea = key.trim().parse().map_err(|e: ValidationError| fail(e.to_string()))?;
        if !BASELINE_AREAS.contains(&area) {
            return Err(fail(format!("'{area}' is not one of the baseline's areas ({})", baseline_words())));
        }
        if let Some((_, _, first)) = found.iter().find(|(a, _, _)| *a == area) {
            return Err(fail(format!("{area} already has answers on line {first}")));
        }
        let answers = parse_answers(values).map_err(|e| fail(format!("{area}: {e}")))?;
        found.push((area, answers, line));
    }
    BASELINE_AREAS
        .iter()
        .map(|&area| {
            let position =
                found.iter().position(|(a, _, _)| *a == area).ok_or_else(|| ValidationError::AnswersFile {
                    line: text.lines().count().max(1),
                    problem: format!("no answers for {area}; the file needs one line for each of {}", baseline_words()),
                })?;
            Ok((area, found[position].1.clone()))
        })
        .collect()
}

fn baseline_words() -> String {
    BASELINE_AREAS.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
}

// ---------------------------------------------------------------------------------------------
// Scores.

/// Strength: the mean rating, 0–100 (0 when there are no ratings).
pub fn strength(answers: &[Confidence]) -> f64 {
    if answers.is_empty() {
        return 0.0;
    }
    f64::from(sum(answers.iter().copied())) / answers.len() as f64
}

/// Level: how many items are rated at or above `threshold`.
pub fn level(answers: &[Confidence], threshold: u8) -> usize {
    answers.iter().filter(|a| a.value() >= threshold).count()
}

/// Composite: the sum of the ratings at or above `threshold`, divided by the number of items.
pub fn composite(answers: &[Confidence], threshold: u8) -> f64 {
    if answers.is_empty() {
        return 0.0;
    }
    f64::from(sum(answers.iter().copied().filter(|a| a.value() >= threshold))) / answers.len() as f64
}

fn sum(answers: impl Iterator<Item = Confidence>) -> u32 {
    answers.map(|a| u32::from(a.value())).sum()
}

/// An audit's three scores with what they were computed from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub n_items: usize,
    pub threshold: u8,
    pub strength: f64,
    pub level: usize,
    pub composite: f64,
    /// Sum of all ratings.
    pub total: u32,
    /// Sum of the ratings at or above τ.
    pub total_at_or_above: u32,
}

impl Scores {
    pub fn of(answers: &[Confidence], threshold: u8) -> Self {
        Self {
            n_items: answers.len(),
            threshold,
            strength: strength(answers),
            level: level(answers, threshold),
            composite: composite(answers, threshold),
            total: sum(answers.iter().copied()),
            total_at_or_above: sum(answers.iter().copied().filter(|a| a.value() >= threshold)),
        }
    }

    /// How each score was computed, in words and numbers.
    pub fn explain(&self) -> Explanation {
        let n = self.n_items;
        let tau = self.threshold;
        Explanation {
            strength: format!("strength = mean of the {n} ratings = {} / {n} = {:.1}", self.total, self.strength),
            level: format!("level = items rated {tau} or more (τ = {tau}) = {} of {n}", self.level),
            composite: format!(
                "composite = sum of the ratings of {tau} or more / all {n} items = {} / {n} = {:.1}",
                self.total_at_or_above, self.composite
            ),
        }
    }
}

/// How each score of an audit was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explanation {
    pub strength: String,
    pub level: String,
    pub composite: String,
}

// ---------------------------------------------------------------------------------------------
// Generality: the profile across domains.

/// The profile of strengths across domains.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Generality {
    pub n_domains: usize,
    pub threshold: u8,
    /// Domains whose strength is at or above τ.
    pub at_or_above: usize,
    pub mean: f64,
    /// The spread of strengths: their standard deviation across these domains (population
    /// formula: the domains are the whole profile, not a sample of one).
    pub spread: f64,
    pub min: f64,
    pub max: f64,
}

impl Generality {
    /// The profile of `strengths` (one per domain); `None` without any domain.
    pub fn of(strengths: &[f64], threshold: u8) -> Option<Self> {
        if strengths.is_empty() {
            return None;
        }
        let n = strengths.len() as f64;
        let mean = strengths.iter().sum::<f64>() / n;
        let variance = strengths.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
        Some(Self {
            n_domains: strengths.len(),
            threshold,
            at_or_above: strengths.iter().filter(|&&s| s >= f64::from(threshold)).count(),
            mean,
            spread: variance.sqrt(),
            min: strengths.iter().copied().fold(f64::INFINITY, f64::min),
            max: strengths.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }

    /// How the profile was computed.
    pub fn explain(&self) -> String {
        format!(
            "{} of {} {} strength {} or more; strengths range {:.1}–{:.1}, mean {:.1}, spread (standard deviation) {:.1}",
            self.at_or_above,
            crate::text::count(self.n_domains, "domain", "domains"),
            crate::text::noun(self.n_domains, "has", "have"),
            self.threshold,
            self.min,
            self.max,
            self.mean,
            self.spread
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Re-audit interval.

/// The unit of a re-audit interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EveryUnit {
    Day,
    Week,
    Month,
}

/// How long after an audit the next one falls due: 1 day to 12 months. Monthly by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Every {
    count: u16,
    unit: EveryUnit,
}

impl Every {
    pub const MONTHLY: Every = Every { count: 1, unit: EveryUnit::Month };

    pub fn new(count: u16, unit: EveryUnit) -> Option<Self> {
        let max = match unit {
            EveryUnit::Day => 366,
            EveryUnit::Week => 52,
            EveryUnit::Month => 12,
        };
        (1..=max).contains(&count).then_some(Self { count, unit })
    }

    pub fn count(self) -> u16 {
        self.count
    }

    pub fn unit(self) -> EveryUnit {
        self.unit
    }

    /// The day this interval after `date` (the end of a shorter month when the day is missing).
    pub fn after(self, date: Date) -> Date {
        let count = i64::from(self.count);
        let span = match self.unit {
            EveryUnit::Day => count.days(),
            EveryUnit::Week => count.weeks(),
            EveryUnit::Month => count.months(),
        };
        // At most a year after a valid date, which jiff only refuses at the end of its range.
        date.checked_add(span).unwrap_or(Date::MAX)
    }
}

impl Default for Every {
    fn default() -> Self {
        Self::MONTHLY
    }
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            EveryUnit::Day => "day",
            EveryUnit::Week => "week",
            EveryUnit::Month => "month",
        };
        write!(f, "{}", crate::text::count(self.count, unit, &format!("{unit}s")))
    }
}

impl FromStr for Every {
    type Err = ValidationError;

    /// `monthly`, `weekly`, `fortnightly`, `2 weeks`, `30d`, `6w`, `3m`, `1 month`.
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let fail = || ValidationError::Every(raw.trim().to_owned());
        let text = raw.trim().to_lowercase();
        let named = match text.as_str() {
            "monthly" => Some((1, EveryUnit::Month)),
            "weekly" => Some((1, EveryUnit::Week)),
            "fortnightly" => Some((2, EveryUnit::Week)),
            "daily" => Some((1, EveryUnit::Day)),
            _ => None,
        };
        let (count, unit) = match named {
            Some(pair) => pair,
            None => {
                let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(fail)?;
                let (number, unit) = text.split_at(split);
                let count: u16 = number.parse().map_err(|_| fail())?;
                let unit = match unit.trim().trim_end_matches('s') {
                    "d" | "day" => EveryUnit::Day,
                    "w" | "wk" | "week" => EveryUnit::Week,
                    "m" | "mo" | "month" => EveryUnit::Month,
                    _ => return Err(fail()),
                };
                (count, unit)
            }
        };
        Self::new(count, unit).ok_or_else(fail)
    }
}

impl TryFrom<String> for Every {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Every> for String {
    fn from(every: Every) -> String {
        every.to_string()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn ratings(values: &[u8]) -> Vec<Confidence> {
        values.iter().map(|&v| Confidence::new(v).unwrap()).collect()
    }

    /// Hand-computed vectors for the formulas of SCIENCE.md §1.
    #[test]
    fn scores_match_the_definitions() {
        // Easy → hard; τ = 50.
        let s = Scores::of(&ratings(&[90, 80, 60, 50, 40, 20, 10, 0]), 50);
        assert_eq!(s.strength, 43.75); // 350 / 8
        assert_eq!(s.level, 4); // 90, 80, 60, 50
        assert_eq!(s.composite, 35.0); // (90 + 80 + 60 + 50) / 8
        assert_eq!((s.total, s.total_at_or_above), (350, 280));

        let s = Scores::of(&ratings(&[100, 100, 70, 30, 0]), 70);
        assert_eq!((s.strength, s.level, s.composite), (60.0, 3, 54.0));

        let s = Scores::of(&ratings(&[40, 40, 40]), 50);
        assert_eq!((s.strength, s.level, s.composite), (40.0, 0, 0.0));

        let s = Scores::of(&[], 50);
        assert_eq!((s.strength, s.level, s.composite), (0.0, 0, 0.0));
    }

    #[test]
    fn scores_say_how_they_were_computed() {
        let e = Scores::of(&ratings(&[90, 80, 60, 50, 40, 20, 10, 0]), 50).explain();
        assert_eq!(e.strength, "strength = mean of the 8 ratings = 350 / 8 = 43.8");
        assert_eq!(e.level, "level = items rated 50 or more (τ = 50) = 4 of 8");
        assert_eq!(e.composite, "composite = sum of the ratings of 50 or more / all 8 items = 280 / 8 = 35.0");
    }

    #[test]
    fn generality_profiles_strengths_across_domains() {
        let g = Generality::of(&[20.0, 40.0, 60.0, 80.0], 50).unwrap();
        assert_eq!((g.n_domains, g.at_or_above), (4, 2));
        assert_eq!((g.mean, g.min, g.max), (50.0, 20.0, 80.0));
        assert!((g.spread - 22.360_679_775).abs() < 1e-9, "{}", g.spread); // √500
        assert_eq!(
            g.explain(),
            "2 of 4 domains have strength 50 or more; strengths range 20.0–80.0, mean 50.0, spread (standard deviation) 22.4"
        );
        let one = Generality::of(&[50.0], 50).unwrap();
        assert_eq!((one.at_or_above, one.spread), (1, 0.0));
        assert!(Generality::of(&[], 50).is_none());
    }

    #[test]
    fn answers_parse_and_name_the_bad_one() {
        assert_eq!(parse_answers("10, 40,100 ,0").unwrap(), ratings(&[10, 40, 100, 0]));
        let message = |raw: &str| parse_answers(raw).unwrap_err().to_string();
        assert_eq!(message("10,55,30"), "answer 2 ('55') must be 0–100 in steps of 10 (0, 10, 20, …, 100)");
        assert!(message("10,20,110").starts_with("answer 3 ('110') must be 0–100"));
        assert!(message("ten,20").starts_with("answer 1 ('ten') is not a number"));
        assert!(message("10,,20").starts_with("answer 2 ('') is not a number"));
        assert!(message("-10").starts_with("answer 1 ('-10') is not a number"));
        assert_eq!(message(" "), "answers must not be empty");
        let count = check_count("career", 10, &ratings(&[10, 20])).unwrap_err().to_string();
        assert!(count.starts_with("scale 'career' has 10 items but 2 answers were given"), "{count}");
        assert!(check_count("career", 2, &ratings(&[10, 20])).is_ok());
    }

    #[test]
    fn baseline_files_have_one_line_per_area() {
        let text = "# my baseline\ncareer: 10,20,30\n\nhealth = 40, 50 # tired today\nrelationships: 60\nlearning:70\nfinances: 80,90\n";
        let parsed = parse_baseline(text).unwrap();
        let areas: Vec<LifeArea> = parsed.iter().map(|(a, _)| *a).collect();
        assert_eq!(areas, BASELINE_AREAS);
        assert_eq!(parsed[1].1, ratings(&[40, 50]));

        let problem = |text: &str| parse_baseline(text).unwrap_err().to_string();
        assert_eq!(
            problem("career: 10\nhealth: 55\n"),
            "line 2: health: answer 1 ('55') must be 0–100 in steps of 10 (0, 10, 20, …, 100)"
        );
        assert!(problem("career 10\n").starts_with("line 1: expected `area: 10,40,…`"));
        assert!(problem("hobbies: 10\n").starts_with("line 1: unknown area 'hobbies'"));
        assert!(problem("other: 10\n").contains("not one of the baseline's areas"));
        assert!(problem("career: 10\ncareer: 20\n").contains("line 2: career already has answers on line 1"));
        assert!(problem("career: 10\n").contains("no answers for health"));
    }

    #[test]
    fn intervals_parse_and_fall_due() {
        let day = |s: &str| s.parse::<Date>().unwrap();
        for (raw, shown) in [
            ("monthly", "1 month"),
            ("weekly", "1 week"),
            ("fortnightly", "2 weeks"),
            ("30d", "30 days"),
            ("6 weeks", "6 weeks"),
            ("3m", "3 months"),
            ("1 Month", "1 month"),
            ("12 months", "12 months"),
        ] {
            assert_eq!(raw.parse::<Every>().unwrap().to_string(), shown, "{raw}");
        }
        for bad in ["", "0d", "13 months", "53w", "soon", "5", "2 years", "-1m"] {
            assert!(bad.parse::<Every>().is_err(), "{bad}");
        }
        assert_eq!(Every::MONTHLY.after(day("2026-01-31")), day("2026-02-28"));
        assert_eq!("2w".parse::<Every>().unwrap().after(day("2026-12-25")), day("2027-01-08"));
        assert_eq!(Every::default(), Every::MONTHLY);
        assert_eq!(serde_json::to_string(&Every::MONTHLY).unwrap(), "\"1 month\"");
    }

    fn any_answers() -> impl Strategy<Value = Vec<Confidence>> {
        prop::collection::vec((0u8..=10).prop_map(|s| Confidence::new(s * 10).unwrap()), 1..40)
    }

    proptest! {
        #[test]
        fn strength_and_composite_stay_within_0_to_100(answers in any_answers(), tau in 0u8..=100) {
            let s = Scores::of(&answers, tau);
            prop_assert!((0.0..=100.0).contains(&s.strength));
            prop_assert!((0.0..=100.0).contains(&s.composite));
            prop_assert!(s.composite <= s.strength);
            prop_assert!(s.level <= s.n_items);
        }

        #[test]
        fn level_never_rises_as_the_threshold_rises(answers in any_answers(), a in 0u8..=100, b in 0u8..=100) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(level(&answers, high) <= level(&answers, low));
            prop_assert!(composite(&answers, high) <= composite(&answers, low));
        }

        #[test]
        fn scores_do_not_depend_on_item_order(
            (answers, shuffled) in any_answers().prop_flat_map(|a| (Just(a.clone()), Just(a).prop_shuffle())),
            tau in 0u8..=100,
        ) {
            prop_assert_eq!(Scores::of(&answers, tau), Scores::of(&shuffled, tau));
        }

        #[test]
        fn generality_stays_within_the_strengths(strengths in prop::collection::vec(0.0f64..=100.0, 1..10)) {
            let g = Generality::of(&strengths, 50).unwrap();
            prop_assert!(g.min <= g.mean + 1e-9 && g.mean <= g.max + 1e-9);
            prop_assert!(g.spread >= 0.0 && g.spread <= 50.0 + 1e-9);
        }
    }
}
