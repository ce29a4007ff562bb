//! Goals and their ladders of challenges.

use std::collections::HashMap;

use mastery_domain::Field;
use mastery_domain::ValidationError;
use mastery_domain::challenge::Challenge;
use mastery_domain::goal::{Goal, Target, check_deadline, check_target_success};
use mastery_domain::ids::{ChallengeId, GoalId};
use mastery_domain::ladder::RungStatus;
use mastery_domain::measure::Difficulty;
use mastery_domain::text::{Name, optional_text};
use mastery_domain::when::{Lean, parse_date};
use mastery_store::{Store, Transaction};

use crate::engine::EngineInputs;
use crate::records::AnyRecord;
use crate::views::{ChallengeView, GoalView, LadderView, RungView};
use crate::{App, AppError, NewChallenge, NewGoal, domain_slugs, new_id, resolve, slug_in};

/// A rung an attempt can be planned on, named as a drop-down shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RungToPlan {
    pub challenge_id: ChallengeId,
    pub title: String,
    /// The goal's statement.
    pub goal: String,
    /// The domain's slug.
    pub domain: String,
}

impl<S: Store> App<S> {
    pub async fn add_goal(&self, input: NewGoal) -> Result<GoalView, AppError> {
        let statement = Name::parse(Field::GoalStatement, &input.statement)?;
        let slug = statement.slug().ok_or(ValidationError::NoSlug { field: Field::GoalStatement })?;
        let today = self.clock.now().date();
        let deadline = input.deadline.as_deref().map(|d| parse_date(d, today, Lean::Future)).transpose()?;
        let deadline = deadline.map(|d| check_deadline(d, today)).transpose()?;
        let target = Target::from_parts(input.target, input.unit.as_deref())?;
        let why = optional_text(Field::Why, input.why.as_deref())?;
        // Shells parse it from text; a share given directly (the API) is checked here all the same.
        let target_success = input.target_success.map(check_target_success).transpose()?;
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let goal = Goal {
            id: new_id(GoalId::from_uuid),
            domain_id: domain.id,
            statement,
            slug,
            target,
            deadline,
            why,
            target_success,
            created_at: self.clock.now().timestamp(),
            done_at: None,
        };
        tx.insert_goal(&goal).await?;
        let summary = format!("Added goal '{}'", goal.statement);
        crate::revise::added(&mut tx, self.clock.now().timestamp(), summary, vec![AnyRecord::Goal(goal.clone())])
            .await?;
        tx.commit().await?;
        Ok(GoalView::new(&goal, &domain.slug))
    }

    /// Goals, of one domain or all, oldest first; finished ones only when asked.
    pub async fn goals(&self, domain: Option<&str>, include_done: bool) -> Result<Vec<GoalView>, AppError> {
        let mut tx = self.read().await?;
        let domain_id = resolve::optional_domain(&mut tx, domain).await?.map(|d| d.id);
        let slugs = domain_slugs(&mut tx).await?;
        tx.goals(domain_id)
            .await?
            .iter()
            .filter(|g| include_done || g.done_at.is_none())
            .map(|g| Ok(GoalView::new(g, slug_in(&slugs, g.domain_id)?)))
            .collect()
    }

    pub async fn show_goal(&self, reference: &str) -> Result<GoalView, AppError> {
        let mut tx = self.read().await?;
        let goal = resolve::goal(&mut tx, reference).await?;
        let domain = resolve::domain(&mut tx, &goal.domain_id.to_string()).await?;
        Ok(GoalView::new(&goal, &domain.slug))
    }

    /// Marks a goal reached. Marking it twice keeps the first date.
    pub async fn complete_goal(&self, reference: &str) -> Result<GoalView, AppError> {
        let mut tx = self.write().await?;
        let mut goal = resolve::goal(&mut tx, reference).await?;
        let domain = resolve::domain(&mut tx, &goal.domain_id.to_string()).await?;
        let mut celebration = None;
        if goal.done_at.is_none() {
            let now = self.clock.now().timestamp();
            let before = AnyRecord::Goal(goal.clone());
            goal.done_at = Some(now);
            tx.update_goal(&goal).await?;
            celebration = crate::celebrations::goal_done(&mut tx, &goal, now).await?;
            let mut after = vec![AnyRecord::Goal(goal.clone())];
            after.extend(crate::revise::celebration_of(&mut tx, goal.domain_id, goal.id.to_string()).await?);
            let summary = format!("Marked goal '{}' reached", goal.statement);
            crate::revise::journal(&mut tx, now, summary, vec![before], after).await?;
            tx.commit().await?;
        }
        Ok(GoalView { celebration, ..GoalView::new(&goal, &domain.slug) })
    }

    pub async fn add_challenge(&self, input: NewChallenge) -> Result<ChallengeView, AppError> {
        let title = Name::parse(Field::ChallengeTitle, &input.title)?;
        let slug = title.slug().ok_or(ValidationError::NoSlug { field: Field::ChallengeTitle })?;
        let criterion = optional_text(Field::Criterion, input.criterion.as_deref())?;
        let mut tx = self.write().await?;
        let goal = resolve::goal(&mut tx, &input.goal).await?;
        let rungs = tx.challenges(goal.id).await?;
        let challenge = Challenge {
            id: new_id(ChallengeId::from_uuid),
            goal_id: goal.id,
            title,
            slug,
            difficulty: input.difficulty.unwrap_or_else(|| Difficulty::after(rungs.last().map(|r| r.difficulty))),
            criterion,
            position: rungs.iter().map(|r| r.position + 1).max().unwrap_or(0),
            created_at: self.clock.now().timestamp(),
        };
        tx.insert_challenge(&challenge).await?;
        let summary = format!("Added rung '{}'", challenge.title);
        crate::revise::added(
            &mut tx,
            self.clock.now().timestamp(),
            summary,
            vec![AnyRecord::Challenge(challenge.clone())],
        )
        .await?;
        tx.commit().await?;
        Ok(ChallengeView::from(&challenge))
    }

