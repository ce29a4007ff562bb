//! Deliberate practice: setting a domain's plan, logging sessions, declaring rest days and the
//! consistency status. The score itself is the domain's (`mastery_domain::practice`); this module
//! gathers the records and passes today's date in.

use jiff::civil::Date;
use mastery_domain::Field;
use mastery_domain::ids::SessionId;
use mastery_domain::practice::{self, PracticeDays, PracticePlan, PracticeSession, RestDay};
use mastery_domain::text::optional_text;
use mastery_domain::when::{Lean, parse_date};
use mastery_store::{PracticeTx, Store, StoreError, Transaction};

use crate::records::AnyRecord;
use crate::views::{ConsistencyHistoryView, PracticePlanView, PracticeSessionView, PracticeStatusView, RestDayView};
use crate::{App, AppError, DeclareRest, LogPractice, NewPracticePlan, Refusal, domain_slugs, new_id, resolve};

impl<S: Store> App<S> {
    pub async fn plan_practice(&self, input: NewPracticePlan) -> Result<PracticePlanView, AppError> {
        let now = self.clock.now();
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let plan = PracticePlan {
            domain_id: domain.id,
            minutes: input.minutes,
            days: input.days,
            starts_on: now.date(),
            created_at: now.timestamp(),
        };
        let earlier = tx.practice_plans().await?.into_iter().find(|p| p.domain_id == domain.id);
        tx.set_practice_plan(&plan).await?;
        let before = earlier.map(AnyRecord::PracticePlan).into_iter().collect();
        let summary = format!("Set the practice plan for {}", domain.name);
        crate::revise::journal(&mut tx, now.timestamp(), summary, before, vec![AnyRecord::PracticePlan(plan.clone())])
            .await?;
        tx.commit().await?;
        Ok(PracticePlanView::new(&plan, &domain.slug))
    }

    pub async fn log_practice(&self, input: LogPractice) -> Result<PracticeSessionView, AppError> {
        let note = optional_text(Field::Note, input.note.as_deref())?;
        let at = self.event_time(Field::PracticeTime, input.at.as_deref())?;
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let session = PracticeSession {
            id: new_id(SessionId::from_uuid),
            domain_id: domain.id,
            minutes: input.minutes,
            note,
            at: at.timestamp(),
            on: at.date(),
        };
        tx.insert_practice_session(&session).await?;
        let summary = format!("Logged {} minutes of practice", session.minutes);
        crate::revise::added(
            &mut tx,
            self.clock.now().timestamp(),
            summary,
            vec![AnyRecord::PracticeSession(session.clone())],
        )
        .await?;
        tx.commit().await?;
        Ok(PracticeSessionView::new(&session, &domain.slug))
    }

    /// Declares a rest day, today or later, for one domain or all practice.
    pub async fn declare_rest(&self, input: DeclareRest) -> Result<RestDayView, AppError> {
        let now = self.clock.now();
        let on = parse_date(&input.date, now.date(), Lean::Future)?;
        let mut tx = self.write().await?;
        let domain = resolve::optional_domain(&mut tx, input.domain.as_deref()).await?;
        let rest = RestDay::declare(domain.as_ref().map(|d| d.id), on, now.date(), now.timestamp())?;
        tx.insert_rest_day(&rest).await.map_err(|e| match e {
            StoreError::Conflict { .. } => {
                AppError::refused(format!("{on} is already a rest day for {}", rest_scope(&domain)))
            }
            other => other.into(),
        })?;
        let summary = format!("Declared {on} a rest day");
        crate::revise::added(&mut tx, self.clock.now().timestamp(), summary, vec![AnyRecord::RestDay(rest.clone())])
            .await?;
        tx.commit().await?;
        Ok(RestDayView { domain: domain.map(|d| d.slug), on })
    }

    /// The latest `last` sessions of one domain or all, newest first.
    pub async fn practice_sessions(
        &self,
        domain: Option<&str>,
        last: usize,
    ) -> Result<Vec<PracticeSessionView>, AppError> {
        let mut tx = self.read().await?;
        let only = resolve::optional_domain(&mut tx, domain).await?;
        let slugs = domain_slugs(&mut tx).await?;
        let sessions = tx.practice_sessions(only.map(|d| d.id)).await?;
        sessions
            .iter()
            .rev()
            .take(last)
            .map(|s| Ok(PracticeSessionView::new(s, crate::slug_in(&slugs, s.domain_id)?)))
            .collect()
    }

