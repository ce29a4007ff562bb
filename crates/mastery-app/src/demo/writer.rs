//! Writing the demo: the script and the simulated history go into the store through the app's
//! own use cases, so every rule a person's input obeys applies to the demo too.

use jiff::civil::Date;
use jiff::{ToSpan, Zoned};
use mastery_domain::Field;
use mastery_domain::ValidationError;
use mastery_domain::attempt::State;
use mastery_domain::checkin::Measures;
use mastery_domain::measure::{Confidence, Difficulty, Rating, SleepHours};
use mastery_store::Store;

use super::script::{BACKFILL, DOMAINS, FEEDBACK, GoalScript, ROLE_MODELS, RungScript, audit_answers, hm};
use super::simulation::{SimAttempt, SimCheckin, SimOutcome, local_instant, simulate};
use crate::views::DemoSummary;
use crate::{
    App, AppError, NewAudit, NewChallenge, NewCheckin, NewDomain, NewEvidence, NewFeedback, NewGoal, NewRoleModel,
    PlanAttempt, RecordAttempt, Refusal,
};

/// A domain the demo wrote, as references for the records that point at it.
pub(super) struct WrittenDomain {
    pub(super) id: String,
    pub(super) rungs: Vec<String>,
}

impl<S: Store> App<S> {
    /// Fills an empty store with three months of a simulated person's use of Mastery, ending now.
    /// The same seed writes the same history (with fresh ids).
    pub async fn demo(&self, seed: u64) -> Result<DemoSummary, AppError> {
        if !self.domains(true).await?.is_empty() {
            return Err(AppError::refused_as(
                Refusal::NotEmpty,
                "the store already has data; demo fills only an empty store",
            ));
        }
        let now = self.clock.now();
        let history = simulate(seed, &now)?;
        let domains = self.write_ladders(now.date()).await?;
        let evidence = self.write_backfill(&domains, &now).await?;
        let role_models = self.write_role_models(&domains).await?;
        let feedback = self.write_feedback(&domains, &now).await?;
        let checkins = self.write_checkins(&history.checkins).await?;
        let attempts = self.write_attempts(&history.attempts, &domains).await?;
        let audits = self.write_audits(&domains, &now).await?;
        let practice_sessions = self.write_practice(seed, &domains, &now).await?;
        let reviews = self.write_reviews(&now).await?;
        Ok(DemoSummary {
            domains: domains.len(),
            goals: domains.len(),
            challenges: domains.iter().map(|d| d.rungs.len()).sum(),
            attempts,
            checkins,
            evidence,
            role_models,
            feedback,
            audits,
            practice_sessions,
            reviews,
        })
    }

    /// Each domain's audits as its script tells them (a baseline, then monthly, ratings rising
    /// as the record grows), on the scale the app picks for the domain.
    async fn write_audits(&self, domains: &[WrittenDomain], now: &Zoned) -> Result<usize, AppError> {
        let mut written = 0;
        for (domain, script) in domains.iter().zip(&DOMAINS) {
            let items = self.audit_form(&domain.id, None).await?.scale.items.len();
            for (days_ago, easiest) in script.audits.taken {
                let answers = audit_answers(items, *easiest, script.audits.step).map_err(AppError::Invalid)?;
                let at = local_instant(now, *days_ago, hm(20, 30))?.to_string();
                let audit = NewAudit { domain: domain.id.clone(), scale: None, answers, at: Some(at), every: None };
                self.take_audit(audit).await?;
                written += 1;
            }
        }
        Ok(written)
    }

    /// Each domain with its goal and ladder.
    async fn write_ladders(&self, today: Date) -> Result<Vec<WrittenDomain>, AppError> {
        let mut written = Vec::with_capacity(DOMAINS.len());
        for script in &DOMAINS {
            let domain = NewDomain {
                name: script.name.to_owned(),
                area: script.area,
                description: Some(script.description.to_owned()),
            };
            let id = self.add_domain(domain).await?.id.to_string();
            let goal = self.add_goal(script.goal.input(&id, today)).await?.id.to_string();
            let mut rungs = Vec::with_capacity(script.rungs.len());
            for rung in script.rungs {
                rungs.push(self.add_challenge(rung.input(&goal)?).await?.id.to_string());
            }
            written.push(WrittenDomain { id, rungs });
        }
        Ok(written)
    }

    async fn write_backfill(&self, domains: &[WrittenDomain], now: &Zoned) -> Result<usize, AppError> {
        for item in BACKFILL {
            self.add_evidence(NewEvidence {
                domain: domains[item.domain].id.clone(),
                title: item.title.to_owned(),
                did: Some(item.did.to_owned()),
                at: Some(local_instant(now, item.days_ago, hm(15, 0))?.to_string()),
            })
            .await?;
        }
        Ok(BACKFILL.len())
    }

