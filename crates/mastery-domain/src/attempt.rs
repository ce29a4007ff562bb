//! An attempt is the unit of experience. Before: a forecast (how certain am I that I can do it)
//! and the state I am in. After: the outcome, the effort, what I did, how I explain it and what I
//! learned. An attempt may be planned and recorded later, or logged in one go; the forecast is
//! never edited after the outcome is known, which is what keeps calibration honest.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::choice::choice;
use crate::ids::{AttemptId, ChallengeId, DomainId, GoalId};
use crate::measure::{Confidence, Rating, SleepHours};

choice! {
    /// How an attempt went.
    Outcome, Outcome {
        Success => "success",
        Partial => "partial",
        Failure => "failure",
    }
}

impl Outcome {
    /// The outcome as a number for scoring forecasts: 1, 0.5 or 0.
    pub fn value(self) -> f64 {
        match self {
            Outcome::Success => 1.0,
            Outcome::Partial => 0.5,
            Outcome::Failure => 0.0,
        }
    }
}

choice! {
    /// What the person thinks caused the outcome.
    Cause, Cause {
        Ability => "ability",
        Effort => "effort",
        Strategy => "strategy",
        Preparation => "preparation",
        Difficulty => "difficulty",
        Luck => "luck",
        /// Other people: help, hindrance, an audience.
        Others => "others",
        /// Physical or emotional state: tiredness, nerves, illness.
        State => "state",
        Other => "other",
    }
}

choice! {
    /// Whether a cause lies in the person or outside.
    Locus, Locus { Internal => "internal", External => "external" }
}

choice! {
    /// Whether a cause persists over time.
    Stability, Stability { Stable => "stable", Unstable => "unstable" }
}

choice! {
    /// Whether the person can change the cause.
    Control, Control { Controllable => "controllable", Uncontrollable => "uncontrollable" }
}

impl Cause {
    /// Weiner's typical placement of the cause, used when the person does not rate it themselves.
    pub fn default_placement(self) -> Option<(Locus, Stability, Control)> {
        use Control::*;
        use Locus::*;
        use Stability::*;
        Some(match self {
            Cause::Ability => (Internal, Stable, Uncontrollable),
            Cause::Effort | Cause::Strategy | Cause::Preparation => (Internal, Unstable, Controllable),
            Cause::Difficulty => (External, Stable, Uncontrollable),
            Cause::Luck | Cause::Others => (External, Unstable, Uncontrollable),
            Cause::State => (Internal, Unstable, Uncontrollable),
            Cause::Other => return None,
        })
    }
}

/// The person's explanation of an outcome, on Weiner's three dimensions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub cause: Option<Cause>,
    pub locus: Option<Locus>,
    pub stability: Option<Stability>,
    pub control: Option<Control>,
}

impl Attribution {
    /// Combines a cause with any dimensions the person rated; unrated dimensions take the cause's
    /// typical placement.
    pub fn new(
        cause: Option<Cause>,
        locus: Option<Locus>,
        stability: Option<Stability>,
        control: Option<Control>,
    ) -> Self {
        let defaults = cause.and_then(Cause::default_placement);
        Self {
            cause,
            locus: locus.or(defaults.map(|d| d.0)),
            stability: stability.or(defaults.map(|d| d.1)),
            control: control.or(defaults.map(|d| d.2)),
        }
    }
}

/// How the person felt before the attempt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub sleep_hours: Option<SleepHours>,
    pub energy: Option<Rating>,
    pub stress: Option<Rating>,
}

/// Everything known before the attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub confidence: Confidence,
    /// The next-challenge engine's predicted success at the time, for comparing the person's
    /// forecasts with the model's; `None` before the engine had any history.
    pub engine: Option<f64>,
    pub state: State,
    pub planned_at: Timestamp,
    /// The person's local date when the forecast was made; days never move with time zones.
    pub planned_on: Date,
}

/// Everything recorded after the attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub outcome: Outcome,
    pub effort: Option<Rating>,
    /// What I did: the strategy, in the person's words.
    pub did: Option<String>,
    /// Why I think it went that way, in the person's words.
    pub because: Option<String>,
    pub attribution: Attribution,
    pub lesson: Option<String>,
    pub recorded_at: Timestamp,
}

/// One attempt at a challenge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: AttemptId,
    pub challenge_id: ChallengeId,
    /// Denormalised from the challenge so evidence and calibration read one table.
    pub goal_id: GoalId,
    pub domain_id: DomainId,
    pub forecast: Forecast,
    pub record: Option<Record>,
}

