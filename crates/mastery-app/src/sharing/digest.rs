//! The weekly digest: for each person who gave an address, one e-mail with what happened on what
//! they share and follow since the last one. Nothing new, no mail; a relay that refuses is
//! counted and tried again at the next round, since the digest is not marked sent.

use jiff::SignedDuration;
use mastery_domain::ids::UserId;
use mastery_store::{AccountStore, SharingStore, Store};
use serde::Serialize;

use super::Sharing;
use crate::AppError;
use crate::mail::{Mail, MailAddress};

/// How often a person gets a digest, at most.
pub const DIGEST_EVERY: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Where my notifications are e-mailed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailSettingsView {
    /// Null: no digest.
    pub email: Option<String>,
    /// Whether this server sends e-mail at all.
    pub server_sends_mail: bool,
}

/// What one round of digests did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DigestReport {
    pub sent: usize,
    /// Refused by the relay; tried again next round.
    pub failed: usize,
}

impl<S: Store + SharingStore + AccountStore + Clone> Sharing<S> {
    /// Sets where my weekly digest goes, or with `None` stops it.
    pub async fn set_mail_address(&self, me: UserId, email: Option<&str>) -> Result<MailSettingsView, AppError> {
        let address = email.map(str::trim).filter(|e| !e.is_empty()).map(MailAddress::parse).transpose()?;
        if address.is_some() && !self.mailer.sends_mail() {
            return Err(AppError::refused("this server sends no e-mail, so there is no digest to send"));
        }
        self.store.set_mail_address(me, address.as_ref().map(MailAddress::as_str)).await?;
        self.mail_settings(me).await
    }

    pub async fn mail_settings(&self, me: UserId) -> Result<MailSettingsView, AppError> {
        Ok(MailSettingsView { email: self.store.mail_address(me).await?, server_sends_mail: self.mailer.sends_mail() })
    }

    /// Sends the digests that are due: to everyone with an address whose last digest went a
    /// week or more ago (or never), when something happened since.
    pub async fn send_digests(&self) -> Result<DigestReport, AppError> {
        let mut report = DigestReport::default();
        if !self.mailer.sends_mail() {
            return Ok(report);
        }
        let now = self.now();
        for due in self.store.digests_due(now - DIGEST_EVERY).await? {
            let news: Vec<_> = self
                .notifications(due.user)
                .await?
                .into_iter()
                .filter(|n| due.last_sent.map_or(!n.read, |sent| n.at > sent))
                .collect();
            if news.is_empty() {
                continue;
            }
            let Ok(to) = MailAddress::parse(&due.address) else { continue };
            let name = self.name(due.user).await?;
            let mut text = format!("Hello {name},\n\nThis week on Mastery:\n\n");
            for n in &news {
                text.push_str(&format!("- {}\n  {}{}\n", n.text, self.public_url, n.link));
            }
            text.push_str(&format!(
                "\nYour notifications: {}/notifications\nTo stop these e-mails, clear your address there.\n",
                self.public_url
            ));
            let subject = match news.len() {
                1 => "Mastery: 1 thing happened this week".to_owned(),
                n => format!("Mastery: {n} things happened this week"),
            };
            match self.mailer.send(&Mail::new(to, &subject, text)).await {
                Ok(()) => {
                    self.store.mark_digest_sent(due.user, now).await?;
                    report.sent += 1;
                }
                Err(_) => report.failed += 1,
            }
        }
        Ok(report)
    }
}
