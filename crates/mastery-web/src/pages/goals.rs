//! Goals and their ladders in the browser: a domain's new goal, then the rungs of its ladder,
//! easy → hard, so a person can go from an empty store to a next challenge without the terminal.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::views::{DomainDetail, LadderView};
use mastery_app::{NewChallenge, NewGoal};
use mastery_domain::goal::parse_target_success;
use mastery_domain::measure::Difficulty;
use maud::{Markup, html};
use serde::Deserialize;

use super::confirm::{self, GoalQuestion};
use super::revise::{RungForm, delete_button, delete_saying};
use super::{Page, file_error};
use super::{given, optional};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, percent};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

// ---------------------------------------------------------------------------------------------
// A new goal in a domain.

#[derive(Debug, Default, Deserialize)]
pub struct GoalForm {
    #[serde(default)]
    statement: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    success_target: String,
}

pub async fn goal_form<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Page {
    let detail = web.app.show_domain(&slug).await.map_err(WebError::html)?;
    Ok(goal_page(&web, &detail, &GoalForm::default(), &Errors::default()))
}

fn goal_page<S: WebStore>(web: &Web<S>, detail: &DomainDetail, form: &GoalForm, errors: &Errors) -> Markup {
    let domain = &detail.domain;
    layout::page(
        &format!("A new goal in {}", domain.name),
        html! {
            p { "A goal is what you want to be able to do. Its ladder of challenges, added next, leads up to it in steps you can succeed at with effort." }
            form method="post" action=(format!("/domains/{}/goals", domain.slug)) {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "statement", label: "The goal", hint: Some("For example: Give a 10-minute talk at the team meeting") }.text(errors, &form.statement))
                (Field { name: "target", label: "Target amount (optional)", hint: Some("A number to reach, such as 10.") }.text(errors, &form.target))
                (Field { name: "unit", label: "Its unit (optional)", hint: Some("Such as minutes or km; needs a target amount.") }.text(errors, &form.unit))
                (Field { name: "deadline", label: "By when (optional)", hint: Some("A date such as 2027-03-01.") }.text(errors, &form.deadline))
                (Field { name: "why", label: "Why it matters to you (optional)", hint: None }.text(errors, &form.why))
                (Field { name: "success_target", label: "Target success rate (optional)", hint: Some("The share of attempts the next-challenge engine aims for you to succeed at, 70–90%. 80% when not given.") }.text(errors, &form.success_target))
                button type="submit" { "Add the goal" }
            }
        },
    )
}

pub async fn add_goal<S: WebStore>(
    web: Web<S>,
    Path(slug): Path<String>,
    Form(form): Form<GoalForm>,
) -> Result<Response, WebError> {
    let detail = web.app.show_domain(&slug).await.map_err(WebError::html)?;
    let mut errors = Errors::default();
    let target = optional(&mut errors, "target", &form.target, |raw| {
        raw.parse::<f64>().map_err(|_| format!("the target amount must be a number, such as 10, not {raw:?}"))
    });
    let target_success = optional(&mut errors, "success_target", &form.success_target, parse_target_success);
    if errors.is_empty() {
        let input = NewGoal {
            domain: detail.domain.slug.clone(),
            statement: form.statement.clone(),
            target,
            unit: given(&form.unit),
            deadline: given(&form.deadline),
            why: given(&form.why),
            target_success,
        };
        match web.app.add_goal(input).await {
            Ok(goal) => return Ok(Redirect::to(&format!("/goals/{}/rungs", goal.id)).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::GoalStatement), "statement"),
                    (Concern::Field(mastery_domain::Field::Target), "target"),
                    (Concern::Field(mastery_domain::Field::Unit), "unit"),
                    (Concern::Field(mastery_domain::Field::Date), "deadline"),
                    (Concern::Field(mastery_domain::Field::Why), "why"),
                    (Concern::Field(mastery_domain::Field::SuccessTarget), "success_target"),
                ],
            )?,
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, goal_page(&web, &detail, &form, &errors)).into_response())
}

// ---------------------------------------------------------------------------------------------
// The rungs of a goal's ladder.

pub async fn rung_form<S: WebStore>(web: Web<S>, Path(goal): Path<String>) -> Page {
    let ladder = web.app.ladder(&goal).await.map_err(WebError::html)?;
    let reached = web.app.show_goal(&goal).await.map_err(WebError::html)?.done_at.is_some();
    Ok(rung_page(&web, &ladder, reached, &RungForm::default(), &Errors::default()))
}

