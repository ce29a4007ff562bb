//! Reattribution: after a failure explained by fixed ability, the question "what specifically
//! could you do differently next time?", answered as a controllable cause (effort, strategy or
//! preparation) and an if–then plan. Retraining explanations this way moves failures from "I
//! can't" to "I can change this" (SCIENCE.md §4), and if–then plans roughly double the chance of
//! acting on an intention (Gollwitzer & Sheeran 2006, d = .65).
//!
//! The trigger is the person's own explanation: the cause "ability"; or an internal, stable,
//! uncontrollable placement (ability by another name); or a *because* or *lesson* that the
//! explanation reader flags as fixed ability. The prompt is a question, never a judgement.

use crate::Field;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::attempt::{Cause, Control, Locus, Outcome, Record, Stability};
use crate::choice::choice;
use crate::explanation;
use crate::ids::AttemptId;

/// The causes a plan for next time can name: the ones a person controls.
pub const CONTROLLABLE: &[Cause] = &[Cause::Effort, Cause::Strategy, Cause::Preparation];

choice! {
    /// Why a failure's explanation asks for a plan for next time.
    Trigger, Trigger {
        /// The cause given was ability.
        AbilityCause => "ability-cause",
        /// The cause was rated internal, stable and uncontrollable.
        FixedPlacement => "fixed-placement",
        /// The words of the explanation or lesson sound like fixed ability.
        FixedWording => "fixed-wording",
    }
}

/// Whether `record` is a failure explained by fixed ability, and why.
pub fn trigger(record: &Record) -> Option<Trigger> {
    if record.outcome != Outcome::Failure {
        return None;
    }
    let a = record.attribution;
    if a.cause == Some(Cause::Ability) {
        return Some(Trigger::AbilityCause);
    }
    if (a.locus, a.stability, a.control)
        == (Some(Locus::Internal), Some(Stability::Stable), Some(Control::Uncontrollable))
    {
        return Some(Trigger::FixedPlacement);
    }
    let sounds_fixed = |text: &Option<String>| text.as_deref().is_some_and(|t| explanation::read(t).fixed_ability);
    (sounds_fixed(&record.because) || sounds_fixed(&record.lesson)).then_some(Trigger::FixedWording)
}

/// `If <moment>, then I will <action>`: an implementation intention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IfThen(String);

