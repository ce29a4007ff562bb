//! `/sharing`: what I share and with whom, the form to share a goal or a domain (a partner or
//! coach gets an invitation link, shown once; a group sees it at once), revoking (asked first),
//! sending a feedback request to an audience in the app, and the rungs coaches suggested.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::AppError;
use mastery_app::sharing::{GroupView, InvitationView, NewShare, ShareView, SuggestionView};
use mastery_app::views::{DomainView, FeedbackRequestView, GoalView};
use mastery_domain::ids::{GroupId, ShareId, SuggestionId};
use mastery_domain::sharing::Role;
use maud::{Markup, html};
use serde::Deserialize;

use super::{invitation_box, page_error, sub_nav};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card};
use crate::pages::confirm::{self, Ask};
use crate::pages::forms::Concern;
use crate::pages::forms::{Sent, file_error, given, optional, required};
use crate::{Me, Web, WebStore};

/// How many recent attempts a feedback request sent from here names, as on the People page.
const REQUEST_ATTEMPTS: usize = 3;

#[derive(Debug, Default, Deserialize)]
pub struct ShareForm {
    /// `goal:{id}` or `domain:{slug}`.
    #[serde(default)]
    what: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    group: String,
    /// Present when the box is ticked.
    #[serde(default)]
    review_answers: Option<String>,
    /// Where to e-mail the invitation too, on a server that sends e-mail.
    #[serde(default)]
    email: String,
}

/// What the page shows once, after an action.
#[derive(Debug, Default)]
struct Shown {
    invitation: Option<InvitationView>,
    /// Where the invitation was e-mailed, or why it could not be.
    mailed: Option<String>,
    sent: Option<FeedbackRequestView>,
    problem: Option<String>,
    share: Sent<ShareForm>,
}

pub async fn page<S: WebStore>(me: Me<S>, web: Web<S>) -> Result<Markup, WebError> {
    render(&me, &web, Shown::default()).await
}

async fn render<S: WebStore>(me: &Me<S>, web: &Web<S>, shown: Shown) -> Result<Markup, WebError> {
    let shares = me.sharing.my_shares(me.user).await.map_err(page_error)?;
    let suggestions = me.sharing.suggestions(me.user).await.map_err(page_error)?;
    let groups = me.sharing.groups(me.user).await.map_err(page_error)?;
    let goals = web.app.goals(None, false).await.map_err(page_error)?;
    let domains = web.app.domains(false).await.map_err(page_error)?;
    let sends_mail = me.sharing.mail_settings(me.user).await.map_err(page_error)?.server_sends_mail;
    Ok(layout::page(
        "Sharing",
        html! {
            (sub_nav("/sharing"))
            p { "Telling someone what you are working on, and hearing back from them, is the accountability step of the method. Share one goal (or a whole domain) with a partner, a coach or a group; they see only that, and you can revoke it at any time." }
            @if let Some(invitation) = &shown.invitation { (invitation_box(&invitation.url, invitation.expires_at, "the person you chose")) }
            @if let Some(mailed) = &shown.mailed { p.notice role="status" { (mailed) } }
            @if let Some(sent) = &shown.sent {
                div.notice role="status" {
                    p { "Your request was sent to them in the app:" }
                    div.field { label for="sent-request" { "What they read" } textarea id="sent-request" readonly rows="8" { (sent.text) } }
                }
            }
            @if let Some(problem) = &shown.problem { p.error role="alert" { (problem) } }
            (suggestions_section(&suggestions, &goals, &me.token))
            (shares_section(&shares, &me.token))
            (share_form(&me.token, &goals, &domains, &groups, sends_mail, &shown.share))
        },
    ))
}

fn shares_section(shares: &[ShareView], token: &str) -> Markup {
    card(
        "shares",
        "What you share",
        html! {
            @if shares.is_empty() {
                p { "Nothing yet. Share a goal below: your partner, coach or group then sees its ladder, your attempts and what you did, and can give you feedback." }
            } @else {
                div.table-wrap { table.stack {
                    thead { tr { th scope="col" { "What" } th scope="col" { "With" } th scope="col" { "As" } th scope="col" { "Review answers" } th scope="col" { "Since" } th scope="col" { span.visually-hidden { "Actions" } } } }
                    tbody { @for s in shares { tr {
                        th scope="row" { (what(s)) br; span.muted { (s.domain) } }
                        td data-label="With" { (audience(s)) }
                        td data-label="As" { (s.role) }
                        td data-label="Review answers" { @if s.review_answers { "shared" } @else { "private" } }
                        td data-label="Since" { (layout::local_day(s.created_at)) }
                        td {
                            @if s.audience.is_some() || s.group.is_some() {
                                form.inline method="post" action=(format!("/sharing/{}/request", s.id)) {
                                    (layout::token(token))
                                    button.secondary type="submit" { "Ask for feedback" span.visually-hidden { " on " (what(s)) } }
                                }
                                " "
                            }
                            form.inline method="post" action=(format!("/sharing/{}/revoke", s.id)) {
                                (layout::token(token))
                                button.secondary type="submit" { "Revoke" span.visually-hidden { " " (what(s)) } }
                            }
                        }
                    } } }
                } }
                p.muted { "Ask for feedback sends them, in the app, a request for specific feedback on your latest attempts." }
            }
        },
    )
}

