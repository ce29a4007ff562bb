//! The demo's simulation: a pure function of the seed and "now" that turns the script into three
//! months of attempts and check-ins, with a learner whose ability grows with practice and whose
//! forecasts, states and explanations behave as people's do.

use jiff::civil::{Date, Time, Weekday};
use jiff::{Timestamp, ToSpan, Zoned};
use mastery_domain::ValidationError;
use mastery_domain::attempt::{Cause, Outcome};
use mastery_domain::ladder::MASTERED_AFTER;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::script::{DOMAINS, DomainScript, HISTORY_DAYS, PENDING, STATE_BECAUSE, Texts, hm};
use crate::AppError;

/// Share of days with an evening check-in: people skip some.
const CHECKIN_RATE: f64 = 0.88;
/// Share of nights that are short.
const SHORT_NIGHT_RATE: f64 = 0.16;
/// Below this many hours a night counts as short, for outcomes and explanations.
pub(super) const SHORT_NIGHT_HOURS: f64 = 6.5;
/// A night after which energy is average and confidence is not dented.
const RESTED_HOURS: f64 = 7.0;

/// Success is logistic in (ability − difficulty): σ(SLOPE·gap + OFFSET). With ability equal to a
/// rung's difficulty the chance is 75%, inside the zone of effortful success.
const SLOPE: f64 = 1.2;
const OFFSET: f64 = 1.1;
/// Log-odds lost after a short night. Deliberately small: the point of the demo's state data is
/// that confidence reacts far more than results do.
const SHORT_NIGHT_COST: f64 = 0.15;

/// The chance of success at which the learner, like the app's recommendations, takes on a new
/// rung; below it they consolidate the rung beneath, so the ladder never outruns ability.
const READY_CHANCE: f64 = 0.6;

/// Attempts in a domain after which a newcomer's under-confidence and low-efficacy explanations
/// have faded to about a third.
const EXPERIENCE_SCALE: f64 = 20.0;
/// Forecast points below the real chance on a first attempt. It fades with experience; what
/// remains later comes from misreading state and mood (below).
const EARLY_UNDERCONFIDENCE: f64 = 32.0;
/// Forecast points lost per hour of sleep under [`RESTED_HOURS`], per stress point above 3, and after a
/// failure: the misreadings of state and mood as incapacity.
const TIREDNESS_POINTS: f64 = 10.0;
const STRESS_POINTS: f64 = 4.0;
const FAILURE_STING: f64 = 6.0;

/// Everything the demo writes about attempts and check-ins, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct History {
    /// Oldest first; the last few are only planned.
    pub(super) attempts: Vec<SimAttempt>,
    pub(super) checkins: Vec<SimCheckin>,
}

/// How the person was on one day. Check-ins and the state before attempts both come from it, so
/// the two agree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Day {
    pub(super) sleep_hours: f64,
    pub(super) energy: u8,
    pub(super) stress: u8,
    pub(super) mood: u8,
}

impl Day {
    fn short_night(&self) -> bool {
        self.sleep_hours < SHORT_NIGHT_HOURS
    }
}

/// The days of the history, indexed by how many days ago they were (today is 0).
pub(super) struct Days(Vec<Day>);

