//! The edit forms of the records that hang off a domain or a day (a success entered after the
//! fact, a role model, feedback, a practice session, an audit, a check-in): each is linked from
//! the page listing the record, pre-filled, stores what was sent and shows it back there; a bad
//! value is refused beside its field with nothing stored; a form without the token is refused;
//! another store's record is not found. And the check-ins' own page, newest first.

mod support;

use axum::http::StatusCode;
use mastery_app::NewEvidence;
use support::{Site, contents, escaped, refused_at, site};

/// The demo's records, and a success entered after the fact: the address of each edit form, the
/// page that lists the record (and links the form), by kind.
async fn forms(site: &Site) -> Vec<(&'static str, String, &'static str)> {
    let checks = &site.check;
    let success = NewEvidence {
        domain: "public-speaking".to_owned(),
        title: "Gave the toast at my sister's wedding".to_owned(),
        did: Some("Wrote it on cards".to_owned()),
        at: Some("2026-11-10".to_owned()),
    };
    let evidence = checks.add_evidence(success).await.unwrap().id;
    let model = checks.role_models(None).await.unwrap()[0].id;
    let feedback = checks.feedback_received(None).await.unwrap()[0].id;
    let session = checks.practice_sessions(None, 1).await.unwrap()[0].id;
    let audit = checks.audit_history("public-speaking").await.unwrap().audits[0].id;
    let checkin = checks.checkin_list(None, 1).await.unwrap()[0].id;
    vec![
        ("evidence", format!("/evidence/{evidence}/edit"), "/domains/public-speaking"),
        ("model", format!("/models/{model}/edit"), "/people"),
        ("feedback", format!("/feedback/{feedback}/edit"), "/people"),
        ("session", format!("/practice/sessions/{session}/edit"), "/practice"),
        ("audit", format!("/domains/public-speaking/audits/{audit}/edit"), "/domains/public-speaking"),
        ("checkin", format!("/checkins/{checkin}/edit"), "/checkins"),
    ]
}

