//! The audit form: each item of the domain's scale as a 0–100 radio group with Bandura's
//! anchors, so a rating is one click (or arrow key) and needs no typing.

use std::collections::HashMap;

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::NewAudit;
use mastery_app::views::{AuditForm, ItemView, PracticeView};
use mastery_domain::measure::Confidence;
use maud::{Markup, html};

use super::{Page, file_error};
use crate::error::WebError;
use crate::layout::{self, Errors};
use crate::{Web, WebStore};

/// The anchors printed above every item.
const ANCHORS: &str = "0 = cannot do at all · 50 = moderately certain I can do · 100 = highly certain I can do";

fn item_field(index: usize) -> String {
    format!("item-{}", index + 1)
}

/// A scale's items, easy → hard, each a 0–100 radio group named by `field`, under the anchors.
pub fn rating_items(
    items: &[ItemView],
    field: &dyn Fn(usize) -> String,
    answers: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    let anchors = format!("anchors-{}", field(0));
    html! {
        p.hint id=(anchors) { (ANCHORS) }
        @for (i, item) in items.iter().enumerate() {
            @let name = field(i);
            @let described = if errors.has(&name) { format!("{anchors} {name}-error") } else { anchors.clone() };
            fieldset.rating aria-describedby=(described) {
                legend { (i + 1) ". " (item.text) }
                (errors.message(&name))
                @for value in Confidence::STEPS.map(Confidence::value) {
                    label { input type="radio" name=(name) value=(value) checked[answers.get(&name).is_some_and(|a| *a == value.to_string())]; " " (value) }
                }
            }
        }
    }
}

/// The scale's practice item, not scored: one rating per level, so the 0–100 range has a feel
/// before the items count. Its answers are sent with the form and ignored.
pub fn practice_item(practice: Option<&PracticeView>, answers: &HashMap<String, String>, errors: &Errors) -> Markup {
    let Some(practice) = practice else { return html! {} };
    let levels: Vec<ItemView> = practice
        .levels
        .iter()
        .zip(1..)
        .map(|(level, rank)| ItemView { text: format!("{} {level}", practice.text), rank })
        .collect();
    html! {
        section.practice-item aria-labelledby="practice-heading" {
            h2 id="practice-heading" { "First, a practice item (not scored)" }
            p { "How certain are you that you can do this, as of now? It shows how the range feels; only the items below count." }
            (rating_items(&levels, &|i| format!("practice-{}", i + 1), answers, errors))
        }
    }
}

/// The ratings of `count` items named by `field`, filing a message under each item left out or
/// out of range.
pub fn ratings(
    count: usize,
    field: &dyn Fn(usize) -> String,
    answers: &HashMap<String, String>,
    errors: &mut Errors,
) -> Vec<Confidence> {
    let mut ratings = Vec::with_capacity(count);
    for i in 0..count {
        let name = field(i);
        match answers.get(&name).map(|a| Confidence::parse(a)) {
            Some(Ok(rating)) => ratings.push(rating),
            Some(Err(error)) => errors.add(name, error.to_string()),
            None => errors.add(name, "choose a rating from 0 to 100 for this item"),
        }
    }
    ratings
}

pub async fn form<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Page {
    let form = web.app.audit_form(&slug, None).await.map_err(WebError::html)?;
    Ok(page(&web, &form, &HashMap::new(), &Errors::default()))
}

fn page<S: WebStore>(web: &Web<S>, form: &AuditForm, answers: &HashMap<String, String>, errors: &Errors) -> Markup {
    layout::page(
        &format!("Audit: {}", form.domain_name),
        html! {
            p { (form.scale.instructions) }
            @if form.first_in_domain { p.muted { "This is the domain's first audit: its baseline." } }
            form method="post" action=(format!("/domains/{}/audit", form.domain)) {
                (layout::token(web.token()))
                input type="hidden" name="scale" value=(form.scale.id);
                (errors.summary())
                (practice_item(form.scale.practice.as_ref(), answers, errors))
                h2 { "The items, easy to hard" }
                (rating_items(&form.scale.items, &item_field, answers, errors))
                button type="submit" { "Save the audit" }
            }
        },
    )
}

pub async fn take<S: WebStore>(
    web: Web<S>,
    Path(slug): Path<String>,
    Form(answers): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let scale = answers.get("scale").cloned();
    let form = web.app.audit_form(&slug, scale.as_deref()).await.map_err(WebError::html)?;
    let mut errors = Errors::default();
    let ratings = ratings(form.scale.items.len(), &item_field, &answers, &mut errors);
    if errors.is_empty() {
        let input = NewAudit { domain: form.domain.clone(), scale, answers: ratings, at: None, every: None };
        match web.app.take_audit(input).await {
            Ok(view) => return Ok(Redirect::to(&format!("/domains/{}", view.domain)).into_response()),
            Err(error) => file_error(&mut errors, error, &[])?,
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page(&web, &form, &answers, &errors)).into_response())
}
