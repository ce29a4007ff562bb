//! The weekly (and monthly) review: the period's figures exactly as the app summarises them, then
//! the reflection prompts as a form whose answers re-open with the period. Reflection is where a
//! week's experience turns into learning, so the numbers sit right above the questions.

use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use mastery_app::AppError;
use mastery_app::views::ReviewView;
use mastery_domain::review::{Period, Prompt};
use mastery_domain::success;
use maud::{Markup, html};
use serde::Deserialize;

use super::revise::delete_button;
use super::{Page, after_save, file_error};
use crate::error::WebError;
use crate::layout::TOKEN_FIELD;
use crate::layout::{self, Errors, Field, card, percent};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

/// Which review a request is about: a week's or a month's. Both share the page and differ in
/// these.
#[derive(Debug, Clone, Copy)]
struct Span {
    path: &'static str,
    /// The form and query field that names the period.
    field: &'static str,
    /// The same, as a validation error names it.
    period: mastery_domain::Field,
    title: &'static str,
    label: &'static str,
    hint: &'static str,
    monthly: bool,
    /// The other review's page and name, linked from this one.
    other: (&'static str, &'static str),
}

const WEEK: Span = Span {
    path: "/review",
    field: "week",
    period: mastery_domain::Field::Week,
    title: "Weekly review",
    label: "Week of these answers",
    hint: "An ISO week such as 2026-W47, or this or last.",
    monthly: false,
    other: ("/review/month", "The monthly review"),
};

const MONTH: Span = Span {
    path: "/review/month",
    field: "month",
    period: mastery_domain::Field::Month,
    title: "Monthly review",
    label: "Month of these answers",
    hint: "A month such as 2026-11, or this or last.",
    monthly: true,
    other: ("/review", "The weekly review"),
};

impl Span {
    async fn review<S: WebStore>(self, web: &Web<S>, period: &str, answers: &[String]) -> Result<ReviewView, AppError> {
        match self.monthly {
            true => web.app.review_month(period, answers).await,
            false => web.app.review_week(period, answers).await,
        }
    }

    /// The period containing `day`, as the app spells it.
    fn of(self, day: Date) -> String {
        match self.monthly {
            true => Period::month_of(day),
            false => Period::week_of(day),
        }
        .to_string()
    }

    fn link(self, period: &str) -> String {
        format!("{}?{}={period}", self.path, self.field)
    }
}

/// The query of a review page: the period (this one when absent), and whether answers were just
/// saved.
#[derive(Debug, Default, Deserialize)]
pub struct Shown {
    week: Option<String>,
    month: Option<String>,
    saved: Option<String>,
}

pub async fn week<S: WebStore>(web: Web<S>, Query(shown): Query<Shown>) -> Page {
    show(&web, WEEK, shown.week.as_deref(), shown.saved.is_some()).await
}

pub async fn month<S: WebStore>(web: Web<S>, Query(shown): Query<Shown>) -> Page {
    show(&web, MONTH, shown.month.as_deref(), shown.saved.is_some()).await
}

async fn show<S: WebStore>(web: &Web<S>, span: Span, period: Option<&str>, saved: bool) -> Page {
    let view = span.review(web, period.unwrap_or("this"), &[]).await.map_err(WebError::html)?;
    let form = Answers { period: view.period.clone(), texts: view.answers.clone().into_iter().collect() };
    Ok(page(web, span, Some(&view), &view.prompts, &form, &Errors::default(), saved))
}

/// What the form sent: the period as typed and each prompt's text, keyed by the prompt.
#[derive(Debug)]
struct Answers {
    period: String,
    texts: Vec<(String, String)>,
}

impl Answers {
    fn of(span: Span, fields: Vec<(String, String)>) -> Self {
        let mut period = String::new();
        let mut texts = Vec::new();
        for (name, value) in fields {
            if name == span.field {
                period = value;
            } else if name != TOKEN_FIELD {
                texts.push((name, value));
            }
        }
        Self { period, texts }
    }

    fn text(&self, key: &str) -> &str {
        self.texts.iter().find(|(k, _)| k == key).map_or("", |(_, text)| text.as_str())
    }

    /// Every box, as the app takes answers (`KEY=TEXT`): a box left blank or cleared sends a
    /// blank text, which removes a saved answer.
    fn given(&self) -> Vec<String> {
        self.texts.iter().map(|(key, text)| format!("{key}={text}")).collect()
    }
}

pub async fn save_week<S: WebStore>(
    web: Web<S>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(&web, WEEK, Answers::of(WEEK, fields)).await
}

pub async fn save_month<S: WebStore>(
    web: Web<S>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(&web, MONTH, Answers::of(MONTH, fields)).await
}

