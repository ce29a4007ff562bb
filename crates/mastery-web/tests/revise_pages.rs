//! Correcting the record in the browser: the edit forms of a domain, a goal, a rung and an
//! attempt store what was sent and refuse bad values storing nothing; a delete asks first (the
//! first post changes nothing) and says what goes with it; undo asks, then restores the store
//! exactly; a goal marked reached is reopened after a confirmation.

mod support;

use axum::http::StatusCode;
use mastery_app::{NewChallenge, NewEvidence, PlanAttempt, RecordAttempt};
use mastery_domain::attempt::{Outcome, State};
use mastery_domain::measure::Confidence;
use support::{Site, contents, refused_at, site, site_with_one_goal};

/// Running's goal with a rung and a recorded attempt on it; the goal's id, the rung's and the
/// attempt's.
async fn ladder() -> (Site, String, String, String) {
    let site = site_with_one_goal().await;
    let goal = site.check.show_goal("run-5-km").await.unwrap().id.to_string();
    let rung = NewChallenge { goal: goal.clone(), title: "Run 1 km".to_owned(), difficulty: None, criterion: None };
    let rung = site.check.add_challenge(rung).await.unwrap().id.to_string();
    let plan = PlanAttempt {
        challenge: rung.clone(),
        confidence: Confidence::new(60).unwrap(),
        state: State::default(),
        at: None,
    };
    let attempt = site.check.plan_attempt(plan).await.unwrap().id.to_string();
    let record = RecordAttempt { did: Some("Ran slowly".to_owned()), ..RecordAttempt::outcome(Outcome::Success) };
    site.check.record_attempt(&attempt, record).await.unwrap();
    (site, goal, rung, attempt)
}

