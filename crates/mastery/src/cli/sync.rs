//! Arguments of `login`, `sync` and `logout`: one person's records on several devices.

use clap::Args;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The server's address: https://…, or http:// for a server on this machine.
    pub url: String,
    /// Your username on that server.
    #[arg(long)]
    pub user: String,
    /// Read the password from the first line of standard input instead of asking for it.
    #[arg(long)]
    pub password_stdin: bool,
}
