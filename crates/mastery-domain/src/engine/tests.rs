//! The engine's rules, pinned by the scenarios of issue 14 and a table of others, its estimate
//! pinned by vectors (SCIENCE.md §3), and properties over random histories. The simulated
//! learners are in `simulation.rs`.

use proptest::prelude::*;
use uuid::Uuid;

use super::simulation::{LEARNERS, run};
use super::*;

fn rung(n: u128, difficulty: f64) -> Rung {
    Rung { id: ChallengeId::from_uuid(Uuid::from_u128(n)), title: format!("rung {n}"), difficulty, mastered: false }
}

fn ladder(difficulties: &[f64]) -> Vec<Rung> {
    difficulties.iter().enumerate().map(|(i, &d)| rung(i as u128 + 1, d)).collect()
}

fn trials(history: &[(f64, f64)]) -> Vec<Trial> {
    history.iter().map(|&(difficulty, outcome)| Trial { difficulty, outcome }).collect()
}

const S: f64 = 1.0;
const P: f64 = 0.5;
const F: f64 = 0.0;

/// The ladder of issue 14's walkthrough, up to its goal rung.
const WALKTHROUGH: [f64; 5] = [1.0, 3.0, 6.0, 7.5, 10.0];
/// Its first scenario: a success on the easiest rung, then two in a row on the difficulty-3 one.
const PASSED_3_TWICE: &[(f64, f64)] = &[(1.0, S), (3.0, S), (3.0, S)];
/// Its second: a success at 1, three at 3, then six of seven at 6.
const SIX_OF_SEVEN: &[(f64, f64)] =
    &[(1.0, S), (3.0, S), (3.0, S), (3.0, S), (6.0, S), (6.0, S), (6.0, F), (6.0, S), (6.0, S), (6.0, S), (6.0, S)];

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 5e-4, "{actual} vs {expected}");
}

#[test]
fn two_successes_on_a_rung_are_not_undone() {
    // Issue 14: a success on the easiest rung, then two in a row on the difficulty-3 rung. The
    // old estimate sent the person back to difficulty 1 ("about 92% likely") and proposed 2.01.
    let rungs = ladder(&WALKTHROUGH);
    let history = trials(PASSED_3_TWICE);
    let rec = recommend(&rungs, &history, 0.8).unwrap();
    assert_eq!(rec.difficulty, 3.0, "{}", rec.reason);
    assert_eq!(rec.new_rung, None);
    // Three attempts say little: a range, not a confident number.
    let prediction = rec.prediction.unwrap();
    close(prediction.chance, 0.6851);
    close(prediction.low, 0.3592);
    close(prediction.high, 0.9264);
    assert_eq!(prediction.phrase(), "too few attempts to say how likely (36–93%)");
    assert_eq!(
        rec.reason,
        "You just succeeded at 'rung 2': stay with it, too few attempts to say how likely (36–93%), rather than step back; the next step up comes as your results build."
    );
}

#[test]
fn six_of_seven_at_a_rung_make_the_next_one_a_fair_chance() {
    // Issue 14: with 6 of 7 successes at difficulty 6, the rung at 7.5 read 21% and the goal 6%.
    let rungs = ladder(&WALKTHROUGH);
    let history = trials(SIX_OF_SEVEN);
    let ability = Ability::estimate(&history).unwrap();
    close(ability.mean, 8.2252);
    close(ability.variance, 1.5079);
    close(ability.trend, 0.2794);
    let next = ability.predict(7.5);
    close(next.chance, 0.6391);
    close(next.low, 0.2947);
    close(next.high, 0.9108);
    assert_eq!(next.phrase(), "too few attempts to say how likely (29–91%)");
    close(ability.predict(6.0).chance, 0.8524);
    close(ability.predict(10.0).chance, 0.1980);
    let rec = recommend(&rungs, &history, 0.8).unwrap();
    assert_eq!(rec.difficulty, 6.0, "{}", rec.reason);
    // One more success and the next rung, not yet mastered, is the one nearest the target, said
    // with its doubt.
    let mut rungs = rungs;
    rungs[1].mastered = true;
    rungs[2].mastered = true;
    let history = trials(&[SIX_OF_SEVEN, &[(6.0, S)]].concat());
    let rec = recommend(&rungs, &history, 0.8).unwrap();
    assert_eq!(rec.difficulty, 7.5, "{}", rec.reason);
    assert_eq!(
        rec.reason,
        "'rung 4' is the rung nearest your 80% target so far; too few attempts to say how likely (36–94%), and each result will narrow that."
    );
}

