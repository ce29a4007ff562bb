//! Mastering a rung or reaching a goal in the browser leads to the celebration's question; the
//! answer is kept with the highlight in the evidence file, and a blank answer is refused with
//! nothing stored.

mod support;

use axum::http::StatusCode;
use mastery_app::{NewChallenge, NewDomain, NewGoal, PlanAttempt, RecordAttempt};
use mastery_domain::attempt::{Outcome, State};
use mastery_domain::domain::LifeArea;
use mastery_domain::measure::Confidence;

use support::{Site, site};

/// A domain with one rung, succeeded at twice already (through the other app).
async fn two_successes(site: &Site) {
    let app = &site.check;
    app.add_domain(NewDomain { name: "Chess".into(), area: LifeArea::Learning, description: None }).await.unwrap();
    app.add_goal(NewGoal { domain: "chess".into(), statement: "Win a club game".into(), ..NewGoal::default() })
        .await
        .unwrap();
    let rung =
        NewChallenge { goal: "win-a-club-game".into(), title: "Play a rapid game".into(), ..NewChallenge::default() };
    app.add_challenge(rung).await.unwrap();
    for _ in 0..2 {
        let plan = PlanAttempt {
            challenge: "play-a-rapid-game".into(),
            confidence: Confidence::new(70).unwrap(),
            state: State::default(),
            at: None,
        };
        app.log_attempt(plan, RecordAttempt::outcome(Outcome::Success)).await.unwrap();
    }
}

#[tokio::test]
async fn the_third_success_on_a_rung_asks_what_produced_it_and_keeps_the_answer() {
    let site = site(false).await;
    two_successes(&site).await;
    let rung = site.check.ladder("win-a-club-game").await.unwrap().rungs[0].challenge_id;
    let planned = site.post("/attempts/new", &[("challenge", &rung.to_string()), ("confidence", "80")]).await;
    let record = planned.location.expect("to the record form");
    let recorded = site.post(&record, &[("outcome", "success"), ("did", "Castled early")]).await;
    let celebration = site.check.celebrations(Some("chess")).await.unwrap().remove(0);
    assert_eq!(recorded.location, Some(format!("/celebrations/{}", celebration.id)), "{}", recorded.body);
    assert_eq!(celebration.title, "Rung mastered: Play a rapid game (3 successes)");

    let page = site.get(recorded.location.as_deref().unwrap()).await;
    assert!(page.body.contains("Rung mastered: Play a rapid game") && page.body.contains(r#"name="strategy""#));

    let path = format!("/celebrations/{}", celebration.id);
    let blank = site.post(&path, &[("effort", "  "), ("strategy", "")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains(r#"id="effort-error""#), "{}", blank.body);
    assert_eq!(site.check.celebrations(None).await.unwrap()[0], celebration, "nothing stored");

    let saved = site.post(&path, &[("effort", "Ten puzzles a day"), ("strategy", "Checked every capture")]).await;
    assert_eq!(saved.location.as_deref(), Some("/domains/chess"));
    let stored = site.check.celebrations(None).await.unwrap().remove(0);
    assert_eq!(
        (stored.effort.as_deref(), stored.strategy.as_deref(), stored.question),
        (Some("Ten puzzles a day"), Some("Checked every capture"), None)
    );
    let domain = site.get("/domains/chess").await.body;
    assert!(domain.contains("Highlights") && domain.contains("Effort: Ten puzzles a day"), "{domain}");
    assert_eq!(site.get("/celebrations/nowhere").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reaching_a_goal_asks_what_produced_it_and_opens_the_way_to_the_next() {
    let site = site(false).await;
    two_successes(&site).await;
    let goal = site.check.goals(Some("chess"), false).await.unwrap().remove(0);
    assert!(site.get("/domains/chess").await.body.contains(&format!(r#"action="/goals/{}/done""#, goal.id)));

    let asked = site.post(&format!("/goals/{}/done", goal.id), &[]).await;
    assert_eq!(asked.status, StatusCode::OK, "the first click asks: {}", asked.body);
    assert!(
        asked.body.contains("Did you reach this goal?") && asked.body.contains("“Win a club game”"),
        "{}",
        asked.body
    );
    let confirm_form = format!(r#"<form method="post" action="/goals/{}/done">"#, goal.id);
    assert!(
        asked.body.contains(&confirm_form) && asked.body.contains(r#"name="confirm" value="yes""#),
        "{}",
        asked.body
    );
    assert!(asked.body.contains(r#"href="/domains/chess""#), "a way back: {}", asked.body);
    assert!(site.check.celebrations(None).await.unwrap().is_empty(), "the first click celebrates nothing");
    assert_eq!(site.check.goals(Some("chess"), false).await.unwrap().len(), 1, "the goal is still open");

    let reached = site.post(&format!("/goals/{}/done", goal.id), &[("confirm", "yes")]).await;
    let celebration = site.check.celebrations(Some("chess")).await.unwrap().remove(0);
    assert_eq!(celebration.title, "Goal reached: Win a club game");
    assert_eq!(reached.location, Some(format!("/celebrations/{}", celebration.id)));
    let stored = site.check.goals(Some("chess"), true).await.unwrap().remove(0);
    assert!(stored.done_at.is_some(), "the goal is marked reached");

    let domain = site.get("/domains/chess").await.body;
    assert!(domain.contains("Your next goal here") && !domain.contains("Ladder: Win a club game"), "{domain}");
    let again = site.post(&format!("/goals/{}/done", goal.id), &[("confirm", "yes")]).await;
    assert_eq!(again.location.as_deref(), Some("/domains/chess"), "reached once; no second celebration");
    assert_eq!(site.check.celebrations(None).await.unwrap().len(), 1);
    assert_eq!(site.post("/goals/nowhere/done", &[]).await.status, StatusCode::NOT_FOUND);
}
