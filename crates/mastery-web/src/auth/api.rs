//! `/api/v1/auth`: the contract's sign-up, log-in and API tokens, plus sign-out, the signed-in
//! person, invitations and deleting the account. Log-in sets the session cookie and answers the
//! session's CSRF token; a script that prefers a bearer token makes one with `POST /tokens`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use mastery_app::AppError;
use mastery_app::accounts::AccountView;
use mastery_domain::account::INVITE_LIFETIME;
use mastery_domain::ids::TokenId;
use serde::{Deserialize, Serialize};

use super::{no_content_with, server, with_cookie};
use crate::api::Body;
use crate::error::{Format, WebError};
use crate::{Caller, Shared, WebStore};

pub fn routes<S: WebStore>() -> Router<Shared<S>> {
    Router::new()
        .route("/signup", post(signup::<S>))
        .route("/login", post(login::<S>))
        .route("/logout", post(logout::<S>))
        .route("/logout-everywhere", post(logout_everywhere::<S>))
        .route("/me", get(me::<S>))
        .route("/tokens", get(tokens::<S>).post(create_token::<S>))
        .route("/tokens/{id}", delete(revoke_token::<S>))
        .route("/invites", post(invite::<S>))
        .route("/account", delete(delete_account::<S>))
}

fn json(error: AppError) -> WebError {
    WebError::json(error)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    username: String,
    password: String,
    #[serde(default)]
    invite: Option<String>,
}

#[derive(Debug, Serialize)]
struct UserBody {
    user: AccountView,
}

async fn signup<S: WebStore>(
    State(site): State<Shared<S>>,
    Body(body): Body<Credentials>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Json)?;
    let user = server
        .accounts
        .signup(&body.username, &body.password, body.invite.as_deref(), server.signup)
        .await
        .map_err(json)?;
    Ok((StatusCode::CREATED, Json(UserBody { user })).into_response())
}

#[derive(Debug, Serialize)]
struct Csrf {
    csrf: String,
}

async fn login<S: WebStore>(
    State(site): State<Shared<S>>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    Body(body): Body<Credentials>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Json)?;
    let address = peer.map(|Extension(ConnectInfo(addr))| addr.ip().to_string());
    let session = server.accounts.login(&body.username, &body.password, address.as_deref()).await.map_err(json)?;
    let cookie = server.session_cookie(&session.token);
    Ok(with_cookie(Json(Csrf { csrf: session.csrf }).into_response(), cookie))
}

async fn logout<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Json)?;
    if let Some(session) = &caller.session {
        server.accounts.logout(session).await.map_err(json)?;
    }
    Ok(no_content_with(server.cleared_cookie()))
}

#[derive(Debug, Serialize)]
struct Ended {
    ended: u64,
}

async fn logout_everywhere<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Json)?;
    let ended = server.accounts.logout_everywhere(caller.user).await.map_err(json)?;
    Ok(with_cookie(Json(Ended { ended }).into_response(), server.cleared_cookie()))
}

async fn me<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<UserBody>, WebError> {
    let server = server(&site, Format::Json)?;
    let user = server.accounts.account(caller.user).await.map_err(json)?;
    Ok(Json(UserBody { user }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenName {
    name: String,
}

/// A token as listed: never its secret.
#[derive(Debug, Serialize)]
struct TokenView {
    id: TokenId,
    name: String,
    created_at: jiff::Timestamp,
    last_used_at: Option<jiff::Timestamp>,
}

/// A new token: the secret, shown this once.
#[derive(Serialize)]
struct NewToken {
    id: TokenId,
    name: String,
    token: String,
}

async fn create_token<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
    Body(body): Body<TokenName>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Json)?;
    let (record, token) = server.accounts.create_token(caller.user, &body.name).await.map_err(json)?;
    Ok((StatusCode::CREATED, Json(NewToken { id: record.id, name: record.name, token })).into_response())
}

async fn tokens<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Vec<TokenView>>, WebError> {
    let server = server(&site, Format::Json)?;
    let tokens = server.accounts.tokens(caller.user).await.map_err(json)?;
    Ok(Json(
        tokens
            .into_iter()
            .map(|t| TokenView { id: t.id, name: t.name, created_at: t.created_at, last_used_at: t.last_used_at })
            .collect(),
    ))
}

async fn revoke_token<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, WebError> {
    let server = server(&site, Format::Json)?;
    let not_found = || AppError::NotFound {
        entity: "token",
        reference: id.clone(),
        hint: "list your tokens with GET /api/v1/auth/tokens".to_owned(),
    };
    let id: TokenId = id.parse().map_err(|_| json(not_found()))?;
    server.accounts.revoke_token(caller.user, id).await.map_err(json)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize)]
struct Invite {
    code: String,
    url: String,
}

async fn invite<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Json)?;
    let code = server.accounts.create_invite(Some(caller.user), INVITE_LIFETIME).await.map_err(json)?;
    let url = format!("{}/signup?invite={code}", server.origin);
    Ok((StatusCode::CREATED, Json(Invite { code, url })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Password {
    password: String,
}

async fn delete_account<S: WebStore>(
    State(site): State<Shared<S>>,
    Extension(caller): Extension<Caller>,
    Body(body): Body<Password>,
) -> Result<Response, WebError> {
    let server = server(&site, Format::Json)?;
    server.accounts.delete_account(caller.user, &body.password).await.map_err(json)?;
    Ok(no_content_with(server.cleared_cookie()))
}