impl Days {
    fn ago(&self, days_ago: i64) -> Day {
        self.0[days_ago as usize]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct SimAttempt {
    pub(super) domain: usize,
    pub(super) rung: usize,
    pub(super) days_ago: i64,
    pub(super) confidence: u8,
    pub(super) state: ReportedState,
    pub(super) planned_at: Timestamp,
    pub(super) outcome: Option<SimOutcome>,
}

/// The state as entered before an attempt: all of it on most attempts, only sleep on some,
/// nothing on a few (people skip questions).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct ReportedState {
    pub(super) sleep_hours: Option<f64>,
    pub(super) energy: Option<u8>,
    pub(super) stress: Option<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct SimOutcome {
    pub(super) outcome: Outcome,
    pub(super) effort: u8,
    pub(super) did: Option<&'static str>,
    pub(super) because: Option<&'static str>,
    pub(super) cause: Option<Cause>,
    pub(super) lesson: Option<&'static str>,
    pub(super) minutes: i64,
    pub(super) recorded_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct SimCheckin {
    pub(super) at: Timestamp,
    pub(super) day: Day,
    pub(super) exercise_minutes: Option<u32>,
}

pub(super) fn simulate(seed: u64, now: &Zoned) -> Result<History, AppError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let days = simulate_days(&mut rng, now.date());
    let mut attempts = Vec::new();
    let mut learners = Vec::new();
    for (index, script) in DOMAINS.iter().enumerate() {
        let mut learner = Learner::new(index, script);
        for days_ago in practice_days(&mut rng, script, now.date()) {
            attempts.push(learner.session(&mut rng, days.ago(days_ago), days_ago, now)?);
        }
        learners.push(learner);
    }
    for &(domain, minutes_ago) in PENDING {
        let planned_at = now.timestamp().checked_sub(minutes_ago.minutes()).map_err(placement_error)?;
        let learner = &learners[domain];
        attempts.push(learner.plan(&mut rng, learner.next_rung(), days.ago(0), 0, planned_at));
    }
    attempts.sort_by_key(|a| a.planned_at);
    let checkins = simulate_checkins(&mut rng, &days, &attempts, now)?;
    Ok(History { attempts, checkins })
}

fn simulate_days(rng: &mut StdRng, today: Date) -> Days {
    Days((0..=HISTORY_DAYS).map(|ago| simulate_day(rng, today.saturating_sub(ago.days()).weekday())).collect())
}

fn simulate_day(rng: &mut StdRng, weekday: Weekday) -> Day {
    let sleep = if rng.random_bool(SHORT_NIGHT_RATE) { rng.random_range(4.5..6.2) } else { rng.random_range(6.6..8.6) };
    let sleep_hours = (sleep * 10.0_f64).round() / 10.0;
    // Work days are more stressful than Fridays and weekends.
    let usual_stress = if is_weekday(weekday) && weekday != Weekday::Friday { 3.0 } else { 2.0 };
    let stress = rating(usual_stress + rng.random_range(-1.4..1.4));
    let energy = rating(3.0 + (sleep_hours - RESTED_HOURS) * 0.9 + rng.random_range(-0.8..0.8));
    let mood = rating((f64::from(energy) + 6.0 - f64::from(stress)) / 2.0 + rng.random_range(-0.7..0.7));
    Day { sleep_hours, energy, stress, mood }
}

pub(super) fn is_weekday(day: Weekday) -> bool {
    !matches!(day, Weekday::Saturday | Weekday::Sunday)
}

/// A value rounded onto the 1–5 rating scale.
pub(super) fn rating(value: f64) -> u8 {
    value.round().clamp(1.0, 5.0) as u8
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// One of a table's entries; the tables are constants and never empty.
pub(super) fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The days (as days ago, oldest first) on which the person practised a domain.
fn practice_days(rng: &mut StdRng, script: &DomainScript, today: Date) -> Vec<i64> {
    let mut days: Vec<i64> = (1..=script.started_days_ago)
        .filter(|&ago| !script.weekdays_only || is_weekday(today.saturating_sub(ago.days()).weekday()))
        .collect();
    days.shuffle(rng);
    days.truncate(script.sessions);
    days.sort_unstable_by(|a, b| b.cmp(a));
    days
}

/// The instant at `minute` after midnight, `days_ago` days before `now`, in `now`'s time zone.
pub(super) fn local_instant(now: &Zoned, days_ago: i64, minute: i64) -> Result<Timestamp, AppError> {
    let midnight = now.date().saturating_sub(days_ago.days()).to_datetime(Time::midnight());
    let local = midnight.checked_add(minute.minutes()).map_err(placement_error)?;
    Ok(local.to_zoned(now.time_zone().clone()).map_err(placement_error)?.timestamp())
}

/// Only reachable with a "now" at the very edge of the calendar.
fn placement_error(error: jiff::Error) -> AppError {
    AppError::Invalid(ValidationError::Date { input: "the demo's history".to_owned(), why: error.to_string() })
}

/// One person learning one domain.
pub(super) struct Learner {
    pub(super) domain: usize,
    pub(super) script: &'static DomainScript,
    pub(super) ability: f64,
    pub(super) successes: Vec<u32>,
    pub(super) attempts: u32,
    pub(super) last_failed: bool,
}

impl Learner {
    fn new(domain: usize, script: &'static DomainScript) -> Self {
        Self {
            domain,
            script,
            ability: script.start_ability,
            successes: vec![0; script.rungs.len()],
            attempts: 0,
            last_failed: false,
        }
    }

    /// How new the person still is to the domain: 1 before the first attempt, fading towards 0.
    fn inexperience(&self) -> f64 {
        (-f64::from(self.attempts) / EXPERIENCE_SCALE).exp()
    }

    /// The lowest rung not yet mastered; or the one below it straight after a failure, or while
    /// the new rung is still too big a step, so that failures do not pile up.
    fn next_rung(&self) -> usize {
        let top = self.successes.len().saturating_sub(1);
        let frontier = self.successes.iter().position(|&s| s < MASTERED_AFTER).unwrap_or(top);
        let too_big_a_step = logistic(self.log_odds(frontier)) < READY_CHANCE;
        if self.last_failed || too_big_a_step { frontier.saturating_sub(1) } else { frontier }
    }

    fn log_odds(&self, rung: usize) -> f64 {
        SLOPE * (self.ability - self.script.rungs[rung].difficulty) + OFFSET
    }

    /// A whole session on a practice day: forecast, attempt, outcome.
    fn session(&mut self, rng: &mut StdRng, day: Day, days_ago: i64, now: &Zoned) -> Result<SimAttempt, AppError> {
        let (from, to) = pick(rng, self.script.windows);
        let planned_at = local_instant(now, days_ago, rng.random_range(from..=to))?;
        let mut attempt = self.plan(rng, self.next_rung(), day, days_ago, planned_at);
        attempt.outcome = Some(self.attempt(rng, attempt.rung, day, planned_at)?);
        Ok(attempt)
    }

    fn plan(&self, rng: &mut StdRng, rung: usize, day: Day, days_ago: i64, planned_at: Timestamp) -> SimAttempt {
        let felt_stress = (day.stress + self.script.nerves).min(5);
        SimAttempt {
            domain: self.domain,
            rung,
            days_ago,
            confidence: self.forecast(rng, rung, day, felt_stress),
            state: report_state(rng, day, felt_stress),
            planned_at,
            outcome: None,
        }
    }

    /// The real chance of success, lowered by the newcomer's under-confidence, by reading a short
    /// night or a stressful day as incapacity and by the sting of the last failure, plus noise;
    /// in steps of ten, as the scale asks.
    fn forecast(&self, rng: &mut StdRng, rung: usize, day: Day, felt_stress: u8) -> u8 {
        let underconfidence = EARLY_UNDERCONFIDENCE * self.inexperience();
        let tiredness = (RESTED_HOURS - day.sleep_hours).max(0.0) * TIREDNESS_POINTS;
        let stress = f64::from(felt_stress.saturating_sub(3)) * STRESS_POINTS;
        let sting = if self.last_failed { FAILURE_STING } else { 0.0 };
        let points = 100.0 * logistic(self.log_odds(rung)) - underconfidence - tiredness - stress - sting
            + rng.random_range(-8.0..8.0);
        ((points / 10.0).round().clamp(0.0, 10.0) * 10.0) as u8
    }

    /// Makes the attempt, learns from it and writes down what happened.
    fn attempt(
        &mut self,
        rng: &mut StdRng,
        rung: usize,
        day: Day,
        planned_at: Timestamp,
    ) -> Result<SimOutcome, AppError> {
        // Harder rungs, relative to ability, take more effort.
        let gap = self.script.rungs[rung].difficulty - self.ability;
        let effort = rating(3.0 + 0.6 * gap + rng.random_range(-0.9..0.9));
        let night = if day.short_night() { SHORT_NIGHT_COST } else { 0.0 };
        let chance = logistic(self.log_odds(rung) - night);
        let outcome = draw_outcome(rng, chance);
        let (cause, because) = explain(rng, &self.script.texts, outcome, self.inexperience(), day.short_night());
        let lesson_rate = if outcome == Outcome::Success { 0.1 } else { 0.35 };
        let (shortest, longest) = self.script.session_minutes;
        let minutes = rng.random_range(shortest..=longest);
        let simulated = SimOutcome {
            outcome,
            effort,
            did: rng.random_bool(0.85).then(|| pick(rng, self.script.texts.did)),
            because,
            cause,
            lesson: rng.random_bool(lesson_rate).then(|| pick(rng, self.script.texts.lessons)),
            minutes,
            recorded_at: planned_at.checked_add(minutes.minutes()).map_err(placement_error)?,
        };
        self.learn(rung, outcome, effort);
        Ok(simulated)
    }

    /// Practice builds ability whatever the outcome; more effort builds more.
    fn learn(&mut self, rung: usize, outcome: Outcome, effort: u8) {
        self.ability += self.script.learning_rate * (0.7 + 0.1 * f64::from(effort));
        self.attempts += 1;
        if outcome == Outcome::Success {
            self.successes[rung] += 1;
        }
        self.last_failed = outcome == Outcome::Failure;
    }
}

fn report_state(rng: &mut StdRng, day: Day, felt_stress: u8) -> ReportedState {
    match rng.random_range(0..20) {
        0 => ReportedState::default(),
        1 | 2 => ReportedState { sleep_hours: Some(day.sleep_hours), ..ReportedState::default() },
        _ => ReportedState { sleep_hours: Some(day.sleep_hours), energy: Some(day.energy), stress: Some(felt_stress) },
    }
}

/// Success with `chance`; otherwise a near miss (partial) a little under half the time.
fn draw_outcome(rng: &mut StdRng, chance: f64) -> Outcome {
    if rng.random_bool(chance.clamp(0.0, 1.0)) {
        Outcome::Success
    } else if rng.random_bool(0.45) {
        Outcome::Partial
    } else {
        Outcome::Failure
    }
}

/// Why the person thinks it went that way, if they say. Newcomers credit successes to luck and
/// blame failures on fixed ability; both habits fade with experience. A short night is the easy
/// explanation for a setback. Some people explain without classifying the cause.
fn explain(
    rng: &mut StdRng,
    texts: &Texts,
    outcome: Outcome,
    inexperience: f64,
    short_night: bool,
) -> (Option<Cause>, Option<&'static str>) {
    if !rng.random_bool(0.8) {
        return (None, None);
    }
    let (cause, because) = match outcome {
        Outcome::Success if rng.random_bool(0.04 + 0.4 * inexperience) => (Cause::Luck, pick(rng, texts.luck)),
        Outcome::Success => pick(rng, texts.credit),
        Outcome::Failure if rng.random_bool(0.03 + 0.5 * inexperience) => (Cause::Ability, pick(rng, texts.no_ability)),
        _ if short_night && rng.random_bool(0.5) => (Cause::State, pick(rng, STATE_BECAUSE)),
        _ => pick(rng, texts.setback),
    };
    (rng.random_bool(0.9).then_some(cause), Some(because))
}

/// Evening check-ins on most days, with the day's sleep, stress, energy and mood, and exercise:
/// the day's runs, a walk or nothing.
fn simulate_checkins(
    rng: &mut StdRng,
    days: &Days,
    attempts: &[SimAttempt],
    now: &Zoned,
) -> Result<Vec<SimCheckin>, AppError> {
    let mut checkins = Vec::new();
    for days_ago in (1..=HISTORY_DAYS).rev() {
        if !rng.random_bool(CHECKIN_RATE) {
            continue;
        }
        let exercised: i64 = attempts
            .iter()
            .filter(|a| a.days_ago == days_ago && DOMAINS[a.domain].exercise)
            .filter_map(|a| a.outcome.as_ref().map(|o| o.minutes))
            .sum();
        let exercise_minutes = if exercised > 0 {
            u32::try_from(exercised).ok()
        } else if rng.random_bool(0.4) {
            Some(rng.random_range(20..=60))
        } else {
            rng.random_bool(0.7).then_some(0)
        };
        let at = local_instant(now, days_ago, rng.random_range(hm(21, 0)..=hm(22, 45)))?;
        checkins.push(SimCheckin { at, day: days.ago(days_ago), exercise_minutes });
    }
    Ok(checkins)
}