/// A history and where the next recommendation must land.
struct Scenario {
    name: &'static str,
    ladder: &'static [f64],
    mastered: &'static [usize],
    history: &'static [(f64, f64)],
    target: f64,
    /// The recommended rung's difficulty lies in this range.
    lowest: f64,
    highest: f64,
    /// An in-between rung, if proposed, lies above this.
    proposed_above: f64,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "issue 14: easiest, then 3 twice",
        ladder: &WALKTHROUGH,
        mastered: &[],
        history: PASSED_3_TWICE,
        target: 0.8,
        lowest: 3.0,
        highest: 3.0,
        proposed_above: 3.0,
    },
    Scenario {
        name: "issue 14, at a 70% target",
        ladder: &WALKTHROUGH,
        mastered: &[],
        history: PASSED_3_TWICE,
        target: 0.7,
        lowest: 3.0,
        highest: 6.0,
        proposed_above: 3.0,
    },
    Scenario {
        name: "issue 14, at a 90% target",
        ladder: &WALKTHROUGH,
        mastered: &[],
        history: PASSED_3_TWICE,
        target: 0.9,
        lowest: 3.0,
        highest: 3.0,
        proposed_above: 3.0,
    },
    Scenario {
        name: "the easiest rung mastered, 3 passed twice",
        ladder: &WALKTHROUGH,
        mastered: &[0],
        history: &[(1.0, S), (1.0, S), (1.0, S), (3.0, S), (3.0, S)],
        target: 0.8,
        lowest: 3.0,
        highest: 6.0,
        proposed_above: 3.0,
    },
    Scenario {
        name: "one success is held too",
        ladder: &WALKTHROUGH,
        mastered: &[],
        history: &[(1.0, S), (3.0, F), (3.0, S)],
        target: 0.9,
        lowest: 3.0,
        highest: 3.0,
        proposed_above: 3.0,
    },
    Scenario {
        name: "a partial after a success keeps it held",
        ladder: &WALKTHROUGH,
        mastered: &[],
        history: &[(1.0, S), (3.0, S), (3.0, P)],
        target: 0.8,
        lowest: 3.0,
        highest: 6.0,
        proposed_above: 3.0,
    },
    Scenario {
        name: "a success up the ladder after mastering low rungs",
        ladder: &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        mastered: &[0, 1, 2],
        history: &[(1.0, S), (1.0, S), (1.0, S), (2.0, S), (2.0, S), (2.0, S), (3.0, S), (3.0, S), (3.0, S), (5.0, S)],
        target: 0.8,
        lowest: 5.0,
        highest: 6.0,
        proposed_above: 5.0,
    },
    Scenario {
        name: "6 of 7 at difficulty 6",
        ladder: &WALKTHROUGH,
        mastered: &[0, 1, 2],
        history: SIX_OF_SEVEN,
        target: 0.8,
        lowest: 6.0,
        highest: 7.5,
        proposed_above: 6.0,
    },
    Scenario {
        name: "a long run of successes moves up",
        ladder: &WALKTHROUGH,
        mastered: &[0, 1, 2],
        history: &[
            (1.0, S),
            (3.0, S),
            (3.0, S),
            (3.0, S),
            (6.0, S),
            (6.0, S),
            (6.0, S),
            (6.0, S),
            (6.0, S),
            (6.0, S),
            (6.0, S),
            (6.0, S),
        ],
        target: 0.8,
        lowest: 6.0,
        highest: 7.5,
        proposed_above: 6.0,
    },
    Scenario {
        name: "a failure after a success lifts the hold, not the proposal floor",
        ladder: &WALKTHROUGH,
        mastered: &[],
        history: &[(1.0, S), (3.0, S), (3.0, S), (6.0, F)],
        target: 0.8,
        lowest: 1.0,
        highest: 6.0,
        proposed_above: 3.0,
    },
    Scenario {
        name: "two misses step back, never above the rung missed",
        ladder: &WALKTHROUGH,
        mastered: &[],
        history: &[(1.0, S), (3.0, S), (3.0, S), (6.0, F), (6.0, F)],
        target: 0.8,
        lowest: 1.0,
        highest: 6.0,
        proposed_above: 3.0,
    },
    Scenario {
        name: "three misses go strictly below",
        ladder: &WALKTHROUGH,
        mastered: &[],
        history: &[(1.0, S), (3.0, S), (6.0, F), (6.0, F), (6.0, F)],
        target: 0.8,
        lowest: 1.0,
        highest: 3.0,
        proposed_above: 3.0,
    },
];

