//! `/invitations/{token}`: the page an invitation link opens. Whoever is signed in accepts it here
//! and lands on what it opened (the shared goal, or the group). Someone without a session, often
//! someone without an account yet, is offered both ways in, each bringing them back to this page.

use axum::Extension;
use axum::extract::Path;
use axum::response::Redirect;
use maud::{Markup, html};

use super::page_error;
use crate::error::WebError;
use crate::layout;
use crate::pages::forms::encode;
use crate::{Caller, Me, WebStore};

/// What an invitation lets the person do, before they accept it.
const WHAT_IT_IS: &str = "Someone on this server invited you to follow their progress on a goal, as their partner or \
     coach, or to join their mastermind group. Accepting lets you see what they chose to share and give them feedback; \
     they see nothing of yours unless you share it too.";

/// The invitation's page: accept it, or first sign in or make an account and come back.
pub async fn page(caller: Option<Extension<Caller>>, Path(token): Path<String>) -> Markup {
    let here = format!("/invitations/{token}");
    layout::page(
        "You are invited",
        html! {
            p { (WHAT_IT_IS) }
            @if caller.is_some() {
                form method="post" action=(format!("{here}/accept")) {
                    (layout::token(caller.as_ref().and_then(|Extension(c)| c.token.as_deref()).unwrap_or_default()))
                    button type="submit" { "Accept the invitation" }
                    " " a href="/" { "Not now" }
                }
            } @else {
                p { "To accept it, sign in or make an account; you come back to this page after." }
                p {
                    a.button href=(format!("/signup?then={}", encode(&here))) { "Create an account" }
                    " or " a href=(format!("/signin?then={}", encode(&here))) { "sign in" } "."
                }
            }
            p.muted { "An invitation link works once, for a week. If it no longer works, ask the person who sent it for a new one." }
        },
    )
}

/// Accepts the invitation and opens what it shared: the goal, or the group's round.
pub async fn accept<S: WebStore>(me: Me<S>, Path(token): Path<String>) -> Result<Redirect, WebError> {
    let accepted = me.sharing.accept(me.user, &token).await.map_err(page_error)?;
    Ok(match (accepted.share_id, accepted.group_id) {
        (Some(share), _) => Redirect::to(&format!("/shared/{share}")),
        (None, Some(group)) => Redirect::to(&format!("/groups/{group}")),
        (None, None) => Redirect::to("/shared"),
    })
}
