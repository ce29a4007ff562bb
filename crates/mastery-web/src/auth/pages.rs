//! The account pages of a server, in the same frame as the rest: sign in, sign up (with an
//! invitation when sign-up is by invitation; both lead back to the page the person was headed
//! to, such as a sharing invitation's, when that is a page of this site), and the account page (API tokens, invitations,
//! signing out everywhere, deleting the account). A refused form is shown again with its message
//! beside the field and its password boxes empty.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use mastery_app::AppError;
use mastery_app::accounts::SignupMode;
use mastery_domain::account::INVITE_LIFETIME;
use mastery_domain::ids::TokenId;
use maud::{Markup, html};
use serde::Deserialize;

use super::{server, with_cookie};
use crate::error::{Format, WebError};
use crate::layout::{self, Errors, Field, card};
use crate::pages::confirm::{self, Ask};
use crate::pages::forms::encode;
use crate::pages::help_now::is_own_path;
use crate::{Caller, Shared, WebStore};

pub fn routes<S: WebStore>() -> Router<Shared<S>> {
    Router::new()
        .route("/signin", get(signin_form).post(signin::<S>))
        .route("/signup", get(signup_form::<S>).post(signup::<S>))
        .route("/signout", post(signout::<S>))
        .route("/account", get(account::<S>))
        .route("/account/tokens", post(create_token::<S>))
        .route("/account/tokens/{id}/revoke", post(revoke_token::<S>))
        .route("/account/invites", post(invite::<S>))
        .route("/account/signout-everywhere", post(signout_everywhere::<S>))
        .route("/account/delete", post(delete_account::<S>))
}

fn html(error: AppError) -> WebError {
    WebError::html(error)
}

#[derive(Debug, Default, Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    then: Option<String>,
    #[serde(default)]
    invite: Option<String>,
}

/// Where to go after signing in or up: back where the person was headed (an invitation link,
/// say), if that is a page here; never another site.
fn destination(then: Option<&str>) -> String {
    then.filter(|t| is_own_path(t)).unwrap_or("/").to_owned()
}

/// `page` carrying on where the person was headed, when that is a page here: the links between
/// signing in and signing up keep the way back.
fn with_then(page: &str, then: Option<&str>) -> String {
    match then.filter(|t| is_own_path(t)) {
        Some(then) => format!("{page}?then={}", encode(then)),
        None => page.to_owned(),
    }
}

fn signin_page(form: &SigninForm, errors: &Errors) -> Markup {
    layout::page(
        "Sign in",
        html! {
            form method="post" action="/signin" {
                (errors.summary())
                @if let Some(then) = form.then.as_deref().filter(|t| is_own_path(t)) { input type="hidden" name="then" value=(then); }
                (Field { name: "username", label: "Username", hint: None }.text(errors, &form.username))
                (Field { name: "password", label: "Password", hint: None }.password(errors, "current-password"))
                button type="submit" { "Sign in" }
            }
            p { "New here? " a href=(with_then("/signup", form.then.as_deref())) { "Create an account" } "." }
        },
    )
}

async fn signin_form(Query(form): Query<SigninForm>) -> Markup {
    signin_page(&form, &Errors::default())
}

async fn signin<S: WebStore>(
    State(site): State<Shared<S>>,
    peer: Option<Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    Form(form): Form<SigninForm>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Html)?;
    let address = peer.map(|Extension(axum::extract::ConnectInfo(addr))| addr.ip().to_string());
    match server.accounts.login(&form.username, &form.password, address.as_deref()).await {
        Ok(session) => {
            let to = destination(form.then.as_deref());
            Ok(with_cookie(Redirect::to(&to).into_response(), server.session_cookie(&session.token)))
        }
        Err(error) if error.is_usage() => {
            let status = crate::error::status(&error);
            let mut errors = Errors::default();
            errors.add("form", error.to_string());
            Ok((status, signin_page(&form, &errors)).into_response())
        }
        Err(error) => Err(html(error)),
    }
}

fn signup_page(mode: SignupMode, form: &SigninForm, errors: &Errors) -> Markup {
    layout::page(
        "Create an account",
        html! {
            @if mode == SignupMode::Closed {
                p { "This server is not taking new accounts. Ask the person who runs it." }
            } @else {
                p { "Your records stay yours: nobody on this server sees anything you do not share." }
                form method="post" action="/signup" {
                    (errors.summary())
                    @if let Some(then) = form.then.as_deref().filter(|t| is_own_path(t)) { input type="hidden" name="then" value=(then); }
                    (Field { name: "username", label: "Username", hint: Some("3 to 32 letters, digits, dots, dashes or underscores") }.text(errors, &form.username))
                    (Field { name: "password", label: "Password", hint: Some("At least 12 characters; a few unrelated words make a strong one") }.password(errors, "new-password"))
                    @if mode == SignupMode::Invite {
                        (Field { name: "invite", label: "Invitation code", hint: Some("From the link you were sent") }.text(errors, form.invite.as_deref().unwrap_or("")))
                    }
                    button type="submit" { "Create the account" }
                }
                p { "Already have one? " a href=(with_then("/signin", form.then.as_deref())) { "Sign in" } "." }
            }
        },
    )
}

