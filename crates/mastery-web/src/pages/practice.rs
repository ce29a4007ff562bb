//! Deliberate practice: each planned domain's consistency, charted over the last weeks, and
//! whether practice is due today, the recent sessions and the rest days ahead, and the forms to
//! set a plan, log a session and declare a rest day.

use std::collections::HashMap;

use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Weekday;
use mastery_app::views::{ConsistencyHistoryView, DomainView, PracticeStatusView};
use mastery_app::{DeclareRest, LogPractice, NewPracticePlan};
use mastery_domain::measure::MINUTES_IN_A_DAY;
use mastery_domain::practice::{Weekdays, session_minutes};
use maud::{Markup, html};
use serde::Deserialize;

use super::revise::delete_button;
use super::{
    CHOOSE_DOMAIN, Page, Sent, after_save, domain_choices, domain_value, file_error, given, required, required_text,
};
use crate::chart;
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card, percent};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

/// The days of the week as the plan form offers them: the day, the value sent, the label.
const DAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Monday, "mon", "Monday"),
    (Weekday::Tuesday, "tue", "Tuesday"),
    (Weekday::Wednesday, "wed", "Wednesday"),
    (Weekday::Thursday, "thu", "Thursday"),
    (Weekday::Friday, "fri", "Friday"),
    (Weekday::Saturday, "sat", "Saturday"),
    (Weekday::Sunday, "sun", "Sunday"),
];

/// How many recent sessions the page lists.
const RECENT: usize = 10;

/// How many days of each plan's consistency the charts show: eight weeks, long enough to see a
/// habit form, short enough for a day to stay visible.
const HISTORY_DAYS: usize = 56;

/// A plan's days for reading: "every day", or "Mon, Wed, Fri".
fn days_text(days: Weekdays) -> String {
    if days == Weekdays::DAILY {
        return "every day".to_owned();
    }
    let names: Vec<&str> =
        DAYS.iter().filter(|(day, ..)| days.contains(*day)).map(|(_, _, label)| &label[..3]).collect();
    names.join(", ")
}

/// The plan form as sent. Its days come as one `plan_days` pair per ticked box, which a struct
/// cannot take, so the form is read from its pairs.
#[derive(Debug, Default)]
struct PlanForm {
    domain: String,
    days: Vec<String>,
    minutes: String,
}

impl PlanForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "plan_domain" => form.domain = value,
                "plan_days" => form.days.push(value),
                "plan_minutes" => form.minutes = value,
                _ => {}
            }
        }
        form
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct LogForm {
    #[serde(default)]
    pub(super) log_domain: String,
    #[serde(default)]
    pub(super) log_minutes: String,
    #[serde(default)]
    pub(super) log_note: String,
    #[serde(default)]
    pub(super) log_at: String,
}

/// A session's fields (how long, what, when), to log one or to edit it.
pub(super) fn session_fields(errors: &Errors, form: &LogForm) -> Markup {
    let minutes_hint = minutes_hint();
    html! {
        (Field { name: "log_minutes", label: "Minutes", hint: Some(&minutes_hint) }.text(errors, &form.log_minutes))
        (Field { name: "log_note", label: "What you practised (optional)", hint: None }.text(errors, &form.log_note))
        (Field { name: "log_at", label: "When (optional)", hint: Some("Now when left blank; or, for example, yesterday 18:00 or 2026-11-20T07:00.") }.text(errors, &form.log_at))
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RestForm {
    #[serde(default)]
    rest_date: String,
    #[serde(default)]
    rest_domain: String,
}

/// The page's three forms; only the one sent carries values and errors.
#[derive(Debug, Default)]
struct Forms {
    plan: Sent<PlanForm>,
    log: Sent<LogForm>,
    rest: Sent<RestForm>,
}

pub async fn page<S: WebStore>(web: Web<S>) -> Page {
    render(&web, &Forms::default()).await
}

/// The page again with the sent form's errors beside its fields; nothing was stored.
async fn refused<S: WebStore>(web: &Web<S>, forms: Forms) -> Result<Response, WebError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(web, &forms).await?).into_response())
}

