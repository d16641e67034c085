//! Atomic file writes: a reader sees the old file or the whole new one, never half of it.

use std::io::Write;
use std::path::Path;

use crate::Error;

/// Writes `bytes` to `path` through a temporary file in the same folder: write, fsync, rename
/// over the target, then fsync the folder (best effort) so the rename survives a power cut.
///
/// A target that is a folder, a missing or read-only folder, or a full disk gives a one-sentence
/// error naming the path; no half-written or temporary file remains after a failure.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// `write_atomically` for content written as it is made (millions of Monte Carlo samples, say,
/// that are never held whole): `fill` writes into the temporary file, through a buffer. When
/// `fill` fails, the target is left as it was and the temporary file removed.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        message: io_reason(&e),
    };
    if path.as_os_str().is_empty() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            message: "the file name is empty".into(),
        });
    }
    if path.is_dir() {
        return Err(Error::TargetIsFolder {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Error::Write {
                path: path.to_path_buf(),
                message: format!("{} is not a folder", dir.display()),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Write {
                path: path.to_path_buf(),
                message: format!("the folder {} does not exist", dir.display()),
            })
        }
        Err(e) => return Err(fail(e)),
    }
    // The temporary file is removed when `tmp` drops on any early return below.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".costscope-").suffix(".tmp");
    #[cfg(unix)]
    {
        // A temporary file is private (0600); the result should read like any new file
        // (0666 less the umask), or keep the mode of the file it replaces.
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o666);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        fill(&mut out).map_err(fail)?;
        out.flush().map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    // Make the rename durable; some file systems refuse to fsync a folder, which is harmless.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The OS reason without the "(os error 13)" noise, lower-case to follow "could not be written:".
fn io_reason(e: &std::io::Error) -> String {
    let text = match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        std::io::ErrorKind::StorageFull => "the disk is full".to_string(),
        _ => e.to_string(),
    };
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn writes_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(leftovers(dir.path()), ["a.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_not_private_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.svg");
        write_atomically(&p, b"one").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // What any program's new file gets here: 0666 less the umask.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"x").unwrap();
        let usual = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual, "{mode:o} vs {usual:o}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&p, b"two").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn folder_target_and_missing_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomically(dir.path(), b"x").unwrap_err();
        assert!(matches!(e, Error::TargetIsFolder { .. }));
        assert!(e.to_string().contains(&dir.path().display().to_string()));
        let missing = dir.path().join("nope").join("a.png");
        let e = write_atomically(&missing, b"x").unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");
        assert!(!e.to_string().contains('\n'));
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_file_as_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, b"keep").unwrap();
        let e = write_atomically(&file.join("a.png"), b"x").unwrap_err();
        assert!(e.to_string().contains("is not a folder"), "{e}");
        assert_eq!(std::fs::read(&file).unwrap(), b"keep");
        assert_eq!(leftovers(dir.path()), ["plain"]);
    }
}
