//! What an audience reads of a share, computed from the owner's records in one read transaction
//! under the owner's user, then cut down to what the role may see.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp, Zoned};
use mastery_domain::attempt::{Attempt, Outcome};
use mastery_domain::evidence::EvidenceSource;
use mastery_domain::goal::Goal;
use mastery_domain::ids::{ChallengeId, DomainId, ShareId, UserId};
use mastery_domain::practice::{self, PracticeDays};
use mastery_domain::review::Period;
use mastery_store::{AccountStore, AttemptQuery, ShareRecord, SharingStore, Store, Transaction};

use super::{
    CoachView, SharedAttempt, SharedCelebration, SharedEvidence, SharedGoal, SharedPractice, SharedReview, SharedRung,
    SharedView, Sharing, WeekNumbers, WinView,
};
use crate::goals::ladder_in;
use crate::{App, AppError};

/// The newest attempts a shared view lists.
const ATTEMPTS_SHOWN: usize = 50;
/// The newest successes a shared evidence file lists.
const EVIDENCE_SHOWN: usize = 50;
/// The newest weekly reviews whose shareable answers are shown.
const REVIEWS_SHOWN: usize = 4;
/// How far before a week an attempt may have been planned and still be recorded in it: the
/// week's numbers read attempts planned from here on.
const PLANNED_BEFORE_WEEK: SignedDuration = SignedDuration::from_hours(28 * 24);

/// The records one share covers, read from its owner's store.
pub(super) struct Scope {
    pub domain_name: String,
    pub goals: Vec<Goal>,
    /// Every attempt of the share planned since the week's reading window, and the newest
    /// [`ATTEMPTS_SHOWN`] overall, oldest first, deduplicated.
    pub attempts: Vec<Attempt>,
    pub rung_titles: HashMap<ChallengeId, String>,
    pub goal_slugs: HashMap<mastery_domain::ids::GoalId, String>,
}

impl<S: Store + SharingStore + AccountStore + Clone> Sharing<S> {
    /// A shared goal as `me` may see it: their role decides the fields.
    pub async fn shared(&self, me: UserId, id: ShareId) -> Result<SharedView, AppError> {
        let share = self.audience_share(me, id).await?;
        let owner_app = self.app_for(share.owner);
        let now = self.clock.now();
        let mut tx = owner_app.read().await?;
        let scope = scope_of(&mut tx, &share, &now).await?.ok_or_else(|| super::share_not_found(id))?;
        let mut ladder = Vec::new();
        for goal in &scope.goals {
            let view = ladder_in(&mut tx, goal, String::new()).await?;
            ladder.extend(view.rungs.into_iter().map(|r| SharedRung {
                goal: goal.slug.clone(),
                title: r.title,
                difficulty: r.difficulty,
                criterion: r.criterion,
                attempts: r.attempts,
                successes: r.successes,
                partials: r.partials,
                status: r.status,
            }));
        }
        let attempts = shown_attempts(&scope);
        let evidence = evidence_in_scope(&mut tx, &share).await?;
        let (practice, week) = practice_and_week(&mut tx, share.domain, &scope, &now).await?;
        let celebrations = self.celebrations_in_scope(&mut tx, &share, &scope).await?;
        let reviews = if share.review_answers { shared_reviews(&mut tx).await? } else { Vec::new() };
        drop(tx);
        let coach = match share.role.sees_analyses() {
            true => Some(coach_view(&owner_app, share.domain).await?),
            false => None,
        };
        let goals: Vec<SharedGoal> = scope.goals.iter().map(shared_goal).collect();
        Ok(SharedView {
            id: share.id,
            owner: self.name(share.owner).await?,
            role: share.role,
            domain: scope.domain_name,
            goal: share.goal.and_then(|g| goals.iter().find(|s| s.id == g).cloned()),
            goals,
            ladder,
            attempts,
            evidence,
            practice,
            week,
            celebrations,
            reviews,
            coach,
        })
    }

    async fn celebrations_in_scope<T: Transaction>(
        &self,
        tx: &mut T,
        share: &ShareRecord,
        scope: &Scope,
    ) -> Result<Vec<SharedCelebration>, AppError> {
        let subjects: HashSet<String> = scope
            .goals
            .iter()
            .map(|g| g.id.to_string())
            .chain(scope.rung_titles.keys().map(ToString::to_string))
            .collect();
        let cheers: HashMap<_, _> = self.store.cheers(share.owner).await?.into_iter().collect();
        Ok(tx
            .celebrations(Some(share.domain))
            .await?
            .into_iter()
            .filter(|c| share.goal.is_none() || subjects.contains(&c.subject))
            .map(|c| SharedCelebration {
                cheers: cheers.get(&c.id).copied().unwrap_or(0),
                id: c.id,
                kind: c.kind,
                title: c.title,
                at: c.at,
                effort: c.effort,
                strategy: c.strategy,
            })
            .collect())
    }
}

