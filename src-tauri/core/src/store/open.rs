//! Opening the database: where it is, what the file is before SQLite may write to it, the real
//! cause when it cannot be used, and migration with seeding in one transaction.
//!
//! Any number of processes may open, create, migrate and seed the same new file at once: the
//! schema version is read and raised inside one IMMEDIATE transaction, so the second process
//! waits for the first (within the busy timeout) and then finds the schema and the presets there.
//! (rusqlite_migration reads `user_version` before its own, deferred transaction, so two
//! processes on a new file both tried to create the table; the migrator here is the few lines
//! that do it inside the lock.)

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::scenarios::insert;
use super::sql_error::{first_line, sql};
use super::{NewScenario, Store, APPLICATION_ID, BUSY_TIMEOUT, DB_ENV};
use crate::error::{Error, Result};

/// The schema, one entry a version: `MIGRATIONS[0]` takes a new file to version 1.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_scenarios.sql"),
    include_str!("../../migrations/0002_trash_index.sql"),
    include_str!("../../migrations/0003_accelerators.sql"),
];

/// The schema version this Costscope writes (the number of migrations).
pub(crate) fn schema_version_known() -> i64 {
    MIGRATIONS.len() as i64
}

/// A database below this version was never seeded when its scenario table is empty: before
/// version 2, seeding ran in a transaction of its own after the migration, and a kill between
/// the two left the schema without presets.
const SEEDED_WITH_MIGRATION_SINCE: i64 = 2;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What opening the store did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// The file did not exist (or was empty) and now holds the schema.
    pub created: bool,
    /// How many scenarios were seeded (0 unless the database was new).
    pub seeded: usize,
    /// How many scenarios deleted more than `TRASH_DAYS` ago were removed for good.
    pub trash_emptied: usize,
}

/// The database path: `explicit`, else `$COSTSCOPE_DB`, else `costscope.db` in the OS data
/// directory (e.g. `~/.local/share/costscope/` on Linux).
pub fn resolve_db_path(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs =
        directories::ProjectDirs::from("org", "Costscope", "costscope").ok_or_else(|| {
            Error::Io {
                message: format!(
                    "no home directory was found for the database; set {DB_ENV} or pass --db PATH"
                ),
            }
        })?;
    Ok(dirs.data_dir().join("costscope.db"))
}

/// What is at the path before anything is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Nothing,
    /// An SQLite file; the header's application id and schema version.
    Sqlite {
        application_id: i32,
        user_version: i64,
    },
}

fn untouched(path: &Path, why: &str) -> Error {
    Error::database(format!(
        "{} {why}; it was left untouched. Choose another file.",
        path.display()
    ))
}

/// The OS reason without "(os error N)".
fn os_reason(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

/// Reads the first 100 bytes (the SQLite header) without opening the file for writing.
fn inspect(path: &Path) -> Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => {
            return Err(Error::database(format!(
                "{} cannot be read: {}",
                path.display(),
                os_reason(&e)
            )))
        }
    };
    if meta.is_dir() {
        return Err(Error::database(format!(
            "{} is a folder, not a database file; it was left untouched. Choose a file.",
            path.display()
        )));
    }
    if meta.len() == 0 {
        // Costscope never leaves an empty database (a new one is built aside and moved into
        // place whole), so an empty file is someone else's or a damaged one.
        return Err(untouched(
            path,
            "is empty (0 bytes), not a Costscope database; delete it to start a new database there",
        ));
    }
    let mut header = [0u8; 100];
    let mut file = File::open(path).map_err(|e| {
        Error::database(format!(
            "{} cannot be read: {}",
            path.display(),
            os_reason(&e)
        ))
    })?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(Error::database(format!(
                    "{} cannot be read: {}",
                    path.display(),
                    os_reason(&e)
                )))
            }
        }
    }
    if read < 16 || &header[..16] != SQLITE_HEADER {
        return Err(untouched(
            path,
            "is not a Costscope database (not an SQLite file)",
        ));
    }
    if read < header.len() {
        return Err(untouched(
            path,
            "is damaged (shorter than an SQLite header)",
        ));
    }
    let be = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    Ok(Found::Sqlite {
        user_version: i64::from(be(60)),
        application_id: be(68),
    })
}