impl Attempt {
    /// Adds the outcome to a planned attempt. An attempt is recorded once, never after-the-fact
    /// rewritten, and never before its forecast.
    ///
    /// # Errors
    ///
    /// [`ValidationError::AlreadyRecorded`] when the attempt already has an outcome, and
    /// [`ValidationError::RecordedBeforePlanned`] when the record is dated before the forecast.
    pub fn record(&mut self, record: Record) -> Result<(), ValidationError> {
        if let Some(existing) = &self.record {
            return Err(ValidationError::AlreadyRecorded(existing.recorded_at.to_string()));
        }
        if record.recorded_at < self.forecast.planned_at {
            return Err(ValidationError::RecordedBeforePlanned {
                planned: self.forecast.planned_at.to_string(),
                recorded: record.recorded_at.to_string(),
            });
        }
        self.record = Some(record);
        Ok(())
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.record.as_ref().map(|r| r.outcome)
    }

    pub fn is_success(&self) -> bool {
        self.outcome() == Some(Outcome::Success)
    }

    /// What the analyses read of this attempt once it is recorded; `None` while it is planned.
    pub fn facts(&self) -> Option<RecordedFacts> {
        let record = self.record.as_ref()?;
        Some(RecordedFacts {
            id: self.id,
            domain_id: self.domain_id,
            planned_at: self.forecast.planned_at,
            planned_on: self.forecast.planned_on,
            confidence: self.forecast.confidence,
            engine: self.forecast.engine,
            state: self.forecast.state,
            outcome: record.outcome,
            locus: record.attribution.locus,
            stability: record.attribution.stability,
            control: record.attribution.control,
        })
    }
}

/// The numbers of a recorded attempt and none of its words: what the insights, the source mix,
/// calibration and the counts read. A page that shows them over hundreds of attempts reads these
/// alone, so a store can answer from an index without decoding, or even fetching, every attempt
/// in full.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordedFacts {
    pub id: AttemptId,
    pub domain_id: DomainId,
    pub planned_at: Timestamp,
    pub planned_on: Date,
    pub confidence: Confidence,
    /// The engine's predicted success when the forecast was made.
    pub engine: Option<f64>,
    pub state: State,
    pub outcome: Outcome,
    pub locus: Option<Locus>,
    pub stability: Option<Stability>,
    pub control: Option<Control>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn planned() -> Attempt {
        Attempt {
            id: AttemptId::from_uuid(Uuid::nil()),
            challenge_id: ChallengeId::from_uuid(Uuid::nil()),
            goal_id: GoalId::from_uuid(Uuid::nil()),
            domain_id: DomainId::from_uuid(Uuid::nil()),
            forecast: Forecast {
                confidence: Confidence::new(60).unwrap(),
                engine: None,
                state: State::default(),
                planned_at: "2026-11-20T10:00:00Z".parse().unwrap(),
                planned_on: "2026-11-20".parse().unwrap(),
            },
            record: None,
        }
    }

    fn record(at: &str) -> Record {
        Record {
            outcome: Outcome::Success,
            effort: None,
            did: Some("rehearsed twice".into()),
            because: None,
            attribution: Attribution::default(),
            lesson: None,
            recorded_at: at.parse().unwrap(),
        }
    }

    #[test]
    fn outcomes_score_as_one_half_zero() {
        assert_eq!(Outcome::Success.value(), 1.0);
        assert_eq!(Outcome::Partial.value(), 0.5);
        assert_eq!(Outcome::Failure.value(), 0.0);
        let err = "won".parse::<Outcome>().unwrap_err().to_string();
        assert_eq!(err, "unknown outcome 'won'; use one of: success partial failure");
    }

    #[test]
    fn causes_take_weiners_placements_unless_rated() {
        let a = Attribution::new(Some(Cause::Ability), None, None, None);
        assert_eq!(
            (a.locus, a.stability, a.control),
            (Some(Locus::Internal), Some(Stability::Stable), Some(Control::Uncontrollable))
        );
        let luck = Attribution::new(Some(Cause::Luck), None, None, None);
        assert_eq!(luck.locus, Some(Locus::External));
        let rated =
            Attribution::new(Some(Cause::Ability), None, Some(Stability::Unstable), Some(Control::Controllable));
        assert_eq!((rated.stability, rated.control), (Some(Stability::Unstable), Some(Control::Controllable)));
        assert_eq!(Attribution::new(Some(Cause::Other), None, None, None).locus, None);
    }

    #[test]
    fn an_attempt_is_recorded_once_and_after_its_forecast() {
        let mut attempt = planned();
        assert!(matches!(
            attempt.record(record("2026-11-20T09:00:00Z")),
            Err(ValidationError::RecordedBeforePlanned { .. })
        ));
        attempt.record(record("2026-11-20T11:00:00Z")).unwrap();
        assert!(attempt.is_success());
        assert!(matches!(attempt.record(record("2026-11-20T12:00:00Z")), Err(ValidationError::AlreadyRecorded(_))));
    }
}
