//! E-mail in server mode: a message sent through the SMTP mailer arrives at a local SMTP sink
//! with its recipient, subject and body; a relay's refusal is an error that names no secret; and
//! `mastery server` refuses a bad `--smtp-url` or `--mail-from` at start, naming the flag and
//! never the password.

mod common;

use std::process::Command;
use std::time::Duration;

use common::server::Server;
use common::smtp::{REFUSED_DOMAIN, SmtpSink};
use mastery_app::AppError;
use mastery_app::mail::{Mail, MailAddress, Mailer};
use mastery_web::SmtpMailer;

fn mail(to: &str, subject: &str, text: &str) -> Mail {
    Mail::new(MailAddress::parse(to).expect("a valid address"), subject, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_sent_over_smtp_arrives_with_its_recipient_subject_and_body() {
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::from_url(&sink.url(), "Mastery <mastery@example.org>").expect("the sink's URL");
    assert!(mailer.sends_mail());

    // A line of a lone dot would end the message early if it were not escaped on the way.
    let invitation =
        "Grace shares her goal \"Run 5 km\" with you as a partner.\n.\nAccept: http://127.0.0.1:8080/invitations/abc\n";
    mailer.send(&mail("ada@example.org", "Grace invites you to a goal", invitation)).await.expect("sent");
    // Text beyond ASCII travels encoded (quoted-printable or base64, and RFC 2047 in the
    // subject); the second message also goes over the pooled connection of the first.
    let digest = "Your week — 3 attempts, 2 successes.\nZoë cheered “Run 5 km”.\n";
    mailer.send(&mail("zoe@example.org", "Your week in Mastery — 3 attempts", digest)).await.expect("sent");

    let received = sink.wait_for(2, Duration::from_secs(10));
    assert_eq!(received[0].from, "mastery@example.org");
    assert_eq!(received[0].to, ["ada@example.org"]);
    assert_eq!(received[0].header("To").as_deref(), Some("ada@example.org"));
    assert_eq!(received[0].header("From").as_deref(), Some("Mastery <mastery@example.org>"));
    assert_eq!(received[0].subject(), "Grace invites you to a goal");
    assert!(received[0].header("Message-ID").is_some_and(|id| id.starts_with('<') && id.ends_with('>')));
    assert_eq!(received[0].text().trim_end(), invitation.trim_end());
    assert_eq!(received[1].to, ["zoe@example.org"]);
    assert_eq!(received[1].subject(), "Your week in Mastery — 3 attempts");
    assert_eq!(received[1].text().trim_end(), digest.trim_end());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recipient_the_relay_refuses_is_a_remote_error_naming_no_password() {
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::from_url(&sink.url(), "mastery@example.org").expect("the sink's URL");
    let error = mailer
        .send(&mail(&format!("nobody@{REFUSED_DOMAIN}"), "Hello", "Hello."))
        .await
        .expect_err("the sink refuses this domain");
    assert!(matches!(error, AppError::Remote(_)), "{error:?}");
    assert!(!error.is_usage());
    let message = error.to_string();
    assert!(message.contains("550") && message.contains(&sink.url()), "{message}");
    assert!(sink.received().is_empty());
}

/// `mastery server ARGS` on a fresh SQLite file, which must fail at start.
fn refused_server(flags: &[&str]) -> (String, bool) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("server.db");
    let output = Command::new(env!("CARGO_BIN_EXE_mastery"))
        .args(["server", "--database", &format!("sqlite://{}", database.display()), "--port", "0"])
        .args(flags)
        .env_remove("MASTERY_SMTP_URL")
        .env_remove("MASTERY_MAIL_FROM")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "mastery server {flags:?} should exit 2; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stderr, database.exists())
}

#[test]
fn a_bad_smtp_url_stops_the_server_at_start_naming_the_flag_and_not_the_password() {
    for url in [
        "smtp://ada:s3cret@mail.example.org?tls=starttls",
        "http://ada:s3cret@mail.example.org",
        "smtps://ada:s3cret@:465",
        "mail.example.org",
    ] {
        let (stderr, database_created) = refused_server(&["--smtp-url", url, "--mail-from", "mastery@example.org"]);
        assert!(stderr.contains("--smtp-url"), "{url}: the message should name the flag: {stderr}");
        assert!(!stderr.contains("s3cret"), "{url}: the password is shown: {stderr}");
        assert!(!database_created, "{url}: the database was opened before the mail settings were checked");
    }
}

#[test]
fn the_sender_and_the_relay_go_together() {
    let (stderr, _) = refused_server(&["--smtp-url", "smtp://127.0.0.1:25", "--mail-from", "mastery"]);
    assert!(stderr.contains("--mail-from") && stderr.contains("not an e-mail address"), "{stderr}");
    let (stderr, _) = refused_server(&["--smtp-url", "smtp://ada:s3cret@127.0.0.1:25"]);
    assert!(stderr.contains("--smtp-url needs --mail-from") && !stderr.contains("s3cret"), "{stderr}");
    let (stderr, _) = refused_server(&["--mail-from", "mastery@example.org"]);
    assert!(stderr.contains("--mail-from needs --smtp-url"), "{stderr}");
}

#[test]
fn a_server_with_a_relay_logs_it_without_its_password() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = format!("sqlite://{}", dir.path().join("server.db").display());
    let sink = SmtpSink::start();
    let url = format!("smtp://mastery:s3cret@{}", sink.addr());
    let server = Server::start_with(&database, 0, &["--smtp-url", &url, "--mail-from", "mastery@example.org"]);
    let log = server.log();
    assert!(log.contains(&format!("smtp://mastery:***@{}", sink.addr())), "{log}");
    assert!(!log.contains("s3cret"), "the password reached the log: {log}");
    assert!(!log.contains("in the clear"), "a relay on this machine needs no warning: {log}");
}
