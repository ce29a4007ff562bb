//! The demo's tests: the simulation tells the story the demo promises, seed by seed, and the
//! written store shows it.

use jiff::{ToSpan, Zoned};
use mastery_domain::attempt::{Cause, Outcome};
use mastery_domain::evidence::EvidenceSource;
use mastery_domain::measure::Confidence;
use mastery_domain::review::Period;
use mastery_store::MemoryStore;

use super::script::{DOMAINS, HISTORY_DAYS, SPEAKING};
use super::simulation::{History, SHORT_NIGHT_HOURS, SimAttempt, SimOutcome, is_weekday, simulate};
use crate::views::{AttemptView, DemoSummary};
use crate::{App, AppError, AttemptFilter};

const SEEDS: std::ops::Range<u64> = 0..20;

fn now() -> Zoned {
    "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap()
}

async fn app() -> App<MemoryStore> {
    App::local(MemoryStore::new(), Box::new(crate::FixedClock(now()))).await.unwrap()
}

fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = values.into_iter().fold((0.0, 0.0), |(s, n), v| (s + v, n + 1.0));
    sum / n
}

fn recorded(history: &History) -> impl Iterator<Item = (&SimAttempt, &SimOutcome)> {
    history.attempts.iter().filter_map(|a| a.outcome.as_ref().map(|o| (a, o)))
}

/// An outcome on the forecast's 0–100 scale: only a full success counts.
fn success_points(outcome: Outcome) -> f64 {
    if outcome == Outcome::Success { 100.0 } else { 0.0 }
}

/// Mean forecast minus success rate, in points; negative is under-prediction.
fn forecast_bias(attempts: impl IntoIterator<Item = (u8, Outcome)>) -> f64 {
    let attempts: Vec<_> = attempts.into_iter().collect();
    let forecast = mean(attempts.iter().map(|(c, _)| f64::from(*c)));
    let success = mean(attempts.iter().map(|(_, o)| success_points(*o)));
    forecast - success
}

fn first_month(attempt: &SimAttempt) -> bool {
    attempt.days_ago > HISTORY_DAYS - 30
}

#[test]
fn the_same_seed_tells_the_same_story() {
    assert_eq!(simulate(7, &now()).unwrap(), simulate(7, &now()).unwrap());
    assert_ne!(simulate(7, &now()).unwrap(), simulate(8, &now()).unwrap());
}

#[test]
fn forecasts_start_low_and_calibrate_with_experience() {
    let (mut early, mut late) = (Vec::new(), Vec::new());
    for seed in SEEDS {
        let history = simulate(seed, &now()).unwrap();
        let first: Vec<_> =
            recorded(&history).filter(|(a, _)| first_month(a)).map(|(a, o)| (a.confidence, o.outcome)).collect();
        let bias = forecast_bias(first.iter().copied());
        assert!(bias <= -10.0, "seed {seed}: first-month bias {bias:.1}");
        early.extend(first);
        late.extend(recorded(&history).filter(|(a, _)| a.days_ago <= 30).map(|(a, o)| (a.confidence, o.outcome)));
    }
    let (early, late) = (forecast_bias(early), forecast_bias(late));
    assert!(late > early / 2.0, "early bias {early:.1}, late bias {late:.1}");
    assert!(late < 0.0, "still slightly under-confident, never over: {late:.1}");
}

#[test]
fn short_nights_lower_confidence_far_more_than_results() {
    let (mut short, mut rested) = (Vec::new(), Vec::new());
    for seed in SEEDS {
        let history = simulate(seed, &now()).unwrap();
        for (attempt, outcome) in recorded(&history) {
            let Some(sleep) = attempt.state.sleep_hours else {
                continue;
            };
            let sample = (f64::from(attempt.confidence), success_points(outcome.outcome));
            if sleep < SHORT_NIGHT_HOURS { short.push(sample) } else { rested.push(sample) }
        }
    }
    let confidence_drop = mean(rested.iter().map(|s| s.0)) - mean(short.iter().map(|s| s.0));
    let success_drop = mean(rested.iter().map(|s| s.1)) - mean(short.iter().map(|s| s.1));
    assert!(confidence_drop >= 10.0, "confidence drop {confidence_drop:.1}");
    assert!(success_drop < confidence_drop / 2.0, "success drop {success_drop:.1} vs {confidence_drop:.1}");
}

