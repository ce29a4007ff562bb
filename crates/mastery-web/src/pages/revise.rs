//! Correcting the record in the browser: the edit forms of a domain, a goal, a rung and an
//! attempt (those of the other kinds are in `edits.rs`), pre-filled, with only the fields changed
//! sent, so an old value the rules would now refuse, such as a deadline gone by, does not stand
//! in the way; deleting any record the pages show after a confirmation that says what goes with
//! it, undoing the latest change, and reopening a goal marked reached. The rules are the app's:
//! these handlers parse and render.

use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::views::{AttemptView, DomainView, GoalView, RungView};
use mastery_app::{AppError, AttemptEdit, ChallengeEdit, Deletion, DomainEdit, GoalEdit};
use mastery_domain::attempt::{Cause, Outcome};
use mastery_domain::domain::LifeArea;
use mastery_domain::goal::parse_target_success;
use mastery_domain::measure::{Confidence, Difficulty, Rating};
use maud::{Markup, html};
use serde::Deserialize;

use super::attempts::RecordForm;
use super::confirm::{self, Ask, GoalQuestion};
use super::forms::{confidences, encode, optional};
use super::help_now::after_save;
use super::{Page, choices, file_error, ratings};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, local_day};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

/// `Some(new)` when the field's text differs from the record's (blank clears), else `None`,
/// which leaves the field as it is.
pub(super) fn changed(sent: &str, old: &str) -> Option<String> {
    let sent = sent.trim();
    (sent != old.trim()).then(|| sent.to_owned())
}

/// The edit page of one record: a title, what the form edits, its fields and where it returns.
pub(super) struct EditPage<'a> {
    pub title: &'a str,
    pub action: &'a str,
    pub back: &'a str,
    pub fields: Markup,
}

pub(super) fn edit_page(token: &str, errors: &Errors, page: EditPage) -> Markup {
    layout::page(
        page.title,
        html! {
            form method="post" action=(page.action) {
                (layout::token(token))
                (errors.summary())
                (page.fields)
                button type="submit" { "Save the changes" }
                " "
                a href=(page.back) { "Cancel" }
            }
        },
    )
}

/// A refused edit: the form again, with the messages, and nothing stored.
pub(super) fn refused(page: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

// ---------------------------------------------------------------------------------------------
// A domain.

#[derive(Debug, Default, Deserialize)]
pub struct DomainForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    description: String,
}

impl DomainForm {
    fn of(domain: &DomainView) -> Self {
        Self {
            name: domain.name.clone(),
            area: domain.area.to_string(),
            description: domain.description.clone().unwrap_or_default(),
        }
    }
}

fn domain_page(token: &str, domain: &DomainView, form: &DomainForm, errors: &Errors) -> Markup {
    let areas: Vec<(String, String)> = LifeArea::ALL.iter().map(|a| (a.to_string(), a.to_string())).collect();
    let action = format!("/domains/{}/edit", domain.slug);
    let back = format!("/domains/{}", domain.slug);
    let fields = html! {
        (Field { name: "name", label: "Name", hint: Some("Its address follows a new name.") }.text(errors, &form.name))
        (Field { name: "area", label: "Life area", hint: None }.select(errors, &areas, &form.area))
        (Field { name: "description", label: "Description (optional)", hint: None }.textarea(errors, &form.description))
    };
    edit_page(token, errors, EditPage { title: &format!("Edit {}", domain.name), action: &action, back: &back, fields })
}

pub async fn domain_form<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Page {
    let domain = web.app.show_domain(&slug).await.map_err(WebError::html)?.domain;
    Ok(domain_page(web.token(), &domain, &DomainForm::of(&domain), &Errors::default()))
}

pub async fn edit_domain<S: WebStore>(
    web: Web<S>,
    Path(slug): Path<String>,
    Form(form): Form<DomainForm>,
) -> Result<Response, WebError> {
    let domain = web.app.show_domain(&slug).await.map_err(WebError::html)?.domain;
    let old = DomainForm::of(&domain);
    let mut errors = Errors::default();
    let area = match changed(&form.area, &old.area) {
        Some(area) => area.parse::<LifeArea>().map_err(|e| errors.add("area", e.to_string())).ok(),
        None => None,
    };
    if errors.is_empty() {
        let edit = DomainEdit {
            name: changed(&form.name, &old.name),
            area,
            description: changed(&form.description, &old.description),
        };
        match web.app.edit_domain(&slug, edit).await {
            Ok(saved) => return Ok(Redirect::to(&format!("/domains/{}", saved.slug)).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::DomainName), "name"),
                    (Concern::Field(mastery_domain::Field::Description), "description"),
                ],
            )?,
        }
    }
    Ok(refused(domain_page(web.token(), &domain, &form, &errors)))
}

