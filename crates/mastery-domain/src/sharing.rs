//! Sharing with other people: the accountability step. A person shares one goal, or a whole
//! domain, with a partner, a coach or a mastermind group, and each role sees a different slice
//! (SERVER.md, "Sharing and accountability"). What a role may see is decided here, once, so the
//! pages, the API and the tests all ask the same question.

use jiff::{SignedDuration, Timestamp};

use crate::ValidationError;
use crate::choice::choice;

choice! {
    /// Who a goal is shared with, and so what they see and may do.
    Role, Role {
        /// One person who follows the work and cheers it on.
        Partner => "partner",
        /// One person who also reads the analyses and may suggest rungs.
        Coach => "coach",
        /// A mastermind group: each member's wins and weekly round.
        Group => "group",
    }
}

impl Role {
    /// Calibration, the attribution pattern and audits of the shared domain: a coach's tools,
    /// which say more about a person than their results do.
    pub const fn sees_analyses(self) -> bool {
        matches!(self, Role::Coach)
    }

    /// Whether this audience may propose a rung for the owner's ladder.
    pub const fn may_suggest_rungs(self) -> bool {
        matches!(self, Role::Coach)
    }
}

/// How long an invitation link can be used.
pub const INVITATION_LIFETIME: SignedDuration = SignedDuration::from_hours(7 * 24);

/// When an invitation made at `now` stops working.
pub fn invitation_expiry(now: Timestamp) -> Timestamp {
    now.saturating_add(INVITATION_LIFETIME).unwrap_or(now)
}

/// A role given with a group, or a group without the group role, is a mistake the person should
/// hear about, not a share that silently means something else.
///
/// # Errors
///
/// [`ValidationError::Refused`] when a group share names no group, or a partner or coach share
/// names one.
pub fn check_audience(role: Role, group_given: bool) -> Result<(), ValidationError> {
    match (role, group_given) {
        (Role::Group, false) => Err(ValidationError::Refused("a share with a group names the group (its id)")),
        (Role::Partner | Role::Coach, true) => Err(ValidationError::Refused(
            "a partner or coach share goes to one person through an invitation; leave out the group",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_coach_sees_analyses_and_suggests_rungs() {
        assert!(Role::Coach.sees_analyses() && Role::Coach.may_suggest_rungs());
        for role in [Role::Partner, Role::Group] {
            assert!(!role.sees_analyses() && !role.may_suggest_rungs());
        }
    }

    #[test]
    fn a_group_share_needs_a_group_and_a_personal_share_refuses_one() {
        assert!(check_audience(Role::Group, true).is_ok());
        assert!(check_audience(Role::Partner, false).is_ok());
        assert!(check_audience(Role::Group, false).is_err());
        assert!(check_audience(Role::Coach, true).is_err());
    }

    #[test]
    fn an_invitation_lasts_a_week() {
        let now: Timestamp = "2026-12-07T10:00:00Z".parse().unwrap();
        assert_eq!(invitation_expiry(now), "2026-12-14T10:00:00Z".parse().unwrap());
        assert_eq!("Coach".parse::<Role>().unwrap(), Role::Coach);
    }
}
