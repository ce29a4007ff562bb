//! Crisis lines, one click from every page, and the detour to them after a save whose free text
//! suggests self-harm: the record is kept, and the lines are shown before the page that follows.

use axum::extract::Query;
use axum::response::Redirect;
use mastery_domain::safety::{CRISIS_LINES, INTRO, suggests_self_harm};
use maud::{Markup, html};
use serde::Deserialize;

use crate::layout;

/// Where to go after the crisis lines, when they were shown because of something typed.
#[derive(Debug, Deserialize)]
pub struct Then {
    then: Option<String>,
}

/// Whether `then` is a path on this site, in the shapes the pages redirect to (`/domains/x`,
/// `/review?week=2026-W47&saved=1`): never a way to send the person elsewhere. Browsers read
/// `/\host` and `/<tab>/host` as `//host`, another site, so only plain path characters pass.
pub(crate) fn is_own_path(then: &str) -> bool {
    let mut chars = then.chars();
    chars.next() == Some('/')
        && chars.next().is_none_or(|c| c.is_ascii_alphanumeric())
        && then.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.?=&".contains(c))
}

/// Crisis lines; needs nothing from the store, so nothing can stand in its way.
pub async fn help_now(Query(then): Query<Then>) -> Markup {
    let then = then.then.filter(|t| is_own_path(t));
    layout::page(
        "Need help now?",
        html! {
            @if let Some(then) = &then {
                p { "Your record was saved. These are shown because of something you typed; they change nothing about it. "
                    a href=(then) { "Continue" } }
            }
            p { (INTRO) }
            ul {
                @for line in CRISIS_LINES {
                    li { strong { (line.region) } ": " (line.service) " — " a href=(contact_href(line.contact)) { (line.contact) } " (" (line.how) ")" }
                }
            }
        },
    )
}

/// A crisis line's contact as a link: a number to call on a tap (`tel:`, without the spaces that
/// make it readable), or the web address itself.
fn contact_href(contact: &str) -> String {
    if contact.starts_with("https://") {
        contact.to_owned()
    } else {
        format!("tel:{}", contact.chars().filter(char::is_ascii_digit).collect::<String>())
    }
}

/// Where to send the person after a save: to `next`, or first to the crisis lines when any text
/// they typed suggests self-harm (what was saved stays saved).
pub fn after_save<'a>(texts: impl IntoIterator<Item = &'a str>, next: &str) -> Redirect {
    if suggests_self_harm(texts) {
        Redirect::to(&format!("/help-now?then={}", super::forms::encode(next)))
    } else {
        Redirect::to(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_line_is_a_link_to_call_or_open() {
        let page = help_now(Query(Then { then: None })).await.into_string();
        for href in ["tel:988", "tel:116123", "tel:112", "https://findahelpline.com"] {
            assert!(page.contains(&format!("href=\"{href}\"")), "{href} in {page}");
        }
    }

    #[test]
    fn only_this_sites_paths_are_followed() {
        for own in ["/", "/domains/public-speaking", "/review?week=2026-W47&saved=1", "/attempts/0197-ab/next-time"] {
            assert!(is_own_path(own), "{own}");
        }
        for elsewhere in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "evil",
            "",
            "/ x",
            "/%2F/evil",
        ] {
            assert!(!is_own_path(elsewhere), "{elsewhere}");
        }
    }
}
