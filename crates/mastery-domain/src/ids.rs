//! Typed identifiers. Every record is named by a UUIDv7 wrapped in its own type, so an attempt id
//! can never be passed where a goal id is expected. The ids are minted by the application layer
//! (this crate never reads the clock or a random source); v7 keeps them sortable by creation time.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),+ $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = "uuid"))]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps an existing UUID (from storage, or freshly minted by the app layer).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )+};
}

typed_id! {
    /// A person using Mastery; locally there is exactly one.
    UserId,
    /// A domain of capability (public speaking, running, …).
    DomainId,
    /// A specific, measurable goal within a domain.
    GoalId,
    /// One rung of a goal's ladder.
    ChallengeId,
    /// One attempt at a challenge: the unit of experience.
    AttemptId,
    /// A daily check-in of sleep, exercise, stress, energy and mood.
    CheckinId,
    /// A role model: someone similar who did it.
    RoleModelId,
    /// A piece of feedback received.
    FeedbackId,
    /// A past success entered after the fact.
    EvidenceId,
    /// One efficacy audit: a scale's items rated at one moment.
    AuditId,
    /// One deliberate-practice session.
    SessionId,
    /// A milestone celebrated: a rung, a goal or a program.
    CelebrationId,
    /// A program run: a template started in a domain.
    ProgramId,
    /// An API token a person made for a script or another device.
    TokenId,
    /// One goal or domain shared with a partner, a coach or a group.
    ShareId,
    /// A mastermind group.
    GroupId,
    /// One entry in a person's list of what happened on what they share or is shared with them.
    NotificationId,
    /// A rung a coach suggested for a shared goal.
    SuggestionId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_json() {
        let uuid = Uuid::parse_str("0192f0c4-7a1e-7cde-8f00-123456789abc").unwrap();
        let id = GoalId::from_uuid(uuid);
        assert_eq!(id.to_string(), "0192f0c4-7a1e-7cde-8f00-123456789abc");
        assert_eq!(id.to_string().parse::<GoalId>().unwrap(), id);
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"0192f0c4-7a1e-7cde-8f00-123456789abc\"");
    }
}
