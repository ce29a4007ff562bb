//! Asking before a one-click action that cannot simply be taken back: marking a goal reached,
//! celebrating a finished program, revoking an API token, ending every session. Without script
//! (the pages have none): the action's button posts its form as before, and a post without
//! `confirm=yes` changes nothing and answers with a page that says what will happen; that page's
//! button posts again with `confirm=yes`, and only then is the action taken.

use axum::response::{IntoResponse, Response};
use mastery_app::views::GoalView;
use maud::{Markup, html};

use crate::layout;

/// The form field that says the person confirmed.
const FIELD: &str = "confirm";

/// Whether the posted form carries the confirmation.
pub fn confirmed(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(name, value)| name == FIELD && value == "yes")
}

/// The question before an action.
pub struct Ask<'a> {
    /// The page's title, a question.
    pub title: &'a str,
    /// What the action does, in a sentence or two.
    pub consequence: &'a str,
    /// Where the confirmed form posts: the action's own address.
    pub action: &'a str,
    /// The confirming button's words.
    pub yes: &'a str,
    /// Where "Not now" leads: the page the action was on.
    pub back: &'a str,
}

/// The page asking `ask`, its form carrying the request's `token`.
pub fn page(token: &str, ask: &Ask) -> Markup {
    layout::page(
        ask.title,
        html! {
            p { (ask.consequence) }
            form method="post" action=(ask.action) {
                (layout::token(token))
                input type="hidden" name=(FIELD) value="yes";
                button type="submit" { (ask.yes) }
                " "
                a href=(ask.back) { "Not now, go back" }
            }
        },
    )
}

/// The question before marking a goal reached or reopening it.
pub struct GoalQuestion<'a> {
    pub title: &'a str,
    /// What becomes of the goal, after its statement.
    pub then: &'a str,
    /// The action's last word in its address: `/goals/{id}/{verb}`.
    pub verb: &'a str,
    pub yes: &'a str,
    pub back: &'a str,
}

impl GoalQuestion<'_> {
    pub fn ask(&self, token: &str, goal: &GoalView) -> Response {
        let ask = Ask {
            title: self.title,
            consequence: &format!("“{}” {}", goal.statement, self.then),
            action: &format!("/goals/{}/{}", goal.id, self.verb),
            yes: self.yes,
            back: self.back,
        };
        page(token, &ask).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
        fields.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn only_an_explicit_yes_confirms() {
        assert!(!confirmed(&pairs(&[("csrf", "t")])));
        assert!(!confirmed(&pairs(&[("confirm", ""), ("confirm", "no")])));
        assert!(confirmed(&pairs(&[("csrf", "t"), ("confirm", "yes")])));
    }

    #[test]
    fn the_page_posts_back_to_the_action_with_the_confirmation() {
        let ask = Ask { title: "Sure?", consequence: "It happens.", action: "/x/1/do", yes: "Do it", back: "/x/1" };
        let page = page("tok", &ask).into_string();
        assert!(page.contains(r#"<form method="post" action="/x/1/do">"#), "{page}");
        assert!(page.contains(r#"name="confirm" value="yes""#) && page.contains(r#"value="tok""#), "{page}");
        assert!(page.contains(r#"<a href="/x/1">"#) && page.contains(">Do it</button>"), "{page}");
    }
}
