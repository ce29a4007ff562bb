//! Insights on hand-built histories (exact values from mpmath) and, for acceptance, on 50
//! seeded generated histories per scenario: the misreading appears when only confidence depends
//! on sleep, no sleep insight appears when nothing does, and nothing is said below the thresholds.

use crate::Field;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use super::*;
use crate::attempt::{Attempt, Attribution, Cause};
use crate::fixtures::attempt;
use crate::measure::Rating;

/// The insights of whole attempts, through the facts a store hands the analyses.
fn insights(attempts: &[Attempt]) -> Vec<Insight> {
    super::insights(&attempts.iter().filter_map(Attempt::facts).collect::<Vec<_>>())
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a value");
    assert!((actual - expected).abs() < 1e-8, "{actual} vs {expected}");
}

fn outcome(success: bool) -> Outcome {
    if success { Outcome::Success } else { Outcome::Failure }
}

/// Ten attempts after short nights and ten after long ones: forecasts 26 points lower after
/// short nights, the same six successes in ten after both.
fn misread_sleep() -> Vec<Attempt> {
    let short = [40, 50, 40, 30, 50, 40, 60, 40, 30, 50];
    let rested = [70, 60, 70, 80, 60, 70, 60, 70, 80, 70];
    let results = [true, false, true, false, true, false, true, false, true, true];
    let mut attempts = Vec::new();
    for (i, ((&s, &r), &won)) in short.iter().zip(&rested).zip(&results).enumerate() {
        let day = |offset: usize| format!("2026-03-{:02}", 2 * i + offset + 1);
        attempts.push(attempt(&day(0), s).slept(5.5).with(outcome(won), Attribution::default()));
        attempts.push(attempt(&day(1), r).slept(8.0).with(outcome(won), Attribution::default()));
    }
    attempts
}

#[test]
fn a_misreading_is_reported_with_hand_computed_values() {
    let found = insights(&misread_sleep());
    assert_eq!(found.len(), 1, "{found:#?}");
    let insight = &found[0];
    assert_eq!((insight.kind, insight.state), (InsightKind::StateMisreading, Some(StateMeasure::Sleep)));
    assert_eq!((insight.n, insight.n_exposed, insight.n_reference), (20, Some(10), Some(10)));
    // Means 43 and 69; Welch's 1 − 0.05/7 interval computed with mpmath.
    close(insight.effect, -26.0);
    close(insight.ci_low, -37.6182067681);
    close(insight.ci_high, -14.3817932319);
    close(insight.outcome_effect, 0.0);
    close(insight.outcome_ci_low, -70.058714999);
    close(insight.outcome_ci_high, 70.058714999);
    assert!(insight.statement.starts_with("After nights under 7 hours your forecasts were 26 points lower"));
    assert!(insight.statement.contains("not proof of a cause"), "{}", insight.statement);
}

#[test]
fn results_that_fall_with_confidence_are_no_misreading() {
    let mut attempts = misread_sleep();
    for a in attempts.iter_mut().filter(|a| a.forecast.state.sleep_hours.is_some_and(|s| s.hours() < 7.0)) {
        a.record.as_mut().expect("recorded").outcome = Outcome::Failure;
    }
    let kinds: Vec<InsightKind> = insights(&attempts).iter().map(|i| i.kind).collect();
    assert_eq!(kinds, vec![InsightKind::StateConfidence, InsightKind::StateOutcome]);
}

#[test]
fn below_the_thresholds_nothing_is_said() {
    let mut attempts = misread_sleep();
    // Seven short nights, not eight.
    attempts.retain(|a| a.forecast.planned_on.day() % 2 == 0 || a.forecast.planned_on.day() < 7);
    assert_eq!(attempts.iter().filter(|a| a.forecast.state.sleep_hours.is_some_and(|s| s.hours() < 7.0)).count(), 3);
    assert!(insights(&attempts).is_empty());
    let mut few = misread_sleep();
    few.truncate(2 * MIN_GROUP - 1);
    assert!(insights(&few).is_empty(), "15 attempts are below every threshold");
    let unmeasured: Vec<Attempt> = misread_sleep()
        .into_iter()
        .map(|mut a| {
            a.forecast.state = State::default();
            a
        })
        .collect();
    assert!(insights(&unmeasured).is_empty(), "no state, no state insight");
}

#[test]
fn stress_and_energy_are_grouped_by_their_ratings() {
    let state = |stress: u8, energy: u8| State {
        sleep_hours: None,
        stress: Some(Rating::new(Field::Stress, stress).unwrap()),
        energy: Some(Rating::new(Field::Energy, energy).unwrap()),
    };
    assert_eq!(StateMeasure::Stress.strained(&state(4, 3)), Some(true));
    assert_eq!(StateMeasure::Stress.strained(&state(3, 3)), Some(false));
    assert_eq!(StateMeasure::Energy.strained(&state(3, 2)), Some(true));
    assert_eq!(StateMeasure::Energy.strained(&state(3, 3)), Some(false));
    assert_eq!(StateMeasure::Sleep.strained(&state(3, 3)), None);
}

