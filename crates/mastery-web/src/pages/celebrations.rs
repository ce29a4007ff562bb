//! Celebrations in the browser: when an attempt masters a rung (or a goal is reached) the person is
//! asked what effort and strategy produced it, because naming one's own contribution is what
//! turns a success into evidence of capability rather than luck.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mastery_app::views::CelebrationView;
use mastery_domain::celebration::QUESTION;
use maud::{Markup, html};
use serde::Deserialize;

use super::given;
use super::{Page, after_save, file_error};
use crate::error::WebError;
use crate::layout::{self, Errors, Field};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

async fn celebration<S: WebStore>(web: &Web<S>, id: &str) -> Result<CelebrationView, WebError> {
    web.app.show_celebration(id).await.map_err(WebError::html)
}

#[derive(Debug, Default, Deserialize)]
pub struct ReflectForm {
    #[serde(default)]
    effort: String,
    #[serde(default)]
    strategy: String,
}

/// Every milestone reached, newest first, with what produced it or the way to name it.
pub async fn list<S: WebStore>(web: Web<S>) -> Page {
    let all = web.app.celebrations(None).await.map_err(WebError::html)?;
    Ok(layout::page(
        "Celebrations",
        html! {
            @if all.is_empty() {
                p { "No milestones yet. When an attempt masters a rung or you reach a goal, it is celebrated here, with what produced it." }
            }
            ul.highlights { @for c in &all { (item(c, true)) } }
        },
    ))
}

/// One milestone as a list item: its title and day (and domain, when asked), what produced it,
/// or the way to name that.
pub fn item(c: &CelebrationView, with_domain: bool) -> Markup {
    html! {
        li {
            strong { (c.title) } " — " (layout::local_day(c.at))
            @if with_domain { " · " a href=(format!("/domains/{}", c.domain)) { (c.domain) } }
            @if let Some(effort) = &c.effort { br; span.muted { "Effort: " (effort) } }
            @if let Some(strategy) = &c.strategy { br; span.muted { "What worked: " (strategy) } }
            @if c.question.is_some() { " " a href=(format!("/celebrations/{}", c.id)) { "Name what produced it" } }
        }
    }
}

pub async fn form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let found = celebration(&web, &id).await?;
    let form = ReflectForm {
        effort: found.effort.clone().unwrap_or_default(),
        strategy: found.strategy.clone().unwrap_or_default(),
    };
    Ok(page(&web, &found, &form, &Errors::default()))
}

fn page<S: WebStore>(web: &Web<S>, found: &CelebrationView, form: &ReflectForm, errors: &Errors) -> Markup {
    layout::page(
        "Well done",
        html! {
            p.celebration { strong { (found.title) } }
            p { (QUESTION) " Your answer is kept with this highlight in your evidence file, for the days you doubt yourself." }
            form method="post" action=(format!("/celebrations/{}", found.id)) {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "effort", label: "The effort you put in", hint: Some("For example: practised the opening every evening for a week") }.text(errors, &form.effort))
                (Field { name: "strategy", label: "What you did that worked", hint: Some("For example: paused and breathed before each question") }.text(errors, &form.strategy))
                button type="submit" { "Keep it in my evidence" }
            }
            p { a href=(format!("/domains/{}", found.domain)) { "Not now" } }
        },
    )
}

pub async fn reflect<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<ReflectForm>,
) -> Result<Response, WebError> {
    let found = celebration(&web, &id).await?;
    let mut errors = Errors::default();
    let (effort, strategy) = (given(&form.effort), given(&form.strategy));
    match web.app.reflect(&id, effort.as_deref(), strategy.as_deref()).await {
        Ok(saved) => {
            let next = format!("/domains/{}", saved.domain);
            return Ok(after_save([form.effort.as_str(), form.strategy.as_str()], &next).into_response());
        }
        Err(error) => file_error(
            &mut errors,
            error,
            &[
                (Concern::Field(mastery_domain::Field::Effort), "effort"),
                (Concern::Field(mastery_domain::Field::Strategy), "strategy"),
            ],
        )?,
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page(&web, &found, &form, &errors)).into_response())
}