    /// The rest days declared from today on, soonest first; all-practice ones have no domain.
    pub async fn rest_days_ahead(&self) -> Result<Vec<RestDayView>, AppError> {
        let today = self.clock.now().date();
        let mut tx = self.read().await?;
        let slugs = domain_slugs(&mut tx).await?;
        let rest = tx.rest_days().await?;
        Ok(rest
            .into_iter()
            .filter(|r| r.on >= today)
            .map(|r| RestDayView { domain: r.domain_id.and_then(|d| slugs.get(&d).cloned()), on: r.on })
            .collect())
    }

    /// Each planned domain's consistency as of today, or one domain's.
    pub async fn practice_status(&self, domain: Option<&str>) -> Result<Vec<PracticeStatusView>, AppError> {
        let today = self.clock.now().date();
        let mut tx = self.read().await?;
        let only = resolve::optional_domain(&mut tx, domain).await?;
        let statuses = practice_statuses(&mut tx, today).await?;
        let statuses: Vec<_> =
            statuses.into_iter().filter(|s| only.as_ref().is_none_or(|d| d.slug == s.domain)).collect();
        if let (Some(d), true) = (&only, statuses.is_empty()) {
            return Err(AppError::refused_as(
                Refusal::NoPracticePlan,
                format!(
                    "{} has no practice plan yet; set one: how many minutes, on which days (for example 20 minutes on mon, wed and fri)",
                    d.slug
                ),
            ));
        }
        Ok(statuses)
    }

    /// Each planned domain's consistency day by day over its `last` counted days, oldest first,
    /// for the chart: the score the domain computes as of each day, and what the day was.
    pub async fn consistency_history(&self, last: usize) -> Result<Vec<ConsistencyHistoryView>, AppError> {
        let today = self.clock.now().date();
        let mut tx = self.read().await?;
        Ok(planned_days(&mut tx)
            .await?
            .into_iter()
            .map(|(plan, domain, days)| {
                let mut series = practice::daily_scores(&plan, &days.sessions, &days.rest, today);
                series.drain(..series.len().saturating_sub(last));
                ConsistencyHistoryView { domain, days: series }
            })
            .collect())
    }
}

fn rest_scope(domain: &Option<mastery_domain::domain::Domain>) -> &str {
    domain.as_ref().map_or("all practice", |d| d.slug.as_str())
}

/// Every practice plan with its domain's slug and practice days.
async fn planned_days<T: Transaction>(tx: &mut T) -> Result<Vec<(PracticePlan, String, PracticeDays)>, AppError> {
    let slugs = domain_slugs(tx).await?;
    let sessions = tx.practice_sessions(None).await?;
    let rest = tx.rest_days().await?;
    tx.practice_plans()
        .await?
        .into_iter()
        .map(|plan| {
            let days = PracticeDays::of(plan.domain_id, &sessions, &rest);
            let slug = crate::slug_in(&slugs, plan.domain_id)?.to_owned();
            Ok((plan, slug, days))
        })
        .collect()
}

