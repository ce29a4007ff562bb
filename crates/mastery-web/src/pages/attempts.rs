//! Attempts in the browser: the forecast before (plan), the outcome after (record), and — when
//! a setback was explained as fixed ability — the plan for next time (reattribution).

use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::views::AttemptView;
use mastery_app::{NextTime, PlanAttempt, RecordAttempt};
use mastery_domain::attempt::{Cause, Outcome, State as Feeling};
use mastery_domain::explanation::REATTRIBUTION_PROMPT;
use mastery_domain::measure::{Confidence, Rating, SleepHours};
use mastery_domain::reattribution::CONTROLLABLE;
use maud::{Markup, html};
use serde::Deserialize;

use super::forms::confidences;
use super::{Page, after_save, choices, file_error, given, optional, ratings, required, required_text};
use crate::error::WebError;
use crate::layout::{self, Errors, Field};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

// ---------------------------------------------------------------------------------------------
// Plan: the forecast before.

#[derive(Debug, Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    challenge: String,
    #[serde(default)]
    confidence: String,
    #[serde(default)]
    sleep: String,
    #[serde(default)]
    energy: String,
    #[serde(default)]
    stress: String,
}

#[derive(Debug, Deserialize)]
pub struct Chosen {
    challenge: Option<String>,
}

pub async fn plan_form<S: WebStore>(web: Web<S>, Query(chosen): Query<Chosen>) -> Page {
    let form = PlanForm { challenge: chosen.challenge.unwrap_or_default(), ..PlanForm::default() };
    plan_page(&web, &form, &Errors::default()).await
}

async fn plan_page<S: WebStore>(web: &Web<S>, form: &PlanForm, errors: &Errors) -> Page {
    let app = &web.app;
    let rungs: Vec<(String, String)> = std::iter::once((String::new(), "Choose a rung".to_owned()))
        .chain(
            app.rungs_to_plan()
                .await
                .map_err(WebError::html)?
                .into_iter()
                .map(|r| (r.challenge_id.to_string(), format!("{} · {} — {}", r.domain, r.goal, r.title))),
        )
        .collect();
    let confidences = confidences(Some("Choose"));
    Ok(layout::page(
        "Plan an attempt",
        html! {
            p { "Before you try: how certain are you, as of now, that you will succeed? Your forecast is compared with what happens, so you can see how well you predict yourself." }
            form method="post" action="/attempts/new" {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "challenge", label: "Challenge", hint: None }.select(errors, &rungs, &form.challenge))
                (Field { name: "confidence", label: "Confidence (0–100%)", hint: Some("How certain you are that you can do it, in steps of 10.") }.select(errors, &confidences, &form.confidence))
                (Field { name: "sleep", label: "Hours of sleep last night (optional)", hint: None }.text(errors, &form.sleep))
                (Field { name: "energy", label: "Energy (optional)", hint: Some("1 low – 5 high") }.select(errors, &ratings("Not given"), &form.energy))
                (Field { name: "stress", label: "Stress (optional)", hint: Some("1 low – 5 high") }.select(errors, &ratings("Not given"), &form.stress))
                button type="submit" { "Save the forecast" }
            }
        },
    ))
}

pub async fn plan<S: WebStore>(web: Web<S>, Form(form): Form<PlanForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    required_text(&mut errors, "challenge", &form.challenge, "choose the rung you are about to try");
    let confidence = required(
        &mut errors,
        "confidence",
        &form.confidence,
        "choose how certain you are, from 0% to 100%",
        Confidence::parse,
    );
    let state = Feeling {
        sleep_hours: optional(&mut errors, "sleep", &form.sleep, SleepHours::parse),
        energy: optional(&mut errors, "energy", &form.energy, |r| Rating::parse(mastery_domain::Field::Energy, r)),
        stress: optional(&mut errors, "stress", &form.stress, |r| Rating::parse(mastery_domain::Field::Stress, r)),
    };
    if let (Some(confidence), true) = (confidence, errors.is_empty()) {
        let input = PlanAttempt { challenge: form.challenge.clone(), confidence, state, at: None };
        match web.app.plan_attempt(input).await {
            Ok(view) => return Ok(Redirect::to(&format!("/attempts/{}/record", view.id)).into_response()),
            Err(error) => file_error(&mut errors, error, &[(Concern::Entity("challenge"), "challenge")])?,
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, plan_page(&web, &form, &errors).await?).into_response())
}

// ---------------------------------------------------------------------------------------------
// Record: the outcome after.

/// The attempt with this id, for the page around its form.
async fn attempt<S: WebStore>(web: &Web<S>, id: &str) -> Result<AttemptView, WebError> {
    web.app.show_attempt(id).await.map_err(WebError::html)
}

#[derive(Debug, Default, Deserialize)]
pub struct RecordForm {
    #[serde(default)]
    pub(super) outcome: String,
    #[serde(default)]
    pub(super) effort: String,
    #[serde(default)]
    pub(super) did: String,
    #[serde(default)]
    pub(super) because: String,
    #[serde(default)]
    pub(super) cause: String,
    #[serde(default)]
    pub(super) lesson: String,
}

pub async fn record_form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let view = attempt(&web, &id).await?;
    Ok(record_page(&web, &view, &RecordForm::default(), &Errors::default()))
}

