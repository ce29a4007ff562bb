//! The sharing port: who shares what with whom, groups, invitations, notifications, cheers and
//! suggested rungs. Like [`crate::AccountStore`], these calls are not scoped to one user: a share
//! joins two people, and "what is shared with me" is a question about other people's rows.
//!
//! Nothing here holds a person's records. A share names a goal or a domain; what the audience
//! reads is computed from the owner's records by the app, under the owner's user, each time.
//! Revoking a share deletes its row, so access ends with the statement that removes it.

use std::future::Future;

use jiff::Timestamp;
use mastery_domain::ids::{CelebrationId, DomainId, GoalId, GroupId, NotificationId, ShareId, SuggestionId, UserId};
use mastery_domain::sharing::Role;

use crate::{Store, StoreError};

/// One goal (or a whole domain) shared by its owner with an audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRecord {
    pub id: ShareId,
    pub owner: UserId,
    /// The domain shared, or the goal's domain.
    pub domain: DomainId,
    /// The goal shared; `None` shares the whole domain.
    pub goal: Option<GoalId>,
    pub role: Role,
    /// The group it is shared with (role group).
    pub group: Option<GroupId>,
    /// The partner or coach, once they accepted the invitation.
    pub audience: Option<UserId>,
    /// The owner marked their weekly reviews' answers shareable with this audience.
    pub review_answers: bool,
    pub created_at: Timestamp,
}

/// What an invitation lets its holder join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationTarget {
    /// Become the audience of a share.
    Share(ShareId),
    /// Become a member of a group.
    Group(GroupId),
}

/// A single-use, expiring invitation link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    /// SHA-256 of the link's token, hex.
    pub hash: String,
    pub target: InvitationTarget,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A mastermind group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecord {
    pub id: GroupId,
    pub name: String,
    /// Its first member: the person who made it.
    pub created_by: UserId,
    pub created_at: Timestamp,
}

/// One member of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    pub user: UserId,
    pub joined_at: Timestamp,
}

/// One line in a person's list of what happened on what they share or follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRecord {
    pub id: NotificationId,
    /// Whom it is for.
    pub user: UserId,
    pub text: String,
    /// A path in the site to look at it.
    pub link: String,
    pub created_at: Timestamp,
    pub read: bool,
}

/// Where a coach's suggested rung stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionState {
    Pending,
    Accepted,
    Declined,
}

impl SuggestionState {
    /// The word stored for this state.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }

    /// The state a stored word names.
    pub fn from_word(word: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Declined].into_iter().find(|s| s.as_str() == word)
    }
}

/// A rung a coach suggested for a shared goal; the owner accepts or declines it.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionRecord {
    pub id: SuggestionId,
    pub share: ShareId,
    /// The goal's owner, who decides.
    pub owner: UserId,
    pub goal: GoalId,
    pub author: UserId,
    pub title: String,
    pub difficulty: Option<f64>,
    pub note: Option<String>,
    pub state: SuggestionState,
    pub created_at: Timestamp,
}

/// Someone whose notifications are e-mailed, with when the last digest went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRecipient {
    pub user: UserId,
    pub address: String,
    pub last_sent: Option<Timestamp>,
}

