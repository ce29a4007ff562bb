//! Role models and feedback: the people behind two of the four sources of belief. The role models
//! and feedback received (of all domains or one, `?domain=slug`), the source mix of each domain
//! with its gaps, the forms to add a role model and record feedback, and a drafted request for
//! feedback (`/people/request`, a GET: drafting stores nothing).

use std::collections::HashMap;

use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mastery_app::views::{DomainView, FeedbackRequestView, FeedbackView, RoleModelView, SourceMixView};
use mastery_app::{FeedbackRequest, NewFeedback, NewRoleModel};
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::feedback_request::MAX_ATTEMPTS;
use mastery_domain::measure::Rating;
use maud::{Markup, html};
use serde::Deserialize;

use super::revise::delete_button;
use super::sources::{domain_mix, source_label};
use super::{
    CHOOSE_DOMAIN, Page, Sent, after_save, choices, domain_choices, domain_value, file_error, given, optional, ratings,
    required_text,
};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

/// How many recent attempts a request names unless told otherwise, as on the command line.
const REQUEST_ATTEMPTS: usize = 3;

#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    domain: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ModelForm {
    #[serde(default)]
    pub(super) model_domain: String,
    #[serde(default)]
    pub(super) model_name: String,
    #[serde(default)]
    pub(super) model_similarity: String,
    #[serde(default)]
    pub(super) model_process: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    pub(super) feedback_domain: String,
    #[serde(default)]
    pub(super) feedback_from: String,
    #[serde(default)]
    pub(super) feedback_credibility: String,
    #[serde(default)]
    pub(super) feedback_specificity: String,
    #[serde(default)]
    pub(super) feedback_valence: String,
    #[serde(default)]
    pub(super) feedback_text: String,
    #[serde(default)]
    pub(super) feedback_at: String,
}

/// The request form: a GET, so its fields are the query of the link it makes.
#[derive(Debug, Default, Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    domain: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    last: String,
}

/// The page's forms (only the one sent carries values and errors) and the drafted request.
#[derive(Debug, Default)]
struct Forms {
    model: Sent<ModelForm>,
    feedback: Sent<FeedbackForm>,
    request: Sent<RequestForm>,
    draft: Option<FeedbackRequestView>,
}

pub async fn page<S: WebStore>(web: Web<S>, Query(filter): Query<Filter>) -> Page {
    let domain = filter.domain.as_deref().and_then(given);
    render(&web, domain.as_deref(), &Forms::default()).await
}

/// The page again with the sent form's errors beside its fields; nothing was stored.
async fn refused<S: WebStore>(web: &Web<S>, forms: Forms) -> Result<Response, WebError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(web, None, &forms).await?).into_response())
}

async fn render<S: WebStore>(web: &Web<S>, filter: Option<&str>, forms: &Forms) -> Page {
    let app = &web.app;
    let title = "Role models and feedback";
    let all = app.domains(true).await.map_err(WebError::html)?;
    let active: Vec<DomainView> = all.iter().filter(|d| d.archived_at.is_none()).cloned().collect();
    if active.is_empty() {
        return Ok(layout::page(
            title,
            html! {
                p { "Role models and feedback belong to a domain, an area you want to become capable in. "
                    a href="/domains" { "Add a domain" } " first; then add the people who show you it can be done and tell you how you are doing." }
            },
        ));
    }
    let models = app.role_models(filter).await.map_err(WebError::html)?;
    let feedback = app.feedback_received(filter).await.map_err(WebError::html)?;
    let mix = app.source_mix(filter).await.map_err(WebError::html)?;
    let names: HashMap<&str, &str> = all.iter().map(|d| (d.slug.as_str(), d.name.as_str())).collect();
    let name = |slug: &str| names.get(slug).copied().unwrap_or(slug).to_owned();
    // The filter as the slug it resolved to (it may have been typed as a name).
    let shown = mix.domains.first().map(|d| d.domain.as_str()).filter(|_| filter.is_some());
    Ok(layout::page(
        title,
        html! {
            p { "Seeing someone like you succeed, and hearing specific, credible feedback, are two of the four sources of belief in your capability; your own attempts and your state are the others." }
            (layout::domain_filter("/people", &active, shown))
            (models_section(&models, &name, web.token()))
            (feedback_section(&feedback, &name, web.token()))
            (mix_section(&mix, &name))
            (model_form(web, &active, shown, &forms.model))
            (feedback_form(web, &active, shown, &forms.feedback))
            (request_form(&active, shown, &forms.request, forms.draft.as_ref()))
        },
    ))
}

