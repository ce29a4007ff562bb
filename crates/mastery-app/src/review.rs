//! Reviews: the week's (or month's) records summarised and paired with reflection prompts. The
//! counts come straight from the records of the period's days in the person's time zone, so a
//! review always agrees with the lists it summarises; answers are saved per period and re-open
//! with it.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use mastery_domain::attempt::Outcome;
use mastery_domain::calibration::{Scores, Tally};
use mastery_domain::practice;
use mastery_domain::review::{Period, Review};
use mastery_store::{AttemptQuery, PracticeTx, Store, Transaction};

use crate::evidence::evidence_view;
use crate::practice::PracticeDays;
use crate::views::{CelebrationView, CheckinAverages, PracticeKept, ReviewView};
use crate::{App, AppError, domain_slugs};

/// The most evidence items a review reads back from (newest first).
const EVIDENCE_LIMIT: usize = 10_000;

impl<S: Store> App<S> {
    /// The week's review: `week` as typed (2026-W47, this, last); `answers` as KEY=TEXT, saved
    /// over earlier answers to the same prompts.
    pub async fn review_week(&self, week: &str, answers: &[String]) -> Result<ReviewView, AppError> {
        let period = Period::parse_week(week, self.clock.now().date())?;
        self.review(period, answers).await
    }

    async fn review(&self, period: Period, answers: &[String]) -> Result<ReviewView, AppError> {
        let given = answers.iter().map(|a| period.answer(a)).collect::<Result<Vec<_>, _>>()?;
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let mut saved = tx.review(period).await?.map(|r| r.answers).unwrap_or_default();
        if !given.is_empty() {
            saved.extend(given);
            tx.save_review(&Review { period, answers: saved.clone(), saved_at: now.timestamp() }).await?;
        }
        let view = summary(&mut tx, period, now.time_zone(), now.date(), saved).await?;
        tx.commit().await?;
        Ok(view)
    }
}

/// The local date of an instant.
fn on(ts: Timestamp, tz: &TimeZone) -> Date {
    ts.to_zoned(tz.clone()).date()
}

/// The period's numbers, read from the records, with the saved answers.
async fn summary<T: Transaction>(
    tx: &mut T,
    period: Period,
    tz: &TimeZone,
    today: Date,
    answers: BTreeMap<String, String>,
) -> Result<ReviewView, AppError> {
    let (from, to) = period.days();
    let within = |ts: Timestamp| (from..=to).contains(&on(ts, tz));
    let attempts = tx.attempts(&AttemptQuery::default()).await?.items;
    let mut tally = Tally::default();
    let (mut n, mut successes) = (0, 0);
    for (attempt, record) in attempts.iter().filter_map(|a| a.record.as_ref().map(|r| (a, r))) {
        if within(record.recorded_at) {
            n += 1;
            successes += u32::from(record.outcome == Outcome::Success);
            tally.add_outcomes(attempt.forecast.confidence.value(), record.outcome, 1);
        }
    }
    let slugs = domain_slugs(tx).await?;
    let new_evidence = tx
        .evidence(None, EVIDENCE_LIMIT)
        .await?
        .into_iter()
        .filter(|e| within(e.at))
        .map(|e| evidence_view(e, &slugs))
        .collect();
    let checkins: Vec<_> = tx.checkins().await?.into_iter().filter(|c| (from..=to).contains(&c.on)).collect();
    let sessions = tx.practice_sessions(None).await?;
    let rest = tx.rest_days().await?;
    let mut practice_kept = PracticeKept::default();
    for plan in tx.practice_plans().await? {
        let days = PracticeDays::of(plan.domain_id, &sessions, &rest);
        let kept = practice::kept(&plan, &days.sessions, &days.rest, from, to.min(today));
        practice_kept.planned_days += kept.planned_days;
        practice_kept.kept_days += kept.kept_days;
    }
    for s in sessions.iter().filter(|s| (from..=to).contains(&s.on)) {
        practice_kept.sessions += 1;
        practice_kept.minutes += s.minutes;
    }
    Ok(ReviewView {
        period: period.to_string(),
        from,
        to,
        attempts: n,
        successes,
        new_evidence,
        calibration_bias: Scores::of(&tally).map(|s| s.bias),
        practice_kept,
        checkins: CheckinAverages::of(&checkins),
        celebrations: tx
            .celebrations(None)
            .await?
            .iter()
            .filter(|c| within(c.at))
            .map(|c| CelebrationView::new(c, slugs.get(&c.domain_id).map_or("", String::as_str)))
            .collect(),
        prompts: period.prompts().to_vec(),
        answers,
    })
}
