//! The edit forms of the records that hang off a domain or a day: a success entered after the
//! fact, a role model, feedback, a practice session, an audit and a check-in. Each is reached
//! from the page that lists the record, pre-filled with the fields it was added with (the same
//! fields, from the same functions), and sends only what changed; the app checks it as when the
//! record was added, and a refused form comes back with the messages beside its fields.

use std::collections::HashMap;

use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::views::{AuditView, CheckinView, EvidenceView, FeedbackView, PracticeSessionView, RoleModelView};
use mastery_app::{AppError, AuditEdit, CheckinEdit, EvidenceEdit, FeedbackEdit, PracticeEdit, RoleModelEdit};
use mastery_domain::evidence::EvidenceSource;
use mastery_domain::measure::Rating;
use mastery_domain::practice::session_minutes;
use maud::{Markup, html};
use serde::Deserialize;

use super::audits::{rating_items, ratings};
use super::checkin::{CheckinForm, measure_fields, measures};
use super::people::{FeedbackForm, ModelForm, feedback_fields, model_fields};
use super::practice::{LogForm, session_fields};
use super::revise::{EditPage, changed, edit_page, refused};
use super::{Page, file_error, optional};
use crate::error::WebError;
use crate::layout::{Errors, Field, local_day};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

/// How many of the newest records a form looks its record up in.
const ALL: usize = 100_000;

/// The record of `items` whose id is `id`; not found (404) otherwise, as another person's is.
fn find<T>(
    items: Result<Vec<T>, AppError>,
    id: &str,
    key: fn(&T) -> String,
    entity: &'static str,
) -> Result<T, WebError> {
    let found = items.map_err(WebError::html)?.into_iter().find(|item| key(item) == id);
    found.ok_or_else(|| WebError::html(AppError::NotFound { entity, reference: id.to_owned(), hint: String::new() }))
}

/// The edit of a value that cannot be cleared (a date, an interval): the new one when it changed;
/// left blank, the old one stays, so an emptied field does not stand in the way of the others.
fn replacing(sent: &str, old: &str) -> Option<String> {
    changed(sent, old).filter(|date| !date.is_empty())
}

// ---------------------------------------------------------------------------------------------
// A success entered after the fact.

#[derive(Debug, Default, Deserialize)]
pub struct EvidenceForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    did: String,
    #[serde(default)]
    at: String,
}

impl EvidenceForm {
    fn of(e: &EvidenceView) -> Self {
        Self { title: e.title.clone(), did: e.did.clone().unwrap_or_default(), at: local_day(e.at) }
    }
}

async fn backfilled<S: WebStore>(web: &Web<S>, id: &str) -> Result<EvidenceView, WebError> {
    let items = web.app.evidence(None, ALL).await;
    let items = items.map(|all| all.into_iter().filter(|e| e.source == EvidenceSource::Backfill).collect());
    find(items, id, |e: &EvidenceView| e.id.clone(), "success")
}

fn evidence_page(token: &str, e: &EvidenceView, form: &EvidenceForm, errors: &Errors) -> Markup {
    let fields = html! {
        (Field { name: "title", label: "What you achieved", hint: None }.text(errors, &form.title))
        (Field { name: "did", label: "What you did to achieve it (optional)", hint: None }.textarea(errors, &form.did))
        (Field { name: "at", label: "When", hint: Some("A date such as 2025-06-14, or yesterday.") }.text(errors, &form.at))
    };
    let (action, back) = (format!("/evidence/{}/edit", e.id), format!("/domains/{}", e.domain));
    edit_page(token, errors, EditPage { title: "Edit the success", action: &action, back: &back, fields })
}

pub async fn evidence_form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let e = backfilled(&web, &id).await?;
    Ok(evidence_page(web.token(), &e, &EvidenceForm::of(&e), &Errors::default()))
}

pub async fn edit_evidence<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<EvidenceForm>,
) -> Result<Response, WebError> {
    let e = backfilled(&web, &id).await?;
    let old = EvidenceForm::of(&e);
    let edit = EvidenceEdit {
        title: changed(&form.title, &old.title),
        did: changed(&form.did, &old.did),
        at: replacing(&form.at, &old.at),
    };
    let mut errors = Errors::default();
    match web.app.edit_evidence(&e.id, edit).await {
        Ok(saved) => return Ok(Redirect::to(&format!("/domains/{}", saved.domain)).into_response()),
        Err(error) => file_error(
            &mut errors,
            error,
            &[
                (Concern::Field(mastery_domain::Field::Success), "title"),
                (Concern::Field(mastery_domain::Field::Did), "did"),
                (Concern::Field(mastery_domain::Field::SuccessDate), "at"),
                (Concern::Field(mastery_domain::Field::Date), "at"),
            ],
        )?,
    }
    Ok(refused(evidence_page(web.token(), &e, &form, &errors)))
}

