//! Reviews: the week's (or month's) records summarised and paired with reflection prompts. The
//! counts come straight from the records of the period's days in the person's time zone, so a
//! review always agrees with the lists it summarises; answers are saved per period and re-open
//! with it.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use mastery_domain::audit::{self, Audit};
use mastery_domain::calibration::{Scores, Tally};
use mastery_domain::practice::{self, PracticeDays};
use mastery_domain::review::{Period, Review};
use mastery_domain::success::Outcomes;
use mastery_store::{ForecastGroup, PracticeTx, Store, Transaction};

use crate::evidence::evidence_view;
use crate::records::AnyRecord;
use crate::views::{
    AuditDelta, CelebrationView, CheckinAverages, ConsistencyChange, PracticeKept, ReviewView, Trajectory,
};
use crate::{App, AppError, domain_slugs, slug_in};

impl<S: Store> App<S> {
    /// The week's review: `week` as typed (2026-W47, this, last); `answers` as KEY=TEXT, saved
    /// over earlier answers to the same prompts (a blank TEXT removes the saved answer).
    pub async fn review_week(&self, week: &str, answers: &[String]) -> Result<ReviewView, AppError> {
        let period = Period::parse_week(week, self.clock.now().date())?;
        self.review(period, answers).await
    }

    /// The month's review, with its trajectory: `month` as typed (2026-11, this, last).
    pub async fn review_month(&self, month: &str, answers: &[String]) -> Result<ReviewView, AppError> {
        let period = Period::parse_month(month, self.clock.now().date())?;
        self.review(period, answers).await
    }

    /// Edits the saved answers of a review (`period` as stored: 2026-W47 or 2026-11), as
    /// [`App::review_week`] saves them; a period with no saved review is not found.
    pub async fn edit_review(&self, period: &str, answers: &[String]) -> Result<ReviewView, AppError> {
        let parsed: Period = period.trim().to_uppercase().parse()?;
        if self.read().await?.review(parsed).await?.is_none() {
            return Err(AppError::NotFound {
                entity: "review",
                reference: period.trim().to_owned(),
                hint: "name a period you reviewed, such as 2026-W47 or 2026-11".to_owned(),
            });
        }
        self.review(parsed, answers).await
    }

    /// The review of `period`, after saving `answers`; with none given it only reads, so that
    /// looking at a review never waits for (or blocks) a writer.
    async fn review(&self, period: Period, answers: &[String]) -> Result<ReviewView, AppError> {
        let given = answers.iter().map(|a| period.answer(a)).collect::<Result<Vec<_>, _>>()?;
        let now = self.clock.now();
        if given.is_empty() {
            let mut tx = self.read().await?;
            let saved = tx.review(period).await?.map(|r| r.answers).unwrap_or_default();
            return summary(&mut tx, period, now.time_zone(), now.date(), saved).await;
        }
        let mut tx = self.write().await?;
        let before = tx.review(period).await?;
        let mut saved = before.as_ref().map(|r| r.answers.clone()).unwrap_or_default();
        for (key, text) in given {
            match text {
                Some(text) => saved.insert(key, text),
                None => saved.remove(&key),
            };
        }
        let review = Review { period, answers: saved.clone(), saved_at: now.timestamp() };
        tx.save_review(&review).await?;
        // Journaled, so `undo` takes back answers saved over earlier ones.
        let change = match before.is_some() {
            true => format!("Edited the answers of the review of {period}"),
            false => format!("Answered the review of {period}"),
        };
        let before = before.into_iter().map(AnyRecord::Review).collect();
        crate::revise::journal(&mut tx, now.timestamp(), change, before, vec![AnyRecord::Review(review)]).await?;
        let view = summary(&mut tx, period, now.time_zone(), now.date(), saved).await?;
        tx.commit().await?;
        Ok(view)
    }
}

