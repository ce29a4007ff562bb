//! Making, listing, revoking and accepting shares.

use mastery_domain::ids::{GroupId, ShareId, UserId};
use mastery_domain::sharing::{Role, check_audience, invitation_expiry};
use mastery_store::{
    AccountStore, InvitationRecord, InvitationTarget, ShareRecord, SharingStore, Store, StoreError, Transaction,
};

use super::{AcceptedView, NewShareView, ShareView, SharedItemView, Sharing, missing, new_invitation_secret};
use crate::mail::{Mail, MailAddress};
use crate::{AppError, new_id, resolve};

/// What to share, with whom.
#[derive(Debug, Clone, Default)]
pub struct NewShare {
    /// A goal's id or slug; or
    pub goal: Option<String>,
    /// a domain's id, name or slug, to share all of it.
    pub domain: Option<String>,
    pub role: Option<Role>,
    /// The group, for a group share.
    pub group: Option<GroupId>,
    /// Let this audience read my weekly reviews' answers.
    pub review_answers: bool,
    /// E-mail the invitation to this address too (a partner or coach share, on a server that
    /// sends e-mail).
    pub email: Option<String>,
}

impl<S: Store + SharingStore + AccountStore + Clone> Sharing<S> {
    /// Shares a goal or a domain. A partner or coach share comes with a single-use invitation
    /// link that names its audience when accepted; a group share reaches the group's members at
    /// once, so only a member may make one.
    pub async fn share(&self, me: UserId, input: NewShare) -> Result<NewShareView, AppError> {
        let role = input
            .role
            .ok_or(AppError::refused(format!("say who it is for: a role, one of {}", Role::WORDS.trim_end())))?;
        check_audience(role, input.group.is_some())?;
        let email = self.invitation_address(input.email.as_deref(), input.group.is_some())?;
        if let Some(group) = input.group {
            self.member_group(me, group).await?;
        }
        let (domain, goal) = self.scope(me, input.goal.as_deref(), input.domain.as_deref()).await?;
        let now = self.now();
        let share = ShareRecord {
            id: new_id(ShareId::from_uuid),
            owner: me,
            domain,
            goal,
            role,
            group: input.group,
            audience: None,
            review_answers: input.review_answers,
            created_at: now,
        };
        let invitation = match input.group {
            Some(_) => None,
            None => {
                let (token, hash) = new_invitation_secret()?;
                let expires_at = invitation_expiry(now);
                let record = InvitationRecord {
                    hash,
                    target: InvitationTarget::Share(share.id),
                    created_by: me,
                    created_at: now,
                    expires_at,
                };
                Some((record, self.invitation_link(&token, expires_at)))
            }
        };
        self.store.insert_share(&share, invitation.as_ref().map(|(record, _)| record)).await?;
        if share.group.is_some() {
            let owner = self.name(me).await?;
            for member in self.audience_of(&share).await? {
                let text = format!("{owner} shared their progress with your group");
                self.notify(member, text, format!("/shared/{}", share.id)).await?;
            }
        }
        let link = invitation.map(|(_, link)| link);
        let (emailed_to, mail_problem) = match (email, &link) {
            (Some(to), Some(link)) => self.mail_invitation(me, &share, to, link).await?,
            _ => (None, None),
        };
        Ok(NewShareView { id: share.id, invitation: link, emailed_to, mail_problem })
    }

