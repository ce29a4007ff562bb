//! The day's check-in, asked on Today: sleep, exercise, stress, energy and mood. They are the
//! physiological and emotional source of efficacy, and a few seconds a day is what makes the
//! insights about them possible.

use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::NewCheckin;
use mastery_domain::checkin::{Measures, exercise_minutes};
use mastery_domain::measure::{Rating, SleepHours};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{self, Errors, Field, card};
use super::{file_error, today};
use super::{optional, ratings};
use crate::error::WebError;
use crate::{Web, WebStore};

#[derive(Debug, Default, Deserialize)]
pub struct CheckinForm {
    #[serde(default)]
    sleep: String,
    #[serde(default)]
    exercise: String,
    #[serde(default)]
    energy: String,
    #[serde(default)]
    stress: String,
    #[serde(default)]
    mood: String,
}

/// Today's check-in: a note once it is recorded, the form until then.
pub fn checkin_card(token: &str, checked_in: bool, form: &CheckinForm, errors: &Errors) -> Markup {
    card(
        "checkin",
        "Today's check-in",
        html! {
            @if checked_in {
                p { "You have checked in today." }
            } @else {
                p { "How are you today? Give what you know; every measure is optional." }
                form method="post" action="/checkin" {
                    (layout::token(token))
                    (errors.summary())
                    (Field { name: "sleep", label: "Hours of sleep last night", hint: Some("0 to 24, for example 7.5") }.text(errors, &form.sleep))
                    (Field { name: "exercise", label: "Minutes of exercise today", hint: None }.text(errors, &form.exercise))
                    (Field { name: "energy", label: "Energy", hint: Some("1 drained – 5 full") }.select(errors, &ratings("Not given"), &form.energy))
                    (Field { name: "stress", label: "Stress", hint: Some("1 calm – 5 very tense") }.select(errors, &ratings("Not given"), &form.stress))
                    (Field { name: "mood", label: "Mood", hint: Some("1 low – 5 high") }.select(errors, &ratings("Not given"), &form.mood))
                    button type="submit" { "Save the check-in" }
                }
            }
        },
    )
}

pub async fn save<S: WebStore>(web: Web<S>, Form(form): Form<CheckinForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let measures = Measures {
        sleep_hours: optional(&mut errors, "sleep", &form.sleep, SleepHours::parse),
        exercise_minutes: optional(&mut errors, "exercise", &form.exercise, exercise_minutes),
        energy: optional(&mut errors, "energy", &form.energy, |r| Rating::parse("energy", r)),
        stress: optional(&mut errors, "stress", &form.stress, |r| Rating::parse("stress", r)),
        mood: optional(&mut errors, "mood", &form.mood, |r| Rating::parse("mood", r)),
    };
    if errors.is_empty() {
        match web.app.checkin(NewCheckin { measures, at: None }).await {
            Ok(_) => return Ok(Redirect::to("/").into_response()),
            Err(error) => file_error(&mut errors, error, &[])?,
        }
    }
    let page = today::page(&web, &form, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