/// Every saved review, oldest period first, summarised as `mastery review` shows it.
pub(crate) async fn saved_reviews<T: Transaction>(
    tx: &mut T,
    tz: &TimeZone,
    today: Date,
) -> Result<Vec<ReviewView>, AppError> {
    let mut views = Vec::new();
    for review in tx.reviews().await? {
        views.push(summary(tx, review.period, tz, today, review.answers).await?);
    }
    Ok(views)
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
    let results = Results::read(tx, from, to.tomorrow().ok(), tz).await?;
    let slugs = domain_slugs(tx).await?;
    let (start, end) = span(from, to.tomorrow().ok(), tz);
    let new_evidence = tx
        .evidence_between(start, end)
        .await?
        .into_iter()
        .map(|e| evidence_view(e, &slugs))
        .collect::<Result<_, AppError>>()?;
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
    let trajectory = match period {
        Period::Month { .. } => Some(trajectory(tx, period, tz, today, &results).await?),
        Period::Week { .. } => None,
    };
    Ok(ReviewView {
        period: period.to_string(),
        from,
        to,
        outcomes: results.outcomes,
        success_rate: results.outcomes.rate(),
        new_evidence,
        calibration_bias: results.bias(),
        practice_kept,
        checkins: CheckinAverages::of(&checkins),
        celebrations: tx
            .celebrations(None)
            .await?
            .iter()
            .filter(|c| within(c.at))
            .map(|c| Ok(CelebrationView::new(c, slug_in(&slugs, c.domain_id)?)))
            .collect::<Result<_, AppError>>()?,
        prompts: period.prompts().to_vec(),
        answers,
        trajectory,
    })
}

/// The forecasts of the attempts recorded on the local days from `from` up to (not including)
/// `until` (`None`: a day past the calendar's end), grouped, in every domain: only the span is read.
pub(crate) async fn recorded_between<T: Transaction>(
    tx: &mut T,
    from: Date,
    until: Option<Date>,
    tz: &TimeZone,
) -> Result<Vec<ForecastGroup>, AppError> {
    let (start, end) = span(from, until, tz);
    Ok(tx.forecasts_recorded_between(start, end).await?)
}

/// The instants from the start of the local day `from` up to the start of `until` (`None`: a day
/// past the calendar's end).
fn span(from: Date, until: Option<Date>, tz: &TimeZone) -> (Timestamp, Timestamp) {
    // A day whose midnight cannot be placed lies beyond every record.
    let start =
        |day: Option<Date>| day.and_then(|d| d.to_zoned(tz.clone()).ok()).map_or(Timestamp::MAX, |z| z.timestamp());
    (start(Some(from)), start(until))
}

/// Recorded outcomes of a span, counted by kind, and their forecasts.
struct Results {
    outcomes: Outcomes,
    tally: Tally,
}

impl Results {
    /// The attempts whose outcome was recorded on the local days from `from` up to (not
    /// including) `until`; `None` for a day past the calendar's end.
    async fn read<T: Transaction>(
        tx: &mut T,
        from: Date,
        until: Option<Date>,
        tz: &TimeZone,
    ) -> Result<Self, AppError> {
        let groups = recorded_between(tx, from, until, tz).await?;
        let mut results = Results { outcomes: Outcomes::default(), tally: Tally::default() };
        for group in groups {
            results.outcomes.add_many(group.outcome, u32::try_from(group.n).unwrap_or(u32::MAX));
            results.tally.add_outcomes(group.confidence.value(), group.outcome, group.n);
        }
        Ok(results)
    }

    fn bias(&self) -> Option<f64> {
        Scores::of(&self.tally).map(|s| s.bias)
    }
}

