//! Attempts: the forecast before, the record after, or both at once.

use std::collections::HashMap;

use jiff::Zoned;
use mastery_domain::Field;
use mastery_domain::attempt::{Attempt, Attribution, Forecast, Record};
use mastery_domain::ids::{AttemptId, ChallengeId};
use mastery_domain::reattribution::Reattribution;
use mastery_domain::text::optional_text;
use mastery_store::{AttemptQuery, ReattributionTx, Store, Transaction};

use crate::records::AnyRecord;
use crate::views::AttemptView;
use crate::{App, AppError, AttemptFilter, PlanAttempt, RecordAttempt, domain_slugs, event_time_from, new_id, resolve};

impl<S: Store> App<S> {
    /// Records the forecast for an attempt about to be made.
    pub async fn plan_attempt(&self, input: PlanAttempt) -> Result<AttemptView, AppError> {
        let at = self.event_time(Field::ForecastTime, input.at.as_deref())?;
        let mut tx = self.write().await?;
        let (attempt, names) = planned(&mut tx, &input, &at).await?;
        tx.insert_attempt(&attempt).await?;
        let summary = format!("Planned an attempt on '{}'", names.challenge);
        crate::revise::added(
            &mut tx,
            self.clock.now().timestamp(),
            summary,
            vec![AnyRecord::Attempt(Box::new(attempt.clone()))],
        )
        .await?;
        tx.commit().await?;
        Ok(names.view(&attempt))
    }

    /// Adds the outcome to a planned attempt (`reference` is its id or `last`), with a plan for
    /// next time when one is given.
    pub async fn record_attempt(&self, reference: &str, input: RecordAttempt) -> Result<AttemptView, AppError> {
        let at = self.event_time(Field::OutcomeTime, input.at.as_deref())?;
        let record = build_record(&input, &at)?;
        let mut tx = self.write().await?;
        let mut attempt = resolve::attempt(&mut tx, reference).await?;
        let before = AnyRecord::Attempt(Box::new(attempt.clone()));
        attempt.record(record)?;
        tx.update_attempt(&attempt).await?;
        let plan = self.save_plan(&mut tx, &attempt, input.next_time.as_ref()).await?;
        let names = Names::of(&mut tx, &attempt).await?;
        let celebration = crate::celebrations::rung_reached(&mut tx, &attempt, &names.challenge).await?;
        let after = written(&mut tx, &attempt, plan.as_ref(), celebration.is_some()).await?;
        let summary = format!("Recorded the attempt on '{}'", names.challenge);
        crate::revise::journal(&mut tx, self.clock.now().timestamp(), summary, vec![before], after).await?;
        tx.commit().await?;
        Ok(AttemptView { celebration, ..names.view(&attempt).with_plan(plan.as_ref()) })
    }

    /// Forecast and outcome in one go. The outcome time defaults to the forecast time.
    pub async fn log_attempt(&self, plan: PlanAttempt, outcome: RecordAttempt) -> Result<AttemptView, AppError> {
        // Logged in one go, either time stands for both when only one is given; both are read
        // against one reading of the clock, so "1 day ago" is one instant, not two.
        let now = self.clock.now();
        let recorded_at = event_time_from(Field::OutcomeTime, outcome.at.as_deref().or(plan.at.as_deref()), &now)?;
        let planned_at = match plan.at.as_deref() {
            Some(at) => event_time_from(Field::ForecastTime, Some(at), &now)?,
            None => recorded_at.clone(),
        };
        let record = build_record(&outcome, &recorded_at)?;
        let mut tx = self.write().await?;
        let (mut attempt, names) = planned(&mut tx, &plan, &planned_at).await?;
        attempt.record(record)?;
        tx.insert_attempt(&attempt).await?;
        let next_time = self.save_plan(&mut tx, &attempt, outcome.next_time.as_ref()).await?;
        let celebration = crate::celebrations::rung_reached(&mut tx, &attempt, &names.challenge).await?;
        let after = written(&mut tx, &attempt, next_time.as_ref(), celebration.is_some()).await?;
        let summary = format!("Logged an attempt on '{}'", names.challenge);
        crate::revise::added(&mut tx, now.timestamp(), summary, after).await?;
        tx.commit().await?;
        Ok(AttemptView { celebration, ..names.view(&attempt).with_plan(next_time.as_ref()) })
    }