#[tokio::test]
async fn each_kind_is_edited_through_its_form_and_the_edit_is_stored() {
    let (site, goal, rung, attempt) = ladder().await;

    let form = site.get("/domains/running/edit").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"name="name" value="Running""#), "pre-filled: {}", form.body);
    let domain = [("name", "Trail running"), ("area", "health"), ("description", "Hills and forests")];
    let saved = site.post("/domains/running/edit", &domain).await;
    assert_eq!(saved.location.as_deref(), Some("/domains/trail-running"), "{}", saved.body);
    let stored = site.check.show_domain("trail-running").await.unwrap().domain;
    assert_eq!((stored.name.as_str(), stored.description.as_deref()), ("Trail running", Some("Hills and forests")));
    assert!(site.get("/domains/trail-running").await.body.contains(r#"href="/domains/trail-running/edit""#));

    let form = site.get(&format!("/goals/{goal}/edit")).await;
    assert!(form.body.contains(r#"value="Run 5 km""#) && form.body.contains(r#"value="80%""#), "{}", form.body);
    let edit = [("statement", "Run 10 km"), ("deadline", ""), ("why", "To feel strong"), ("success_target", "75%")];
    let saved = site.post(&format!("/goals/{goal}/edit"), &edit).await;
    assert_eq!(saved.location, Some(format!("/goals/{goal}/rungs")), "{}", saved.body);
    let stored = site.check.show_goal(&goal).await.unwrap();
    assert_eq!((stored.statement.as_str(), stored.why.as_deref()), ("Run 10 km", Some("To feel strong")));
    assert!((stored.target_success - 0.75).abs() < 1e-9);

    let ladder_page = site.get(&format!("/goals/{goal}/rungs")).await;
    assert!(ladder_page.body.contains(&format!(r#"href="/goals/{goal}/rungs/{rung}/edit""#)), "{}", ladder_page.body);
    let form = site.get(&format!("/goals/{goal}/rungs/{rung}/edit")).await;
    assert!(form.body.contains(r#"value="Run 1 km""#), "{}", form.body);
    let edit = [("title", "Run 2 km"), ("difficulty", "4"), ("criterion", "Without stopping")];
    let saved = site.post(&format!("/goals/{goal}/rungs/{rung}/edit"), &edit).await;
    assert_eq!(saved.location, Some(format!("/goals/{goal}/rungs")), "{}", saved.body);
    let stored = &site.check.ladder(&goal).await.unwrap().rungs[0];
    assert_eq!((stored.title.as_str(), stored.difficulty), ("Run 2 km", 4.0));
    assert_eq!(stored.criterion.as_deref(), Some("Without stopping"));

    assert!(site.get("/attempts").await.body.contains(&format!(r#"href="/attempts/{attempt}/edit""#)));
    let form = site.get(&format!("/attempts/{attempt}/edit")).await;
    assert!(form.body.contains(r#"value="Ran slowly""#), "{}", form.body);
    let edit = [("confidence", "70"), ("outcome", "partial"), ("did", "Walked the hill"), ("effort", "4")];
    let saved = site.post(&format!("/attempts/{attempt}/edit"), &edit).await;
    assert_eq!(saved.location.as_deref(), Some("/attempts"), "{}", saved.body);
    let stored = site.check.show_attempt(&attempt).await.unwrap();
    assert_eq!((stored.confidence, stored.outcome, stored.effort), (70, Some(Outcome::Partial), Some(4)));
    assert_eq!(stored.did.as_deref(), Some("Walked the hill"));
}

#[tokio::test]
async fn a_bad_value_shows_the_form_again_with_its_message_and_stores_nothing() {
    let (site, goal, rung, attempt) = ladder().await;
    let before = contents(&site).await;
    let reply = site.post("/domains/running/edit", &[("name", ""), ("area", "health")]).await;
    refused_at(&reply, "name", "");
    let reply =
        site.post(&format!("/goals/{goal}/edit"), &[("statement", "Run 5 km"), ("success_target", "50%")]).await;
    refused_at(&reply, "success_target", "");
    assert!(reply.body.contains(r#"value="50%""#), "what was sent is shown again");
    let reply =
        site.post(&format!("/goals/{goal}/edit"), &[("statement", "Run 5 km"), ("deadline", "2020-01-01")]).await;
    refused_at(&reply, "deadline", "");
    let reply =
        site.post(&format!("/goals/{goal}/rungs/{rung}/edit"), &[("title", "Run 1 km"), ("difficulty", "11")]).await;
    refused_at(&reply, "difficulty", "");
    let reply = site.post(&format!("/attempts/{attempt}/edit"), &[("confidence", "55"), ("outcome", "success")]).await;
    refused_at(&reply, "confidence", "");
    assert_eq!(contents(&site).await, before, "a refused edit stores nothing");
}

#[tokio::test]
async fn a_delete_asks_first_then_deletes_and_undo_restores_the_store() {
    let (site, goal, _, _) = ladder().await;
    let before = contents(&site).await;
    let page = site.get("/domains/running").await.body;
    assert!(page.contains("/delete/domain/running?back=/domains"), "a delete button on the domain page");
    let ladder_page = site.get(&format!("/goals/{goal}/rungs")).await.body;
    let action = format!("/delete/goal/{goal}?back=/domains/running");
    assert!(ladder_page.contains(&action), "{ladder_page}");

    let asked = site.post(&action, &[]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(asked.body.contains("Delete this?") && asked.body.contains("1 rung and 1 attempt"), "{}", asked.body);
    assert!(
        asked.body.contains(r#"name="confirm" value="yes""#) && asked.body.contains(r#"<a href="/domains/running">"#)
    );
    assert_eq!(contents(&site).await, before, "the first post changes nothing");

    let deleted = site.post(&action, &[("confirm", "yes")]).await;
    assert_eq!(deleted.location.as_deref(), Some("/changes?back=/domains/running"), "{}", deleted.body);
    assert!(site.check.show_goal(&goal).await.is_err(), "the goal is gone");
    let notice = site.get("/changes?back=/domains/running").await.body;
    assert!(notice.contains("Done: Deleted goal") && notice.contains(r#"action="/undo""#), "{notice}");
    assert!(notice.contains(r#"href="/domains/running""#), "{notice}");

    let after = contents(&site).await;
    let asked = site.post("/undo", &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Undo your latest change?") && asked.body.contains("Deleted goal"), "{}", asked.body);
    assert_eq!(contents(&site).await, after, "asking changes nothing");
    let undone = site.post("/undo", &[("confirm", "yes")]).await;
    let location = undone.location.expect("back to the changes");
    assert!(location.starts_with("/changes?undid=Deleted%20goal"), "{location}");
    assert_eq!(contents(&site).await, before, "undo restores the store exactly");
    assert!(site.get(&location).await.body.contains("Undid: Deleted goal"));
}

#[tokio::test]
async fn every_kind_the_pages_show_can_be_deleted() {
    let site = site(true).await;
    let checks = &site.check;
    let attempt = checks.attempts(Default::default()).await.unwrap().last().unwrap().id.to_string();
    let model = checks.role_models(None).await.unwrap()[0].id.to_string();
    let feedback = checks.feedback_received(None).await.unwrap()[0].id.to_string();
    let session = checks.practice_sessions(None, 10).await.unwrap()[0].id.to_string();
    let checkin = checks.checkins().await.unwrap()[0].id.to_string();
    let audit = checks.audit_history("public-speaking").await.unwrap().audits[0].id.to_string();
    let success = NewEvidence {
        domain: "public-speaking".to_owned(),
        title: "Gave the toast at my sister's wedding".to_owned(),
        did: None,
        at: Some("2026-11-10".to_owned()),
    };
    let evidence = checks.add_evidence(success).await.unwrap().id;
    let week = checks.review_week("this", &["well=Kept going".to_owned()]).await.unwrap().period;
    let shown = [
        ("/attempts", format!("/delete/attempt/{attempt}?back=/attempts")),
        ("/people", format!("/delete/role-model/{model}?back=/people")),
        ("/people", format!("/delete/feedback/{feedback}?back=/people")),
        ("/practice", format!("/delete/practice-session/{session}?back=/practice")),
        ("/domains/public-speaking", format!("/delete/audit/{audit}?back=/domains/public-speaking")),
        ("/domains/public-speaking", format!("/delete/evidence/{evidence}?back=/domains/public-speaking")),
        ("/review", format!("/delete/review/{week}?back=/review")),
    ];
    for (page, action) in &shown {
        assert!(site.get(page).await.body.contains(action.as_str()), "{page} has {action}");
    }
    for action in shown.iter().map(|(_, a)| a.clone()).chain([format!("/delete/checkin/{checkin}")]) {
        let before = contents(&site).await;
        assert_eq!(site.post(&action, &[]).await.status, StatusCode::OK, "{action} asks");
        assert_eq!(contents(&site).await, before, "{action}: asking changes nothing");
        let deleted = site.post(&action, &[("confirm", "yes")]).await;
        assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{action}: {}", deleted.body);
        assert_ne!(contents(&site).await, before, "{action} deleted");
    }
    assert!(checks.show_attempt(&attempt).await.is_err());
    assert!(checks.review_week("this", &[]).await.unwrap().answers.is_empty(), "the week's answers are gone");
    assert_eq!(site.post("/delete/planet/earth", &[("confirm", "yes")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(site.post("/delete/goal/no-such-goal", &[]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_goal_marked_reached_is_reopened_after_a_confirmation() {
    let (site, goal, _, _) = ladder().await;
    site.check.complete_goal(&goal).await.unwrap();
    let page = site.get(&format!("/goals/{goal}/rungs")).await.body;
    assert!(page.contains(&format!(r#"action="/goals/{goal}/reopen""#)), "{page}");
    assert!(site.get("/domains/running").await.body.contains("Goals reached"));
    let asked = site.post(&format!("/goals/{goal}/reopen"), &[]).await;
    assert!(asked.body.contains("Reopen this goal?"), "{}", asked.body);
    assert!(site.check.show_goal(&goal).await.unwrap().done_at.is_some(), "asking changes nothing");
    let reopened = site.post(&format!("/goals/{goal}/reopen"), &[("confirm", "yes")]).await;
    assert_eq!(reopened.location, Some(format!("/goals/{goal}/rungs")));
    assert!(site.check.show_goal(&goal).await.unwrap().done_at.is_none());
    let undo = site.get("/changes").await.body;
    assert!(undo.contains("Done: Reopened"), "{undo}");
}
