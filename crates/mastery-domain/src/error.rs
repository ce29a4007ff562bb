//! Validation failures, worded for the person who typed the value.
//!
//! Every variant says what was wrong and, where it helps, how to fix it, because these messages
//! reach the terminal and the browser unchanged: so they name no flag or command, and an
//! interface adds its own (the CLI's `hints.rs`).

use thiserror::Error;

use crate::Field;

/// A value that breaks one of the domain's rules. Nothing is stored when one is returned.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ValidationError {
    #[error("'{0}' cannot be a username: use 3 to 32 letters, digits, dots, dashes or underscores")]
    Username(String),

    #[error("that password will not do: {0}")]
    Password(String),

    #[error("{field} must not be empty")]
    Empty { field: Field },

    #[error("{field} is too long ({len} characters); keep it under {max}")]
    TooLong { field: Field, len: usize, max: usize },

    #[error("{field} contains a control character (such as a terminal escape code); type it as plain text")]
    ControlCharacter { field: Field },

    #[error("{field} must contain at least one letter or digit")]
    NoSlug { field: Field },

    #[error("confidence must be 0–100 in steps of 10 (0, 10, 20, …, 100); got {0}")]
    Confidence(String),

    #[error("{field} must be a whole number from 1 to 5; got {value}")]
    Rating { field: Field, value: String },

    #[error("sleep must be a number of hours from 0 to 24; got {0}")]
    Sleep(String),

    #[error("{field} must be a whole number of minutes from {min} to {max}; got {value}")]
    Minutes { field: Field, value: String, min: u32, max: u32 },

    #[error("difficulty must be a number from 1 to 10; got {0}")]
    Difficulty(String),

    #[error("the target success rate must be between 70% and 90% (0.70–0.90, or 70–90); got {0}")]
    TargetSuccess(String),

    #[error("target must be a positive number; got {0}")]
    Target(String),

    #[error("unknown {field} '{value}'; use one of: {allowed}")]
    Choice { field: Field, value: String, allowed: &'static str },

    #[error(
        "could not read '{input}' as a date or time: {why}. Use ISO 8601 (2026-11-20, 2026-11-20T18:00) or a form like today, yesterday 18:00, mon, 3 days ago"
    )]
    Date { input: String, why: String },

    #[error("{field} {value} is not plausible: {why}")]
    Implausible { field: Field, value: String, why: String },

    #[error("a unit needs a target to count in it (for example a target of 10 in km)")]
    UnitWithoutTarget,

    #[error("this attempt already has an outcome, recorded at {0}; log a new attempt instead")]
    AlreadyRecorded(String),

    #[error("the deadline {deadline} has already passed (today is {today}); give today or a later date")]
    PastDeadline { deadline: String, today: String },

    #[error("an outcome cannot be recorded before its forecast ({planned} is after {recorded})")]
    RecordedBeforePlanned { planned: String, recorded: String },

    #[error("line {line}: {problem}")]
    Scale { line: usize, problem: String },

    #[error("line {line}: {problem}")]
    AnswersFile { line: usize, problem: String },

    #[error("answer {position} ('{value}') {why}")]
    Answer { position: usize, value: String, why: &'static str },

    #[error(
        "scale '{scale}' has {expected} items but {got} answers were given; give one rating (0–100 in steps of 10) per item, in the scale's order, easy to hard"
    )]
    AnswerCount { scale: String, expected: usize, got: usize },

    #[error(
        "could not read '{0}' as a re-audit interval; use monthly, weekly, or a count of days, weeks or months from 1 day to 12 months (30d, 2w, 3m, \"6 weeks\")"
    )]
    Every(String),
    #[error(
        "an if–then plan names a moment and what you will do then, as \"If <moment>, then I will <action>\" (for example \"If I blank on a slide, then I will glance at my one-line notes\"); got '{0}'"
    )]
    IfThen(String),

    #[error("a plan for next time needs a cause you can change: effort, strategy or preparation; got '{0}'")]
    NotControllable(String),

    #[error("unknown day '{0}'; list days as mon,tue,wed,thu,fri,sat,sun (or daily, weekdays)")]
    Weekday(String),

    #[error("a rest day is declared in advance, so a past day ({day}) cannot become one; today is {today}")]
    RestDayPast { day: String, today: String },

    #[error("could not read '{0}' as a week; use ISO weeks like 2026-W47 (or this, last)")]
    Week(String),

    #[error("could not read '{0}' as a month; use 2026-11 (or this, last)")]
    Month(String),

    #[error("an answer is KEY=TEXT with KEY one of {allowed}; got '{got}'")]
    ReviewAnswer { got: String, allowed: String },

    #[error("program template: {0}")]
    Program(String),

    #[error("a check-in needs at least one measure: sleep, exercise, stress, energy or mood")]
    EmptyCheckin,

    #[error("say what produced it: the effort you put in, the strategy that worked, or both")]
    NothingProduced,

    #[error("this attempt has no outcome yet; record how it went first")]
    NoOutcomeYet,

    #[error("{0}")]
    Refused(&'static str),
}
