//! The four sources of efficacy (Bandura) and whether each recorded experience built belief or
//! eroded it, so a person can see the balance per domain — and the gaps, such as no role model
//! yet for public speaking.
//!
//! The rules, shown to the user as [`RULES`]:
//! - **Mastery** (recorded attempts): a success builds; a partial is neutral; a failure is
//!   neutral when explained by a controllable cause or followed by a plan for next time (a
//!   setback with a lesson), and erodes otherwise.
//! - **Vicarious** (role models): a model of similarity 3–5, or unrated, builds; a dissimilar
//!   one (1–2) is neutral, since seeing someone unlike me succeed says little about me.
//! - **Persuasion** (feedback): positive feedback builds unless its giver's credibility is 1–2
//!   (neutral); negative feedback erodes when general and is neutral when specific (it says what
//!   to change); mixed feedback builds when specific and is neutral otherwise; feedback without
//!   a valence is neutral.
//! - **Physiological** (the state before an attempt in the domain; daily check-ins count in the
//!   mix across all domains): a strained state — sleep under 7 h, stress 4–5, energy 1–2 or mood
//!   1–2 — erodes, because it is easily read as incapacity; a vigorous one — energy or mood 4–5
//!   and nothing strained — builds; anything else is neutral.

use serde::Serialize;

use crate::attempt::{Control, Outcome, RecordedFacts, State};
use crate::checkin::Measures;
use crate::choice::choice;
use crate::feedback::{Feedback, Specificity, Valence};
use crate::measure::Rating;
use crate::role_model::RoleModel;

/// Below this many hours of sleep a night counts as short (adults are advised at least 7).
pub const SHORT_NIGHT_HOURS: f64 = 7.0;
/// Stress at or above this rating (of 5) counts as high.
pub const HIGH_STRESS: u8 = 4;
/// Energy at or below this rating (of 5) counts as low.
pub const LOW_ENERGY: u8 = 2;

choice! {
    /// Where belief in one's capability comes from.
    Source, Source {
        /// One's own attempts.
        Mastery => "mastery",
        /// Seeing similar people succeed.
        Vicarious => "vicarious",
        /// Being told, specifically and credibly, that one can.
        Persuasion => "persuasion",
        /// Reading one's body and mood.
        Physiological => "physiological",
    }
}

choice! {
    /// Which way an experience pushes belief.
    Push, Effect { Building => "building", Neutral => "neutral", Eroding => "eroding" }
}

/// The classing rules in words, one per source.
pub const RULES: &[(Source, &str)] = &[
    (
        Source::Mastery,
        "A success builds; a partial is neutral; a failure is neutral when explained by a controllable cause or followed by a plan for next time, and erodes otherwise.",
    ),
    (Source::Vicarious, "A role model of similarity 3–5 (or unrated) builds; a dissimilar one (1–2) is neutral."),
    (
        Source::Persuasion,
        "Positive feedback builds unless its giver's credibility is 1–2 (neutral); negative feedback erodes when general and is neutral when specific; mixed feedback builds when specific, else neutral; no valence is neutral.",
    ),
    (
        Source::Physiological,
        "A strained state (sleep under 7 h, stress 4–5, energy 1–2 or mood 1–2) erodes; a vigorous one (energy or mood 4–5, nothing strained) builds; anything else is neutral.",
    ),
];

/// How a recorded attempt pushes belief.
pub fn attempt_push(attempt: &RecordedFacts, has_plan: bool) -> Push {
    match attempt.outcome {
        Outcome::Success => Push::Building,
        Outcome::Partial => Push::Neutral,
        Outcome::Failure if has_plan || attempt.control == Some(Control::Controllable) => Push::Neutral,
        Outcome::Failure => Push::Eroding,
    }
}

pub fn role_model_push(model: &RoleModel) -> Push {
    match model.similarity.map(Rating::value) {
        Some(1 | 2) => Push::Neutral,
        _ => Push::Building,
    }
}

pub fn feedback_push(feedback: &Feedback) -> Push {
    let specific = feedback.specificity == Some(Specificity::Specific);
    let credible = feedback.credibility.is_none_or(|c| c.value() >= 3);
    match feedback.valence {
        Some(Valence::Positive) if credible => Push::Building,
        Some(Valence::Negative) if !specific => Push::Eroding,
        Some(Valence::Mixed) if specific => Push::Building,
        _ => Push::Neutral,
    }
}

