//! The lock an edit holds on its file from reading it to writing the result, so
//! that two edits of one file take turns however each names the corpus.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::Result;
use crate::edit::Refusal;

/// The lock's file name outside a git repository.
pub const LOCK_FILE: &str = ".whatsnext.lock";

/// An exclusive lock for editing files, released when dropped.
pub struct EditLock {
    _file: File,
}

/// Takes the lock for editing or creating the file at `path`, waiting (with a
/// message) while another edit holds it. The lock is keyed by the file's
/// canonical path (its link followed), never by how the corpus was named, so
/// that `--scenarios D`, `--scenarios D/sub` and `--scenarios D/sub/f.toml`
/// take turns on `D/sub/f.toml`.
pub fn lock_file(path: &Path) -> Result<EditLock> {
    let canonical = path.canonicalize().ok().or_else(|| {
        // A file not created yet: its folder's canonical path.
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Some(folder.canonicalize().ok()?.join(path.file_name()?))
    });
    let folder = canonical
        .as_deref()
        .and_then(Path::parent)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    lock_at(&lock_path(&folder))
}

/// Takes the lock for creating files in `folder` (see [`lock_file`]).
pub fn lock_folder(folder: &Path) -> Result<EditLock> {
    let canonical = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    lock_at(&lock_path(&canonical))
}

fn lock_at(path: &Path) -> Result<EditLock> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Refusal::Lock(format!("cannot open lock file {}: {e}", path.display())))?;
    share_with_the_group(&file, path);
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another whatsnext edit to finish…");
            file.lock()
                .map_err(|e| Refusal::Lock(format!("cannot lock {}: {e}", path.display())))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(Refusal::Lock(format!("cannot lock {}: {e}", path.display())).into());
        }
    }
    Ok(EditLock { _file: file })
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

/// Where the lock of the files in the canonical folder `folder` is. In a git
/// work tree it is `.git/whatsnext.lock` (one lock for the repository, out of
/// the work tree); elsewhere `.whatsnext.lock` in the folder itself.
fn lock_path(folder: &Path) -> PathBuf {
    for dir in folder.ancestors() {
        let git = dir.join(".git");
        if git.is_dir() {
            return git.join("whatsnext.lock");
        }
        if git.exists() {
            // A `.git` file (a linked work tree): no git dir of its own to use.
            break;
        }
    }
    folder.join(LOCK_FILE)
}