/// Across seeds, the share of `outcome`s explained by `cause` among attempts whose number
/// within their domain (1 for the first) falls in `nth`.
fn explained_share(outcome: Outcome, cause: Cause, nth: impl std::ops::RangeBounds<usize>) -> f64 {
    let mut causes = Vec::new();
    for seed in SEEDS {
        let history = simulate(seed, &now()).unwrap();
        let mut seen = [0usize; DOMAINS.len()];
        for (attempt, record) in recorded(&history) {
            seen[attempt.domain] += 1;
            if nth.contains(&seen[attempt.domain]) && record.outcome == outcome {
                causes.push(if record.cause == Some(cause) { 1.0 } else { 0.0 });
            }
        }
    }
    mean(causes)
}

#[test]
fn low_efficacy_explanations_fade_with_experience() {
    let (early_luck, late_luck) =
        (explained_share(Outcome::Success, Cause::Luck, ..=15), explained_share(Outcome::Success, Cause::Luck, 31..));
    assert!(early_luck > 2.0 * late_luck, "successes put down to luck: {early_luck:.2} → {late_luck:.2}");
    let (early_ability, late_ability) = (
        explained_share(Outcome::Failure, Cause::Ability, ..=15),
        explained_share(Outcome::Failure, Cause::Ability, 31..),
    );
    assert!(early_ability > 2.0 * late_ability, "failures put down to ability: {early_ability:.2} → {late_ability:.2}");
    assert!(late_ability > 0.0, "the pattern fades but does not vanish");
}

#[test]
fn practice_happens_at_plausible_times() {
    let history = simulate(3, &now()).unwrap();
    for attempt in &history.attempts {
        let local = attempt.planned_at.to_zoned(now().time_zone().clone());
        if attempt.outcome.is_some() {
            assert!((6..=22).contains(&local.hour()), "{local}");
        }
        if attempt.domain == SPEAKING && attempt.outcome.is_some() {
            assert!(is_weekday(local.weekday()), "{local}");
        }
    }
    assert!(history.attempts.is_sorted_by_key(|a| a.planned_at));
}

#[tokio::test]
async fn demo_writes_three_months_that_the_app_reads_back() {
    let app = app().await;
    let summary = app.demo(42).await.unwrap();

    let attempts = app.attempts(AttemptFilter::default()).await.unwrap();
    let recorded: Vec<&AttemptView> = attempts.iter().filter(|a| a.outcome.is_some()).collect();
    assert!((180..=230).contains(&recorded.len()), "{} recorded attempts", recorded.len());
    assert!((1..=2).contains(&(attempts.len() - recorded.len())), "one or two attempts left to record");
    let now = now().timestamp();
    let start = now - jiff::SignedDuration::from_hours(24 * (HISTORY_DAYS + 1));
    for attempt in &attempts {
        assert!(Confidence::new(attempt.confidence).is_ok(), "{}", attempt.confidence);
        assert!(attempt.planned_at > start && attempt.planned_at <= now, "{}", attempt.planned_at);
        assert!(attempt.recorded_at.is_none_or(|r| r >= attempt.planned_at && r <= now));
    }
    let pending = attempts.iter().rfind(|a| a.outcome.is_none()).unwrap();
    assert!(pending.planned_at > now - jiff::SignedDuration::from_hours(6), "the planned attempt is recent");
    let with_state = recorded.iter().filter(|a| a.state.sleep_hours.is_some()).count();
    assert!(with_state * 10 >= recorded.len() * 8, "state on most attempts");
    assert!(recorded.iter().filter(|a| a.did.is_some()).count() * 10 >= recorded.len() * 7, "strategy on most");

    let domains = app.domains(true).await.unwrap();
    let goals = app.goals(None, true).await.unwrap();
    let mut challenges = 0;
    for goal in &goals {
        let ladder = app.ladder(&goal.id.to_string()).await.unwrap();
        assert!((5..=8).contains(&ladder.rungs.len()), "{}: {} rungs", goal.statement, ladder.rungs.len());
        assert!(ladder.rungs.windows(2).all(|w| w[0].difficulty < w[1].difficulty), "{}", goal.statement);
        assert!(ladder.rungs.iter().all(|r| r.criterion.is_some()));
        challenges += ladder.rungs.len();
    }
    let mut role_models = 0;
    let mut feedback = 0;
    for domain in &domains {
        let detail = app.show_domain(&domain.slug).await.unwrap();
        role_models += detail.role_models;
        feedback += detail.feedback;
    }
    let evidence = app.evidence(None, usize::MAX).await.unwrap();
    let backfilled = evidence.iter().filter(|e| e.source == EvidenceSource::Backfill).count();
    let checkins = app.checkins().await.unwrap();
    let mut audits = 0;
    let mut trajectories = Vec::new();
    for domain in &domains {
        let history = app.audit_history(&domain.slug).await.unwrap();
        audits += history.audits.len();
        let strengths: Vec<f64> = history.audits.iter().map(|a| a.strength).collect();
        assert!(
            strengths.windows(2).all(|w| w[0] < w[1]),
            "{}: efficacy rises with the record: {strengths:?}",
            domain.slug
        );
        trajectories.push((domain.slug.as_str(), strengths));
    }
    // Each domain's own story: speaking starts in dread and climbs with its mastered rungs;
    // running rises most, its progress measured on every run; Spanish starts in the middle and
    // comes slowly; finances, taken up two months ago, has a baseline from then.
    assert_eq!(
        trajectories,
        [
            ("personal-finances", vec![21.0, 33.0]),
            ("public-speaking", vec![18.0, 28.0, 40.0]),
            ("running", vec![26.0, 39.0, 54.0]),
            ("spanish", vec![39.0, 44.0, 50.0]),
        ]
    );
    assert!((3..=4).contains(&domains.len()));
    assert!((60..=90).contains(&checkins.len()), "{} check-ins", checkins.len());
    assert_eq!(
        summary,
        DemoSummary {
            domains: domains.len(),
            goals: goals.len(),
            challenges,
            attempts: attempts.len(),
            checkins: checkins.len(),
            evidence: backfilled,
            role_models,
            feedback,
            audits,
            practice_sessions: app.practice_sessions(None, usize::MAX).await.unwrap().len(),
            reviews: 2,
        }
    );
    let practice = app.practice_status(None).await.unwrap();
    let kept: Vec<(&str, u32, u32)> =
        practice.iter().map(|p| (p.domain.as_str(), p.kept_days, p.planned_days)).collect();
    assert_eq!(kept.len(), 2, "two practice plans: {kept:?}");
    for (domain, kept, planned) in kept {
        let share = f64::from(kept) / f64::from(planned);
        assert!((0.55..=0.85).contains(&share), "{domain}: kept {kept} of {planned} planned days");
    }
    assert_eq!(app.rest_days_ahead().await.unwrap().len(), 1, "a rest day declared ahead");
    let week = |days_ago: i64| Period::week_of(self::now().date().saturating_sub(days_ago.days())).to_string();
    for (days_ago, answers) in [(21, 4), (14, 4), (7, 0)] {
        let review = app.review_week(&week(days_ago), &[]).await.unwrap();
        assert_eq!(review.answers.len(), answers, "{}: {:?}", week(days_ago), review.answers);
    }
    assert!((2..=4).contains(&summary.role_models) && (3..=6).contains(&summary.feedback));
    assert!((2..=3).contains(&summary.evidence));
}

