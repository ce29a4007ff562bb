//! Deliberate practice: a plan per domain (minutes, days of the week), the sessions kept and the
//! rest days declared in advance, and the consistency score that rewards showing up regularly.
//!
//! The score is Loop Habit Tracker's (SCIENCE.md §6), a daily exponential moving average whose
//! half-life grows as the target frequency falls, so one missed day barely moves it while a
//! month of regular practice builds it up. A planned rest day leaves it unchanged: rest is part
//! of practice, never a miss, which is why a rest day can only be declared before it happens.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use crate::Field;
use crate::ValidationError;
use crate::ids::{DomainId, SessionId};

/// The days of the week by full name; the first three letters are the short name.
const WEEK: [(Weekday, &str); 7] = [
    (Weekday::Monday, "monday"),
    (Weekday::Tuesday, "tuesday"),
    (Weekday::Wednesday, "wednesday"),
    (Weekday::Thursday, "thursday"),
    (Weekday::Friday, "friday"),
    (Weekday::Saturday, "saturday"),
    (Weekday::Sunday, "sunday"),
];

/// The days of the week a plan asks for practice: a set, spelled `mon,wed,fri`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "mon,wed,fri"))]
pub struct Weekdays(u8);

impl Weekdays {
    /// Every day of the week.
    pub const DAILY: Weekdays = Weekdays(0b111_1111);

    fn bit(day: Weekday) -> u8 {
        1 << day.to_monday_zero_offset()
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & Self::bit(day) != 0
    }

    /// How many days a week.
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// The days as iCalendar's BYDAY list (RFC 5545 §3.3.10), Monday first: `MO,WE,FR`.
    pub fn byday(self) -> String {
        let names: Vec<String> =
            WEEK.iter().filter(|(d, _)| self.contains(*d)).map(|(_, n)| n[..2].to_uppercase()).collect();
        names.join(",")
    }

    /// The first day on or after `from` that the set contains.
    pub fn next_on_or_after(self, from: Date) -> Date {
        days(from, from.checked_add(jiff::Span::new().days(6)).unwrap_or(from))
            .find(|d| self.contains(d.weekday()))
            .unwrap_or(from)
    }
}

impl FromStr for Weekdays {
    type Err = ValidationError;

    fn from_str(raw: &str) -> Result<Self, ValidationError> {
        let mut bits = 0;
        for word in raw.split(',').map(|w| w.trim().to_lowercase()) {
            bits |= match word.as_str() {
                "daily" | "every day" => Self::DAILY.0,
                "weekdays" => 0b001_1111,
                "weekend" => 0b110_0000,
                other => WEEK
                    .iter()
                    .find(|(_, name)| other.len() >= 3 && name.starts_with(other))
                    .map(|(day, _)| Self::bit(*day))
                    .ok_or_else(|| ValidationError::Weekday(word.clone()))?,
            };
        }
        if bits == 0 {
            return Err(ValidationError::Weekday(raw.trim().to_owned()));
        }
        Ok(Weekdays(bits))
    }
}

impl fmt::Display for Weekdays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = WEEK.iter().filter(|(d, _)| self.contains(*d)).map(|(_, n)| &n[..3]).collect();
        f.write_str(&names.join(","))
    }
}

impl Serialize for Weekdays {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Weekdays {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// A domain's practice plan; a new plan for the domain replaces the old one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticePlan {
    pub domain_id: DomainId,
    pub minutes: u32,
    pub days: Weekdays,
    /// The person's local date the plan took effect.
    pub starts_on: Date,
    pub created_at: Timestamp,
}

impl PracticePlan {
    /// The target as Loop states it, practice days per period of days: 1/1 for a daily plan,
    /// n/7 otherwise.
    pub fn frequency(&self) -> (u32, u32) {
        match self.days.count() {
            7 => (1, 1),
            n => (n, 7),
        }
    }
}

/// The minutes of a practice session (or of a plan's sessions), as typed: a whole number from 1
/// to 1440, a day.
///
/// # Errors
///
/// [`ValidationError::Minutes`] unless `raw` is a whole number from 1 to 1,440.
pub fn session_minutes(raw: &str) -> Result<u32, ValidationError> {
    crate::measure::minutes(Field::PracticeMinutes, raw, 1, crate::measure::MINUTES_IN_A_DAY)
}

/// One practice session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticeSession {
    pub id: SessionId,
    pub domain_id: DomainId,
    pub minutes: u32,
    pub note: Option<String>,
    pub at: Timestamp,
    /// The person's local date of the session.
    pub on: Date,
}

