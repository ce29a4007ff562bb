//! The weekly and monthly review pages and Today's remaining parts (practice, the check-in, the
//! review due), driven through the router on a real SQLite store: the figures as the app counts
//! them, answers and check-ins stored, and refusals beside their fields with nothing stored.

mod support;

use axum::http::StatusCode;
use mastery_app::NewPracticePlan;
use mastery_app::views::ReviewView;

use support::{Site, site};

/// `<dt>label</dt><dd>value</dd>`, as the review page lists its figures.
fn figure(label: &str, value: impl std::fmt::Display) -> String {
    format!("<dt>{label}</dt><dd>{value}</dd>")
}

async fn answers(site: &Site, week: &str) -> Vec<(String, String)> {
    site.check.review_week(week, &[]).await.unwrap().answers.into_iter().collect()
}

/// A site with one domain and no records, so Today shows its sections rather than the first run.
async fn started() -> Site {
    let site = site(false).await;
    let added = site.post("/domains", &[("name", "Chess"), ("area", "learning")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    site
}

#[tokio::test]
async fn the_review_page_shows_the_weeks_figures_as_the_app_counts_them() {
    let site = site(true).await;
    let view: ReviewView = site.check.review_week("2026-W46", &[]).await.unwrap();
    assert!(view.outcomes.attempts > 0 && view.checkins.n > 0, "the demo's last week has records: {view:?}");
    let reply = site.get("/review?week=2026-W46").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = reply.body;
    assert!(page.contains("Weekly review 2026-W46") && page.contains("2026-11-09 to 2026-11-15"), "{page}");
    let p = view.practice_kept;
    let mean = |v: Option<f64>| format!("{:.1}", v.unwrap());
    for expected in [
        figure("Attempts recorded", view.outcomes.attempts),
        figure("Successes", view.outcomes.successes),
        figure("New evidence", view.new_evidence.len()),
        figure("Planned practice days kept", format!("{} of {}", p.kept_days, p.planned_days)),
        figure("Practice sessions", p.sessions),
        figure("Minutes practised", p.minutes),
        figure("Check-ins", view.checkins.n),
        figure("Average sleep (hours)", mean(view.checkins.sleep_hours)),
        figure("Average energy (1–5)", mean(view.checkins.energy)),
        figure("Milestones celebrated", view.celebrations.len()),
    ] {
        assert!(page.contains(&expected), "{expected} in {page}");
    }
    if let Some(bias) = view.calibration_bias {
        let gap = figure("Calibration gap (forecast minus results)", format!("{:+.0} points", bias * 100.0));
        assert!(page.contains(&gap), "{gap}");
    }
    for e in &view.new_evidence {
        assert!(page.contains(&maud::html! { (e.title) }.into_string()), "evidence {}", e.title);
    }
    assert!(page.contains(r#"href="/review?week=2026-W45" rel="prev""#), "the week before");
    assert!(page.contains(r#"href="/review?week=2026-W47" rel="next""#), "the week after");
    for prompt in &view.prompts {
        assert!(page.contains(&format!(r#"<textarea id="{}" name="{}""#, prompt.key, prompt.key)), "{}", prompt.key);
    }

    let this_week = site.get("/review").await.body;
    assert!(this_week.contains("Weekly review 2026-W47"), "the current week by default");
    let bad = site.get("/review?week=someday").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("could not read 'someday' as a week"), "{}", bad.body);
}

#[tokio::test]
async fn the_month_review_shows_its_trajectory() {
    let site = site(true).await;
    let view = site.check.review_month("2026-10", &[]).await.unwrap();
    let trajectory = view.trajectory.as_ref().expect("a month has a trajectory");
    let page = site.get("/review/month?month=2026-10").await.body;
    assert!(
        page.contains("Monthly review 2026-10") && page.contains(&figure("Attempts recorded", view.outcomes.attempts))
    );
    for line in trajectory.lines() {
        assert!(page.contains(&maud::html! { (line) }.into_string()), "{line}");
    }
    assert!(page.contains(r#"href="/review/month?month=2026-09" rel="prev""#));
    assert!(page.contains(r#"<textarea id="trajectory""#));
}

#[tokio::test]
async fn review_answers_are_saved_shown_again_and_take_the_review_off_today() {
    let site = site(true).await;
    assert_eq!(site.check.status().await.unwrap().review_due.as_deref(), Some("2026-W46"));
    let saved = site
        .post(
            "/review",
            &[
                ("week", "2026-W46"),
                ("well", "Kept the morning slot"),
                ("differently", "  "),
                ("plan", "If it is Tuesday 7 pm, then I will rehearse the opening"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/review?week=2026-W46&saved=1"));
    assert_eq!(
        answers(&site, "2026-W46").await,
        [
            ("plan".to_owned(), "If it is Tuesday 7 pm, then I will rehearse the opening".to_owned()),
            ("well".to_owned(), "Kept the morning slot".to_owned()),
        ],
        "the blank answer is no answer"
    );
    let shown = site.get("/review?week=2026-W46&saved=1").await.body;
    assert!(shown.contains("Your answers were saved"), "{shown}");
    assert!(
        shown.contains(
            r#"name="well" rows="3" aria-describedby="" aria-invalid="false">Kept the morning slot</textarea>"#
        )
    );
    let today = site.get("/").await.body;
    assert!(today.contains("No review is due.") && !today.contains("/review?week=2026-W46"), "{today}");

    let month = site.post("/review/month", &[("month", "last"), ("trajectory", "Fewer blanks since I rehearse")]).await;
    assert_eq!(month.location.as_deref(), Some("/review/month?month=2026-10&saved=1"));
    let stored = site.check.review_month("2026-10", &[]).await.unwrap().answers;
    assert_eq!(stored.get("trajectory").map(String::as_str), Some("Fewer blanks since I rehearse"));
}

#[tokio::test]
async fn a_review_that_cannot_be_saved_is_refused_beside_its_field_and_stores_nothing() {
    let site = site(true).await;
    let bad_week = site.post("/review", &[("week", "2026-W99"), ("well", "Kept the morning slot")]).await;
    assert_eq!(bad_week.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = r#"<p class="error" id="week-error">could not read '2026-W99' as a week"#;
    assert!(bad_week.body.contains(message), "{}", bad_week.body);
    assert!(bad_week.body.contains(r#"aria-invalid="true""#) && bad_week.body.contains("Kept the morning slot"));

    let unknown = site.post("/review", &[("week", "2026-W46"), ("well", "Kept it"), ("mood", "fine")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("well, differently, learned, plan"), "{}", unknown.body);
    assert!(
        unknown.body.contains(&figure("Check-ins", site.check.review_week("2026-W46", &[]).await.unwrap().checkins.n))
    );

    let bad_month = site.post("/review/month", &[("month", "2026-13"), ("trajectory", "Steadier")]).await;
    assert_eq!(bad_month.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_month.body.contains(r#"id="month-error""#), "{}", bad_month.body);

    for week in ["2026-W46", "this", "last"] {
        assert!(answers(&site, week).await.is_empty(), "nothing stored for {week}");
    }
    assert!(site.check.review_month("this", &[]).await.unwrap().answers.is_empty());
    assert!(site.check.review_month("last", &[]).await.unwrap().answers.is_empty());
}

#[tokio::test]
async fn today_shows_practice_the_review_and_the_checkin_from_the_status() {
    let site = site(true).await;
    // Through the second app, not the page: a kept Today would not see that app's write at once.
    let due: Vec<String> = site.check.status().await.unwrap().practice_due.into_iter().map(|p| p.domain).collect();
    assert_eq!(due, ["spanish"], "the demo's daily Spanish, not yet practised today");
    let plan = NewPracticePlan { domain: "running".into(), minutes: 25, days: "sat,sun".parse().unwrap() };
    site.check.plan_practice(plan).await.unwrap();
    let status = site.check.status().await.unwrap();
    assert!(!status.checked_in, "the demo has not checked in on its last day");
    let today = site.get("/").await.body;
    for heading in ["Next challenges", "Practice due today", "Today's check-in", "Weekly review", "Audits due"] {
        assert!(today.contains(&format!("{heading}</h2>")), "{heading}");
    }
    assert!(today.contains("<li>running: 25 minutes</li>") && today.contains(r#"href="/practice""#), "{today}");
    assert!(today.contains("<li>spanish: 15 minutes</li>"), "{today}");
    assert!(today.contains(r#"<a class="button" href="/review?week=2026-W46">"#), "the review due links to its week");
    assert!(today.contains(r#"action="/checkin""#), "the check-in form");
    assert!(
        today.contains(r#"href="/domains/personal-finances">personal-finances</a> on 2026-11-24"#),
        "the next audit"
    );
}

#[tokio::test]
async fn a_checkin_is_stored_and_today_then_says_so() {
    let site = started().await;
    assert!(site.get("/").await.body.contains(r#"action="/checkin""#), "the form until checked in");
    let saved = site
        .post("/checkin", &[("sleep", "7.5"), ("exercise", "30"), ("energy", "4"), ("stress", "2"), ("mood", "5")])
        .await;
    assert_eq!((saved.status, saved.location.as_deref()), (StatusCode::SEE_OTHER, Some("/")), "{}", saved.body);
    let checkins = site.check.checkins().await.unwrap();
    assert_eq!(checkins.len(), 1);
    let c = &checkins[0];
    assert_eq!(c.on.to_string(), "2026-11-21");
    assert_eq!(
        (c.sleep_hours, c.exercise_minutes, c.energy, c.stress, c.mood),
        (Some(7.5), Some(30), Some(4), Some(2), Some(5))
    );
    let today = site.get("/").await.body;
    assert!(today.contains("You have checked in today.") && !today.contains(r#"action="/checkin""#), "{today}");
}

#[tokio::test]
async fn a_refused_checkin_shows_each_message_beside_its_field_and_stores_nothing() {
    let site = started().await;
    let bad = site.post("/checkin", &[("sleep", "30"), ("exercise", "2000"), ("energy", "9"), ("mood", "4")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["sleep", "exercise", "energy"] {
        assert!(bad.body.contains(&format!(r#"id="{field}-error""#)), "{field}: {}", bad.body);
    }
    assert!(!bad.body.contains(r#"id="mood-error""#) && bad.body.contains(r#"value="4" selected"#), "mood kept");
    assert!(bad.body.contains(r#"id="sleep" name="sleep" value="30""#), "what was typed stays");
    let empty = site.post("/checkin", &[("sleep", " "), ("energy", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("a check-in needs at least one measure"), "{}", empty.body);
    assert!(site.check.checkins().await.unwrap().is_empty(), "nothing stored");
}

#[tokio::test]
async fn a_review_answer_that_suggests_self_harm_is_saved_then_shows_the_crisis_lines() {
    let site = site(true).await;
    let saved = site.post("/review", &[("week", "2026-W46"), ("learned", "I want to kill myself")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let help = saved.location.unwrap();
    assert_eq!(help, "/help-now?then=/review%3Fweek%3D2026-W46%26saved%3D1");
    let page = site.get(&help).await.body;
    assert!(page.contains("Your record was saved") && page.contains(r#"href="/review?week=2026-W46&amp;saved=1""#));
    assert_eq!(answers(&site, "2026-W46").await, [("learned".to_owned(), "I want to kill myself".to_owned())]);
}

#[tokio::test]
async fn the_reviews_link_each_other_and_the_celebrations_have_a_page() {
    let site = site(true).await;
    let week = site.get("/review").await.body;
    assert!(week.contains(r#"href="/review/month""#), "the weekly review links the monthly one");
    let month = site.get("/review/month").await.body;
    assert!(month.contains(r#"href="/review">The weekly review"#), "and back");
    assert!(week.contains(r#"href="/celebrations">Celebrations"#), "the menu has the celebrations");

    let reply = site.get("/celebrations").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let all = site.check.celebrations(None).await.unwrap();
    assert!(!all.is_empty(), "the demo has milestones");
    for c in &all {
        assert!(reply.body.contains(&maud::html! { (c.title) }.into_string()), "{} listed", c.title);
        let link = format!(r#"href="/celebrations/{}""#, c.id);
        assert_eq!(reply.body.contains(&link), c.question.is_some(), "a way to name what produced {}", c.title);
    }
}