// ---------------------------------------------------------------------------------------------
// A goal.

#[derive(Debug, Default, Deserialize)]
pub struct GoalForm {
    #[serde(default)]
    statement: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    success_target: String,
}

impl GoalForm {
    fn of(goal: &GoalView) -> Self {
        Self {
            statement: goal.statement.clone(),
            deadline: goal.deadline.map(|d| d.to_string()).unwrap_or_default(),
            why: goal.why.clone().unwrap_or_default(),
            success_target: format!("{:.0}%", goal.target_success * 100.0),
        }
    }
}

fn goal_page(token: &str, goal: &GoalView, form: &GoalForm, errors: &Errors) -> Markup {
    let action = format!("/goals/{}/edit", goal.id);
    let back = format!("/goals/{}/rungs", goal.id);
    let fields = html! {
        (Field { name: "statement", label: "The goal", hint: None }.text(errors, &form.statement))
        (Field { name: "deadline", label: "By when (optional)", hint: Some("A date such as 2027-03-01; blank for none.") }.text(errors, &form.deadline))
        (Field { name: "why", label: "Why it matters to you (optional)", hint: None }.textarea(errors, &form.why))
        (Field { name: "success_target", label: "Target success rate", hint: Some("70–90%: the share of attempts the next-challenge engine aims for you to succeed at.") }.text(errors, &form.success_target))
    };
    edit_page(token, errors, EditPage { title: "Edit the goal", action: &action, back: &back, fields })
}

pub async fn goal_form<S: WebStore>(web: Web<S>, Path(goal): Path<String>) -> Page {
    let goal = web.app.show_goal(&goal).await.map_err(WebError::html)?;
    Ok(goal_page(web.token(), &goal, &GoalForm::of(&goal), &Errors::default()))
}

pub async fn edit_goal<S: WebStore>(
    web: Web<S>,
    Path(reference): Path<String>,
    Form(form): Form<GoalForm>,
) -> Result<Response, WebError> {
    let goal = web.app.show_goal(&reference).await.map_err(WebError::html)?;
    let old = GoalForm::of(&goal);
    let mut errors = Errors::default();
    let target_success = match changed(&form.success_target, &old.success_target) {
        Some(raw) => optional(&mut errors, "success_target", &raw, parse_target_success),
        None => None,
    };
    if errors.is_empty() {
        let edit = GoalEdit {
            statement: changed(&form.statement, &old.statement),
            deadline: changed(&form.deadline, &old.deadline),
            why: changed(&form.why, &old.why),
            target_success,
        };
        match web.app.edit_goal(&goal.id.to_string(), edit).await {
            Ok(saved) => return Ok(Redirect::to(&format!("/goals/{}/rungs", saved.id)).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::GoalStatement), "statement"),
                    (Concern::Field(mastery_domain::Field::Date), "deadline"),
                    (Concern::Field(mastery_domain::Field::Why), "why"),
                    (Concern::Field(mastery_domain::Field::SuccessTarget), "success_target"),
                ],
            )?,
        }
    }
    Ok(refused(goal_page(web.token(), &goal, &form, &errors)))
}

/// Reopens a goal marked reached, once the person confirmed it.
pub async fn reopen<S: WebStore>(
    web: Web<S>,
    Path(reference): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let goal = web.app.show_goal(&reference).await.map_err(WebError::html)?;
    if !confirm::confirmed(&pairs) {
        let question = GoalQuestion {
            title: "Reopen this goal?",
            then: "goes back to your ladders, open, and its celebration is removed. Its rungs and attempts stay as they are.",
            verb: "reopen",
            yes: "Yes, reopen it",
            back: &format!("/goals/{}/rungs", goal.id),
        };
        return Ok(question.ask(web.token(), &goal));
    }
    let reopened = web.app.reopen_goal(&goal.id.to_string()).await.map_err(WebError::html)?;
    Ok(Redirect::to(&format!("/goals/{}/rungs", reopened.id)).into_response())
}

// ---------------------------------------------------------------------------------------------
// A rung.

/// A rung's fields, to add one to a ladder or to edit one.
#[derive(Debug, Default, Deserialize)]
pub struct RungForm {
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    pub(super) difficulty: String,
    #[serde(default)]
    pub(super) criterion: String,
}

impl RungForm {
    fn of(rung: &RungView) -> Self {
        Self {
            title: rung.title.clone(),
            difficulty: format!("{:.1}", rung.difficulty),
            criterion: rung.criterion.clone().unwrap_or_default(),
        }
    }
}

