//! From an empty store to a next challenge in the browser: the baseline across life areas, a
//! domain, its first goal and the rungs of its ladder — each form's values stored as sent, and
//! each mistake shown beside its field with nothing stored.

mod support;

use axum::http::StatusCode;
use mastery_app::views::{Next, ProfileView};

use support::{Site, site};

/// Every item of the baseline answered: item `i` of each area rated `10 * i` (0–90).
fn baseline_answers() -> Vec<(String, String)> {
    ["career", "health", "relationships", "learning", "finances"]
        .iter()
        .flat_map(|area| (1..=10).map(move |i| (format!("{area}-{i}"), ((i - 1) * 10).to_string())))
        .collect()
}

async fn post_owned(site: &Site, path: &str, fields: &[(String, String)]) -> support::Reply {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    site.post(path, &borrowed).await
}

async fn profile(site: &Site) -> ProfileView {
    site.check.audit_profile().await.unwrap()
}

#[tokio::test]
async fn the_first_run_page_leads_to_the_baseline_and_a_first_domain() {
    let site = site(false).await;
    let first = site.get("/").await.body;
    assert!(first.contains(r#"href="/baseline""#) && first.contains(r#"action="/domains""#), "{first}");

    let form = site.get("/baseline").await;
    assert_eq!(form.status, StatusCode::OK);
    let levels = form.body.matches(r#"name="practice-"#).count() / 11;
    assert_eq!(levels, 5, "the practice item's five levels come first, not scored");
    assert_eq!(
        form.body.matches(r#"<fieldset class="rating""#).count(),
        50 + levels,
        "ten items in each of five areas"
    );
    assert_eq!(form.body.matches(r#"type="radio""#).count(), (50 + levels) * 11, "0–100 in steps of 10");
}

#[tokio::test]
async fn the_baseline_stores_one_audit_per_life_area() {
    let site = site(false).await;
    let mut answers = baseline_answers();
    answers.push(("practice-1".to_owned(), "100".to_owned()));
    let saved = post_owned(&site, "/baseline", &answers).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/domains"));

    let profile = profile(&site).await;
    let areas: Vec<&str> = profile.audits.iter().map(|a| a.domain.as_str()).collect();
    assert_eq!(areas, ["career", "finances", "health", "learning", "relationships"], "by name");
    for audit in &profile.audits {
        // Strength is the mean rating: (0 + 10 + … + 90) / 10; the practice item is not scored.
        assert_eq!(audit.strength, 45.0, "{}", audit.domain);
    }
    let domains = site.get("/domains").await.body;
    assert!(domains.contains("<td>45</td>"), "each area's strength in the list: {domains}");
}

#[tokio::test]
async fn a_baseline_with_an_item_left_out_or_out_of_range_stores_nothing() {
    let site = site(false).await;
    let mut answers = baseline_answers();
    answers.retain(|(name, _)| name != "health-3");
    answers.iter_mut().find(|(name, _)| name == "learning-7").unwrap().1 = "110".to_owned();
    let refused = post_owned(&site, "/baseline", &answers).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(r#"id="health-3-error""#), "the missing item is marked");
    assert!(refused.body.contains(r#"id="learning-7-error""#), "the out-of-range item is marked");
    assert!(refused.body.contains(r#"name="career-4" value="30" checked"#), "answers given are kept");
    assert!(profile(&site).await.audits.is_empty(), "nothing stored");
    assert!(site.check.domains(true).await.unwrap().is_empty(), "no domain created");
}

#[tokio::test]
async fn a_domain_gets_a_goal_and_a_ladder_and_today_offers_its_first_rung() {
    let site = site(false).await;
    let domain = site.post("/domains", &[("name", "Chess"), ("area", "learning")]).await;
    assert_eq!(domain.location.as_deref(), Some("/domains/chess"));
    let page = site.get("/domains/chess").await.body;
    assert!(page.contains(r#"href="/domains/chess/goals""#), "the domain page asks for a first goal");

    let goal = site
        .post(
            "/domains/chess/goals",
            &[
                ("statement", "Win a club game"),
                ("target", "1500"),
                ("unit", "rating"),
                ("deadline", "2027-06-01"),
                ("why", "To enjoy the club nights"),
                ("success_target", "85"),
            ],
        )
        .await;
    assert_eq!(goal.status, StatusCode::SEE_OTHER, "{}", goal.body);
    let stored = site.check.goals(Some("chess"), true).await.unwrap();
    assert_eq!(stored.len(), 1);
    let stored = &stored[0];
    assert_eq!(goal.location, Some(format!("/goals/{}/rungs", stored.id)));
    assert_eq!(
        (stored.statement.as_str(), stored.target, stored.unit.as_deref(), stored.why.as_deref()),
        ("Win a club game", Some(1500.0), Some("rating"), Some("To enjoy the club nights"))
    );
    assert_eq!(stored.deadline.map(|d| d.to_string()).as_deref(), Some("2027-06-01"));
    assert_eq!(stored.target_success, 0.85);

    let rungs = format!("/goals/{}/rungs", stored.id);
    let easy = site.post(&rungs, &[("title", "Play a rapid game"), ("difficulty", "2"), ("criterion", "")]).await;
    assert_eq!(easy.location.as_deref(), Some(rungs.as_str()));
    site.post(&rungs, &[("title", "Play a classical game"), ("criterion", "Finish without blundering a piece")]).await;
    let ladder = site.check.ladder(&stored.id.to_string()).await.unwrap();
    let rows: Vec<(&str, f64, Option<&str>)> =
        ladder.rungs.iter().map(|r| (r.title.as_str(), r.difficulty, r.criterion.as_deref())).collect();
    assert_eq!(
        rows,
        [("Play a rapid game", 2.0, None), ("Play a classical game", 3.0, Some("Finish without blundering a piece"))],
        "a rung without a difficulty goes one step above the hardest"
    );
    assert!(site.get(&rungs).await.body.contains("Play a classical game"), "the ladder so far is listed");

    let Next::Many(next) = site.check.next(None).await.unwrap() else { panic!("one view per goal") };
    let today = site.get("/").await.body;
    assert!(today.contains(&next[0].title) && today.contains(&format!("challenge={}", next[0].challenge_id)));
}

#[tokio::test]
async fn goal_and_rung_mistakes_are_shown_beside_their_fields_and_store_nothing() {
    let site = site(false).await;
    site.post("/domains", &[("name", "Chess"), ("area", "learning")]).await;
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("statement", "   ")], "statement"),
        (&[("statement", "Win a game"), ("target", "lots")], "target"),
        (&[("statement", "Win a game"), ("unit", "rating")], "unit"),
        (&[("statement", "Win a game"), ("deadline", "someday")], "deadline"),
        (&[("statement", "Win a game"), ("success_target", "95")], "success_target"),
    ];
    for (fields, field) in cases {
        let refused = site.post("/domains/chess/goals", fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(refused.body.contains(&format!(r#"id="{field}-error""#)), "{field}: {}", refused.body);
        assert!(site.check.goals(None, true).await.unwrap().is_empty(), "{field}: nothing stored");
    }

    site.post("/domains/chess/goals", &[("statement", "Win a game")]).await;
    let goal = site.check.goals(None, true).await.unwrap().remove(0);
    let rungs = format!("/goals/{}/rungs", goal.id);
    for (fields, field) in
        [(&[("title", "")][..], "title"), (&[("title", "Blitz"), ("difficulty", "11")][..], "difficulty")]
    {
        let refused = site.post(&rungs, fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(refused.body.contains(&format!(r#"id="{field}-error""#)), "{field}: {}", refused.body);
    }
    assert!(site.check.ladder(&goal.id.to_string()).await.unwrap().rungs.is_empty(), "no rung stored");
    assert_eq!(site.get("/goals/nowhere/rungs").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_forecast_waits_on_today_until_its_outcome_is_recorded() {
    let site = site(false).await;
    site.post("/domains", &[("name", "Chess"), ("area", "learning")]).await;
    site.post("/domains/chess/goals", &[("statement", "Win a club game")]).await;
    let goal = site.check.goals(None, true).await.unwrap().remove(0);
    site.post(&format!("/goals/{}/rungs", goal.id), &[("title", "Play a rapid game")]).await;
    assert!(!site.get("/").await.body.contains("Waiting for how it went"), "nothing planned yet");

    let rung = site.check.ladder(&goal.id.to_string()).await.unwrap().rungs[0].challenge_id.to_string();
    let planned = site.post("/attempts/new", &[("challenge", &rung), ("confidence", "60")]).await;
    let record = planned.location.expect("to the record form");
    let today = site.get("/").await.body;
    assert!(today.contains("Waiting for how it went") && today.contains("forecast 60%"), "{today}");
    assert!(today.contains(&format!(r#"href="{record}""#)), "a link to record it");

    site.post(&record, &[("outcome", "partial")]).await;
    assert!(!site.get("/").await.body.contains("Waiting for how it went"), "recorded, no longer waiting");
}