/// The consistency of every domain with a plan, as of `today`.
pub(crate) async fn practice_statuses<T: Transaction>(
    tx: &mut T,
    today: Date,
) -> Result<Vec<PracticeStatusView>, AppError> {
    Ok(planned_days(tx)
        .await?
        .into_iter()
        .map(|(plan, slug, days)| {
            let consistency = practice::consistency(&plan, &days.sessions, &days.rest, today);
            PracticeStatusView::new(&plan, slug, consistency, &days, today)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use jiff::Zoned;
    use mastery_domain::domain::LifeArea;
    use mastery_domain::practice::{DayMark, Weekdays, multiplier};
    use mastery_store::MemoryStore;

    use super::*;
    use crate::{FixedClock, NewDomain};

    /// Saturday 2026-11-21, 09:30 in Paris.
    fn now() -> Zoned {
        "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap()
    }

    async fn app() -> App<MemoryStore> {
        let app = App::local(MemoryStore::new(), Box::new(FixedClock(now()))).await.unwrap();
        let domain = NewDomain { name: "Running".to_owned(), area: LifeArea::Health, description: None };
        app.add_domain(domain).await.unwrap();
        app
    }

    /// The app with a daily plan for Running, set today.
    async fn planned_daily() -> App<MemoryStore> {
        let app = app().await;
        app.plan_practice(NewPracticePlan { domain: "running".to_owned(), minutes: 30, days: Weekdays::DAILY })
            .await
            .unwrap();
        app
    }

    fn log(at: &str) -> LogPractice {
        LogPractice { domain: "running".to_owned(), minutes: 30, note: None, at: Some(at.to_owned()) }
    }

    #[tokio::test]
    async fn sessions_count_on_their_local_day_and_rest_days_are_kept_out_of_the_score() {
        let app = planned_daily().await;
        // Half past midnight on Wednesday in Paris is still Tuesday in UTC: it counts on Wednesday.
        for at in ["2026-11-16T07:00", "2026-11-17T07:00", "2026-11-18T00:30", "2026-11-20T07:00"] {
            app.log_practice(log(at)).await.unwrap();
        }
        let status = app.practice_status(Some("running")).await.unwrap().remove(0);
        let m = multiplier(1.0);
        // Mon, Tue, Wed kept, Thu missed, Fri kept; today not yet practised.
        let expected = (((1.0 - m) * m + (1.0 - m)) * m + (1.0 - m)) * m * m + (1.0 - m);
        assert!((status.score - expected).abs() < 1e-12, "{} vs {expected}", status.score);
        assert_eq!((status.streak, status.kept_days, status.planned_days), (1, 4, 5));
        assert!(status.due_today);

        app.declare_rest(DeclareRest { date: "today".to_owned(), domain: None }).await.unwrap();
        let rested = app.practice_status(None).await.unwrap().remove(0);
        assert!(!rested.due_today);
        let refused = app.declare_rest(DeclareRest { date: "yesterday".to_owned(), domain: None }).await;
        assert!(refused.is_err_and(|e| e.is_usage()));
        let again =
            app.declare_rest(DeclareRest { date: "today".to_owned(), domain: Some("running".to_owned()) }).await;
        assert!(again.is_ok(), "a domain's rest day beside an all-practice one is allowed");
    }

    #[tokio::test]
    async fn sessions_read_back_newest_first_and_rest_days_from_today_on() {
        let app = app().await;
        for (at, minutes) in [("2026-11-18T07:00", 20), ("2026-11-19T07:00", 25), ("2026-11-20T07:00", 30)] {
            app.log_practice(LogPractice { minutes, ..log(at) }).await.unwrap();
        }
        let latest = app.practice_sessions(Some("running"), 2).await.unwrap();
        let read: Vec<_> = latest.iter().map(|s| (s.on.to_string(), s.minutes, s.domain.as_str())).collect();
        assert_eq!(read, [("2026-11-20".to_owned(), 30, "running"), ("2026-11-19".to_owned(), 25, "running")]);
        assert_eq!(app.practice_sessions(None, 10).await.unwrap().len(), 3);
        assert!(app.practice_sessions(Some("nowhere"), 10).await.is_err());

        app.declare_rest(DeclareRest { date: "2026-11-24".to_owned(), domain: Some("running".to_owned()) })
            .await
            .unwrap();
        app.declare_rest(DeclareRest { date: "today".to_owned(), domain: None }).await.unwrap();
        let ahead = app.rest_days_ahead().await.unwrap();
        let read: Vec<_> = ahead.iter().map(|r| (r.on.to_string(), r.domain.as_deref())).collect();
        assert_eq!(read, [("2026-11-21".to_owned(), None), ("2026-11-24".to_owned(), Some("running"))]);
    }

    #[tokio::test]
    async fn the_history_is_the_score_day_by_day_with_each_day_marked() {
        let app = planned_daily().await;
        // The rest day was declared on Tuesday, before it came, by the app as it was then.
        let tuesday = "2026-11-17T08:00:00+01:00[Europe/Paris]".parse().unwrap();
        let then = App::local(app.store().clone(), Box::new(FixedClock(tuesday))).await.unwrap();
        then.declare_rest(DeclareRest { date: "2026-11-18".to_owned(), domain: Some("running".to_owned()) })
            .await
            .unwrap();
        for at in ["2026-11-16T07:00", "2026-11-17T07:00", "2026-11-20T07:00"] {
            app.log_practice(log(at)).await.unwrap();
        }
        let history = app.consistency_history(56).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].domain, "running");
        let m = multiplier(1.0);
        let (kept1, kept2) = (1.0 - m, (1.0 - m) * m + (1.0 - m));
        let expected = [
            ("2026-11-16", DayMark::Kept, kept1),
            ("2026-11-17", DayMark::Kept, kept2),
            ("2026-11-18", DayMark::Rest, kept2),
            ("2026-11-19", DayMark::Missed, kept2 * m),
            ("2026-11-20", DayMark::Kept, kept2 * m * m + (1.0 - m)),
        ];
        let days = &history[0].days;
        assert_eq!(days.len(), 5, "Monday to Friday; today is not practised yet: {days:?}");
        for (day, (on, mark, score)) in days.iter().zip(expected) {
            assert_eq!((day.on.to_string().as_str(), day.mark), (on, mark));
            assert!((day.score - score).abs() < 1e-12, "{on}: {} vs {score}", day.score);
        }
        let status = app.practice_status(Some("running")).await.unwrap().remove(0);
        assert_eq!(status.score, days[4].score, "the status is the history's last day");

        let last = app.consistency_history(2).await.unwrap().remove(0).days;
        assert_eq!(last, days[3..], "the last two days only");
    }
}
