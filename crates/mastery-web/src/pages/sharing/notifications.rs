//! `/notifications`: what happened on what I share and follow — an invitation accepted, feedback
//! left, a cheer, a suggested rung, someone joining a group — newest first, each with a link to
//! where it happened, and "mark all read", which clears the count in the menu; on a server that
//! sends e-mail, also where the weekly digest of them goes.

use axum::Form;
use axum::response::Redirect;
use maud::{Markup, html};

use super::{page_error, sub_nav};
use crate::error::WebError;
use crate::layout;
use crate::pages::help_now::is_own_path;
use crate::{Me, WebStore};

pub async fn list<S: WebStore>(me: Me<S>) -> Result<Markup, WebError> {
    let notifications = me.sharing.notifications(me.user).await.map_err(page_error)?;
    let mail = me.sharing.mail_settings(me.user).await.map_err(page_error)?;
    let unread = notifications.iter().any(|n| !n.read);
    Ok(layout::page(
        "Notifications",
        html! {
            (sub_nav("/notifications"))
            @if notifications.is_empty() {
                p { "Nothing yet. When someone accepts your invitation, gives you feedback or cheers a celebration, it shows here." }
            } @else {
                @if unread {
                    form method="post" action="/notifications/read" {
                        (layout::token(&me.token)) button.secondary type="submit" { "Mark all read" }
                    }
                }
                ul.notifications { @for n in &notifications { li {
                    @if n.read { (n.text) } @else { strong { (n.text) } span.visually-hidden { " (unread)" } }
                    br;
                    span.muted { (layout::local_day(n.at)) }
                    // The app makes these links; a page of this site is all they may lead to.
                    @if is_own_path(&n.link) { " · " a href=(n.link) { "Open" } }
                } } }
            }
            @if mail.server_sends_mail {
                h2 { "Weekly digest" }
                p.muted { "One e-mail a week at most, only when something happened. Leave the address empty to stop it." }
                form method="post" action="/notifications/email" {
                    (layout::token(&me.token))
                    label for="email" { "E-mail address" }
                    input #email type="email" name="email" value=(mail.email.as_deref().unwrap_or_default());
                    button type="submit" { "Save" }
                }
            }
        },
    ))
}

/// The digest address as the form sends it.
#[derive(Debug, serde::Deserialize)]
pub struct MailForm {
    #[serde(default)]
    email: String,
}

pub async fn set_mail_address<S: WebStore>(me: Me<S>, Form(form): Form<MailForm>) -> Result<Redirect, WebError> {
    me.sharing.set_mail_address(me.user, Some(&form.email)).await.map_err(page_error)?;
    Ok(Redirect::to("/notifications"))
}

pub async fn mark_read<S: WebStore>(me: Me<S>) -> Result<Redirect, WebError> {
    me.sharing.mark_notifications_read(me.user).await.map_err(page_error)?;
    Ok(Redirect::to("/notifications"))
}
