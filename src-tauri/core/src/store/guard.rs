//! The one check every file write of both shells goes through (chart images, CSV/JSON files,
//! result files, scenario files): it refuses a target that is the database or one of the files
//! SQLite keeps beside it, and a file name whose extension says another format.
//!
//! "The same file" means the same device and inode (file index on Windows, via `same-file`), so
//! a link, a `..` or another spelling of the path is caught; a side file that does not exist yet
//! is caught by its name in the database's (resolved) folder.
//!
//! On Unix the identity comes from `stat`, never from opening the file: closing any descriptor
//! of the database would drop the POSIX locks SQLite holds on it in this process, and another
//! process could then checkpoint and delete the WAL under the open store.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const SIDE_SUFFIXES: [&str; 3] = ["-wal", "-shm", "-journal"];

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Which file `path` is (following links), without opening it on Unix (see the module note).
#[derive(Debug)]
pub(crate) struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] same_file::Handle);

impl PartialEq for FileId {
    fn eq(&self, other: &FileId) -> bool {
        self.0 == other.0
    }
}

impl FileId {
    pub(crate) fn of(path: &Path) -> std::io::Result<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(path)?;
            Ok(FileId((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            same_file::Handle::from_path(path).map(FileId)
        }
    }
}

/// `path` with its folder resolved (links, `.`, `..`), for files that may not exist yet.
fn resolved(path: &Path) -> Option<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(path.file_name()?))
}

/// Which of the database's files `target` would land on, if any.
fn lands_on(target: &Path, db: &Path) -> Option<&'static str> {
    let files = std::iter::once(("the scenario database", db.to_path_buf())).chain(
        SIDE_SUFFIXES.iter().map(|s| {
            (
                "a file SQLite keeps beside the scenario database",
                with_suffix(db, s),
            )
        }),
    );
    let target_resolved = resolved(target);
    for (what, file) in files {
        let same = matches!((FileId::of(target), FileId::of(&file)), (Ok(a), Ok(b)) if a == b);
        if same {
            return Some(what);
        }
        if target_resolved.is_some() && target_resolved == resolved(&file) {
            return Some(what);
        }
    }
    None
}

/// Checks a file the user chose to write: not the database `db` (when known) nor its -wal, -shm
/// or -journal file, and, when the name has an extension, the extension of the format written
/// (`ext`, e.g. "png"). The error names `field` and says why in one sentence.
pub fn check_write_target(field: &str, target: &Path, db: Option<&Path>, ext: &str) -> Result<()> {
    if let Some(what) = db.and_then(|db| lands_on(target, db)) {
        return Err(Error::invalid(
            field,
            format!(
                "{field}: {} is {what}; writing there would destroy the saved scenarios, so nothing was written; choose another file",
                target.display()
            ),
        ));
    }
    if let Some(given) = target.extension().and_then(|e| e.to_str()) {
        if !given.eq_ignore_ascii_case(ext) {
            return Err(Error::invalid(
                field,
                format!(
                    "{field}: {} ends in .{given} but {} would be written there; name it .{ext} (or choose the format its name says)",
                    target.display(),
                    format_name(ext)
                ),
            ));
        }
    }
    Ok(())
}

fn format_name(ext: &str) -> String {
    match ext {
        "png" => "a PNG image".into(),
        "svg" => "an SVG image".into(),
        "csv" => "CSV text".into(),
        "json" => "JSON".into(),
        "costscope" => "a Costscope scenario file".into(),
        other => format!("a .{other} file"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn the_database_and_its_side_files_are_refused_by_identity() {
        let (dir, store) = temp_store();
        let db = store.path().to_path_buf();
        let e = check_write_target("out", &db, Some(&db), "db").unwrap_err();
        assert_eq!(e.field(), Some("out"));
        assert!(e.to_string().contains("scenario database"), "{e}");
        // Another spelling of the same folder.
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let dotted = sub.join("..").join("t.db");
        assert!(check_write_target("out", &dotted, Some(&db), "db").is_err());
        // A hard link and a symbolic link are the same file.
        let hard = dir.path().join("hard.db");
        std::fs::hard_link(&db, &hard).unwrap();
        assert!(check_write_target("out", &hard, Some(&db), "db").is_err());
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft.db");
            std::os::unix::fs::symlink(&db, &soft).unwrap();
            assert!(check_write_target("out", &soft, Some(&db), "db").is_err());
            let linked_dir = dir.path().join("linked");
            std::os::unix::fs::symlink(dir.path(), &linked_dir).unwrap();
            let via_link = linked_dir.join("t.db-shm");
            assert!(check_write_target("out", &via_link, Some(&db), "").is_err());
        }
        // -wal exists while the store is open; -journal does not, and is refused by name.
        assert!(check_write_target("out", &with_suffix(&db, "-wal"), Some(&db), "").is_err());
        assert!(check_write_target("out", &with_suffix(&db, "-journal"), Some(&db), "").is_err());
        // Other files are fine.
        let other = dir.path().join("chart.png");
        check_write_target("out", &other, Some(&db), "png").unwrap();
        check_write_target("out", &other, None, "png").unwrap();
    }

    #[test]
    fn the_extension_must_say_the_format() {
        let e = check_write_target("path", Path::new("/tmp/a.svg"), None, "png").unwrap_err();
        assert!(e.to_string().contains(".svg"), "{e}");
        check_write_target("path", Path::new("/tmp/a.PNG"), None, "png").unwrap();
        check_write_target("path", Path::new("/tmp/no-extension"), None, "png").unwrap();
    }
}
