//! The next-challenge engine: which rung to try next so that success stays in the zone of
//! effortful success, and how likely success is on each rung (docs/design/SCIENCE.md §3 has the
//! formulas, the vectors and the calibration tables).
//!
//! **Why a Bayesian estimate of ability and of improvement.** People pick rungs freely, skip
//! ahead and come back, so a staircase that assumes the next trial is one step from the last
//! (Levitt, Kaernbach) does not fit; an estimate that learns from the difficulty *actually
//! attempted* does (Pelánek 2016). The Elo estimate used before was a single number, as sure
//! after three attempts as after three hundred, and it lagged behind anyone who improves: it read
//! 21% on a rung just above one passed six times out of seven, and under-predicted simulated
//! learners by five points. So the engine now fits, to the goal's latest attempts,
//!
//! - ability θ at the latest attempt and improvement β per attempt (a learning trend), with
//!   priors on the ability before the first attempt (one unit above the first rung tried: people
//!   start on a rung they expect to manage more often than not) and on the trend (a rung in about
//!   thirty attempts, loosely);
//! - older attempts discounted by δ per attempt (West & Harrison), so a curve that levels off is
//!   followed rather than extrapolated for ever;
//! - the posterior's mode by Newton's method and its curvature there (a Laplace approximation).
//!
//! The chance shown for a rung averages the success curve σ(a(θ − d)) over that belief (MacKay's
//! probit approximation): with few attempts it stays modest instead of extreme, and an 80% range
//! for the person's own chance travels with it; while that range is wide, the screens say "too
//! few attempts to say". The person's own forecasts are not used: they are what calibration
//! scores, and newcomers under-predict themselves.
//!
//! Choosing the rung whose predicted chance is nearest the target p* keeps the long-run success
//! rate at p*: one more trial moves the estimate up about a·v·(1 − p*) after a success and down
//! about a·v·p* after a failure, Kaernbach's weighted up-down. The tests simulate learners with
//! differing curves and improvement over time and check both that rate and the calibration of the
//! predictions shown (expected calibration error).
//!
//! On top of the estimate sit the rules of mastery: never step below a rung passed in the latest
//! two attempts unless a failure came after it, never propose an in-between rung below the highest
//! rung recently passed, move up after a run of successes longer than the target makes likely,
//! step back after consecutive failures, prefer rungs not yet mastered,
//! consolidate a mastered rung when nothing else is near the target, and propose an in-between
//! rung when no rung is close.

use serde::Serialize;

use crate::ids::ChallengeId;

/// Difficulty units per logit of success odds: one rung step (1.0) changes the odds e-fold.
pub const SLOPE: f64 = 1.0;
/// How sure the prior is of ability, in difficulty units (one standard deviation).
const PRIOR_SD: f64 = 1.5;
/// Where the prior puts ability above the first rung tried, in difficulty units.
const PRIOR_MARGIN: f64 = 1.0;
/// The discount δ: each attempt counts this much less than the one after it, so the estimate
/// follows a learning curve that levels off (an effective memory of about 1/(1 − δ) attempts).
const MEMORY: f64 = 0.97;
/// The improvement per attempt expected before any evidence, in difficulty units (β₀): a rung
/// in about thirty attempts.
const TREND: f64 = 0.03;
/// How sure that expectation is (s_β): anything from slipping to a rung every few attempts.
const TREND_SD: f64 = 0.2;
/// Newton steps to the posterior's mode; a handful suffice, the cap guards against a flat start.
const NEWTON_STEPS: usize = 30;
/// The largest Newton step, in difficulty units.
const MAX_STEP: f64 = 2.0;
/// z of the range shown with a prediction: an 80% credible interval.
const RANGE_Z: f64 = 1.281_551_565_544_6;
/// A range wider than this says too little for a single number to be quoted.
const WIDEST_QUOTED: f64 = 0.5;
/// A rung within this distance of the target success rate counts as "near the target".
const NEAR: f64 = 0.10;
/// The default target success rate; configurable between 0.70 and 0.90.
pub const DEFAULT_TARGET: f64 = 0.80;
/// The smallest gap, in difficulty, that makes an in-between rung worth adding.
const STEP_UP: f64 = 0.5;
/// How many of the latest trials the estimate uses. The discount makes older ones count for little
/// (the 100th weighs under 5% of the latest), and the bound keeps a recommendation cheap with
/// years of history.
pub const HISTORY: usize = 100;
/// Consecutive failures after which the engine steps back.
pub const STEP_BACK_AFTER: usize = 2;
/// A rung succeeded at in this many latest attempts, with no failure after, is held: the engine
/// does not send the person below it.
const HELD_WITHIN: usize = 2;
/// An in-between rung is never proposed below the hardest rung passed in this many latest attempts.
const PASSED_WITHIN: usize = 5;

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

