//! The consistency score against an independent implementation of Loop Habit Tracker's
//! (`ScoreList.recompute` and `Score.compute` in uhabits-core, transcribed): entries newest
//! first, a rolling sum over the window, SKIP entries leaving the score unchanged. Generated
//! histories of daily and three-per-week plans with misses and rest days must agree to 1e-9.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::{Date, date};
use mastery_domain::ids::DomainId;
use mastery_domain::practice::{PracticePlan, consistency};
use proptest::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    No,
    Yes,
    Skip,
}

/// Loop's computation: `values` newest first, frequency numerator/denominator.
fn loop_score(values: &[Entry], numerator: u32, denominator: u32) -> f64 {
    let freq = f64::from(numerator) / f64::from(denominator);
    let (numerator, denominator) = if freq < 1.0 { (numerator * 2, denominator * 2) } else { (numerator, denominator) };
    let multiplier = 0.5_f64.powf(freq.sqrt() / 13.0);
    let mut rolling_sum = 0.0;
    let mut previous = 0.0;
    for i in 0..values.len() {
        let offset = values.len() - i - 1;
        if values[offset] == Entry::Yes {
            rolling_sum += 1.0;
        }
        let drop = offset + denominator as usize;
        if drop < values.len() && values[drop] == Entry::Yes {
            rolling_sum -= 1.0;
        }
        if values[offset] != Entry::Skip {
            let completed = f64::min(1.0, rolling_sum / f64::from(numerator));
            previous = previous * multiplier + completed * (1.0 - multiplier);
        }
    }
    previous
}

fn day(start: Date, i: usize) -> Date {
    start.checked_add(jiff::Span::new().days(i as i64)).expect("in range")
}

fn check(days: &str, numerator: u32, denominator: u32, history: &[Entry], practised_today: bool) {
    let start = date(2026, 3, 2);
    let plan = PracticePlan {
        domain_id: DomainId::from_uuid(uuid::Uuid::nil()),
        minutes: 15,
        days: days.parse().expect("days"),
        starts_on: start,
        created_at: Timestamp::UNIX_EPOCH,
    };
    let mut entries = history.to_vec();
    let today = day(start, history.len());
    let mut sessions: BTreeSet<Date> =
        (0..history.len()).filter(|&i| history[i] == Entry::Yes).map(|i| day(start, i)).collect();
    let rest: BTreeSet<Date> =
        (0..history.len()).filter(|&i| history[i] == Entry::Skip).map(|i| day(start, i)).collect();
    if practised_today {
        sessions.insert(today);
        entries.push(Entry::Yes);
    }
    entries.reverse();
    let ours = consistency(&plan, &sessions, &rest, today).score;
    let loops = loop_score(&entries, numerator, denominator);
    assert!((ours - loops).abs() < 1e-9, "ours {ours}, Loop's {loops}, history {history:?}");
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![3 => Just(Entry::Yes), 2 => Just(Entry::No), 1 => Just(Entry::Skip)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_daily_plan_matches_loop(history in prop::collection::vec(entry(), 1..200), today in any::<bool>()) {
        check("daily", 1, 1, &history, today);
    }

    #[test]
    fn a_three_per_week_plan_matches_loop(history in prop::collection::vec(entry(), 1..200), today in any::<bool>()) {
        check("mon,wed,fri", 3, 7, &history, today);
    }
}

#[test]
fn a_perfect_month_and_a_known_history_match_loop() {
    check("daily", 1, 1, &[Entry::Yes; 30], false);
    let pattern = [Entry::Yes, Entry::No, Entry::Yes, Entry::Skip, Entry::Yes, Entry::No, Entry::No];
    check("tue,thu,sat", 3, 7, &pattern.repeat(8), true);
}
