//! Explaining outcomes: the attribution shares and pattern, and plans for next time after a
//! failure explained by fixed ability.

use mastery_domain::attempt::Attempt;
use mastery_domain::attribution::FORMULA;
use mastery_domain::reattribution::{IfThen, Reattribution, controllable_cause};
use mastery_store::{ReattributionTx, Store, Transaction};

use crate::attempts::Names;
use crate::insights::Records;
use crate::records::AnyRecord;
use crate::views::{AttemptView, AttributionView, MonthView};
use crate::{App, AppError, NextTime, resolve};

impl<S: Store> App<S> {
    /// How successes and failures were explained, in one domain or all, overall and by month.
    pub async fn attribution(&self, domain: Option<&str>) -> Result<AttributionView, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::optional_domain(&mut tx, domain).await?;
        let domain_id = domain.as_ref().map(|d| d.id);
        let mut records = Records::read(&mut tx, domain.as_ref()).await?;
        let plans = tx.reattributions(domain_id).await?.len();
        drop(tx);
        self.keep_folds(records.take_folds()).await;
        let (shares, months) = records.attribution().shares();
        Ok(AttributionView {
            domain: domain.map(|d| d.slug),
            shares,
            pattern_statement: shares.pattern.map(|p| p.describe()),
            plans_for_next_time: plans,
            months: months.iter().map(MonthView::from).collect(),
            formula: FORMULA,
        })
    }

    /// Records a plan for next time for a failure or partial (`reference` is its id, or `last`
    /// for the latest failure or partial).
    pub async fn reattribute(&self, reference: &str, plan: NextTime) -> Result<AttemptView, AppError> {
        let mut tx = self.write().await?;
        let attempt = setback(&mut tx, reference).await?;
        let saved = self.save_plan(&mut tx, &attempt, Some(&plan)).await?;
        let names = Names::of(&mut tx, &attempt).await?;
        let summary = format!("Planned next time after the attempt of {}", attempt.forecast.planned_on);
        let added = saved.iter().cloned().map(AnyRecord::Reattribution).collect();
        crate::revise::added(&mut tx, self.clock.now().timestamp(), summary, added).await?;
        tx.commit().await?;
        Ok(names.view(&attempt).with_plan(saved.as_ref()))
    }

    /// Stores `plan` for `attempt` in `tx`, refusing a second plan for the same attempt.
    pub(crate) async fn save_plan<T: Transaction>(
        &self,
        tx: &mut T,
        attempt: &Attempt,
        plan: Option<&NextTime>,
    ) -> Result<Option<Reattribution>, AppError> {
        let Some(plan) = plan else { return Ok(None) };
        let if_then = IfThen::parse(&plan.if_then)?;
        let cause = controllable_cause(plan.cause, &plan.next_time)?;
        let created_at = self.clock.now().timestamp();
        let reattribution =
            Reattribution::new(attempt.id, attempt.outcome(), cause, plan.next_time.clone(), if_then, created_at)?;
        if let Some(existing) = tx.reattribution(attempt.id).await? {
            return Err(AppError::refused(format!(
                "this attempt already has a plan for next time: \"{}\"",
                existing.if_then.as_str()
            )));
        }
        tx.insert_reattribution(&reattribution).await?;
        Ok(Some(reattribution))
    }
}

/// The attempt `reference` names: an id, or `last` for the latest failure or partial.
async fn setback<T: Transaction>(tx: &mut T, reference: &str) -> Result<Attempt, AppError> {
    if !reference.trim().eq_ignore_ascii_case("last") {
        return resolve::attempt(tx, reference).await;
    }
    let Some(id) = tx.latest_setback().await? else {
        return Err(AppError::NotFound {
            entity: "failure or partial",
            reference: reference.trim().to_owned(),
            hint: "a plan for next time follows a failure or partial, and none is recorded".to_owned(),
        });
    };
    tx.attempt(id).await?.ok_or_else(|| crate::missing("attempt", id))
}