/// A month against the month before: success rate and calibration, audit strength per domain
/// (the latest audit before the month against the latest within it) and consistency at the
/// month's start and end.
async fn trajectory<T: Transaction>(
    tx: &mut T,
    period: Period,
    tz: &TimeZone,
    today: Date,
    results: &Results,
) -> Result<Trajectory, AppError> {
    let (from, to) = period.days();
    let before_start = from.checked_sub(jiff::Span::new().months(1)).unwrap_or(from);
    let before = Results::read(tx, before_start, Some(from), tz).await?;
    let slugs = domain_slugs(tx).await?;
    let mut audits: BTreeMap<String, AuditDelta> = BTreeMap::new();
    let all_audits = tx.audits(None).await?;
    // Each domain's latest audit up to today (a re-audit taken after the month counts too).
    let mut latest: BTreeMap<String, &Audit> = BTreeMap::new();
    for a in all_audits.iter().filter(|a| a.taken_on <= today) {
        let slug = slug_in(&slugs, a.domain_id)?.to_owned();
        if latest.get(&slug).is_none_or(|l| (l.taken_on, l.taken_at) <= (a.taken_on, a.taken_at)) {
            latest.insert(slug, a);
        }
    }
    for a in all_audits.iter().filter(|a| a.taken_on <= to) {
        let slug = slug_in(&slugs, a.domain_id)?.to_owned();
        let entry =
            audits.entry(slug.clone()).or_insert(AuditDelta { domain: slug, before: None, after: None, delta: None });
        let value = Some(audit::strength(&a.answers));
        if a.taken_on < from {
            entry.before = value
        } else {
            entry.after = value
        }
        entry.delta = entry.after.zip(entry.before).map(|(after, before)| after - before);
    }
    let sessions = tx.practice_sessions(None).await?;
    let rest = tx.rest_days().await?;
    let end = to.tomorrow().unwrap_or(to).min(today);
    let consistency = tx
        .practice_plans()
        .await?
        .iter()
        .map(|plan| {
            let days = PracticeDays::of(plan.domain_id, &sessions, &rest);
            let score = |day: Date| practice::consistency(plan, &days.sessions, &days.rest, day).score;
            Ok(ConsistencyChange {
                domain: slug_in(&slugs, plan.domain_id)?.to_owned(),
                start: score(from),
                end: score(end),
            })
        })
        .collect::<Result<_, AppError>>()?;
    // Only the domains whose re-audit is due: one audited today, or within its interval, is not
    // asked again.
    let reaudit_domains: Vec<String> =
        latest.iter().filter(|(_, a)| a.reaudit_due(today)).map(|(slug, _)| slug.clone()).collect();
    let next_due = latest.values().map(|a| a.due_on()).min();
    let reaudit = match (reaudit_domains.as_slice(), next_due) {
        ([], None) => "Take a baseline audit of your life areas to measure change next month.".to_owned(),
        ([], Some(due)) => format!("Every audited domain was audited recently; the next re-audit is due {due}."),
        (domains, _) => format!("Re-audit {} to see whether your efficacy moved.", domains.join(", ")),
    };
    Ok(Trajectory {
        success_rate: results.outcomes.rate(),
        success_rate_before: before.outcomes.rate(),
        calibration_bias_before: before.bias(),
        audits: audits.into_values().collect(),
        consistency,
        reaudit,
        reaudit_domains,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use mastery_domain::domain::LifeArea;
    use mastery_domain::ids::UserId;
    use mastery_store::{Access, MemoryStore, StoreError};

    use super::*;
    use crate::FixedClock;

    /// A memory store that counts the write transactions begun on it.
    #[derive(Default)]
    struct CountingWrites {
        inner: MemoryStore,
        writes: Arc<AtomicUsize>,
    }

    impl Store for CountingWrites {
        type Tx = <MemoryStore as Store>::Tx;

        async fn local_user(&self) -> Result<UserId, StoreError> {
            self.inner.local_user().await
        }

        async fn add_user(&self, name: &str) -> Result<UserId, StoreError> {
            self.inner.add_user(name).await
        }

        async fn begin(&self, user: UserId, access: Access) -> Result<Self::Tx, StoreError> {
            if access == Access::Write {
                self.writes.fetch_add(1, Ordering::SeqCst);
            }
            self.inner.begin(user, access).await
        }
    }

    async fn app() -> (App<CountingWrites>, Arc<AtomicUsize>) {
        let now = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().expect("a fixed now");
        let store = CountingWrites::default();
        let writes = Arc::clone(&store.writes);
        (App::local(store, Box::new(FixedClock(now))).await.unwrap(), writes)
    }

    fn answers(pairs: &[&str]) -> Vec<String> {
        pairs.iter().map(|&p| p.to_owned()).collect()
    }

    #[tokio::test]
    async fn a_blank_answer_removes_the_saved_one_and_keeps_the_others() {
        let (app, _) = app().await;
        app.review_week("this", &answers(&["well=Showed up", "plan=Rehearse on Monday"])).await.unwrap();
        let cleared = app.review_week("this", &answers(&["well=", "learned=Start small"])).await.unwrap();
        let expected: BTreeMap<String, String> =
            [("learned", "Start small"), ("plan", "Rehearse on Monday")].map(|(k, v)| (k.into(), v.into())).into();
        assert_eq!(cleared.answers, expected);
        assert_eq!(app.review_week("this", &[]).await.unwrap().answers, expected, "the removal was saved");

        let month = app.review_month("this", &answers(&["next=Run twice a week"])).await.unwrap();
        assert_eq!(month.answers.len(), 1);
        assert!(app.review_month("this", &answers(&["next=  "])).await.unwrap().answers.is_empty());
        assert!(app.review_month("this", &[]).await.unwrap().answers.is_empty());
    }

    #[tokio::test]
    async fn the_month_names_the_domains_to_re_audit_in_words_and_as_a_field() {
        let (app, _) = app().await;
        let baseline = app.review_month("this", &[]).await.unwrap().trajectory.expect("a month has a trajectory");
        assert!(baseline.reaudit_domains.is_empty());
        assert_eq!(baseline.reaudit, "Take a baseline audit of your life areas to measure change next month.");

        app.demo(7).await.unwrap();
        let month = app.review_month("last", &[]).await.unwrap().trajectory.expect("a month has a trajectory");
        assert!(!month.audits.is_empty(), "the demo audits");
        let schedule = app.audit_schedule().await.unwrap();
        let due: Vec<&str> = schedule.iter().filter(|a| a.overdue_days >= 0).map(|a| a.domain.as_str()).collect();
        assert_eq!(month.reaudit_domains, due, "the domains whose re-audit is due, as status lists them");
        if !due.is_empty() {
            assert_eq!(month.reaudit, format!("Re-audit {} to see whether your efficacy moved.", due.join(", ")));
        }
    }

    #[tokio::test]
    async fn the_month_does_not_ask_to_re_audit_a_domain_audited_today() {
        let (app, _) = app().await;
        app.add_domain(crate::NewDomain { name: "Running".into(), area: LifeArea::Health, description: None })
            .await
            .unwrap();
        app.add_domain(crate::NewDomain { name: "Spanish".into(), area: LifeArea::Learning, description: None })
            .await
            .unwrap();
        let audit = |domain: &str, at: &str| crate::NewAudit {
            domain: domain.into(),
            scale: None,
            answers: vec![mastery_domain::measure::Confidence::new(50).unwrap(); 10],
            at: Some(at.into()),
            every: None,
        };
        // Both audited six weeks ago, so both are due; Running is re-audited this morning.
        app.take_audit(audit("running", "2026-10-10 09:00")).await.unwrap();
        app.take_audit(audit("spanish", "2026-10-10 09:00")).await.unwrap();
        let before = app.review_month("this", &[]).await.unwrap().trajectory.unwrap();
        assert_eq!(before.reaudit_domains, ["running", "spanish"]);

        app.take_audit(audit("running", "2026-11-21 08:00")).await.unwrap();
        for month in ["this", "last"] {
            let t = app.review_month(month, &[]).await.unwrap().trajectory.unwrap();
            assert_eq!(t.reaudit_domains, ["spanish"], "running was re-audited today ({month})");
        }
        app.take_audit(audit("spanish", "2026-11-20 08:00")).await.unwrap();
        let t = app.review_month("this", &[]).await.unwrap().trajectory.unwrap();
        assert!(t.reaudit_domains.is_empty(), "both audited within their interval");
        assert_eq!(t.reaudit, "Every audited domain was audited recently; the next re-audit is due 2026-12-20.");
    }

    #[tokio::test]
    async fn reading_a_review_opens_no_write_transaction() {
        let (app, writes) = app().await;
        app.review_week("last", &[]).await.unwrap();
        app.review_month("this", &[]).await.unwrap();
        assert_eq!(writes.load(Ordering::SeqCst), 0, "a review read without answers only reads");
        app.review_week("this", &answers(&["well=Showed up"])).await.unwrap();
        assert_eq!(writes.load(Ordering::SeqCst), 1, "answers are saved in one write transaction");
        assert!(app.review_week("this", &answers(&["nope=x"])).await.is_err());
        assert_eq!(writes.load(Ordering::SeqCst), 1, "a refused answer opens no transaction");
    }
}
