//! E-mail over SMTP: the [`Mailer`] a server is given when `--smtp-url` is set.
//!
//! It lives here, not in `mastery-app`, because it is a network client: the app crate names what
//! a message is and keeps to its use cases, and the server, the only part of Mastery that sends
//! mail, picks how it leaves. Not in the `mastery` binary either, because a binary has no library
//! for its tests to call: here the binary's integration tests can send through it to a local sink.
//!
//! The relay's URL may carry a password. It is never logged nor put in an error: whatever is
//! shown of the URL is [`SmtpMailer`]'s `Display`, with the password replaced by `***`.

use std::fmt;
use std::net::IpAddr;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{Address, AsyncTransport, Tokio1Executor};
use mastery_app::AppError;
use mastery_app::mail::{Mail, Mailer, SendMail};
use url::Url;

/// Sends each message to one SMTP relay, reusing its connections.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The URL as it may be shown: its password, if any, replaced by `***`.
    shown_url: String,
    /// True for plain `smtp://` (no `tls=`) to a host other than this machine.
    unencrypted_to_another_machine: bool,
}

/// Why `--smtp-url` or `--mail-from` cannot be used. The messages never hold the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmtpSetupError {
    /// The relay's URL is not one lettre can use.
    Url(String),
    /// The sender is not an address, or a name and an address.
    From(String),
}

impl fmt::Display for SmtpSetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SmtpSetupError::Url(why) | SmtpSetupError::From(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for SmtpSetupError {}

impl SmtpMailer {
    /// A mailer for the relay at `url`, sending as `from` (`mastery@example.org`, or
    /// `Mastery <mastery@example.org>`). Nothing is connected yet; the first message connects.
    ///
    /// The URL is lettre's: `smtp://HOST:PORT` sends in the clear (a relay on this machine, a
    /// test sink), `smtps://USER:PASSWORD@HOST:PORT` speaks TLS from the start (port 465 unless
    /// given), and `smtp://USER:PASSWORD@HOST:PORT?tls=required` upgrades with STARTTLS (587
    /// unless given; `tls=opportunistic` upgrades only when the relay offers it). Certificates
    /// are checked against the webpki roots. A user and a password are sent only over a URL that
    /// has both.
    ///
    /// Call it inside a Tokio runtime: the connection pool starts its clean-up task here.
    pub fn from_url(url: &str, from: &str) -> Result<Self, SmtpSetupError> {
        let parsed = Url::parse(url).map_err(|why| {
            // The text is not repeated: it may hold a password.
            SmtpSetupError::Url(format!(
                "the SMTP URL is not a URL ({why}); write it as smtp://HOST:PORT or smtps://USER:PASSWORD@HOST:PORT"
            ))
        })?;
        let shown_url = redacted(&parsed);
        let bad_url = |why: &str| SmtpSetupError::Url(format!("the SMTP URL {shown_url} {why}"));
        let tls = parsed.query_pairs().find(|(key, _)| key == "tls").map(|(_, value)| value.into_owned());
        match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None | Some("required" | "opportunistic")) | ("smtps", None) => {}
            ("smtp", Some(other)) => {
                return Err(bad_url(&format!(
                    "asks for tls={other}; use tls=required (STARTTLS, refused if the relay cannot) or tls=opportunistic, or smtps:// for TLS from the start"
                )));
            }
            ("smtps", Some(_)) => {
                return Err(bad_url("has a tls= setting, but smtps:// is TLS from the start; leave tls= out"));
            }
            (scheme, _) => return Err(bad_url(&format!("starts with {scheme}://; use smtp:// or smtps://"))),
        }
        let Some(host) = parsed.host_str().filter(|host| !host.is_empty()) else {
            return Err(bad_url("names no host; write it as smtp://HOST:PORT"));
        };
        if !parsed.username().is_empty() && parsed.password().is_none() {
            return Err(bad_url("names a user but no password; write smtps://USER:PASSWORD@HOST:PORT"));
        }
        let unencrypted_to_another_machine = parsed.scheme() == "smtp" && tls.is_none() && !is_loopback(host);
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|why| bad_url(&format!("cannot be used: {}", without_password(&why.to_string(), &parsed))))?
            .build();
        let from = from.trim().parse::<Mailbox>().map_err(|why| {
            SmtpSetupError::From(format!(
                "the sender '{from}' is not an e-mail address ({why}); write it as mastery@example.org or \"Mastery <mastery@example.org>\""
            ))
        })?;
        Ok(Self { transport, from, shown_url, unencrypted_to_another_machine })
    }

    /// True when messages (and any password) cross the network in the clear: plain `smtp://`
    /// without `tls=` to a host that is not this machine. Worth a warning, not a refusal: a
    /// relay on a private network may be trusted.
    pub fn is_unencrypted_to_another_machine(&self) -> bool {
        self.unencrypted_to_another_machine
    }

    fn message(&self, mail: &Mail) -> Result<Message, AppError> {
        // Checked once by `MailAddress::parse`; lettre checks again by the same rules, so this
        // fails only if the two ever part ways, and then the address is not in the message.
        let to: Address = mail
            .to()
            .as_str()
            .parse()
            .map_err(|why| AppError::refused(format!("the recipient's address cannot be sent to ({why})")))?;
        Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(mail.subject())
            // A Message-ID of this host's: relays and spam filters expect one.
            .message_id(None)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text().to_owned())
            .map_err(|why| AppError::Internal(format!("could not compose an e-mail: {why}")))
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendMail<'a> {
        Box::pin(async move {
            let message = self.message(mail)?;
            self.transport.send(message).await.map(drop).map_err(|why| {
                // lettre's errors name the relay's answer or the network's, never the
                // credentials; the URL is shown redacted.
                AppError::Remote(format!("the mail relay {} did not take the message: {why}", self.shown_url))
            })
        })
    }
}