/// A rest day, for one domain or (without one) for all practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestDay {
    pub domain_id: Option<DomainId>,
    pub on: Date,
    pub declared_at: Timestamp,
}

impl RestDay {
    /// Declares a rest day `on`, today or later; a day already past is refused, because a rest
    /// declared after the fact would only relabel a miss.
    pub fn declare(
        domain_id: Option<DomainId>,
        on: Date,
        today: Date,
        declared_at: Timestamp,
    ) -> Result<Self, ValidationError> {
        if on < today {
            return Err(ValidationError::RestDayPast { day: on.to_string(), today: today.to_string() });
        }
        Ok(Self { domain_id, on, declared_at })
    }
}

/// One domain's practice records as the score reads them: days with a session and rest days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PracticeDays {
    pub sessions: BTreeSet<Date>,
    pub rest: BTreeSet<Date>,
}

impl PracticeDays {
    /// The days of `domain` from every session and rest day (all-practice rest days included).
    pub fn of(domain: DomainId, sessions: &[PracticeSession], rest: &[RestDay]) -> Self {
        Self {
            sessions: sessions.iter().filter(|s| s.domain_id == domain).map(|s| s.on).collect(),
            rest: rest.iter().filter(|r| r.domain_id.is_none_or(|d| d == domain)).map(|r| r.on).collect(),
        }
    }

    /// Whether practice is due on `day`: a day the plan asks for, not a rest day, with no
    /// session logged yet.
    pub fn due_on(&self, plan: &PracticePlan, day: Date) -> bool {
        plan.days.contains(day.weekday()) && !self.sessions.contains(&day) && !self.rest.contains(&day)
    }
}

/// Planned, kept and rest days over a span of days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// Days the plan asked for, rest days excluded.
    pub planned_days: u32,
    /// Planned days with a session.
    pub kept_days: u32,
    pub rest_days: u32,
}

/// The day practice is counted from: the earlier of the plan's start and the first session.
pub fn first_day(plan: &PracticePlan, sessions: &BTreeSet<Date>) -> Date {
    sessions.first().map_or(plan.starts_on, |s| (*s).min(plan.starts_on))
}

/// Counts planned, kept and rest days from `from` (or [`first_day`], if later) to `to`, both
/// included. A day with a session is never a rest day.
pub fn kept(plan: &PracticePlan, sessions: &BTreeSet<Date>, rest: &BTreeSet<Date>, from: Date, to: Date) -> Kept {
    let mut counts = Kept::default();
    for day in days(from.max(first_day(plan, sessions)), to) {
        if rest.contains(&day) && !sessions.contains(&day) {
            counts.rest_days += 1;
        } else if plan.days.contains(day.weekday()) {
            counts.planned_days += 1;
            counts.kept_days += u32::from(sessions.contains(&day));
        }
    }
    counts
}

fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    from.series(jiff::Span::new().days(1)).take_while(move |d| *d <= to)
}

/// A domain's consistency: Loop's score, the current streak and the counts behind them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consistency {
    /// 0–1.
    pub score: f64,
    /// Planned days kept in a row, back from today (today only once practised); rest days neither
    /// break nor extend it.
    pub streak: u32,
    #[serde(flatten)]
    pub kept: Kept,
    /// The formula with this plan's numbers in it.
    pub formula: String,
}

/// Loop's multiplier for a target of `f` practice days per day.
pub fn multiplier(f: f64) -> f64 {
    0.5_f64.powf(f.sqrt() / 13.0)
}

/// What a counted day was for the plan, as the consistency chart marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DayMark {
    /// A planned day with a session.
    Kept,
    /// A planned day without one.
    Missed,
    /// A declared rest day without a session: the score stays where it was.
    Rest,
    /// A session on a day the plan leaves free.
    Extra,
    /// A day the plan leaves free, without a session.
    Off,
}

