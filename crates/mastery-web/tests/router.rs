//! Every page, form and API call driven through the router in-process, on a real SQLite store:
//! validation messages beside their fields with nothing stored, and the local-safety refusals.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use mastery_app::AttemptFilter;

use support::{HOST, PAGES, served_site, site};

#[tokio::test]
async fn every_page_renders_with_help_now_one_click_away() {
    let site = site(true).await;
    for path in PAGES {
        let reply = site.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        assert!(reply.body.contains(r#"href="/help-now""#), "{path}");
        assert!(reply.body.contains("<main"), "{path} has a main landmark");
    }
    assert_eq!(site.get("/healthz").await.body, "ok");
    let today = site.get("/").await.body;
    assert!(today.contains("Next challenges") && today.contains("repeat it to consolidate"), "the engine's reason");
    let domain = site.get("/domains/public-speaking").await.body;
    for part in ["Ladder: ", "Predicted success", "Evidence file", "Calibration", "Efficacy trajectory", "Insights"] {
        assert!(domain.contains(part), "{part}");
    }
    assert!(domain.contains(r#"<svg class="chart""#) && domain.contains("The chart as a table"));
    let missing = site.get("/domains/nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("no domain matches"), "{}", missing.body);
}

#[tokio::test]
async fn an_empty_store_shows_the_first_run_page_and_its_form_refuses_a_blank_name() {
    let site = site(false).await;
    let first = site.get("/").await.body;
    assert!(first.contains("Welcome to Mastery") && first.contains("mastery serve --demo"), "{first}");
    let blank = site.post("/domains", &[("name", "  "), ("area", "career")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains(r#"id="name-error""#) && blank.body.contains("must not be empty"), "{}", blank.body);
    assert!(blank.body.contains(r#"aria-invalid="true""#));
    let bad_area = site.post("/domains", &[("name", "Chess"), ("area", "hobby")]).await;
    assert!(bad_area.body.contains(r#"id="area-error""#), "{}", bad_area.body);
    assert!(site.check.domains(true).await.unwrap().is_empty(), "nothing stored");
    let added = site.post("/domains", &[("name", "Chess"), ("area", "learning")]).await;
    assert_eq!((added.status, added.location.as_deref()), (StatusCode::SEE_OTHER, Some("/domains/chess")));
    assert_eq!(site.get("/domains/chess").await.status, StatusCode::OK);
}

#[tokio::test]
async fn plan_record_and_the_reattribution_step_with_errors_beside_their_fields() {
    let site = site(true).await;
    let before = site.attempts().await;
    let ladder = site.check.ladder("public-speaking").await.unwrap();
    let rung = ladder.rungs[2].challenge_id.to_string();

    let form = site.get(&format!("/attempts/new?challenge={rung}")).await.body;
    assert!(form.contains(&format!(r#"value="{rung}" selected"#)), "the rung is chosen");
    let bad = site.post("/attempts/new", &[("challenge", ""), ("confidence", "55"), ("sleep", "30")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["challenge", "confidence", "sleep"] {
        assert!(bad.body.contains(&format!(r#"id="{field}-error""#)), "{field}: {}", bad.body);
    }
    assert_eq!(site.attempts().await, before, "nothing stored");

    let planned = site.post("/attempts/new", &[("challenge", &rung), ("confidence", "60"), ("energy", "4")]).await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.body);
    let record = planned.location.unwrap();
    assert_eq!(site.attempts().await, before + 1);
    assert!(site.get(&record).await.body.contains("your forecast: 60%"));

    let no_outcome = site.post(&record, &[("did", "Practised twice")]).await;
    assert_eq!(no_outcome.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_outcome.body.contains(r#"id="outcome-error""#), "{}", no_outcome.body);
    assert!(no_outcome.body.contains("Practised twice"), "what was typed stays");

    let failed = site.post(&record, &[("outcome", "failure"), ("cause", "ability")]).await;
    assert_eq!(failed.status, StatusCode::SEE_OTHER, "{}", failed.body);
    let next_time = failed.location.unwrap();
    assert!(next_time.ends_with("/next-time"), "{next_time}");
    let step = site.get(&next_time).await.body;
    assert!(step.contains("if–then plan"), "{step}");

    let vague = site.post(&next_time, &[("next_time", "Rehearse the opening"), ("if_then", "try harder")]).await;
    assert_eq!(vague.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(vague.body.contains(r#"id="if_then-error""#), "{}", vague.body);
    let planned = site
        .post(
            &next_time,
            &[
                ("next_time", "Rehearse the opening twice"),
                ("if_then", "If I blank on a slide, then I will glance at my notes"),
            ],
        )
        .await;
    assert_eq!(
        (planned.status, planned.location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/domains/public-speaking"))
    );
    let last = site.check.attempts(AttemptFilter { last: Some(1), ..Default::default() }).await.unwrap();
    assert!(last[0].reattribution.is_some(), "{:?}", last[0]);
}

#[tokio::test]
async fn a_foreign_host_origin_or_missing_token_is_refused_and_changes_nothing() {
    let site = site(false).await;
    for host in ["evil.example:7878", "127.0.0.1:80", "attacker.test"] {
        let request = Request::get("/").header(header::HOST, host).body(Body::empty()).unwrap();
        assert_eq!(site.send(request).await.status, StatusCode::FORBIDDEN, "{host}");
    }
    let no_host = Request::get("/healthz").body(Body::empty()).unwrap();
    assert_eq!(site.send(no_host).await.status, StatusCode::FORBIDDEN);
    let localhost = Request::get("/healthz").header(header::HOST, "localhost:7878").body(Body::empty()).unwrap();
    assert_eq!(site.send(localhost).await.status, StatusCode::OK);

    let body = || format!("csrf={}&name=Chess&area=learning", site.token);
    let foreign = site.post_raw("/domains", body(), "http://evil.example").await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let no_token = site.post_raw("/domains", "name=Chess&area=learning".into(), "http://127.0.0.1:7878").await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let wrong = site.post_raw("/domains", "csrf=0123&name=Chess&area=learning".into(), "http://127.0.0.1:7878").await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let rebound = Request::post("/domains")
        .header(header::HOST, "evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body()))
        .unwrap();
    assert_eq!(site.send(rebound).await.status, StatusCode::FORBIDDEN);
    assert!(site.check.domains(true).await.unwrap().is_empty(), "nothing changed");
}

#[tokio::test]
async fn the_api_serves_the_views_and_plans_with_the_token_header() {
    let site = site(true).await;
    let today = site.get("/api/v1/today").await;
    let json: serde_json::Value = serde_json::from_str(&today.body).unwrap();
    assert!(json["next"].as_array().is_some_and(|n| !n.is_empty()), "{json}");
    let calibration: serde_json::Value =
        serde_json::from_str(&site.get("/api/v1/domains/public-speaking/calibration").await.body).unwrap();
    assert!(calibration["bins"].as_array().is_some_and(|b| !b.is_empty()));
    let missing = site.get("/api/v1/domains/nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("\"error\""));

    let rung = site.check.ladder("public-speaking").await.unwrap().rungs[0].challenge_id.to_string();
    let plan = |token: Option<&str>| {
        let mut request = Request::post("/api/v1/attempts")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        request.body(Body::from(format!(r#"{{"challenge":"{rung}","confidence":70}}"#))).unwrap()
    };
    let before = site.attempts().await;
    assert_eq!(site.send(plan(None)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(site.attempts().await, before);
    let token: serde_json::Value = serde_json::from_str(&site.get("/api/v1/csrf").await.body).unwrap();
    let created = site.send(plan(token["token"].as_str())).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(site.attempts().await, before + 1);

    let document: serde_json::Value = serde_json::from_str(&site.get("/api/v1/openapi.json").await.body).unwrap();
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{document}");
    for path in ["/csrf", "/today", "/domains", "/domains/{slug}", "/domains/{slug}/calibration", "/attempts"] {
        assert!(document["paths"][path].is_object(), "{path} in {document}");
    }
    assert!(document["components"]["schemas"]["Plan"].is_object(), "{document}");
}

#[tokio::test]
async fn an_audit_asks_every_item_and_refuses_a_missing_rating() {
    let site = site(true).await;
    let form = site.get("/domains/public-speaking/audit").await;
    assert_eq!(form.status, StatusCode::OK);
    let items = site.check.audit_form("public-speaking", None).await.unwrap().scale.items.len();
    assert!(form.body.contains(&format!(r#"name="item-{items}""#)) && form.body.contains("highly certain"));
    let scale = site.check.audit_form("public-speaking", None).await.unwrap().scale.id;
    let mut answers: Vec<(String, String)> = (1..=items).map(|i| (format!("item-{i}"), "60".to_owned())).collect();
    answers.push(("scale".to_owned(), scale));
    let fields = |skip: usize| -> Vec<(&str, &str)> {
        answers.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, (k, v))| (k.as_str(), v.as_str())).collect()
    };
    let before = site.check.audit_history("public-speaking").await.unwrap().audits.len();
    let missing = site.post("/domains/public-speaking/audit", &fields(1)).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains(r#"id="item-2-error""#), "{}", missing.body);
    assert!(missing.body.contains(r#"value="60" checked"#), "the other answers stay");
    assert_eq!(site.check.audit_history("public-speaking").await.unwrap().audits.len(), before, "nothing stored");
    let taken = site.post("/domains/public-speaking/audit", &fields(usize::MAX)).await;
    assert_eq!((taken.status, taken.location.as_deref()), (StatusCode::SEE_OTHER, Some("/domains/public-speaking")));
    assert_eq!(site.check.audit_history("public-speaking").await.unwrap().audits.len(), before + 1);
    let page = site.get("/domains/public-speaking").await.body;
    // The change's working ends its own sentence before the due date starts the next.
    assert!(page.contains(".</p><p>Next audit due "), "{page}");
}

#[tokio::test]
async fn text_that_suggests_self_harm_shows_the_crisis_lines_after_saving() {
    let site = site(true).await;
    let rung = site.check.ladder("public-speaking").await.unwrap().rungs[0].challenge_id.to_string();
    let planned = site.post("/attempts/new", &[("challenge", &rung), ("confidence", "70")]).await;
    let record = planned.location.unwrap();
    let saved = site.post(&record, &[("outcome", "success"), ("lesson", "I want to kill myself")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let help = saved.location.unwrap();
    assert_eq!(help, "/help-now?then=/domains/public-speaking");
    let page = site.get(&help).await.body;
    assert!(page.contains("Your record was saved") && page.contains("988"), "{page}");
    assert!(page.contains(r#"href="/domains/public-speaking""#));
    let last = site.check.attempts(AttemptFilter { last: Some(1), ..Default::default() }).await.unwrap();
    assert!(last[0].outcome.is_some(), "the record was saved");
    let elsewhere = site.get("/help-now?then=//evil.example").await.body;
    assert!(!elsewhere.contains("evil.example"), "never a link off the site");
}

/// Pages are served again from memory until the store changes, whether the change comes from the
/// site itself or from another process (a `mastery` command).
#[tokio::test]
async fn kept_pages_follow_every_change_to_the_store() {
    // One connection, as `mastery serve` opens it, so the data version can be trusted; `check`
    // is another process's view of the same file.
    let site = served_site().await;
    site.check.demo(7).await.unwrap();

    let first = site.get("/domains").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(site.get("/domains").await.body, first.body, "the same page while nothing changed");

    site.check
        .add_domain(mastery_app::NewDomain {
            name: "Chess".to_owned(),
            area: mastery_domain::domain::LifeArea::Learning,
            description: None,
        })
        .await
        .unwrap();
    // Another process's write shows once the data version is read again (at most 200 ms later).
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let after_other = site.get("/domains").await;
    assert!(after_other.body.contains("Chess"), "a write by another process shows at once");

    let added = site.post("/domains", &[("name", "Cello"), ("area", "learning")]).await;
    assert!(added.status.is_redirection() || added.status == StatusCode::OK, "{}", added.status);
    assert!(site.get("/domains").await.body.contains("Cello"), "the site's own write shows at once");
}

/// What every response tells the browser: no framing (a click on this site cannot be lured from
/// another), no script and nothing from elsewhere, nothing kept on disk, no address sent elsewhere.
#[tokio::test]
async fn every_response_forbids_framing_scripts_and_keeping_personal_pages() {
    let site = site(true).await;
    let policy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                  frame-ancestors 'none'; base-uri 'none'";
    let refused = site.send(Request::get("/").header(header::HOST, "evil.example").body(Body::empty()).unwrap()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    for reply in
        [site.get("/").await, site.get("/domains/public-speaking").await, site.get("/api/v1/domains").await, refused]
    {
        let header = |name: header::HeaderName| reply.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(header(header::CONTENT_SECURITY_POLICY).as_deref(), Some(policy));
        assert_eq!(header(header::X_FRAME_OPTIONS).as_deref(), Some("DENY"));
        assert_eq!(header(header::X_CONTENT_TYPE_OPTIONS).as_deref(), Some("nosniff"));
        assert_eq!(header(header::REFERRER_POLICY).as_deref(), Some("same-origin"));
        assert_eq!(header(header::CACHE_CONTROL).as_deref(), Some("no-store"));
    }

    let page = site.get("/").await.body;
    let href = page.split(r#"<link rel="stylesheet" href=""#).nth(1).and_then(|rest| rest.split('"').next());
    let href = href.expect("the page links its stylesheet").replace("&amp;", "&");
    assert!(!page.contains("<style") && !page.contains("<script"), "nothing inline for the policy to allow");
    let css = site.get(&href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers.get(header::CONTENT_TYPE).unwrap(), "text/css");
    assert_eq!(css.headers.get(header::CACHE_CONTROL).unwrap(), "public, max-age=86400");
    assert!(css.body.contains(".table-wrap"), "the stylesheet itself");
}