fn rung_page<S: WebStore>(
    web: &Web<S>,
    ladder: &LadderView,
    reached: bool,
    form: &RungForm,
    errors: &Errors,
) -> Markup {
    let after = ladder.rungs.last().map(|r| r.difficulty);
    let here = format!("/goals/{}/rungs", ladder.goal_id);
    layout::page(
        &format!("Ladder: {}", ladder.goal),
        html! {
            @if reached {
                form method="post" action=(format!("/goals/{}/reopen", ladder.goal_id)) {
                    (layout::token(web.token()))
                    p { "You marked this goal reached. " button.secondary type="submit" { "Reopen the goal" } }
                }
            }
            p { "Rungs go from easy to hard. Start with one you are fairly sure you can do, then add a few, each a step harder, up to the goal itself. "
                "The engine suggests the rung where your chance of success is about " (percent(ladder.target_success)) "." }
            @if ladder.rungs.is_empty() {
                p.muted { "No rungs yet." }
            } @else {
                ol {
                    @for rung in &ladder.rungs {
                        li { (rung.title) " (difficulty " (format!("{:.1}", rung.difficulty)) ")"
                            @if let Some(criterion) = &rung.criterion { span.muted { " — done when " (criterion) } }
                            " " a href=(format!("{here}/{}/edit", rung.challenge_id)) aria-label=(format!("Edit the rung {}", rung.title)) { "Edit" }
                            " " (delete_button(web.token(), "rung", &rung.challenge_id.to_string(), &format!("the rung {}", rung.title), &here)) }
                    }
                }
            }
            form method="post" action=(format!("/goals/{}/rungs", ladder.goal_id)) {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "title", label: "The next rung", hint: Some("A concrete challenge, such as: Speak for 2 minutes to a friend") }.text(errors, &form.title))
                (Field { name: "difficulty", label: "Difficulty, 1 easy – 10 hard (optional)", hint: Some(&default_difficulty(after)) }.text(errors, &form.difficulty))
                (Field { name: "criterion", label: "Done when (optional)", hint: Some("What counts as success, so the outcome is easy to judge.") }.text(errors, &form.criterion))
                button type="submit" { "Add the rung" }
            }
            p { a href=(format!("/domains/{}", ladder.domain)) { "Done: back to " (ladder.domain) } }
            p { a href=(format!("/goals/{}/edit", ladder.goal_id)) { "Edit the goal" } " "
                (delete_saying(web.token(), "goal", &ladder.goal_id.to_string(), "Delete the goal", &format!("/domains/{}", ladder.domain))) }
        },
    )
}

fn default_difficulty(after: Option<f64>) -> String {
    let next = Difficulty::after(after.and_then(|d| Difficulty::new(d).ok())).value();
    format!("When not given: {next:.0}, one step above the hardest rung so far.")
}

pub async fn add_rung<S: WebStore>(
    web: Web<S>,
    Path(goal): Path<String>,
    Form(form): Form<RungForm>,
) -> Result<Response, WebError> {
    let ladder = web.app.ladder(&goal).await.map_err(WebError::html)?;
    let reached = web.app.show_goal(&goal).await.map_err(WebError::html)?.done_at.is_some();
    let mut errors = Errors::default();
    let difficulty = optional(&mut errors, "difficulty", &form.difficulty, Difficulty::parse);
    if errors.is_empty() {
        let input = NewChallenge {
            goal: ladder.goal_id.to_string(),
            title: form.title.clone(),
            difficulty,
            criterion: given(&form.criterion),
        };
        match web.app.add_challenge(input).await {
            Ok(_) => return Ok(Redirect::to(&format!("/goals/{}/rungs", ladder.goal_id)).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::ChallengeTitle), "title"),
                    (Concern::Field(mastery_domain::Field::Difficulty), "difficulty"),
                    (Concern::Field(mastery_domain::Field::Criterion), "criterion"),
                ],
            )?,
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, rung_page(&web, &ladder, reached, &form, &errors)).into_response())
}

// ---------------------------------------------------------------------------------------------
// A goal reached.

/// Marks the goal reached and asks, as for a mastered rung, what effort and strategy produced it.
/// Marks a goal reached, once the person confirmed it (`confirm`).
pub async fn done<S: WebStore>(
    web: Web<S>,
    Path(goal): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !confirm::confirmed(&pairs) {
        let goal = web.app.show_goal(&goal).await.map_err(WebError::html)?;
        let question = GoalQuestion {
            title: "Did you reach this goal?",
            then: "leaves your ladders for your celebrations, where you can note what produced it. Its rungs and attempts stay in your records.",
            verb: "done",
            yes: "Yes, I reached it",
            back: &format!("/domains/{}", goal.domain),
        };
        return Ok(question.ask(web.token(), &goal));
    }
    let reached = web.app.complete_goal(&goal).await.map_err(WebError::html)?;
    let next = match &reached.celebration {
        Some(celebration) => format!("/celebrations/{}", celebration.id),
        None => format!("/domains/{}", reached.domain),
    };
    Ok(Redirect::to(&next).into_response())
}