/// What a share covers, in words.
fn what(s: &ShareView) -> String {
    match &s.goal {
        Some(goal) => goal.clone(),
        None => format!("All of {}", s.domain),
    }
}

/// Who a share reaches, or that its invitation waits.
fn audience(s: &ShareView) -> Markup {
    html! {
        @match (&s.audience, &s.group) {
            (_, Some(group)) => { "the group " strong { (group) } }
            (Some(person), None) => strong { (person) },
            (None, None) => span.muted { "invitation not accepted yet" },
        }
    }
}

fn suggestions_section(suggestions: &[SuggestionView], goals: &[GoalView], token: &str) -> Markup {
    let goal = |s: &SuggestionView| {
        goals.iter().find(|g| g.id == s.goal).map_or("your goal", |g| g.statement.as_str()).to_owned()
    };
    html! {
        @if !suggestions.is_empty() {
            (card("suggestions", "Rungs your coach suggests", html! {
                p.muted { "Accepting adds the rung to the goal's ladder; declining tells your coach, and nothing changes." }
                ul { @for s in suggestions { li {
                    strong { (s.title) } " for " (goal(s)) " — from " (s.from)
                    @if let Some(difficulty) = s.difficulty { ", difficulty " (format!("{difficulty:.1}")) }
                    @if let Some(note) = &s.note { br; span.muted { (note) } }
                    br;
                    form.inline method="post" action=(format!("/suggestions/{}/accept", s.id)) {
                        (layout::token(token)) button type="submit" { "Accept" span.visually-hidden { " " (s.title) } }
                    }
                    " "
                    form.inline method="post" action=(format!("/suggestions/{}/decline", s.id)) {
                        (layout::token(token)) button.secondary type="submit" { "Decline" span.visually-hidden { " " (s.title) } }
                    }
                } } }
            }))
        }
    }
}

fn share_form(
    token: &str,
    goals: &[GoalView],
    domains: &[DomainView],
    groups: &[GroupView],
    sends_mail: bool,
    sent: &Sent<ShareForm>,
) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    let roles = [
        (String::new(), "Choose".to_owned()),
        ("partner".to_owned(), "Partner: follows your progress, cheers, gives feedback".to_owned()),
        ("coach".to_owned(), "Coach: also sees your calibration, explanations and audits, suggests rungs".to_owned()),
        ("group".to_owned(), "Group: your wins and week in the group's weekly round".to_owned()),
    ];
    let group_choices: Vec<(String, String)> =
        std::iter::once((String::new(), "No group (a partner or coach)".to_owned()))
            .chain(groups.iter().map(|g| (g.id.to_string(), g.name.clone())))
            .collect();
    card(
        "share",
        "Share a goal or a domain",
        html! {
            @if goals.is_empty() && domains.is_empty() {
                p { "Add a " a href="/domains" { "domain" } " and a goal first; then share it here." }
            } @else {
                form method="post" action="/sharing" {
                    (layout::token(token))
                    (errors.summary())
                    div.field {
                        label for="what" { "What to share" }
                        (errors.message("what"))
                        select id="what" name="what" aria-invalid=(errors.has("what")) {
                            option value="" { "Choose a goal or a domain" }
                            optgroup label="One goal" { @for g in goals {
                                @let value = format!("goal:{}", g.id);
                                option value=(value) selected[form.what == value] { (g.statement) }
                            } }
                            optgroup label="A whole domain, every goal in it" { @for d in domains {
                                @let value = format!("domain:{}", d.slug);
                                option value=(value) selected[form.what == value] { (d.name) }
                            } }
                        }
                    }
                    (Field { name: "role", label: "Share with", hint: Some("A partner or coach gets an invitation link from you; a group sees it at once.") }.select(errors, &roles, &form.role))
                    @if !groups.is_empty() {
                        (Field { name: "group", label: "Which group", hint: Some("For a group share.") }.select(errors, &group_choices, &form.group))
                    }
                    @if sends_mail {
                        (Field { name: "email", label: "E-mail the invitation to (optional)", hint: Some("For a partner or coach; the link is shown here either way.") }.text(errors, &form.email))
                    }
                    div.field {
                        label.check { input type="checkbox" name="review_answers" value="yes" checked[form.review_answers.is_some()]; " Let them read my weekly reviews' answers" }
                        p.hint { "Your reviews' numbers are always shared; what you wrote in them only with this ticked." }
                    }
                    button type="submit" { "Share" }
                }
                @if groups.is_empty() { p.muted { "To share with a group, " a href="/groups" { "make or join one" } " first." } }
            }
        },
    )
}

