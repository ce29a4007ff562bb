//! Attempts for tests, built in one line each: `attempt("2026-10-05", 60).failure(Cause::Ability)`.

use crate::Field;
use jiff::civil::Date;
use uuid::Uuid;

use crate::attempt::{Attempt, Attribution, Cause, Control, Forecast, Locus, Outcome, Record, Stability, State};
use crate::ids::{AttemptId, ChallengeId, DomainId, GoalId};
use crate::measure::{Confidence, Rating, SleepHours};

/// A planned attempt on `day` at noon UTC with forecast `confidence`, in the nil domain.
pub fn attempt(day: &str, confidence: u8) -> Attempt {
    let planned_on: Date = day.parse().expect("a test date");
    let planned_at = planned_on.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).expect("in range").timestamp();
    Attempt {
        id: AttemptId::from_uuid(Uuid::now_v7()),
        challenge_id: ChallengeId::from_uuid(Uuid::nil()),
        goal_id: GoalId::from_uuid(Uuid::nil()),
        domain_id: DomainId::from_uuid(Uuid::nil()),
        forecast: Forecast {
            confidence: Confidence::new(confidence).expect("a test confidence"),
            engine: None,
            state: State::default(),
            planned_at,
            planned_on,
        },
        record: None,
    }
}

impl Attempt {
    /// This attempt with `outcome`, explained by `attribution`, recorded when it was planned.
    pub fn with(mut self, outcome: Outcome, attribution: Attribution) -> Self {
        self.record = Some(Record {
            outcome,
            effort: None,
            did: None,
            because: None,
            attribution,
            lesson: None,
            recorded_at: self.forecast.planned_at,
        });
        self
    }

    pub fn success(self, cause: Cause) -> Self {
        self.with(Outcome::Success, Attribution::new(Some(cause), None, None, None))
    }

    pub fn failure(self, cause: Cause) -> Self {
        self.with(Outcome::Failure, Attribution::new(Some(cause), None, None, None))
    }

    /// A failure explained by `cause` with its dimensions rated by the person.
    pub fn failure_rated(
        self,
        cause: Option<Cause>,
        locus: Option<Locus>,
        stability: Option<Stability>,
        control: Option<Control>,
    ) -> Self {
        self.with(Outcome::Failure, Attribution::new(cause, locus, stability, control))
    }

    pub fn in_domain(mut self, domain: DomainId) -> Self {
        self.domain_id = domain;
        self
    }

    pub fn slept(mut self, hours: f64) -> Self {
        self.forecast.state.sleep_hours = Some(SleepHours::new(hours).expect("test sleep"));
        self
    }

    pub fn stressed(mut self, rating: u8) -> Self {
        self.forecast.state.stress = Some(Rating::new(Field::Stress, rating).expect("test rating"));
        self
    }
}