fn rung_page(token: &str, goal: &str, rung: &RungView, form: &RungForm, errors: &Errors) -> Markup {
    let action = format!("/goals/{goal}/rungs/{}/edit", rung.challenge_id);
    let back = format!("/goals/{goal}/rungs");
    let fields = html! {
        (Field { name: "title", label: "The rung", hint: None }.text(errors, &form.title))
        (Field { name: "difficulty", label: "Difficulty, 1 easy – 10 hard", hint: Some("The rung moves to its place on the ladder.") }.text(errors, &form.difficulty))
        (Field { name: "criterion", label: "Done when (optional)", hint: None }.text(errors, &form.criterion))
    };
    edit_page(token, errors, EditPage { title: "Edit the rung", action: &action, back: &back, fields })
}

/// The goal's id and the rung `rung` (id or slug) of its ladder; 404 when the ladder has none.
async fn rung_of<S: WebStore>(web: &Web<S>, goal: &str, rung: &str) -> Result<(String, RungView), WebError> {
    let ladder = web.app.ladder(goal).await.map_err(WebError::html)?;
    let found = ladder.rungs.into_iter().find(|r| r.challenge_id.to_string() == rung || r.slug == rung);
    let not_found = || AppError::NotFound {
        entity: "challenge",
        reference: rung.to_owned(),
        hint: "see the goal's ladder".to_owned(),
    };
    Ok((ladder.goal_id.to_string(), found.ok_or_else(not_found).map_err(WebError::html)?))
}

pub async fn rung_form<S: WebStore>(web: Web<S>, Path((goal, rung)): Path<(String, String)>) -> Page {
    let (goal, rung) = rung_of(&web, &goal, &rung).await?;
    Ok(rung_page(web.token(), &goal, &rung, &RungForm::of(&rung), &Errors::default()))
}

