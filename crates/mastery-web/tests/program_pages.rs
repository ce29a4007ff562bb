//! The 30-day experiment in the browser: started from a form (mistakes beside their fields,
//! nothing stored), its report read without changing anything, and its finish celebrated once.

mod support;

use axum::http::StatusCode;

use support::{Site, add_running, site};

async fn programs(site: &Site) -> usize {
    site.check.programs().await.unwrap().len()
}

#[tokio::test]
async fn the_experiment_starts_from_the_form_and_its_report_names_every_measure() {
    let site = site(false).await;
    add_running(&site).await;
    let empty = site.get("/programs").await.body;
    assert!(empty.contains("None yet") && empty.contains(r#"action="/programs""#), "{empty}");

    let started = site.post("/programs", &[("domain", "running"), ("starts_on", "")]).await;
    let stored = site.check.programs().await.unwrap();
    assert_eq!(stored.len(), 1);
    let program = &stored[0];
    assert_eq!(started.location, Some(format!("/programs/{}", program.id)), "{}", started.body);
    assert_eq!(
        (program.domain.as_str(), program.starts_on.to_string(), program.day),
        ("running", "2026-11-21".into(), 1)
    );
    assert!(program.pre_audit_due, "the audit before is asked for");

    let report = site.get(started.location.as_deref().unwrap()).await.body;
    for row in
        ["Audit strength (0–100)", "Success rate (partials count half)", "Calibration bias", "Practice consistency"]
    {
        assert!(report.contains(&format!(r#"<th scope="row">{row}</th>"#)), "{row}: {report}");
    }
    assert!(report.contains("day 1 of 30") && report.contains(r#"href="/domains/running/audit""#), "{report}");
    assert!(!report.contains("Celebrate finishing it"), "not finished");
    assert!(site.get("/programs").await.body.contains("30-day experiment"));
}

#[tokio::test]
async fn a_start_that_cannot_be_made_is_refused_beside_its_field_and_stores_nothing() {
    let site = site(false).await;
    add_running(&site).await;
    for (fields, field, says) in [
        (&[("domain", ""), ("starts_on", "")], "domain", "choose a domain"),
        (&[("domain", "nowhere"), ("starts_on", "")], "domain", "no domain matches"),
        (&[("domain", "running"), ("starts_on", "someday")], "starts_on", "someday"),
        (&[("domain", "running"), ("starts_on", "2026-12-01")], "form", "in the future"),
    ] {
        let refused = site.post("/programs", fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        if field != "form" {
            assert!(refused.body.contains(&format!(r#"id="{field}-error""#)), "{field}: {}", refused.body);
        }
        assert!(refused.body.contains(says), "{says}: {}", refused.body);
        assert_eq!(programs(&site).await, 0, "{field}: nothing stored");
    }
}

#[tokio::test]
async fn reading_a_finished_report_changes_nothing_and_its_finish_is_celebrated_once() {
    let site = site(false).await;
    add_running(&site).await;
    let started = site.post("/programs", &[("domain", "running"), ("starts_on", "2026-10-01")]).await;
    let report = site.get(started.location.as_deref().unwrap()).await.body;
    assert!(report.contains("Before and after") && report.contains("Celebrate finishing it"), "{report}");
    assert!(site.check.celebrations(None).await.unwrap().is_empty(), "reading the report celebrated nothing");

    let id = site.check.programs().await.unwrap()[0].id;
    let asked = site.post(&format!("/programs/{id}/celebrate"), &[]).await;
    assert_eq!(asked.status, StatusCode::OK, "the first click asks: {}", asked.body);
    assert!(asked.body.contains("Celebrate finishing this program?"), "{}", asked.body);
    let confirm_form = format!(r#"<form method="post" action="/programs/{id}/celebrate">"#);
    assert!(
        asked.body.contains(&confirm_form) && asked.body.contains(r#"name="confirm" value="yes""#),
        "{}",
        asked.body
    );
    assert!(site.check.celebrations(None).await.unwrap().is_empty(), "the first click celebrates nothing");

    let celebrated = site.post(&format!("/programs/{id}/celebrate"), &[("confirm", "yes")]).await;
    let celebrations = site.check.celebrations(None).await.unwrap();
    assert_eq!(celebrations.len(), 1);
    assert_eq!(celebrations[0].title, "Program finished: 30-day experiment");
    assert_eq!(celebrated.location, Some(format!("/celebrations/{}", celebrations[0].id)));
    let again = site.post(&format!("/programs/{id}/celebrate"), &[("confirm", "yes")]).await;
    assert_eq!(again.location.as_deref(), Some("/domains/running"), "once only");
    assert_eq!(site.check.celebrations(None).await.unwrap().len(), 1);
    assert_eq!(site.get("/programs/nowhere").await.status, StatusCode::NOT_FOUND);
}