#[cfg(test)]
mod tests {
    use mastery_domain::attempt::{Cause, Outcome, State};
    use mastery_domain::attribution::AttributionPattern;
    use mastery_domain::domain::LifeArea;
    use mastery_domain::measure::Confidence;
    use mastery_domain::reattribution::Trigger;
    use mastery_store::MemoryStore;

    use super::*;
    use crate::{AttemptFilter, FixedClock, NewChallenge, NewDomain, NewGoal, PlanAttempt, RecordAttempt};

    async fn app() -> App<MemoryStore> {
        let now = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().expect("a fixed now");
        let app = App::local(MemoryStore::new(), Box::new(FixedClock(now))).await.unwrap();
        app.add_domain(NewDomain { name: "Public speaking".into(), area: LifeArea::Career, description: None })
            .await
            .unwrap();
        let goal = NewGoal { domain: "public-speaking".into(), statement: "Give a talk".into(), ..NewGoal::default() };
        app.add_goal(goal).await.unwrap();
        let rung =
            NewChallenge { goal: "give-a-talk".into(), title: "Ask a question".into(), ..NewChallenge::default() };
        app.add_challenge(rung).await.unwrap();
        app
    }

    fn plan(at: &str) -> PlanAttempt {
        PlanAttempt {
            challenge: "ask-a-question".into(),
            confidence: Confidence::new(40).unwrap(),
            state: State::default(),
            at: Some(at.into()),
        }
    }

    fn outcome(outcome: Outcome, cause: Option<Cause>, because: Option<&str>) -> RecordAttempt {
        RecordAttempt { cause, because: because.map(str::to_owned), ..RecordAttempt::outcome(outcome) }
    }

    fn next_time(cause: Option<Cause>) -> NextTime {
        NextTime {
            next_time: "Rehearse the question out loud before the meeting".into(),
            if_then: "If I feel my heart racing, then I will ask my question within the first five minutes".into(),
            cause,
        }
    }

    #[tokio::test]
    async fn a_failure_put_down_to_ability_asks_for_a_plan_until_one_is_recorded() {
        let app = app().await;
        let failed = app
            .log_attempt(plan("2026-11-20 10:00"), outcome(Outcome::Failure, Some(Cause::Ability), None))
            .await
            .unwrap();
        assert_eq!(failed.reattribution_trigger, Some(Trigger::AbilityCause));
        assert!(failed.reattribution_prompt.is_some_and(|p| p.contains("next time")));
        assert_eq!(failed.reattribution, None);

        let planned = app.reattribute("last", next_time(None)).await.unwrap();
        assert_eq!(planned.id, failed.id);
        let saved = planned.reattribution.as_ref().expect("a plan");
        assert_eq!(saved.cause, Cause::Preparation, "read from 'rehearse'");
        assert!(saved.if_then.starts_with("If I feel my heart racing"));
        assert_eq!(planned.reattribution_prompt, None, "answered");

        let listed = app.attempts(AttemptFilter::default()).await.unwrap();
        assert_eq!(listed[0].reattribution, planned.reattribution, "the plan reads back with the attempt");
        assert_eq!(app.show_attempt(&failed.id.to_string()).await.unwrap(), listed[0], "and with the attempt alone");
        let again = app.reattribute(&failed.id.to_string(), next_time(Some(Cause::Effort))).await.unwrap_err();
        assert!(again.to_string().contains("already has a plan for next time"), "{again}");
    }

    #[tokio::test]
    async fn fixed_wording_triggers_the_question_and_a_plan_can_come_with_the_record() {
        let app = app().await;
        let mut record = outcome(Outcome::Failure, None, Some("I'm just not a natural speaker"));
        record.next_time = Some(next_time(Some(Cause::Strategy)));
        let view = app.log_attempt(plan("2026-11-20 10:00"), record).await.unwrap();
        assert_eq!(view.reattribution_trigger, Some(Trigger::FixedWording));
        assert_eq!(view.reattribution.map(|r| r.cause), Some(Cause::Strategy));
        assert_eq!(view.reattribution_prompt, None);
    }

