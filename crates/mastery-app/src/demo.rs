//! `mastery demo`: three months of someone using Mastery, written into an empty store so that a
//! newcomer (or a developer) can explore ladders, the evidence file, calibration and state insights
//! with data that behaves like real data before they have any of their own.
//!
//! The history comes from a small simulated learner per domain rather than from fixed fixtures,
//! because the analyses look for patterns across many attempts: ability that grows with practice,
//! forecasts that start too low and become calibrated (most people under-predict themselves),
//! confidence that dips after short nights while results barely move, and the low-efficacy
//! explanations (success → luck, failure → "no ability") fading with experience.
//!
//! The simulation is a pure function of the seed and "now", so a seed always tells the same story;
//! only the ids, minted by the app, differ between runs. Everything is then written through the
//! app's public methods, so the demo obeys exactly the rules a person's own input does.

mod practice;
mod script;
mod simulation;
#[cfg(test)]
mod tests;
mod writer;