/// What a server stores about sharing. Every call is one statement or one transaction.
pub trait SharingStore: Store {
    /// Stores a share and, for a partner or coach, the invitation that will name its audience.
    fn insert_share(
        &self,
        share: &ShareRecord,
        invitation: Option<&InvitationRecord>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// One share, whoever it belongs to; the app decides who may see it.
    fn share(&self, id: ShareId) -> impl Future<Output = Result<Option<ShareRecord>, StoreError>> + Send;

    /// The shares `owner` made, oldest first.
    fn shares_by(&self, owner: UserId) -> impl Future<Output = Result<Vec<ShareRecord>, StoreError>> + Send;

    /// What others share with `user`: as its partner or coach, or with a group they belong to.
    fn shares_with(&self, user: UserId) -> impl Future<Output = Result<Vec<ShareRecord>, StoreError>> + Send;

    /// The shares made with `group`, oldest first.
    fn shares_in_group(&self, group: GroupId) -> impl Future<Output = Result<Vec<ShareRecord>, StoreError>> + Send;

    /// Revokes one of `owner`'s shares, with its invitations and suggestions;
    /// another owner's share or an unknown id is [`StoreError::NotFound`].
    fn delete_share(&self, owner: UserId, id: ShareId) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn insert_invitation(&self, invitation: &InvitationRecord) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Uses up an invitation for `user` in one transaction: a share gets its audience, a group a
    /// member. An unknown, used or expired invitation, or a share whose owner is `user`, is
    /// [`StoreError::NotFound`] (entity `invitation`); so is a share already accepted.
    fn accept_invitation(
        &self,
        hash: &str,
        user: UserId,
        now: Timestamp,
    ) -> impl Future<Output = Result<InvitationTarget, StoreError>> + Send;

    /// Creates a group with its creator as the first member.
    fn insert_group(&self, group: &GroupRecord) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn group(&self, id: GroupId) -> impl Future<Output = Result<Option<GroupRecord>, StoreError>> + Send;

    /// The groups `user` belongs to, by name.
    fn groups_of(&self, user: UserId) -> impl Future<Output = Result<Vec<GroupRecord>, StoreError>> + Send;

    /// The members of a group, in the order they joined.
    fn members(&self, group: GroupId) -> impl Future<Output = Result<Vec<MemberRecord>, StoreError>> + Send;

    /// Takes `user` out of a group, with everything they shared with it; not being a member is
    /// [`StoreError::NotFound`].
    fn leave_group(&self, group: GroupId, user: UserId) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn insert_notification(
        &self,
        notification: &NotificationRecord,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// `user`'s newest notifications, newest first, at most `limit`.
    fn notifications(
        &self,
        user: UserId,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<NotificationRecord>, StoreError>> + Send;

    /// Marks every notification of `user` read, answering how many were unread.
    fn mark_notifications_read(&self, user: UserId) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Records `author`'s cheer on one of `owner`'s celebrations; cheering twice counts once.
    /// Answers whether it was new.
    fn insert_cheer(
        &self,
        owner: UserId,
        celebration: CelebrationId,
        author: UserId,
        at: Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// How many people cheered each of `owner`'s celebrations that has cheers.
    fn cheers(&self, owner: UserId) -> impl Future<Output = Result<Vec<(CelebrationId, u32)>, StoreError>> + Send;

    fn insert_suggestion(&self, suggestion: &SuggestionRecord) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// `owner`'s suggestions still waiting for an answer, oldest first.
    fn pending_suggestions(
        &self,
        owner: UserId,
    ) -> impl Future<Output = Result<Vec<SuggestionRecord>, StoreError>> + Send;

    /// Answers one of `owner`'s pending suggestions; anything else is [`StoreError::NotFound`].
    fn settle_suggestion(
        &self,
        owner: UserId,
        id: SuggestionId,
        state: SuggestionState,
    ) -> impl Future<Output = Result<SuggestionRecord, StoreError>> + Send;

    /// Sets (or, with `None`, forgets) where `user`'s notifications are e-mailed. A new address
    /// keeps the time of the last digest.
    fn set_mail_address(
        &self,
        user: UserId,
        address: Option<&str>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Where `user`'s notifications are e-mailed, if anywhere.
    fn mail_address(&self, user: UserId) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// Everyone with an address whose last digest went before `sent_before`, or never.
    fn digests_due(
        &self,
        sent_before: Timestamp,
    ) -> impl Future<Output = Result<Vec<DigestRecipient>, StoreError>> + Send;

    fn mark_digest_sent(&self, user: UserId, at: Timestamp) -> impl Future<Output = Result<(), StoreError>> + Send;
}
