//! The database holds a person's private records, so its files are readable by their owner only
//! (mode 0600 on Unix), whatever the umask says. SQLite creates the `-wal` and `-shm` files with
//! the main file's mode, so making the main file first, owner-only, covers them; files made by an
//! older version are narrowed when opened.

use std::io;
use std::path::Path;

/// Creates `path` owner-only if it is missing, and narrows it and its companions if they exist;
/// answers whether any file had to be narrowed.
#[cfg(unix)]
pub(crate) fn owner_only(path: &Path) -> io::Result<bool> {
    use std::fs::Permissions;
    use std::os::unix::fs::PermissionsExt;

    match create_owner_only(path) {
        Ok(_) => return Ok(false),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let mut narrowed = false;
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let mode = match std::fs::metadata(&file) {
            Ok(metadata) => metadata.permissions().mode(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&file, Permissions::from_mode(mode & 0o700))?;
            narrowed = true;
        }
    }
    Ok(narrowed)
}

/// Elsewhere the platform's own access control applies.
#[cfg(not(unix))]
pub(crate) fn owner_only(_path: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Creates a new, empty file readable by its owner only; fails if `path` exists.
pub(crate) fn create_owner_only(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