/// The goals, rungs and attempts `share` covers; `None` when what it names is gone.
pub(super) async fn scope_of<T: Transaction>(
    tx: &mut T,
    share: &ShareRecord,
    now: &Zoned,
) -> Result<Option<Scope>, AppError> {
    let Some(domain) = tx.domain(share.domain).await? else { return Ok(None) };
    let goals: Vec<Goal> = match share.goal {
        Some(id) => match tx.goal(id).await? {
            Some(goal) => vec![goal],
            None => return Ok(None),
        },
        None => tx.goals(Some(share.domain)).await?,
    };
    let mut rung_titles = HashMap::new();
    for goal in &goals {
        rung_titles.extend(tx.challenges(goal.id).await?.into_iter().map(|c| (c.id, c.title.to_string())));
    }
    let week_start = week_start(now);
    let query = |latest: Option<usize>, since: Option<Timestamp>| AttemptQuery {
        domain: Some(share.domain),
        goal: share.goal,
        latest,
        since,
        ..AttemptQuery::default()
    };
    let mut attempts = tx.attempts(&query(Some(ATTEMPTS_SHOWN), None)).await?.items;
    let recent = tx.attempts(&query(None, Some(week_start - PLANNED_BEFORE_WEEK))).await?.items;
    let known: HashSet<_> = attempts.iter().map(|a| a.id).collect();
    attempts.extend(recent.into_iter().filter(|a| !known.contains(&a.id)));
    attempts.sort_by_key(|a| (a.forecast.planned_at, a.id));
    let goal_slugs = goals.iter().map(|g| (g.id, g.slug.clone())).collect();
    Ok(Some(Scope { domain_name: domain.name.to_string(), goals, attempts, rung_titles, goal_slugs }))
}

/// The start of the week holding `now`, in its time zone.
fn week_start(now: &Zoned) -> Timestamp {
    let (monday, _) = Period::week_of(now.date()).days();
    monday.to_zoned(now.time_zone().clone()).map(|z| z.timestamp()).unwrap_or_else(|_| now.timestamp())
}

/// Whether `at` falls in the week holding `now`, on `now`'s clock.
fn in_week(at: Timestamp, now: &Zoned) -> bool {
    let (from, to) = Period::week_of(now.date()).days();
    (from..=to).contains(&at.to_zoned(now.time_zone().clone()).date())
}

fn shared_goal(goal: &Goal) -> SharedGoal {
    SharedGoal {
        id: goal.id,
        statement: goal.statement.to_string(),
        slug: goal.slug.clone(),
        done: goal.done_at.is_some(),
    }
}

/// The newest attempts with an outcome, newest first.
fn shown_attempts(scope: &Scope) -> Vec<SharedAttempt> {
    let mut shown: Vec<SharedAttempt> = scope.attempts.iter().filter_map(|a| shared_attempt(a, scope)).collect();
    shown.sort_by(|a, b| b.recorded_at.cmp(&a.recorded_at).then(b.id.cmp(&a.id)));
    shown.truncate(ATTEMPTS_SHOWN);
    shown
}

fn shared_attempt(attempt: &Attempt, scope: &Scope) -> Option<SharedAttempt> {
    let record = attempt.record.as_ref()?;
    Some(SharedAttempt {
        id: attempt.id,
        goal: scope.goal_slugs.get(&attempt.goal_id).cloned().unwrap_or_default(),
        challenge: scope.rung_titles.get(&attempt.challenge_id).cloned().unwrap_or_default(),
        outcome: record.outcome,
        did: record.did.clone(),
        recorded_at: record.recorded_at,
    })
}

