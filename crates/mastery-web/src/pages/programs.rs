//! Programs in the browser: start the 30-day experiment in a domain (an audit before, daily
//! practice, weekly reviews, an audit after) and read its before-and-after report, each number
//! with the records it comes from. Reading a report changes nothing; celebrating a finished
//! program is its own button.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::views::{Comparison, DomainView, ProgramReportView, ProgramView};
use mastery_app::{ProgramSource, StartProgram};
use maud::{Markup, html};
use serde::Deserialize;

use super::confirm::{self, Ask};
use super::{CHOOSE_DOMAIN, Page, domain_choices, domain_value, file_error, given, required_text};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card, percent};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

/// The built-in template the page starts.
const EXPERIMENT: &str = "30-day-experiment";

#[derive(Debug, Default, Deserialize)]
pub struct StartForm {
    #[serde(default)]
    domain: String,
    #[serde(default)]
    starts_on: String,
}

pub async fn list<S: WebStore>(web: Web<S>) -> Page {
    list_page(&web, &StartForm::default(), &Errors::default()).await
}

async fn list_page<S: WebStore>(web: &Web<S>, form: &StartForm, errors: &Errors) -> Page {
    let programs = web.app.programs().await.map_err(WebError::html)?;
    let domains = web.app.domains(false).await.map_err(WebError::html)?;
    Ok(layout::page(
        "Programs",
        html! {
            p { "A program is a time-boxed experiment: an audit before, practice on a plan, weekly reviews, an audit after, and a report of what changed." }
            (card("runs", "Your programs", html! {
                @if programs.is_empty() { p { "None yet: start the 30-day experiment below." } }
                ul { @for p in programs.iter().rev() { li { (program_line(p)) } } }
            }))
            (start_card(web, &domains, form, errors))
        },
    ))
}

fn program_line(p: &ProgramView) -> Markup {
    html! {
        a href=(format!("/programs/{}", p.id)) { (p.title) } " · " a href=(format!("/domains/{}", p.domain)) { (p.domain) }
        " — day " (p.day) " of " (p.duration_days) " (" (p.starts_on.to_string()) " to " (p.ends_on.to_string()) ")"
        @if p.pre_audit_due { " · " a href=(format!("/domains/{}/audit", p.domain)) { "the audit before is due" } }
        @if p.post_audit_due { " · " a href=(format!("/domains/{}/audit", p.domain)) { "the audit after is due" } }
    }
}

fn start_card<S: WebStore>(web: &Web<S>, domains: &[DomainView], form: &StartForm, errors: &Errors) -> Markup {
    card(
        "start",
        "Start the 30-day experiment",
        html! {
            p { "Thirty days in one domain: an audit at the start, practice on the plan the program sets (it replaces the domain's plan), a review each week, an audit at the end, then the report." }
            @if domains.is_empty() {
                p { "Add a " a href="/domains" { "domain" } " first." }
            } @else {
                form method="post" action="/programs" {
                    (layout::token(web.token()))
                    (errors.summary())
                    (Field { name: "domain", label: "Domain", hint: None }
                        .select(errors, &domain_choices("Choose a domain", domains), &domain_value(&form.domain, None, domains)))
                    (Field { name: "starts_on", label: "First day (optional)", hint: Some("Today when blank; or an earlier day, such as 2026-11-16, to count practice already done.") }.text(errors, &form.starts_on))
                    button type="submit" { "Start the experiment" }
                }
            }
        },
    )
}

pub async fn start<S: WebStore>(web: Web<S>, Form(form): Form<StartForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    if let Some(domain) = required_text(&mut errors, "domain", &form.domain, CHOOSE_DOMAIN) {
        let input = StartProgram {
            template: ProgramSource::Builtin(EXPERIMENT.to_owned()),
            domain,
            at: given(&form.starts_on),
            // The page keeps a plan the person set; the program's is set where there is none.
            replace_plan: false,
        };
        match web.app.start_program(input).await {
            Ok(started) => return Ok(Redirect::to(&format!("/programs/{}", started.id)).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[(Concern::Entity("domain"), "domain"), (Concern::Field(mastery_domain::Field::Date), "starts_on")],
            )?,
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, list_page(&web, &form, &errors).await?).into_response())
}

pub async fn report<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let report = web.app.program_report(Some(&id), false).await.map_err(WebError::html)?;
    Ok(report_page(&web, &report))
}

fn report_page<S: WebStore>(web: &Web<S>, report: &ProgramReportView) -> Markup {
    let p = &report.program;
    layout::page(
        &format!("{}: {}", p.title, p.domain),
        html! {
            p { (program_line(p)) }
            p { "Practice: " (p.practice.minutes) " minutes on " (p.practice.days.to_string()) "; reviews " (p.review.as_str()) "." }
            (card("report", if report.finished { "Before and after" } else { "Before and so far" }, html! {
                div.table-wrap {
                    table {
                        thead { tr { th scope="col" { "Measure" } th scope="col" { "Before" } th scope="col" { "During" } th scope="col" { "Change" } th scope="col" { "From the records" } } }
                        tbody { @for m in &report.measures { (measure_row(m)) } }
                    }
                }
            }))
            @if report.finished {
                form method="post" action=(format!("/programs/{}/celebrate", p.id)) {
                    (layout::token(web.token()))
                    button type="submit" { "Celebrate finishing it" }
                }
            }
            p { a href="/programs" { "All programs" } }
        },
    )
}

/// A share (success rate, consistency) as a percentage, a bias in signed points, strength as is.
fn shown(measure: &str, value: f64, signed: bool) -> String {
    match (measure, signed) {
        ("audit_strength", false) => format!("{value:.0}"),
        ("audit_strength", true) => format!("{value:+.0}"),
        (_, false) if measure != "calibration_bias" => percent(value),
        _ => format!("{:+.0} points", value * 100.0),
    }
}

fn measure_row(m: &Comparison) -> Markup {
    let value = |v: Option<f64>, signed| v.map_or("—".to_owned(), |v| shown(m.measure, v, signed));
    html! {
        tr {
            th scope="row" { (m.label) }
            td { (value(m.before, false)) }
            td { (value(m.after, false)) }
            td { (value(m.delta, true)) }
            td.muted { (m.source_before) "; " (m.source_after) }
        }
    }
}

/// Celebrates a finished program (once) and asks, as for any celebration, what produced it.
pub async fn celebrate<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !confirm::confirmed(&pairs) {
        let program = web.app.program_report(Some(&id), false).await.map_err(WebError::html)?.program;
        let consequence = format!(
            "Finishing “{}” in {} becomes one of your celebrations, where you can note what produced it.",
            program.title, program.domain
        );
        let ask = Ask {
            title: "Celebrate finishing this program?",
            consequence: &consequence,
            action: &format!("/programs/{}/celebrate", program.id),
            yes: "Yes, celebrate it",
            back: &format!("/programs/{}", program.id),
        };
        return Ok(confirm::page(web.token(), &ask).into_response());
    }
    let report = web.app.program_report(Some(&id), true).await.map_err(WebError::html)?;
    let next = match &report.celebration {
        Some(celebration) => format!("/celebrations/{}", celebration.id),
        None => format!("/domains/{}", report.program.domain),
    };
    Ok(Redirect::to(&next).into_response())
}