impl IfThen {
    /// Accepts "If …, then …" (the comma is optional; so is the case of the words).
    ///
    /// # Errors
    ///
    /// [`ValidationError::IfThen`] when the text is not a moment and an action joined as "If …,
    /// then …".
    ///
    /// # Examples
    ///
    /// ```
    /// use mastery_domain::reattribution::IfThen;
    ///
    /// assert!(IfThen::parse("If I blank on a slide, then I will glance at my notes").is_ok());
    /// assert!(IfThen::parse("glance at my notes").is_err());
    /// ```
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let refuse = || ValidationError::IfThen(text.clone());
        let lower = text.to_lowercase();
        let rest = lower.strip_prefix("if ").ok_or_else(refuse)?;
        let (moment, action) = rest.split_once(" then ").ok_or_else(refuse)?;
        let has_words =
            |part: &str| part.trim_matches(|c: char| !c.is_alphanumeric()).chars().any(char::is_alphanumeric);
        if !has_words(moment) || !has_words(action) {
            return Err(refuse());
        }
        crate::text::required_text(Field::IfThenPlan, &text)?;
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IfThen {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<IfThen> for String {
    fn from(plan: IfThen) -> String {
        plan.0
    }
}

/// A controllable cause for next time: the one named, or else the one the words of `next_time`
/// point to, or else strategy (what to do differently is, most often, a different approach).
///
/// # Errors
///
/// [`ValidationError::NotControllable`] when `named` is a cause the person cannot change
/// (ability, difficulty, luck).
pub fn controllable_cause(named: Option<Cause>, next_time: &str) -> Result<Cause, ValidationError> {
    match named {
        Some(cause) if CONTROLLABLE.contains(&cause) => Ok(cause),
        Some(other) => Err(ValidationError::NotControllable(other.to_string())),
        None => Ok(explanation::read(next_time)
            .suggested_cause
            .filter(|c| CONTROLLABLE.contains(c))
            .unwrap_or(Cause::Strategy)),
    }
}

/// The plan recorded after a failure: what to do differently, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reattribution {
    pub attempt_id: AttemptId,
    /// Effort, strategy or preparation.
    pub cause: Cause,
    /// What specifically could be done differently next time, in the person's words.
    pub next_time: String,
    pub if_then: IfThen,
    pub created_at: Timestamp,
}

impl Reattribution {
    /// A plan for the attempt whose outcome is `outcome`: a failure or a partial (a plan for
    /// next time after a success would have nothing to change).
    pub fn new(
        attempt_id: AttemptId,
        outcome: Option<Outcome>,
        cause: Cause,
        next_time: String,
        if_then: IfThen,
        created_at: Timestamp,
    ) -> Result<Self, ValidationError> {
        match outcome {
            Some(Outcome::Failure | Outcome::Partial) => {}
            Some(Outcome::Success) => {
                return Err(ValidationError::Refused(
                    "this attempt was a success; a plan for next time follows a failure or a partial",
                ));
            }
            None => return Err(ValidationError::NoOutcomeYet),
        }
        if !CONTROLLABLE.contains(&cause) {
            return Err(ValidationError::NotControllable(cause.to_string()));
        }
        let next_time = crate::text::required_text(Field::NextTime, &next_time)?;
        Ok(Self { attempt_id, cause, next_time, if_then, created_at })
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::attempt::Attribution;

    fn failure(attribution: Attribution, because: Option<&str>) -> Record {
        Record {
            outcome: Outcome::Failure,
            effort: None,
            did: None,
            because: because.map(str::to_owned),
            attribution,
            lesson: None,
            recorded_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn caused(cause: Cause) -> Attribution {
        Attribution::new(Some(cause), None, None, None)
    }

    #[test]
    fn fixed_explanations_of_failures_trigger_the_question() {
        assert_eq!(trigger(&failure(caused(Cause::Ability), None)), Some(Trigger::AbilityCause));
        let placed =
            Attribution::new(None, Some(Locus::Internal), Some(Stability::Stable), Some(Control::Uncontrollable));
        assert_eq!(trigger(&failure(placed, None)), Some(Trigger::FixedPlacement));
        let worded = failure(caused(Cause::Other), Some("I'm just not a numbers person"));
        assert_eq!(trigger(&worded), Some(Trigger::FixedWording));
        let lesson =
            Record { lesson: Some("I always choke under pressure".into()), ..failure(caused(Cause::State), None) };
        assert_eq!(trigger(&lesson), Some(Trigger::FixedWording));
    }

    #[test]
    fn other_explanations_and_other_outcomes_do_not() {
        assert_eq!(trigger(&failure(caused(Cause::Strategy), Some("I rushed the opening"))), None);
        assert_eq!(trigger(&failure(caused(Cause::Difficulty), None)), None, "stable but external");
        let success = Record { outcome: Outcome::Success, ..failure(caused(Cause::Ability), None) };
        assert_eq!(trigger(&success), None);
        let denied = failure(caused(Cause::Preparation), Some("It's not because I'm bad at it, I didn't prepare"));
        assert_eq!(trigger(&denied), None);
    }

    #[test]
    fn if_then_plans_need_a_moment_and_an_action() {
        let plan = IfThen::parse("  If I blank on a slide,  then I will glance at my notes ").unwrap();
        assert_eq!(plan.as_str(), "If I blank on a slide, then I will glance at my notes");
        assert!(IfThen::parse("if tired then walk").is_ok());
        for bad in [
            "",
            "I will practise more",
            "If I blank on a slide",
            "If , then I will",
            "When I blank, then I pause",
            "If I blank then ...",
        ] {
            let err = IfThen::parse(bad).unwrap_err();
            assert!(err.to_string().contains("If <moment>, then I will <action>"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_cause_must_be_controllable_and_is_read_from_the_words_otherwise() {
        assert_eq!(controllable_cause(Some(Cause::Effort), "anything"), Ok(Cause::Effort));
        let refused = controllable_cause(Some(Cause::Ability), "anything").unwrap_err();
        assert_eq!(
            refused.to_string(),
            "a plan for next time needs a cause you can change: effort, strategy or preparation; got 'ability'"
        );
        assert_eq!(controllable_cause(None, "Rehearse the opening twice the day before"), Ok(Cause::Preparation));
        assert_eq!(controllable_cause(None, "Ask my friend to come along"), Ok(Cause::Strategy));
    }

    #[test]
    fn a_plan_follows_a_failure_or_a_partial_only() {
        let plan = || IfThen::parse("If I freeze, then I will breathe out slowly").unwrap();
        let id = AttemptId::from_uuid(Uuid::nil());
        let make = |outcome| {
            Reattribution::new(id, outcome, Cause::Strategy, "Pause and breathe".into(), plan(), Timestamp::UNIX_EPOCH)
        };
        assert!(make(Some(Outcome::Failure)).is_ok());
        assert!(make(Some(Outcome::Partial)).is_ok());
        assert!(make(Some(Outcome::Success)).unwrap_err().to_string().contains("was a success"));
        assert!(make(None).unwrap_err().to_string().contains("no outcome yet"));
        let blank =
            Reattribution::new(id, Some(Outcome::Failure), Cause::Effort, "  ".into(), plan(), Timestamp::UNIX_EPOCH);
        assert!(matches!(blank, Err(ValidationError::Empty { .. })));
    }
}