/// The folder must take new files (the -wal and -shm beside the database, or a new database):
/// checked by creating and removing a probe file, which also gives the OS's own reason.
fn check_folder(dir: &Path, path: &Path) -> Result<()> {
    match tempfile::Builder::new()
        .prefix(".costscope-probe-")
        .tempfile_in(dir)
    {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::database(format!(
            "the folder {} cannot be written ({}), so {} cannot be used; it was left untouched. Choose another file.",
            dir.display(),
            os_reason(&e),
            path.display()
        ))),
    }
}

/// An existing database must be writable; opening it for writing (without writing) asks the OS.
fn check_writable(path: &Path) -> Result<()> {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::database(format!(
            "{} is read-only ({}); it was left untouched. Choose another file.",
            path.display(),
            os_reason(&e)
        ))),
    }
}

/// After SQLite reports an I/O failure or a full disk: whether the disk holding `path` is really
/// full, found by writing 64 KiB to a probe file beside it (removed at once).
pub(crate) fn disk_is_full(path: &Path) -> bool {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let probe = tempfile::Builder::new()
        .prefix(".costscope-probe-")
        .tempfile_in(dir);
    match probe {
        Ok(mut f) => f
            .write_all(&[0u8; 64 * 1024])
            .and_then(|_| f.as_file().sync_all())
            .is_err_and(|e| e.kind() == ErrorKind::StorageFull),
        Err(e) => e.kind() == ErrorKind::StorageFull,
    }
}

/// The error of a step of opening, with the file named and the real cause.
fn opening(path: &Path, e: rusqlite::Error) -> Error {
    let detail = first_line(&e.to_string());
    if matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::SystemIoFailure | ErrorCode::DiskFull)
    ) && disk_is_full(path)
    {
        return Error::database(format!(
            "the disk holding {} is full, so the database cannot be opened; nothing was changed. Free some space and try again",
            path.display()
        ));
    }
    let why = match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            format!("is damaged ({detail})")
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            return Error::Locked {
                message: format!(
                    "{} is locked by another program that holds it open for writing (SQLite cannot tell which); close it or try again",
                    path.display()
                ),
            }
        }
        Some(ErrorCode::DiskFull) => format!("cannot be opened: its disk is full ({detail})"),
        Some(ErrorCode::ReadOnly) => format!("cannot be opened for writing ({detail})"),
        Some(ErrorCode::PermissionDenied) => format!("cannot be opened: permission denied ({detail})"),
        _ => format!("cannot be opened ({detail})"),
    };
    untouched(path, &why)
}

/// Files SQLite keeps beside the database.
fn side_files(path: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut s = path.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    [with("-wal"), with("-shm")]
}

impl Store {
    /// Opens (or creates) the database at `path`. A new or empty file is migrated and seeded with
    /// `seed` in one transaction; a file that is not a Costscope database, is damaged, was
    /// written by a newer Costscope, or cannot be written is an error naming the file and the
    /// cause, and is left byte for byte as it was. Scenarios deleted more than `TRASH_DAYS` ago
    /// are removed for good.
    pub fn open(path: &Path, seed: &[NewScenario]) -> Result<Store> {
        let found = inspect(path)?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if let Found::Sqlite {
            application_id,
            user_version,
        } = found
        {
            // Decided from the header alone, before SQLite opens the file.
            if application_id != APPLICATION_ID && application_id != 0 {
                return Err(untouched(
                    path,
                    "is an SQLite database of another program, not a Costscope database",
                ));
            }
            if application_id == APPLICATION_ID {
                newer_check(path, user_version)?;
            }
        }
        let mut created = None;
        if found == Found::Nothing {
            std::fs::create_dir_all(&dir).map_err(|e| {
                Error::database(format!(
                    "the folder {} could not be created ({}) for {}",
                    dir.display(),
                    os_reason(&e),
                    path.display()
                ))
            })?;
            check_folder(&dir, path)?;
            created = create_aside(&dir, path, seed)?;
        } else {
            check_folder(&dir, path)?;
            check_writable(path)?;
        }
        let sides_before = side_files(path).map(|p| p.exists());
        let result = open_checked(path, seed);
        match result {
            Ok(mut store) => {
                if let Some(report) = created {
                    store.opened.created = report.created;
                    store.opened.seeded = report.seeded;
                }
                Ok(store)
            }
            Err(e) => {
                remove_new_side_files(path, sides_before);
                Err(e)
            }
        }
    }
}

