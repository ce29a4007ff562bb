//! Crisis lines, one click from every page, and the detour to them after a save whose free text
//! suggests self-harm: the record is kept, and the lines are shown before the page that follows.

use axum::extract::Query;
use axum::response::Redirect;
use mastery_domain::safety::{CRISIS_LINES, INTRO, suggests_self_harm};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout;

/// Where to go after the crisis lines, when they were shown because of something typed.
#[derive(Debug, Deserialize)]
pub struct Then {
    then: Option<String>,
}

/// Crisis lines; needs nothing from the store, so nothing can stand in its way.
pub async fn help_now(Query(then): Query<Then>) -> Markup {
    // Only a path on this site: never a way to send the person elsewhere.
    let then = then.then.filter(|t| t.starts_with('/') && !t.starts_with("//"));
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
                    li { strong { (line.region) } ": " (line.service) " — " (line.contact) " (" (line.how) ")" }
                }
            }
        },
    )
}

/// Where to send the person after a save: to `next`, or first to the crisis lines when any text
/// they typed suggests self-harm (what was saved stays saved).
pub fn after_save<'a>(texts: impl IntoIterator<Item = &'a str>, next: &str) -> Redirect {
    if suggests_self_harm(texts) {
        let encoded: String = next
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        Redirect::to(&format!("/help-now?then={encoded}"))
    } else {
        Redirect::to(next)
    }
}