    /// The address an invitation is to be e-mailed to, checked before anything is stored.
    fn invitation_address(&self, email: Option<&str>, group: bool) -> Result<Option<MailAddress>, AppError> {
        let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) else { return Ok(None) };
        if group {
            return Err(AppError::refused(
                "a group share reaches the group's members; invite people into the group instead",
            ));
        }
        if !self.mailer.sends_mail() {
            return Err(AppError::refused(
                "this server sends no e-mail; leave out the address and pass the invitation link on yourself"
                    .to_owned(),
            ));
        }
        Ok(Some(MailAddress::parse(email)?))
    }

    /// E-mails the invitation; a relay that refuses leaves the share and its link as they are.
    async fn mail_invitation(
        &self,
        me: UserId,
        share: &ShareRecord,
        to: MailAddress,
        link: &super::InvitationView,
    ) -> Result<(Option<String>, Option<String>), AppError> {
        let owner = self.name(me).await?;
        let app = self.app_for(me);
        let mut tx = app.read().await?;
        let what = match share.goal {
            Some(goal) => tx.goal(goal).await?.map(|g| format!("their goal \"{}\"", g.statement)),
            None => tx.domain(share.domain).await?.map(|d| format!("their work on {}", d.name)),
        };
        drop(tx);
        let what = what.unwrap_or_else(|| "their progress".to_owned());
        let subject = format!("{owner} invites you to follow their progress on Mastery");
        let text = format!(
            "{owner} shares {what} with you as their {role} on Mastery.\n\n\
             Open this link to accept; it works once, until {expires}:\n{url}\n\n\
             You need an account on this server (the link offers to make one). If you do not know \
             {owner}, ignore this message: nothing happens without the link.\n",
            role = share.role,
            expires = link.expires_at.strftime("%Y-%m-%d %H:%M UTC"),
            url = link.url,
        );
        let address = to.to_string();
        Ok(match self.mailer.send(&Mail::new(to, &subject, text)).await {
            Ok(()) => (Some(address), None),
            Err(why) => {
                (None, Some(format!("the invitation could not be e-mailed ({why}); pass the link on yourself")))
            }
        })
    }

    /// The domain and goal a share names, resolved in `me`'s own records.
    async fn scope(
        &self,
        me: UserId,
        goal: Option<&str>,
        domain: Option<&str>,
    ) -> Result<(mastery_domain::ids::DomainId, Option<mastery_domain::ids::GoalId>), AppError> {
        let app = self.app_for(me);
        let mut tx = app.read().await?;
        let scope = match (goal, domain) {
            (Some(goal), None) => {
                let goal = resolve::goal(&mut tx, goal).await?;
                (goal.domain_id, Some(goal.id))
            }
            (None, Some(domain)) => (resolve::domain(&mut tx, domain).await?.id, None),
            _ => {
                return Err(AppError::refused(
                    "share either one goal (its id or slug) or one domain (its name, slug or id)",
                ));
            }
        };
        drop(tx);
        Ok(scope)
    }

    /// The shares I made, oldest first.
    pub async fn my_shares(&self, me: UserId) -> Result<Vec<ShareView>, AppError> {
        let shares = self.store.shares_by(me).await?;
        let names = self.names(shares.iter().filter_map(|s| s.audience).collect()).await?;
        let app = self.app_for(me);
        let mut tx = app.read().await?;
        let mut views = Vec::with_capacity(shares.len());
        for share in shares {
            let domain = tx.domain(share.domain).await?.map(|d| d.name.to_string()).unwrap_or_default();
            let goal = match share.goal {
                Some(id) => tx.goal(id).await?.map(|g| g.statement.to_string()),
                None => None,
            };
            let group = match share.group {
                Some(id) => self.store.group(id).await?.map(|g| g.name),
                None => None,
            };
            views.push(ShareView {
                id: share.id,
                role: share.role,
                domain,
                goal,
                audience: share.audience.and_then(|u| names.get(&u).cloned()),
                group,
                review_answers: share.review_answers,
                created_at: share.created_at,
            });
        }
        drop(tx);
        Ok(views)
    }

    /// Revokes one of my shares: its audience loses access with this call.
    pub async fn revoke(&self, me: UserId, id: ShareId) -> Result<(), AppError> {
        self.store.delete_share(me, id).await.map_err(|e| {
            missing(e, "share", id.to_string(), "'mastery' lists your shares under Sharing; it may be revoked already")
        })
    }

    /// Accepts an invitation: I become the share's partner or coach, or a member of the group.
    pub async fn accept(&self, me: UserId, token: &str) -> Result<AcceptedView, AppError> {
        let hash = super::secrets::digest(token.trim());
        let target = self.store.accept_invitation(&hash, me, self.now()).await.map_err(|e| match e {
            StoreError::NotFound { .. } => AppError::NotFound {
                entity: "invitation",
                reference: "this link".to_owned(),
                hint: "it may be used, expired or withdrawn, or it is your own; ask for a new one".to_owned(),
            },
            other => other.into(),
        })?;
        let who = self.name(me).await?;
        Ok(match target {
            InvitationTarget::Share(id) => {
                if let Some(share) = self.store.share(id).await? {
                    let text = format!("{who} accepted your invitation as your {}", share.role);
                    self.notify(share.owner, text, "/sharing".to_owned()).await?;
                }
                AcceptedView { share_id: Some(id), group_id: None }
            }
            InvitationTarget::Group(group) => {
                for member in self.store.members(group).await?.into_iter().filter(|m| m.user != me) {
                    self.notify(member.user, format!("{who} joined your group"), format!("/groups/{group}")).await?;
                }
                AcceptedView { share_id: None, group_id: Some(group) }
            }
        })
    }

    /// What others share with me, oldest first.
    pub async fn shared_with_me(&self, me: UserId) -> Result<Vec<SharedItemView>, AppError> {
        let shares = self.store.shares_with(me).await?;
        let names = self.names(shares.iter().map(|s| s.owner).collect()).await?;
        let mut items = Vec::with_capacity(shares.len());
        for share in shares {
            let owner_app = self.app_for(share.owner);
            let mut tx = owner_app.read().await?;
            let domain = tx.domain(share.domain).await?;
            let goal = match share.goal {
                Some(id) => tx.goal(id).await?,
                None => None,
            };
            drop(tx);
            let Some(domain) = domain else { continue };
            if share.goal.is_some() && goal.is_none() {
                continue;
            }
            let group = match share.group {
                Some(id) => self.store.group(id).await?.map(|g| g.name),
                None => None,
            };
            items.push(SharedItemView {
                id: share.id,
                owner: names.get(&share.owner).cloned().unwrap_or_default(),
                goal: goal.map(|g| g.statement.to_string()),
                domain: domain.name.to_string(),
                role: share.role,
                group,
            });
        }
        Ok(items)
    }
}