pub async fn edit_rung<S: WebStore>(
    web: Web<S>,
    Path((goal, rung)): Path<(String, String)>,
    Form(form): Form<RungForm>,
) -> Result<Response, WebError> {
    let (goal, rung) = rung_of(&web, &goal, &rung).await?;
    let old = RungForm::of(&rung);
    let mut errors = Errors::default();
    let difficulty = match changed(&form.difficulty, &old.difficulty) {
        Some(raw) if raw.is_empty() => {
            errors.add("difficulty", "give a difficulty from 1 to 10");
            None
        }
        Some(raw) => optional(&mut errors, "difficulty", &raw, Difficulty::parse),
        None => None,
    };
    if errors.is_empty() {
        let edit = ChallengeEdit {
            title: changed(&form.title, &old.title),
            difficulty,
            criterion: changed(&form.criterion, &old.criterion),
        };
        match web.app.edit_challenge(&rung.challenge_id.to_string(), edit).await {
            Ok(_) => return Ok(Redirect::to(&format!("/goals/{goal}/rungs")).into_response()),
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
    Ok(refused(rung_page(web.token(), &goal, &rung, &form, &errors)))
}

// ---------------------------------------------------------------------------------------------
// An attempt.

/// The record form's fields, and the forecast.
#[derive(Debug, Default, Deserialize)]
pub struct AttemptForm {
    #[serde(default)]
    confidence: String,
    #[serde(flatten)]
    record: RecordForm,
}

impl AttemptForm {
    fn of(attempt: &AttemptView) -> Self {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        Self {
            confidence: attempt.confidence.to_string(),
            record: RecordForm {
                outcome: attempt.outcome.map(|o| o.to_string()).unwrap_or_default(),
                effort: attempt.effort.map(|e| e.to_string()).unwrap_or_default(),
                did: text(&attempt.did),
                because: text(&attempt.because),
                cause: attempt.cause.map(|c| c.to_string()).unwrap_or_default(),
                lesson: text(&attempt.lesson),
            },
        }
    }
}

fn attempt_page(token: &str, attempt: &AttemptView, form: &AttemptForm, errors: &Errors) -> Markup {
    let confidences = confidences(None);
    let action = format!("/attempts/{}/edit", attempt.id);
    let fields = html! {
        p.muted { (attempt.challenge) " · " (attempt.domain) ", planned " (local_day(attempt.planned_at)) }
        (Field { name: "confidence", label: "Your forecast (0–100%)", hint: Some("How sure you were before trying.") }.select(errors, &confidences, &form.confidence))
        @if attempt.outcome.is_some() {
            (Field { name: "outcome", label: "How it went", hint: None }.select(errors, &choices("Choose", Outcome::ALL)[1..], &form.record.outcome))
            (Field { name: "effort", label: "Effort", hint: Some("1 little – 5 everything") }.select(errors, &ratings("Not given"), &form.record.effort))
            (Field { name: "did", label: "What you did", hint: None }.text(errors, &form.record.did))
            (Field { name: "because", label: "Why it went that way", hint: None }.text(errors, &form.record.because))
            (Field { name: "cause", label: "The main cause", hint: None }.select(errors, &choices("Not given", Cause::ALL), &form.record.cause))
            (Field { name: "lesson", label: "What it taught you", hint: None }.text(errors, &form.record.lesson))
        }
    };
    edit_page(token, errors, EditPage { title: "Edit the attempt", action: &action, back: "/attempts", fields })
}

pub async fn attempt_form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let attempt = web.app.show_attempt(&id).await.map_err(WebError::html)?;
    Ok(attempt_page(web.token(), &attempt, &AttemptForm::of(&attempt), &Errors::default()))
}

pub async fn edit_attempt<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<AttemptForm>,
) -> Result<Response, WebError> {
    let attempt = web.app.show_attempt(&id).await.map_err(WebError::html)?;
    let old = AttemptForm::of(&attempt);
    let mut errors = Errors::default();
    let mut edit = AttemptEdit {
        confidence: changed(&form.confidence, &old.confidence)
            .and_then(|raw| optional(&mut errors, "confidence", &raw, Confidence::parse)),
        ..AttemptEdit::default()
    };
    if attempt.outcome.is_some() {
        edit.outcome = changed(&form.record.outcome, &old.record.outcome)
            .and_then(|raw| optional(&mut errors, "outcome", &raw, str::parse::<Outcome>));
        edit.effort = changed(&form.record.effort, &old.record.effort)
            .and_then(|raw| optional(&mut errors, "effort", &raw, |r| Rating::parse(mastery_domain::Field::Effort, r)));
        edit.cause = changed(&form.record.cause, &old.record.cause)
            .and_then(|raw| optional(&mut errors, "cause", &raw, str::parse::<Cause>));
        edit.did = changed(&form.record.did, &old.record.did);
        edit.because = changed(&form.record.because, &old.record.because);
        edit.lesson = changed(&form.record.lesson, &old.record.lesson);
    }
    if errors.is_empty() {
        match web.app.edit_attempt(&attempt.id.to_string(), edit).await {
            Ok(_) => {
                return Ok(after_save(
                    [&form.record.did, &form.record.because, &form.record.lesson].map(String::as_str),
                    "/attempts",
                )
                .into_response());
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::Confidence), "confidence"),
                    (Concern::Field(mastery_domain::Field::Effort), "effort"),
                    (Concern::Field(mastery_domain::Field::Did), "did"),
                    (Concern::Field(mastery_domain::Field::Because), "because"),
                    (Concern::Field(mastery_domain::Field::Cause), "cause"),
                    (Concern::Field(mastery_domain::Field::Lesson), "lesson"),
                ],
            )?,
        }
    }
    Ok(refused(attempt_page(web.token(), &attempt, &form, &errors)))
}

// ---------------------------------------------------------------------------------------------
// Deleting, undoing.

/// Where a page sends the person after a deletion: back where they were, a local path only.
#[derive(Debug, Default, Deserialize)]
pub struct Back {
    #[serde(default)]
    back: String,
}

impl Back {
    fn path(&self) -> &str {
        let safe = self.back.starts_with('/')
            && !self.back.starts_with("//")
            && self.back.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b));
        if safe { &self.back } else { "/" }
    }
}

/// The record a delete button names, by the kind in its address.
fn deletion(kind: &str, id: String) -> Option<Deletion> {
    Some(match kind {
        "domain" => Deletion::Domain(id),
        "goal" => Deletion::Goal(id),
        "rung" => Deletion::Challenge(id),
        "attempt" => Deletion::Attempt(id),
        "evidence" => Deletion::Evidence(id),
        "checkin" => Deletion::Checkin(id),
        "role-model" => Deletion::RoleModel(id),
        "feedback" => Deletion::Feedback(id),
        "audit" => Deletion::Audit(id),
        "practice-session" => Deletion::PracticeSession(id),
        "review" => Deletion::Review(id),
        _ => return None,
    })
}

/// A small form whose button deletes the record of `kind` with `id`, after the confirmation;
/// `label` names it for screen readers, `back` is where the person returns.
pub fn delete_button(token: &str, kind: &str, id: &str, label: &str, back: &str) -> Markup {
    delete_form(token, &format!("/delete/{kind}/{id}?back={back}"), "Delete", Some(&format!("Delete {label}")))
}