async fn render<S: WebStore>(web: &Web<S>, forms: &Forms) -> Page {
    let app = &web.app;
    let all = app.domains(true).await.map_err(WebError::html)?;
    let active: Vec<DomainView> = all.iter().filter(|d| d.archived_at.is_none()).cloned().collect();
    if active.is_empty() {
        return Ok(layout::page(
            "Practice",
            html! {
                p { "Practice belongs to a domain, an area you want to become capable in. "
                    a href="/domains" { "Add a domain" } " first; then set its practice plan here." }
            },
        ));
    }
    let names: HashMap<&str, &str> = all.iter().map(|d| (d.slug.as_str(), d.name.as_str())).collect();
    let name = |slug: &str| names.get(slug).copied().unwrap_or(slug).to_owned();
    let statuses = app.practice_status(None).await.map_err(WebError::html)?;
    let history = app.consistency_history(HISTORY_DAYS).await.map_err(WebError::html)?;
    let sessions = app.practice_sessions(None, RECENT).await.map_err(WebError::html)?;
    let rest = app.rest_days_ahead().await.map_err(WebError::html)?;
    Ok(layout::page(
        "Practice",
        html! {
            p { "Deliberate practice on the days you plan. The score rewards showing up regularly; a rest day declared in advance never counts as a miss." }
            (card("consistency", "Consistency", html! {
                @if statuses.is_empty() {
                    p { "No practice plan yet. Set one below: choose a domain, the days of the week and the minutes a session; then log each session here." }
                } @else {
                    (status_table(&statuses, &name))
                    (glossary())
                    @for h in &history { (history_section(h, &name(&h.domain))) }
                    details {
                        summary { "How each score was computed" }
                        ul { @for s in &statuses { li { strong { (name(&s.domain)) } ": " (s.formula) } } }
                    }
                }
            }))
            div.grid {
                (card("sessions", "Recent sessions", html! {
                    @if sessions.is_empty() {
                        p { "No session logged yet. After you practise, log it below: the score counts the days you show up." }
                    } @else {
                        div.table-wrap {
                            table.stack {
                                thead { tr { th scope="col" { "Day" } th scope="col" { "Domain" } th scope="col" { "Minutes" } th scope="col" { "Note" } th scope="col" { span.visually-hidden { "Action" } } } }
                                tbody {
                                    @for s in &sessions {
                                        tr {
                                            td data-label="Day" { (s.on.strftime("%a %Y-%m-%d").to_string()) }
                                            td data-label="Domain" { (name(&s.domain)) }
                                            td data-label="Minutes" { (s.minutes) }
                                            td data-label="Note" { (s.note.as_deref().unwrap_or("")) }
                                            td { a href=(format!("/practice/sessions/{}/edit", s.id)) aria-label=(format!("Edit the session of {}", s.on)) { "Edit" }
                                                " " (delete_button(web.token(), "practice-session", &s.id.to_string(), &format!("the session of {}", s.on), "/practice")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }))
                (card("rest", "Rest days ahead", html! {
                    @if rest.is_empty() {
                        p { "No rest day ahead. Declare one below before the day comes." }
                    } @else {
                        ul {
                            @for r in &rest {
                                li { (r.on.strftime("%a %Y-%m-%d").to_string()) ": "
                                    (r.domain.as_deref().map_or("all practice".to_owned(), &name)) }
                            }
                        }
                    }
                }))
            }
            (plan_form(web, &active, &forms.plan))
            (log_form(web, &active, &forms.log))
            (rest_form(web, &active, &forms.rest))
        },
    ))
}

fn status_table(statuses: &[PracticeStatusView], name: &impl Fn(&str) -> String) -> Markup {
    html! {
        div.table-wrap {
            table.stack {
                thead { tr {
                    th scope="col" { "Domain" } th scope="col" { "Plan" } th scope="col" { "Today" }
                    th scope="col" { "Consistency" } th scope="col" { "Streak" } th scope="col" { "Kept" } th scope="col" { "Rest days" }
                } }
                tbody {
                    @for s in statuses {
                        tr {
                            th scope="row" { a href=(format!("/domains/{}", s.domain)) { (name(&s.domain)) } }
                            td data-label="Plan" { (s.minutes) " min, " (days_text(s.days)) }
                            td data-label="Today" { @if s.due_today { strong { "Due today" } } @else { "Done or not due" } }
                            td data-label="Consistency" { (percent(s.score)) }
                            td data-label="Streak" { (s.streak) @if s.streak == 1 { " day" } @else { " days" } }
                            td data-label="Kept" { (s.kept_days) " of " (s.planned_days) }
                            td data-label="Rest days" { (s.rest_days) }
                        }
                    }
                }
            }
        }
    }
}

/// One plan's consistency over its last days: the chart, and the same numbers as a table.
fn history_section(history: &ConsistencyHistoryView, name: &str) -> Markup {
    let id = format!("consistency-{}", history.domain);
    html! {
        section aria-labelledby=(format!("{id}-heading")) {
            h3 id=(format!("{id}-heading")) { (name) }
            figure { (chart::consistency(&format!("{id}-chart"), name, &history.days)) }
            details {
                summary { "The chart as a table" }
                div.table-wrap {
                    table {
                        thead { tr { th scope="col" { "Day" } th scope="col" { "The day was" } th scope="col" { "Consistency" } } }
                        tbody {
                            @for d in &history.days {
                                tr { td { (d.on.strftime("%a %Y-%m-%d").to_string()) } td { (chart::day_mark_label(d.mark)) } td { (percent(d.score)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What each figure of the table means, in one sentence each.
fn glossary() -> Markup {
    html! {
        dl.glossary {
            dt { "Today" }
            dd { "Due when today is one of the plan's days, is not a rest day, and no session is logged yet." }
            dt { "Consistency" }
            dd { "Loop Habit Tracker's score from 0 to 100%, a moving average of the days practised against the plan, so one missed day barely moves it and a month of daily practice brings it to about 80%." }
            dt { "Streak" }
            dd { "The planned days kept in a row, counting back from today (today counts once practised); rest days neither break nor extend it." }
            dt { "Kept" }
            dd { "The planned days with a session, out of the planned days since practice began, rest days left out." }
            dt { "Rest days" }
            dd { "The days declared as rest so far, which leave the score unchanged." }
        }
    }
}

/// What a minutes field takes: the domain's bounds for a session.
fn minutes_hint() -> String {
    format!("A whole number from 1 to {MINUTES_IN_A_DAY}.")
}

fn plan_form<S: WebStore>(web: &Web<S>, domains: &[DomainView], sent: &Sent<PlanForm>) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    let minutes_hint = minutes_hint();
    card(
        "plan",
        "Set a practice plan",
        html! {
            p.muted { "A new plan for a domain replaces its old one." }
            form method="post" action="/practice/plan" {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "plan_domain", label: "Domain", hint: None }
                    .select(errors, &domain_choices("Choose a domain", domains), &domain_value(&form.domain, None, domains)))
                fieldset aria-describedby=[errors.id("plan_days")] {
                    legend { "Days of the week" }
                    (errors.message("plan_days"))
                    @for (_, value, label) in DAYS {
                        label { input type="checkbox" name="plan_days" value=(value) checked[form.days.iter().any(|d| d == value)]; " " (label) }
                    }
                }
                (Field { name: "plan_minutes", label: "Minutes a session", hint: Some(&minutes_hint) }.text(errors, &form.minutes))
                button type="submit" { "Save the plan" }
            }
        },
    )
}

fn log_form<S: WebStore>(web: &Web<S>, domains: &[DomainView], sent: &Sent<LogForm>) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    card(
        "log",
        "Log a session",
        html! {
            form method="post" action="/practice/log" {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "log_domain", label: "Domain", hint: None }
                    .select(errors, &domain_choices("Choose a domain", domains), &domain_value(&form.log_domain, None, domains)))
                (session_fields(errors, form))
                button type="submit" { "Log the session" }
            }
        },
    )
}

fn rest_form<S: WebStore>(web: &Web<S>, domains: &[DomainView], sent: &Sent<RestForm>) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    card(
        "declare-rest",
        "Declare a rest day",
        html! {
            p.muted { "Rest is part of practice. Declare it in advance (today or later) and the day never counts as a miss." }
            form method="post" action="/practice/rest" {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "rest_date", label: "Day", hint: Some("For example today, tomorrow, sat or 2026-12-24.") }.text(errors, &form.rest_date))
                (Field { name: "rest_domain", label: "For", hint: None }
                    .select(errors, &domain_choices("All practice", domains), &form.rest_domain))
                button type="submit" { "Declare the rest day" }
            }
        },
    )
}

pub async fn plan<S: WebStore>(web: Web<S>, Form(pairs): Form<Vec<(String, String)>>) -> Result<Response, WebError> {
    let form = PlanForm::from_pairs(pairs);
    let mut errors = Errors::default();
    let domain = required_text(&mut errors, "plan_domain", &form.domain, CHOOSE_DOMAIN);
    let days = required(
        &mut errors,
        "plan_days",
        &form.days.join(","),
        "choose at least one day of the week",
        str::parse::<Weekdays>,
    );
    let minutes =
        required(&mut errors, "plan_minutes", &form.minutes, "say how many minutes a session lasts", session_minutes);
    if let (Some(domain), Some(days), Some(minutes)) = (domain, days, minutes) {
        match web.app.plan_practice(NewPracticePlan { domain, minutes, days }).await {
            Ok(_) => return Ok(Redirect::to("/practice").into_response()),
            Err(error) => file_error(&mut errors, error, &[(Concern::Entity("domain"), "plan_domain")])?,
        }
    }
    refused(&web, Forms { plan: Sent { form, errors }, ..Forms::default() }).await
}

pub async fn log<S: WebStore>(web: Web<S>, Form(form): Form<LogForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let domain = required_text(&mut errors, "log_domain", &form.log_domain, CHOOSE_DOMAIN);
    let minutes =
        required(&mut errors, "log_minutes", &form.log_minutes, "say how many minutes you practised", session_minutes);
    if let (Some(domain), Some(minutes)) = (domain, minutes) {
        let input = LogPractice { domain, minutes, note: given(&form.log_note), at: given(&form.log_at) };
        match web.app.log_practice(input).await {
            Ok(_) => return Ok(after_save([form.log_note.as_str()], "/practice").into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Entity("domain"), "log_domain"),
                    (Concern::Field(mastery_domain::Field::Note), "log_note"),
                    (Concern::Field(mastery_domain::Field::Date), "log_at"),
                    (Concern::Field(mastery_domain::Field::PracticeTime), "log_at"),
                ],
            )?,
        }
    }
    refused(&web, Forms { log: Sent { form, errors }, ..Forms::default() }).await
}

pub async fn rest<S: WebStore>(web: Web<S>, Form(form): Form<RestForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    if let Some(date) = required_text(&mut errors, "rest_date", &form.rest_date, "say which day you will rest") {
        match web.app.declare_rest(DeclareRest { date, domain: given(&form.rest_domain) }).await {
            Ok(_) => return Ok(Redirect::to("/practice").into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Entity("domain"), "rest_domain"),
                    (Concern::Field(mastery_domain::Field::Date), "rest_date"),
                    (Concern::Field(mastery_domain::Field::RestDay), "rest_date"),
                    (Concern::Entity("rest day"), "rest_date"),
                ],
            )?,
        }
    }
    refused(&web, Forms { rest: Sent { form, errors }, ..Forms::default() }).await
}
