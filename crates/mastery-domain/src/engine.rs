//! The next-challenge engine: which rung to try next so that success stays in the zone of
//! effortful success (SCIENCE.md §3).
//!
//! **Why Elo.** People pick rungs freely, skip ahead and come back, so a staircase that assumes
//! the next trial is one step from the last (Levitt, Kaernbach) does not fit. The Elo-style
//! estimate (Pelánek 2016) learns from the difficulty *actually attempted*:
//! P(success at d) = σ(a·(θ − d)), and after outcome o (partial = ½), θ ← θ + K·(o − P). Choosing
//! the rung whose predicted success is closest to the target p* turns the update into a weighted
//! up-down rule (up K·(1 − p*) after a success, down K·p* after a failure), which is Kaernbach's
//! staircase with the step ratio p*/(1 − p*), so the long-run success rate settles at p* even when
//! the person's true curve is steeper or shallower than the model's (checked by simulation in the
//! tests below).
//!
//! On top of the estimate sit the product's rules: step back after consecutive failures, prefer
//! rungs not yet mastered, consolidate a mastered rung when nothing else is near the target, and
//! propose an intermediate rung when no rung is close.

use serde::Serialize;

use crate::ids::ChallengeId;

/// Difficulty units per logit of success odds: one rung step (1.0) changes the odds e-fold.
pub const SLOPE: f64 = 1.0;
/// The smallest Elo step; keeps the estimate following a person who improves.
const K_MIN: f64 = 0.3;
/// The first steps are larger, so a handful of attempts already places the estimate.
const K_START: f64 = 1.2;
/// A rung within this distance of the target success rate counts as "near the target".
pub const NEAR: f64 = 0.10;
/// The default target success rate; configurable between 0.70 and 0.90.
pub const DEFAULT_TARGET: f64 = 0.80;
/// The smallest gap, in difficulty, that makes an in-between rung worth adding.
const STEP_UP: f64 = 0.5;
/// How many of the latest trials the estimate uses. Older ones no longer move it (each step is
/// at least `K_MIN`), and the bound keeps a recommendation cheap with years of history.
pub const HISTORY: usize = 100;
/// Consecutive failures after which the engine steps back.
pub const STEP_BACK_AFTER: usize = 2;

/// A rung as the engine sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rung {
    pub id: ChallengeId,
    pub title: String,
    pub difficulty: f64,
    pub mastered: bool,
}

/// One recorded attempt, in time order: the difficulty tried and the outcome (0, ½ or 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trial {
    pub difficulty: f64,
    pub outcome: f64,
}

/// The estimated ability on a goal's difficulty scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ability {
    pub theta: f64,
    /// Trials it rests on.
    pub n: usize,
}

impl Ability {
    /// Runs the Elo update over `trials` (oldest first); `None` without any.
    pub fn estimate(trials: &[Trial]) -> Option<Ability> {
        let first = trials.first()?;
        // Start as if the first rung tried were comfortably within reach (P ≈ 0.73).
        let mut theta = first.difficulty + 1.0 / SLOPE;
        for (n, trial) in trials.iter().enumerate() {
            let k = (K_START / (1.0 + n as f64 / 5.0)).max(K_MIN);
            theta += k * (trial.outcome - success_probability(theta, trial.difficulty));
        }
        Some(Ability { theta, n: trials.len() })
    }

    /// Predicted success at `difficulty`.
    pub fn predict(&self, difficulty: f64) -> f64 {
        success_probability(self.theta, difficulty)
    }

    /// The difficulty at which success is predicted at `target`.
    pub fn difficulty_for(&self, target: f64) -> f64 {
        self.theta - logit(target) / SLOPE
    }
}

fn success_probability(theta: f64, difficulty: f64) -> f64 {
    1.0 / (1.0 + (-SLOPE * (theta - difficulty)).exp())
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// A rung the engine suggests adding between two existing ones.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRung {
    pub difficulty: f64,
    /// The rung it goes after (the hardest easier one); `None` when it goes first.
    pub after_challenge_id: Option<ChallengeId>,
}

/// What to try next, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub challenge_id: ChallengeId,
    pub title: String,
    pub difficulty: f64,
    /// The engine's estimate of success on it; `None` before any attempt.
    pub predicted_success: Option<f64>,
    pub reason: String,
    pub new_rung: Option<NewRung>,
}

/// Kaernbach's step ratio for a target: the down step after a failure over the up step after a
/// success, p / (1 − p). The Elo rule takes exactly these steps on a rung predicted at `target`.
pub fn step_ratio(target: f64) -> f64 {
    target / (1.0 - target)
}