/// The belief about a person's ability on a goal's difficulty scale at the next attempt, and the
/// improvement per attempt it reckons with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ability {
    /// Ability at the next attempt, θ + β.
    pub mean: f64,
    /// Its variance as the evidence leaves it; one more attempt's discount widens it by 1/δ.
    pub variance: f64,
    /// Estimated improvement per attempt, in difficulty units.
    pub trend: f64,
    /// Trials it rests on.
    pub n: usize,
}

/// A predicted chance of success with the range it could well be in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Prediction {
    /// The chance of success averaged over what is known of the person's ability: the number to
    /// compare with outcomes (calibrated).
    pub chance: f64,
    /// An 80% credible interval for the person's own chance on the rung.
    pub low: f64,
    pub high: f64,
}

/// A probability as it is shown and stored: to four decimals.
pub fn round_probability(p: f64) -> f64 {
    (p * 10_000.0).round() / 10_000.0
}

impl Prediction {
    /// The prediction as it is shown and stored: each probability to four decimals.
    pub fn rounded(self) -> Prediction {
        Prediction {
            chance: round_probability(self.chance),
            low: round_probability(self.low),
            high: round_probability(self.high),
        }
    }

    /// Whether the range is narrow enough for a single number to mean something.
    pub fn is_informative(&self) -> bool {
        self.high - self.low <= WIDEST_QUOTED
    }

    /// The prediction in words: "about 80% likely (65–90%)", or, while the range is wide, "too
    /// few attempts to say how likely (30–95%)".
    pub fn phrase(&self) -> String {
        if self.is_informative() {
            format!("about {:.0}% likely ({})", self.chance * 100.0, self.range())
        } else {
            format!("too few attempts to say how likely ({})", self.range())
        }
    }

    /// The prediction for a table cell: "80% (65–90%)", or "too few to say (30–95%)".
    pub fn brief(&self) -> String {
        if self.is_informative() {
            format!("{:.0}% ({})", self.chance * 100.0, self.range())
        } else {
            format!("too few to say ({})", self.range())
        }
    }

    fn range(&self) -> String {
        format!("{:.0}–{:.0}%", self.low * 100.0, self.high * 100.0)
    }
}

impl Ability {
    /// The belief given `trials` (oldest first), `None` without any: the mode of the posterior
    /// over (θ, β), ability at the latest trial and improvement per attempt, and the curvature
    /// there (a Laplace approximation). Ability k attempts before the latest was θ − βk.
    ///
    /// Log-posterior, with the latest trial weighted 1 and each older one δ times its successor:
    /// Σ wᵢ [oᵢ ln pᵢ + (1 − oᵢ) ln(1 − pᵢ)] with pᵢ = σ(a(θ − βkᵢ − dᵢ)), minus the priors
    /// w₀ (θ − βn − μ₀)² / (2 s₀²) on the ability before the first trial and (β − β₀)² / (2 s_β²)
    /// on the trend. It is concave; Newton's method with capped steps finds the mode.
    pub fn estimate(trials: &[Trial]) -> Option<Ability> {
        let first = trials.first()?;
        let n = trials.len();
        let prior_mean = first.difficulty + PRIOR_MARGIN;
        let prior_precision = MEMORY.powi(n as i32) / (PRIOR_SD * PRIOR_SD);
        let trend_precision = 1.0 / (TREND_SD * TREND_SD);
        let before_first = n as f64;
        let (mut theta, mut beta) = (prior_mean + TREND * before_first, TREND);
        let mut curvature = [[0.0; 2]; 2];
        for _ in 0..NEWTON_STEPS {
            let start_gap = theta - beta * before_first - prior_mean;
            let mut gradient = [
                -prior_precision * start_gap,
                before_first * prior_precision * start_gap - trend_precision * (beta - TREND),
            ];
            curvature = [
                [prior_precision, -before_first * prior_precision],
                [-before_first * prior_precision, before_first * before_first * prior_precision + trend_precision],
            ];
            let mut weight = 1.0;
            for (age, trial) in trials.iter().rev().enumerate() {
                let age = age as f64;
                let p = logistic(SLOPE * (theta - beta * age - trial.difficulty));
                let (residual, information) =
                    (weight * SLOPE * (trial.outcome - p), weight * SLOPE * SLOPE * p * (1.0 - p));
                gradient[0] += residual;
                gradient[1] -= age * residual;
                curvature[0][0] += information;
                curvature[0][1] -= age * information;
                curvature[1][1] += age * age * information;
                weight *= MEMORY;
            }
            curvature[1][0] = curvature[0][1];
            let det = curvature[0][0] * curvature[1][1] - curvature[0][1] * curvature[0][1];
            let step = [
                (curvature[1][1] * gradient[0] - curvature[0][1] * gradient[1]) / det,
                (curvature[0][0] * gradient[1] - curvature[0][1] * gradient[0]) / det,
            ];
            let scale = (MAX_STEP / step[0].abs().max(step[1].abs())).min(1.0);
            theta += scale * step[0];
            beta += scale * step[1];
            if step[0].abs().max(step[1].abs()) < 1e-9 {
                break;
            }
        }
        // The next attempt is one step after the latest: ability θ + β, whose variance is the sum
        // of the inverse curvature's entries, (H_ββ − 2H_θβ + H_θθ) / det H.
        let det = curvature[0][0] * curvature[1][1] - curvature[0][1] * curvature[0][1];
        let variance = (curvature[1][1] - 2.0 * curvature[0][1] + curvature[0][0]) / det;
        Some(Ability { mean: theta + beta, variance, trend: beta, n })
    }

