//! The calendar export: each practice plan as a recurring event on its days, and the weekly and
//! monthly reviews as recurring reminders, in iCalendar (RFC 5545) that calendar apps import.
//! Times are floating (the person's local time wherever they are): a plan has days but no hour,
//! so practice is placed at 18:00 and reviews on Sunday and the 1st at 18:30, to be moved in the
//! calendar. chrono appears here only because the icalendar crate speaks it.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};
use jiff::civil::Date;
use mastery_domain::practice::Weekdays;
use mastery_store::{PracticeTx, Store};

use crate::{App, AppError, domain_slugs};

/// When practice and reviews are placed (hour, minute); moved freely in the calendar.
const PRACTICE_AT: (u32, u32) = (18, 0);
const REVIEW_AT: (u32, u32) = (18, 30);
const REVIEW_MINUTES: i64 = 30;

fn floating(day: Date, (hour, minute): (u32, u32)) -> Result<NaiveDateTime, AppError> {
    let date = NaiveDate::from_ymd_opt(i32::from(day.year()), u32::from(day.month() as u8), u32::from(day.day() as u8));
    let time = NaiveTime::from_hms_opt(hour, minute, 0);
    date.zip(time)
        .map(|(d, t)| d.and_time(t))
        .ok_or_else(|| AppError::refused(format!("{day} cannot be written to a calendar")))
}

fn event(uid: &str, summary: &str, start: NaiveDateTime, minutes: i64, rrule: &str) -> Event {
    Event::new()
        .uid(uid)
        .summary(summary)
        .starts(CalendarDateTime::Floating(start))
        .ends(CalendarDateTime::Floating(start + chrono::Duration::minutes(minutes)))
        .add_property("RRULE", rrule)
        .done()
}

impl<S: Store> App<S> {
    /// The practice plans and review reminders as an iCalendar document.
    pub async fn calendar(&self) -> Result<String, AppError> {
        let today = self.clock.now().date();
        let mut tx = self.read().await?;
        let slugs = domain_slugs(&mut tx).await?;
        let mut calendar = Calendar::new();
        calendar.name("Mastery: practice and reviews");
        for plan in tx.practice_plans().await? {
            let slug = slugs.get(&plan.domain_id).map_or("practice", String::as_str);
            let first = plan.days.next_on_or_after(plan.starts_on.max(today));
            let rrule = match plan.days {
                Weekdays::DAILY => "FREQ=DAILY".to_owned(),
                days => format!("FREQ=WEEKLY;BYDAY={}", days.byday()),
            };
            let summary = format!("Practice {slug} ({} min)", plan.minutes);
            let start = floating(first, PRACTICE_AT)?;
            calendar.push(event(
                &format!("practice-{}@mastery", plan.domain_id),
                &summary,
                start,
                plan.minutes.into(),
                &rrule,
            ));
        }
        let sunday = "sun".parse::<Weekdays>()?.next_on_or_after(today);
        let first_of_next = today.last_of_month().tomorrow().unwrap_or(today);
        let reviews = [
            ("review-week@mastery", "Weekly review: mastery review week", sunday, "FREQ=WEEKLY;BYDAY=SU"),
            (
                "review-month@mastery",
                "Monthly review and re-audit: mastery review month --month last",
                first_of_next,
                "FREQ=MONTHLY;BYMONTHDAY=1",
            ),
        ];
        for (uid, summary, first, rrule) in reviews {
            calendar.push(event(uid, summary, floating(first, REVIEW_AT)?, REVIEW_MINUTES, rrule));
        }
        Ok(calendar.done().to_string())
    }
}
