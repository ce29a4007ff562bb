//! Mastermind groups: the groups I belong to (`/groups`), making one, inviting the next member
//! (the link shown once), leaving (asked first), and a group's weekly round (`/groups/{id}`):
//! each member's week in numbers, their wins with the process behind them, and next week's
//! if–then plan, where they share their reviews' answers.

use std::collections::HashSet;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::AppError;
use mastery_app::sharing::{InvitationView, MemberWeekView, RoundView};
use mastery_domain::ids::{GroupId, ShareId};
use maud::{Markup, html};
use serde::Deserialize;

use super::{invitation_box, page_error, sub_nav};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card};
use crate::pages::confirm::{self, Ask};
use crate::pages::forms::Concern;
use crate::pages::forms::file_error;
use crate::{Me, WebStore};

#[derive(Debug, Default, Deserialize)]
pub struct GroupForm {
    #[serde(default)]
    name: String,
}

/// What the list shows once: a new invitation link, for the group it lets in.
#[derive(Debug, Default)]
struct Shown {
    invitation: Option<(GroupId, InvitationView)>,
    name: String,
    errors: Errors,
}

pub async fn list<S: WebStore>(me: Me<S>) -> Result<Markup, WebError> {
    render(&me, Shown::default()).await
}

async fn render<S: WebStore>(me: &Me<S>, shown: Shown) -> Result<Markup, WebError> {
    let groups = me.sharing.groups(me.user).await.map_err(page_error)?;
    let token = &me.token;
    Ok(layout::page(
        "Groups",
        html! {
            (sub_nav("/groups"))
            p { "A mastermind group meets weekly: each member shows their week in numbers, their wins and how they got them, and next week's plan. Watching people like you succeed is one of the four sources of belief in your own capability." }
            @if groups.is_empty() { p.muted { "You are in no group yet. Make one below, or open an invitation link someone sent you." } }
            @for g in &groups {
                (card(&format!("group-{}", g.id), &g.name, html! {
                    p { (g.members.len()) " members: " (g.members.join(", ")) }
                    @if let Some((_, invitation)) = shown.invitation.as_ref().filter(|(id, _)| *id == g.id) {
                        (invitation_box(&invitation.url, invitation.expires_at, "the person you want in the group"))
                    }
                    p {
                        a.button href=(format!("/groups/{}", g.id)) { "This week's round" }
                        " "
                        form.inline method="post" action=(format!("/groups/{}/invitations", g.id)) {
                            (layout::token(token)) button.secondary type="submit" { "Invite someone" span.visually-hidden { " to " (g.name) } }
                        }
                        " "
                        form.inline method="post" action=(format!("/groups/{}/leave", g.id)) {
                            (layout::token(token)) button.secondary type="submit" { "Leave" span.visually-hidden { " " (g.name) } }
                        }
                    }
                    p.muted { "What you share with the group is chosen on " a href="/sharing" { "Sharing" } "." }
                }))
            }
            (card("new-group", "Make a group", html! {
                form method="post" action="/groups" {
                    (layout::token(token))
                    (shown.errors.summary())
                    (Field { name: "name", label: "The group's name", hint: Some("For example: Tuesday circle") }.text(&shown.errors, &shown.name))
                    button type="submit" { "Make the group" }
                }
                p.muted { "You get an invitation link for the first member; make one per person." }
            }))
        },
    ))
}

/// Makes a group with me in it, and shows its first invitation link.
pub async fn create<S: WebStore>(me: Me<S>, Form(form): Form<GroupForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    match me.sharing.create_group(me.user, &form.name).await {
        Ok(made) => {
            let shown = Shown { invitation: Some((made.id, made.invitation)), ..Shown::default() };
            return Ok(render(&me, shown).await?.into_response());
        }
        Err(error) => file_error(&mut errors, error, &[(Concern::Field(mastery_domain::Field::GroupName), "name")])?,
    }
    let shown = Shown { name: form.name, errors, ..Shown::default() };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&me, shown).await?).into_response())
}

