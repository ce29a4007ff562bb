//! Accountability with other people: a goal (or a domain) shared with a partner, a coach or a
//! mastermind group, what each audience reads, the feedback, cheers and suggested rungs they give
//! back, groups' weekly rounds, a coach's cohort, and the notifications that tell people about it.
//!
//! [`Sharing`] acts across people, so it is separate from [`App`], which acts for one. It never
//! copies a record: what an audience reads is computed by the owner's own use cases, under the
//! owner's user, and cut down to the fields the role may see (`views`). Every audience call
//! passes through one authorization function, `Sharing::audience_share`; a share that is not
//! the caller's to read answers "not found", exactly like one that does not exist, so nobody
//! learns what others share.

mod cohort;
mod digest;
mod groups;
mod read;
mod shares;
mod talk;
mod views;

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;
use mastery_domain::ids::{NotificationId, ShareId, UserId};
use mastery_store::{AccountStore, NotificationRecord, ShareRecord, SharingStore, Store, StoreError};

pub use digest::{DigestReport, MailSettingsView};
pub use shares::NewShare;
pub use talk::{RungSuggestion, SharedFeedback};
pub use views::*;

use crate::accounts::secrets;
use crate::mail::Mailer;
use crate::{App, AppError, Clock, new_id};

/// How many notifications a list shows.
const NOTIFICATIONS_SHOWN: u32 = 50;

/// Sharing on a server's store, for whoever is signed in (`me` in each call).
#[derive(Debug, Clone)]
pub struct Sharing<S> {
    store: S,
    clock: Arc<dyn Clock>,
    /// `scheme://host[:port]` of the server, to build invitation links.
    public_url: String,
    /// How invitations and digests leave by e-mail, when the server sends any.
    mailer: Arc<dyn Mailer>,
}

impl<S: Store + SharingStore + AccountStore + Clone> Sharing<S> {
    pub fn new(store: S, clock: Arc<dyn Clock>, public_url: &str, mailer: Arc<dyn Mailer>) -> Self {
        Self { store, clock, public_url: public_url.trim_end_matches('/').to_owned(), mailer }
    }

    fn now(&self) -> Timestamp {
        self.clock.now().timestamp()
    }

    /// The use cases acting for `user`: how an owner's records are read for their audience.
    fn app_for(&self, user: UserId) -> App<S> {
        App::for_user(self.store.clone(), Arc::clone(&self.clock), user)
    }

    /// The one authorization check of every audience call: the share exists, `me` is not its
    /// owner, and `me` is its accepted partner or coach or a member of its group. Anything else
    /// is "not found", whether the share exists or not.
    async fn audience_share(&self, me: UserId, id: ShareId) -> Result<ShareRecord, AppError> {
        let hidden = || share_not_found(id);
        let share = self.store.share(id).await?.ok_or_else(hidden)?;
        if share.owner == me {
            return Err(hidden());
        }
        let allowed = match share.group {
            Some(group) => self.store.members(group).await?.iter().any(|m| m.user == me),
            None => share.audience == Some(me),
        };
        if allowed { Ok(share) } else { Err(hidden()) }
    }

    /// A share of `me`'s own, or "not found".
    async fn own_share(&self, me: UserId, id: ShareId) -> Result<ShareRecord, AppError> {
        self.store.share(id).await?.filter(|s| s.owner == me).ok_or_else(|| share_not_found(id))
    }

    /// The username of each of `users`, for naming people in views.
    async fn names(&self, users: Vec<UserId>) -> Result<HashMap<UserId, String>, AppError> {
        let mut names = HashMap::new();
        for user in users {
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(user) {
                let name = self.store.account(user).await?.map_or_else(|| "someone".to_owned(), |a| a.username);
                slot.insert(name);
            }
        }
        Ok(names)
    }

    async fn name(&self, user: UserId) -> Result<String, AppError> {
        Ok(self.names(vec![user]).await?.remove(&user).unwrap_or_default())
    }

    /// Tells `to` that something happened, with a link to look at it.
    async fn notify(&self, to: UserId, text: String, link: String) -> Result<(), AppError> {
        let notification = NotificationRecord {
            id: new_id(NotificationId::from_uuid),
            user: to,
            text,
            link,
            created_at: self.now(),
            read: false,
        };
        Ok(self.store.insert_notification(&notification).await?)
    }

    /// Everyone a share reaches, but not its owner.
    async fn audience_of(&self, share: &ShareRecord) -> Result<Vec<UserId>, AppError> {
        Ok(match share.group {
            Some(group) => {
                self.store.members(group).await?.into_iter().map(|m| m.user).filter(|u| *u != share.owner).collect()
            }
            None => share.audience.into_iter().collect(),
        })
    }

    /// A new invitation's secret and its link.
    fn invitation_link(&self, token: &str, expires_at: Timestamp) -> InvitationView {
        InvitationView { token: token.to_owned(), url: format!("{}/invitations/{token}", self.public_url), expires_at }
    }

    /// My notifications, newest first.
    pub async fn notifications(&self, me: UserId) -> Result<Vec<NotificationView>, AppError> {
        let records = self.store.notifications(me, NOTIFICATIONS_SHOWN).await?;
        Ok(records
            .into_iter()
            .map(|n| NotificationView { id: n.id, text: n.text, link: n.link, at: n.created_at, read: n.read })
            .collect())
    }

    /// How many of my newest notifications I have not read: the count the pages' menu shows.
    pub async fn unread_notifications(&self, me: UserId) -> Result<usize, AppError> {
        let records = self.store.notifications(me, NOTIFICATIONS_SHOWN).await?;
        Ok(records.iter().filter(|n| !n.read).count())
    }

    /// Marks all my notifications read; answers how many were unread.
    pub async fn mark_notifications_read(&self, me: UserId) -> Result<u64, AppError> {
        Ok(self.store.mark_notifications_read(me).await?)
    }
}

fn share_not_found(id: ShareId) -> AppError {
    AppError::NotFound {
        entity: "share",
        reference: id.to_string(),
        hint: "it may have been revoked; 'Shared with me' lists what is shared with you".to_owned(),
    }
}

/// A store's "not found" as the app says it, naming what was looked for.
fn missing(error: StoreError, entity: &'static str, reference: String, hint: &str) -> AppError {
    match error {
        StoreError::NotFound { .. } => AppError::NotFound { entity, reference, hint: hint.to_owned() },
        other => other.into(),
    }
}

/// A fresh invitation secret and the hash the store keeps.
fn new_invitation_secret() -> Result<(String, String), AppError> {
    let token = secrets::random_secret()?;
    let hash = secrets::digest(&token);
    Ok((token, hash))
}