/// A delete button that says what it deletes, such as "Delete this domain", for a page of its
/// own record.
pub fn delete_saying(token: &str, kind: &str, id: &str, words: &str, back: &str) -> Markup {
    delete_form(token, &format!("/delete/{kind}/{id}?back={back}"), words, None)
}

fn delete_form(token: &str, action: &str, words: &str, label: Option<&str>) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (layout::token(token))
            button.secondary type="submit" aria-label=[label] { (words) }
        }
    }
}

/// Deletes a record once the person confirmed it, having been told what goes with it.
pub async fn delete<S: WebStore>(
    web: Web<S>,
    Path((kind, id)): Path<(String, String)>,
    Query(back): Query<Back>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let not_found = || AppError::NotFound { entity: "record", reference: format!("{kind}/{id}"), hint: String::new() };
    let what = deletion(&kind, id.clone()).ok_or_else(not_found).map_err(WebError::html)?;
    let back = back.path();
    if !confirm::confirmed(&pairs) {
        let plan = web.app.plan_deletion(&what).await.map_err(WebError::html)?;
        let consequence = format!(
            "This deletes {}. You can undo it afterwards, as long as it is your latest change.",
            plan.summary.strip_prefix("Deleted ").unwrap_or(&plan.summary)
        );
        let ask = Ask {
            title: "Delete this?",
            consequence: &consequence,
            action: &format!("/delete/{kind}/{id}?back={back}"),
            yes: "Yes, delete it",
            back,
        };
        return Ok(confirm::page(web.token(), &ask).into_response());
    }
    web.app.delete(&what).await.map_err(WebError::html)?;
    Ok(Redirect::to(&format!("/changes?back={back}")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct Changes {
    #[serde(default)]
    back: String,
    #[serde(default)]
    undid: String,
}

/// The latest change, with the button that undoes it; after an undo, what it undid.
pub async fn changes<S: WebStore>(web: Web<S>, Query(query): Query<Changes>) -> Page {
    let last = web.app.last_change().await.map_err(WebError::html)?;
    let back = Back { back: query.back }.path().to_owned();
    Ok(layout::page(
        "Your latest change",
        html! {
            @if !query.undid.is_empty() { p.notice role="status" { "Undid: " (query.undid) } }
            @match &last {
                None => p { "There is no change to undo." },
                Some(change) => {
                    p role=[query.undid.is_empty().then_some("status")] { (if query.undid.is_empty() { "Done: " } else { "Before that: " }) (change.summary) " (" (local_day(change.made_at)) ")." }
                    @if change.undoable {
                        form method="post" action="/undo" {
                            (layout::token(web.token()))
                            button type="submit" { "Undo it" }
                        }
                        p.muted { "Undo again to go further back; your latest 100 changes are kept." }
                    } @else {
                        p { "This cannot be undone: to go back to before it, restore a backup taken earlier." }
                    }
                }
            }
            p { a href=(back) { "Back to where you were" } }
        },
    ))
}

/// Undoes the latest change, once the person confirmed it, having been told what it was.
pub async fn undo<S: WebStore>(web: Web<S>, Form(pairs): Form<Vec<(String, String)>>) -> Result<Response, WebError> {
    if !confirm::confirmed(&pairs) {
        let Some(last) = web.app.last_change().await.map_err(WebError::html)? else {
            return Ok(Redirect::to("/changes").into_response());
        };
        let consequence = format!("This undoes your latest change: {} ({}).", last.summary, local_day(last.made_at));
        let ask = Ask {
            title: "Undo your latest change?",
            consequence: &consequence,
            action: "/undo",
            yes: "Yes, undo it",
            back: "/changes",
        };
        return Ok(confirm::page(web.token(), &ask).into_response());
    }
    match web.app.undo().await.map_err(WebError::html)? {
        Some(undone) => Ok(Redirect::to(&format!("/changes?undid={}", encode(&undone.undid))).into_response()),
        None => Ok(Redirect::to("/changes").into_response()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_local_path_is_a_way_back() {
        let back = |b: &str| Back { back: b.to_owned() }.path().to_owned();
        assert_eq!(back("/domains/chess"), "/domains/chess");
        for foreign in ["//evil.example", "https://evil.example", "/x?y=<z>", "", "javascript:alert(1)"] {
            assert_eq!(back(foreign), "/", "{foreign}");
        }
    }

    #[test]
    fn only_changed_fields_are_sent() {
        assert_eq!(changed(" Chess ", "Chess"), None);
        assert_eq!(changed("", "Old"), Some(String::new()));
        assert_eq!(changed("New", "Old").as_deref(), Some("New"));
    }
}