#[test]
fn recommendations_respect_what_was_just_passed() {
    for s in SCENARIOS {
        let mut rungs = ladder(s.ladder);
        for &i in s.mastered {
            rungs[i].mastered = true;
        }
        let rec = recommend(&rungs, &trials(s.history), s.target).unwrap();
        assert!(
            (s.lowest..=s.highest).contains(&rec.difficulty),
            "{}: recommended {} ({})",
            s.name,
            rec.difficulty,
            rec.reason
        );
        if let Some(new) = rec.new_rung {
            assert!(new.difficulty > s.proposed_above, "{}: proposed {new:?} ({})", s.name, rec.reason);
        }
    }
}

#[test]
fn successes_move_up_the_ladder() {
    // Someone who succeeds at whatever is recommended (adding each in-between rung proposed)
    // never gets an easier recommendation and reaches the top.
    for target in [0.7, 0.8, 0.9] {
        let mut rungs = ladder(&WALKTHROUGH);
        let mut history = Vec::new();
        let mut last = 0.0;
        for _ in 0..100 {
            let rec = recommend(&rungs, &history, target).unwrap();
            let difficulty = rec.new_rung.map_or(rec.difficulty, |new| new.difficulty);
            assert!(difficulty >= last, "target {target}: down from {last} to {difficulty} ({})", rec.reason);
            if let Some(new) = rec.new_rung {
                rungs.push(rung(rungs.len() as u128 + 1, new.difficulty));
            }
            history.push(Trial { difficulty, outcome: S });
            last = difficulty;
        }
        assert_eq!(last, 10.0, "target {target}: the top after 100 successes");
    }
}

proptest! {
    #[test]
    fn a_rung_just_passed_is_never_undercut(
        difficulties in prop::collection::vec(1.0f64..=10.0, 1..10),
        earlier in prop::collection::vec((1.0f64..=10.0, prop::sample::select(vec![F, P, S])), 0..30),
        passed in 0usize..10,
        then in prop::sample::select(vec![None, Some(P), Some(S)]),
        target in 0.7f64..=0.9,
    ) {
        let rungs = ladder(&difficulties);
        let held = difficulties[passed % difficulties.len()];
        let mut history = trials(&earlier);
        history.push(Trial { difficulty: held, outcome: S });
        // Then a partial or a success on a rung no harder (a failure would lift the hold).
        if let Some(outcome) = then {
            history.push(Trial { difficulty: difficulties[0].min(held), outcome });
        }
        let rec = recommend(&rungs, &history, target).unwrap();
        prop_assert!(rec.difficulty >= held, "held {held}: {rec:?}");
        if let Some(new) = rec.new_rung {
            prop_assert!(new.difficulty > held, "held {held}: {new:?}");
        }
    }

    #[test]
    fn the_range_holds_the_chance_and_harder_rungs_read_lower(
        history in prop::collection::vec((1.0f64..=10.0, prop::sample::select(vec![F, P, S])), 1..40),
        difficulty in 1.0f64..=9.0,
    ) {
        let ability = Ability::estimate(&trials(&history)).unwrap();
        let prediction = ability.predict(difficulty);
        prop_assert!(prediction.low <= prediction.chance && prediction.chance <= prediction.high, "{prediction:?}");
        prop_assert!(ability.predict(difficulty + 1.0).chance < prediction.chance);
    }
}