#[test]
fn momentum_compares_forecasts_after_two_successes_with_after_two_without() {
    // One domain: blocks of two successes then a forecast of 80, two failures then 40 (the
    // forecast attempt's own outcome alternates and starts the next block's history).
    let mut attempts = Vec::new();
    let mut day = 0;
    let mut push = |confidence: u8, won: bool| {
        day += 1;
        let date = jiff::civil::date(2026, 1, 1).checked_add(jiff::Span::new().days(day)).unwrap();
        attempts.push(attempt(&date.to_string(), confidence).with(outcome(won), Attribution::default()));
    };
    for round in 0..10 {
        push(60, true);
        push(60, true);
        push(if round % 2 == 0 { 80 } else { 90 }, false);
        push(60, false);
        push(60, false);
        push(if round % 2 == 0 { 40 } else { 30 }, true);
    }
    let found = insights(&attempts);
    let momentum = found.iter().find(|i| i.kind == InsightKind::Momentum).expect("a momentum insight");
    // After two successes: the 80/90 forecasts (10) and each block's second success but the
    // first block's (9, at 60); a block's first success follows a failure and a success. After
    // two non-successes: the third failure of each block (10, at 60) and the 40/30 forecasts.
    assert_eq!((momentum.n_exposed, momentum.n_reference), (Some(19), Some(20)));
    let expected = (5.0 * 80.0 + 5.0 * 90.0 + 9.0 * 60.0) / 19.0 - (10.0 * 60.0 + 5.0 * 40.0 + 5.0 * 30.0) / 20.0;
    close(momentum.effect, expected);
    assert!(momentum.statement.starts_with("After two successes in a row your next forecast"));
    let other_domain = attempts.iter().map(|a| a.clone().in_domain(DomainId::from_uuid(Uuid::now_v7())));
    assert!(insights(&other_domain.collect::<Vec<_>>()).iter().all(|i| i.kind != InsightKind::Momentum));
}

// ---------------------------------------------------------------------------------------------
// Acceptance on generated histories.

/// How a generated person's confidence and results depend on a short night.
#[derive(Debug, Clone, Copy)]
struct Dependence {
    /// Forecast points lost after a short night.
    confidence_cost: f64,
    /// Success probability lost after a short night.
    success_cost: f64,
}

const HISTORIES: u64 = 50;
const ATTEMPTS: usize = 120;