async fn signup_form<S: WebStore>(
    State(site): State<Shared<S>>,
    Query(form): Query<SigninForm>,
) -> Result<Markup, WebError> {
    let server = server(&site, Format::Html)?;
    Ok(signup_page(server.signup, &form, &Errors::default()))
}

async fn signup<S: WebStore>(
    State(site): State<Shared<S>>,
    Form(form): Form<SigninForm>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Html)?;
    let created = server.accounts.signup(&form.username, &form.password, form.invite.as_deref(), server.signup).await;
    let signed_in = match created {
        Ok(_) => server.accounts.login(&form.username, &form.password, None).await,
        Err(error) => Err(error),
    };
    match signed_in {
        Ok(session) => {
            let to = destination(form.then.as_deref());
            Ok(with_cookie(Redirect::to(&to).into_response(), server.session_cookie(&session.token)))
        }
        Err(error) if error.is_usage() => {
            let mut errors = Errors::default();
            let field = match &error {
                AppError::Conflict { .. } => "username",
                AppError::Invalid(invalid) if invalid.to_string().contains("password") => "password",
                AppError::Invalid(_) => "username",
                _ => "form",
            };
            errors.add(field, error.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, signup_page(server.signup, &form, &errors)).into_response())
        }
        Err(error) => Err(html(error)),
    }
}

async fn signout<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Html)?;
    if let Some(session) = &caller.session {
        server.accounts.logout(session).await.map_err(html)?;
    }
    Ok(with_cookie(Redirect::to("/signin").into_response(), server.cleared_cookie()))
}

/// What the account page shows once, after an action: a new token's secret or an invitation.
#[derive(Debug, Default)]
struct Shown {
    secret: Option<(String, String)>,
    invite: Option<String>,
    notice: Option<String>,
}

async fn account_page<S: WebStore>(
    site: &Shared<S>,
    caller: &Caller,
    shown: Shown,
    errors: &Errors,
) -> Result<Markup, WebError> {
    let server = server(site, Format::Html)?;
    let me = server.accounts.account(caller.user).await.map_err(html)?;
    let tokens = server.accounts.tokens(caller.user).await.map_err(html)?;
    let token = caller.token.clone().unwrap_or_default();
    Ok(layout::page(
        "Your account",
        html! {
            p { "Signed in as " strong { (me.username) } "." }
            @if let Some(notice) = &shown.notice { p role="status" { (notice) } }
            (card("tokens", "API tokens", html! {
                p { "A token lets a script act as you through the API (" code { "Authorization: Bearer …" } "). Keep it secret; revoke one you no longer use." }
                @if let Some((name, secret)) = &shown.secret {
                    div role="status" {
                        p { "Your new token " strong { (name) } ". Copy it now: it is shown only this once." }
                        p.secret { (secret) }
                    }
                }
                @if tokens.is_empty() { p { "No tokens yet." } } @else {
                    div.table-wrap { table {
                        thead { tr { th scope="col" { "Name" } th scope="col" { "Created" } th scope="col" { "Last used" } th scope="col" { span.visually-hidden { "Action" } } } }
                        tbody { @for t in &tokens { tr {
                            td { (t.name) } td { (layout::local_day(t.created_at)) } td { (t.last_used_at.map(layout::local_day).unwrap_or_else(|| "never".to_owned())) }
                            td { form.inline method="post" action=(format!("/account/tokens/{}/revoke", t.id)) { (layout::token(&token)) button.secondary type="submit" { "Revoke " span.visually-hidden { (t.name) } } } }
                        } } }
                    } }
                }
                form method="post" action="/account/tokens" {
                    (layout::token(&token))
                    (errors.summary())
                    (Field { name: "name", label: "Name of a new token", hint: Some("Where you will use it, for example: laptop") }.text(errors, ""))
                    button type="submit" { "Create a token" }
                }
            }))
            @if server.signup == SignupMode::Invite {
                (card("invite", "Invite someone", html! {
                    @if let Some(url) = &shown.invite { p role="status" { "Send this link; it works once, for a week: " span.secret { (url) } } }
                    form method="post" action="/account/invites" { (layout::token(&token)) button type="submit" { "Make an invitation link" } }
                }))
            }
            (card("sessions", "Signed-in devices", html! {
                p { "Lost a phone, or signed in on a shared computer? End every session, this one included." }
                form method="post" action="/account/signout-everywhere" { (layout::token(&token)) button.secondary type="submit" { "Sign out everywhere" } }
            }))
            (card("delete", "Delete the account", html! {
                p { "Deletes your account and every record in it, at once and for good. Nothing is kept." }
                form method="post" action="/account/delete" {
                    (layout::token(&token))
                    (Field { name: "password", label: "Your password, to confirm", hint: None }.password(errors, "current-password"))
                    button type="submit" { "Delete my account and all my records" }
                }
            }))
        },
    ))
}