// ---------------------------------------------------------------------------------------------
// A role model.

fn model_form_of(m: &RoleModelView) -> ModelForm {
    ModelForm {
        model_domain: m.domain.clone(),
        model_name: m.name.clone(),
        model_similarity: m.similarity.map(|s| s.to_string()).unwrap_or_default(),
        model_process: m.process.clone().unwrap_or_default(),
    }
}

fn model_page(token: &str, m: &RoleModelView, form: &ModelForm, errors: &Errors) -> Markup {
    let action = format!("/models/{}/edit", m.id);
    let fields = model_fields(errors, form);
    edit_page(token, errors, EditPage { title: &format!("Edit {}", m.name), action: &action, back: "/people", fields })
}

async fn role_model<S: WebStore>(web: &Web<S>, id: &str) -> Result<RoleModelView, WebError> {
    find(web.app.role_models(None).await, id, |m| m.id.to_string(), "role model")
}

pub async fn model_form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let m = role_model(&web, &id).await?;
    Ok(model_page(web.token(), &m, &model_form_of(&m), &Errors::default()))
}

pub async fn edit_model<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<ModelForm>,
) -> Result<Response, WebError> {
    let m = role_model(&web, &id).await?;
    let old = model_form_of(&m);
    let mut errors = Errors::default();
    let similarity = changed(&form.model_similarity, &old.model_similarity).and_then(|raw| {
        optional(&mut errors, "model_similarity", &raw, |r| Rating::parse(mastery_domain::Field::Similarity, r))
    });
    if errors.is_empty() {
        let edit = RoleModelEdit {
            name: changed(&form.model_name, &old.model_name),
            similarity,
            process: changed(&form.model_process, &old.model_process),
        };
        match web.app.edit_role_model(&id, edit).await {
            Ok(saved) => return Ok(Redirect::to(&format!("/people?domain={}", saved.domain)).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::RoleModelName), "model_name"),
                    (Concern::Field(mastery_domain::Field::Process), "model_process"),
                ],
            )?,
        }
    }
    Ok(refused(model_page(web.token(), &m, &form, &errors)))
}

// ---------------------------------------------------------------------------------------------
// Feedback.

fn feedback_form_of(f: &FeedbackView) -> FeedbackForm {
    let text = |t: Option<String>| t.unwrap_or_default();
    FeedbackForm {
        feedback_domain: f.domain.clone(),
        feedback_from: f.from.clone(),
        feedback_credibility: text(f.credibility.map(|c| c.to_string())),
        feedback_specificity: text(f.specificity.map(|s| s.to_string())),
        feedback_valence: text(f.valence.map(|v| v.to_string())),
        feedback_text: f.text.clone(),
        feedback_at: local_day(f.received_at),
    }
}

fn feedback_page(token: &str, f: &FeedbackView, form: &FeedbackForm, errors: &Errors) -> Markup {
    let action = format!("/feedback/{}/edit", f.id);
    let fields = feedback_fields(errors, form);
    edit_page(token, errors, EditPage { title: "Edit the feedback", action: &action, back: "/people", fields })
}

async fn feedback<S: WebStore>(web: &Web<S>, id: &str) -> Result<FeedbackView, WebError> {
    find(web.app.feedback_received(None).await, id, |f| f.id.to_string(), "feedback")
}

pub async fn feedback_form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let f = feedback(&web, &id).await?;
    Ok(feedback_page(web.token(), &f, &feedback_form_of(&f), &Errors::default()))
}