async fn save<S: WebStore>(web: &Web<S>, span: Span, form: Answers) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    match span.review(web, &form.period, &form.given()).await {
        Ok(view) => {
            let next = format!("{}&saved=1", span.link(&view.period));
            return Ok(after_save(form.texts.iter().map(|(_, text)| text.as_str()), &next).into_response());
        }
        Err(error) => file_error(&mut errors, error, &[(Concern::Field(span.period), span.field)])?,
    }
    // The figures of the period typed; when it cannot be read there are none to show, and the
    // prompts come from the current period's review.
    let shown = match span.review(web, &form.period, &[]).await {
        Ok(view) => Some(view),
        Err(error) if error.is_usage() => None,
        Err(error) => return Err(WebError::html(error)),
    };
    let prompts = match &shown {
        Some(view) => view.prompts.clone(),
        None => span.review(web, "this", &[]).await.map_err(WebError::html)?.prompts,
    };
    let page = page(web, span, shown.as_ref(), &prompts, &form, &errors, false);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn page<S: WebStore>(
    web: &Web<S>,
    span: Span,
    view: Option<&ReviewView>,
    prompts: &[Prompt],
    form: &Answers,
    errors: &Errors,
    saved: bool,
) -> Markup {
    let title = match view {
        Some(view) => format!("{} {}", span.title, view.period),
        None => span.title.to_owned(),
    };
    layout::page(
        &title,
        html! {
            @if saved { p.notice role="status" { "Your answers were saved. They re-open with this review." } }
            @if let Some(view) = view {
                p { (view.from.to_string()) " to " (view.to.to_string()) " · " a href=(span.other.0) { (span.other.1) } }
                (neighbours(span, view))
                (figures(view))
            }
            (card("reflect", "Reflection", html! {
                form method="post" action=(span.path) {
                    (layout::token(web.token()))
                    (errors.summary())
                    (Field { name: span.field, label: span.label, hint: Some(span.hint) }.text(errors, &form.period))
                    @for prompt in prompts {
                        (Field { name: prompt.key, label: prompt.question, hint: None }.textarea(errors, form.text(prompt.key)))
                    }
                    button type="submit" { "Save the answers" }
                }
                @if let Some(view) = view.filter(|v| !v.answers.is_empty()) {
                    p { (delete_button(web.token(), "review", &view.period, &format!("the answers of {}", view.period), span.path)) }
                }
            }))
        },
    )
}

/// Links to the periods before and after this one.
fn neighbours(span: Span, view: &ReviewView) -> Markup {
    let before = view.from.yesterday().ok().map(|day| span.of(day));
    let after = view.to.tomorrow().ok().map(|day| span.of(day));
    html! {
        nav.neighbours aria-label=(format!("Other {}s", span.field)) {
            @if let Some(before) = before { a href=(span.link(&before)) rel="prev" { "← " (before) } }
            @if let Some(after) = after { a href=(span.link(&after)) rel="next" { (after) " →" } }
        }
    }
}

/// Each figure of the review with a plain label.
fn figures(view: &ReviewView) -> Markup {
    let mean = |value: Option<f64>| value.map_or("–".to_owned(), |v| format!("{v:.1}"));
    let bias = view.calibration_bias.map_or("no outcomes yet".to_owned(), |b| format!("{:+.0} points", b * 100.0));
    let practice = &view.practice_kept;
    let checkins = &view.checkins;
    let rows: [(&str, String); 15] = [
        ("Attempts recorded", view.outcomes.attempts.to_string()),
        ("Successes", view.outcomes.successes.to_string()),
        ("Partial successes", view.outcomes.partials.to_string()),
        (success::LABEL, view.success_rate.map_or("–".to_owned(), percent)),
        ("New evidence", view.new_evidence.len().to_string()),
        ("Calibration gap (forecast minus results)", bias),
        ("Planned practice days kept", format!("{} of {}", practice.kept_days, practice.planned_days)),
        ("Practice sessions", practice.sessions.to_string()),
        ("Minutes practised", practice.minutes.to_string()),
        ("Check-ins", checkins.n.to_string()),
        ("Average sleep (hours)", mean(checkins.sleep_hours)),
        ("Average energy (1–5)", mean(checkins.energy)),
        ("Average stress (1–5)", mean(checkins.stress)),
        ("Average mood (1–5)", mean(checkins.mood)),
        ("Milestones celebrated", view.celebrations.len().to_string()),
    ];
    html! {
        (card("figures", "The figures", html! {
            dl.figures { @for (label, value) in &rows { dt { (label) } dd { (value) } } }
            p.hint { "A positive calibration gap means you were more confident than your results; a negative one, less." }
        }))
        @if !view.new_evidence.is_empty() {
            (card("evidence", "New evidence", html! {
                ul { @for e in &view.new_evidence { li { (e.title) " (" a href=(format!("/domains/{}", e.domain)) { (e.domain) } ")" } } }
            }))
        }
        @if !view.celebrations.is_empty() {
            (card("celebrations", "Celebrated", html! {
                ul { @for c in &view.celebrations { li { (c.title) " (" (c.domain) ")" } } }
            }))
        }
        @if let Some(trajectory) = &view.trajectory {
            (card("trajectory", "The month against the month before", html! {
                ul { @for line in trajectory.lines() { li { (line) } } }
                p { (trajectory.reaudit) }
                @if trajectory.reaudit_domains.is_empty() {
                    p { a href="/baseline" { "Take the baseline audit" } }
                } @else {
                    ul { @for d in &trajectory.reaudit_domains { li { a href=(format!("/domains/{d}/audit")) { "Re-audit " (d) } } } }
                }
            }))
        }
    }
}
