//! Reading dates and times the way people type them: ISO 8601 (`2026-11-20`, `2026-11-20T18:00`,
//! RFC 3339 with an offset) and human forms (`now`, `today`, `yesterday 18:00`, `mon`,
//! `last fri 7pm`, `3 days ago`). Parsing is relative to a `now` that the caller passes in.
//!
//! A bare weekday leans towards the past for events that already happened (an attempt logged on
//! Friday for "mon" means the Monday just gone) and towards the future for plans.

use crate::Field;
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::{Span, Timestamp, ToSpan, Zoned};

use crate::ValidationError;

/// Which way an ambiguous weekday points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lean {
    /// The most recent such day, today included.
    Past,
    /// The next such day, today included.
    Future,
}

/// Earliest year accepted anywhere; older dates are typing mistakes.
const MIN_YEAR: i16 = 1900;
/// Latest year accepted for plans and deadlines.
const MAX_YEAR: i16 = 2200;

/// Parses `input` as a point in time in `now`'s time zone.
///
/// A date without a time means *now* when it is today and noon otherwise, so that "today" never
/// lands in the future and another day's records sit in the middle of that day.
///
/// # Errors
///
/// [`ValidationError::Date`] saying why `input` could not be read, or that it falls outside
/// the years the product accepts.
///
/// # Examples
///
/// ```
/// use jiff::Zoned;
/// use mastery_domain::when::{Lean, parse_datetime};
///
/// let now: Zoned = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap();
/// let at = parse_datetime("yesterday 18:00", &now, Lean::Past).unwrap();
/// assert_eq!(at.to_string(), "2026-11-20T18:00:00+01:00[Europe/Paris]");
/// assert!(parse_datetime("the day after never", &now, Lean::Past).is_err());
/// ```
pub fn parse_datetime(input: &str, now: &Zoned, lean: Lean) -> Result<Zoned, ValidationError> {
    let text = input.trim().to_lowercase();
    let fail = |why: &str| ValidationError::Date { input: input.trim().to_owned(), why: why.to_owned() };
    if text.is_empty() {
        return Err(fail("it is empty"));
    }
    if text == "now" {
        return Ok(now.clone());
    }
    if let Ok(ts) = text.to_uppercase().parse::<Timestamp>() {
        return Ok(ts.to_zoned(now.time_zone().clone()));
    }
    if let Ok(zoned) = input.trim().parse::<Zoned>() {
        return Ok(zoned);
    }
    // An ISO date with a time ("2026-11-20T18", "2026-11-20 18:05"); a plain date is a day, below.
    let iso_time = (!is_plain_date(&text)).then(|| text.replacen(' ', "T", 1).to_uppercase().parse::<DateTime>().ok());
    if let Some(dt) = iso_time.flatten() {
        return at_local(dt, now).map_err(|why| fail(&why));
    }
    if let Some(ago) = parse_ago(&text) {
        let span = ago.map_err(|why| fail(&why))?;
        return now.checked_sub(span).map_err(|e| fail(&e.to_string()));
    }

    let (day_part, time_part) = split_time(&text);
    let time = match time_part {
        Some(t) => Some(parse_time(t).ok_or_else(|| fail(&format!("'{t}' is not a time of day like 18:00 or 6pm")))?),
        None => None,
    };
    let date = match day_part {
        "" if time.is_some() => now.date(),
        "" => return Err(fail("it names no day")),
        day => parse_day(day, now.date(), lean).map_err(|why| fail(&why))?,
    };
    let datetime = match time {
        Some(t) => date.to_datetime(t),
        None if date == now.date() => return Ok(now.clone()),
        None => date.to_datetime(Time::constant(12, 0, 0, 0)),
    };
    at_local(datetime, now).map_err(|why| fail(&why))
}

/// Parses `input` as a calendar day (deadlines, rest days, weeks).
///
/// # Errors
///
/// [`ValidationError::Date`] saying why `input` could not be read as a day.
///
/// # Examples
///
/// ```
/// use mastery_domain::when::{Lean, parse_date};
///
/// let today = jiff::civil::date(2026, 11, 21); // a Saturday
/// assert_eq!(parse_date("mon", today, Lean::Past).unwrap(), jiff::civil::date(2026, 11, 16));
/// assert_eq!(parse_date("mon", today, Lean::Future).unwrap(), jiff::civil::date(2026, 11, 23));
/// ```
pub fn parse_date(input: &str, today: Date, lean: Lean) -> Result<Date, ValidationError> {
    let text = input.trim().to_lowercase();
    let fail = |why: String| ValidationError::Date { input: input.trim().to_owned(), why };
    let date = match parse_ago(&text) {
        Some(ago) => today.checked_sub(ago.map_err(fail)?).map_err(|e| fail(e.to_string()))?,
        None => parse_day(&text, today, lean).map_err(fail)?,
    };
    check_year(Field::Date, date)?;
    Ok(date)
}