/// How a state before an attempt pushes belief; `None` when nothing was measured.
pub fn state_push(state: &State) -> Option<Push> {
    body_push(Body {
        sleep_hours: state.sleep_hours.map(|s| s.hours()),
        stress: state.stress,
        energy: state.energy,
        mood: None,
    })
}

/// How a daily check-in pushes belief; `None` when it holds none of sleep, stress, energy, mood.
pub fn checkin_push(measures: &Measures) -> Option<Push> {
    body_push(Body {
        sleep_hours: measures.sleep_hours.map(|s| s.hours()),
        stress: measures.stress,
        energy: measures.energy,
        mood: measures.mood,
    })
}

/// The physiological measures the rule reads.
#[derive(Debug, Clone, Copy)]
struct Body {
    sleep_hours: Option<f64>,
    stress: Option<Rating>,
    energy: Option<Rating>,
    mood: Option<Rating>,
}

fn body_push(body: Body) -> Option<Push> {
    let value = |r: Option<Rating>| r.map(Rating::value);
    let (stress, energy, mood) = (value(body.stress), value(body.energy), value(body.mood));
    if body.sleep_hours.is_none() && stress.is_none() && energy.is_none() && mood.is_none() {
        return None;
    }
    let strained = body.sleep_hours.is_some_and(|h| h < SHORT_NIGHT_HOURS)
        || stress.is_some_and(|s| s >= HIGH_STRESS)
        || energy.is_some_and(|e| e <= LOW_ENERGY)
        || mood.is_some_and(|m| m <= 2);
    let vigorous = energy.is_some_and(|e| e >= 4) || mood.is_some_and(|m| m >= 4);
    Some(match (strained, vigorous) {
        (true, _) => Push::Eroding,
        (false, true) => Push::Building,
        (false, false) => Push::Neutral,
    })
}

/// Experiences of one source, by the way they push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceCount {
    pub source: Source,
    pub building: u32,
    pub neutral: u32,
    pub eroding: u32,
}

impl SourceCount {
    pub fn total(self) -> u32 {
        self.building + self.neutral + self.eroding
    }
}

/// The experiences of each source, in the order of [`Source::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SourceMix(Vec<SourceCount>);

impl Default for SourceMix {
    fn default() -> Self {
        Self(Source::ALL.iter().map(|&source| SourceCount { source, building: 0, neutral: 0, eroding: 0 }).collect())
    }
}

impl SourceMix {
    pub fn add(&mut self, source: Source, push: Push) {
        if let Some(count) = self.0.iter_mut().find(|c| c.source == source) {
            match push {
                Push::Building => count.building += 1,
                Push::Neutral => count.neutral += 1,
                Push::Eroding => count.eroding += 1,
            }
        }
    }

    pub fn counts(&self) -> &[SourceCount] {
        &self.0
    }

    /// The experiences of one source.
    pub fn count(&self, source: Source) -> SourceCount {
        self.0.iter().copied().find(|c| c.source == source).unwrap_or(SourceCount {
            source,
            building: 0,
            neutral: 0,
            eroding: 0,
        })
    }

    /// The gaps in this domain's mix: a source with no experience yet, or one with at least
    /// three experiences that mostly eroded belief. (A strained state is left to the state
    /// insights, which say whether it really goes with worse results.)
    pub fn gaps(&self, domain: &str) -> Vec<Gap> {
        self.0
            .iter()
            .filter_map(|count| {
                let statement = if count.total() == 0 {
                    missing(count.source, domain)
                } else if count.total() >= 3 && 2 * count.eroding > count.total() {
                    eroding(*count, domain)?
                } else {
                    return None;
                };
                Some(Gap { source: count.source, statement, experiences: count.total() as usize })
            })
            .collect()
    }
}

/// A gap in a domain's mix, named to the person as an insight: a source with no experience yet,
/// or one whose experiences mostly eroded belief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub source: Source,
    /// What to do about it, naming the domain.
    pub statement: String,
    /// The experiences of the source counted: none for a missing source.
    pub experiences: usize,
}