/// Shares a goal or a domain: a partner or coach share answers with its invitation link, shown
/// once; a group share is seen at once, so the list is shown again.
pub async fn share<S: WebStore>(me: Me<S>, web: Web<S>, Form(form): Form<ShareForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let role: Option<Role> = required(&mut errors, "role", &form.role, "choose who to share it with", str::parse);
    let group: Option<GroupId> = optional(&mut errors, "group", &form.group, str::parse);
    let (goal, domain) = match form.what.split_once(':') {
        Some(("goal", id)) => (Some(id.to_owned()), None),
        Some(("domain", slug)) => (None, Some(slug.to_owned())),
        _ => {
            errors.add("what", "choose a goal or a domain to share");
            (None, None)
        }
    };
    if errors.is_empty() {
        // The group drop-down is on the form for every role; it means something only for a group.
        let group = group.filter(|_| role == Some(Role::Group));
        let email = given(&form.email);
        let input = NewShare { goal, domain, role, group, review_answers: form.review_answers.is_some(), email };
        match me.sharing.share(me.user, input).await {
            Ok(made) if made.invitation.is_none() => return Ok(Redirect::to("/sharing").into_response()),
            Ok(made) => {
                let mailed = match (made.emailed_to, made.mail_problem) {
                    (Some(to), _) => Some(format!("The invitation was e-mailed to {to}.")),
                    (None, Some(problem)) => Some(format!("The invitation could not be e-mailed: {problem}")),
                    (None, None) => None,
                };
                let shown = Shown { invitation: made.invitation, mailed, ..Shown::default() };
                return Ok(render(&me, &web, shown).await?.into_response());
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Entity("goal"), "what"),
                    (Concern::Entity("domain"), "what"),
                    (Concern::Entity("group"), "group"),
                    (Concern::Field(mastery_domain::Field::Role), "role"),
                ],
            )?,
        }
    }
    let shown = Shown { share: Sent { form, errors }, ..Shown::default() };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&me, &web, shown).await?).into_response())
}

/// Revokes one of my shares, once confirmed; the question names what stops being shared, and a
/// share that is not mine is not found, asked or not.
pub async fn revoke<S: WebStore>(
    me: Me<S>,
    Path(id): Path<ShareId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !confirm::confirmed(&pairs) {
        let shares = me.sharing.my_shares(me.user).await.map_err(page_error)?;
        let Some(share) = shares.iter().find(|s| s.id == id) else {
            return Err(page_error(AppError::NotFound {
                entity: "share",
                reference: id.to_string(),
                hint: "your shares are listed under Sharing".to_owned(),
            }));
        };
        let whom = match (&share.audience, &share.group) {
            (_, Some(group)) => format!("the group {group}"),
            (Some(person), None) => person.clone(),
            (None, None) => "whoever opens the invitation link".to_owned(),
        };
        let consequence = format!(
            "{whom} no longer sees “{}”, from now on; the link, if not used yet, stops working. To share it again you make a new invitation.",
            what(share)
        );
        let ask = Ask {
            title: "Revoke this share?",
            consequence: &consequence,
            action: &format!("/sharing/{id}/revoke"),
            yes: "Revoke it",
            back: "/sharing",
        };
        return Ok(confirm::page(&me.token, &ask).into_response());
    }
    me.sharing.revoke(me.user, id).await.map_err(page_error)?;
    Ok(Redirect::to("/sharing").into_response())
}

/// Sends the share's audience a request for feedback on my latest attempts, and shows what they
/// read. When it cannot be sent yet (nobody accepted), the page says why.
pub async fn send_request<S: WebStore>(me: Me<S>, web: Web<S>, Path(id): Path<ShareId>) -> Result<Response, WebError> {
    match me.sharing.send_request(me.user, id, REQUEST_ATTEMPTS).await {
        Ok(sent) => Ok(render(&me, &web, Shown { sent: Some(sent), ..Shown::default() }).await?.into_response()),
        Err(error @ AppError::NotFound { entity: "share", .. }) => Err(page_error(error)),
        Err(error) if error.is_usage() => {
            let shown = Shown { problem: Some(error.to_string()), ..Shown::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&me, &web, shown).await?).into_response())
        }
        Err(error) => Err(page_error(error)),
    }
}

pub async fn accept_suggestion<S: WebStore>(me: Me<S>, Path(id): Path<SuggestionId>) -> Result<Redirect, WebError> {
    me.sharing.accept_suggestion(me.user, id).await.map_err(page_error)?;
    Ok(Redirect::to("/sharing"))
}

pub async fn decline_suggestion<S: WebStore>(me: Me<S>, Path(id): Path<SuggestionId>) -> Result<Redirect, WebError> {
    me.sharing.decline_suggestion(me.user, id).await.map_err(page_error)?;
    Ok(Redirect::to("/sharing"))
}
