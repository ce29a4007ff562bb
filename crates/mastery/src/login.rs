//! The sign-in `mastery login` keeps for `mastery sync`: the server's address, the account and
//! an API token, in a file only its owner can read (the token opens the account's records).
//!
//! It lives in the configuration directory (`~/.config/mastery/login.toml`), or beside the
//! records when `--data-dir` names another store: each store syncs on its own.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

const FILE: &str = "login.toml";

/// A device's sign-in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Login {
    /// The server's address, without a trailing slash.
    pub url: String,
    pub user: String,
    /// The API token's secret.
    pub token: String,
    /// The token's id, to revoke it at logout.
    pub token_id: String,
}

/// Where the sign-in of the store in `data_dir` (given with `--data-dir`, or the default) lives.
pub fn path(data_dir: Option<&Path>) -> Result<PathBuf> {
    match data_dir {
        Some(dir) => Ok(dir.join(FILE)),
        None => dirs::config_dir()
            .map(|d| d.join("mastery").join(FILE))
            .context("could not find a configuration directory; pass --data-dir DIR"),
    }
}

/// The sign-in kept at `path`, if any.
pub fn load(path: &Path) -> Result<Option<Login>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("could not read {}", path.display())),
    };
    let login = toml::from_str(&text)
        .with_context(|| format!("{} is damaged; sign in again with mastery login", path.display()))?;
    Ok(Some(login))
}

/// Keeps `login` at `path`, readable by its owner only, replacing any earlier one whole.
pub fn save(path: &Path, login: &Login) -> Result<()> {
    let dir = path.parent().context("the sign-in file has no directory")?;
    crate::store::create_private_dir(dir).with_context(|| format!("could not create {}", dir.display()))?;
    let text = toml::to_string(login).context("could not write the sign-in")?;
    // A temporary file is created for its owner alone; renamed, it replaces the old one whole.
    let mut file =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("could not write in {}", dir.display()))?;
    file.write_all(text.as_bytes()).and_then(|()| file.as_file().sync_all())?;
    file.persist(path).with_context(|| format!("could not write {}", path.display()))?;
    Ok(())
}

/// Removes the sign-in at `path`; answers whether there was one.
pub fn remove(path: &Path) -> Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("could not remove {}", path.display())),
    }
}