/// Whether a domain's gaps are worth naming: someone is working on it, with a goal not yet
/// reached or attempts recorded. A domain that only holds a baseline audit lacks every source by
/// definition; naming four gaps for each such domain would bury the gaps of the domains in use.
pub fn gaps_apply(open_goals: usize, recorded_attempts: usize) -> bool {
    open_goals > 0 || recorded_attempts > 0
}

fn missing(source: Source, domain: &str) -> String {
    match source {
        Source::Mastery => format!(
            "No attempts recorded yet in {domain}: your own experience is the strongest source of belief. Plan an attempt on one of its rungs, with how confident you are, to start."
        ),
        Source::Vicarious => format!(
            "No role model yet for {domain}: someone similar to you who did it, and how. Adding one fills this gap."
        ),
        Source::Persuasion => format!(
            "No feedback recorded yet for {domain}. Ask someone whose judgement you trust for specific feedback; a drafted request names your recent attempts."
        ),
        Source::Physiological => format!(
            "No state recorded before attempts in {domain}: noting sleep, stress and energy before you try is how you learn to read your body's signals. Note them when you plan an attempt."
        ),
    }
}

fn eroding(count: SourceCount, domain: &str) -> Option<String> {
    let (eroding, total) = (count.eroding, count.total());
    Some(match count.source {
        Source::Mastery => format!(
            "{eroding} of {} in {domain} eroded belief: a step back to an easier rung, and a plan for next time after each setback, turn failures into lessons.",
            crate::text::count(total, "attempt", "attempts")
        ),
        Source::Vicarious => {
            format!(
                "{eroding} of {} for {domain} eroded belief; look for someone more like you.",
                crate::text::count(total, "role model", "role models")
            )
        }
        Source::Persuasion => format!(
            "{eroding} of {} in {domain} {} general criticism; specific feedback from someone credible says what to change, so ask for it with a specific request.",
            crate::text::count(total, "piece of feedback", "pieces of feedback"),
            crate::text::noun(eroding, "was", "were")
        ),
        Source::Physiological => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::Field;
    use jiff::Timestamp;
    use uuid::Uuid;

    use super::*;
    use crate::attempt::{Attempt, Attribution, Cause};
    use crate::fixtures::attempt;
    use crate::ids::{DomainId, FeedbackId, RoleModelId};
    use crate::measure::SleepHours;
    use crate::text::Name;

    fn rating(v: u8) -> Option<Rating> {
        Some(Rating::new(Field::Rating, v).unwrap())
    }

    fn feedback(valence: Option<Valence>, specificity: Option<Specificity>, credibility: Option<u8>) -> Feedback {
        Feedback {
            id: FeedbackId::from_uuid(Uuid::nil()),
            domain_id: DomainId::from_uuid(Uuid::nil()),
            from: Name::parse(Field::From, "Sam").unwrap(),
            credibility: credibility.and_then(rating),
            specificity,
            valence,
            text: "…".into(),
            received_at: Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn gaps_apply_to_a_domain_in_use_only() {
        assert!(!gaps_apply(0, 0), "a baseline-only domain");
        assert!(gaps_apply(1, 0), "a goal not yet reached");
        assert!(gaps_apply(0, 3), "attempts recorded, its goal reached");
    }

    #[test]
    fn attempts_follow_the_mastery_rule() {
        let a = || attempt("2026-01-01", 50);
        let push = |attempt: Attempt, has_plan| attempt.facts().map(|facts| attempt_push(&facts, has_plan));
        assert_eq!(push(a(), false), None, "a planned attempt has not happened");
        assert_eq!(push(a().success(Cause::Luck), false), Some(Push::Building));
        let partial = a().with(Outcome::Partial, Attribution::default());
        assert_eq!(push(partial, false), Some(Push::Neutral));
        assert_eq!(push(a().failure(Cause::Ability), false), Some(Push::Eroding));
        assert_eq!(push(a().failure(Cause::Ability), true), Some(Push::Neutral), "a plan follows");
        assert_eq!(push(a().failure(Cause::Strategy), false), Some(Push::Neutral));
        assert_eq!(push(a().failure(Cause::Luck), false), Some(Push::Eroding));
    }

    #[test]
    fn feedback_follows_the_persuasion_rule() {
        use Specificity::*;
        use Valence::*;
        assert_eq!(feedback_push(&feedback(Some(Positive), None, None)), Push::Building);
        assert_eq!(feedback_push(&feedback(Some(Positive), Some(General), Some(2))), Push::Neutral);
        assert_eq!(feedback_push(&feedback(Some(Negative), Some(General), Some(5))), Push::Eroding);
        assert_eq!(feedback_push(&feedback(Some(Negative), None, None)), Push::Eroding);
        assert_eq!(feedback_push(&feedback(Some(Negative), Some(Specific), Some(5))), Push::Neutral);
        assert_eq!(feedback_push(&feedback(Some(Mixed), Some(Specific), None)), Push::Building);
        assert_eq!(feedback_push(&feedback(Some(Mixed), Some(General), None)), Push::Neutral);
        assert_eq!(feedback_push(&feedback(None, Some(Specific), Some(5))), Push::Neutral);
    }

    #[test]
    fn role_models_build_unless_dissimilar() {
        let model = |similarity: Option<u8>| RoleModel {
            id: RoleModelId::from_uuid(Uuid::nil()),
            domain_id: DomainId::from_uuid(Uuid::nil()),
            name: Name::parse(Field::Name, "Dana").unwrap(),
            similarity: similarity.and_then(rating),
            process: None,
            created_at: Timestamp::UNIX_EPOCH,
        };
        assert_eq!(role_model_push(&model(None)), Push::Building);
        assert_eq!(role_model_push(&model(Some(3))), Push::Building);
        assert_eq!(role_model_push(&model(Some(2))), Push::Neutral);
    }

    #[test]
    fn states_and_checkins_follow_the_physiological_rule() {
        let sleep = |h: f64| Some(SleepHours::new(h).unwrap());
        assert_eq!(state_push(&State::default()), None);
        assert_eq!(state_push(&State { sleep_hours: sleep(6.9), ..State::default() }), Some(Push::Eroding));
        assert_eq!(state_push(&State { sleep_hours: sleep(7.0), ..State::default() }), Some(Push::Neutral));
        let strained = State { sleep_hours: sleep(8.0), energy: rating(5), stress: rating(4) };
        assert_eq!(state_push(&strained), Some(Push::Eroding), "strain wins over vigour");
        assert_eq!(state_push(&State { energy: rating(4), ..State::default() }), Some(Push::Building));
        assert_eq!(checkin_push(&Measures { mood: rating(2), ..Measures::default() }), Some(Push::Eroding));
        assert_eq!(checkin_push(&Measures { mood: rating(5), ..Measures::default() }), Some(Push::Building));
        assert_eq!(checkin_push(&Measures { exercise_minutes: Some(30), ..Measures::default() }), None);
    }

    #[test]
    fn gaps_name_missing_and_mostly_eroding_sources() {
        let mut mix = SourceMix::default();
        for push in [Push::Building, Push::Eroding, Push::Neutral] {
            mix.add(Source::Mastery, push);
        }
        for push in [Push::Eroding, Push::Eroding, Push::Building] {
            mix.add(Source::Persuasion, push);
        }
        for _ in 0..3 {
            mix.add(Source::Physiological, Push::Eroding);
        }
        let gaps = mix.gaps("public-speaking");
        let statements: Vec<&str> = gaps.iter().map(|g| g.statement.as_str()).collect();
        assert_eq!(gaps.len(), 2, "{statements:?}");
        assert!(statements[0].starts_with("No role model yet for public-speaking"), "{}", statements[0]);
        assert!(statements[1].starts_with("2 of 3 pieces of feedback in public-speaking"), "{}", statements[1]);
        assert_eq!((gaps[0].experiences, gaps[1].experiences), (0, 3));
        assert_eq!((gaps[0].source, gaps[1].source), (Source::Vicarious, Source::Persuasion));
        let empty = SourceMix::default().gaps("x");
        let sources: Vec<Source> = empty.iter().map(|g| g.source).collect();
        assert_eq!(sources, Source::ALL);
        for gap in &empty {
            assert!(!gap.statement.contains("--") && !gap.statement.contains("mastery "), "{}", gap.statement);
        }
    }

    #[test]
    fn every_source_has_a_stated_rule() {
        for source in Source::ALL {
            assert!(RULES.iter().any(|(s, rule)| s == source && !rule.is_empty()), "{source}");
        }
    }
}