fn models_section(models: &[RoleModelView], name: &impl Fn(&str) -> String, token: &str) -> Markup {
    card(
        "models",
        "Role models",
        html! {
            @if models.is_empty() {
                p { "No role model yet. Add someone similar to you who did what you are working towards, and how they did it: their success is evidence you can do it too." }
            } @else {
                div.table-wrap {
                    table.stack {
                        thead { tr { th scope="col" { "Name" } th scope="col" { "Domain" } th scope="col" { "Similarity to you" } th scope="col" { "How they did it" } th scope="col" { span.visually-hidden { "Action" } } } }
                        tbody {
                            @for m in models {
                                tr {
                                    th scope="row" { (m.name) }
                                    td data-label="Domain" { (name(&m.domain)) }
                                    td data-label="Similarity to you" { (m.similarity.map_or("—".to_owned(), |s| format!("{s} of 5"))) }
                                    td data-label="How they did it" { (m.process.as_deref().unwrap_or("")) }
                                    td { a href=(format!("/models/{}/edit", m.id)) aria-label=(format!("Edit {}", m.name)) { "Edit" }
                                        " " (delete_button(token, "role-model", &m.id.to_string(), &m.name, "/people")) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn feedback_section(feedback: &[FeedbackView], name: &impl Fn(&str) -> String, token: &str) -> Markup {
    card(
        "feedback",
        "Feedback received",
        html! {
            @if feedback.is_empty() {
                p { "No feedback recorded yet. Record what someone told you below, or draft a request for specific feedback on your recent attempts." }
            } @else {
                div.table-wrap {
                    table.stack {
                        thead { tr {
                            th scope="col" { "Received" } th scope="col" { "From" } th scope="col" { "Domain" }
                            th scope="col" { "Kind" } th scope="col" { "Credibility" } th scope="col" { "What they said" } th scope="col" { span.visually-hidden { "Action" } }
                        } }
                        tbody {
                            @for f in feedback.iter().rev() {
                                tr {
                                    td data-label="Received" { (layout::local_day(f.received_at)) }
                                    th scope="row" { (f.from) }
                                    td data-label="Domain" { (name(&f.domain)) }
                                    td data-label="Kind" { (kind(f)) }
                                    td data-label="Credibility" { (f.credibility.map_or("—".to_owned(), |c| format!("{c} of 5"))) }
                                    td data-label="What they said" { (f.text) }
                                    td { a href=(format!("/feedback/{}/edit", f.id)) aria-label=(format!("Edit the feedback from {}", f.from)) { "Edit" }
                                        " " (delete_button(token, "feedback", &f.id.to_string(), &format!("the feedback from {}", f.from), "/people")) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Specific or general, and the tone, as far as they were given.
fn kind(f: &FeedbackView) -> String {
    let words: Vec<&str> =
        [f.specificity.map(Specificity::as_str), f.valence.map(Valence::as_str)].into_iter().flatten().collect();
    if words.is_empty() { "—".to_owned() } else { words.join(", ") }
}

fn mix_section(mix: &SourceMixView, name: &impl Fn(&str) -> String) -> Markup {
    let c = mix.checkins;
    card(
        "sources",
        "Source mix",
        html! {
            p { "Each recorded experience is classed by the way it pushes your belief in your capability: building raises it, eroding lowers it, neutral does neither." }
            @for d in &mix.domains {
                section aria-labelledby=(format!("sources-domain-{}", d.domain)) {
                    h3 id=(format!("sources-domain-{}", d.domain)) { (name(&d.domain)) }
                    (domain_mix(d, &name(&d.domain)))
                }
            }
            p.muted { "Daily check-ins, across all domains: " (c.building) " building, " (c.neutral) " neutral, " (c.eroding) " eroding." }
            details {
                summary { "How each experience is classed" }
                dl { @for r in &mix.rules { dt { (source_label(r.source)) } dd { (r.rule) } } }
            }
        },
    )
}

fn model_form<S: WebStore>(
    web: &Web<S>,
    domains: &[DomainView],
    shown: Option<&str>,
    sent: &Sent<ModelForm>,
) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    card(
        "add-model",
        "Add a role model",
        html! {
            form method="post" action="/people/models" {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "model_domain", label: "Domain", hint: None }
                    .select(errors, &domain_choices("Choose a domain", domains), &domain_value(&form.model_domain, shown, domains)))
                (model_fields(errors, form))
                button type="submit" { "Add the role model" }
            }
        },
    )
}

fn feedback_form<S: WebStore>(
    web: &Web<S>,
    domains: &[DomainView],
    shown: Option<&str>,
    sent: &Sent<FeedbackForm>,
) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    card(
        "add-feedback",
        "Record feedback",
        html! {
            form method="post" action="/people/feedback" {
                (layout::token(web.token()))
                (errors.summary())
                (Field { name: "feedback_domain", label: "Domain", hint: None }
                    .select(errors, &domain_choices("Choose a domain", domains), &domain_value(&form.feedback_domain, shown, domains)))
                (feedback_fields(errors, form))
                button type="submit" { "Save the feedback" }
            }
        },
    )
}

/// A role model's fields (name, similarity, how), to add one or to edit it.
pub(super) fn model_fields(errors: &Errors, form: &ModelForm) -> Markup {
    html! {
        (Field { name: "model_name", label: "Name", hint: Some("Someone who did what you are working towards; for example: Dana (team lead)") }.text(errors, &form.model_name))
        (Field { name: "model_similarity", label: "How similar to you (optional)", hint: Some("1 not at all – 5 very; the more similar, the more their success says about yours.") }
            .select(errors, &ratings("Not given"), &form.model_similarity))
        (Field { name: "model_process", label: "How they did it (optional)", hint: None }.textarea(errors, &form.model_process))
    }
}

/// Feedback's fields (who, what, how it is weighed, when), to record it or to edit it.
pub(super) fn feedback_fields(errors: &Errors, form: &FeedbackForm) -> Markup {
    html! {
        (Field { name: "feedback_from", label: "From", hint: Some("Who gave it; for example: Sam (mentor)") }.text(errors, &form.feedback_from))
        (Field { name: "feedback_text", label: "What they said", hint: None }.textarea(errors, &form.feedback_text))
        (Field { name: "feedback_specificity", label: "Specific or general (optional)", hint: Some("Specific feedback names what you did.") }
            .select(errors, &choices("Not given", Specificity::ALL), &form.feedback_specificity))
        (Field { name: "feedback_valence", label: "Tone (optional)", hint: None }
            .select(errors, &choices("Not given", Valence::ALL), &form.feedback_valence))
        (Field { name: "feedback_credibility", label: "How credible they are in this domain (optional)", hint: Some("1 hardly – 5 highly") }
            .select(errors, &ratings("Not given"), &form.feedback_credibility))
        (Field { name: "feedback_at", label: "When (optional)", hint: Some("Now when left blank; or, for example, yesterday or 2026-11-20.") }.text(errors, &form.feedback_at))
    }
}

fn request_form(
    domains: &[DomainView],
    shown: Option<&str>,
    sent: &Sent<RequestForm>,
    draft: Option<&FeedbackRequestView>,
) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    let counts: Vec<(String, String)> = (1..=MAX_ATTEMPTS).map(|n| (n.to_string(), n.to_string())).collect();
    let last = given(&form.last).unwrap_or_else(|| REQUEST_ATTEMPTS.to_string());
    card(
        "request",
        "Draft a feedback request",
        html! {
            p.muted { "A message asking for specific feedback on your latest recorded attempts, to copy into an email or a chat. Nothing is sent or stored." }
            form method="get" action="/people/request#request-heading" {
                (errors.summary())
                (Field { name: "domain", label: "Domain", hint: None }
                    .select(errors, &domain_choices("Choose a domain", domains), &domain_value(&form.domain, shown, domains)))
                (Field { name: "to", label: "To (optional)", hint: Some("Whose judgement you trust; the greeting uses their name.") }.text(errors, &form.to))
                (Field { name: "last", label: "Attempts to name", hint: None }.select(errors, &counts, &last))
                button type="submit" { "Draft the request" }
            }
            @if let Some(draft) = draft {
                div.field {
                    label for="draft" { "Your request, to copy" }
                    textarea id="draft" readonly rows="12" { (draft.text) }
                }
            }
        },
    )
}

pub async fn add_model<S: WebStore>(web: Web<S>, Form(form): Form<ModelForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let domain = required_text(&mut errors, "model_domain", &form.model_domain, CHOOSE_DOMAIN);
    let similarity = optional(&mut errors, "model_similarity", &form.model_similarity, |r| {
        Rating::parse(mastery_domain::Field::Similarity, r)
    });
    if let (Some(domain), true) = (domain, errors.is_empty()) {
        let input =
            NewRoleModel { domain, name: form.model_name.clone(), similarity, process: given(&form.model_process) };
        match web.app.add_role_model(input).await {
            Ok(saved) => {
                let typed = [form.model_name.as_str(), form.model_process.as_str()];
                return Ok(after_save(typed, &format!("/people?domain={}", saved.domain)).into_response());
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Entity("domain"), "model_domain"),
                    (Concern::Field(mastery_domain::Field::RoleModelName), "model_name"),
                    (Concern::Field(mastery_domain::Field::Process), "model_process"),
                ],
            )?,
        }
    }
    refused(&web, Forms { model: Sent { form, errors }, ..Forms::default() }).await
}

pub async fn add_feedback<S: WebStore>(web: Web<S>, Form(form): Form<FeedbackForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let domain = required_text(&mut errors, "feedback_domain", &form.feedback_domain, CHOOSE_DOMAIN);
    let credibility = optional(&mut errors, "feedback_credibility", &form.feedback_credibility, |r| {
        Rating::parse(mastery_domain::Field::Credibility, r)
    });
    let specificity = optional(&mut errors, "feedback_specificity", &form.feedback_specificity, str::parse);
    let valence = optional(&mut errors, "feedback_valence", &form.feedback_valence, str::parse);
    if let (Some(domain), true) = (domain, errors.is_empty()) {
        let input = NewFeedback {
            domain,
            from: form.feedback_from.clone(),
            credibility,
            specificity,
            valence,
            text: form.feedback_text.clone(),
            at: given(&form.feedback_at),
        };
        match web.app.add_feedback(input).await {
            Ok(saved) => {
                let typed = [form.feedback_from.as_str(), form.feedback_text.as_str()];
                return Ok(after_save(typed, &format!("/people?domain={}", saved.domain)).into_response());
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Entity("domain"), "feedback_domain"),
                    (Concern::Field(mastery_domain::Field::FeedbackGiver), "feedback_from"),
                    (Concern::Field(mastery_domain::Field::FeedbackText), "feedback_text"),
                    (Concern::Field(mastery_domain::Field::FeedbackTime), "feedback_at"),
                    (Concern::Field(mastery_domain::Field::Date), "feedback_at"),
                ],
            )?,
        }
    }
    refused(&web, Forms { feedback: Sent { form, errors }, ..Forms::default() }).await
}

/// Drafts a request and shows it on the page; nothing is stored, so this is a GET.
pub async fn request<S: WebStore>(web: Web<S>, Query(form): Query<RequestForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let domain = required_text(&mut errors, "domain", &form.domain, CHOOSE_DOMAIN);
    let last = optional(&mut errors, "last", &form.last, |raw| {
        raw.parse()
            .ok()
            .filter(|n| (1..=MAX_ATTEMPTS).contains(n))
            .ok_or(format!("the number of attempts to name must be a whole number from 1 to {MAX_ATTEMPTS}; got {raw}"))
    });
    if let (Some(domain), true) = (domain, errors.is_empty()) {
        let input = FeedbackRequest { domain, to: given(&form.to), last: last.unwrap_or(REQUEST_ATTEMPTS) };
        match web.app.request_feedback(input).await {
            Ok(draft) => {
                let forms = Forms { request: Sent { form, errors }, draft: Some(draft), ..Forms::default() };
                return Ok(render(&web, None, &forms).await?.into_response());
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Entity("domain"), "domain"),
                    (Concern::Field(mastery_domain::Field::RequestRecipient), "to"),
                ],
            )?,
        }
    }
    refused(&web, Forms { request: Sent { form, errors }, ..Forms::default() }).await
}
