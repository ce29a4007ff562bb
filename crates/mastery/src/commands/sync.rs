//! `login`, `sync` and `logout`: this device's records, in step with the person's other devices
//! through their server.

use std::io::BufRead;
use std::path::Path;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

use anyhow::Result;
use mastery_app::{App, AppError};
use mastery_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::cli::LoginArgs;
use crate::login::{self, Login};
use crate::output::Output;
use crate::prompt::Prompter;
use crate::remote::{HttpSync, Remote};

#[derive(Debug, Serialize)]
struct SignedIn<'a> {
    url: &'a str,
    user: &'a str,
}

pub async fn login(
    app: &App<SqliteStore>,
    args: LoginArgs,
    file: &Path,
    ask: Prompter,
    out: &mut Output,
) -> Result<()> {
    let remote = Remote::new(&args.url)?;
    let password = match args.password_stdin {
        true => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
        false => ask.password(&format!("Password for {} on {}:", args.user, remote.base()), "--password-stdin")?,
    };
    if password.is_empty() {
        return Err(
            AppError::refused("the password is empty; type it, or send it on stdin with --password-stdin").into()
        );
    }
    let token = remote.sign_in(&args.user, &password, &device_name())?;
    if let Some(earlier) = login::load(file)? {
        // A second sign-in replaces the first; its token is no longer needed.
        let _ = Remote::new(&earlier.url).and_then(|r| r.revoke(&earlier.token, &earlier.token_id));
    }
    app.bind_sync_server(&format!("{} {}", remote.base(), args.user.to_lowercase())).await?;
    let saved = Login { url: remote.base().to_owned(), user: args.user, token: token.secret, token_id: token.id };
    login::save(file, &saved)?;
    let view = SignedIn { url: &saved.url, user: &saved.user };
    out.emit(&view, |h| {
        h.line(format!("Signed in to {} as {}.", saved.url, h.bold(&saved.user)))?;
        h.line("Next: mastery sync sends your records there and brings back your other devices' changes.")
    })?;
    Ok(())
}

/// What a sync did, for the person and for scripts.
#[derive(Debug, Serialize)]
struct Synced<'a> {
    url: &'a str,
    sent: usize,
    received: usize,
    renamed: Vec<String>,
    requests: usize,
    bytes_sent: u64,
    bytes_received: u64,
    seconds: f64,
}

pub async fn sync(app: &App<SqliteStore>, file: &Path, out: &mut Output) -> Result<()> {
    let login = signed_in(file)?;
    let remote = Remote::new(&login.url)?;
    let client = HttpSync::new(&remote, &login.token);
    let started = Instant::now();
    let report = app.sync(&client).await?;
    let view = Synced {
        url: &login.url,
        sent: report.sent,
        received: report.received,
        renamed: report.renamed,
        requests: report.requests,
        bytes_sent: client.sent_bytes.load(Relaxed),
        bytes_received: client.received_bytes.load(Relaxed),
        seconds: started.elapsed().as_secs_f64(),
    };
    out.emit(&view, |h| {
        let changes = |n: usize| mastery_domain::text::count(n, "change", "changes");
        h.line(format!("Synced with {}: sent {}, received {}.", view.url, changes(view.sent), changes(view.received)))?;
        for line in &view.renamed {
            h.line(format!("Renamed: {line}."))?;
        }
        Ok(())
    })?;
    Ok(())
}

pub async fn logout(file: &Path, out: &mut Output) -> Result<()> {
    let Some(login) = login::load(file)? else {
        return out
            .emit(&serde_json::json!({"signed_out": false}), |h| h.line("Not signed in; nothing to do."))
            .map_err(Into::into);
    };
    let revoked = Remote::new(&login.url).and_then(|r| r.revoke(&login.token, &login.token_id));
    login::remove(file)?;
    let view = serde_json::json!({"signed_out": true, "url": login.url, "token_revoked": revoked.is_ok()});
    out.emit(&view, |h| {
        h.line(format!("Signed out of {}. Your records stay on this device.", login.url))?;
        match &revoked {
            Ok(()) => Ok(()),
            Err(e) => h.line(format!(
                "The server was not told ({e}); revoke the token of this device on your account page there."
            )),
        }
    })?;
    Ok(())
}

/// The sign-in at `file`, or how to make one.
pub fn signed_in(file: &Path) -> Result<Login> {
    login::load(file)?.ok_or_else(|| {
        AppError::refused("this device is not signed in to a server; first run mastery login URL --user NAME").into()
    })
}

/// How the device's token is named on the account page.
fn device_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname").ok().map(|h| h.trim().to_owned()).filter(|h| !h.is_empty());
    format!("mastery sync on {}", host.as_deref().unwrap_or("this device"))
}
