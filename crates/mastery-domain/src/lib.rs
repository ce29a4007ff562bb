//! The pure core of Mastery: what a domain, goal, challenge and attempt *are*, the rules that keep
//! them valid, and (in later modules) every number the product computes.
//!
//! This crate performs no IO, starts no runtime and never reads the clock: the current time is
//! always passed in. That keeps every rule testable with fixed inputs and lets the CLI, the web
//! app and every storage backend share exactly one definition of each concept.

pub mod account;
pub mod attempt;
pub mod attribution;
pub mod audit;
pub mod calibration;
pub mod celebration;
pub mod challenge;
pub mod change;
pub mod checkin;
mod choice;
pub mod cohort;
pub mod domain;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod explanation;
pub mod feedback;
pub mod feedback_request;
pub mod field;
#[cfg(test)]
mod fixtures;
#[doc(hidden)]
pub mod fuzzing;
pub mod goal;
pub mod ids;
pub mod insights;
pub mod ladder;
pub mod measure;
pub mod practice;
pub mod program;
pub mod reattribution;
pub mod record;
pub mod review;
pub mod role_model;
pub mod safety;
pub mod scale;
pub mod sharing;
pub mod source_mix;
pub mod stats;
pub mod success;
pub mod text;
pub mod when;

pub use error::ValidationError;
pub use field::Field;