    /// Every rung of every goal not yet reached, goal by goal and easy → hard within each: what
    /// an attempt can be planned on. One read, without the ladders' counts and predictions.
    pub async fn rungs_to_plan(&self) -> Result<Vec<RungToPlan>, AppError> {
        let mut tx = self.read().await?;
        let slugs = domain_slugs(&mut tx).await?;
        let mut rungs = Vec::new();
        for goal in tx.goals(None).await?.into_iter().filter(|g| g.done_at.is_none()) {
            let domain = slug_in(&slugs, goal.domain_id)?.to_owned();
            rungs.extend(tx.challenges(goal.id).await?.into_iter().map(|c| RungToPlan {
                challenge_id: c.id,
                title: c.title.to_string(),
                goal: goal.statement.to_string(),
                domain: domain.clone(),
            }));
        }
        Ok(rungs)
    }

    /// A goal's rungs easy → hard, with what has happened on each.
    pub async fn ladder(&self, reference: &str) -> Result<LadderView, AppError> {
        let mut tx = self.read().await?;
        let goal = resolve::goal(&mut tx, reference).await?;
        let domain = resolve::domain(&mut tx, &goal.domain_id.to_string()).await?;
        ladder_in(&mut tx, &goal, domain.slug).await
    }
}

/// The ladder of `goal` (in the domain `slug`), read in `tx`.
pub(crate) async fn ladder_in<T: Transaction>(tx: &mut T, goal: &Goal, slug: String) -> Result<LadderView, AppError> {
    let stats: HashMap<ChallengeId, _> =
        tx.rung_stats(goal.id).await?.into_iter().map(|s| (s.challenge_id, s)).collect();
    let ability = EngineInputs::load(tx, goal).await?.ability();
    let rungs = tx
        .challenges(goal.id)
        .await?
        .into_iter()
        .map(|c| {
            let s = stats.get(&c.id);
            let attempts = s.map_or(0, |s| s.attempts);
            let successes = s.map_or(0, |s| s.successes);
            let prediction = ability.map(|a| a.predict(c.difficulty.value()).rounded());
            RungView {
                challenge_id: c.id,
                title: c.title.to_string(),
                slug: c.slug,
                difficulty: c.difficulty.value(),
                criterion: c.criterion,
                attempts,
                successes,
                partials: s.map_or(0, |s| s.partials),
                predicted_success: prediction.map(|p| p.chance),
                prediction,
                status: RungStatus::from_counts(attempts, successes),
            }
        })
        .collect();
    Ok(LadderView {
        goal_id: goal.id,
        goal: goal.statement.to_string(),
        domain: slug,
        target_success: goal.target_success_rate(),
        rungs,
    })
}

#[cfg(test)]
mod tests {
    use mastery_domain::domain::LifeArea;
    use mastery_domain::measure::Difficulty;
    use mastery_store::MemoryStore;

    use crate::{App, FixedClock, NewChallenge, NewDomain, NewGoal};

    #[tokio::test]
    async fn the_rungs_to_plan_are_the_open_goals_ladders_in_order() {
        let now = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap();
        let app = App::local(MemoryStore::new(), Box::new(FixedClock(now))).await.unwrap();
        let domain = NewDomain { name: "Chess".to_owned(), area: LifeArea::Learning, description: None };
        app.add_domain(domain).await.unwrap();
        for statement in ["Play a tournament", "Teach a class"] {
            let goal = NewGoal { domain: "chess".to_owned(), statement: statement.to_owned(), ..NewGoal::default() };
            let goal = app.add_goal(goal).await.unwrap();
            for (title, difficulty) in [("Hard", 8.0), ("Easy", 2.0), ("Middle", 5.0)] {
                let rung = NewChallenge {
                    goal: goal.slug.clone(),
                    title: format!("{title} step of {statement}"),
                    difficulty: Some(Difficulty::new(difficulty).unwrap()),
                    criterion: None,
                };
                app.add_challenge(rung).await.unwrap();
            }
        }
        app.complete_goal("teach-a-class").await.unwrap();

        let rungs = app.rungs_to_plan().await.unwrap();
        let ladder = app.ladder("play-a-tournament").await.unwrap();
        let shown: Vec<(&str, &str, &str)> =
            rungs.iter().map(|r| (r.domain.as_str(), r.goal.as_str(), r.title.as_str())).collect();
        assert_eq!(
            shown,
            [
                ("chess", "Play a tournament", "Easy step of Play a tournament"),
                ("chess", "Play a tournament", "Middle step of Play a tournament"),
                ("chess", "Play a tournament", "Hard step of Play a tournament"),
            ],
            "the reached goal's rungs are left out; the open one's go easy → hard"
        );
        let ids: Vec<_> = rungs.iter().map(|r| r.challenge_id).collect();
        assert_eq!(ids, ladder.rungs.iter().map(|r| r.challenge_id).collect::<Vec<_>>(), "the ladder's own order");
    }
}
