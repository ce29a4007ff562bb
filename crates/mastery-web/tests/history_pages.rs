//! The attempts page: the latest attempts newest first, failures included, narrowed to a domain
//! on request, with a way back to each attempt still waiting for its outcome or its plan.

mod support;

use axum::http::StatusCode;
use mastery_app::{AttemptFilter, NewChallenge, NewGoal, PlanAttempt, RecordAttempt};
use mastery_domain::attempt::{Cause, Outcome, State};
use mastery_domain::measure::Confidence;

use support::{add_running, site};

/// The rows of the page's table, as the text of each row's challenge cell.
fn rows(page: &str) -> Vec<&str> {
    page.split(r#"<th scope="row">"#).skip(1).filter_map(|row| row.split("<br>").next()).collect()
}

#[tokio::test]
async fn the_latest_fifty_are_listed_newest_first_and_a_domain_narrows_them() {
    let site = site(true).await;
    let page = site.get("/attempts").await;
    assert_eq!(page.status, StatusCode::OK);
    let latest = site.check.attempts(AttemptFilter { last: Some(50), ..AttemptFilter::default() }).await.unwrap();
    let expected: Vec<&str> = latest.iter().rev().map(|a| a.challenge.as_str()).collect();
    assert_eq!(rows(&page.body), expected, "the app's latest fifty, newest first");
    let waiting = latest.iter().filter(|a| a.outcome.is_none()).count();
    assert!(waiting > 0, "the demo has forecasts waiting");
    assert_eq!(page.body.matches("Record how it went").count(), waiting);
    for attempt in latest.iter().filter(|a| a.outcome.is_none()) {
        assert!(page.body.contains(&format!(r#"href="/attempts/{}/record""#, attempt.id)));
    }

    let spanish = site.get("/attempts?domain=spanish").await.body;
    let only =
        site.check.attempts(AttemptFilter { domain: Some("spanish".into()), last: Some(50), ..Default::default() });
    let only = only.await.unwrap();
    assert_eq!(rows(&spanish).len(), only.len());
    assert!(only.iter().all(|a| a.domain == "spanish") && spanish.contains(r#"aria-current="page">Spanish"#));
    assert_eq!(site.get("/attempts?domain=nowhere").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_setback_put_down_to_ability_links_to_its_plan_for_next_time() {
    let site = site(false).await;
    add_running(&site).await;
    assert!(site.get("/attempts").await.body.contains("No attempt yet"));

    let app = &site.check;
    app.add_goal(NewGoal { domain: "running".into(), statement: "Run 5 km".into(), ..NewGoal::default() })
        .await
        .unwrap();
    let rung = NewChallenge { goal: "run-5-km".into(), title: "Run 2 km".into(), ..NewChallenge::default() };
    app.add_challenge(rung).await.unwrap();
    let plan = PlanAttempt {
        challenge: "run-2-km".into(),
        confidence: Confidence::new(40).unwrap(),
        state: State::default(),
        at: None,
    };
    let failed = RecordAttempt { cause: Some(Cause::Ability), ..RecordAttempt::outcome(Outcome::Failure) };
    let logged = app.log_attempt(plan, failed).await.unwrap();

    let page = site.get("/attempts").await.body;
    assert_eq!(rows(&page), ["Run 2 km"]);
    assert!(page.contains("failure") && page.contains("40%"), "{page}");
    assert!(page.contains(&format!(r#"href="/attempts/{}/next-time""#, logged.id)), "{page}");
}
