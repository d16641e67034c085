//! Scenario files given to the app: on its command line (`costscope-app FILE`, which is how the
//! desktop opens a double-clicked `.costscope` file) or by a second launch on the same database,
//! which hands its files to the window already open and exits. The window imports each through
//! its usual import flow (preview, then the clash dialog).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The event the window listens to; its payload is a list of absolute paths.
pub const EVENT: &str = "open-files";

/// The files of this process's own command line, until the window takes them (`startup`).
#[derive(Default)]
pub struct Pending(Mutex<Vec<String>>);

impl Pending {
    pub fn new(files: Vec<String>) -> Pending {
        Pending(Mutex::new(files))
    }

    /// The pending files, once: a reloaded page does not import them again.
    pub fn take(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut files| std::mem::take(&mut *files))
            .unwrap_or_default()
    }
}

/// The files named in `argv` (its first item is the program), made absolute against `cwd`.
/// Options (`-…`, e.g. from a launcher) are not files and are left out.
pub fn from_args(argv: impl IntoIterator<Item = OsString>, cwd: &Path) -> Vec<String> {
    argv.into_iter()
        .skip(1)
        .filter(|a| !a.to_string_lossy().starts_with('-'))
        .map(|a| {
            let path = PathBuf::from(a);
            if path.is_absolute() {
                path
            } else {
                cwd.join(path)
            }
        })
        .map(|p| p.display().to_string())
        .collect()
}

/// The D-Bus name that makes one window per database: a second launch on the same database
/// finds the first by it, while a launch on another database (`COSTSCOPE_DB`, as the tests do)
/// is an app of its own. The path is hashed (FNV-1a) because a bus name allows only
/// `[A-Za-z0-9_]` elements of at most 255 bytes in all.
pub fn instance_id(identifier: &str, db_path: &Path) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in db_path.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{identifier}.db{hash:016x}")
}

/// What a second launch hands over: its files go to the window, which comes to the front.
pub fn second_launch<R: Runtime>(app: &AppHandle<R>, argv: Vec<String>, cwd: String) {
    let files = from_args(argv.into_iter().map(OsString::from), Path::new(&cwd));
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    if !files.is_empty() {
        if let Err(e) = app.emit(EVENT, files) {
            eprintln!("costscope: the files of a second launch could not be passed on: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_made_absolute_and_options_are_left_out() {
        let argv =
            ["costscope-app", "a.costscope", "/tmp/b.costscope", "--flag"].map(OsString::from);
        assert_eq!(
            from_args(argv, Path::new("/home/me")),
            vec!["/home/me/a.costscope", "/tmp/b.costscope"]
        );
        assert!(from_args([OsString::from("costscope-app")], Path::new("/")).is_empty());
    }

    #[test]
    fn one_instance_id_per_database_and_a_valid_bus_name() {
        let a = instance_id(
            "org.costscope.app",
            Path::new("/home/me/.local/share/costscope/costscope.db"),
        );
        let b = instance_id("org.costscope.app", Path::new("/tmp/other.db"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            instance_id(
                "org.costscope.app",
                Path::new("/home/me/.local/share/costscope/costscope.db")
            )
        );
        let last = a.rsplit('.').next().expect("an element");
        assert!(last.starts_with("db") && last.chars().all(|c| c.is_ascii_alphanumeric()));
        assert!(a.len() < 255);
    }

    #[test]
    fn pending_files_are_taken_once() {
        let pending = Pending::new(vec!["/tmp/a.costscope".into()]);
        assert_eq!(pending.take(), vec!["/tmp/a.costscope"]);
        assert!(pending.take().is_empty());
    }
}
