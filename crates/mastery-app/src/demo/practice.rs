//! The demo's deliberate practice and weekly reviews, so the practice page, the consistency score
//! and the review pages have a history to show: two practice plans kept more regularly as the
//! habit forms, a rest day declared ahead, and two earlier weeks reviewed (last week's review is
//! left due, so Today shows it waiting).

use jiff::civil::Date;
use jiff::{ToSpan, Zoned};
use mastery_domain::practice::Weekdays;
use mastery_domain::review::Period;
use mastery_store::Store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::script::{DOMAINS, SPANISH, SPEAKING, hm};
use super::simulation::{local_instant, pick};
use super::writer::WrittenDomain;
use crate::{App, AppError, DeclareRest, LogPractice, NewPracticePlan};

/// How far back the practice history goes.
const PRACTICE_DAYS: i64 = 56;

/// The chance of keeping a planned day, from the first day of the history to the last: the
/// habit forms as the weeks go by.
const KEEP_FROM: f64 = 0.5;
const KEEP_TO: f64 = 0.9;

struct PlanScript {
    domain: usize,
    minutes: u32,
    /// `mon,wed,fri`, or every day when empty.
    days: &'static str,
    /// When the session usually starts, in minutes after midnight.
    at: i64,
    notes: &'static [&'static str],
}

const PLANS: [PlanScript; 2] = [
    PlanScript {
        domain: SPEAKING,
        minutes: 20,
        days: "mon,wed,fri",
        at: hm(19, 0),
        notes: &[
            "Rehearsed the opening out loud twice",
            "Recorded a two-minute talk and watched it back",
            "Practised pausing instead of saying um",
            "Answered three likely questions out loud",
        ],
    },
    PlanScript {
        domain: SPANISH,
        minutes: 15,
        days: "",
        at: hm(7, 30),
        notes: &[
            "Flashcards: the week's new verbs",
            "Listened to a podcast episode and wrote down five phrases",
            "Described my day out loud in the past tense",
            "Shadowed a short dialogue",
        ],
    },
];

/// Each week's answers to the review prompts, oldest week first.
const REVIEWS: [[(&str, &str); 4]; 2] = [
    [
        ("well", "Asked a question in the Monday meeting even though my heart was racing."),
        ("differently", "Skipped two Spanish mornings after late nights; I could do five minutes instead of nothing."),
        ("learned", "The nerves before speaking peak in the first minute and then fade."),
        ("plan", "If it is 7:30 and I have slept badly, then I will do five minutes of flashcards."),
    ],
    [
        ("well", "Presented the status update without notes and answered the follow-up."),
        ("differently", "Start rehearsing the all-hands talk a week earlier."),
        ("learned", "When I prepare the opening, the rest comes; I am better at this than I predict."),
        ("plan", "If it is Wednesday 7 pm, then I will rehearse the talk's opening out loud twice."),
    ],
];

impl<S: Store> App<S> {
    /// The practice plans and their sessions over the last weeks (today left for the person),
    /// and a rest day declared ahead; returns the number of sessions.
    pub(super) async fn write_practice(
        &self,
        seed: u64,
        domains: &[WrittenDomain],
        now: &Zoned,
    ) -> Result<usize, AppError> {
        let mut rng = StdRng::seed_from_u64(seed.wrapping_add(0x5eed));
        let mut sessions = 0;
        for script in &PLANS {
            let domain = &domains[script.domain].id;
            let days = if script.days.is_empty() { Weekdays::DAILY } else { script.days.parse()? };
            self.plan_practice(NewPracticePlan { domain: domain.clone(), minutes: script.minutes, days }).await?;
            for days_ago in (1..=PRACTICE_DAYS).rev() {
                let day = now.date().saturating_sub(days_ago.days());
                let progress = 1.0 - days_ago as f64 / PRACTICE_DAYS as f64;
                let kept = rng.random_bool(KEEP_FROM + (KEEP_TO - KEEP_FROM) * progress);
                if days.contains(day.weekday()) && kept {
                    let at = local_instant(now, days_ago, script.at + rng.random_range(-20..=40))?;
                    let minutes = script.minutes + rng.random_range(0..=10);
                    let note = Some(pick(&mut rng, script.notes).to_owned());
                    let session = LogPractice { domain: domain.clone(), minutes, note, at: Some(at.to_string()) };
                    self.log_practice(session).await?;
                    sessions += 1;
                }
            }
        }
        let rest =
            DeclareRest { date: next_sunday(now.date()).to_string(), domain: Some(DOMAINS[SPANISH].name.into()) };
        self.declare_rest(rest).await?;
        Ok(sessions)
    }

    /// The reviews of the two weeks before last, leaving last week's for the person; returns how
    /// many.
    pub(super) async fn write_reviews(&self, now: &Zoned) -> Result<usize, AppError> {
        for (answers, weeks_ago) in REVIEWS.iter().zip([3, 2]) {
            let week = Period::week_of(now.date().saturating_sub((weeks_ago * 7).days()));
            let answers: Vec<String> = answers.iter().map(|(key, text)| format!("{key}={text}")).collect();
            self.review_week(&week.to_string(), &answers).await?;
        }
        Ok(REVIEWS.len())
    }
}

/// The first Sunday after `today`, for the rest day declared ahead.
fn next_sunday(today: Date) -> Date {
    let ahead = 7 - i64::from(today.weekday().to_monday_zero_offset()) - 1;
    today.saturating_add(if ahead == 0 { 7 } else { ahead }.days())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_day_falls_on_the_next_sunday_never_today() {
        let saturday: Date = "2026-11-21".parse().unwrap();
        assert_eq!(next_sunday(saturday).to_string(), "2026-11-22");
        let sunday: Date = "2026-11-22".parse().unwrap();
        assert_eq!(next_sunday(sunday).to_string(), "2026-11-29");
        let monday: Date = "2026-11-23".parse().unwrap();
        assert_eq!(next_sunday(monday).to_string(), "2026-11-29");
    }
}
