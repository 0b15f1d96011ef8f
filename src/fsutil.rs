//! Writing files: every file whatsnext writes (an edited or new scenario, an
//! import draft, an export, a digest, the files of `init`) goes through here.
//!
//! Invariants:
//! - A write goes to a temporary file in the target's own folder (a rename
//!   across filesystems would fail), is flushed to disk, and is renamed over the
//!   target: a reader sees the old file or the new one, never half of one. The
//!   temporary file's name starts with a dot and ends in `.tmp`, so a concurrent
//!   read of the scenarios folder never takes it for a scenario.
//! - An existing file keeps its permissions. A new file gets the mode any program
//!   gives a new file, 0666 less the process's umask: the temporary file is
//!   opened with that mode and the kernel applies the umask (nothing is probed).
//! - A symlinked target is followed: the file it names is replaced, the link
//!   stays a link.
//! - [`create_new`] never replaces anything, not even a dangling link; it fails
//!   with [`io::ErrorKind::AlreadyExists`].

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Links followed before giving up (as the kernel does, ELOOP).
const MAX_LINKS: usize = 40;

/// Replaces (or creates) the file at `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::new(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Like [`write_atomic`], for output written piece by piece: `write` gets a
/// buffered writer into the temporary file.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicFile::new(path)?;
    {
        let mut out = BufWriter::with_capacity(1 << 16, &mut file);
        write(&mut out)?;
        out.flush()?;
    }
    file.commit()
}

/// Creates the file at `path` with `bytes`, atomically; fails with
/// [`io::ErrorKind::AlreadyExists`] if anything is there, without touching it.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent(path);
    let mut tmp = temp_in(&dir, true)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// A file being replaced: written to a temporary file beside the target, then
/// renamed over it by [`AtomicFile::commit`]. Dropped without a commit, it
/// leaves the target as it was and removes the temporary file.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
    dir: PathBuf,
}

impl AtomicFile {
    /// Starts replacing the file at `path` (the file a symlink names), or
    /// creating it when it does not exist.
    pub fn new(path: &Path) -> io::Result<AtomicFile> {
        let target = follow_links(path)?;
        let dir = parent(&target);
        let existing = fs::metadata(&target).ok();
        let tmp = temp_in(&dir, existing.is_none())?;
        if let Some(meta) = existing {
            tmp.as_file().set_permissions(meta.permissions())?;
            keep_owner(tmp.as_file(), &meta, &target)?;
        }
        Ok(AtomicFile { tmp, target, dir })
    }

    /// Flushes the new contents to disk, before [`AtomicFile::rename`].
    pub fn sync(&self) -> io::Result<()> {
        self.tmp.as_file().sync_all()
    }

    /// Renames the (synced) new contents over the target.
    pub fn rename(self) -> io::Result<()> {
        self.tmp.persist(&self.target).map_err(|e| e.error)?;
        sync_dir(&self.dir);
        Ok(())
    }

    /// The folder the file is in, where the temporary file is.
    pub fn folder(&self) -> &Path {
        &self.dir
    }

    /// When the temporary file was created, by the file system's clock.
    pub fn created(&self) -> io::Result<std::time::SystemTime> {
        self.tmp.as_file().metadata()?.modified()
    }

    /// The file that will be replaced: `path` with its symlinks followed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the new contents to disk and renames them over the target.
    pub fn commit(self) -> io::Result<()> {
        self.sync()?;
        self.rename()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

/// Gives the new file the owner and group of the one it replaces (an edit by
/// another member of a shared folder must not take the file away from its
/// owner); when that is not permitted, nothing is written.
#[cfg(unix)]
fn keep_owner(tmp: &fs::File, old: &fs::Metadata, target: &Path) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = tmp.metadata()?;
    if new.uid() == old.uid() && new.gid() == old.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(tmp, Some(old.uid()), Some(old.gid())).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot keep the owner and group of {} ({e}); nothing written — ask its owner, or edit as a user who may",
                target.display()
            ),
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &fs::Metadata, _: &Path) -> io::Result<()> {
    Ok(())
}

/// `path` with every symlink in its last component followed, even a dangling
/// one (whose target is then created). The folders on the way are left as they
/// are: the rename happens in the final file's folder either way.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = if link.is_absolute() {
                    link
                } else {
                    parent(&current).join(link)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// The folder a file is in (`.` for a bare file name).
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary file in `dir`; `fresh`: with a new file's mode rather than 0600.
/// How old a temporary file of ours must be before it counts as left behind by
/// a killed run rather than as another write under way.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes the temporary files a killed edit left in `dir` (ours by their name,
/// and older than [`STALE_AFTER`] at `now`, the modification time of a file just
/// created: the file system's clock, not the program's). Called by edits, which
/// hold the lock.
pub fn remove_stale_temps(dir: &Path, now: std::time::SystemTime) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".whatsnext-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn temp_in(dir: &Path, fresh: bool) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".whatsnext-").suffix(".tmp");
    if fresh {
        // Opened with 0666; the kernel takes the umask off, as for any new file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
    }
    builder.tempfile_in(dir).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot create a temporary file in {}: {e}", dir.display()),
        )
    })
}

/// Flushes a rename to disk (best effort: not every platform can sync a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn write_atomic_replaces_or_creates_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        write_atomic_with(&path, |w: &mut dyn Write| w.write_all(b"three")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        assert_eq!(names(dir.path()), ["f.txt"]);
    }

    #[test]
    fn create_new_never_replaces_anything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        create_new(&path, b"first").unwrap();
        let err = create_new(&path, b"second").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        assert_eq!(names(dir.path()), ["f.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_stay_links() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.txt");
        symlink("real.txt", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
        // A dangling link: the file it names is created.
        let dangling = dir.path().join("dangling.txt");
        symlink("later.txt", &dangling).unwrap();
        write_atomic(&dangling, b"made").unwrap();
        assert_eq!(fs::read(dir.path().join("later.txt")).unwrap(), b"made");
        assert!(
            fs::symlink_metadata(&dangling)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // create_new does not write through a link, dangling or not.
        let err = create_new(&dangling, b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    }
}
