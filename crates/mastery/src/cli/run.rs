//! Arguments of the commands that run Mastery or set it up: the local web app, the server, the
//! demo, the manual pages and shell completions.

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// The command whose page to print, such as `attempt log` [default: mastery itself].
    pub command: Vec<String>,
    /// Write every page (mastery.1, mastery-attempt-log.1, …) into this directory instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on.
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// The address to listen on; loopback keeps it on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Serve the demo history from a separate store (DIR/demo), never your own records.
    #[arg(long)]
    pub demo: bool,
    /// Allow --bind to an address other machines reach: anyone who can reach it reads and
    /// changes your records, with no password (`mastery server` has accounts).
    #[arg(long)]
    pub allow_network: bool,
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// The database: postgres://USER[:PASSWORD]@HOST[:PORT]/DB, or sqlite://PATH.
    #[arg(long, env = "MASTERY_DATABASE_URL", hide_env_values = true)]
    pub database: Option<String>,
    /// The address to listen on [default: 127.0.0.1; behind a reverse proxy keep it on loopback].
    #[arg(long, env = "MASTERY_BIND")]
    pub bind: Option<std::net::IpAddr>,
    /// The port to listen on [default: 8080].
    #[arg(long, env = "MASTERY_PORT")]
    pub port: Option<u16>,
    /// The address people use, such as https://mastery.example.org [default: http://BIND:PORT].
    #[arg(long, env = "MASTERY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Who may create an account: open, invite (with a link from a member) or closed [default: open].
    #[arg(long, env = "MASTERY_SIGNUP")]
    pub signup: Option<String>,
    /// Database connections to keep at most [default: 16].
    #[arg(long, env = "MASTERY_MAX_CONNECTIONS")]
    pub max_connections: Option<u32>,
    /// What to log, as a tracing filter [default: info].
    #[arg(long, env = "MASTERY_LOG")]
    pub log: Option<String>,
    /// The mail relay for invitations and the weekly digest: smtps://USER:PASSWORD@HOST[:PORT]
    /// (TLS), smtp://USER:PASSWORD@HOST[:PORT]?tls=required (STARTTLS), or smtp://HOST:PORT (in
    /// the clear, for a relay on this machine) [default: no e-mail].
    #[arg(long, env = "MASTERY_SMTP_URL", hide_env_values = true, value_name = "URL")]
    pub smtp_url: Option<String>,
    /// The sender of that mail, such as "Mastery <mastery@example.org>"; needed with --smtp-url.
    #[arg(long, env = "MASTERY_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,
    /// How often, in seconds, to look for weekly digests that are due (each person still gets
    /// at most one a week); for tests.
    #[arg(long, hide = true, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..))]
    pub digest_check_secs: u64,
    /// A TOML file with any of these settings.
    #[arg(long, env = "MASTERY_CONFIG")]
    pub config: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seed for the simulated history; the same seed gives the same story.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}