/// Builds a new database beside `path` under a temporary name (schema and presets, one
/// transaction), closes it and moves it to `path` unless a file appeared there meanwhile (then
/// another process created it first and that one is used). So `path` never holds a half-made or
/// empty database, even after a kill or a full disk. Returns what was created, or None when
/// another process won.
fn create_aside(dir: &Path, path: &Path, seed: &[NewScenario]) -> Result<Option<OpenReport>> {
    remove_stale_leftovers(dir);
    let named = |e: std::io::Error| {
        Error::database(format!(
            "a new database could not be created in {} ({}) for {}",
            dir.display(),
            os_reason(&e),
            path.display()
        ))
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(NEW_PREFIX).suffix(".db");
    #[cfg(unix)]
    {
        // A temporary file is private (0600); a database gets what any new file gets (0666 less
        // the umask), as SQLite would give it.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(named)?;
    let (seeded, _) = {
        let mut conn = connect(tmp.path()).map_err(|e| opening(path, e))?;
        set_wal(&conn).map_err(|e| opening(path, e))?;
        let report = migrate_and_seed(&mut conn, path, seed)?;
        // Closing checkpoints the WAL into the file, so the file alone holds everything.
        conn.close().map_err(|(_, e)| opening(path, e))?;
        report
    };
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(Some(OpenReport {
            created: true,
            seeded,
            trash_emptied: 0,
        })),
        Err(e) if e.error.kind() == ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(named(e.error)),
    }
}

const NEW_PREFIX: &str = ".costscope-new-";

/// Removes databases-in-the-making that a killed process left in `dir` over an hour ago.
fn remove_stale_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(NEW_PREFIX)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// After a failed open, removes the -wal/-shm files this open made (SQLite creates them when it
/// reads a WAL database), so a refused file is left as it was found.
fn remove_new_side_files(path: &Path, sides_before: [bool; 2]) {
    let empty = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0);
    let [wal, shm] = side_files(path);
    if !sides_before[0] && empty(&wal) {
        let _ = std::fs::remove_file(&wal);
        if !sides_before[1] {
            let _ = std::fs::remove_file(&shm);
        }
    }
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

fn newer_check(path: &Path, version: i64) -> Result<()> {
    let known = schema_version_known();
    if version > known {
        return Err(untouched(
            path,
            &format!(
                "was written by a newer Costscope (schema {version}; this one knows up to {known}); update Costscope"
            ),
        ));
    }
    Ok(())
}

/// Opens an existing database file, checks it is ours, sound and not newer, and brings it to the
/// latest schema (seeding one that was never seeded).
fn open_checked(path: &Path, seed: &[NewScenario]) -> Result<Store> {
    let at = |e| opening(path, e);
    let mut conn = connect(path).map_err(at)?;
    {
        // Until the file is known to be ours and sound, closing must not checkpoint a WAL into it.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(at)?;
        // One statement, so one snapshot: a file another process is creating right now is either
        // still empty or already ours, never half of each.
        let (app_id, tables, version): (i32, i64, i64) = conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id()),
                        (SELECT count(*) FROM sqlite_master),
                        (SELECT user_version FROM pragma_user_version())",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(at)?;
        if app_id != APPLICATION_ID && !(app_id == 0 && tables == 0) {
            return Err(untouched(
                path,
                "is an SQLite database of another program, not a Costscope database",
            ));
        }
        newer_check(path, version)?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(at)?;
        if check != "ok" {
            return Err(untouched(
                path,
                &format!("is damaged ({})", first_line(&check)),
            ));
        }
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .map_err(at)?;
    }
    set_wal(&conn).map_err(at)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(at)?;
    conn.pragma_update(None, "foreign_keys", "ON").map_err(at)?;

    let (seeded, _) = migrate_and_seed(&mut conn, path, seed)?;
    let identity = super::guard::FileId::of(path).map_err(|e| {
        Error::database(format!(
            "{} cannot be read: {}",
            path.display(),
            os_reason(&e)
        ))
    })?;
    let mut store = Store {
        conn,
        path: path.to_path_buf(),
        identity,
        opened: OpenReport {
            created: false,
            seeded,
            trash_emptied: 0,
        },
    };
    store.opened.trash_emptied = store.empty_old_trash()?;
    Ok(store)
}