/// The successes of what is shared: for a goal, those from its attempts; for a domain, all of it.
async fn evidence_in_scope<T: Transaction>(tx: &mut T, share: &ShareRecord) -> Result<Vec<SharedEvidence>, AppError> {
    let goal_attempts: HashSet<String> = match share.goal {
        Some(goal) => {
            let query = AttemptQuery { goal: Some(goal), ..AttemptQuery::default() };
            tx.attempts(&query).await?.items.iter().map(|a| a.id.to_string()).collect()
        }
        None => HashSet::new(),
    };
    Ok(tx
        .evidence(Some(share.domain), EVIDENCE_SHOWN)
        .await?
        .into_iter()
        .filter(|e| share.goal.is_none() || (e.source == EvidenceSource::Attempt && goal_attempts.contains(&e.id)))
        .map(|e| SharedEvidence { at: e.at, title: e.title, did: e.did, source: e.source })
        .collect())
}

/// The domain's practice consistency, and this week's numbers over the share.
pub(super) async fn practice_and_week<T: Transaction>(
    tx: &mut T,
    domain: DomainId,
    scope: &Scope,
    now: &Zoned,
) -> Result<(Option<SharedPractice>, WeekNumbers), AppError> {
    let today = now.date();
    let plan = tx.practice_plans().await?.into_iter().find(|p| p.domain_id == domain);
    let (from, to) = Period::week_of(today).days();
    let mut week = week_numbers(&scope.attempts, now);
    let Some(plan) = plan else { return Ok((None, week)) };
    let sessions = tx.practice_sessions(Some(domain)).await?;
    let rest = tx.rest_days().await?;
    let days = PracticeDays::of(domain, &sessions, &rest);
    let kept = practice::kept(&plan, &days.sessions, &days.rest, from, to.min(today));
    week.practice_kept = kept.kept_days;
    week.practice_planned = kept.planned_days;
    let consistency = practice::consistency(&plan, &days.sessions, &days.rest, today);
    let shared = SharedPractice {
        score: consistency.score,
        streak: consistency.streak,
        planned_days: consistency.kept.planned_days,
        kept_days: consistency.kept.kept_days,
    };
    Ok((Some(shared), week))
}

/// The outcomes recorded in the week holding `now`, over `attempts` (practice left at zero).
pub(super) fn week_numbers(attempts: &[Attempt], now: &Zoned) -> WeekNumbers {
    let period = Period::week_of(now.date());
    let (from, to) = period.days();
    let mut numbers = WeekNumbers {
        week: period.to_string(),
        from,
        to,
        attempts: 0,
        successes: 0,
        partials: 0,
        practice_kept: 0,
        practice_planned: 0,
    };
    for record in attempts.iter().filter_map(|a| a.record.as_ref()).filter(|r| in_week(r.recorded_at, now)) {
        numbers.attempts += 1;
        match record.outcome {
            Outcome::Success => numbers.successes += 1,
            Outcome::Partial => numbers.partials += 1,
            Outcome::Failure => {}
        }
    }
    numbers
}

/// The successes recorded in the week holding `now`, with the process behind them, newest first.
pub(super) fn wins(share: ShareId, scope: &Scope, now: &Zoned) -> Vec<WinView> {
    let mut wins: Vec<WinView> = scope
        .attempts
        .iter()
        .filter_map(|a| a.record.as_ref().map(|r| (a, r)))
        .filter(|(_, r)| r.outcome == Outcome::Success)
        .filter(|(_, r)| in_week(r.recorded_at, now))
        .map(|(a, r)| WinView {
            share,
            attempt: a.id,
            challenge: scope.rung_titles.get(&a.challenge_id).cloned().unwrap_or_default(),
            did: r.did.clone(),
            at: r.recorded_at,
        })
        .collect();
    wins.sort_by_key(|w| std::cmp::Reverse(w.at));
    wins
}

/// The owner's newest weekly reviews' answers (they marked them shareable).
pub(super) async fn shared_reviews<T: Transaction>(tx: &mut T) -> Result<Vec<SharedReview>, AppError> {
    let mut reviews: Vec<_> =
        tx.reviews().await?.into_iter().filter(|r| matches!(r.period, Period::Week { .. })).collect();
    reviews.sort_by_key(|r| std::cmp::Reverse(r.period.days().0));
    reviews.truncate(REVIEWS_SHOWN);
    Ok(reviews.into_iter().map(|r| SharedReview { week: r.period.to_string(), answers: r.answers }).collect())
}

/// A coach's analyses of the shared domain, by the owner's own use cases.
async fn coach_view<S: Store>(owner: &App<S>, domain: DomainId) -> Result<CoachView, AppError> {
    let domain = domain.to_string();
    Ok(CoachView {
        calibration: owner.calibration(Some(&domain), false).await?,
        attribution: owner.attribution(Some(&domain)).await?,
        audits: owner.audit_history(&domain).await?,
    })
}