/// Checks that an event that already happened is neither in the future nor absurdly old.
///
/// # Errors
///
/// [`ValidationError::Implausible`] naming `field` when `at` is after `now` or in a year the
/// product does not accept.
pub fn check_past(field: crate::Field, at: &Zoned, now: &Zoned) -> Result<(), ValidationError> {
    check_year(field, at.date())?;
    // A minute of slack absorbs clock differences between processes.
    if at.timestamp() > now.timestamp() + 1.minute() {
        return Err(ValidationError::Implausible {
            field,
            value: at.strftime("%Y-%m-%d %H:%M").to_string(),
            why: "it is in the future; record things after they happen".to_owned(),
        });
    }
    Ok(())
}

/// Checks that a calendar day is within the years Mastery accepts.
///
/// # Errors
///
/// [`ValidationError::Implausible`] naming `field` for a year outside the accepted range.
pub fn check_year(field: crate::Field, date: Date) -> Result<(), ValidationError> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        return Err(ValidationError::Implausible {
            field,
            value: date.to_string(),
            why: format!("the year must be between {MIN_YEAR} and {MAX_YEAR}"),
        });
    }
    Ok(())
}

/// `YYYY-MM-DD` and nothing more.
fn is_plain_date(text: &str) -> bool {
    text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') && text.as_bytes().get(7) == Some(&b'-')
}

fn at_local(dt: DateTime, now: &Zoned) -> Result<Zoned, String> {
    dt.to_zoned(now.time_zone().clone()).map_err(|e| e.to_string())
}

fn split_time(text: &str) -> (&str, Option<&str>) {
    match text.rsplit_once(' ') {
        Some((day, last)) if parse_time(last).is_some() => (day.trim(), Some(last)),
        _ if parse_time(text).is_some() => ("", Some(text)),
        _ => (text, None),
    }
}

/// `18:00`, `7:30`, `6pm`, `6:15am`, `18h`.
fn parse_time(text: &str) -> Option<Time> {
    let (clock, offset) = if let Some(t) = text.strip_suffix("pm") {
        (t, 12)
    } else if let Some(t) = text.strip_suffix("am") {
        (t, 0)
    } else if let Some(t) = text.strip_suffix('h') {
        (t, -1)
    } else {
        (text, -1)
    };
    let (h, m) = match clock.split_once(':') {
        Some((h, m)) => (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?),
        None if offset >= 0 || text.ends_with('h') => (clock.parse::<i8>().ok()?, 0),
        None => return None,
    };
    let hour = match offset {
        -1 => h,
        _ if !(1..=12).contains(&h) => return None,
        12 => h % 12 + 12,
        _ => h % 12,
    };
    Time::new(hour, m, 0, 0).ok()
}

fn parse_day(text: &str, today: Date, lean: Lean) -> Result<Date, String> {
    match text {
        "today" => return Ok(today),
        "yesterday" => return today.yesterday().map_err(|e| e.to_string()),
        "tomorrow" => return today.tomorrow().map_err(|e| e.to_string()),
        _ => {}
    }
    if is_plain_date(text) {
        return text.parse::<Date>().map_err(|e| e.to_string());
    }
    // "last mon" and "next mon" never mean today; a bare "mon" on a Monday does.
    let (lean, name, skip_today) = match text.split_once(' ') {
        Some(("last", name)) => (Lean::Past, name, true),
        Some(("next", name)) => (Lean::Future, name, true),
        Some(("this", name)) => (lean, name, false),
        _ => (lean, text, false),
    };
    let weekday = weekday(name).ok_or_else(|| "it is not a date, a weekday or a relative day".to_owned())?;
    let distance = |days: i8| match i64::from(days) {
        0 if skip_today => 7,
        d => d,
    };
    let result = match lean {
        Lean::Past => today.checked_sub(distance(today.weekday().since(weekday)).days()),
        Lean::Future => today.checked_add(distance(weekday.since(today.weekday())).days()),
    };
    result.map_err(|e| e.to_string())
}

fn weekday(name: &str) -> Option<Weekday> {
    let all = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    all.into_iter().find(|(full, _)| name.len() >= 3 && full.starts_with(name)).map(|(_, day)| day)
}

