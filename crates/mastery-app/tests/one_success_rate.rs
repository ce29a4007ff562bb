//! Every view that shows a success rate reads the one definition (`mastery_domain::success`) and,
//! on the same attempts, the same number: the domains list and domain page, calibration, the
//! weekly and monthly reviews and the program report (issue 14 found 82%, 88%, 67% and 0.722).

use mastery_app::{
    App, FixedClock, NewAudit, NewChallenge, NewDomain, NewGoal, PlanAttempt, ProgramSource, RecordAttempt,
    StartProgram,
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

/// The list of domains, read in one transaction, shows for each domain what that domain's own
/// views show: its counts and rate, its latest audit's strength and its calibration bias.
#[tokio::test]
async fn the_domains_list_agrees_with_each_domains_own_views() {
    let app = app_with_attempts().await;
    let running = NewDomain { name: "Running".to_owned(), area: LifeArea::Health, description: None };
    app.add_domain(running).await.unwrap();
    let goal = NewGoal { domain: "running".to_owned(), statement: "Run 10 km".to_owned(), ..NewGoal::default() };
    let goal = app.add_goal(goal).await.unwrap();
    let rung = NewChallenge { goal: goal.slug.clone(), title: "Run 5 km".to_owned(), ..Default::default() };
    let rung = app.add_challenge(rung).await.unwrap();
    for (outcome, day) in [(Outcome::Success, "2026-11-17"), (Outcome::Failure, "2026-11-18")] {
        let plan = PlanAttempt {
            challenge: rung.id.to_string(),
            confidence: Confidence::new(90).unwrap(),
            state: State::default(),
            at: Some(format!("{day} 07:00")),
        };
        app.log_attempt(plan, RecordAttempt::outcome(outcome)).await.unwrap();
    }
    let items = app.audit_form("running", None).await.unwrap().scale.items.len();
    let answers = (0..items).map(|i| Confidence::new(u8::try_from(100 - 10 * i.min(10)).unwrap()).unwrap()).collect();
    let audit = NewAudit { domain: "running".to_owned(), scale: None, answers, at: None, every: None };
    app.take_audit(audit).await.unwrap();

    let rows = app.domains_page().await.unwrap();
    let slugs: Vec<&str> = rows.iter().map(|r| r.detail.domain.slug.as_str()).collect();
    assert_eq!(slugs, ["chess", "running"], "the active domains by name");
    let profile = app.audit_profile().await.unwrap();
    for row in &rows {
        let slug = &row.detail.domain.slug;
        assert_eq!(row.detail, app.show_domain(slug).await.unwrap(), "{slug}: counts, rate, goals, sources");
        // The same forecasts summed in another order: equal up to the last bits of a float.
        let bias = app.calibration(Some(slug), false).await.unwrap().person.bias;
        let agree = match (row.bias, bias) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-12,
            (a, b) => a == b,
        };
        assert!(agree, "{slug}: calibration bias {:?} on the list, {bias:?} in calibration", row.bias);
        let strength = profile.audits.iter().find(|a| &a.domain == slug).map(|a| a.strength);
        assert_eq!(row.strength, strength, "{slug}: the latest audit's strength");
    }
    assert_eq!((rows[0].detail.outcomes.attempts, rows[1].detail.outcomes.attempts), (7, 2));
    assert_eq!(rows[1].detail.success_rate, Some(0.5));
    assert!(rows[1].bias.is_some_and(|b| (b - 0.4).abs() < 1e-9), "90% forecasts, half succeeded: {:?}", rows[1].bias);
    assert!(rows[0].strength.is_none() && rows[1].strength.is_some(), "only running was audited");
}
