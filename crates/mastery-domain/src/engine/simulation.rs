//! The engine tried on simulated people: learners whose curves differ in where they start, how
//! fast and how far they improve and how steep their success curve is, some of whom pick their
//! own rung now and then. Each follows the engine for [`ATTEMPTS`] attempts; the tests check the
//! realised success rate against the target and the calibration of the predictions the engine
//! showed for the attempted rung (what the app stores as the engine's forecast), after
//! [`WARM_UP`] attempts.

use super::*;
use crate::calibration::{Scores, Tally};
use crate::ids::ChallengeId;

/// Attempts each simulated person makes.
const ATTEMPTS: usize = 200;
/// Attempts before the scoring starts: the acceptance asks for calibration after 30.
const WARM_UP: usize = 30;
/// Runs per learner and target, each with its own seed.
const SEEDS: u64 = 4;
pub(super) const TARGETS: [f64; 3] = [0.70, 0.80, 0.90];

/// A small seeded generator, so every simulation is reproducible.
pub(super) struct Rng(pub u64);

impl Rng {
    pub fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A simulated person. After `t` attempts their ability is `start + gain·(1 − e^(−t/pace))`,
/// fast gains that level off as the power law of practice has it, and their chance on a rung of
/// difficulty d is σ(slope·(ability − d)).
#[derive(Debug, Clone, Copy)]
pub(super) struct Learner {
    pub name: &'static str,
    pub start: f64,
    pub gain: f64,
    pub pace: f64,
    pub slope: f64,
    /// Of the attempts that do not fully succeed, the share that are near misses (partials), as
    /// in the demo.
    pub near_misses: f64,
    /// The share of attempts on a neighbour of the recommended rung, chosen by the person.
    pub wanders: f64,
    pub ladder: &'static [f64],
}

const EVEN: [f64; 10] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
const GAPPED: [f64; 6] = [1.0, 2.0, 3.0, 6.0, 8.0, 10.0];

pub(super) const LEARNERS: [Learner; 6] = [
    Learner {
        name: "quick learner",
        start: 1.5,
        gain: 5.0,
        pace: 40.0,
        slope: 1.0,
        near_misses: 0.45,
        wanders: 0.0,
        ladder: &EVEN,
    },
    Learner {
        name: "slow and steady",
        start: 2.0,
        gain: 3.0,
        pace: 200.0,
        slope: 1.0,
        near_misses: 0.45,
        wanders: 0.0,
        ladder: &EVEN,
    },
    Learner {
        name: "steep curve",
        start: 3.0,
        gain: 3.0,
        pace: 80.0,
        slope: 2.5,
        near_misses: 0.0,
        wanders: 0.0,
        ladder: &EVEN,
    },
    Learner {
        name: "shallow curve",
        start: 5.0,
        gain: 3.0,
        pace: 100.0,
        slope: 0.6,
        near_misses: 0.45,
        wanders: 0.0,
        ladder: &EVEN,
    },
    Learner {
        name: "plateaued",
        start: 4.5,
        gain: 0.0,
        pace: 1.0,
        slope: 1.2,
        near_misses: 0.2,
        wanders: 0.0,
        ladder: &GAPPED,
    },
    Learner {
        name: "picks own rungs",
        start: 2.5,
        gain: 4.0,
        pace: 60.0,
        slope: 1.0,
        near_misses: 0.45,
        wanders: 0.3,
        ladder: &EVEN,
    },
];

impl Learner {
    fn ability(&self, attempts: usize) -> f64 {
        self.start + self.gain * (1.0 - (-(attempts as f64) / self.pace).exp())
    }

    fn outcome(&self, rng: &mut Rng, attempts: usize, difficulty: f64) -> f64 {
        let chance = 1.0 / (1.0 + (-self.slope * (self.ability(attempts) - difficulty)).exp());
        match rng.unit() {
            u if u < chance => 1.0,
            _ if rng.unit() < self.near_misses => 0.5,
            _ => 0.0,
        }
    }
}

/// What one run produced after the warm-up: outcomes, and the engine's forecasts against them.
#[derive(Default)]
pub(super) struct Scored {
    pub outcomes: f64,
    pub n: f64,
    pub forecasts: Tally,
    pub proposals: usize,
}

impl Scored {
    pub fn success_rate(&self) -> f64 {
        self.outcomes / self.n
    }

