//! The app's words in the browser: refusals name no command-line flag and sit beside their
//! fields, source-mix gaps and the month's re-audit name no command, a cleared review box clears
//! its answer, dates are the person's local day, and the API's refusals of a query or by the
//! guard are JSON like its others.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiff::tz::TimeZone;
use serde_json::Value;
use support::{HOST, Site, escaped, refused_at, site, site_with_one_domain};
use tower::ServiceExt;

/// The text of the element with `id`, up to its closing `</p>`.
fn message<'a>(body: &'a str, id: &str) -> &'a str {
    let at = body.find(&format!(r#"id="{id}""#)).unwrap_or_else(|| panic!("no {id} in {body}"));
    &body[at..at + body[at..].find("</p>").unwrap()]
}

/// Asserts that `text` names no flag and no command of the command line.
fn interface_neutral(text: &str) {
    assert!(!text.contains("--") && !text.contains("mastery "), "names a flag or command: {text}");
}

#[tokio::test]
async fn a_blank_checkin_shows_the_apps_message_on_the_form_without_flags() {
    let site = site_with_one_domain().await;
    let empty = site.post("/checkin", &[("sleep", ""), ("exercise", " "), ("mood", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let alert = &empty.body[empty.body.find(r#"role="alert""#).expect("the form's alert")..];
    let alert = &alert[..alert.find("</div>").unwrap()];
    assert!(
        alert.contains("a check-in needs at least one measure: sleep, exercise, stress, energy or mood"),
        "{alert}"
    );
    interface_neutral(alert);
    assert!(site.check.checkins().await.unwrap().is_empty(), "nothing stored");
}

#[tokio::test]
async fn a_blank_feedback_giver_is_refused_beside_its_field_without_flags() {
    let site = site_with_one_domain().await;
    let fields = [("feedback_domain", "running"), ("feedback_from", "  "), ("feedback_text", "Good pacing")];
    let refused = site.post("/people/feedback", &fields).await;
    refused_at(&refused, "feedback_from", "feedback giver must not be empty");
    interface_neutral(message(&refused.body, "feedback_from-error"));
    assert!(site.check.feedback_received(None).await.unwrap().is_empty(), "nothing stored");
}

#[tokio::test]
async fn a_reflection_without_effort_or_strategy_is_refused_beside_effort_without_flags() {
    let site = site(true).await;
    let celebration = site.check.celebrations(None).await.unwrap().into_iter().next().expect("the demo celebrates");
    let path = format!("/celebrations/{}", celebration.id);
    let refused = site.post(&path, &[("effort", " "), ("strategy", "")]).await;
    refused_at(&refused, "effort", "say what produced it");
    interface_neutral(message(&refused.body, "effort-error"));
    let after = site.check.celebrations(None).await.unwrap().into_iter().find(|c| c.id == celebration.id).unwrap();
    assert_eq!((after.effort, after.strategy), (celebration.effort, celebration.strategy), "nothing stored");
}

#[tokio::test]
async fn clearing_a_review_box_removes_its_saved_answer() {
    let site = site(true).await;
    let first = [("week", "2026-W46"), ("well", "Kept the morning slot"), ("plan", "Rehearse on Monday")];
    assert_eq!(site.post("/review", &first).await.status, StatusCode::SEE_OTHER);
    let cleared =
        [("week", "2026-W46"), ("well", ""), ("differently", ""), ("learned", ""), ("plan", "Rehearse aloud")];
    let saved = site.post("/review", &cleared).await;
    assert_eq!(saved.location.as_deref(), Some("/review?week=2026-W46&saved=1"), "{}", saved.body);
    let answers: Vec<(String, String)> =
        site.check.review_week("2026-W46", &[]).await.unwrap().answers.into_iter().collect();
    assert_eq!(answers, [("plan".to_owned(), "Rehearse aloud".to_owned())]);
    let page = site.get("/review?week=2026-W46").await.body;
    assert!(!page.contains("Kept the morning slot") && page.contains("Rehearse aloud"), "{page}");

    let all_blank = [("week", "2026-W46"), ("plan", " ")];
    assert_eq!(site.post("/review", &all_blank).await.status, StatusCode::SEE_OTHER);
    assert!(site.check.review_week("2026-W46", &[]).await.unwrap().answers.is_empty(), "every answer cleared");
}

#[tokio::test]
async fn gaps_and_the_reaudit_name_no_command_and_the_month_links_to_each_audit() {
    let running = support::site_with_one_goal().await;
    let people = running.get("/people").await.body;
    let gaps = running.check.source_mix(None).await.unwrap().domains.remove(0).gaps;
    assert_eq!(gaps.len(), 4, "Running has no experience of any source");
    for gap in &gaps {
        interface_neutral(&gap.statement);
        assert!(people.contains(&escaped(&gap.statement)), "{}", gap.statement);
    }

    let demo = site(true).await;
    let month = demo.check.review_month("2026-10", &[]).await.unwrap().trajectory.unwrap();
    interface_neutral(&month.reaudit);
    let page = demo.get("/review/month?month=2026-10").await.body;
    assert!(page.contains(&escaped(&month.reaudit)), "{page}");
    assert!(!month.audits.is_empty(), "the demo audits before its last month");
    // Only the domains whose re-audit is due are asked again, as status lists them.
    let schedule = demo.check.audit_schedule().await.unwrap();
    let due: Vec<String> = schedule.into_iter().filter(|a| a.overdue_days >= 0).map(|a| a.domain).collect();
    assert_eq!(month.reaudit_domains, due);
    for domain in &month.reaudit_domains {
        assert!(page.contains(&format!(r#"<a href="/domains/{domain}/audit">Re-audit {domain}</a>"#)), "{domain}");
    }
}

#[tokio::test]
async fn a_domains_evidence_shows_the_local_day() {
    let site = site(true).await;
    let page = site.get("/domains/public-speaking").await.body;
    let evidence = site.check.evidence(Some("public-speaking"), 10).await.unwrap();
    assert!(!evidence.is_empty());
    for e in &evidence {
        let day = e.at.to_zoned(TimeZone::system()).date();
        let line = format!("<strong>{}</strong> — {day}", escaped(&e.title));
        assert!(page.contains(&line), "{line}");
    }
}

/// A call to the API with JSON, with the token header or without.
async fn call(site: &Site, method: &str, path: &str, token: bool) -> (StatusCode, Value, Option<String>) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json");
    if token {
        request = request.header("x-csrf-token", &site.token);
    }
    let body = if method == "POST" { Body::from(r#"{"name": "Chess", "area": "learning"}"#) } else { Body::empty() };
    let response = site.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    let kind = response.headers().get(header::CONTENT_TYPE).map(|c| c.to_str().unwrap().to_owned());
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null), kind)
}

#[tokio::test]
async fn the_apis_refusals_of_a_query_and_by_the_guard_are_json() {
    let site = site(true).await;
    let (status, json, kind) = call(&site, "GET", "/api/v1/attempts?pending=maybe", false).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(kind.as_deref(), Some("application/json"));
    assert!(json["error"].as_str().is_some_and(|e| e.contains("pending")), "{json}");
    let (status, json, _) = call(&site, "GET", "/api/v1/models?domain=public-speaking&domain=running", false).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    assert!(json["error"].is_string(), "{json}");

    let domains = site.check.domains(true).await.unwrap().len();
    let (status, json, kind) = call(&site, "POST", "/api/v1/domains", false).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(kind.as_deref(), Some("application/json"));
    assert!(json["error"].as_str().is_some_and(|e| e.contains("token")), "{json}");
    assert_eq!(site.check.domains(true).await.unwrap().len(), domains, "nothing stored");

    let page = site.post_raw("/domains", "name=Chess&area=learning".to_owned(), &format!("http://{HOST}")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.starts_with("Forbidden: "), "pages keep their text: {}", page.body);
    let (status, _, _) = call(&site, "POST", "/api/v1/domains", true).await;
    assert_eq!(status, StatusCode::CREATED, "the same call with the token goes through");
}
