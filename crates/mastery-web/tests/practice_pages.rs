//! The practice page through the router, on a real SQLite store: what it shows on the demo, on a
//! store with one domain and on an empty one; each form storing exactly what was sent; and each
//! refusal beside its field, as a 422, with nothing stored.

mod support;

use axum::http::StatusCode;
use mastery_domain::practice::Weekdays;
use support::{Site, escaped, refused_at, site, site_with_one_domain};

async fn nothing_stored(site: &Site) {
    assert!(site.check.practice_status(None).await.unwrap().is_empty(), "no plan");
    assert!(site.check.practice_sessions(None, 100).await.unwrap().is_empty(), "no session");
    assert!(site.check.rest_days_ahead().await.unwrap().is_empty(), "no rest day");
}

#[tokio::test]
async fn the_page_renders_on_the_demo_on_one_domain_and_on_an_empty_store() {
    let demo = site(true).await;
    let page = demo.get("/practice").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for part in ["<main", r#"href="/help-now""#, r#"href="/practice""#, r#"href="/people""#] {
        assert!(page.body.contains(part), "{part}");
    }
    for part in ["Set a practice plan", "Log a session", "Declare a rest day", r#"value="public-speaking""#] {
        assert!(page.body.contains(part), "{part}");
    }

    let site = site_with_one_domain().await;
    let page = site.get("/practice").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for empty in ["No practice plan yet. Set one below", "No session logged yet", "No rest day ahead"] {
        assert!(page.body.contains(empty), "{empty}");
    }
    assert!(page.body.contains(r#"<option value="running" selected>"#), "the only domain is chosen");

    let empty = support::site(false).await.get("/practice").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Practice belongs to a domain") && empty.body.contains(r#"href="/domains""#));
    assert!(!empty.body.contains("<form"), "no form without a domain to choose");
}

#[tokio::test]
async fn a_plan_stores_the_days_and_minutes_sent_and_a_new_one_replaces_it() {
    let site = site_with_one_domain().await;
    let fields = [("plan_domain", "running"), ("plan_days", "mon"), ("plan_days", "wed"), ("plan_days", "fri")];
    let saved = site.post("/practice/plan", &[&fields[..], &[("plan_minutes", "25")]].concat()).await;
    assert_eq!((saved.status, saved.location.as_deref()), (StatusCode::SEE_OTHER, Some("/practice")), "{}", saved.body);
    let status = site.check.practice_status(None).await.unwrap();
    assert_eq!(status.len(), 1);
    assert_eq!((status[0].domain.as_str(), status[0].minutes), ("running", 25));
    assert_eq!(status[0].days, "mon,wed,fri".parse::<Weekdays>().unwrap());
    let page = site.get("/practice").await.body;
    assert!(page.contains("25 min, Mon, Wed, Fri"), "{page}");
    // Saturday 21 November is not a planned day.
    assert!(page.contains("Done or not due") && page.contains("Loop Habit Tracker"), "{page}");
    assert!(page.contains(&escaped(&status[0].formula)), "the formula with its inputs");

    let days: Vec<(&str, &str)> =
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().map(|d| ("plan_days", *d)).collect();
    let daily = [&[("plan_domain", "running"), ("plan_minutes", "30")], &days[..]].concat();
    assert_eq!(site.post("/practice/plan", &daily).await.status, StatusCode::SEE_OTHER);
    let status = site.check.practice_status(None).await.unwrap();
    assert_eq!(status.len(), 1, "one plan per domain");
    assert_eq!((status[0].minutes, status[0].days), (30, Weekdays::DAILY));
    assert!(status[0].due_today);
    let page = site.get("/practice").await.body;
    assert!(page.contains("30 min, every day") && page.contains("Due today"), "{page}");
}

#[tokio::test]
async fn a_plan_without_a_day_with_bad_minutes_or_an_unknown_domain_is_refused_beside_the_field() {
    let site = site_with_one_domain().await;
    let none = site.post("/practice/plan", &[("plan_domain", "running"), ("plan_minutes", "0")]).await;
    refused_at(&none, "plan_days", "choose at least one day");
    refused_at(&none, "plan_minutes", "from 1 to 1440; got 0");
    assert!(none.body.contains("Nothing was saved"));

    let abc =
        site.post("/practice/plan", &[("plan_domain", "running"), ("plan_days", "wed"), ("plan_minutes", "abc")]).await;
    refused_at(&abc, "plan_minutes", "got abc");
    assert!(abc.body.contains(r#"value="abc""#) && abc.body.contains(r#"value="wed" checked"#), "what was sent stays");

    let funday = site
        .post("/practice/plan", &[("plan_domain", "running"), ("plan_days", "funday"), ("plan_minutes", "20")])
        .await;
    refused_at(&funday, "plan_days", "unknown day 'funday'");

    let nowhere =
        site.post("/practice/plan", &[("plan_domain", "nowhere"), ("plan_days", "mon"), ("plan_minutes", "20")]).await;
    refused_at(&nowhere, "plan_domain", "no domain matches 'nowhere'");
    let blank = site.post("/practice/plan", &[("plan_domain", ""), ("plan_days", "mon"), ("plan_minutes", "20")]).await;
    refused_at(&blank, "plan_domain", "choose a domain");
    nothing_stored(&site).await;
}

#[tokio::test]
async fn a_session_stores_the_minutes_note_and_day_sent() {
    let site = site_with_one_domain().await;
    let fields = [
        ("log_domain", "running"),
        ("log_minutes", "40"),
        ("log_note", "Intervals: 6 × 400 m & a \"slow\" jog"),
        ("log_at", "yesterday 07:15"),
    ];
    let saved = site.post("/practice/log", &fields).await;
    assert_eq!((saved.status, saved.location.as_deref()), (StatusCode::SEE_OTHER, Some("/practice")), "{}", saved.body);
    let sessions = site.check.practice_sessions(None, 10).await.unwrap();
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!((s.domain.as_str(), s.minutes, s.note.as_deref()), ("running", 40, Some(fields[2].1)));
    assert_eq!(s.at, "2026-11-20T07:15:00+01:00".parse::<jiff::Timestamp>().unwrap());

    let now = site.post("/practice/log", &[("log_domain", "running"), ("log_minutes", "20")]).await;
    assert_eq!(now.status, StatusCode::SEE_OTHER);
    let sessions = site.check.practice_sessions(None, 10).await.unwrap();
    assert_eq!(
        (sessions[0].on.to_string().as_str(), sessions[0].note.as_deref()),
        ("2026-11-21", None),
        "newest first"
    );
    let page = site.get("/practice").await.body;
    assert!(page.contains("Fri 2026-11-20") && page.contains(&escaped(fields[2].1)), "{page}");
}

#[tokio::test]
async fn a_session_with_bad_minutes_a_bad_time_or_an_unknown_domain_is_refused_beside_the_field() {
    let site = site_with_one_domain().await;
    let zero =
        site.post("/practice/log", &[("log_domain", "running"), ("log_minutes", "0"), ("log_note", "Hills")]).await;
    refused_at(&zero, "log_minutes", "got 0");
    assert!(zero.body.contains(r#"value="Hills""#), "the note stays");
    let abc = site.post("/practice/log", &[("log_domain", "running"), ("log_minutes", "abc")]).await;
    refused_at(&abc, "log_minutes", "got abc");
    let blank = site.post("/practice/log", &[("log_domain", "running"), ("log_minutes", "")]).await;
    refused_at(&blank, "log_minutes", "how many minutes");
    let future = site
        .post("/practice/log", &[("log_domain", "running"), ("log_minutes", "20"), ("log_at", "tomorrow 07:00")])
        .await;
    refused_at(&future, "log_at", "in the future");
    let unreadable = site
        .post("/practice/log", &[("log_domain", "running"), ("log_minutes", "20"), ("log_at", "the other day")])
        .await;
    refused_at(&unreadable, "log_at", "could not read 'the other day'");
    let nowhere = site.post("/practice/log", &[("log_domain", "nowhere"), ("log_minutes", "20")]).await;
    refused_at(&nowhere, "log_domain", "no domain matches");
    nothing_stored(&site).await;
}

#[tokio::test]
async fn a_rest_day_stores_the_day_and_domain_sent_and_a_past_or_repeated_one_is_refused() {
    let site = site_with_one_domain().await;
    let past = site.post("/practice/rest", &[("rest_date", "yesterday"), ("rest_domain", "")]).await;
    refused_at(&past, "rest_date", "a past day (2026-11-20) cannot become one");
    let blank = site.post("/practice/rest", &[("rest_date", " "), ("rest_domain", "")]).await;
    refused_at(&blank, "rest_date", "which day");
    let unreadable = site.post("/practice/rest", &[("rest_date", "someday"), ("rest_domain", "")]).await;
    refused_at(&unreadable, "rest_date", "could not read 'someday'");
    let nowhere = site.post("/practice/rest", &[("rest_date", "tomorrow"), ("rest_domain", "nowhere")]).await;
    refused_at(&nowhere, "rest_domain", "no domain matches");
    nothing_stored(&site).await;

    let running = site.post("/practice/rest", &[("rest_date", "2026-11-24"), ("rest_domain", "running")]).await;
    assert_eq!((running.status, running.location.as_deref()), (StatusCode::SEE_OTHER, Some("/practice")));
    let all = site.post("/practice/rest", &[("rest_date", "today"), ("rest_domain", "")]).await;
    assert_eq!(all.status, StatusCode::SEE_OTHER, "{}", all.body);
    let ahead: Vec<(String, Option<String>)> =
        site.check.rest_days_ahead().await.unwrap().into_iter().map(|r| (r.on.to_string(), r.domain)).collect();
    let expected = [("2026-11-21".to_owned(), None), ("2026-11-24".to_owned(), Some("running".to_owned()))];
    assert_eq!(ahead, expected);
    let page = site.get("/practice").await.body;
    assert!(page.contains("Sat 2026-11-21: all practice") && page.contains("Tue 2026-11-24: Running"), "{page}");

    let again = site.post("/practice/rest", &[("rest_date", "2026-11-24"), ("rest_domain", "running")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("2026-11-24 is already a rest day for running"), "{}", again.body);
    assert_eq!(site.check.rest_days_ahead().await.unwrap().len(), 2, "nothing more stored");
}

#[tokio::test]
async fn a_note_that_suggests_self_harm_shows_the_crisis_lines_after_saving() {
    let site = site_with_one_domain().await;
    let saved = site
        .post(
            "/practice/log",
            &[("log_domain", "running"), ("log_minutes", "20"), ("log_note", "I want to kill myself")],
        )
        .await;
    assert_eq!((saved.status, saved.location.as_deref()), (StatusCode::SEE_OTHER, Some("/help-now?then=/practice")));
    assert_eq!(site.check.practice_sessions(None, 10).await.unwrap().len(), 1, "the session was saved");
}

#[tokio::test]
async fn a_form_without_the_token_is_refused_before_anything_is_stored() {
    let site = site_with_one_domain().await;
    let body = "plan_domain=running&plan_days=mon&plan_minutes=20".to_owned();
    let refused = site.post_raw("/practice/plan", body, &format!("http://{}", support::HOST)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    nothing_stored(&site).await;
}