    async fn write_role_models(&self, domains: &[WrittenDomain]) -> Result<usize, AppError> {
        for model in ROLE_MODELS {
            self.add_role_model(NewRoleModel {
                domain: domains[model.domain].id.clone(),
                name: model.name.to_owned(),
                similarity: Some(Rating::new(Field::Similarity, model.similarity)?),
                process: Some(model.process.to_owned()),
            })
            .await?;
        }
        Ok(ROLE_MODELS.len())
    }

    async fn write_feedback(&self, domains: &[WrittenDomain], now: &Zoned) -> Result<usize, AppError> {
        for item in FEEDBACK {
            self.add_feedback(NewFeedback {
                domain: domains[item.domain].id.clone(),
                from: item.from.to_owned(),
                credibility: Some(Rating::new(Field::Credibility, item.credibility)?),
                specificity: Some(item.specificity),
                valence: Some(item.valence),
                text: item.text.to_owned(),
                at: Some(local_instant(now, item.days_ago, hm(16, 20))?.to_string()),
            })
            .await?;
        }
        Ok(FEEDBACK.len())
    }

    async fn write_checkins(&self, checkins: &[SimCheckin]) -> Result<usize, AppError> {
        for checkin in checkins {
            self.checkin(checkin.input()?).await?;
        }
        Ok(checkins.len())
    }

    /// Oldest first, so the app mints ids in the order things happened.
    async fn write_attempts(&self, attempts: &[SimAttempt], domains: &[WrittenDomain]) -> Result<usize, AppError> {
        for attempt in attempts {
            let plan = attempt.plan_input(domains)?;
            match &attempt.outcome {
                Some(outcome) => self.log_attempt(plan, outcome.input()?).await?,
                None => self.plan_attempt(plan).await?,
            };
        }
        Ok(attempts.len())
    }
}

impl GoalScript {
    fn input(&self, domain: &str, today: Date) -> NewGoal {
        NewGoal {
            domain: domain.to_owned(),
            statement: self.statement.to_owned(),
            target: Some(self.target),
            unit: Some(self.unit.to_owned()),
            deadline: Some(today.saturating_add(self.deadline_in_days.days()).to_string()),
            why: Some(self.why.to_owned()),
            target_success: None,
        }
    }
}

impl RungScript {
    fn input(&self, goal: &str) -> Result<NewChallenge, ValidationError> {
        Ok(NewChallenge {
            goal: goal.to_owned(),
            title: self.title.to_owned(),
            difficulty: Some(Difficulty::new(self.difficulty)?),
            criterion: Some(self.criterion.to_owned()),
        })
    }
}

fn optional_rating(field: mastery_domain::Field, value: Option<u8>) -> Result<Option<Rating>, ValidationError> {
    value.map(|v| Rating::new(field, v)).transpose()
}

fn optional_sleep(hours: Option<f64>) -> Result<Option<SleepHours>, ValidationError> {
    hours.map(SleepHours::new).transpose()
}

impl SimAttempt {
    fn plan_input(&self, domains: &[WrittenDomain]) -> Result<PlanAttempt, ValidationError> {
        Ok(PlanAttempt {
            challenge: domains[self.domain].rungs[self.rung].clone(),
            confidence: Confidence::new(self.confidence)?,
            state: State {
                sleep_hours: optional_sleep(self.state.sleep_hours)?,
                energy: optional_rating(Field::Energy, self.state.energy)?,
                stress: optional_rating(Field::Stress, self.state.stress)?,
            },
            at: Some(self.planned_at.to_string()),
        })
    }
}

impl SimOutcome {
    fn input(&self) -> Result<RecordAttempt, ValidationError> {
        Ok(RecordAttempt {
            outcome: self.outcome,
            effort: Some(Rating::new(Field::Effort, self.effort)?),
            did: self.did.map(str::to_owned),
            because: self.because.map(str::to_owned),
            cause: self.cause,
            // Left to the cause's typical placement, as most people would.
            locus: None,
            stability: None,
            control: None,
            lesson: self.lesson.map(str::to_owned),
            at: Some(self.recorded_at.to_string()),
            next_time: None,
        })
    }
}

impl SimCheckin {
    fn input(&self) -> Result<NewCheckin, ValidationError> {
        Ok(NewCheckin {
            measures: Measures {
                sleep_hours: optional_sleep(Some(self.day.sleep_hours))?,
                exercise_minutes: self.exercise_minutes,
                stress: optional_rating(Field::Stress, Some(self.day.stress))?,
                energy: optional_rating(Field::Energy, Some(self.day.energy))?,
                mood: optional_rating(Field::Mood, Some(self.day.mood))?,
            },
            at: Some(self.at.to_string()),
        })
    }
}
