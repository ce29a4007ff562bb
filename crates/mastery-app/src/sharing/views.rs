//! What sharing shows: each type lists exactly the fields its audience may see, so nothing a role
//! was not given can leak through a field added to a record later.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::attempt::Outcome;
use mastery_domain::celebration::CelebrationKind;
use mastery_domain::cohort::CohortSummary;
use mastery_domain::evidence::EvidenceSource;
use mastery_domain::ids::{AttemptId, CelebrationId, GoalId, GroupId, NotificationId, ShareId, SuggestionId};
use mastery_domain::sharing::Role;
use serde::Serialize;

use mastery_domain::ladder::RungStatus;

use crate::views::{AttributionView, AuditHistoryView, CalibrationView};

/// An invitation link, shown once to the person who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationView {
    pub token: String,
    /// The page where the invitation is accepted.
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
}

/// A share just made: a partner or coach share carries its invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewShareView {
    pub id: ShareId,
    pub invitation: Option<InvitationView>,
    /// The address the invitation was e-mailed to, when it was.
    pub emailed_to: Option<String>,
    /// Why an invitation asked to go by e-mail did not: pass the link on yourself.
    pub mail_problem: Option<String>,
}

/// One of my shares, as I list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareView {
    pub id: ShareId,
    pub role: Role,
    /// The domain's name.
    pub domain: String,
    /// The goal's statement; null when the whole domain is shared.
    pub goal: Option<String>,
    /// The partner or coach once they accepted; null while the invitation waits.
    pub audience: Option<String>,
    /// The group's name, for a group share.
    pub group: Option<String>,
    pub review_answers: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// What accepting an invitation joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptedView {
    /// The share I am now the audience of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_id: Option<ShareId>,
    /// The group I am now a member of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<GroupId>,
}

/// One thing someone shares with me, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedItemView {
    pub id: ShareId,
    /// The owner's username.
    pub owner: String,
    /// The goal's statement; null when a whole domain is shared.
    pub goal: Option<String>,
    pub domain: String,
    pub role: Role,
    /// The group it reaches me through.
    pub group: Option<String>,
}

/// A goal in a shared view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedGoal {
    pub id: GoalId,
    pub statement: String,
    pub slug: String,
    pub done: bool,
}

/// One rung of a shared ladder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedRung {
    /// The goal's slug.
    pub goal: String,
    pub title: String,
    pub difficulty: f64,
    pub criterion: Option<String>,
    pub attempts: u32,
    pub successes: u32,
    pub partials: u32,
    pub status: RungStatus,
}

/// One attempt as an audience sees it: what was tried, how it went and what was done; never the
/// forecast, the state or the explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedAttempt {
    pub id: AttemptId,
    /// The goal's slug.
    pub goal: String,
    /// The rung's title.
    pub challenge: String,
    pub outcome: Outcome,
    pub did: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: Timestamp,
}

/// One success in the shared evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedEvidence {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub title: String,
    pub did: Option<String>,
    pub source: EvidenceSource,
}

/// Practice consistency of the shared domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedPractice {
    /// Loop's score, 0–1.
    pub score: f64,
    pub streak: u32,
    pub planned_days: u32,
    pub kept_days: u32,
}

/// A celebration the audience may cheer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedCelebration {
    pub id: CelebrationId,
    pub kind: CelebrationKind,
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub effort: Option<String>,
    pub strategy: Option<String>,
    /// How many people cheered it.
    pub cheers: u32,
}

/// A week in numbers, over what is shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekNumbers {
    /// The ISO week, such as 2026-W49.
    pub week: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// Attempts with an outcome recorded this week.
    pub attempts: u32,
    pub successes: u32,
    pub partials: u32,
    /// Planned practice days kept this week, of those planned so far.
    pub practice_kept: u32,
    pub practice_planned: u32,
}

/// A weekly review's answers the owner marked shareable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedReview {
    pub week: String,
    /// Answer by prompt key (well, differently, learned, plan).
    pub answers: std::collections::BTreeMap<String, String>,
}

/// What a coach sees beyond a partner: the analyses of the shared domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoachView {
    pub calibration: CalibrationView,
    pub attribution: AttributionView,
    pub audits: AuditHistoryView,
}

/// A shared goal (or domain) as its audience may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedView {
    pub id: ShareId,
    pub owner: String,
    pub role: Role,
    pub domain: String,
    /// The goal shared; null when the whole domain is.
    pub goal: Option<SharedGoal>,
    /// Every goal in the share.
    pub goals: Vec<SharedGoal>,
    /// The rungs of those goals, easy to hard within each.
    pub ladder: Vec<SharedRung>,
    /// The newest attempts with an outcome, newest first.
    pub attempts: Vec<SharedAttempt>,
    /// Newest first.
    pub evidence: Vec<SharedEvidence>,
    /// Null without a practice plan in the domain.
    pub practice: Option<SharedPractice>,
    pub week: WeekNumbers,
    /// Newest first.
    pub celebrations: Vec<SharedCelebration>,
    /// Empty unless the owner marked their reviews' answers shareable.
    pub reviews: Vec<SharedReview>,
    /// Only for a coach.
    pub coach: Option<CoachView>,
}

/// A win in a group round: a success and the process behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WinView {
    pub share: ShareId,
    pub attempt: AttemptId,
    pub challenge: String,
    pub did: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// One member's week in a group round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberWeekView {
    pub member: String,
    /// What they share with the group; their numbers count only these.
    pub shares: Vec<ShareId>,
    #[serde(flatten)]
    pub numbers: WeekNumbers,
    pub wins: Vec<WinView>,
    /// Next week's if–then plan from their weekly review, when they share reviews' answers.
    pub plan: Option<String>,
}

/// A group's weekly round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundView {
    pub group: GroupId,
    pub name: String,
    pub week: String,
    pub members: Vec<MemberWeekView>,
}

/// A group I belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupView {
    pub id: GroupId,
    pub name: String,
    pub members: Vec<String>,
}

/// A group just made, with the invitation for its first members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewGroupView {
    pub id: GroupId,
    pub invitation: InvitationView,
}

/// One line of my notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: NotificationId,
    pub text: String,
    pub link: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub read: bool,
}

/// A rung a coach suggested, waiting for my answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionView {
    pub id: SuggestionId,
    pub share: ShareId,
    pub goal: GoalId,
    /// The coach's username.
    pub from: String,
    pub title: String,
    pub difficulty: Option<f64>,
    pub note: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// A coach's cohort: the people sharing a domain with them, on one scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortView {
    /// The scale's id.
    pub scale: String,
    pub scale_name: String,
    pub summary: CohortSummary,
    /// The summary in words, line by line.
    pub explanation: Vec<String>,
}