async fn account<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
) -> Result<Markup, WebError> {
    account_page(&site, &caller, Shown::default(), &Errors::default()).await
}

#[derive(Debug, Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
}

async fn create_token<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Html)?;
    match server.accounts.create_token(caller.user, &form.name).await {
        Ok((record, secret)) => {
            let shown = Shown { secret: Some((record.name, secret)), ..Shown::default() };
            Ok(account_page(&site, &caller, shown, &Errors::default()).await?.into_response())
        }
        Err(error) if error.is_usage() => {
            let mut errors = Errors::default();
            errors.add("name", error.to_string());
            let page = account_page(&site, &caller, Shown::default(), &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(error) => Err(html(error)),
    }
}

/// Revokes one of the caller's API tokens, once confirmed (`confirm`).
async fn revoke_token<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Html)?;
    let not_found = || {
        html(AppError::NotFound {
            entity: "token",
            reference: id.clone(),
            hint: "see your tokens on the account page".to_owned(),
        })
    };
    let parsed: TokenId = id.parse().map_err(|_| not_found())?;
    if !confirm::confirmed(&pairs) {
        let tokens = server.accounts.tokens(caller.user).await.map_err(html)?;
        let token = tokens.into_iter().find(|t| t.id == parsed).ok_or_else(not_found)?;
        let consequence = format!(
            "A script using the token “{}” can no longer act as you, at once and for good; a new token takes its place only where you put it.",
            token.name
        );
        let ask = Ask {
            title: "Revoke this token?",
            consequence: &consequence,
            action: &format!("/account/tokens/{parsed}/revoke"),
            yes: "Revoke it",
            back: "/account",
        };
        return Ok(confirm::page(caller.token.as_deref().unwrap_or_default(), &ask).into_response());
    }
    server.accounts.revoke_token(caller.user, parsed).await.map_err(html)?;
    Ok(Redirect::to("/account").into_response())
}

async fn invite<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
) -> Result<Markup, WebError> {
    let server = server(&site, Format::Html)?;
    let code = server.accounts.create_invite(Some(caller.user), INVITE_LIFETIME).await.map_err(html)?;
    let shown = Shown { invite: Some(format!("{}/signup?invite={code}", server.origin)), ..Shown::default() };
    account_page(&site, &caller, shown, &Errors::default()).await
}

/// Ends every session of the caller, this one included, once confirmed (`confirm`).
async fn signout_everywhere<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Html)?;
    if !confirm::confirmed(&pairs) {
        let ask = Ask {
            title: "Sign out everywhere?",
            consequence: "Every device signed in as you is signed out, this one included; you sign in again with your password.",
            action: "/account/signout-everywhere",
            yes: "Sign out everywhere",
            back: "/account",
        };
        return Ok(confirm::page(caller.token.as_deref().unwrap_or_default(), &ask).into_response());
    }
    server.accounts.logout_everywhere(caller.user).await.map_err(html)?;
    Ok(with_cookie(Redirect::to("/signin").into_response(), server.cleared_cookie()))
}

#[derive(Debug, Deserialize)]
struct DeleteForm {
    #[serde(default)]
    password: String,
}

async fn delete_account<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
    Form(form): Form<DeleteForm>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Html)?;
    match server.accounts.delete_account(caller.user, &form.password).await {
        Ok(()) => Ok(with_cookie(Redirect::to("/signup").into_response(), server.cleared_cookie())),
        Err(error) if error.is_usage() => {
            let mut errors = Errors::default();
            errors.add("password", error.to_string());
            let page = account_page(&site, &caller, Shown::default(), &errors).await?;
            Ok((crate::error::status(&error), page).into_response())
        }
        Err(error) => Err(html(error)),
    }
}