    /// The variance at the next attempt: the belief loses precision by δ per attempt, as it does
    /// between past ones.
    fn next_variance(&self) -> f64 {
        self.variance / MEMORY
    }

    /// How much the uncertainty flattens the success curve (1 when ability is known exactly).
    fn spread(&self) -> f64 {
        (1.0 + std::f64::consts::PI * SLOPE * SLOPE * self.next_variance() / 8.0).sqrt()
    }

    /// The chance of success at `difficulty` on the next attempt.
    fn chance(&self, difficulty: f64) -> f64 {
        logistic(SLOPE * (self.mean - difficulty) / self.spread())
    }

    /// The prediction for the next attempt at `difficulty`.
    pub fn predict(&self, difficulty: f64) -> Prediction {
        let margin = RANGE_Z * self.next_variance().sqrt();
        let chance = self.chance(difficulty);
        // Far in a tail the averaged chance can fall just outside the interval (the average of a
        // curve is not the curve at the average); widening it keeps "70% (75–90%)" off the screen.
        Prediction {
            chance,
            low: logistic(SLOPE * (self.mean - margin - difficulty)).min(chance),
            high: logistic(SLOPE * (self.mean + margin - difficulty)).max(chance),
        }
    }

    /// The difficulty at which the predicted chance is `target`.
    pub fn difficulty_for(&self, target: f64) -> f64 {
        self.mean - logit(target) * self.spread() / SLOPE
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
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
    /// The engine's prediction for it; `None` before any attempt.
    pub prediction: Option<Prediction>,
    pub reason: String,
    pub new_rung: Option<NewRung>,
}

/// Kaernbach's step ratio for a target: the down step after a failure over the up step after a
/// success, p / (1 − p). The estimate takes exactly these steps on a rung predicted at `target`.
pub fn step_ratio(target: f64) -> f64 {
    target / (1.0 - target)
}

/// How the latest attempts bound the next one.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bounds {
    /// The hardest rung held: succeeded at within the latest [`HELD_WITHIN`] attempts, with no
    /// failure after it. The engine recommends nothing easier.
    floor: Option<f64>,
    /// The hardest rung passed within the latest [`PASSED_WITHIN`] attempts: an in-between rung
    /// goes above it.
    passed: Option<f64>,
    /// Failures at the end of the history.
    misses: usize,
    /// After [`STEP_BACK_AFTER`] misses, the easiest rung missed: nothing harder is recommended.
    ceiling: Option<f64>,
    /// The held rung was passed [`successes_to_move_up`] times in a row and is predicted at or
    /// above the target: the next step is above it.
    outgrown: bool,
}

/// Successes in a row on one rung, predicted at or above the target, after which the engine
/// moves up whatever else the estimate says: one more than Levitt's n-up rule for the target
/// needs, so that such a run is longer than the target makes likely (3 at 0.70, 5 at 0.80, 8 at
/// 0.90; their Levitt rates 0.79, 0.87, 0.92). Successes far below a person's ability carry
/// little information, so without this an estimate fed only successes on an easy rung can stay
/// unsure and keep them there.
fn successes_to_move_up(target: f64) -> usize {
    (0.5f64.ln() / target.ln()).ceil().max(1.0) as usize + 1
}