/// The consistency score at the end of one counted day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayScore {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
    pub mark: DayMark,
    /// 0–1.
    pub score: f64,
}

/// The plan's target frequency f, and Loop's window: `num` practice days in the last `den` days,
/// both doubled for a non-daily target (3 per 7 days → 6 per 14) to smooth the schedule.
fn window(plan: &PracticePlan) -> (f64, u32, u32) {
    let (num, den) = plan.frequency();
    let f = f64::from(num) / f64::from(den);
    if num < den { (f, num * 2, den * 2) } else { (f, num, den) }
}

/// The days the score counts: from [`first_day`] through yesterday, or through today once a
/// session is logged today (a day in progress is not a miss).
fn counted_days(plan: &PracticePlan, sessions: &BTreeSet<Date>, today: Date) -> (Date, Date) {
    let end = if sessions.contains(&today) { today } else { today.yesterday().unwrap_or(today) };
    (first_day(plan, sessions), end)
}

/// Loop's score day by day as of `today`, one entry per counted day, oldest first: S starts at 0
/// and each day c = min(1, session days in the window / numerator) with Loop's `window`, and
/// S = S·m + c·(1 − m); a rest day leaves S unchanged.
pub fn daily_scores(
    plan: &PracticePlan,
    sessions: &BTreeSet<Date>,
    rest: &BTreeSet<Date>,
    today: Date,
) -> Vec<DayScore> {
    let (f, num, den) = window(plan);
    let m = multiplier(f);
    let (first, end) = counted_days(plan, sessions, today);
    let mut score = 0.0;
    days(first, end)
        .map(|day| {
            let practised = sessions.contains(&day);
            let mark = match (practised, plan.days.contains(day.weekday())) {
                (false, _) if rest.contains(&day) => DayMark::Rest,
                (true, true) => DayMark::Kept,
                (false, true) => DayMark::Missed,
                (true, false) => DayMark::Extra,
                (false, false) => DayMark::Off,
            };
            if mark != DayMark::Rest {
                let window_start = day.checked_sub(jiff::Span::new().days(i64::from(den) - 1)).unwrap_or(day);
                let done = sessions.range(window_start..=day).count() as f64;
                let c = (done / f64::from(num)).min(1.0);
                score = score * m + c * (1.0 - m);
            }
            DayScore { on: day, mark, score }
        })
        .collect()
}