/// A new invitation link into one of my groups, shown once.
pub async fn invite<S: WebStore>(me: Me<S>, Path(id): Path<GroupId>) -> Result<Markup, WebError> {
    let invitation = me.sharing.invite_to_group(me.user, id).await.map_err(page_error)?;
    render(&me, Shown { invitation: Some((id, invitation)), ..Shown::default() }).await
}

/// Leaves a group, once confirmed; a group I am not in is not found, asked or not.
pub async fn leave<S: WebStore>(
    me: Me<S>,
    Path(id): Path<GroupId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !confirm::confirmed(&pairs) {
        let groups = me.sharing.groups(me.user).await.map_err(page_error)?;
        let Some(group) = groups.iter().find(|g| g.id == id) else {
            return Err(page_error(AppError::NotFound {
                entity: "group",
                reference: id.to_string(),
                hint: "you see the groups you belong to under Groups".to_owned(),
            }));
        };
        let consequence = format!(
            "You leave “{}”: you no longer see its round, and what you shared with it stops being shared. To come back you need a new invitation.",
            group.name
        );
        let ask = Ask {
            title: "Leave this group?",
            consequence: &consequence,
            action: &format!("/groups/{id}/leave"),
            yes: "Leave the group",
            back: "/groups",
        };
        return Ok(confirm::page(&me.token, &ask).into_response());
    }
    me.sharing.leave_group(me.user, id).await.map_err(page_error)?;
    Ok(Redirect::to("/groups").into_response())
}

/// This week's round of a group I belong to.
pub async fn round<S: WebStore>(me: Me<S>, Path(id): Path<GroupId>) -> Result<Markup, WebError> {
    let round = me.sharing.round(me.user, id).await.map_err(page_error)?;
    // A win links to its shared page only where that page is mine to read (not my own wins).
    let readable: HashSet<ShareId> =
        me.sharing.shared_with_me(me.user).await.map_err(page_error)?.into_iter().map(|s| s.id).collect();
    Ok(round_page(&round, &readable, &me.token))
}

fn round_page(round: &RoundView, readable: &HashSet<ShareId>, token: &str) -> Markup {
    layout::page(
        &round.name,
        html! {
            (sub_nav("/groups"))
            p.muted { "Weekly round, " (round.week) " · each member's week over what they share with the group" }
            div.members { @for m in &round.members { (member_card(m, readable)) } }
            form.confirm method="post" action=(format!("/groups/{}/invitations", round.group)) {
                (layout::token(token)) button.secondary type="submit" { "Invite someone" }
            }
            p { a href="/sharing" { "Share a goal with the group" } " · " a href="/groups" { "All your groups" } }
        },
    )
}

fn member_card(m: &MemberWeekView, readable: &HashSet<ShareId>) -> Markup {
    let w = &m.numbers;
    html! {
        section.card aria-label=(m.member) {
            h2 { (m.member) }
            @if m.shares.is_empty() {
                p.muted { "Shares nothing with the group yet." }
            } @else {
                dl.figures {
                    dt { "Attempts" } dd { (w.attempts) }
                    dt { "Successes" } dd { (w.successes) @if w.partials > 0 { " (+" (w.partials) " partial)" } }
                    dt { "Practice kept" } dd { @if w.practice_planned > 0 { (w.practice_kept) " of " (w.practice_planned) " planned" } @else { "no plan" } }
                }
                h3 { "Wins" }
                @if m.wins.is_empty() { p.muted { "No win recorded this week yet." } }
                ul.wins { @for win in &m.wins { li {
                    strong { (win.challenge) }
                    @if let Some(did) = &win.did { " — " (did) }
                    @if readable.contains(&win.share) {
                        br; a href=(format!("/shared/{}?win={}#save-win-heading", win.share, win.attempt)) { "Save as a role model" span.visually-hidden { ": " (win.challenge) } }
                    }
                } } }
            }
            @if let Some(plan) = &m.plan { p.plan { strong { "Next week: " } (plan) } }
            @else { p.muted { "No if–then plan shared for next week." } }
        }
    }
}