impl Bounds {
    fn of(trials: &[Trial], ability: &Ability, target: f64) -> Bounds {
        let hardest_success =
            |latest: &[Trial]| latest.iter().filter(|t| t.outcome >= 1.0).map(|t| t.difficulty).max_by(f64::total_cmp);
        let held = &trials[trials.len().saturating_sub(HELD_WITHIN)..];
        let unfailed = held.iter().rposition(|t| t.outcome <= 0.0).map_or(0, |i| i + 1);
        let misses = trailing_failures(trials);
        let floor = hardest_success(&held[unfailed..]);
        let run = trials.iter().rev().take_while(|t| t.outcome >= 1.0 && Some(t.difficulty) == floor).count();
        Bounds {
            floor,
            passed: hardest_success(&trials[trials.len().saturating_sub(PASSED_WITHIN)..]),
            misses: misses.len(),
            ceiling: (misses.len() >= STEP_BACK_AFTER)
                .then(|| misses.iter().map(|t| t.difficulty).fold(f64::INFINITY, f64::min)),
            outgrown: run >= successes_to_move_up(target) && floor.is_some_and(|f| ability.predict(f).chance >= target),
        }
    }

    /// The rungs the next attempt may be on. After more than [`STEP_BACK_AFTER`] misses, strictly
    /// below the easiest one missed when the ladder has such a rung; once the held rung is
    /// outgrown, strictly above it when there is such a rung. Should the bounds rule out
    /// every rung, the one nearest them: the easiest below a ceiling, the hardest under a floor
    /// (a ladder edited under its history).
    fn allowed<'a>(&self, rungs: &'a [Rung]) -> Vec<&'a Rung> {
        let strictly_below =
            self.misses > STEP_BACK_AFTER && rungs.iter().any(|r| self.ceiling.is_some_and(|c| r.difficulty < c));
        let strictly_above = self.outgrown && rungs.iter().any(|r| self.floor.is_some_and(|f| r.difficulty > f));
        let admits = |r: &&Rung| {
            self.floor.is_none_or(|f| if strictly_above { r.difficulty > f } else { r.difficulty >= f })
                && match self.ceiling {
                    Some(c) if strictly_below => r.difficulty < c,
                    Some(c) => r.difficulty <= c,
                    None => true,
                }
        };
        let allowed: Vec<&Rung> = rungs.iter().filter(admits).collect();
        if !allowed.is_empty() {
            return allowed;
        }
        let nearest = if self.ceiling.is_some() {
            rungs.iter().min_by(by_difficulty)
        } else {
            rungs.iter().max_by(by_difficulty)
        };
        nearest.into_iter().collect()
    }

    /// Whether an in-between rung at `difficulty` would be a step up from what was passed, and
    /// not a near copy of a rung of the ladder.
    fn proposes(&self, difficulty: f64, rungs: &[Rung]) -> bool {
        self.passed.is_none_or(|p| difficulty >= p + STEP_UP)
            && !rungs.iter().any(|r| (r.difficulty - difficulty).abs() < STEP_UP)
    }
}

fn by_difficulty(a: &&Rung, b: &&Rung) -> std::cmp::Ordering {
    a.difficulty.total_cmp(&b.difficulty)
}