    fn merge(&mut self, other: &Scored) {
        self.outcomes += other.outcomes;
        self.n += other.n;
        self.forecasts.merge(&other.forecasts);
        self.proposals += other.proposals;
    }
}

fn rung(n: usize, difficulty: f64) -> Rung {
    Rung {
        id: ChallengeId::from_uuid(uuid::Uuid::from_u128(n as u128)),
        title: format!("rung {n}"),
        difficulty,
        mastered: false,
    }
}

/// `learner` follows the engine (adding every in-between rung it proposes, and trying it) for
/// [`ATTEMPTS`] attempts aiming at `target`.
pub(super) fn run(learner: &Learner, target: f64, seed: u64) -> Scored {
    let mut rng = Rng(seed);
    let mut rungs: Vec<Rung> = learner.ladder.iter().enumerate().map(|(i, &d)| rung(i, d)).collect();
    let mut successes = vec![0u32; rungs.len()];
    let mut trials: Vec<Trial> = Vec::new();
    let mut scored = Scored::default();
    for t in 0..ATTEMPTS {
        let window = &trials[trials.len().saturating_sub(HISTORY)..];
        let rec = recommend(&rungs, window, target).expect("a ladder");
        let mut index = match rec.new_rung {
            Some(new) => {
                scored.proposals += 1;
                rungs.push(rung(rungs.len(), new.difficulty));
                successes.push(0);
                rungs.len() - 1
            }
            None => rungs.iter().position(|r| r.id == rec.challenge_id).expect("a known rung"),
        };
        if rng.unit() < learner.wanders {
            index = neighbour(&rungs, index, rng.unit() < 0.5);
        }
        let difficulty = rungs[index].difficulty;
        let forecast = Ability::estimate(window).map(|a| a.predict(difficulty).chance);
        let outcome = learner.outcome(&mut rng, t, difficulty);
        trials.push(Trial { difficulty, outcome });
        successes[index] += u32::from(outcome >= 1.0);
        rungs[index].mastered = successes[index] >= crate::ladder::MASTERED_AFTER;
        if t >= WARM_UP {
            scored.outcomes += outcome;
            scored.n += 1.0;
            scored.forecasts.add(forecast.expect("a forecast after the warm-up"), outcome);
        }
    }
    scored
}

/// The rung next to `index` in difficulty, harder or easier (itself at either end).
fn neighbour(rungs: &[Rung], index: usize, harder: bool) -> usize {
    let mut order: Vec<usize> = (0..rungs.len()).collect();
    order.sort_by(|&a, &b| rungs[a].difficulty.total_cmp(&rungs[b].difficulty));
    let at = order.iter().position(|&i| i == index).expect("a rung of the ladder");
    let to = if harder { (at + 1).min(order.len() - 1) } else { at.saturating_sub(1) };
    order[to]
}

/// Every learner's runs at `target`, merged, and per learner.
pub(super) fn all_runs(target: f64) -> (Scored, Vec<(&'static str, Scored)>) {
    let mut pooled = Scored::default();
    let mut each = Vec::new();
    for (l, learner) in LEARNERS.iter().enumerate() {
        let mut mine = Scored::default();
        for seed in 0..SEEDS {
            mine.merge(&run(learner, target, 1 + seed * 7919 + l as u64 * 104_729 + (target * 100.0) as u64));
        }
        pooled.merge(&mine);
        each.push((learner.name, mine));
    }
    (pooled, each)
}

/// The reliability table of `scored`'s forecasts, as Markdown rows.
pub(super) fn reliability_table(scored: &Scored) -> String {
    let scores = Scores::of(&scored.forecasts).expect("forecasts");
    scores
        .bins
        .iter()
        .map(|b| format!("| {:.1} | {} | {:.3} | {:.3} |\n", b.forecast, b.n, b.mean_forecast, b.success_rate))
        .collect()
}

#[test]
fn learners_with_differing_curves_succeed_at_the_target_and_the_forecasts_are_calibrated() {
    let mut report = String::new();
    let mut everything = Scored::default();
    for target in TARGETS {
        let (pooled, each) = all_runs(target);
        let ece = Scores::of(&pooled.forecasts).expect("forecasts").ece;
        report += &format!("target {target}: realised {:.3}, ECE {ece:.3}\n", pooled.success_rate());
        for (name, scored) in &each {
            let ece = Scores::of(&scored.forecasts).expect("forecasts").ece;
            report += &format!("  {name}: realised {:.3}, ECE {ece:.3}\n", scored.success_rate());
        }
        everything.merge(&pooled);
    }
    report += &reliability_table(&everything);
    println!("{report}");
    for target in TARGETS {
        let (pooled, each) = all_runs(target);
        assert!((pooled.success_rate() - target).abs() <= 0.05, "target {target}\n{report}");
        for (name, scored) in &each {
            assert!((scored.success_rate() - target).abs() <= 0.05, "{name} at {target}\n{report}");
        }
        assert!(Scores::of(&pooled.forecasts).expect("forecasts").ece <= 0.05, "target {target}\n{report}");
    }
}