    /// One attempt, by id (`last`: the newest still waiting for its outcome), with its plan for
    /// next time.
    pub async fn show_attempt(&self, reference: &str) -> Result<AttemptView, AppError> {
        let mut tx = self.read().await?;
        let attempt = resolve::attempt(&mut tx, reference).await?;
        let plan = tx.reattribution(attempt.id).await?;
        let names = Names::of(&mut tx, &attempt).await?;
        Ok(names.view(&attempt).with_plan(plan.as_ref()))
    }

    /// Attempts oldest first, optionally narrowed to a domain, a goal, a start date, the last N or
    /// those still pending.
    pub async fn attempts(&self, filter: AttemptFilter) -> Result<Vec<AttemptView>, AppError> {
        let since = filter.since.as_deref().map(|s| self.start_of(s)).transpose()?;
        let mut tx = self.read().await?;
        let domain = resolve::optional_domain(&mut tx, filter.domain.as_deref()).await?.map(|d| d.id);
        let goal = match filter.goal.as_deref() {
            Some(g) => Some(resolve::goal(&mut tx, g).await?.id),
            None => None,
        };
        // The newest N are read as such, not all then trimmed.
        let query = AttemptQuery {
            domain,
            goal,
            since,
            latest: filter.last,
            pending_only: filter.pending,
            ..AttemptQuery::default()
        };
        let attempts = tx.attempts(&query).await?.items;
        let slugs = domain_slugs(&mut tx).await?;
        let plans: HashMap<AttemptId, Reattribution> =
            tx.reattributions(domain).await?.into_iter().map(|p| (p.attempt_id, p)).collect();
        let mut titles: HashMap<ChallengeId, String> = HashMap::new();
        let mut views = Vec::with_capacity(attempts.len());
        for attempt in &attempts {
            let title = match titles.get(&attempt.challenge_id) {
                Some(title) => title.clone(),
                None => {
                    let rung = tx
                        .challenge(attempt.challenge_id)
                        .await?
                        .ok_or_else(|| crate::missing("challenge", attempt.challenge_id))?;
                    let title = rung.title.to_string();
                    titles.insert(attempt.challenge_id, title.clone());
                    title
                }
            };
            let view = AttemptView::new(attempt, &title, crate::slug_in(&slugs, attempt.domain_id)?);
            views.push(view.with_plan(plans.get(&attempt.id)));
        }
        Ok(views)
    }
}

/// What an attempt's view names besides the attempt: its challenge and its domain.
pub(crate) struct Names {
    challenge: String,
    domain: String,
}

impl Names {
    pub(crate) async fn of<T: Transaction>(tx: &mut T, attempt: &Attempt) -> Result<Self, AppError> {
        let rung = tx
            .challenge(attempt.challenge_id)
            .await?
            .ok_or_else(|| crate::missing("challenge", attempt.challenge_id))?;
        let domain = tx.domain(attempt.domain_id).await?.ok_or_else(|| crate::missing("domain", attempt.domain_id))?;
        let (challenge, domain) = (rung.title.to_string(), domain.slug);
        Ok(Self { challenge, domain })
    }

    pub(crate) fn view(&self, attempt: &Attempt) -> AttemptView {
        AttemptView::new(attempt, &self.challenge, &self.domain)
    }
}

