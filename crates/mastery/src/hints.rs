//! The command line's own words after the app's. The app says what was wrong and how to fix it
//! in words that fit a form as well as a terminal ("feedback giver must not be empty"); here the
//! terminal adds what only it has — the flag or the command that does the fix — as a `hint:`
//! line under the error, or after a source-mix gap.

use std::fmt;

use mastery_app::{AppError, Refusal};
use mastery_domain::Field;
use mastery_domain::ValidationError;
use mastery_domain::source_mix::Source;

/// A refusal with the hint of the command that met it, for refusals whose fix only that
/// command knows.
#[derive(Debug)]
pub struct Hinted {
    pub error: AppError,
    hint: String,
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for Hinted {}

/// Adds `hint` to an [`AppError::Refused`] of `kind`; every other error is left as it is.
pub fn on_refusal(kind: Refusal, hint: impl Into<String>) -> impl FnOnce(AppError) -> anyhow::Error {
    move |error| match error {
        AppError::Refused { kind: refused, .. } if refused == kind => Hinted { error, hint: hint.into() }.into(),
        other => other.into(),
    }
}

/// A usage error of the command line itself (exit code 2), with the hint that fixes it.
pub fn usage(message: &str, hint: &str) -> anyhow::Error {
    Hinted { error: AppError::refused(message.to_owned()), hint: hint.to_owned() }.into()
}

/// A failure that is not the person's input (exit code 1), with what they can do about it.
pub fn runtime(error: AppError, hint: &str) -> anyhow::Error {
    Hinted { error, hint: hint.to_owned() }.into()
}

/// The hint for an error: the one its command gave, else the one for its kind, if any.
pub fn for_error(error: &anyhow::Error) -> Option<String> {
    error.chain().find_map(|cause| {
        if let Some(hinted) = cause.downcast_ref::<Hinted>() {
            Some(hinted.hint.clone())
        } else if let Some(app) = cause.downcast_ref::<AppError>() {
            of_app(app)
        } else {
            cause.downcast_ref::<ValidationError>().and_then(of_validation)
        }
    })
}

fn of_app(error: &AppError) -> Option<String> {
    match error {
        AppError::Invalid(invalid) => of_validation(invalid),
        AppError::NotFound { entity, .. } => of_entity(entity).map(str::to_owned),
        _ => None,
    }
}

/// The flag that carries a refused value, or the command that helps.
fn of_validation(error: &ValidationError) -> Option<String> {
    Some(match error {
        ValidationError::Empty { field } | ValidationError::TooLong { field, .. } => match *field {
            Field::FeedbackGiver => "give who it was from with --from NAME".to_owned(),
            Field::RequestRecipient => "give their name with --to NAME, or leave --to out".to_owned(),
            _ => return None,
        },
        ValidationError::EmptyCheckin => "give --sleep, --exercise, --stress, --energy or --mood".to_owned(),
        ValidationError::NothingProduced => {
            "--effort \"what you put in\" and/or --strategy \"what you did\"".to_owned()
        }
        ValidationError::NoOutcomeYet => "record it first with `mastery attempt record`".to_owned(),
        ValidationError::UnitWithoutTarget => {
            "give --target with --unit (for example --target 10 --unit km)".to_owned()
        }
        ValidationError::AnswerCount { scale, .. } => format!("`mastery scale show {scale}` lists the items"),
        _ => return None,
    })
}

/// Where to look up, or how to create, what a reference did not find.
fn of_entity(entity: &str) -> Option<&'static str> {
    Some(match entity {
        "domain" => "`mastery domain list` shows your domains; `mastery domain add NAME` creates one",
        "goal" => "`mastery goal list` shows your goals; `mastery goal add DOMAIN STATEMENT` creates one",
        "challenge" => {
            "`mastery ladder GOAL` shows a goal's challenges; `mastery challenge add GOAL TITLE` creates one"
        }
        "attempt" => "`mastery attempt list` shows ids; `mastery attempt plan` starts one",
        "failure or partial" => "`mastery attempt list` shows your attempts",
        "scale" => "pick one with --scale (`mastery scale list`) or write your own (`mastery scale import FILE.toml`)",
        "celebration" => "`mastery celebrations` lists them with their ids",
        "program" => "`mastery program start 30-day-experiment --domain DOMAIN` starts one",
        _ => return None,
    })
}

/// The command that fills a gap in `domain`'s source mix, where one does.
pub fn for_gap(source: Source, missing: bool, domain: &str) -> Option<String> {
    match (source, missing) {
        (Source::Mastery, true) => Some("`mastery attempt plan CHALLENGE --confidence N` starts one".to_owned()),
        (Source::Vicarious, true) => Some(format!("`mastery model add NAME --domain {domain}` adds one")),
        (Source::Persuasion, _) => Some(format!("`mastery feedback request --domain {domain}` drafts a request")),
        (Source::Physiological, true) => {
            Some("add --sleep, --stress and --energy to `mastery attempt plan`".to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_gets_the_flag_or_command_that_fixes_it() {
        let giver = anyhow::Error::from(AppError::Invalid(ValidationError::Empty { field: Field::FeedbackGiver }));
        assert_eq!(for_error(&giver).as_deref(), Some("give who it was from with --from NAME"));
        let checkin = anyhow::Error::from(ValidationError::EmptyCheckin);
        assert!(for_error(&checkin).is_some_and(|h| h.contains("--sleep")));
        let missing = AppError::NotFound { entity: "domain", reference: "x".into(), hint: String::new() };
        assert!(for_error(&missing.into()).is_some_and(|h| h.contains("mastery domain add")));
        let other = anyhow::Error::from(AppError::Invalid(ValidationError::Empty { field: Field::GoalStatement }));
        assert_eq!(for_error(&other), None, "no hint where the message says it all");
    }

    #[test]
    fn a_commands_own_hint_goes_with_its_refusals_only() {
        let not_empty = || AppError::refused_as(Refusal::NotEmpty, "the store already has data");
        let refused = on_refusal(Refusal::NotEmpty, "use a fresh --data-dir")(not_empty());
        assert_eq!(refused.to_string(), "the store already has data");
        assert_eq!(for_error(&refused).as_deref(), Some("use a fresh --data-dir"));
        let other_kind = on_refusal(Refusal::NoRungs, "unused")(not_empty());
        assert_eq!(for_error(&other_kind), None, "a refusal of another kind keeps no hint of this one");
        let conflict =
            on_refusal(Refusal::NotEmpty, "unused")(AppError::Conflict { entity: "domain", key: "x".into() });
        assert_eq!(for_error(&conflict), None);
    }
}