/// Shows the redacted URL and the sender: what an operator needs, and nothing secret.
impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer").field("url", &self.shown_url).field("from", &self.from.to_string()).finish()
    }
}

/// The relay's URL, redacted: `smtps://mastery:***@mail.example.org:465`.
impl fmt::Display for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown_url)
    }
}

/// `url` with its password, if any, replaced by `***`.
fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        // Only fails for URLs that cannot have a password, and this one has one.
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

/// `text` with the URL's password, as written and decoded, replaced by `***`: lettre's messages
/// do not repeat it today, and this keeps it so if one ever does.
fn without_password(text: &str, url: &Url) -> String {
    let Some(password) = url.password().filter(|p| !p.is_empty()) else {
        return text.to_owned();
    };
    let decoded = percent_encoding::percent_decode_str(password).decode_utf8_lossy();
    let mut text = text.replace(password, "***");
    if !decoded.is_empty() {
        text = text.replace(decoded.as_ref(), "***");
    }
    text
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_error(url: &str) -> String {
        match SmtpMailer::from_url(url, "mastery@example.org") {
            Err(SmtpSetupError::Url(why)) => why,
            other => panic!("{url}: expected a URL error, got {other:?}"),
        }
    }

    #[test]
    fn a_bad_url_says_why_and_never_shows_the_password() {
        for (url, why) in [
            ("mail.example.org", "is not a URL"),
            ("http://user:s3cret@mail.example.org", "use smtp:// or smtps://"),
            ("smtp://user:s3cret@mail.example.org?tls=starttls", "use tls=required"),
            ("smtps://user:s3cret@mail.example.org?tls=required", "leave tls= out"),
            ("smtp://user@mail.example.org", "names a user but no password"),
            ("smtp://user:s3cret@:25", "is not a URL"),
        ] {
            let error = url_error(url);
            assert!(error.contains(why), "{url}: {error}");
            assert!(!error.contains("s3cret"), "{url}: the password is shown: {error}");
        }
        assert!(url_error("smtps://user:s3cret@mail.example.org?tls=required").contains("user:***@mail.example.org"));
    }

    #[tokio::test]
    async fn the_url_is_shown_redacted_and_a_bad_sender_is_refused() {
        let mailer =
            SmtpMailer::from_url("smtps://mastery:p%40ss@mail.example.org:465", "Mastery <mastery@example.org>")
                .expect("a good URL");
        assert_eq!(mailer.to_string(), "smtps://mastery:***@mail.example.org:465");
        let debug = format!("{mailer:?}");
        assert!(!debug.contains("p%40ss") && !debug.contains("p@ss"), "{debug}");
        assert!(!mailer.is_unencrypted_to_another_machine());

        assert!(
            SmtpMailer::from_url("smtp://127.0.0.1:2525", "mastery@example.org")
                .is_ok_and(|m| !m.is_unencrypted_to_another_machine())
        );
        assert!(
            SmtpMailer::from_url("smtp://mail.example.org", "mastery@example.org")
                .is_ok_and(|m| m.is_unencrypted_to_another_machine())
        );
        assert!(
            SmtpMailer::from_url("smtp://mail.example.org?tls=required", "mastery@example.org")
                .is_ok_and(|m| !m.is_unencrypted_to_another_machine())
        );

        let error = SmtpMailer::from_url("smtp://127.0.0.1:2525", "mastery").unwrap_err();
        assert!(
            matches!(&error, SmtpSetupError::From(why) if why.contains("'mastery' is not an e-mail address")),
            "{error:?}"
        );
    }

    #[test]
    fn a_password_never_survives_in_a_message() {
        let url = Url::parse("smtps://mastery:p%40ss@mail.example.org").unwrap();
        assert_eq!(without_password("failed with p%40ss and p@ss", &url), "failed with *** and ***");
    }
}