pub async fn edit_feedback<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<FeedbackForm>,
) -> Result<Response, WebError> {
    let f = feedback(&web, &id).await?;
    let old = feedback_form_of(&f);
    let mut errors = Errors::default();
    let credibility = changed(&form.feedback_credibility, &old.feedback_credibility).and_then(|raw| {
        optional(&mut errors, "feedback_credibility", &raw, |r| Rating::parse(mastery_domain::Field::Credibility, r))
    });
    let specificity = changed(&form.feedback_specificity, &old.feedback_specificity)
        .and_then(|raw| optional(&mut errors, "feedback_specificity", &raw, str::parse));
    let valence = changed(&form.feedback_valence, &old.feedback_valence)
        .and_then(|raw| optional(&mut errors, "feedback_valence", &raw, str::parse));
    if errors.is_empty() {
        let edit = FeedbackEdit {
            from: changed(&form.feedback_from, &old.feedback_from),
            text: changed(&form.feedback_text, &old.feedback_text),
            credibility,
            specificity,
            valence,
            at: replacing(&form.feedback_at, &old.feedback_at),
        };
        match web.app.edit_feedback(&id, edit).await {
            Ok(saved) => return Ok(Redirect::to(&format!("/people?domain={}", saved.domain)).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::FeedbackGiver), "feedback_from"),
                    (Concern::Field(mastery_domain::Field::FeedbackText), "feedback_text"),
                    (Concern::Field(mastery_domain::Field::FeedbackTime), "feedback_at"),
                    (Concern::Field(mastery_domain::Field::Date), "feedback_at"),
                ],
            )?,
        }
    }
    Ok(refused(feedback_page(web.token(), &f, &form, &errors)))
}

// ---------------------------------------------------------------------------------------------
// A practice session.

fn session_form_of(s: &PracticeSessionView) -> LogForm {
    LogForm {
        log_domain: s.domain.clone(),
        log_minutes: s.minutes.to_string(),
        log_note: s.note.clone().unwrap_or_default(),
        log_at: local_day(s.at),
    }
}

fn session_page(token: &str, s: &PracticeSessionView, form: &LogForm, errors: &Errors) -> Markup {
    let action = format!("/practice/sessions/{}/edit", s.id);
    let fields = session_fields(errors, form);
    edit_page(token, errors, EditPage { title: "Edit the session", action: &action, back: "/practice", fields })
}

async fn session<S: WebStore>(web: &Web<S>, id: &str) -> Result<PracticeSessionView, WebError> {
    find(web.app.practice_sessions(None, ALL).await, id, |s| s.id.to_string(), "practice session")
}

pub async fn session_form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let s = session(&web, &id).await?;
    Ok(session_page(web.token(), &s, &session_form_of(&s), &Errors::default()))
}

pub async fn edit_session<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<LogForm>,
) -> Result<Response, WebError> {
    let s = session(&web, &id).await?;
    let old = session_form_of(&s);
    let mut errors = Errors::default();
    let minutes = match changed(&form.log_minutes, &old.log_minutes) {
        Some(raw) if raw.is_empty() => {
            errors.add("log_minutes", "say how many minutes you practised");
            None
        }
        Some(raw) => optional(&mut errors, "log_minutes", &raw, session_minutes),
        None => None,
    };
    if errors.is_empty() {
        let edit = PracticeEdit {
            minutes,
            note: changed(&form.log_note, &old.log_note),
            at: replacing(&form.log_at, &old.log_at),
        };
        match web.app.edit_practice_session(&id, edit).await {
            Ok(_) => return Ok(Redirect::to("/practice").into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::Note), "log_note"),
                    (Concern::Field(mastery_domain::Field::PracticeTime), "log_at"),
                    (Concern::Field(mastery_domain::Field::Date), "log_at"),
                ],
            )?,
        }
    }
    Ok(refused(session_page(web.token(), &s, &form, &errors)))
}

// ---------------------------------------------------------------------------------------------
// An audit.

fn item_field(index: usize) -> String {
    format!("item-{}", index + 1)
}

/// An audit's form as pre-filled: a rating per item, when it was taken, the interval.
fn audit_answers(a: &AuditView) -> HashMap<String, String> {
    let mut answers: HashMap<String, String> =
        a.answers.iter().enumerate().map(|(i, r)| (item_field(i), r.to_string())).collect();
    answers.insert("at".to_owned(), a.taken_on.to_string());
    answers.insert("every".to_owned(), a.every.to_string());
    answers
}

