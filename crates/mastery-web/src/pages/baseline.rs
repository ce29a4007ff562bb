//! The baseline across life areas: one page with each area's built-in scale, stored together or
//! not at all, so a first-time user sees where their belief in themselves is strong and where it
//! is thin before choosing a domain to work on.

use std::collections::HashMap;

use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::NewBaseline;
use mastery_app::views::ScaleDetail;
use mastery_domain::domain::LifeArea;
use maud::{Markup, html};

use super::audits::{practice_item, rating_items, ratings};
use super::{Page, file_error};
use crate::error::WebError;
use crate::layout::{self, Errors, card};
use crate::{Web, WebStore};

/// The name of an area's item `index`: `career-1`, `career-2`, ….
fn field(area: LifeArea) -> impl Fn(usize) -> String {
    move |index| format!("{area}-{}", index + 1)
}

pub async fn form<S: WebStore>(web: Web<S>) -> Page {
    Ok(page(&web, &web.app.baseline_scales(), &HashMap::new(), &Errors::default()))
}

fn page<S: WebStore>(
    web: &Web<S>,
    scales: &[(LifeArea, ScaleDetail)],
    answers: &HashMap<String, String>,
    errors: &Errors,
) -> Markup {
    layout::page(
        "Baseline across life areas",
        html! {
            p { "How certain are you, as of now, that you can do each of these? Rate what you could do today, not what you hope to do. There are no right answers; the baseline is where your progress is measured from." }
            p.muted { "Each area becomes a domain of its own (created when missing); its next audit falls due in a month." }
            form method="post" action="/baseline" {
                (layout::token(web.token()))
                (errors.summary())
                (practice_item(scales.first().and_then(|(_, s)| s.practice.as_ref()), answers, errors))
                @for (area, scale) in scales {
                    (card(area.as_str(), &scale.title, html! {
                        p.hint { (scale.instructions) }
                        (rating_items(&scale.items, &field(*area), answers, errors))
                    }))
                }
                button type="submit" { "Save the baseline" }
            }
        },
    )
}

pub async fn take<S: WebStore>(
    web: Web<S>,
    Form(answers): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let scales = web.app.baseline_scales();
    let mut errors = Errors::default();
    let given: Vec<_> = scales
        .iter()
        .map(|(area, scale)| (*area, ratings(scale.items.len(), &field(*area), &answers, &mut errors)))
        .collect();
    if errors.is_empty() {
        match web.app.take_baseline(NewBaseline { answers: given, at: None, every: None }).await {
            Ok(_) => return Ok(Redirect::to("/domains").into_response()),
            Err(error) => file_error(&mut errors, error, &[])?,
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page(&web, &scales, &answers, &errors)).into_response())
}