#[test]
fn a_first_attempt_gives_a_range_not_a_verdict() {
    let one = Ability::estimate(&trials(&[(1.0, S)])).unwrap();
    assert!(!one.predict(3.0).is_informative(), "{:?}", one.predict(3.0));
    assert!(one.predict(3.0).phrase().starts_with("too few attempts to say"));
    let many = Ability::estimate(&trials(&[(3.0, S), (3.0, S), (3.0, F), (3.0, S)].repeat(5))).unwrap();
    assert!(many.predict(3.0).is_informative(), "{:?}", many.predict(3.0));
}

#[test]
fn improvement_is_followed_not_averaged_away() {
    // Ten attempts at each rung from 1 to 5, eight of ten succeeding: someone climbing steadily.
    let climb: Vec<(f64, f64)> =
        (1..=5).flat_map(|d| (0..10).map(move |i| (f64::from(d), if i % 5 == 2 { F } else { S }))).collect();
    let ability = Ability::estimate(&trials(&climb)).unwrap();
    assert!(ability.trend > 0.05, "{ability:?}");
    // The latest rung reads near the rate at which it went, not dragged down by the early days.
    let latest = ability.predict(5.0).chance;
    assert!((0.7..=0.9).contains(&latest), "{latest}");
}

#[test]
fn a_ladder_with_a_big_gap_gets_an_intermediate_rung() {
    let plateaued = LEARNERS.iter().find(|l| l.name == "plateaued").expect("the plateaued learner");
    assert!(run(plateaued, 0.8, 11).proposals > 0, "the engine never proposed an intermediate rung");

    // Right after the bottom rungs are mastered, the next step is a jump: a rung in between.
    let mut rungs = ladder(&[1.0, 2.0, 3.0, 8.0, 9.0, 10.0]);
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
    assert_eq!(rec.prediction, None);
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
fn steps_are_kaernbachs_weighted_up_down() {
    // On a rung predicted at the target, a success moves the estimate up by about s²(1 − p*) and
    // a failure down by about s²·p*, so the step ratio is near p*/(1 − p*): 4 at 0.80 and 5.6667
    // at 0.85 (SCIENCE.md §3). Near, not exact: each trial re-fits the whole history.
    assert!((step_ratio(0.85) - 5.666_666_666_7).abs() < 1e-9);
    assert!((step_ratio(0.80) - 4.0).abs() < 1e-12);
    let settled: Vec<Trial> = (0..50).map(|_| Trial { difficulty: 5.0, outcome: 0.85 }).collect();
    let before = Ability::estimate(&settled).unwrap();
    let at = before.difficulty_for(0.85);
    assert!((before.predict(at).chance - 0.85).abs() < 1e-12);
    let up = Ability::estimate(&[settled.clone(), vec![Trial { difficulty: at, outcome: 1.0 }]].concat()).unwrap();
    let down = Ability::estimate(&[settled, vec![Trial { difficulty: at, outcome: 0.0 }]].concat()).unwrap();
    let ratio = (before.mean - down.mean) / (up.mean - before.mean);
    close(ratio, 6.0528);
}

#[test]
fn partial_outcomes_count_half() {
    let full = Ability::estimate(&[Trial { difficulty: 3.0, outcome: 1.0 }]).unwrap();
    let half = Ability::estimate(&[Trial { difficulty: 3.0, outcome: 0.5 }]).unwrap();
    let none = Ability::estimate(&[Trial { difficulty: 3.0, outcome: 0.0 }]).unwrap();
    assert!(none.mean < half.mean && half.mean < full.mean);
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