    #[tokio::test]
    async fn a_refused_plan_writes_nothing() {
        let app = app().await;
        let planned = app.plan_attempt(plan("2026-11-20 10:00")).await.unwrap();
        let mut record = outcome(Outcome::Success, Some(Cause::Effort), None);
        record.next_time = Some(next_time(None));
        let refused = app.record_attempt("last", record).await.unwrap_err();
        assert!(refused.is_usage() && refused.to_string().contains("was a success"), "{refused}");
        let mut bad_plan = outcome(Outcome::Failure, Some(Cause::Ability), None);
        bad_plan.next_time = Some(NextTime { if_then: "practise more".into(), ..next_time(None) });
        let refused = app.record_attempt("last", bad_plan).await.unwrap_err();
        assert!(refused.to_string().contains("If <moment>, then I will <action>"), "{refused}");
        let not_controllable = NextTime { cause: Some(Cause::Luck), ..next_time(None) };
        let mut luck = outcome(Outcome::Failure, Some(Cause::Ability), None);
        luck.next_time = Some(not_controllable);
        assert!(app.record_attempt("last", luck).await.unwrap_err().to_string().contains("cause you can change"));
        let attempts = app.attempts(AttemptFilter::default()).await.unwrap();
        assert_eq!((attempts.len(), attempts[0].id, attempts[0].outcome), (1, planned.id, None), "still only planned");
        let no_setback = app.reattribute("last", next_time(None)).await.unwrap_err();
        assert!(no_setback.to_string().contains("no failure or partial matches 'last'"), "{no_setback}");
    }

    #[tokio::test]
    async fn attribution_counts_explanations_and_plans() {
        let app = app().await;
        for (day, result, cause) in [
            ("2026-10-01 10:00", Outcome::Success, Cause::Luck),
            ("2026-10-02 10:00", Outcome::Success, Cause::Luck),
            ("2026-10-03 10:00", Outcome::Success, Cause::Difficulty),
            ("2026-10-04 10:00", Outcome::Failure, Cause::Ability),
            ("2026-10-05 10:00", Outcome::Failure, Cause::Ability),
            ("2026-11-06 10:00", Outcome::Failure, Cause::Ability),
            ("2026-11-07 10:00", Outcome::Success, Cause::Strategy),
        ] {
            app.log_attempt(plan(day), outcome(result, Some(cause), None)).await.unwrap();
        }
        // `last` is the latest failure, on 6 November, though a success came after it.
        let planned = app.reattribute("last", next_time(None)).await.unwrap();
        assert_eq!(planned.planned_on.to_string(), "2026-11-06");

        let view = app.attribution(Some("public-speaking")).await.unwrap();
        assert_eq!(view.domain.as_deref(), Some("public-speaking"));
        assert_eq!((view.shares.n_successes, view.shares.n_failures), (4, 3));
        assert_eq!(view.shares.success_internal_rate, Some(0.25));
        assert_eq!(view.shares.failure_stable_rate, Some(1.0));
        assert_eq!(view.shares.pattern, Some(AttributionPattern::LowEfficacy));
        assert_eq!(view.pattern_statement, Some(AttributionPattern::LowEfficacy.describe()));
        assert_eq!(view.plans_for_next_time, 1);
        let months: Vec<(&str, Option<AttributionPattern>)> =
            view.months.iter().map(|m| (m.month.as_str(), m.shares.pattern)).collect();
        assert_eq!(months, [("2026-10", Some(AttributionPattern::DiscountedSuccesses)), ("2026-11", None)]);
        assert!(app.attribution(Some("nowhere")).await.unwrap_err().to_string().contains("no domain matches"));
    }
}
