//! Mastermind groups: made, joined by invitation, left; the weekly round, where each member's week
//! shows in numbers with their wins and the process behind them; and a member's win saved as a
//! role model, the vicarious source of efficacy with someone similar as the model.

use mastery_domain::Field;
use mastery_domain::ids::{AttemptId, GroupId, ShareId, UserId};
use mastery_domain::sharing::invitation_expiry;
use mastery_domain::text::Name;
use mastery_store::{AccountStore, GroupRecord, InvitationRecord, InvitationTarget, SharingStore, Store};

use super::read::{practice_and_week, scope_of, shared_reviews, week_numbers, wins};
use super::{
    GroupView, InvitationView, MemberWeekView, NewGroupView, RoundView, Sharing, WeekNumbers, new_invitation_secret,
};
use crate::views::RoleModelView;
use crate::{AppError, NewRoleModel, new_id};

impl<S: Store + SharingStore + AccountStore + Clone> Sharing<S> {
    /// Makes a group with me as its first member, and an invitation for the next.
    pub async fn create_group(&self, me: UserId, name: &str) -> Result<NewGroupView, AppError> {
        let name = Name::parse(Field::GroupName, name)?;
        let group = GroupRecord {
            id: new_id(GroupId::from_uuid),
            name: name.to_string(),
            created_by: me,
            created_at: self.now(),
        };
        self.store.insert_group(&group).await?;
        let invitation = self.invite_to_group(me, group.id).await?;
        Ok(NewGroupView { id: group.id, invitation })
    }

    /// A new single-use invitation into a group I belong to.
    pub async fn invite_to_group(&self, me: UserId, group: GroupId) -> Result<InvitationView, AppError> {
        self.member_group(me, group).await?;
        let (token, hash) = new_invitation_secret()?;
        let now = self.now();
        let expires_at = invitation_expiry(now);
        let record = InvitationRecord {
            hash,
            target: InvitationTarget::Group(group),
            created_by: me,
            created_at: now,
            expires_at,
        };
        self.store.insert_invitation(&record).await?;
        Ok(self.invitation_link(&token, expires_at))
    }

    /// The group, if I am a member; "not found" otherwise, whether it exists or not.
    pub(super) async fn member_group(&self, me: UserId, id: GroupId) -> Result<GroupRecord, AppError> {
        let hidden = || AppError::NotFound {
            entity: "group",
            reference: id.to_string(),
            hint: "you see the groups you belong to under Groups".to_owned(),
        };
        let group = self.store.group(id).await?.ok_or_else(hidden)?;
        match self.store.members(id).await?.iter().any(|m| m.user == me) {
            true => Ok(group),
            false => Err(hidden()),
        }
    }

    /// The groups I belong to, with their members.
    pub async fn groups(&self, me: UserId) -> Result<Vec<GroupView>, AppError> {
        let mut views = Vec::new();
        for group in self.store.groups_of(me).await? {
            let members = self.store.members(group.id).await?;
            let names = self.names(members.iter().map(|m| m.user).collect()).await?;
            views.push(GroupView {
                id: group.id,
                name: group.name,
                members: members.iter().filter_map(|m| names.get(&m.user).cloned()).collect(),
            });
        }
        Ok(views)
    }

    /// Leaves a group; what I shared with it stops being shared.
    pub async fn leave_group(&self, me: UserId, group: GroupId) -> Result<(), AppError> {
        self.member_group(me, group).await?;
        Ok(self.store.leave_group(group, me).await?)
    }

    /// This week's round: each member's week over what they share with the group.
    pub async fn round(&self, me: UserId, group: GroupId) -> Result<RoundView, AppError> {
        let record = self.member_group(me, group).await?;
        let now = self.clock.now();
        let shares = self.store.shares_in_group(group).await?;
        let members = self.store.members(group).await?;
        let names = self.names(members.iter().map(|m| m.user).collect()).await?;
        let mut weeks = Vec::with_capacity(members.len());
        for member in &members {
            let theirs: Vec<_> = shares.iter().filter(|s| s.owner == member.user).collect();
            let app = self.app_for(member.user);
            let mut tx = app.read().await?;
            let mut attempts = Vec::new();
            let mut member_wins = Vec::new();
            // Practice is planned per domain: two shares in one domain count its days once.
            let mut practiced = std::collections::HashSet::new();
            let (mut practice_kept, mut practice_planned) = (0, 0);
            for share in &theirs {
                if let Some(scope) = scope_of(&mut tx, share, &now).await? {
                    member_wins.extend(wins(share.id, &scope, &now));
                    if practiced.insert(share.domain) {
                        let (_, week) = practice_and_week(&mut tx, share.domain, &scope, &now).await?;
                        practice_kept += week.practice_kept;
                        practice_planned += week.practice_planned;
                    }
                    attempts.extend(scope.attempts);
                }
            }
            attempts.sort_by_key(|a| a.id);
            attempts.dedup_by_key(|a| a.id);
            let plan = match theirs.iter().any(|s| s.review_answers) {
                true => shared_reviews(&mut tx)
                    .await?
                    .into_iter()
                    .find(|r| r.week == mastery_domain::review::Period::week_of(now.date()).to_string())
                    .and_then(|r| r.answers.get("plan").cloned()),
                false => None,
            };
            drop(tx);
            member_wins.sort_by_key(|w| std::cmp::Reverse(w.at));
            weeks.push(MemberWeekView {
                member: names.get(&member.user).cloned().unwrap_or_default(),
                shares: theirs.iter().map(|s| s.id).collect(),
                numbers: WeekNumbers { practice_kept, practice_planned, ..week_numbers(&attempts, &now) },
                wins: member_wins,
                plan,
            });
        }
        Ok(RoundView {
            group,
            name: record.name,
            week: mastery_domain::review::Period::week_of(now.date()).to_string(),
            members: weeks,
        })
    }

    /// Saves a group member's shared win as one of my role models, in my domain `domain`: their
    /// name, and the process behind the win.
    pub async fn save_win(
        &self,
        me: UserId,
        id: ShareId,
        attempt: AttemptId,
        domain: &str,
    ) -> Result<RoleModelView, AppError> {
        let share = self.audience_share(me, id).await?;
        let view = self.shared(me, id).await?;
        let win =
            view.attempts.iter().find(|a| a.id == attempt && a.outcome == mastery_domain::attempt::Outcome::Success);
        let win = win.ok_or_else(|| AppError::NotFound {
            entity: "win",
            reference: attempt.to_string(),
            hint: "save a success listed on the shared page".to_owned(),
        })?;
        let process = match &win.did {
            Some(did) => format!("{}: {did}", win.challenge),
            None => win.challenge.clone(),
        };
        let model = NewRoleModel {
            domain: domain.to_owned(),
            name: self.name(share.owner).await?,
            similarity: None,
            process: Some(process),
        };
        let saved = self.app_for(me).add_role_model(model).await?;
        let text = format!("{} saved your win as a role model: {}", self.name(me).await?, win.challenge);
        self.notify(share.owner, text, format!("/shared/{id}")).await?;
        Ok(saved)
    }
}