/// A new attempt at the challenge `input` names, with its forecast.
async fn planned<T: Transaction>(tx: &mut T, input: &PlanAttempt, at: &Zoned) -> Result<(Attempt, Names), AppError> {
    let challenge = resolve::challenge(tx, &input.challenge).await?;
    let goal = resolve::goal(tx, &challenge.goal_id.to_string()).await?;
    let domain = tx.domain(goal.domain_id).await?.ok_or_else(|| crate::missing("domain", goal.domain_id))?.slug;
    let engine = crate::engine::forecast_for(tx, &goal, &challenge).await?;
    let attempt = Attempt {
        id: new_id(AttemptId::from_uuid),
        challenge_id: challenge.id,
        goal_id: goal.id,
        domain_id: goal.domain_id,
        forecast: Forecast {
            confidence: input.confidence,
            engine,
            state: input.state,
            planned_at: at.timestamp(),
            planned_on: at.date(),
        },
        record: None,
    };
    Ok((attempt, Names { challenge: challenge.title.to_string(), domain }))
}

fn build_record(input: &RecordAttempt, at: &Zoned) -> Result<Record, AppError> {
    Ok(Record {
        outcome: input.outcome,
        effort: input.effort,
        did: optional_text(Field::Did, input.did.as_deref())?,
        because: optional_text(Field::Because, input.because.as_deref())?,
        attribution: Attribution::new(input.cause, input.locus, input.stability, input.control),
        lesson: optional_text(Field::Lesson, input.lesson.as_deref())?,
        recorded_at: at.timestamp(),
    })
}

/// What recording an attempt wrote: the attempt, its plan for next time, and the celebration of
/// its rung when this attempt earned one.
async fn written<T: Transaction>(
    tx: &mut T,
    attempt: &Attempt,
    plan: Option<&Reattribution>,
    celebrated: bool,
) -> Result<Vec<AnyRecord>, AppError> {
    let mut records = vec![AnyRecord::Attempt(Box::new(attempt.clone()))];
    records.extend(plan.cloned().map(AnyRecord::Reattribution));
    if celebrated {
        records.extend(crate::revise::celebration_of(tx, attempt.domain_id, attempt.challenge_id.to_string()).await?);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};

    use jiff::{Timestamp, Zoned};
    use mastery_domain::attempt::{Outcome, State};
    use mastery_domain::domain::LifeArea;
    use mastery_domain::measure::Confidence;
    use mastery_store::MemoryStore;

    use super::*;
    use crate::{Clock, NewChallenge, NewDomain, NewGoal};

    /// A clock that moves on a microsecond every time it is read, as a real one does.
    #[derive(Debug)]
    struct TickingClock(AtomicI64);

    impl Clock for TickingClock {
        fn now(&self) -> Zoned {
            let micros = self.0.fetch_add(1, Ordering::Relaxed);
            Timestamp::from_microsecond(micros).expect("in range").to_zoned(jiff::tz::TimeZone::UTC)
        }
    }

    #[tokio::test]
    async fn a_relative_time_in_a_logged_attempt_is_one_instant() {
        let start = "2026-11-21T09:30:00Z".parse::<Timestamp>().unwrap().as_microsecond();
        let app = App::local(MemoryStore::new(), Box::new(TickingClock(AtomicI64::new(start)))).await.unwrap();
        app.add_domain(NewDomain { name: "Running".into(), area: LifeArea::Health, description: None }).await.unwrap();
        let goal = NewGoal {
            domain: "running".into(),
            statement: "Run 10 km".into(),
            target: None,
            unit: None,
            deadline: None,
            why: None,
            target_success: None,
        };
        app.add_goal(goal).await.unwrap();
        let rung =
            NewChallenge { goal: "run-10-km".into(), title: "Run 2 km".into(), difficulty: None, criterion: None };
        app.add_challenge(rung).await.unwrap();
        let plan = PlanAttempt {
            challenge: "run-2-km".into(),
            confidence: Confidence::new(70).unwrap(),
            state: State::default(),
            at: Some("1 day ago".into()),
        };
        let outcome = RecordAttempt::outcome(Outcome::Success);
        let logged = app.log_attempt(plan, outcome).await.expect("the forecast and the outcome share the time");
        assert_eq!(Some(logged.planned_at), logged.recorded_at, "one instant for both");
    }
}
