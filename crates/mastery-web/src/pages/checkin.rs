//! The day's check-in, asked (and saved) on Today: sleep, exercise, stress, energy and mood. They
//! are the physiological and emotional source of efficacy, and a few seconds a day is what makes
//! the insights about them possible. `/checkins` lists them, to correct or delete one.

use mastery_domain::checkin::{Measures, exercise_minutes};
use mastery_domain::measure::{Rating, SleepHours};
use maud::{Markup, html};
use serde::Deserialize;

use super::Page;
use super::revise::delete_button;
use super::{optional, ratings};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card};
use crate::{Web, WebStore};

#[derive(Debug, Default, Deserialize)]
pub struct CheckinForm {
    #[serde(default)]
    pub(super) sleep: String,
    #[serde(default)]
    pub(super) exercise: String,
    #[serde(default)]
    pub(super) energy: String,
    #[serde(default)]
    pub(super) stress: String,
    #[serde(default)]
    pub(super) mood: String,
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
                    (measure_fields(errors, form))
                    button type="submit" { "Save the check-in" }
                }
            }
            p { a href="/checkins" { "Your check-ins" } ": see, correct or delete earlier ones." }
        },
    )
}

/// A check-in's measures, each optional, to check in or to correct a day's check-in.
pub(super) fn measure_fields(errors: &Errors, form: &CheckinForm) -> Markup {
    html! {
        (Field { name: "sleep", label: "Hours of sleep last night", hint: Some("0 to 24, for example 7.5") }.text(errors, &form.sleep))
        (Field { name: "exercise", label: "Minutes of exercise today", hint: None }.text(errors, &form.exercise))
        (Field { name: "energy", label: "Energy", hint: Some("1 drained – 5 full") }.select(errors, &ratings("Not given"), &form.energy))
        (Field { name: "stress", label: "Stress", hint: Some("1 calm – 5 very tense") }.select(errors, &ratings("Not given"), &form.stress))
        (Field { name: "mood", label: "Mood", hint: Some("1 low – 5 high") }.select(errors, &ratings("Not given"), &form.mood))
    }
}

/// The measures the form gives, each checked as a check-in's; a message is filed under each
/// field refused.
pub(super) fn measures(errors: &mut Errors, form: &CheckinForm) -> Measures {
    Measures {
        sleep_hours: optional(errors, "sleep", &form.sleep, SleepHours::parse),
        exercise_minutes: optional(errors, "exercise", &form.exercise, exercise_minutes),
        energy: optional(errors, "energy", &form.energy, |r| Rating::parse(mastery_domain::Field::Energy, r)),
        stress: optional(errors, "stress", &form.stress, |r| Rating::parse(mastery_domain::Field::Stress, r)),
        mood: optional(errors, "mood", &form.mood, |r| Rating::parse(mastery_domain::Field::Mood, r)),
    }
}

/// How many check-ins the list shows, newest first: two months of days.
const LISTED: usize = 62;

/// The check-ins, newest first, each with its edit and delete buttons.
pub async fn list<S: WebStore>(web: Web<S>) -> Page {
    let checkins = web.app.checkin_list(None, LISTED).await.map_err(WebError::html)?;
    let value = |v: Option<String>| v.unwrap_or_else(|| "—".to_owned());
    Ok(layout::page(
        "Your check-ins",
        html! {
            p { "One check-in a day: sleep, exercise, energy, stress and mood. Correct one that was wrong, or delete one that should not count." }
            @if checkins.is_empty() {
                p { "No check-ins yet. " a href="/" { "Check in on Today" } "." }
            } @else {
                div.table-wrap {
                    table.stack {
                        thead { tr {
                            th scope="col" { "Day" } th scope="col" { "Sleep" } th scope="col" { "Exercise" }
                            th scope="col" { "Energy" } th scope="col" { "Stress" } th scope="col" { "Mood" }
                            th scope="col" { span.visually-hidden { "Action" } }
                        } }
                        tbody {
                            @for c in &checkins {
                                tr {
                                    th scope="row" { (c.on.strftime("%a %Y-%m-%d").to_string()) }
                                    td data-label="Sleep" { (value(c.sleep_hours.map(|h| format!("{h} h")))) }
                                    td data-label="Exercise" { (value(c.exercise_minutes.map(|m| format!("{m} min")))) }
                                    td data-label="Energy" { (value(c.energy.map(|v| format!("{v} of 5")))) }
                                    td data-label="Stress" { (value(c.stress.map(|v| format!("{v} of 5")))) }
                                    td data-label="Mood" { (value(c.mood.map(|v| format!("{v} of 5")))) }
                                    td { a href=(format!("/checkins/{}/edit", c.id)) aria-label=(format!("Edit the check-in of {}", c.on)) { "Edit" }
                                        " " (delete_button(web.token(), "checkin", &c.id.to_string(), &format!("the check-in of {}", c.on), "/checkins")) }
                                }
                            }
                        }
                    }
                }
            }
            p { a href="/" { "Back to Today" } }
        },
    ))
}
