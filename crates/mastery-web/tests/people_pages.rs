//! The role models and feedback page through the router, on a real SQLite store: what it shows on
//! the demo, on a store with one domain and on an empty one, by domain; the forms storing exactly
//! what was sent, or, refused beside their fields, nothing; and the drafted feedback request.

mod support;

use axum::http::StatusCode;
use mastery_app::FeedbackRequest;
use mastery_domain::feedback::{Specificity, Valence};
use support::{Site, add_running, encode, escaped, refused_at, served_site, site, site_with_one_domain};

async fn nothing_stored(site: &Site) {
    assert!(site.check.role_models(None).await.unwrap().is_empty(), "no role model");
    assert!(site.check.feedback_received(None).await.unwrap().is_empty(), "no feedback");
}

#[tokio::test]
async fn the_page_renders_on_the_demo_by_domain_on_one_domain_and_on_an_empty_store() {
    let demo = site(true).await;
    let page = demo.get("/people").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<main") && page.body.contains(r#"href="/help-now""#));
    for part in ["Role models and feedback", "Priya from the product team", "Tom, my neighbour", "Marta, my manager"] {
        assert!(page.body.contains(&escaped(part)), "{part}");
    }
    for part in ["Source mix", "Building", "Eroding", "How each experience is classed", "Draft a feedback request"] {
        assert!(page.body.contains(part), "{part}");
    }
    let mix = demo.check.source_mix(None).await.unwrap();
    for gap in mix.domains.iter().flat_map(|d| &d.gaps).map(|g| &g.statement) {
        assert!(page.body.contains(&escaped(gap)), "the gap {gap}");
    }

    let speaking = demo.get("/people?domain=public-speaking").await;
    assert_eq!(speaking.status, StatusCode::OK);
    assert!(speaking.body.contains("Priya from the product team") && !speaking.body.contains("Tom, my neighbour"));
    assert!(speaking.body.contains(r#"href="/people?domain=public-speaking" aria-current="page""#));
    assert!(page.body.contains(r#"id="sources-domain-running""#), "every domain's mix on the whole page");
    assert!(!speaking.body.contains(r#"id="sources-domain-running""#), "only the domain's source mix");
    assert!(speaking.body.contains(r#"<option value="public-speaking" selected>"#), "the forms default to it");
    let nowhere = demo.get("/people?domain=nowhere").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);

    let site = support::site_with_one_goal().await;
    let page = site.get("/people").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for empty in ["No role model yet. Add someone similar", "No feedback recorded yet", "No role model yet for running"]
    {
        assert!(page.body.contains(empty), "{empty}");
    }

    let empty = support::site(false).await.get("/people").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("belong to a domain") && empty.body.contains(r#"href="/domains""#));
    assert!(!empty.body.contains("<form"), "no form without a domain to choose");
}

#[tokio::test]
async fn a_role_model_stores_what_was_sent_and_fills_the_gap() {
    let site = site_with_one_domain().await;
    let fields = [
        ("model_domain", "running"),
        ("model_name", "Tom, my neighbour"),
        ("model_similarity", "4"),
        ("model_process", "Run-walk intervals, three mornings a week & patience"),
    ];
    let saved = site.post("/people/models", &fields).await;
    assert_eq!((saved.status, saved.location.as_deref()), (StatusCode::SEE_OTHER, Some("/people?domain=running")));
    let models = site.check.role_models(None).await.unwrap();
    assert_eq!(models.len(), 1);
    let m = &models[0];
    assert_eq!((m.domain.as_str(), m.name.as_str()), ("running", fields[1].1));
    assert_eq!((m.similarity, m.process.as_deref()), (Some(4), Some(fields[3].1)));
    let page = site.get("/people?domain=running").await.body;
    assert!(page.contains(&escaped(fields[3].1)) && page.contains("4 of 5"), "{page}");
    assert!(!page.contains("No role model yet for running"), "the gap is filled");

    let unrated = site.post("/people/models", &[("model_domain", "running"), ("model_name", "Eliud")]).await;
    assert_eq!(unrated.status, StatusCode::SEE_OTHER);
    let m = site.check.role_models(None).await.unwrap().pop().unwrap();
    assert_eq!((m.name.as_str(), m.similarity, m.process), ("Eliud", None, None));
}

#[tokio::test]
async fn a_role_model_with_a_blank_name_a_bad_similarity_or_an_unknown_domain_is_refused() {
    let site = site_with_one_domain().await;
    let blank = site
        .post("/people/models", &[("model_domain", "running"), ("model_name", " "), ("model_process", "Hills")])
        .await;
    refused_at(&blank, "model_name", "role model name must not be empty");
    assert!(blank.body.contains(">Hills</textarea>"), "what was typed stays");
    let similarity = site
        .post("/people/models", &[("model_domain", "running"), ("model_name", "Tom"), ("model_similarity", "7")])
        .await;
    refused_at(&similarity, "model_similarity", "similarity must be a whole number from 1 to 5; got 7");
    let nowhere = site.post("/people/models", &[("model_domain", "nowhere"), ("model_name", "Tom")]).await;
    refused_at(&nowhere, "model_domain", "no domain matches 'nowhere'");
    let unchosen = site.post("/people/models", &[("model_domain", ""), ("model_name", "Tom")]).await;
    refused_at(&unchosen, "model_domain", "choose a domain");
    nothing_stored(&site).await;
}

#[tokio::test]
async fn feedback_stores_what_was_sent() {
    let site = site_with_one_domain().await;
    let fields = [
        ("feedback_domain", "running"),
        ("feedback_from", "Sam (coach)"),
        ("feedback_credibility", "5"),
        ("feedback_specificity", "specific"),
        ("feedback_valence", "mixed"),
        ("feedback_text", "Strong on the hills; you start too fast, so hold back for the first \"easy\" kilometre."),
        ("feedback_at", "yesterday 18:00"),
    ];
    let saved = site.post("/people/feedback", &fields).await;
    assert_eq!((saved.status, saved.location.as_deref()), (StatusCode::SEE_OTHER, Some("/people?domain=running")));
    let received = site.check.feedback_received(None).await.unwrap();
    assert_eq!(received.len(), 1);
    let f = &received[0];
    assert_eq!((f.domain.as_str(), f.from.as_str(), f.text.as_str()), ("running", fields[1].1, fields[5].1));
    assert_eq!((f.credibility, f.specificity, f.valence), (Some(5), Some(Specificity::Specific), Some(Valence::Mixed)));
    assert_eq!(f.received_at, "2026-11-20T18:00:00+01:00".parse::<jiff::Timestamp>().unwrap());
    let page = site.get("/people").await.body;
    assert!(page.contains(&escaped(fields[5].1)) && page.contains("specific, mixed"), "{page}");

    let bare = [("feedback_domain", "running"), ("feedback_from", "Ana"), ("feedback_text", "Nice run")];
    assert_eq!(site.post("/people/feedback", &bare).await.status, StatusCode::SEE_OTHER);
    let f = site.check.feedback_received(None).await.unwrap().pop().unwrap();
    assert_eq!((f.credibility, f.specificity, f.valence), (None, None, None));
    assert_eq!(f.received_at, "2026-11-21T09:30:00+01:00".parse::<jiff::Timestamp>().unwrap(), "now");
}

#[tokio::test]
async fn feedback_with_a_bad_rating_or_choice_blank_text_or_an_unknown_domain_is_refused() {
    let site = site_with_one_domain().await;
    let post = async |changes: &[(&'static str, &'static str)]| {
        let mut fields =
            vec![("feedback_domain", "running"), ("feedback_from", "Sam"), ("feedback_text", "Good pacing")];
        for (name, value) in changes {
            fields.retain(|(n, _)| n != name);
            fields.push((name, value));
        }
        site.post("/people/feedback", &fields).await
    };
    let rating = post(&[("feedback_credibility", "9")]).await;
    refused_at(&rating, "feedback_credibility", "credibility must be a whole number from 1 to 5; got 9");
    assert!(rating.body.contains(">Good pacing</textarea>"), "what was typed stays");
    refused_at(&post(&[("feedback_credibility", "high")]).await, "feedback_credibility", "got high");
    refused_at(&post(&[("feedback_valence", "angry")]).await, "feedback_valence", "unknown valence 'angry'");
    refused_at(&post(&[("feedback_specificity", "vague")]).await, "feedback_specificity", "unknown specificity");
    refused_at(&post(&[("feedback_text", "  ")]).await, "feedback_text", "feedback text must not be empty");
    refused_at(&post(&[("feedback_from", "")]).await, "feedback_from", "must not be empty");
    refused_at(&post(&[("feedback_at", "tomorrow")]).await, "feedback_at", "in the future");
    refused_at(&post(&[("feedback_domain", "nowhere")]).await, "feedback_domain", "no domain matches 'nowhere'");
    nothing_stored(&site).await;
}

#[tokio::test]
async fn a_drafted_request_shows_the_apps_text_and_stores_nothing() {
    let site = site(true).await;
    let (models, feedback) =
        (site.check.role_models(None).await.unwrap(), site.check.feedback_received(None).await.unwrap());
    let reply = site.get(&format!("/people/request?domain=public-speaking&to={}&last=2", encode("Sam (mentor)"))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let input = FeedbackRequest { domain: "public-speaking".into(), to: Some("Sam (mentor)".into()), last: 2 };
    let draft = site.check.request_feedback(input).await.unwrap();
    assert!(draft.text.starts_with("Hi Sam (mentor),"));
    assert!(
        reply.body.contains(&format!("readonly rows=\"12\">{}</textarea>", escaped(&draft.text))),
        "{}",
        reply.body
    );
    assert!(reply.body.contains(r#"value="Sam (mentor)""#), "the form keeps what was asked");

    let anyone = site.get("/people/request?domain=public-speaking").await;
    assert_eq!(anyone.status, StatusCode::OK);
    assert!(anyone.body.contains(">Hi,\n"), "no name, no name in the greeting");

    refused_at(&site.get("/people/request?domain=&to=Sam").await, "domain", "choose a domain");
    refused_at(&site.get("/people/request?domain=nowhere").await, "domain", "no domain matches 'nowhere'");
    refused_at(&site.get("/people/request?domain=public-speaking&last=9").await, "last", "from 1 to 5; got 9");
    assert_eq!(site.check.role_models(None).await.unwrap(), models, "nothing stored");
    assert_eq!(site.check.feedback_received(None).await.unwrap(), feedback, "nothing stored");
}

#[tokio::test]
async fn feedback_that_suggests_self_harm_shows_the_crisis_lines_after_saving() {
    let site = site_with_one_domain().await;
    let fields = [("feedback_domain", "running"), ("feedback_from", "Me"), ("feedback_text", "I want to end my life")];
    let saved = site.post("/people/feedback", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let help = saved.location.unwrap();
    assert_eq!(help, "/help-now?then=/people%3Fdomain%3Drunning");
    assert!(site.get(&help).await.body.contains(r#"href="/people?domain=running""#), "then back to the page");
    assert_eq!(site.check.feedback_received(None).await.unwrap().len(), 1, "the feedback was saved");
}

/// The domain page is kept until the store changes; a role model added here shows there at once.
#[tokio::test]
async fn a_saved_role_model_shows_at_once_on_the_kept_domain_page() {
    let site = served_site().await;
    add_running(&site).await;
    support::add_running_goal(&site).await;
    let before = site.get("/domains/running").await.body;
    assert!(before.contains("No role model yet for running"), "{before}");
    assert_eq!(site.get("/domains/running").await.body, before, "kept while nothing changed");
    let saved = site.post("/people/models", &[("model_domain", "running"), ("model_name", "Tom")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(!site.get("/domains/running").await.body.contains("No role model yet for running"));
}

#[tokio::test]
async fn feedback_as_long_as_the_app_takes_goes_through_the_form_in_any_script() {
    let site = site_with_one_domain().await;
    let longest = mastery_domain::text::MAX_TEXT;
    for (script, letter) in [("Chinese", '学'), ("emoji", '🏃'), ("Arabic", 'ع')] {
        let text: String = std::iter::repeat_n(letter, longest).collect();
        let fields = [("feedback_domain", "running"), ("feedback_from", script), ("feedback_text", text.as_str())];
        let saved = site.post("/people/feedback", &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{script}: {}", saved.body);
        let received = site.check.feedback_received(None).await.unwrap();
        assert_eq!(received.last().unwrap().text, text, "{script}");
    }
}
