//! Every view that shows a success rate reads the one definition (`mastery_domain::success`) and,
//! on the same attempts, the same number: the domains list and domain page, calibration, the
//! weekly and monthly reviews and the program report (issue 14 found 82%, 88%, 67% and 0.722).

use mastery_app::{
    App, FixedClock, NewChallenge, NewDomain, NewGoal, PlanAttempt, ProgramSource, RecordAttempt, StartProgram,
};
use mastery_domain::attempt::{Outcome, State};
use mastery_domain::domain::LifeArea;
use mastery_domain::measure::Confidence;
use mastery_domain::success::{self, Outcomes};
use mastery_store::MemoryStore;

/// Three successes, two partials and two failures, all in the week of 16 November 2026.
const OUTCOMES: [(Outcome, &str); 7] = [
    (Outcome::Success, "2026-11-16"),
    (Outcome::Partial, "2026-11-16"),
    (Outcome::Failure, "2026-11-17"),
    (Outcome::Success, "2026-11-18"),
    (Outcome::Partial, "2026-11-18"),
    (Outcome::Success, "2026-11-19"),
    (Outcome::Failure, "2026-11-20"),
];

async fn app_with_attempts() -> App<MemoryStore> {
    let now = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap();
    let app = App::local(MemoryStore::new(), Box::new(FixedClock(now))).await.unwrap();
    let domain = NewDomain { name: "Chess".to_owned(), area: LifeArea::Learning, description: None };
    app.add_domain(domain).await.unwrap();
    let program = StartProgram {
        template: ProgramSource::Builtin("30-day-experiment".to_owned()),
        domain: "chess".to_owned(),
        at: Some("2026-11-02".to_owned()),
        replace_plan: false,
    };
    app.start_program(program).await.unwrap();
    let goal =
        NewGoal { domain: "chess".to_owned(), statement: "Play a rated tournament".to_owned(), ..NewGoal::default() };
    let goal = app.add_goal(goal).await.unwrap();
    let rung = NewChallenge { goal: goal.slug.clone(), title: "Play a blitz game".to_owned(), ..Default::default() };
    let rung = app.add_challenge(rung).await.unwrap();
    for (outcome, day) in OUTCOMES {
        let plan = PlanAttempt {
            challenge: rung.id.to_string(),
            confidence: Confidence::new(60).unwrap(),
            state: State::default(),
            at: Some(format!("{day} 10:00")),
        };
        let record = RecordAttempt { at: Some(format!("{day} 11:00")), ..RecordAttempt::outcome(outcome) };
        app.log_attempt(plan, record).await.unwrap();
    }
    app
}

#[tokio::test]
async fn every_view_shows_the_same_success_rate_for_the_same_attempts() {
    let app = app_with_attempts().await;
    let expected = Outcomes::of(OUTCOMES.map(|(o, _)| o));
    assert_eq!(expected.rate(), Some(4.0 / 7.0), "partials count half");

    let detail = app.show_domain("chess").await.unwrap();
    let page = app.domain_page("chess", 10).await.unwrap();
    let calibration = app.calibration(Some("chess"), false).await.unwrap();
    let week = app.review_week("2026-W47", &[]).await.unwrap();
    let month = app.review_month("2026-11", &[]).await.unwrap();
    let trajectory = month.trajectory.clone().expect("a month has a trajectory");
    let report = app.program_report(None, false).await.unwrap();
    let program = report.measures.iter().find(|m| m.measure == "success_rate").expect("the program's success rate");

    let shown = [
        ("domains list and domain show", detail.success_rate),
        ("domain page", page.detail.success_rate),
        ("domain page calibration", page.calibration.person.success_rate),
        ("calibration", calibration.person.success_rate),
        ("weekly review", week.success_rate),
        ("monthly review", month.success_rate),
        ("monthly trajectory", trajectory.success_rate),
        ("program report", program.after),
    ];
    for (view, rate) in shown {
        assert_eq!(rate, expected.rate(), "{view}");
    }
    assert_eq!((detail.outcomes, week.outcomes, month.outcomes), (expected, expected, expected));

    // Labelled where shown.
    assert_eq!(program.label, success::LABEL);
    assert_eq!(trajectory.lines()[0], "Success rate (partials count half): 57% (month before: –)");
    assert!(month.markdown().contains("- 7 attempts: 3 successes, 2 partials; success rate (partials count half) 57%"));
    assert!(
        calibration.summary.contains("succeeded 57% of the time, partials counting half"),
        "{}",
        calibration.summary
    );
}
