//! The engine, checked against SCIENCE.md's staircase numbers and by simulating learners who
//! follow its recommendations.

use proptest::prelude::*;
use uuid::Uuid;

use super::*;

fn rung(n: u128, difficulty: f64) -> Rung {
    Rung { id: ChallengeId::from_uuid(Uuid::from_u128(n)), title: format!("rung {n}"), difficulty, mastered: false }
}

fn ladder(difficulties: &[f64]) -> Vec<Rung> {
    difficulties.iter().enumerate().map(|(i, &d)| rung(i as u128 + 1, d)).collect()
}

/// A small seeded generator, so every simulation is reproducible.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A simulated person: true success σ(slope·(ability − d)), ability growing by `growth` per try.
#[derive(Clone, Copy)]
struct Learner {
    ability: f64,
    slope: f64,
    growth: f64,
}

struct Run {
    success_rate: f64,
    proposals: usize,
}

/// Follows the engine for `attempts` tries (adding every proposed rung and trying it), and
/// returns the success rate after a warm-up of 100.
fn simulate(mut rungs: Vec<Rung>, mut learner: Learner, target: f64, attempts: usize, seed: u64) -> Run {
    let mut rng = Rng(seed);
    let mut trials: Vec<Trial> = Vec::new();
    let mut successes: Vec<u32> = vec![0; rungs.len()];
    let (mut scored, mut total, mut proposals) = (0.0, 0.0, 0);
    for t in 0..attempts {
        let window = &trials[trials.len().saturating_sub(HISTORY)..];
        let rec = recommend(&rungs, window, target).expect("a ladder");
        let index = match rec.new_rung {
            Some(new) => {
                proposals += 1;
                rungs.push(rung(rungs.len() as u128 + 1, new.difficulty));
                successes.push(0);
                rungs.len() - 1
            }
            None => rungs.iter().position(|r| r.id == rec.challenge_id).expect("a known rung"),
        };
        let difficulty = rungs[index].difficulty;
        let p = 1.0 / (1.0 + (-learner.slope * (learner.ability - difficulty)).exp());
        let outcome = f64::from(u8::from(rng.unit() < p));
        trials.push(Trial { difficulty, outcome });
        successes[index] += outcome as u32;
        rungs[index].mastered = successes[index] >= 3;
        learner.ability += learner.growth;
        if t >= 100 {
            scored += outcome;
            total += 1.0;
        }
    }
    Run { success_rate: scored / total, proposals }
}

const EVEN: [f64; 8] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
const GAPPED: [f64; 6] = [1.0, 2.0, 3.0, 8.0, 9.0, 10.0];

fn check(name: &str, rungs: &[f64], learner: Learner) {
    for target in [0.70, 0.80, 0.90] {
        for seed in [1, 2, 3] {
            let run = simulate(ladder(rungs), learner, target, 2000, seed * 7919 + (target * 100.0) as u64);
            assert!(
                (run.success_rate - target).abs() <= 0.05,
                "{name}, target {target}, seed {seed}: long-run success {:.3}",
                run.success_rate
            );
        }
    }
}

#[test]
fn fixed_ability_settles_at_the_target() {
    check("fixed ability", &EVEN, Learner { ability: 4.5, slope: 1.0, growth: 0.0 });
}

#[test]
fn improving_ability_settles_at_the_target() {
    check("improving ability", &EVEN, Learner { ability: 2.0, slope: 1.0, growth: 0.002 });
}

#[test]
fn a_steep_curve_settles_at_the_target() {
    check("steep slope", &EVEN, Learner { ability: 4.5, slope: 3.0, growth: 0.0 });
}

#[test]
fn a_shallow_curve_settles_at_the_target() {
    // Able enough that 90% success exists on the ladder even with such a flat curve.
    check("shallow slope", &EVEN, Learner { ability: 7.0, slope: 0.4, growth: 0.0 });
}

#[test]
fn a_ladder_with_a_big_gap_gets_an_intermediate_rung() {
    let learner = Learner { ability: 5.5, slope: 1.0, growth: 0.0 };
    check("gapped ladder", &GAPPED, learner);
    let run = simulate(ladder(&GAPPED), learner, 0.8, 2000, 11);
    assert!(run.proposals > 0, "the engine never proposed an intermediate rung");

    // Right after the bottom rungs are mastered, the next step is a jump: a rung in between.
    let mut rungs = ladder(&GAPPED);
    for r in rungs.iter_mut().take(3) {
        r.mastered = true;
    }
    let trials = vec![Trial { difficulty: 3.0, outcome: 1.0 }; 20];
    let rec = recommend(&rungs, &trials, 0.8).unwrap();
    let new = rec.new_rung.expect("an intermediate rung");
    assert!(new.difficulty > 3.0 && new.difficulty < 8.0, "{new:?}");
    assert_eq!(new.after_challenge_id, Some(rungs[2].id));
    assert!(rec.reason.contains("in-between"), "{}", rec.reason);
}