/// Computes the consistency of `plan` given the days with a session and the rest days, as of
/// `today`: the last of [`daily_scores`], the streak of planned days kept back from the last
/// counted day, and the counts behind them.
///
/// # Examples
///
/// SCIENCE.md §6: a perfect daily record reaches about 80% after 30 days (1 − 0.5^(30/13)).
/// Today counts only once practised: a day in progress is not a miss.
///
/// ```
/// use std::collections::BTreeSet;
///
/// use jiff::Timestamp;
/// use jiff::civil::date;
/// use mastery_domain::ids::DomainId;
/// use mastery_domain::practice::{PracticePlan, Weekdays, consistency};
///
/// let start = date(2026, 3, 1);
/// let plan = PracticePlan {
///     domain_id: DomainId::from_uuid(uuid::Uuid::nil()),
///     minutes: 20,
///     days: Weekdays::DAILY,
///     starts_on: start,
///     created_at: Timestamp::UNIX_EPOCH,
/// };
/// let thirty: BTreeSet<_> = start.series(jiff::Span::new().days(1)).take(30).collect();
/// let today = date(2026, 3, 30);
/// let kept = consistency(&plan, &thirty, &BTreeSet::new(), today);
/// assert!((kept.score - (1.0 - 0.5f64.powf(30.0 / 13.0))).abs() < 1e-9, "{}", kept.score);
/// assert!((kept.score - 0.80).abs() < 0.01);
/// assert_eq!(kept.streak, 30);
///
/// // Without today's session, today is not counted yet: 29 days, not a missed one.
/// let yesterday = thirty.iter().take(29).copied().collect();
/// let waiting = consistency(&plan, &yesterday, &BTreeSet::new(), today);
/// assert_eq!(waiting.streak, 29);
/// ```
pub fn consistency(plan: &PracticePlan, sessions: &BTreeSet<Date>, rest: &BTreeSet<Date>, today: Date) -> Consistency {
    let (f, num, den) = window(plan);
    let m = multiplier(f);
    let (first, end) = counted_days(plan, sessions, today);
    let scores = daily_scores(plan, sessions, rest, today);
    let score = scores.last().map_or(0.0, |d| d.score);
    let mut streak = 0;
    for day in scores.iter().rev() {
        match day.mark {
            DayMark::Kept => streak += 1,
            DayMark::Missed => break,
            DayMark::Rest | DayMark::Extra | DayMark::Off => {}
        }
    }
    let counted = match first <= end {
        true => format!("each day from {first} to {end}"),
        false => "no day counted yet".to_owned(),
    };
    let formula = format!(
        "S = S·m + c·(1 − m), {counted}, starting at 0; m = 0.5^(√f/13) = {m:.4} with f = {f:.4} \
         ({} a week); c = min(1, days practised in the last {den} days / {num}); a rest day leaves S unchanged; \
         today counts once practised (Loop Habit Tracker)",
        crate::text::count(plan.days.count(), "day", "days")
    );
    Consistency { score, streak, kept: kept(plan, sessions, rest, first, end), formula }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn plan(days: &str, starts_on: Date) -> PracticePlan {
        PracticePlan {
            domain_id: DomainId::from_uuid(uuid::Uuid::nil()),
            minutes: 20,
            days: days.parse().unwrap(),
            starts_on,
            created_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn span(from: Date, n: i64) -> BTreeSet<Date> {
        (0..n).map(|i| from.checked_add(jiff::Span::new().days(i)).unwrap()).collect()
    }

    #[test]
    fn weekdays_read_names_and_refuse_unknown_ones() {
        assert_eq!("mon,Wed, friday".parse::<Weekdays>().unwrap().to_string(), "mon,wed,fri");
        assert_eq!("mon,Wed, friday".parse::<Weekdays>().unwrap().byday(), "MO,WE,FR");
        assert_eq!(Weekdays::DAILY.byday(), "MO,TU,WE,TH,FR,SA,SU");
        let tue_thu: Weekdays = "tue,thu".parse().unwrap();
        assert_eq!(tue_thu.next_on_or_after(date(2026, 11, 20)), date(2026, 11, 24));
        assert_eq!(tue_thu.next_on_or_after(date(2026, 11, 24)), date(2026, 11, 24));
        assert_eq!("daily".parse::<Weekdays>().unwrap(), Weekdays::DAILY);
        assert_eq!("weekdays".parse::<Weekdays>().unwrap().count(), 5);
        assert!("mon,funday".parse::<Weekdays>().is_err());
        assert!("".parse::<Weekdays>().is_err());
    }

    #[test]
    fn thirty_perfect_days_reach_about_eighty_percent() {
        let start = date(2026, 10, 1);
        let sessions = span(start, 30);
        let today = date(2026, 10, 31);
        let c = consistency(&plan("daily", start), &sessions, &BTreeSet::new(), today);
        assert!((c.score - (1.0 - 0.5_f64.powf(30.0 / 13.0))).abs() < 1e-12);
        assert!((0.79..0.81).contains(&c.score), "{}", c.score);
        assert_eq!(c.streak, 30);
        assert_eq!(c.kept, Kept { planned_days: 30, kept_days: 30, rest_days: 0 });
    }

    #[test]
    fn today_counts_only_once_practised_and_rest_days_leave_the_score_alone() {
        let start = date(2026, 10, 1);
        let today = date(2026, 10, 11);
        let mut sessions = span(start, 10);
        let before = consistency(&plan("daily", start), &sessions, &BTreeSet::new(), today);
        sessions.insert(today);
        let after = consistency(&plan("daily", start), &sessions, &BTreeSet::new(), today);
        assert!(after.score > before.score);
        assert_eq!((before.streak, after.streak), (10, 11));

        let sessions: BTreeSet<Date> = span(start, 10).into_iter().filter(|d| d.day() != 5).collect();
        let rest = BTreeSet::from([date(2026, 10, 5)]);
        let rested = consistency(&plan("daily", start), &sessions, &rest, today);
        let missed = consistency(&plan("daily", start), &sessions, &BTreeSet::new(), today);
        assert!(rested.score > missed.score);
        assert_eq!(rested.streak, 9);
        assert_eq!(missed.streak, 5);
        assert_eq!(rested.kept.rest_days, 1);
    }

    #[test]
    fn a_rest_day_in_the_past_is_refused() {
        let today = date(2026, 11, 20);
        assert!(RestDay::declare(None, today, today, Timestamp::UNIX_EPOCH).is_ok());
        assert!(RestDay::declare(None, date(2026, 11, 19), today, Timestamp::UNIX_EPOCH).is_err());
    }

    #[test]
    fn the_daily_series_marks_each_day_and_moves_only_on_days_that_are_not_rest() {
        // Monday 2026-11-16 to Friday 20: kept, kept, rest, missed, kept; Saturday 21 is today,
        // not practised yet, so not counted.
        let start = date(2026, 11, 16);
        let sessions = BTreeSet::from([date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 20)]);
        let rest = BTreeSet::from([date(2026, 11, 18)]);
        let series = daily_scores(&plan("daily", start), &sessions, &rest, date(2026, 11, 21));
        let m = 0.5_f64.powf(1.0 / 13.0);
        let kept1 = 1.0 - m;
        let kept2 = kept1 * m + (1.0 - m);
        let missed = kept2 * m;
        let kept3 = missed * m + (1.0 - m);
        let expected = [
            (date(2026, 11, 16), DayMark::Kept, kept1),
            (date(2026, 11, 17), DayMark::Kept, kept2),
            (date(2026, 11, 18), DayMark::Rest, kept2),
            (date(2026, 11, 19), DayMark::Missed, missed),
            (date(2026, 11, 20), DayMark::Kept, kept3),
        ];
        assert_eq!(series.len(), expected.len(), "{series:?}");
        for (day, (on, mark, score)) in series.iter().zip(expected) {
            assert_eq!((day.on, day.mark), (on, mark));
            assert!((day.score - score).abs() < 1e-12, "{on}: {} vs {score}", day.score);
        }
        // 0.1428, computed apart with Python.
        assert!((series[4].score - 0.1428).abs() < 1e-4, "{}", series[4].score);
        let c = consistency(&plan("daily", start), &sessions, &rest, date(2026, 11, 21));
        assert_eq!(c.score, kept3, "the score is the series' last day");
        assert_eq!(c.streak, 1);
    }

    #[test]
    fn off_plan_days_still_count_the_window_and_a_session_on_one_is_extra() {
        // Mon, Wed, Fri from Monday 2026-11-16: 6 practice days per 14, so c = sessions / 6.
        let start = date(2026, 11, 16);
        let sessions = BTreeSet::from([date(2026, 11, 16), date(2026, 11, 17)]);
        let series = daily_scores(&plan("mon,wed,fri", start), &sessions, &BTreeSet::new(), date(2026, 11, 20));
        let m = 0.5_f64.powf((3.0_f64 / 7.0).sqrt() / 13.0);
        let marks: Vec<DayMark> = series.iter().map(|d| d.mark).collect();
        assert_eq!(marks, [DayMark::Kept, DayMark::Extra, DayMark::Missed, DayMark::Off]);
        let mut expected = 0.0;
        for (day, c) in series.iter().zip([1.0 / 6.0, 2.0 / 6.0, 2.0 / 6.0, 2.0 / 6.0]) {
            expected = expected * m + c * (1.0 - m);
            assert!((day.score - expected).abs() < 1e-12, "{}: {} vs {expected}", day.on, day.score);
        }
    }

    #[test]
    fn a_three_day_plan_uses_a_doubled_window() {
        let p = plan("mon,wed,fri", date(2026, 11, 2));
        assert_eq!(p.frequency(), (3, 7));
        let c = consistency(&p, &BTreeSet::new(), &BTreeSet::new(), date(2026, 11, 9));
        assert!(c.formula.contains("last 14 days / 6"), "{}", c.formula);
    }
}