/// Recommends the next rung of a ladder from the goal's trials (oldest first), aiming at `target`.
/// `None` when the ladder has no rungs.
pub fn recommend(rungs: &[Rung], trials: &[Trial], target: f64) -> Option<Recommendation> {
    let easiest = rungs.iter().min_by(by_difficulty)?;
    let Some(ability) = Ability::estimate(trials) else {
        let first = rungs.iter().filter(|r| !r.mastered).min_by(by_difficulty).unwrap_or(easiest);
        return Some(Recommendation {
            challenge_id: first.id,
            title: first.title.clone(),
            difficulty: first.difficulty,
            prediction: None,
            reason: format!(
                "Start at the bottom of the ladder with '{}'. Your first results will tell the engine where the zone of effortful success is for you.",
                first.title
            ),
            new_rung: None,
        });
    };
    let percent = |p: f64| format!("{:.0}%", p * 100.0);
    let gap = |r: &Rung| (ability.predict(r.difficulty).chance - target).abs();
    let closest = |pool: &mut dyn Iterator<Item = &Rung>| pool.min_by(|a, b| gap(a).total_cmp(&gap(b))).cloned();

    let bounds = Bounds::of(trials, &ability, target);
    let allowed = bounds.allowed(rungs);
    let open = closest(&mut allowed.iter().copied().filter(|r| !r.mastered));
    let any = closest(&mut allowed.iter().copied());
    // Once the held rung is outgrown, the next step is at least a step above it.
    let lowest = match bounds.floor {
        Some(floor) if bounds.outgrown => floor + STEP_UP,
        _ => 1.0,
    };
    let ideal = ability.difficulty_for(target).max(lowest).clamp(1.0, bounds.ceiling.unwrap_or(10.0).min(10.0));
    // Two decimals, rounded down so the cap after misses still holds.
    let ideal = (ideal * 100.0).floor() / 100.0;
    let proposal = bounds.proposes(ideal, rungs).then(|| NewRung {
        difficulty: ideal,
        after_challenge_id: rungs.iter().filter(|r| r.difficulty < ideal).max_by(by_difficulty).map(|r| r.id),
    });
    let (choice, new_rung) = match (open, any) {
        (Some(rung), _) if gap(&rung) <= NEAR => (rung, None),
        (_, Some(rung)) if gap(&rung) <= NEAR => {
            // Consolidating a mastered rung; when a step up fits between it and the next rung,
            // offer it too, so mastery does not turn into repetition.
            let room = ideal >= rung.difficulty + STEP_UP;
            (rung, proposal.filter(|_| room && bounds.ceiling.is_none()))
        }
        _ => {
            // Meanwhile, the safer neighbour: the hardest allowed rung at or below the ideal.
            let safer = allowed
                .iter()
                .copied()
                .filter(|r| r.difficulty <= ideal)
                .max_by(by_difficulty)
                .or_else(|| allowed.iter().copied().min_by(by_difficulty))
                .unwrap_or(easiest)
                .clone();
            (safer, proposal)
        }
    };
    let near = gap(&choice) <= NEAR;
    let prediction = ability.predict(choice.difficulty);
    let likely = prediction.phrase();
    let reason = match &new_rung {
        _ if bounds.misses >= STEP_BACK_AFTER => format!(
            "After {} misses in a row, step back to '{}', {likely}, and rebuild momentum before going higher; early misses piling up teach the wrong lesson.",
            bounds.misses, choice.title,
        ),
        Some(new) if near => format!(
            "'{}' is mastered and still the rung nearest your {} target, {likely}: repeat it to consolidate, or take the next step up with an in-between challenge at difficulty {}, about {} likely.",
            choice.title,
            percent(target),
            new.difficulty,
            percent(target)
        ),
        Some(new) => format!(
            "No rung sits near your {} target, so the next step is a big jump. Try '{}', {likely}, and add an in-between challenge at difficulty {} that you would expect to manage about {} of the time.",
            percent(target),
            choice.title,
            new.difficulty,
            percent(target)
        ),
        None if near && choice.mastered => format!(
            "'{}' is already mastered, and it is still the rung nearest your {} target, {likely}: repeat it to consolidate.",
            choice.title,
            percent(target),
        ),
        None if near && !prediction.is_informative() => format!(
            "'{}' is the rung nearest your {} target so far; {likely}, and each result will narrow that.",
            choice.title,
            percent(target)
        ),
        None if near => format!(
            "Your results so far put '{}' near your {} target, {likely}: hard enough to stretch you, likely enough that effort pays off.",
            choice.title,
            percent(target)
        ),
        None if bounds.outgrown && bounds.floor.is_some_and(|f| choice.difficulty > f) => format!(
            "{} successes in a row: time to move up, to '{}', {likely}.",
            successes_to_move_up(target),
            choice.title
        ),
        None if bounds.floor == Some(choice.difficulty) => format!(
            "You just succeeded at '{}': stay with it, {likely}, rather than step back; the next step up comes as your results build.",
            choice.title
        ),
        None => format!(
            "No rung sits near your {} target without undoing what you just did; '{}', {likely}, is the nearest step.",
            percent(target),
            choice.title
        ),
    };
    Some(Recommendation {
        challenge_id: choice.id,
        title: choice.title.clone(),
        difficulty: choice.difficulty,
        prediction: Some(prediction),
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
mod simulation;
#[cfg(test)]
mod tests;