/// Recommends the next rung of a ladder from the goal's trials (oldest first), aiming at `target`.
/// `None` when the ladder has no rungs.
pub fn recommend(rungs: &[Rung], trials: &[Trial], target: f64) -> Option<Recommendation> {
    let easiest = rungs.iter().min_by(|a, b| a.difficulty.total_cmp(&b.difficulty))?;
    let Some(ability) = Ability::estimate(trials) else {
        let first = rungs
            .iter()
            .filter(|r| !r.mastered)
            .min_by(|a, b| a.difficulty.total_cmp(&b.difficulty))
            .unwrap_or(easiest);
        return Some(Recommendation {
            challenge_id: first.id,
            title: first.title.clone(),
            difficulty: first.difficulty,
            predicted_success: None,
            reason: format!(
                "Start at the bottom of the ladder with '{}'. Your first results will tell the engine where the zone of effortful success is for you.",
                first.title
            ),
            new_rung: None,
        });
    };
    let percent = |p: f64| format!("{:.0}%", p * 100.0);
    let gap = |r: &Rung| (ability.predict(r.difficulty) - target).abs();
    let closest = |pool: &mut dyn Iterator<Item = &Rung>| pool.min_by(|a, b| gap(a).total_cmp(&gap(b))).cloned();

    let misses = trailing_failures(trials);
    let ceiling =
        (misses.len() >= STEP_BACK_AFTER).then(|| misses.iter().map(|t| t.difficulty).fold(f64::INFINITY, f64::min));
    // After three misses, go strictly below the failed rungs when the ladder allows it.
    let strictly_below =
        misses.len() > STEP_BACK_AFTER && rungs.iter().any(|r| ceiling.is_some_and(|c| r.difficulty < c));
    let allowed: Vec<&Rung> = rungs
        .iter()
        .filter(|r| match ceiling {
            Some(c) if strictly_below => r.difficulty < c,
            Some(c) => r.difficulty <= c,
            None => true,
        })
        .collect();

    let open = closest(&mut allowed.iter().copied().filter(|r| !r.mastered));
    let any = closest(&mut allowed.iter().copied());
    let ideal = ability.difficulty_for(target).clamp(1.0, ceiling.unwrap_or(10.0).min(10.0));
    // Two decimals, rounded down so the cap after misses still holds.
    let ideal = (ideal * 100.0).floor() / 100.0;
    let proposal = || NewRung {
        difficulty: ideal,
        after_challenge_id: rungs
            .iter()
            .filter(|r| r.difficulty < ideal)
            .max_by(|a, b| a.difficulty.total_cmp(&b.difficulty))
            .map(|r| r.id),
    };
    let (choice, new_rung) = match (open, any) {
        (Some(rung), _) if gap(&rung) <= NEAR => (rung, None),
        (_, Some(rung)) if gap(&rung) <= NEAR => {
            // Consolidating a mastered rung; when a step up fits between it and the next rung,
            // offer it too, so mastery does not turn into repetition.
            let room =
                ideal >= rung.difficulty + STEP_UP && !rungs.iter().any(|r| (r.difficulty - ideal).abs() < STEP_UP);
            (rung, (room && ceiling.is_none()).then(proposal))
        }
        _ => {
            // Meanwhile, the safer neighbour: the hardest allowed rung at or below the ideal.
            let safer = allowed
                .iter()
                .filter(|r| r.difficulty <= ideal)
                .max_by(|a, b| a.difficulty.total_cmp(&b.difficulty))
                .or_else(|| allowed.iter().min_by(|a, b| a.difficulty.total_cmp(&b.difficulty)))
                .map(|r| (*r).clone())
                .unwrap_or_else(|| easiest.clone());
            (safer, Some(proposal()))
        }
    };
    let consolidating = choice.mastered && gap(&choice) <= NEAR;
    let predicted = ability.predict(choice.difficulty);
    let reason = match (&new_rung, misses.len()) {
        (_, m) if m >= STEP_BACK_AFTER => format!(
            "After {m} misses in a row, step back to '{}' (about {} likely) and rebuild momentum before going higher; early misses piling up teach the wrong lesson.",
            choice.title,
            percent(predicted)
        ),
        (Some(new), _) if consolidating => format!(
            "'{}' is mastered and still the rung nearest your {} target (about {} likely): repeat it to consolidate, or take the next step up with an in-between challenge at difficulty {}, about {} likely.",
            choice.title,
            percent(target),
            percent(predicted),
            new.difficulty,
            percent(target)
        ),
        (Some(new), _) => format!(
            "No rung sits near your {} target, so the next step is a big jump. Try '{}' (about {} likely) and add an in-between challenge at difficulty {} that you would expect to manage about {} of the time.",
            percent(target),
            choice.title,
            percent(predicted),
            new.difficulty,
            percent(target)
        ),
        _ if choice.mastered => format!(
            "'{}' is already mastered, and it is still the rung nearest your {} target (about {} likely): repeat it to consolidate.",
            choice.title,
            percent(target),
            percent(predicted)
        ),
        _ => format!(
            "Your results so far predict about {} success on '{}', near your {} target: hard enough to stretch you, likely enough that effort pays off.",
            percent(predicted),
            choice.title,
            percent(target)
        ),
    };
    Some(Recommendation {
        challenge_id: choice.id,
        title: choice.title.clone(),
        difficulty: choice.difficulty,
        predicted_success: Some(predicted),
        reason,
        new_rung,
    })
}

/// The failures at the end of the history (partial successes break the run).
fn trailing_failures(trials: &[Trial]) -> &[Trial] {
    let start = trials.iter().rposition(|t| t.outcome > 0.0).map_or(0, |i| i + 1);
    &trials[start..]
}

#[cfg(test)]
mod tests;