#[test]
fn each_domain_is_audited_from_when_it_was_taken_up() {
    for script in &DOMAINS {
        let taken = script.audits.taken;
        assert!(taken[0].0 <= script.started_days_ago, "{}: no audit before it began", script.name);
        assert!(taken.windows(2).all(|w| w[0].0 > w[1].0 && w[0].1 < w[1].1), "{}: monthly, rising", script.name);
    }
    let baselines: Vec<i64> = DOMAINS.iter().map(|d| d.audits.taken[0].1).collect();
    assert!(baselines.windows(2).all(|w| w[0] != w[1]), "differing baselines: {baselines:?}");
}

#[tokio::test]
async fn demo_under_predicts_in_the_first_month() {
    let app = app().await;
    app.demo(1).await.unwrap();
    let first_month_ends = now().timestamp() - jiff::SignedDuration::from_hours(24 * (HISTORY_DAYS - 30));
    let first: Vec<(u8, Outcome)> = app
        .attempts(AttemptFilter::default())
        .await
        .unwrap()
        .iter()
        .filter(|a| a.planned_at < first_month_ends)
        .filter_map(|a| a.outcome.map(|o| (a.confidence, o)))
        .collect();
    assert!(first.len() >= 30, "{} attempts in the first month", first.len());
    let bias = forecast_bias(first);
    assert!(bias <= -10.0, "mean forecast minus success rate: {bias:.1}");
}

#[tokio::test]
async fn demo_refuses_a_store_that_already_has_data() {
    let app = app().await;
    app.demo(5).await.unwrap();
    let attempts = app.attempts(AttemptFilter::default()).await.unwrap().len();
    let refusal = app.demo(5).await.unwrap_err();
    assert!(matches!(refusal, AppError::Refused { .. }), "{refusal}");
    assert!(refusal.to_string().contains("only an empty store"), "{refusal}");
    assert_eq!(app.attempts(AttemptFilter::default()).await.unwrap().len(), attempts, "nothing more written");
}