#[test]
fn the_first_recommendation_is_the_first_rung() {
    let rungs = ladder(&[3.0, 1.0, 2.0]);
    let rec = recommend(&rungs, &[], 0.8).unwrap();
    assert_eq!(rec.difficulty, 1.0);
    assert_eq!(rec.predicted_success, None);
    assert!(recommend(&[], &[], 0.8).is_none());
}

#[test]
fn mastered_rungs_give_way_to_open_ones_near_the_target() {
    let mut rungs = ladder(&[2.0, 2.2]);
    rungs[0].mastered = true;
    let trials = vec![Trial { difficulty: 2.0, outcome: 1.0 }; 3];
    let rec = recommend(&rungs, &trials, 0.8).unwrap();
    assert_eq!(rec.difficulty, 2.2, "{}", rec.reason);
}

#[test]
fn elo_steps_are_kaernbachs_weighted_up_down() {
    // On a rung predicted at the target, a success moves θ up by K(1 − p*) and a failure down by
    // K·p*, so the step ratio is p*/(1 − p*): 4 at 0.80 and 5.6667 at 0.85 (SCIENCE.md §3).
    assert!((step_ratio(0.85) - 5.666_666_666_7).abs() < 1e-9);
    assert!((step_ratio(0.80) - 4.0).abs() < 1e-12);
    let settled: Vec<Trial> = (0..50).map(|_| Trial { difficulty: 5.0, outcome: 0.85 }).collect();
    let before = Ability::estimate(&settled).unwrap();
    let at = before.difficulty_for(0.85);
    let up = Ability::estimate(&[settled.clone(), vec![Trial { difficulty: at, outcome: 1.0 }]].concat()).unwrap();
    let down = Ability::estimate(&[settled, vec![Trial { difficulty: at, outcome: 0.0 }]].concat()).unwrap();
    let ratio = (before.theta - down.theta) / (up.theta - before.theta);
    assert!((ratio - step_ratio(0.85)).abs() < 1e-6, "{ratio}");
}

#[test]
fn partial_outcomes_count_half() {
    let full = Ability::estimate(&[Trial { difficulty: 3.0, outcome: 1.0 }]).unwrap();
    let half = Ability::estimate(&[Trial { difficulty: 3.0, outcome: 0.5 }]).unwrap();
    let none = Ability::estimate(&[Trial { difficulty: 3.0, outcome: 0.0 }]).unwrap();
    assert!(none.theta < half.theta && half.theta < full.theta);
}

proptest! {
    #[test]
    fn three_misses_never_lead_higher(
        difficulties in prop::collection::vec(1.0f64..=10.0, 1..10),
        earlier in prop::collection::vec((1.0f64..=10.0, prop::sample::select(vec![0.0, 0.5, 1.0])), 0..30),
        misses in prop::collection::vec(1.0f64..=10.0, 3..6),
        target in 0.7f64..=0.9,
    ) {
        let rungs = ladder(&difficulties);
        let mut trials: Vec<Trial> = earlier.iter().map(|&(difficulty, outcome)| Trial { difficulty, outcome }).collect();
        trials.extend(misses.iter().map(|&difficulty| Trial { difficulty, outcome: 0.0 }));
        let hardest_miss = misses.iter().copied().fold(f64::INFINITY, f64::min);
        let rec = recommend(&rungs, &trials, target).unwrap();
        let floor = difficulties.iter().copied().fold(f64::INFINITY, f64::min);
        // Never harder than the failed rung, unless the ladder has nothing at or below it.
        prop_assert!(rec.difficulty <= hardest_miss || rec.difficulty == floor, "{rec:?}");
        if let Some(new) = rec.new_rung {
            prop_assert!(new.difficulty <= hardest_miss.max(1.0), "{new:?}");
        }
    }
}

#[test]
fn consolidating_offers_a_step_up_when_one_fits() {
    let mut rungs = ladder(&[5.0, 8.0]);
    rungs[0].mastered = true;
    let mut offered = 0;
    for every in 5..=20 {
        // One miss in every `every` tries at difficulty 5: success rates from 80% to 95%.
        let trials: Vec<Trial> =
            (0..60).map(|i| Trial { difficulty: 5.0, outcome: f64::from(u8::from(i % every != 0)) }).collect();
        let rec = recommend(&rungs, &trials, 0.8).unwrap();
        if rec.difficulty == 5.0
            && rec.reason.contains("consolidate")
            && let Some(new) = rec.new_rung
        {
            offered += 1;
            assert!(new.difficulty >= 5.5 && new.difficulty < 7.5, "{new:?}");
            assert_eq!(new.after_challenge_id, Some(rungs[0].id));
            assert!(rec.reason.contains("step up"), "{}", rec.reason);
        }
    }
    assert!(offered > 0, "a step up between 5 and 8 was never offered");
}