/// `3 days ago`, `2 weeks ago`, `1 hour ago`, `90 minutes ago`.
fn parse_ago(text: &str) -> Option<Result<Span, String>> {
    let rest = text.strip_suffix(" ago")?;
    let (count, unit) = rest.split_once(' ')?;
    let Ok(n) = count.parse::<i64>() else {
        return Some(Err(format!("'{count}' is not a whole number")));
    };
    let span = match unit.trim_end_matches('s') {
        "minute" | "min" => Span::new().try_minutes(n),
        "hour" | "hr" => Span::new().try_hours(n),
        "day" => Span::new().try_days(n),
        "week" | "wk" => Span::new().try_weeks(n),
        other => return Some(Err(format!("'{other}' is not minutes, hours, days or weeks"))),
    };
    Some(span.map_err(|_| format!("{n} {unit} is too far away")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Saturday 2026-11-21, 09:30 in Paris.
    fn now() -> Zoned {
        "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap()
    }

    fn at(input: &str) -> String {
        parse_datetime(input, &now(), Lean::Past).unwrap().strftime("%Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn iso_forms() {
        assert_eq!(at("2026-11-20"), "2026-11-20 12:00");
        assert_eq!(at("2026-11-20T18:00"), "2026-11-20 18:00");
        assert_eq!(at("2026-11-20 18:05"), "2026-11-20 18:05");
        assert_eq!(at("2026-11-20T17:00:00Z"), "2026-11-20 18:00");
        assert_eq!(at("2026-11-20T18:00:00+01:00"), "2026-11-20 18:00");
        assert_eq!(at("2026-11-20T18"), "2026-11-20 18:00");
        assert_eq!(at("20261120T1830"), "2026-11-20 18:30");
    }

    #[test]
    fn human_forms() {
        assert_eq!(at("now"), "2026-11-21 09:30");
        assert_eq!(at("today"), "2026-11-21 09:30");
        assert_eq!(at("Yesterday 18:00"), "2026-11-20 18:00");
        assert_eq!(at("yesterday 6pm"), "2026-11-20 18:00");
        assert_eq!(at("yesterday"), "2026-11-20 12:00");
        assert_eq!(at("7:15"), "2026-11-21 07:15");
        assert_eq!(at("mon"), "2026-11-16 12:00");
        assert_eq!(at("sat"), "2026-11-21 09:30");
        assert_eq!(at("last fri 7pm"), "2026-11-20 19:00");
        assert_eq!(at("3 days ago"), "2026-11-18 09:30");
        assert_eq!(at("90 minutes ago"), "2026-11-21 08:00");
        assert_eq!(at("12am"), "2026-11-21 00:00");
        assert_eq!(at("12pm"), "2026-11-21 12:00");
    }

    #[test]
    fn weekdays_lean_forward_for_plans() {
        let today = now().date();
        assert_eq!(parse_date("mon", today, Lean::Future).unwrap().to_string(), "2026-11-23");
        assert_eq!(parse_date("next tue", today, Lean::Past).unwrap().to_string(), "2026-11-24");
        assert_eq!(parse_date("sat", today, Lean::Future).unwrap().to_string(), "2026-11-21");
        assert_eq!(parse_date("next sat", today, Lean::Future).unwrap().to_string(), "2026-11-28");
        assert_eq!(parse_date("last sat", today, Lean::Past).unwrap().to_string(), "2026-11-14");
    }

    #[test]
    fn nonsense_is_explained() {
        for bad in [
            "",
            "someday",
            "2026-13-01",
            "yesterday 25:00",
            "x days ago",
            "3 fortnights ago",
            "mo",
            "9999999 days ago",
            "2000000 weeks ago",
            "99999999999 minutes ago",
        ] {
            let err = parse_datetime(bad, &now(), Lean::Past).unwrap_err();
            assert!(err.to_string().contains("ISO 8601"), "{bad}: {err}");
        }
    }

    #[test]
    fn future_and_ancient_events_are_refused() {
        let n = now();
        let tomorrow = parse_datetime("tomorrow", &n, Lean::Past).unwrap();
        assert!(check_past(Field::Time, &tomorrow, &n).is_err());
        let old = parse_datetime("1850-01-01", &n, Lean::Past).unwrap();
        assert!(check_past(Field::Time, &old, &n).is_err());
        assert!(check_past(Field::Time, &n, &n).is_ok());
        assert!(parse_date("2300-01-01", n.date(), Lean::Future).is_err());
        assert!(parse_date("-150000 days ago", n.date(), Lean::Future).is_err());
    }
}