/// Switches to WAL. Changing the journal mode of a new file needs a moment of exclusive access,
/// and SQLite reports a concurrent opener as busy without waiting, so wait here.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let start = Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Raises the schema to the latest version and seeds an unseeded database, all in one IMMEDIATE
/// transaction. Returns (scenarios seeded, whether the schema was created).
fn migrate_and_seed(
    conn: &mut Connection,
    path: &Path,
    seed: &[NewScenario],
) -> Result<(usize, bool)> {
    let name = |e: Error| super::sql_error::at_path(e, path);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| opening(path, e))?;
    let (app_id, tables, version): (i32, i64, i64) = tx
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id()),
                    (SELECT count(*) FROM sqlite_master),
                    (SELECT user_version FROM pragma_user_version())",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| opening(path, e))?;
    if app_id != APPLICATION_ID && !(app_id == 0 && tables == 0) {
        return Err(untouched(
            path,
            "is an SQLite database of another program, not a Costscope database",
        ));
    }
    newer_check(path, version)?;
    let known = schema_version_known();
    if version == known {
        // Nothing to do: end the transaction without writing.
        return Ok((0, false));
    }
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(migration).map_err(|e| {
            name(Error::database(format!(
                "the database could not be migrated to schema {}: {}",
                i + 1,
                first_line(&sql(e).to_string())
            )))
        })?;
    }
    tx.pragma_update(None, "user_version", known)
        .map_err(|e| name(sql(e)))?;
    let mut seeded = 0;
    if version < SEEDED_WITH_MIGRATION_SINCE {
        let rows: i64 = tx
            .query_row("SELECT count(*) FROM scenarios", [], |r| r.get(0))
            .map_err(|e| name(sql(e)))?;
        if rows == 0 {
            for s in seed {
                insert(&tx, s).map_err(name)?;
            }
            seeded = seed.len();
        }
    }
    tx.commit().map_err(|e| name(sql(e)))?;
    Ok((seeded, version == 0))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn migrations_len_follows_the_list() {
        assert_eq!(schema_version_known(), MIGRATIONS.len() as i64);
        assert!(schema_version_known() >= SEEDED_WITH_MIGRATION_SINCE);
    }

    #[test]
    fn new_database_is_migrated_seeded_and_in_wal_mode() {
        let (_dir, store) = temp_store();
        assert_eq!(store.schema_version().unwrap(), schema_version_known());
        assert!(store.opened().created);
        assert_eq!(store.opened().seeded, 1);
        let c = conn(&store);
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = c
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let app: i32 = c
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
        let names: Vec<String> = store
            .list(None)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["Seed"]);
    }

    #[test]
    fn reopening_keeps_data_and_does_not_seed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        {
            let mut store = Store::open(&path, &[scenario("Seed", 1.0)]).unwrap();
            store.save(&scenario("Mine", 2.0), false).unwrap();
        }
        let store = Store::open(&path, &[scenario("Seed", 1.0)]).unwrap();
        assert!(!store.opened().created);
        assert_eq!(store.opened().seeded, 0);
        let names: Vec<String> = store
            .list(None)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["Mine", "Seed"]);
    }

    #[test]
    fn a_schema_without_presets_from_an_interrupted_first_open_is_seeded() {
        // What a kill between migration and seeding left before schema 2.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(MIGRATIONS[0]).unwrap();
            c.pragma_update(None, "user_version", 1).unwrap();
        }
        let store = Store::open(&path, &[scenario("Seed", 1.0)]).unwrap();
        assert_eq!(store.opened().seeded, 1);
        assert_eq!(store.list(None).unwrap().len(), 1);
    }

    #[test]
    fn a_schema_2_database_gains_the_accelerator_table_and_keeps_its_scenarios() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Store::open(&path, &[scenario("Seed", 1.0)]).unwrap());
        {
            // Back to what Costscope wrote before schema 3.
            let c = Connection::open(&path).unwrap();
            c.execute_batch("DROP TABLE accelerators").unwrap();
            c.pragma_update(None, "user_version", 2).unwrap();
        }
        let store = Store::open(&path, &[scenario("Other", 2.0)]).unwrap();
        assert_eq!(store.schema_version().unwrap(), 3);
        assert_eq!(
            store.opened().seeded,
            0,
            "an existing database is not seeded again"
        );
        assert_eq!(store.list(None).unwrap().len(), 1);
        assert!(store.accelerators().unwrap().is_empty());
    }

    #[test]
    fn an_empty_file_is_reported_and_left_alone() {
        assert_left_untouched(b"", "is empty (0 bytes)");
    }

    #[test]
    fn a_new_database_appears_whole_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        drop(Store::open(&path, &[scenario("Seed", 1.0)]).unwrap());
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["new.db"]);
    }

    fn assert_left_untouched(bytes: &[u8], expect_in_message: &str) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        std::fs::write(&path, bytes).unwrap();
        let err = match Store::open(&path, &[scenario("Seed", 1.0)]) {
            Err(e) => e,
            Ok(_) => panic!("opened a file that is not a Costscope database"),
        };
        assert_eq!(err.kind(), "database");
        let text = err.to_string();
        assert!(text.contains(expect_in_message), "{text}");
        assert!(text.contains("left untouched"), "{text}");
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(!text.contains('\n'), "{text}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "file changed");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no -wal or -shm files remain: {names:?}");
    }

    #[test]
    fn a_text_file_is_left_untouched() {
        assert_left_untouched(
            b"these are my notes, not a database\n",
            "not an SQLite file",
        );
    }

    #[test]
    fn a_corrupt_database_is_left_byte_for_byte_intact() {
        // A real Costscope database with its pages after the header scrambled.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("good.db");
        {
            let mut store = Store::open(&path, &[scenario("Seed", 1.0)]).unwrap();
            for i in 0..50 {
                store.save(&scenario(&format!("S{i}"), 1.0), false).unwrap();
            }
            conn(&store)
                .pragma_update(None, "wal_checkpoint", "TRUNCATE")
                .unwrap();
        }
        let mut bytes = std::fs::read(&path).unwrap();
        for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
            *b = (i * 31 % 251) as u8;
        }
        assert_left_untouched(&bytes, "damaged");
    }

    #[test]
    fn another_programs_database_is_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
                .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_left_untouched(&bytes, "another program");
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        {
            let store = Store::open(&path, &[]).unwrap();
            conn(&store)
                .pragma_update(None, "user_version", 99)
                .unwrap();
            conn(&store)
                .pragma_update(None, "journal_mode", "DELETE")
                .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_left_untouched(&bytes, "newer Costscope");
    }

    #[test]
    fn a_folder_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open(dir.path(), &[]).err().unwrap();
        assert!(err.to_string().contains("folder"), "{err}");
    }

    #[test]
    fn many_connections_creating_one_new_database_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        let per_writer = 50;
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut store = Store::open(&path, &[scenario("Seed", 1.0)]).unwrap();
                    for i in 0..per_writer {
                        store
                            .save(&scenario(&format!("w{w}-{i}"), 1.0), false)
                            .unwrap();
                    }
                    store.opened().seeded
                })
            })
            .collect();
        let seeded: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
        assert_eq!(seeded, 1, "presets are seeded exactly once");
        let store = Store::open(&path, &[]).unwrap();
        assert_eq!(store.list(None).unwrap().len(), 4 * per_writer + 1);
    }
}