async fn audit_page<S: WebStore>(
    web: &Web<S>,
    a: &AuditView,
    answers: &HashMap<String, String>,
    errors: &Errors,
) -> Page {
    let scale = web.app.scale(&a.scale).await.map_err(WebError::html)?;
    let value = |name: &str| answers.get(name).cloned().unwrap_or_default();
    let fields = html! {
        (Field { name: "at", label: "Taken on", hint: Some("A date such as 2026-11-02.") }.text(errors, &value("at")))
        (Field { name: "every", label: "Next audit after", hint: Some("For example: 1 month, 2 weeks, 6 weeks.") }.text(errors, &value("every")))
        h2 { "The items, easy to hard" }
        (rating_items(&scale.items, &item_field, answers, errors))
    };
    let (action, back) = (format!("/domains/{}/audits/{}/edit", a.domain, a.id), format!("/domains/{}", a.domain));
    let title = format!("Edit the audit of {}", a.taken_on);
    Ok(edit_page(web.token(), errors, EditPage { title: &title, action: &action, back: &back, fields }))
}

async fn audit<S: WebStore>(web: &Web<S>, domain: &str, id: &str) -> Result<AuditView, WebError> {
    let audits = web.app.audit_history(domain).await.map(|h| h.audits);
    find(audits, id, |a| a.id.to_string(), "audit")
}

pub async fn audit_form<S: WebStore>(web: Web<S>, Path((domain, id)): Path<(String, String)>) -> Page {
    let a = audit(&web, &domain, &id).await?;
    audit_page(&web, &a, &audit_answers(&a), &Errors::default()).await
}

pub async fn edit_audit<S: WebStore>(
    web: Web<S>,
    Path((domain, id)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let a = audit(&web, &domain, &id).await?;
    let old = audit_answers(&a);
    let mut errors = Errors::default();
    let given = ratings(a.answers.len(), &item_field, &form, &mut errors);
    let answers = (given.iter().map(|r| r.value()).ne(a.answers.iter().copied())).then_some(given);
    let field = |name: &str| [&form, &old].map(|fields| fields.get(name).map_or("", String::as_str));
    let every = replacing(field("every")[0], field("every")[1])
        .and_then(|raw| optional(&mut errors, "every", &raw, str::parse));
    if errors.is_empty() {
        let edit = AuditEdit { answers, at: replacing(field("at")[0], field("at")[1]), every };
        match web.app.edit_audit(&id, edit).await {
            Ok(saved) => return Ok(Redirect::to(&format!("/domains/{}", saved.domain)).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::AuditTime), "at"),
                    (Concern::Field(mastery_domain::Field::Date), "at"),
                ],
            )?,
        }
    }
    Ok(refused(audit_page(&web, &a, &form, &errors).await?))
}

// ---------------------------------------------------------------------------------------------
// A check-in.

pub(super) fn checkin_form_of(c: &CheckinView) -> CheckinForm {
    let text = |v: Option<String>| v.unwrap_or_default();
    CheckinForm {
        sleep: text(c.sleep_hours.map(|h| h.to_string())),
        exercise: text(c.exercise_minutes.map(|m| m.to_string())),
        energy: text(c.energy.map(|v| v.to_string())),
        stress: text(c.stress.map(|v| v.to_string())),
        mood: text(c.mood.map(|v| v.to_string())),
    }
}

fn checkin_page(token: &str, c: &CheckinView, form: &CheckinForm, errors: &Errors) -> Markup {
    let action = format!("/checkins/{}/edit", c.id);
    let fields = html! {
        p.muted { "A measure left blank is cleared; one at least is kept." }
        (measure_fields(errors, form))
    };
    let title = format!("Edit the check-in of {}", c.on);
    edit_page(token, errors, EditPage { title: &title, action: &action, back: "/checkins", fields })
}

async fn checkin<S: WebStore>(web: &Web<S>, id: &str) -> Result<CheckinView, WebError> {
    find(web.app.checkins().await, id, |c| c.id.to_string(), "check-in")
}

pub async fn checkin_form<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Page {
    let c = checkin(&web, &id).await?;
    Ok(checkin_page(web.token(), &c, &checkin_form_of(&c), &Errors::default()))
}

pub async fn edit_checkin<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Form(form): Form<CheckinForm>,
) -> Result<Response, WebError> {
    let c = checkin(&web, &id).await?;
    let mut errors = Errors::default();
    let measures = measures(&mut errors, &form);
    if errors.is_empty() {
        match web.app.edit_checkin(&id, CheckinEdit { measures, all: true }).await {
            Ok(_) => return Ok(Redirect::to("/checkins").into_response()),
            Err(error) => file_error(&mut errors, error, &[])?,
        }
    }
    Ok(refused(checkin_page(web.token(), &c, &form, &errors)))
}
