//! `server`: Mastery for many people on one database (PostgreSQL, or an SQLite file for a small
//! group), with accounts. Settings come from flags, then the environment (`MASTERY_*`), then an
//! optional TOML file (`--config`), then defaults; the first that gives a value wins. Logs go to
//! stderr, one line per request, with no record contents, passwords, tokens or cookies.
//! E-mail goes through the SMTP relay of `--smtp-url` when one is given, else nowhere.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use jiff::SignedDuration;
use mastery_app::SystemClock;
use mastery_app::accounts::{SessionPolicy, SignupMode};
use mastery_app::mail::{Mailer, NoMail};
use mastery_app::sharing::Sharing;
use mastery_store_postgres::PgStore;
use mastery_store_sqlite::SqliteStore;
use mastery_web::{ServerConfig, SmtpMailer, SmtpSetupError, WebStore};
use serde::Deserialize;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::cli::ServerArgs;
use crate::hints::usage;

/// What the optional configuration file may set; flags and the environment win over it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database: Option<String>,
    bind: Option<IpAddr>,
    port: Option<u16>,
    public_url: Option<String>,
    signup: Option<String>,
    max_connections: Option<u32>,
    session_idle_days: Option<u32>,
    session_days: Option<u32>,
    log: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
}

/// The settings, merged.
#[derive(Debug)]
struct Settings {
    database: String,
    addr: SocketAddr,
    /// None: `http://` and the address bound (known only once bound, when the port is 0).
    public_url: Option<String>,
    signup: SignupMode,
    max_connections: u32,
    policy: SessionPolicy,
    log: String,
    mail: Option<MailSettings>,
    /// How often the digest round looks for people due one.
    digest_check: std::time::Duration,
}

/// The relay and the sender, given together or not at all.
#[derive(Debug)]
struct MailSettings {
    /// May hold a password: never printed, only handed to [`SmtpMailer::from_url`].
    smtp_url: String,
    from: String,
}

fn settings(args: ServerArgs) -> Result<Settings> {
    let file = match &args.config {
        Some(path) => read_file(path)?,
        None => FileConfig::default(),
    };
    let Some(database) = args.database.or(file.database) else {
        return Err(usage(
            "no database given",
            "pass --database postgres://USER@HOST/DB (or sqlite://PATH), set MASTERY_DATABASE_URL, or put `database = \"…\"` in the --config file",
        ));
    };
    let bind = args.bind.or(file.bind).unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let port = args.port.or(file.port).unwrap_or(8080);
    let addr = SocketAddr::new(bind, port);
    let public_url = args.public_url.or(file.public_url);
    let signup = match args.signup.or(file.signup) {
        Some(mode) => {
            SignupMode::parse(&mode).map_err(|e| usage(&e.to_string(), "use --signup open, invite or closed"))?
        }
        None => SignupMode::Open,
    };
    let mail = match (args.smtp_url.or(file.smtp_url), args.mail_from.or(file.mail_from)) {
        (Some(smtp_url), Some(from)) => Some(MailSettings { smtp_url, from }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(usage(
                "--smtp-url needs --mail-from: the address the mail is sent from",
                "pass --mail-from \"Mastery <mastery@example.org>\" (or set MASTERY_MAIL_FROM)",
            ));
        }
        (None, Some(_)) => {
            return Err(usage(
                "--mail-from needs --smtp-url: the relay that sends the mail",
                "pass --smtp-url smtps://USER:PASSWORD@HOST (or set MASTERY_SMTP_URL), or leave --mail-from out to send no e-mail",
            ));
        }
    };
    let mut policy = SessionPolicy::default();
    if let Some(days) = file.session_idle_days {
        policy.idle = SignedDuration::from_hours(24 * i64::from(days));
    }
    if let Some(days) = file.session_days {
        policy.absolute = SignedDuration::from_hours(24 * i64::from(days));
    }
    Ok(Settings {
        database,
        addr,
        public_url,
        signup,
        max_connections: args.max_connections.or(file.max_connections).unwrap_or(16),
        policy,
        log: args.log.or(file.log).unwrap_or_else(|| "info".to_owned()),
        mail,
        digest_check: std::time::Duration::from_secs(args.digest_check_secs),
    })
}

fn read_file(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the configuration file {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        usage(
            &format!("the configuration file {} is not valid: {e}", path.display()),
            "see `mastery server --help` for its keys",
        )
    })
}

