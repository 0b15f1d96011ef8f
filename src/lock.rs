//! The lock edits hold from reading the scenario files to writing the result,
//! so that two edits of one file take turns however each names the corpus.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::{Failure, Result};

/// The lock's file name outside a git repository.
pub const LOCK_FILE: &str = ".whatsnext.lock";

/// An exclusive lock on a corpus, released when dropped.
pub struct CorpusLock {
    _file: File,
}

/// Takes the corpus lock, waiting (with a message) while another edit holds it.
pub fn lock(scenarios: &Path) -> Result<CorpusLock> {
    let path = lock_path(scenarios);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Failure::Invalid(format!("cannot open lock file {}: {e}", path.display())))?;
    share_with_the_group(&file, &path);
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another whatsnext edit to finish…");
            file.lock()
                .map_err(|e| Failure::Invalid(format!("cannot lock {}: {e}", path.display())))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(Failure::Invalid(format!(
                "cannot lock {}: {e}",
                path.display()
            )));
        }
    }
    Ok(CorpusLock { _file: file })
}

/// A lock file in a folder the group may write is made group-writable too, so
/// that the next member of the group can take it (a 0644 lock made by one
/// analyst would block every other's edits).
#[cfg(unix)]
fn share_with_the_group(file: &std::fs::File, path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let folder_shared = path
        .parent()
        .and_then(|d| std::fs::metadata(d).ok())
        .is_some_and(|m| m.permissions().mode() & 0o020 != 0);
    if let Ok(meta) = file.metadata() {
        let mode = meta.permissions().mode();
        if folder_shared && mode & 0o020 == 0 {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(mode | 0o060));
        }
    }
}

#[cfg(not(unix))]
fn share_with_the_group(_: &std::fs::File, _: &Path) {}

/// Where the lock of the scenario files in `folder` is: one file however the
/// corpus is named (`--scenarios D`, `D/sub`, `D/sub/f.toml`, through a link),
/// so that two edits of the same file always take turns. In a git work tree it
/// is `.git/whatsnext.lock` (one lock for the repository, out of the work tree);
/// elsewhere `.whatsnext.lock` in the folder's canonical path.
fn lock_path(folder: &Path) -> PathBuf {
    let canonical = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    for dir in canonical.ancestors() {
        let git = dir.join(".git");
        if git.is_dir() {
            return git.join("whatsnext.lock");
        }
        if git.exists() {
            // A `.git` file (a linked work tree): no git dir of its own to use.
            break;
        }
    }
    canonical.join(LOCK_FILE)
}
