//! [`SharingStore`] for the in-memory store, under the same lock as the records.

use jiff::Timestamp;
use mastery_domain::ids::{CelebrationId, GroupId, ShareId, SuggestionId, UserId};

use super::{MemoryStore, not_found};
use crate::{
    DigestRecipient, GroupRecord, InvitationRecord, InvitationTarget, MemberRecord, NotificationRecord, ShareRecord,
    SharingStore, StoreError, SuggestionRecord, SuggestionState,
};

/// Shares, groups and what happens on them.
#[derive(Debug, Default)]
pub(super) struct SharingData {
    shares: Vec<ShareRecord>,
    /// Each invitation with whether it has been used.
    invitations: Vec<(InvitationRecord, bool)>,
    groups: Vec<GroupRecord>,
    members: Vec<(GroupId, MemberRecord)>,
    notifications: Vec<NotificationRecord>,
    /// (owner, celebration, author, at)
    cheers: Vec<(UserId, CelebrationId, UserId, Timestamp)>,
    suggestions: Vec<SuggestionRecord>,
    mail: Vec<DigestRecipient>,
}

impl SharingData {
    /// Everything that names `user`, for deleting their account. A group lives on with its other
    /// members.
    pub(super) fn forget(&mut self, user: UserId) {
        self.shares.retain(|s| s.owner != user && s.audience != Some(user));
        let shares: Vec<ShareId> = self.shares.iter().map(|s| s.id).collect();
        self.invitations.retain(|(i, _)| {
            i.created_by != user && !matches!(i.target, InvitationTarget::Share(s) if !shares.contains(&s))
        });
        self.members.retain(|(_, m)| m.user != user);
        self.notifications.retain(|n| n.user != user);
        self.cheers.retain(|(owner, _, author, _)| *owner != user && *author != user);
        self.suggestions.retain(|s| s.owner != user && s.author != user && shares.contains(&s.share));
        self.mail.retain(|m| m.user != user);
    }

    fn is_member(&self, group: GroupId, user: UserId) -> bool {
        self.members.iter().any(|(g, m)| *g == group && m.user == user)
    }
}

