//! The pages of sharing, which only `mastery server` mounts: what I share and with whom
//! (`/sharing`), the page an invitation link opens (`/invitations/{token}`), what others share
//! with me and the shared view itself (`/shared`), groups and their weekly round (`/groups`), a
//! coach's cohort (`/cohort`) and notifications.
//!
//! Each handler makes one [`Sharing`](mastery_app::sharing::Sharing) call for the signed-in
//! person ([`Me`](crate::Me)). Who may see what is decided there, once, for these pages and the
//! API alike, so what a person may not see answers 404 here exactly as it does in the API; a page
//! never looks at another person's records by any other road.

mod cohort;
mod groups;
mod invitations;
mod notifications;
mod shared;
mod shares;

use axum::Router;
use axum::routing::{get, post};
use mastery_app::AppError;
use maud::{Markup, html};

use crate::error::WebError;
use crate::{Shared, WebStore};

pub fn routes<S: WebStore>() -> Router<Shared<S>> {
    Router::new()
        .route("/sharing", get(shares::page::<S>).post(shares::share::<S>))
        .route("/sharing/{id}/revoke", post(shares::revoke::<S>))
        .route("/sharing/{id}/request", post(shares::send_request::<S>))
        .route("/suggestions/{id}/accept", post(shares::accept_suggestion::<S>))
        .route("/suggestions/{id}/decline", post(shares::decline_suggestion::<S>))
        .route("/invitations/{token}", get(invitations::page))
        .route("/invitations/{token}/accept", post(invitations::accept::<S>))
        .route("/shared", get(shared::list::<S>))
        .route("/shared/{id}", get(shared::show::<S>))
        .route("/shared/{id}/feedback", post(shared::feedback::<S>))
        .route("/shared/{id}/celebrations/{celebration}/cheer", post(shared::cheer::<S>))
        .route("/shared/{id}/suggestions", post(shared::suggest::<S>))
        .route("/shared/{id}/role-model", post(shared::save_win::<S>))
        .route("/groups", get(groups::list::<S>).post(groups::create::<S>))
        .route("/groups/{id}", get(groups::round::<S>))
        .route("/groups/{id}/invitations", post(groups::invite::<S>))
        .route("/groups/{id}/leave", post(groups::leave::<S>))
        .route("/cohort", get(cohort::page::<S>))
        .route("/notifications", get(notifications::list::<S>))
        .route("/notifications/read", post(notifications::mark_read::<S>))
        .route("/notifications/email", post(notifications::set_mail_address::<S>))
}

/// An app error shown as a page.
fn page_error(error: AppError) -> WebError {
    WebError::html(error)
}

/// The sharing pages, one link each, the page shown marked current.
fn sub_nav(current: &str) -> Markup {
    const PAGES: [(&str, &str); 5] = [
        ("/sharing", "What you share"),
        ("/shared", "Shared with you"),
        ("/groups", "Groups"),
        ("/cohort", "Your cohort (coaches)"),
        ("/notifications", "Notifications"),
    ];
    html! {
        nav.sub aria-label="Sharing" {
            ul { @for (href, label) in PAGES { li { a href=(href) aria-current=[(href == current).then_some("page")] { (label) } } } }
        }
    }
}

/// An invitation link, shown once to whoever made it, in a box its text is easy to copy from.
fn invitation_box(url: &str, expires_at: jiff::Timestamp, whom: &str) -> Markup {
    html! {
        div.notice role="status" {
            p { "Send this link to " (whom) ". It works once, until " (crate::layout::local_day(expires_at))
                "; they sign in or make an account, then accept. It is shown only now." }
            div.field {
                label for="invitation-link" { "Invitation link" }
                input.link-copy type="text" id="invitation-link" readonly value=(url);
            }
        }
    }
}
