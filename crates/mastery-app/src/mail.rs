//! E-mail, as a port. A server tells people by mail about an invitation and sends a weekly
//! digest; how the mail leaves (an SMTP relay, nothing at all, a list in a test) is the server's
//! choice, not the use cases'. So this crate names what a message is and what sending one means
//! ([`Mailer`]), and stays free of network clients: the SMTP adapter lives with the server
//! (`mastery_web::mail`), as the database adapters live in their own crates.
//!
//! Addresses are checked where they come in ([`MailAddress::parse`]), so a typo is refused to the
//! person who typed it, not discovered later by a relay that nobody reads the bounces of.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use email_address::{EmailAddress, Options};

use crate::AppError;

/// An e-mail address that has been checked: `local@domain.tld`, with no display name and no IP
/// address for a domain (a person types neither into a form).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Email))]
pub struct MailAddress(String);

impl MailAddress {
    /// The address in `text` (spaces around it are ignored), or why it is not one.
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let text = text.trim();
        // A domain with a dot: `ada@gmail` is a typo far more often than a host on an intranet.
        let options = Options::default().without_display_text().without_domain_literal().with_required_tld();
        EmailAddress::parse_with_options(text, options).map(|address| Self(address.as_str().to_owned())).map_err(
            |why| AppError::refused(format!("'{text}' is not an e-mail address ({why}); type it as name@example.org")),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for MailAddress {
    type Err = AppError;

    fn from_str(text: &str) -> Result<Self, AppError> {
        Self::parse(text)
    }
}

impl TryFrom<String> for MailAddress {
    type Error = AppError;

    fn try_from(text: String) -> Result<Self, AppError> {
        Self::parse(&text)
    }
}

impl From<MailAddress> for String {
    fn from(address: MailAddress) -> Self {
        address.0
    }
}

/// One plain-text message to one person. The sender is the server's (`--mail-from`), so a
/// message names only its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    to: MailAddress,
    subject: String,
    text: String,
}

impl Mail {
    /// A message to `to`. The subject is made one line (runs of white space, line breaks among
    /// them, become one space), so text a person typed, such as a goal's title, can never add a
    /// header of its own.
    pub fn new(to: MailAddress, subject: &str, text: impl Into<String>) -> Self {
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        Self { to, subject, text: text.into() }
    }

    pub fn to(&self) -> &MailAddress {
        &self.to
    }

    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The body, plain text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// What [`Mailer::send`] returns: boxed, so a server can hold any mailer as `Arc<dyn Mailer>`.
pub type SendMail<'a> = Pin<Box<dyn Future<Output = Result<(), AppError>> + Send + 'a>>;

/// Where a server's mail goes.
///
/// `send` completes when the message has been handed on (to the relay, for SMTP); a failure is
/// [`AppError::Remote`] and means nothing was sent, so a caller may try again later. A failure
/// to send never undoes what the person did (an invitation stays, with its link to share).
pub trait Mailer: Send + Sync + fmt::Debug {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendMail<'a>;

    /// False when mail goes nowhere ([`NoMail`]): the person is then given the link to pass on
    /// themselves, and nothing is composed for nobody.
    fn sends_mail(&self) -> bool {
        true
    }
}

/// A server without e-mail: every message is dropped, and [`Mailer::sends_mail`] says so.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoMail;

impl Mailer for NoMail {
    fn send<'a>(&'a self, _mail: &'a Mail) -> SendMail<'a> {
        Box::pin(std::future::ready(Ok(())))
    }

    fn sends_mail(&self) -> bool {
        false
    }
}

/// Keeps every message it is given, for tests of the flows that send mail without a relay.
#[derive(Debug, Clone, Default)]
pub struct MemoryMailer {
    sent: Arc<Mutex<Vec<Mail>>>,
}

impl MemoryMailer {
    /// The messages sent so far, oldest first.
    pub fn sent(&self) -> Vec<Mail> {
        self.sent.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

impl Mailer for MemoryMailer {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendMail<'a> {
        self.sent.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(mail.clone());
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_checked_where_it_comes_in() {
        assert_eq!(MailAddress::parse("  ada@example.org ").unwrap().as_str(), "ada@example.org");
        assert_eq!(
            MailAddress::parse("grace.hopper+mastery@mail.example.co.uk").unwrap().to_string(),
            "grace.hopper+mastery@mail.example.co.uk"
        );
        for typo in [
            "",
            "ada",
            "ada@",
            "@example.org",
            "ada@gmail",
            "ada example.org",
            "Ada <ada@example.org>",
            "ada@[127.0.0.1]",
            "ada@example.org\r\nBcc: eve@example.org",
        ] {
            let error = MailAddress::parse(typo).expect_err(typo);
            assert!(error.is_usage(), "{typo:?}: {error}");
            assert!(error.to_string().contains("is not an e-mail address"), "{error}");
        }
    }

    #[test]
    fn an_address_is_read_from_json_only_when_valid() {
        let address: MailAddress = serde_json::from_str("\"ada@example.org\"").unwrap();
        assert_eq!(serde_json::to_string(&address).unwrap(), "\"ada@example.org\"");
        assert!(serde_json::from_str::<MailAddress>("\"ada\"").is_err());
    }

    #[test]
    fn a_subject_is_one_line() {
        let to = MailAddress::parse("ada@example.org").unwrap();
        let mail = Mail::new(to, "Ada invited you\r\nBcc: eve@example.org \t to  'Run 5 km'", "Hello.\n");
        assert_eq!(mail.subject(), "Ada invited you Bcc: eve@example.org to 'Run 5 km'");
        assert_eq!(mail.text(), "Hello.\n");
    }

    #[tokio::test]
    async fn no_mail_drops_and_memory_keeps() {
        let mail = Mail::new(MailAddress::parse("ada@example.org").unwrap(), "Hi", "Body");
        assert!(!NoMail.sends_mail());
        NoMail.send(&mail).await.unwrap();

        let memory = MemoryMailer::default();
        let mailer: Arc<dyn Mailer> = Arc::new(memory.clone());
        assert!(mailer.sends_mail());
        mailer.send(&mail).await.unwrap();
        assert_eq!(memory.sent(), vec![mail]);
    }
}