/// The SMTP mailer the settings ask for (none without `--smtp-url`), or the usage error naming
/// the flag to fix.
fn smtp_mailer(settings: Option<&MailSettings>) -> Result<Option<SmtpMailer>> {
    let Some(mail) = settings else {
        return Ok(None);
    };
    match SmtpMailer::from_url(&mail.smtp_url, &mail.from) {
        Ok(mailer) => Ok(Some(mailer)),
        Err(SmtpSetupError::Url(why)) => Err(usage(
            &format!("--smtp-url: {why}"),
            "for example --smtp-url smtps://USER:PASSWORD@mail.example.org, smtp://USER:PASSWORD@mail.example.org?tls=required, or smtp://127.0.0.1:25 for a relay on this machine",
        )),
        Err(SmtpSetupError::From(why)) => {
            Err(usage(&format!("--mail-from: {why}"), "for example --mail-from \"Mastery <mastery@example.org>\""))
        }
    }
}

pub async fn run(args: ServerArgs) -> Result<()> {
    let settings = settings(args)?;
    // Before the database is opened, so a mistyped relay is told at once and changes nothing.
    let smtp = smtp_mailer(settings.mail.as_ref())?;
    // Targets, not EnvFilter: levels per module are all a server needs, and EnvFilter's span
    // matching costs every poll of every request (measured: 4% of a domain page's time).
    let filter: Targets = settings.log.parse().map_err(|e| {
        usage(
            &format!("the log filter '{}' is not valid: {e}", settings.log),
            "use a level such as info or warn, or sqlx=warn,info",
        )
    })?;
    // Logs may be collected elsewhere; they say what happened, never what a person wrote.
    tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_ansi(false))
        .with(filter)
        .init();
    let mailer: Arc<dyn Mailer> = match smtp {
        Some(smtp) => {
            // Its Display is the URL with the password replaced by ***.
            tracing::info!(relay = %smtp, "e-mail goes through this relay");
            if smtp.is_unencrypted_to_another_machine() {
                tracing::warn!(
                    relay = %smtp,
                    "e-mail to another machine in the clear: use smtps:// or ?tls=required unless the network between is trusted"
                );
            }
            Arc::new(smtp)
        }
        None => Arc::new(NoMail),
    };
    let database = settings.database.clone();
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        let store = PgStore::connect(&database, settings.max_connections)
            .await
            // The URL is not repeated: it may hold a password.
            .context("could not open the PostgreSQL database")?;
        serve(store, settings, mailer).await
    } else if let Some(path) = database.strip_prefix("sqlite://") {
        let store = SqliteStore::open_with(Path::new(path), settings.max_connections)
            .await
            .with_context(|| format!("could not open the SQLite database {path}"))?;
        if store.narrowed_permissions() {
            tracing::warn!("the database files were readable by other accounts; they are now owner-only");
        }
        serve(store, settings, mailer).await
    } else {
        bail!(usage(
            "the database URL must start with postgres:// or sqlite://",
            "for example --database postgres://mastery@localhost/mastery"
        ))
    }
}

async fn serve<S: WebStore>(store: S, settings: Settings, mailer: Arc<dyn Mailer>) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(settings.addr).await.with_context(|| {
        format!("could not listen on {}; is another server using the port? Try --port", settings.addr)
    })?;
    let addr = listener.local_addr()?;
    let public_url = settings.public_url.unwrap_or_else(|| format!("http://{addr}"));
    if mailer.sends_mail() {
        let sharing = Sharing::new(store.clone(), Arc::new(SystemClock), &public_url, Arc::clone(&mailer));
        tokio::spawn(send_digests(sharing, settings.digest_check));
    }
    let config =
        ServerConfig { public_url: public_url.clone(), signup: settings.signup, policy: settings.policy, mailer };
    let router = mastery_web::server_router(store, Arc::new(SystemClock), addr, &config)
        .map_err(|e| usage(&e, "pass --public-url https://your.host"))?;
    if !addr.ip().is_loopback() && public_url.starts_with("http://") {
        tracing::warn!(
            "listening beyond this machine without TLS: put it behind a reverse proxy that speaks HTTPS and pass --public-url https://…"
        );
    }
    tracing::info!(address = %addr, public_url = %public_url, signup = %settings.signup, "Mastery server ready");
    mastery_web::serve(listener, router, shutdown()).await.context("the server stopped")?;
    tracing::info!("stopped: every request under way was answered");
    Ok(())
}

/// Every `every`, sends the weekly digests that are due; for the life of the server. Each person
/// gets at most one a week whatever `every` is; a round that fails is logged and tried again.
async fn send_digests<S: WebStore>(sharing: Sharing<S>, every: std::time::Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match sharing.send_digests().await {
            Ok(report) if report.sent + report.failed > 0 => {
                tracing::info!(sent = report.sent, failed = report.failed, "weekly digests");
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "the weekly digests could not be sent; trying again later"),
        }
    }
}

/// Completes on Ctrl-C or SIGTERM (what systemd sends), so requests under way finish first.
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing the requests under way");
}
