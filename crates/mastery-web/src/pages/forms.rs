//! What every form shares: reading its fields (blank is absent; a parser's message is filed under
//! its field), the drop-downs' choices, and filing an app error beside the field it concerns, so
//! each page re-shows a refused form with every message in place and nothing stored.

use mastery_app::AppError;
use mastery_app::views::DomainView;
use mastery_domain::measure::{Confidence, Rating};
use mastery_domain::{Field, ValidationError};

use crate::error::WebError;
use crate::layout::Errors;

/// What an app error is about: a value the person typed, or a record a reference named (such as
/// the `domain` a reference did not find, as the app spells the entity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concern {
    Field(Field),
    Entity(&'static str),
}

/// Files an app error under the form field it concerns, or under the whole form; a failure of
/// the system is no validation message and stays an error page. `fields` pairs what an error can
/// be about with the form's field that shows it.
pub fn file_error(errors: &mut Errors, error: AppError, fields: &[(Concern, &'static str)]) -> Result<(), WebError> {
    if !error.is_usage() {
        return Err(WebError::html(error));
    }
    let concern = match &error {
        AppError::Invalid(invalid) => field_of(invalid).map(Concern::Field),
        AppError::NotFound { entity, .. } | AppError::Ambiguous { entity, .. } => Some(Concern::Entity(entity)),
        _ => None,
    };
    let named = concern.and_then(|c| fields.iter().find(|(about, _)| *about == c)).map(|(_, form)| *form);
    errors.add(named.unwrap_or("form"), error.to_string());
    Ok(())
}

/// The field a validation error is about.
fn field_of(error: &ValidationError) -> Option<Field> {
    match error {
        ValidationError::Empty { field }
        | ValidationError::TooLong { field, .. }
        | ValidationError::NoSlug { field }
        | ValidationError::ControlCharacter { field }
        | ValidationError::Choice { field, .. }
        | ValidationError::Rating { field, .. }
        | ValidationError::Minutes { field, .. }
        | ValidationError::Implausible { field, .. } => Some(*field),
        ValidationError::RestDayPast { .. } => Some(Field::RestDay),
        ValidationError::Confidence(_) => Some(Field::Confidence),
        ValidationError::Difficulty(_) => Some(Field::Difficulty),
        ValidationError::TargetSuccess(_) => Some(Field::SuccessTarget),
        ValidationError::Target(_) => Some(Field::Target),
        ValidationError::UnitWithoutTarget => Some(Field::Unit),
        ValidationError::Date { .. } | ValidationError::PastDeadline { .. } => Some(Field::Date),
        ValidationError::Sleep(_) => Some(Field::Sleep),
        ValidationError::IfThen(_) => Some(Field::IfThenPlan),
        ValidationError::Week(_) => Some(Field::Week),
        ValidationError::Month(_) => Some(Field::Month),
        ValidationError::NotControllable(_) => Some(Field::Cause),
        // Either answer would do; the message sits beside the first.
        ValidationError::NothingProduced => Some(Field::Effort),
        _ => None,
    }
}

/// `value` percent-encoded for a query string.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A form's text as the app wants it: absent when blank.
pub fn given(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Parses an optional field, filing its error under `field`.
pub fn optional<T, E: ToString>(
    errors: &mut Errors,
    field: &'static str,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<T> {
    let raw = given(raw)?;
    parse(&raw).map_err(|e| errors.add(field, e.to_string())).ok()
}

/// A required field's text; when it is blank, `missing` is filed under `field`.
pub fn required_text(errors: &mut Errors, field: &'static str, raw: &str, missing: &str) -> Option<String> {
    let text = given(raw);
    if text.is_none() {
        errors.add(field, missing);
    }
    text
}

/// Parses a required field, filing under `field` either `missing` (when blank) or the parser's
/// error.
pub fn required<T, E: ToString>(
    errors: &mut Errors,
    field: &'static str,
    raw: &str,
    missing: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<T> {
    let raw = required_text(errors, field, raw, missing)?;
    parse(&raw).map_err(|e| errors.add(field, e.to_string())).ok()
}

/// The choices of a drop-down, after a blank one labelled `blank`.
pub fn choices<T: ToString>(blank: &str, all: &[T]) -> Vec<(String, String)> {
    std::iter::once((String::new(), blank.to_owned()))
        .chain(all.iter().map(|c| (c.to_string(), c.to_string())))
        .collect()
}

/// A 1–5 rating's choices.
pub fn ratings(blank: &str) -> Vec<(String, String)> {
    choices(blank, &Rating::STEPS.map(Rating::value))
}

/// The confidence choices, 0–100% in steps of 10, after a blank one when `blank` is given.
pub fn confidences(blank: Option<&str>) -> Vec<(String, String)> {
    let blank = blank.map(|b| (String::new(), b.to_owned()));
    let steps = Confidence::STEPS.iter().map(|c| (c.value().to_string(), format!("{}%", c.value())));
    blank.into_iter().chain(steps).collect()
}

/// The person's domains as a drop-down's choices (slug, name), after a blank one.
pub fn domain_choices(blank: &str, domains: &[DomainView]) -> Vec<(String, String)> {
    std::iter::once((String::new(), blank.to_owned()))
        .chain(domains.iter().map(|d| (d.slug.clone(), d.name.clone())))
        .collect()
}

/// The message for a domain drop-down left at its blank choice.
pub const CHOOSE_DOMAIN: &str = "choose a domain";

/// A domain drop-down's current value: what was sent, else `preferred` (the domain the page
/// shows), else the only domain there is.
pub fn domain_value(sent: &str, preferred: Option<&str>, domains: &[DomainView]) -> String {
    match (sent, preferred, domains) {
        ("", Some(preferred), _) => preferred.to_owned(),
        ("", None, [only]) => only.slug.clone(),
        _ => sent.to_owned(),
    }
}

/// A form of a page with several, as it was filled in and what was wrong with it; blank and
/// without errors when it was not the one sent.
#[derive(Debug, Default)]
pub struct Sent<F> {
    pub form: F,
    pub errors: Errors,
}