fn record_page<S: WebStore>(web: &Web<S>, view: &AttemptView, form: &RecordForm, errors: &Errors) -> Markup {
    layout::page(
        "Record how it went",
        html! {
            p { strong { (view.challenge) } " · " a href=(format!("/domains/{}", view.domain)) { (view.domain) }
                " — your forecast: " (view.confidence) "%" }
            form method="post" action=(format!("/attempts/{}/record", view.id)) {
                (layout::token(web.token()))
                (errors.summary())
                fieldset aria-describedby=[errors.id("outcome")] {
                    legend { "Outcome" }
                    (errors.message("outcome"))
                    @for outcome in Outcome::ALL {
                        label { input type="radio" name="outcome" value=(outcome) checked[form.outcome == outcome.as_str()]; " " (outcome) }
                    }
                }
                (Field { name: "effort", label: "Effort (optional)", hint: Some("1 little – 5 everything") }.select(errors, &ratings("Not given"), &form.effort))
                (Field { name: "did", label: "What you did (optional)", hint: Some("Your strategy, in your words: it goes into your evidence file.") }.text(errors, &form.did))
                (Field { name: "because", label: "Why it went that way (optional)", hint: None }.text(errors, &form.because))
                (Field { name: "cause", label: "The main cause (optional)", hint: None }.select(errors, &choices("Not given", Cause::ALL), &form.cause))
                (Field { name: "lesson", label: "What it taught you (optional)", hint: None }.text(errors, &form.lesson))
                button type="submit" { "Save the outcome" }
            }
        },
    )
}

pub async fn record<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<RecordForm>,
) -> Result<Response, WebError> {
    let view = attempt(&web, &id).await?;
    let mut errors = Errors::default();
    let outcome = required(
        &mut errors,
        "outcome",
        &form.outcome,
        "choose how it went: success, partial or failure",
        str::parse::<Outcome>,
    );
    let effort = optional(&mut errors, "effort", &form.effort, |r| Rating::parse(mastery_domain::Field::Effort, r));
    let cause = optional(&mut errors, "cause", &form.cause, str::parse::<Cause>);
    if let (Some(outcome), true) = (outcome, errors.is_empty()) {
        let input = RecordAttempt {
            outcome,
            effort,
            did: given(&form.did),
            because: given(&form.because),
            cause,
            locus: None,
            stability: None,
            control: None,
            lesson: given(&form.lesson),
            at: None,
            next_time: None,
        };
        let typed = [&form.did, &form.because, &form.lesson];
        match web.app.record_attempt(&id, input).await {
            Ok(saved) if saved.reattribution_prompt.is_some() => {
                let next = format!("/attempts/{}/next-time", saved.id);
                return Ok(after_save(typed.map(String::as_str), &next).into_response());
            }
            Ok(saved) => {
                let next = match &saved.celebration {
                    Some(celebration) => format!("/celebrations/{}", celebration.id),
                    None => format!("/domains/{}", saved.domain),
                };
                return Ok(after_save(typed.map(String::as_str), &next).into_response());
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::Did), "did"),
                    (Concern::Field(mastery_domain::Field::Because), "because"),
                    (Concern::Field(mastery_domain::Field::Lesson), "lesson"),
                    (Concern::Field(mastery_domain::Field::Cause), "cause"),
                ],
            )?,
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, record_page(&web, &view, &form, &errors)).into_response())
}

// ---------------------------------------------------------------------------------------------
// Next time: the reattribution step.

#[derive(Debug, Default, Deserialize)]
pub struct NextTimeForm {
    #[serde(default)]
    next_time: String,
    #[serde(default)]
    if_then: String,
    #[serde(default)]
    cause: String,
}

pub async fn next_time_form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let view = attempt(&web, &id).await?;
    Ok(next_time_page(&web, &view, &NextTimeForm::default(), &Errors::default()))
}

fn next_time_page<S: WebStore>(web: &Web<S>, view: &AttemptView, form: &NextTimeForm, errors: &Errors) -> Markup {
    layout::page(
        "A plan for next time",
        html! {
            p { "You explained how " strong { (view.challenge) } " went as something fixed about you. Setbacks are information about what to change, not about who you are." }
            p.reason { (REATTRIBUTION_PROMPT) }
            form method="post" action=(format!("/attempts/{}/next-time", view.id)) {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "next_time", label: "What could you do differently next time?", hint: None }.text(errors, &form.next_time))
                (Field { name: "if_then", label: "Your if–then plan", hint: Some("If <moment>, then I will <action>. For example: If I blank on a slide, then I will glance at my one-line notes.") }.text(errors, &form.if_then))
                (Field { name: "cause", label: "What it works on (optional)", hint: Some("Read from your words when not given.") }.select(errors, &choices("Read it from my words", CONTROLLABLE), &form.cause))
                button type="submit" { "Save the plan" }
            }
            p { a href=(format!("/domains/{}", view.domain)) { "Skip for now" } }
        },
    )
}

pub async fn next_time<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<NextTimeForm>,
) -> Result<Response, WebError> {
    let view = attempt(&web, &id).await?;
    let mut errors = Errors::default();
    let cause = optional(&mut errors, "cause", &form.cause, str::parse::<Cause>);
    if errors.is_empty() {
        let plan = NextTime { next_time: form.next_time.clone(), if_then: form.if_then.clone(), cause };
        match web.app.reattribute(&id, plan).await {
            Ok(saved) => {
                let typed = [form.next_time.as_str(), form.if_then.as_str()];
                return Ok(after_save(typed, &format!("/domains/{}", saved.domain)).into_response());
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::NextTime), "next_time"),
                    (Concern::Field(mastery_domain::Field::IfThenPlan), "if_then"),
                    (Concern::Field(mastery_domain::Field::Cause), "cause"),
                ],
            )?,
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, next_time_page(&web, &view, &form, &errors)).into_response())
}