/// `ATTEMPTS` recorded attempts over two domains: a quarter after short nights; stress and
/// energy random and unrelated to anything; forecasts around 60 (sd 15, in steps of 10);
/// success 70% of the time, partials among the rest.
fn generated(seed: u64, dependence: Dependence) -> Vec<Attempt> {
    let mut rng = StdRng::seed_from_u64(seed);
    let domains = [DomainId::from_uuid(Uuid::from_u128(1)), DomainId::from_uuid(Uuid::from_u128(2))];
    (0..ATTEMPTS)
        .map(|i| {
            let short = rng.random_bool(0.25);
            let sleep = if short { rng.random_range(4.5..6.9) } else { rng.random_range(7.0..9.0) };
            let noise = normal(&mut rng) * 15.0;
            let cost = if short { dependence.confidence_cost } else { 0.0 };
            let confidence = ((60.0 + noise - cost) / 10.0).round().clamp(0.0, 10.0) as u8 * 10;
            let chance = 0.7 - if short { dependence.success_cost } else { 0.0 };
            let result = if rng.random_bool(chance) {
                Outcome::Success
            } else if rng.random_bool(0.3) {
                Outcome::Partial
            } else {
                Outcome::Failure
            };
            let date = jiff::civil::date(2026, 1, 1).checked_add(jiff::Span::new().days(i as i64)).unwrap();
            let mut planned = attempt(&date.to_string(), confidence).slept(sleep).stressed(rng.random_range(1..=5));
            planned.forecast.state.energy = Some(Rating::new(Field::Energy, rng.random_range(1..=5)).unwrap());
            planned.in_domain(domains[i % 2]).with(result, Attribution::new(Some(Cause::Effort), None, None, None))
        })
        .collect()
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut StdRng) -> f64 {
    let (u, v): (f64, f64) = (rng.random_range(f64::EPSILON..1.0), rng.random());
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// How many of the seeded histories show an insight about sleep of one of `kinds`.
fn histories_with(dependence: Dependence, kinds: &[InsightKind]) -> u64 {
    (0..HISTORIES)
        .filter(|&seed| {
            insights(&generated(seed, dependence))
                .iter()
                .any(|i| i.state == Some(StateMeasure::Sleep) && kinds.contains(&i.kind))
        })
        .count() as u64
}

#[test]
fn the_misreading_appears_when_only_confidence_depends_on_sleep() {
    let dependence = Dependence { confidence_cost: 20.0, success_cost: 0.0 };
    let found = histories_with(dependence, &[InsightKind::StateMisreading]);
    println!("misreading found in {found} of {HISTORIES} histories");
    assert!(found * 100 >= HISTORIES * 90, "misreading found in only {found} of {HISTORIES}");
    let wrong = histories_with(dependence, &[InsightKind::StateOutcome]);
    assert!(wrong * 100 <= HISTORIES * 5, "a results insight in {wrong} of {HISTORIES}");
}

#[test]
fn no_sleep_insight_appears_when_nothing_depends_on_sleep() {
    let none = Dependence { confidence_cost: 0.0, success_cost: 0.0 };
    let all_kinds = [InsightKind::StateConfidence, InsightKind::StateOutcome, InsightKind::StateMisreading];
    let false_alarms = histories_with(none, &all_kinds);
    let any_alarm = (0..HISTORIES).filter(|&seed| !insights(&generated(seed, none)).is_empty()).count();
    println!("false alarms: {false_alarms} of {HISTORIES} about sleep; {any_alarm} with any insight at all");
    assert!(false_alarms * 100 <= HISTORIES * 5, "{false_alarms} false alarms in {HISTORIES} histories");
}

#[test]
fn results_that_depend_on_sleep_are_reported_as_such() {
    let both = Dependence { confidence_cost: 20.0, success_cost: 0.45 };
    let outcome = histories_with(both, &[InsightKind::StateOutcome]);
    let misread = histories_with(both, &[InsightKind::StateMisreading]);
    println!("results insight in {outcome} of {HISTORIES}; misreading in {misread}");
    assert!(outcome * 100 >= HISTORIES * 70, "results insight in only {outcome} of {HISTORIES}");
    assert!(misread * 100 <= HISTORIES * 5, "misreading in {misread} of {HISTORIES}");
}

#[test]
fn below_the_thresholds_generated_histories_give_no_insight() {
    let strong = Dependence { confidence_cost: 30.0, success_cost: 0.5 };
    for seed in 0..HISTORIES {
        let mut history = generated(seed, strong);
        history.truncate(MIN_TOTAL - 1);
        assert_eq!(insights(&history), vec![], "seed {seed}");
    }
}

#[test]
fn a_source_gap_is_an_insight_without_an_effect() {
    let gap = Gap { source: Source::Vicarious, statement: "No role model yet for running.".into(), experiences: 0 };
    let insight = Insight::from(gap);
    assert_eq!((insight.kind, insight.source, insight.n), (InsightKind::SourceGap, Some(Source::Vicarious), 0));
    assert_eq!(insight.statement, "No role model yet for running.");
    assert!(insight.effect.is_none() && insight.ci_low.is_none() && insight.state.is_none());
}

/// Each domain folded on its own and merged, or folded in part, kept as JSON and carried on,
/// gives the same comparisons (and so the same insights) as one fold over every attempt.
#[test]
fn folds_merge_and_carry_on_as_one_fold_over_every_attempt() {
    let dependence = Dependence { confidence_cost: 15.0, success_cost: 0.0 };
    let mut facts: Vec<RecordedFacts> = generated(3, dependence).iter().filter_map(Attempt::facts).collect();
    facts.sort_by_key(|a| (a.domain_id, a.planned_at, a.id));
    let mut whole = Comparisons::default();
    facts.iter().for_each(|a| whole.add(a));
    assert!(!whole.insights().is_empty(), "a history with something to say");

    let mut merged = Comparisons::default();
    for domain in [DomainId::from_uuid(Uuid::from_u128(1)), DomainId::from_uuid(Uuid::from_u128(2))] {
        let mine: Vec<&RecordedFacts> = facts.iter().filter(|a| a.domain_id == domain).collect();
        let (before, after) = mine.split_at(mine.len() / 3);
        let mut part = Comparisons::default();
        before.iter().for_each(|a| part.add(a));
        let kept = serde_json::to_string(&part).expect("a fold serialises");
        let mut carried: Comparisons = serde_json::from_str(&kept).expect("and reads back");
        assert_eq!(carried, part, "through JSON unchanged");
        after.iter().for_each(|a| carried.add(a));
        merged.merge(&carried);
    }
    assert_eq!(merged, whole);
    assert_eq!(merged.insights(), whole.insights());
}