#[tokio::test]
async fn each_kind_is_edited_through_its_form_and_the_list_shows_the_new_values() {
    let site = site(true).await;
    let forms = forms(&site).await;
    let form = |kind: &str| forms.iter().find(|(k, _, _)| *k == kind).unwrap().clone();
    for (kind, action, listed_on) in &forms {
        let list = site.get(listed_on).await;
        assert!(list.body.contains(&format!(r#"href="{action}""#)), "{listed_on} links the {kind} form");
        let page = site.get(action).await;
        assert_eq!(page.status, StatusCode::OK, "{kind}: {}", page.body);
        assert!(page.body.contains(r#"name="csrf""#), "{kind}: the form carries the token");
    }

    let (_, action, list) = form("evidence");
    assert!(site.get(&action).await.body.contains(r#"value="2026-11-10""#), "pre-filled");
    let saved = site.post(&action, &[("title", "Gave the toast at the wedding"), ("did", "Three cards")]).await;
    assert_eq!(saved.location.as_deref(), Some(list), "{}", saved.body);
    let shown = site.get(list).await.body;
    assert!(shown.contains("Gave the toast at the wedding") && shown.contains("Three cards"), "{shown}");

    let (_, action, list) = form("model");
    let saved = site.post(&action, &[("model_name", "Dana Okafor"), ("model_similarity", "5")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let shown = site.get(list).await.body;
    assert!(shown.contains("Dana Okafor") && shown.contains("5 of 5"), "{shown}");

    let (_, action, list) = form("feedback");
    let from = site.check.feedback_received(None).await.unwrap()[0].from.clone();
    let fields = [("feedback_from", from.as_str()), ("feedback_text", "The pause before the number landed")];
    let saved = site.post(&action, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(site.get(list).await.body.contains("The pause before the number landed"));

    let (_, action, list) = form("session");
    let saved = site.post(&action, &[("log_minutes", "47"), ("log_note", "Hill repeats")]).await;
    assert_eq!(saved.location.as_deref(), Some(list), "{}", saved.body);
    let shown = site.get(list).await.body;
    assert!(shown.contains(r#"data-label="Minutes">47<"#) && shown.contains("Hill repeats"), "{shown}");

    let (_, action, list) = form("audit");
    let items = site.check.audit_history("public-speaking").await.unwrap().audits[0].answers.len();
    let names: Vec<String> = (1..=items).map(|i| format!("item-{i}")).collect();
    let mut fields: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "100")).collect();
    fields.push(("every", "2 weeks"));
    let saved = site.post(&action, &fields).await;
    assert_eq!(saved.location.as_deref(), Some(list), "{}", saved.body);
    let audit = site.check.audit_history("public-speaking").await.unwrap().audits[0].clone();
    assert_eq!((audit.strength, audit.every.to_string()), (100.0, "2 weeks".to_owned()));
    assert!(site.get(list).await.body.contains(": strength 100"), "the domain page shows it");

    let (_, action, list) = form("checkin");
    let saved = site.post(&action, &[("sleep", "8"), ("mood", "5")]).await;
    assert_eq!(saved.location.as_deref(), Some(list), "{}", saved.body);
    let newest = site.check.checkin_list(None, 1).await.unwrap()[0].clone();
    assert_eq!((newest.sleep_hours, newest.mood, newest.stress), (Some(8.0), Some(5), None), "blank clears");
    assert!(site.get(list).await.body.contains(r#"data-label="Sleep">8 h<"#));

    // Each edit is one change that undo reverts.
    let last = site.check.last_change().await.unwrap().unwrap();
    assert!(last.summary.starts_with("Edited the check-in of"), "{}", last.summary);
}

#[tokio::test]
async fn a_bad_value_shows_the_form_again_beside_its_field_and_stores_nothing() {
    let site = site(true).await;
    let forms = forms(&site).await;
    let action = |kind: &str| forms.iter().find(|(k, _, _)| *k == kind).unwrap().1.clone();
    let before = contents(&site).await;
    refused_at(&site.post(&action("evidence"), &[("title", " ")]).await, "title", "success");
    refused_at(&site.post(&action("evidence"), &[("at", "next year")]).await, "at", "");
    refused_at(&site.post(&action("model"), &[("model_similarity", "9")]).await, "model_similarity", "similarity");
    refused_at(&site.post(&action("model"), &[("model_name", "")]).await, "model_name", "name");
    refused_at(&site.post(&action("feedback"), &[("feedback_valence", "glowing")]).await, "feedback_valence", "");
    refused_at(&site.post(&action("session"), &[("log_minutes", "0")]).await, "log_minutes", "minutes");
    refused_at(&site.post(&action("audit"), &[("item-1", "55")]).await, "item-1", "");
    refused_at(&site.post(&action("audit"), &[("every", "sometimes")]).await, "every", "");
    refused_at(&site.post(&action("checkin"), &[("mood", "7")]).await, "mood", "mood");
    let empty = site.post(&action("checkin"), &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "a check-in with no measure left");
    assert_eq!(contents(&site).await, before, "refused forms store nothing");

    // Without the token the guard refuses the form before it is read.
    let forged = site.post_raw(&action("model"), "model_name=Eve".to_owned(), "http://evil.example").await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // A record of another store (another person's) is not found, to read or to change.
    let other = support::site(true).await;
    for (kind, action, _) in &forms {
        assert_eq!(other.get(action).await.status, StatusCode::NOT_FOUND, "GET {kind}");
        assert_eq!(other.post(action, &[("model_name", "Eve")]).await.status, StatusCode::NOT_FOUND, "POST {kind}");
    }
    assert_eq!(contents(&site).await, before);
}

#[tokio::test]
async fn the_check_ins_are_listed_newest_first_linked_from_the_check_in_card() {
    let site = site(true).await;
    let today = site.get("/").await.body;
    assert!(today.contains(r#"href="/checkins""#), "the check-in card links the list");
    let page = site.get("/checkins").await;
    assert_eq!(page.status, StatusCode::OK);
    let listed = site.check.checkin_list(None, 3).await.unwrap();
    let at = |day: &str| page.body.find(day).unwrap_or_else(|| panic!("{day} listed"));
    let days: Vec<String> = listed.iter().map(|c| c.on.strftime("%a %Y-%m-%d").to_string()).collect();
    assert!(at(&days[0]) < at(&days[1]) && at(&days[1]) < at(&days[2]), "newest first: {days:?}");
    let newest = listed[0].id;
    assert!(page.body.contains(&format!(r#"href="/checkins/{newest}/edit""#)));
    let delete = format!("/delete/checkin/{newest}?back=/checkins");
    assert!(page.body.contains(&escaped(&delete)) || page.body.contains(&delete), "a delete button");
    let asked = site.post(&delete, &[]).await;
    assert_eq!(asked.status, StatusCode::OK, "the confirmation page");
    let deleted = site.post(&delete, &[("confirm", "yes")]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_ne!(site.check.checkin_list(None, 1).await.unwrap()[0].id, newest);

    let empty = support::site(false).await;
    assert!(empty.get("/checkins").await.body.contains("No check-ins yet"));
}