impl SharingStore for MemoryStore {
    async fn insert_share(&self, share: &ShareRecord, invitation: Option<&InvitationRecord>) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        data.sharing.shares.push(share.clone());
        if let Some(invitation) = invitation {
            data.sharing.invitations.push((invitation.clone(), false));
        }
        Ok(())
    }

    async fn share(&self, id: ShareId) -> Result<Option<ShareRecord>, StoreError> {
        Ok(self.data.lock().await.sharing.shares.iter().find(|s| s.id == id).cloned())
    }

    async fn shares_by(&self, owner: UserId) -> Result<Vec<ShareRecord>, StoreError> {
        Ok(self.data.lock().await.sharing.shares.iter().filter(|s| s.owner == owner).cloned().collect())
    }

    async fn shares_with(&self, user: UserId) -> Result<Vec<ShareRecord>, StoreError> {
        let data = self.data.lock().await;
        let sharing = &data.sharing;
        Ok(sharing
            .shares
            .iter()
            .filter(|s| s.owner != user)
            .filter(|s| s.audience == Some(user) || s.group.is_some_and(|g| sharing.is_member(g, user)))
            .cloned()
            .collect())
    }

    async fn shares_in_group(&self, group: GroupId) -> Result<Vec<ShareRecord>, StoreError> {
        Ok(self.data.lock().await.sharing.shares.iter().filter(|s| s.group == Some(group)).cloned().collect())
    }

    async fn delete_share(&self, owner: UserId, id: ShareId) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        let sharing = &mut data.sharing;
        let before = sharing.shares.len();
        sharing.shares.retain(|s| !(s.id == id && s.owner == owner));
        if sharing.shares.len() == before {
            return Err(not_found("share", id));
        }
        sharing.invitations.retain(|(i, _)| i.target != InvitationTarget::Share(id));
        sharing.suggestions.retain(|s| s.share != id);
        Ok(())
    }

    async fn insert_invitation(&self, invitation: &InvitationRecord) -> Result<(), StoreError> {
        self.data.lock().await.sharing.invitations.push((invitation.clone(), false));
        Ok(())
    }

    async fn accept_invitation(
        &self,
        hash: &str,
        user: UserId,
        now: Timestamp,
    ) -> Result<InvitationTarget, StoreError> {
        let mut data = self.data.lock().await;
        let sharing = &mut data.sharing;
        let refused = || not_found("invitation", "the link given");
        let index = sharing
            .invitations
            .iter()
            .position(|(i, used)| i.hash == hash && !used && i.expires_at > now)
            .ok_or_else(refused)?;
        let target = sharing.invitations[index].0.target;
        match target {
            InvitationTarget::Share(id) => {
                let share = sharing.shares.iter_mut().find(|s| s.id == id).ok_or_else(refused)?;
                if share.owner == user || share.audience.is_some() {
                    return Err(refused());
                }
                share.audience = Some(user);
            }
            InvitationTarget::Group(group) => {
                if !sharing.groups.iter().any(|g| g.id == group) {
                    return Err(refused());
                }
                if !sharing.is_member(group, user) {
                    sharing.members.push((group, MemberRecord { user, joined_at: now }));
                }
            }
        }
        sharing.invitations[index].1 = true;
        Ok(target)
    }

    async fn insert_group(&self, group: &GroupRecord) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        data.sharing.groups.push(group.clone());
        data.sharing.members.push((group.id, MemberRecord { user: group.created_by, joined_at: group.created_at }));
        Ok(())
    }

    async fn group(&self, id: GroupId) -> Result<Option<GroupRecord>, StoreError> {
        Ok(self.data.lock().await.sharing.groups.iter().find(|g| g.id == id).cloned())
    }

    async fn groups_of(&self, user: UserId) -> Result<Vec<GroupRecord>, StoreError> {
        let data = self.data.lock().await;
        let mut groups: Vec<GroupRecord> =
            data.sharing.groups.iter().filter(|g| data.sharing.is_member(g.id, user)).cloned().collect();
        groups.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(groups)
    }

    async fn members(&self, group: GroupId) -> Result<Vec<MemberRecord>, StoreError> {
        let data = self.data.lock().await;
        let mut members: Vec<MemberRecord> =
            data.sharing.members.iter().filter(|(g, _)| *g == group).map(|(_, m)| m.clone()).collect();
        members.sort_by_key(|m| (m.joined_at, m.user));
        Ok(members)
    }

    async fn leave_group(&self, group: GroupId, user: UserId) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        let sharing = &mut data.sharing;
        if !sharing.is_member(group, user) {
            return Err(not_found("group", group));
        }
        sharing.members.retain(|(g, m)| !(*g == group && m.user == user));
        sharing.shares.retain(|s| !(s.group == Some(group) && s.owner == user));
        Ok(())
    }

    async fn insert_notification(&self, notification: &NotificationRecord) -> Result<(), StoreError> {
        self.data.lock().await.sharing.notifications.push(notification.clone());
        Ok(())
    }

    async fn notifications(&self, user: UserId, limit: u32) -> Result<Vec<NotificationRecord>, StoreError> {
        let data = self.data.lock().await;
        let mut mine: Vec<NotificationRecord> =
            data.sharing.notifications.iter().filter(|n| n.user == user).cloned().collect();
        mine.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        mine.truncate(limit as usize);
        Ok(mine)
    }

    async fn mark_notifications_read(&self, user: UserId) -> Result<u64, StoreError> {
        let mut data = self.data.lock().await;
        let mut count = 0;
        for n in data.sharing.notifications.iter_mut().filter(|n| n.user == user && !n.read) {
            n.read = true;
            count += 1;
        }
        Ok(count)
    }

    async fn insert_cheer(
        &self,
        owner: UserId,
        celebration: CelebrationId,
        author: UserId,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut data = self.data.lock().await;
        let cheers = &mut data.sharing.cheers;
        if cheers.iter().any(|(o, c, a, _)| *o == owner && *c == celebration && *a == author) {
            return Ok(false);
        }
        cheers.push((owner, celebration, author, at));
        Ok(true)
    }

    async fn cheers(&self, owner: UserId) -> Result<Vec<(CelebrationId, u32)>, StoreError> {
        let data = self.data.lock().await;
        let mut counts: Vec<(CelebrationId, u32)> = Vec::new();
        for (_, celebration, _, _) in data.sharing.cheers.iter().filter(|(o, ..)| *o == owner) {
            match counts.iter_mut().find(|(c, _)| c == celebration) {
                Some((_, n)) => *n += 1,
                None => counts.push((*celebration, 1)),
            }
        }
        counts.sort_by_key(|(c, _)| *c);
        Ok(counts)
    }

    async fn insert_suggestion(&self, suggestion: &SuggestionRecord) -> Result<(), StoreError> {
        self.data.lock().await.sharing.suggestions.push(suggestion.clone());
        Ok(())
    }

    async fn pending_suggestions(&self, owner: UserId) -> Result<Vec<SuggestionRecord>, StoreError> {
        let data = self.data.lock().await;
        Ok(data
            .sharing
            .suggestions
            .iter()
            .filter(|s| s.owner == owner && s.state == SuggestionState::Pending)
            .cloned()
            .collect())
    }

    async fn settle_suggestion(
        &self,
        owner: UserId,
        id: SuggestionId,
        state: SuggestionState,
    ) -> Result<SuggestionRecord, StoreError> {
        let mut data = self.data.lock().await;
        let suggestion = data
            .sharing
            .suggestions
            .iter_mut()
            .find(|s| s.id == id && s.owner == owner && s.state == SuggestionState::Pending)
            .ok_or_else(|| not_found("suggestion", id))?;
        suggestion.state = state;
        Ok(suggestion.clone())
    }

    async fn set_mail_address(&self, user: UserId, address: Option<&str>) -> Result<(), StoreError> {
        let mut data = self.data.lock().await;
        let mail = &mut data.sharing.mail;
        match (mail.iter_mut().find(|m| m.user == user), address) {
            (Some(kept), Some(address)) => kept.address = address.to_owned(),
            (None, Some(address)) => mail.push(DigestRecipient { user, address: address.to_owned(), last_sent: None }),
            (_, None) => mail.retain(|m| m.user != user),
        }
        Ok(())
    }

    async fn mail_address(&self, user: UserId) -> Result<Option<String>, StoreError> {
        Ok(self.data.lock().await.sharing.mail.iter().find(|m| m.user == user).map(|m| m.address.clone()))
    }

    async fn digests_due(&self, sent_before: Timestamp) -> Result<Vec<DigestRecipient>, StoreError> {
        let data = self.data.lock().await;
        let mut due: Vec<DigestRecipient> =
            data.sharing.mail.iter().filter(|m| m.last_sent.is_none_or(|at| at < sent_before)).cloned().collect();
        due.sort_by_key(|m| m.user);
        Ok(due)
    }

    async fn mark_digest_sent(&self, user: UserId, at: Timestamp) -> Result<(), StoreError> {
        if let Some(m) = self.data.lock().await.sharing.mail.iter_mut().find(|m| m.user == user) {
            m.last_sent = Some(at);
        }
        Ok(())
    }
}
