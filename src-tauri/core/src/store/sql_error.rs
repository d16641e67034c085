//! SQLite's errors as the core's kinds, each one sentence on one line. The sentences say "the
//! database"; [`at_path`] puts the file's path in, so every message names the file.

use std::path::Path;

use rusqlite::ErrorCode;

use crate::error::Error;

/// The first line of a message (SQLite's corruption reports can span several), without
/// trailing punctuation.
pub(crate) fn first_line(text: &str) -> String {
    // integrity reports start with a "*** in database main ***" heading; the finding follows.
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("***"))
        .unwrap_or("")
        .trim()
        .trim_end_matches(['.', ';', ':'])
        .to_string()
}

pub(crate) const DISK_FULL: &str = "the database's disk is full; nothing was saved";
pub(crate) const IO_FAILURE: &str = "could not be read or written by the system";

/// Turns an SQLite error into the core's error kinds with the real cause.
pub(crate) fn sql(e: rusqlite::Error) -> Error {
    let detail = first_line(&e.to_string());
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Locked {
            message: "the database is locked by another program that is writing to it (SQLite cannot tell which); nothing was saved, try again when it has finished".into(),
        },
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            Error::database(format!("the database is damaged ({detail})"))
        }
        Some(ErrorCode::ReadOnly) => Error::database(
            "the database is read-only (the file or its folder cannot be written); nothing was saved",
        ),
        Some(ErrorCode::DiskFull) => Error::database(DISK_FULL),
        Some(ErrorCode::PermissionDenied | ErrorCode::AuthorizationForStatementDenied) => {
            Error::database(format!(
                "the database cannot be used: permission denied ({detail})"
            ))
        }
        Some(ErrorCode::CannotOpen) => {
            Error::database(format!("the database cannot be opened ({detail})"))
        }
        Some(ErrorCode::SystemIoFailure) => {
            Error::database(format!("the database {IO_FAILURE} ({detail})"))
        }
        _ => Error::database(format!("the database failed: {detail}")),
    }
}

/// Names the file in a database, lock or disk error ("the database" → "the database
/// /x/costscope.db"); other errors pass unchanged.
pub(crate) fn at_path(e: Error, path: &Path) -> Error {
    let shown = path.display().to_string();
    let named = |message: String| {
        if message.contains(&shown) {
            message
        } else if message.contains("the database's disk") {
            message.replacen(
                "the database's disk",
                &format!("the disk holding {shown}"),
                1,
            )
        } else if message.contains("the database") {
            message.replacen("the database", &format!("the database {shown}"), 1)
        } else {
            format!("{shown}: {message}")
        }
    };
    match e {
        Error::Database { message } => Error::Database {
            message: named(message),
        },
        Error::Locked { message } => Error::Locked {
            message: named(message),
        },
        Error::Io { message } => Error::Io {
            message: named(message),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_on_one_line() {
        let p = Path::new("/data/costscope.db");
        let e = at_path(
            Error::database("the database's disk is full; nothing was saved"),
            p,
        );
        assert_eq!(
            e.to_string(),
            "the disk holding /data/costscope.db is full; nothing was saved"
        );
        let e = at_path(
            Error::Locked {
                message: "the database is locked".into(),
            },
            p,
        );
        assert_eq!(e.to_string(), "the database /data/costscope.db is locked");
        assert_eq!(
            first_line("database disk image is malformed\nrow 3 missing"),
            "database disk image is malformed"
        );
        assert_eq!(first_line("*** in database main ***\nPage 5: btreeInitPage() returns error code 11\nPage 6: …"), "Page 5: btreeInitPage() returns error code 11");
        let invalid = at_path(Error::invalid("name", "name is bad"), p);
        assert_eq!(invalid.to_string(), "name is bad");
    }
}
