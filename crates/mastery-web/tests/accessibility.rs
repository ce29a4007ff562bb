//! What a screen reader and a keyboard need from every page, checked on the demo's pages: one
//! main landmark with one heading at the top, a skip link, ids used once, every form control
//! named by a label, radio groups and check boxes inside a fieldset with a legend, every image
//! (chart) with a text alternative, and every message a control points to present on the page.

mod support;

use support::{PAGES, site};

/// Each opening tag named `name` on `page`, as written (`<input type="text" id="x" …>`).
fn tags<'a>(page: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find(&open) {
        let tag = &rest[at..];
        let end = tag.find('>').expect("a closed tag");
        let after = tag.as_bytes().get(open.len()).copied();
        if matches!(after, Some(b' ' | b'>' | b'/')) {
            found.push(&tag[..=end]);
        }
        rest = &tag[end..];
    }
    found
}

/// The value of `attribute` in `tag`, as maud writes it (double-quoted).
fn attribute<'a>(tag: &'a str, attribute: &str) -> Option<&'a str> {
    let key = format!(" {attribute}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Whether the tag starting at `at` on `page` sits inside an `element` still open there.
fn inside(page: &str, at: usize, element: &str) -> bool {
    let before = &page[..at];
    let opened = before.rfind(&format!("<{element}"));
    let closed = before.rfind(&format!("</{element}>"));
    match (opened, closed) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

#[tokio::test]
async fn every_page_can_be_read_and_used_without_seeing_it() {
    let site = site(true).await;
    let (mut labelled, mut grouped, mut charts) = (0, 0, 0);
    let mut pages = Vec::new();
    for path in PAGES {
        pages.push((path.to_owned(), site.get(path).await.body));
    }
    // The question asked before marking a goal reached, a page of its own.
    let goal = site.check.goals(Some("public-speaking"), false).await.unwrap().remove(0);
    let asked = format!("/goals/{}/done", goal.id);
    let question = site.post(&asked, &[]).await.body;
    assert!(question.contains("Did you reach this goal?"), "{question}");
    pages.push((asked, question));
    // Correcting the record: the ladder, the edit forms, and the questions before a delete and
    // an undo.
    let rung = site.check.ladder(&goal.id.to_string()).await.unwrap().rungs.remove(0).challenge_id;
    let attempt = site.check.attempts(Default::default()).await.unwrap().remove(0).id;
    for path in [
        format!("/goals/{}/rungs", goal.id),
        format!("/goals/{}/edit", goal.id),
        format!("/goals/{}/rungs/{rung}/edit", goal.id),
        format!("/attempts/{attempt}/edit"),
    ] {
        let page = site.get(&path).await.body;
        pages.push((path, page));
    }
    for asked in [format!("/delete/goal/{}?back=/domains/public-speaking", goal.id), "/undo".to_owned()] {
        let question = site.post(&asked, &[]).await.body;
        assert!(question.contains(r#"name="confirm" value="yes""#), "{question}");
        pages.push((asked, question));
    }
    for (path, page) in pages {
        assert_eq!(page.matches("<main").count(), 1, "{path}: one main landmark");
        assert_eq!(page.matches("<h1").count(), 1, "{path}: one page heading");
        assert!(page.contains(r##"<a class="skip" href="#main">"##), "{path}: a skip link");
        assert!(page.contains(r#"<html lang="en">"#), "{path}: the page's language");

        let mut seen = std::collections::HashSet::new();
        for id in page.split(r#" id=""#).skip(1).filter_map(|rest| rest.split('"').next()) {
            assert!(seen.insert(id), "{path}: the id {id} is used twice");
        }

        for control in ["input", "select", "textarea"] {
            for t in tags(&page, control) {
                let kind = attribute(t, "type").unwrap_or("");
                if matches!(kind, "hidden" | "submit") {
                    continue;
                }
                let at = page.find(t).expect("the tag is on the page");
                if matches!(kind, "radio" | "checkbox") {
                    assert!(inside(&page, at, "label"), "{path}: {t} sits inside its label");
                    assert!(inside(&page, at, "fieldset"), "{path}: {t} is in a fieldset");
                    grouped += 1;
                    continue;
                }
                let id = attribute(t, "id").unwrap_or_else(|| panic!("{path}: {t} has no id for a label"));
                assert!(
                    page.contains(&format!(r#"<label for="{id}">"#)) || attribute(t, "aria-label").is_some(),
                    "{path}: {t} is named by a label"
                );
                labelled += 1;
                if let Some(described) = attribute(t, "aria-describedby") {
                    for part in described.split_whitespace() {
                        assert!(page.contains(&format!(r#"id="{part}""#)), "{path}: {t} points to a missing {part}");
                    }
                }
            }
        }
        for fieldset in tags(&page, "fieldset") {
            let at = page.find(fieldset).unwrap();
            let body = &page[at..at + page[at..].find("</fieldset>").unwrap()];
            assert!(body.contains("<legend"), "{path}: {fieldset} has a legend");
        }
        for svg in tags(&page, "svg") {
            assert_eq!(attribute(svg, "role"), Some("img"), "{path}: {svg} is an image");
            let named = attribute(svg, "aria-labelledby").expect("a chart names its title and description");
            for part in named.split_whitespace() {
                assert!(page.contains(&format!(r#"id="{part}""#)), "{path}: {svg} points to a missing {part}");
            }
            charts += 1;
        }
    }
    // The checks above ran over the pages' real controls, not over nothing.
    assert!(labelled > 40 && grouped > 500 && charts >= 6, "{labelled} labelled, {grouped} grouped, {charts} charts");
}
