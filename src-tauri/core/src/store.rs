//! The scenario store: one SQLite file (WAL, busy timeout, foreign keys, migrations by
//! `user_version`). Every write runs in an IMMEDIATE transaction, so two processes writing at
//! once wait for each other instead of failing or losing rows. A file that is not a Costscope
//! database, or is damaged, is reported and never written to.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::ScenarioInput;

/// `PRAGMA application_id` of a Costscope database ("CSCP"), so that other SQLite files are
/// recognised and left alone.
pub const APPLICATION_ID: i32 = 0x4353_4350;
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
pub const NAME_CHARS_MAX: usize = 200;
/// The environment variable that overrides the database path (used by tests and the CLI).
pub const DB_ENV: &str = "COSTSCOPE_DB";

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(include_str!(
        "../migrations/0001_scenarios.sql"
    ))])
}

/// Where a scenario came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Preset,
    User,
    Import,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Preset => "preset",
            Origin::User => "user",
            Origin::Import => "import",
        }
    }
    fn parse(s: &str) -> Origin {
        match s {
            "preset" => Origin::Preset,
            "import" => Origin::Import,
            _ => Origin::User,
        }
    }
}

/// A stored scenario with its inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StoredScenario {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub description: String,
    pub origin: Origin,
    pub input: ScenarioInput,
    /// The total when it was saved (for lists; re-evaluate for everything else).
    pub total_cost_usd: Option<f64>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// A row of the scenario list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ScenarioSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub gpu: String,
    pub origin: Origin,
    pub total_cost_usd: Option<f64>,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// What to save.
#[derive(Debug, Clone, PartialEq)]
pub struct NewScenario {
    pub name: String,
    pub description: String,
    pub origin: Origin,
    pub input: ScenarioInput,
    pub total_cost_usd: Option<f64>,
}

/// What an import does when a name is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum OnClash {
    /// Refuse the whole import.
    Fail,
    /// Keep the stored one, skip the imported one.
    Skip,
    /// Save the imported one under a free name ("X (imported)").
    Rename,
    /// Overwrite the stored one's inputs.
    Replace,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportReport {
    pub added: Vec<String>,
    pub replaced: Vec<String>,
    pub skipped: Vec<String>,
    /// (name in the file, name saved under)
    pub renamed: Vec<(String, String)>,
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

/// Checks a name: 1 to 200 characters after trimming, no control characters.
pub fn check_name(field: &str, name: &str) -> Result<String> {
    let trimmed = name.trim();
    let chars = trimmed.chars().count();
    if chars == 0 || chars > NAME_CHARS_MAX {
        return Err(Error::invalid(
            field,
            format!("{field} must be 1 to {NAME_CHARS_MAX} characters; got {chars}"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            format!("{field} must not contain control characters such as line breaks"),
        ));
    }
    Ok(trimmed.to_string())
}

fn untouched(path: &Path, why: &str) -> Error {
    Error::database(format!(
        "{} {why}; it was left untouched. Choose another file with --db or {DB_ENV}.",
        path.display()
    ))
}

/// Turns SQLite errors into the core's error kinds.
fn sql(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Locked {
            message: "the database is locked by another program; close it or try again".into(),
        },
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            Error::database(format!("the database file is damaged: {e}"))
        }
        Some(ErrorCode::ReadOnly) => Error::database("the database file is read-only"),
        Some(ErrorCode::DiskFull) => Error::database("the disk is full; nothing was saved"),
        Some(ErrorCode::CannotOpen) => {
            Error::database(format!("the database file cannot be opened: {e}"))
        }
        _ => Error::database(format!("database error: {e}")),
    }
}

fn migration_error(e: rusqlite_migration::Error) -> Error {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => sql(err),
        other => Error::database(format!("the database could not be migrated: {other}")),
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

const SCENARIO_COLUMNS: &str =
    "id, name, description, origin, input_json, total_cost_usd, created_at, updated_at, deleted_at";

impl Store {
    /// Opens (or creates) the database at `path`. A new or empty file is migrated and seeded with
    /// `seed`; a file that is not a Costscope database, is damaged, or was written by a newer
    /// Costscope is an error and is not written to.
    pub fn open(path: &Path, seed: &[NewScenario]) -> Result<Store> {
        let existed_with_data = Self::check_file(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::Io {
                message: format!("the folder {} could not be created: {e}", dir.display()),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;

        if existed_with_data {
            // Read-only checks before anything writes to the file.
            let app_id: i32 = conn
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .map_err(|e| match sql(e) {
                    Error::Database { .. } => untouched(path, "is damaged or not a database"),
                    other => other,
                })?;
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|_| untouched(path, "is damaged or not a database"))?;
            if app_id != APPLICATION_ID && !(app_id == 0 && tables == 0) {
                return Err(untouched(
                    path,
                    "is an SQLite database of another program, not a Costscope database",
                ));
            }
            let check: String = conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(|_| untouched(path, "is damaged"))?;
            if check != "ok" {
                return Err(untouched(path, &format!("is damaged ({check})")));
            }
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(sql)?;
            let known = migrations_len();
            if version > known {
                return Err(untouched(
                    path,
                    &format!("was written by a newer Costscope (schema {version}; this one knows up to {known})"),
                ));
            }
        }

        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql)?;
        let was_new: bool = conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .map_err(sql)?
            == 0;
        migrations().to_latest(&mut conn).map_err(migration_error)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        if was_new {
            store.seed(seed)?;
        }
        Ok(store)
    }

    /// True when `path` is a non-empty file that must be checked before use; an error when it is
    /// not an SQLite file at all (checked by reading its header, so nothing is written).
    fn check_file(path: &Path) -> Result<bool> {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => {
                return Err(Error::database(format!(
                    "{} cannot be read: {e}",
                    path.display()
                )));
            }
        };
        if meta.is_dir() {
            return Err(Error::database(format!(
                "{} is a folder, not a database file",
                path.display()
            )));
        }
        if meta.len() == 0 {
            return Ok(false);
        }
        let mut header = [0u8; 16];
        let mut file = File::open(path)
            .map_err(|e| Error::database(format!("{} cannot be read: {e}", path.display())))?;
        let read = file
            .read(&mut header)
            .map_err(|e| Error::database(format!("{} cannot be read: {e}", path.display())))?;
        if read < header.len() || &header != SQLITE_HEADER {
            return Err(untouched(
                path,
                "is not a Costscope database (not an SQLite file)",
            ));
        }
        Ok(true)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)
    }

    /// The current time as SQLite writes it (UTC, ISO 8601).
    pub fn now(&self) -> Result<String> {
        self.conn
            .query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ','now')", [], |r| {
                r.get(0)
            })
            .map_err(sql)
    }

    fn seed(&mut self, seed: &[NewScenario]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        for s in seed {
            insert(&tx, s)?;
        }
        tx.commit().map_err(sql)
    }

    /// Saves a new scenario. With `overwrite`, a live scenario of the same name gets the new
    /// inputs instead (a conflict otherwise).
    pub fn save(&mut self, new: &NewScenario, overwrite: bool) -> Result<StoredScenario> {
        let name = check_name("name", &new.name)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let existing = id_by_name(&tx, &name)?;
        let id = match existing {
            Some(id) if overwrite => {
                update_input(&tx, id, &new.input, new.total_cost_usd)?;
                tx.execute(
                    "UPDATE scenarios SET description = ?2 WHERE id = ?1",
                    params![id, new.description],
                )
                .map_err(sql)?;
                id
            }
            Some(_) => return Err(name_taken(&name)),
            None => insert(
                &tx,
                &NewScenario {
                    name,
                    ..new.clone()
                },
            )?,
        };
        let saved = get(&tx, id)?;
        tx.commit().map_err(sql)?;
        Ok(saved)
    }

    /// Replaces a scenario's inputs (and cached total).
    pub fn update(
        &mut self,
        id: i64,
        input: &ScenarioInput,
        total_cost_usd: Option<f64>,
    ) -> Result<StoredScenario> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        get(&tx, id)?;
        update_input(&tx, id, input, total_cost_usd)?;
        let saved = get(&tx, id)?;
        tx.commit().map_err(sql)?;
        Ok(saved)
    }

    pub fn get(&self, id: i64) -> Result<StoredScenario> {
        get(&self.conn, id)
    }

    /// Finds a live scenario by exact name (ignoring case), or by id when `key` is `#N` or a
    /// number that is not also a name.
    pub fn find(&self, key: &str) -> Result<StoredScenario> {
        let key = key.trim();
        if let Some(id) = id_by_name(&self.conn, key)? {
            return get(&self.conn, id);
        }
        if let Ok(id) = key.trim_start_matches('#').parse::<i64>() {
            if let Ok(s) = get(&self.conn, id) {
                if s.deleted_at.is_none() {
                    return Ok(s);
                }
            }
        }
        Err(Error::not_found(
            "name",
            format!("no scenario is named {key:?}; `costscope scenarios list` shows the names"),
        ))
    }

    /// Live scenarios, newest first; `search` keeps those whose name contains it (ignoring case).
    /// True when a live scenario has this name (names are unique without regard to case).
    pub fn name_taken(&self, name: &str) -> Result<bool> {
        Ok(id_by_name(&self.conn, name)?.is_some())
    }

    pub fn list(&self, search: Option<&str>) -> Result<Vec<ScenarioSummary>> {
        self.list_where("deleted_at IS NULL", search)
    }

    /// Deleted scenarios that can still be restored, most recently deleted first.
    pub fn list_deleted(&self) -> Result<Vec<ScenarioSummary>> {
        self.list_where("deleted_at IS NOT NULL", None)
    }

    fn list_where(&self, filter: &str, search: Option<&str>) -> Result<Vec<ScenarioSummary>> {
        let pattern = search.map(|s| {
            let escaped = s
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let order = if filter.contains("NOT NULL") {
            "deleted_at DESC, id DESC"
        } else {
            "updated_at DESC, id DESC"
        };
        let sql_text = format!(
            "SELECT id, name, json_extract(input_json, '$.gpu'), origin, total_cost_usd, updated_at, deleted_at
             FROM scenarios WHERE {filter} AND (?1 IS NULL OR name LIKE ?1 ESCAPE '\\')
             ORDER BY {order}"
        );
        let mut stmt = self.conn.prepare_cached(&sql_text).map_err(sql)?;
        let rows = stmt
            .query_map(params![pattern], |r| {
                Ok(ScenarioSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    gpu: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    origin: Origin::parse(&r.get::<_, String>(3)?),
                    total_cost_usd: r.get(4)?,
                    updated_at: r.get(5)?,
                    deleted_at: r.get(6)?,
                })
            })
            .map_err(sql)?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(sql)
    }

    pub fn rename(&mut self, id: i64, new_name: &str) -> Result<StoredScenario> {
        let name = check_name("name", new_name)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let current = get(&tx, id)?;
        if let Some(other) = id_by_name(&tx, &name)? {
            if other != id {
                return Err(name_taken(&name));
            }
        }
        if current.name != name {
            tx.execute(
                "UPDATE scenarios SET name = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
                params![id, name],
            )
            .map_err(sql)?;
        }
        let saved = get(&tx, id)?;
        tx.commit().map_err(sql)?;
        Ok(saved)
    }

    /// Copies a scenario; without a name the copy is called "NAME (copy)", "NAME (copy 2)" ….
    pub fn duplicate(&mut self, id: i64, new_name: Option<&str>) -> Result<StoredScenario> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let original = get(&tx, id)?;
        let name = match new_name {
            Some(n) => {
                let n = check_name("name", n)?;
                if id_by_name(&tx, &n)?.is_some() {
                    return Err(name_taken(&n));
                }
                n
            }
            None => free_name(&tx, &original.name, "copy")?,
        };
        let new_id = insert(
            &tx,
            &NewScenario {
                name,
                description: original.description.clone(),
                origin: Origin::User,
                input: original.input.clone(),
                total_cost_usd: original.total_cost_usd,
            },
        )?;
        let saved = get(&tx, new_id)?;
        tx.commit().map_err(sql)?;
        Ok(saved)
    }

    /// Moves a scenario to the trash; `restore` brings it back.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        get(&tx, id)?;
        tx.execute(
            "UPDATE scenarios SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1 AND deleted_at IS NULL",
            params![id],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Brings a deleted scenario back; if its name was taken meanwhile it gets a free one.
    pub fn restore(&mut self, id: i64) -> Result<StoredScenario> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let s = get(&tx, id)?;
        if s.deleted_at.is_some() {
            let name = if id_by_name(&tx, &s.name)?.is_some() {
                free_name(&tx, &s.name, "restored")?
            } else {
                s.name.clone()
            };
            tx.execute(
                "UPDATE scenarios SET deleted_at = NULL, name = ?2 WHERE id = ?1",
                params![id, name],
            )
            .map_err(sql)?;
        }
        let saved = get(&tx, id)?;
        tx.commit().map_err(sql)?;
        Ok(saved)
    }

    /// Removes a deleted scenario for good. Live scenarios must be deleted first.
    pub fn purge(&mut self, id: i64) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let s = get(&tx, id)?;
        if s.deleted_at.is_none() {
            return Err(Error::conflict(
                "name",
                format!(
                    "{:?} is not deleted; delete it before removing it for good",
                    s.name
                ),
            ));
        }
        tx.execute("DELETE FROM scenarios WHERE id = ?1", params![id])
            .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Saves all `items` or none. Names must be valid and distinct (checked before writing).
    pub fn import_all(&mut self, items: &[NewScenario], on_clash: OnClash) -> Result<ImportReport> {
        let mut seen = std::collections::HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let name = check_name(&format!("scenarios[{i}].name"), &item.name)?;
            if !seen.insert(name.to_lowercase()) {
                return Err(Error::invalid(
                    format!("scenarios[{i}].name"),
                    format!("scenarios[{i}].name {name:?} appears twice in the file"),
                ));
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let mut report = ImportReport::default();
        let mut clashes = Vec::new();
        for item in items {
            let name = item.name.trim().to_string();
            match (id_by_name(&tx, &name)?, on_clash) {
                (None, _) => {
                    insert(
                        &tx,
                        &NewScenario {
                            name: name.clone(),
                            ..item.clone()
                        },
                    )?;
                    report.added.push(name);
                }
                (Some(_), OnClash::Fail) => clashes.push(name),
                (Some(_), OnClash::Skip) => report.skipped.push(name),
                (Some(id), OnClash::Replace) => {
                    update_input(&tx, id, &item.input, item.total_cost_usd)?;
                    report.replaced.push(name);
                }
                (Some(_), OnClash::Rename) => {
                    let free = free_name(&tx, &name, "imported")?;
                    insert(
                        &tx,
                        &NewScenario {
                            name: free.clone(),
                            ..item.clone()
                        },
                    )?;
                    report.renamed.push((name, free));
                }
            }
        }
        if !clashes.is_empty() {
            // Dropping the transaction rolls back: nothing is saved.
            return Err(Error::conflict(
                "name",
                format!(
                    "these names are already taken, so nothing was imported: {}; choose skip, rename or replace",
                    clashes.join(", ")
                ),
            ));
        }
        tx.commit().map_err(sql)?;
        Ok(report)
    }
}

fn migrations_len() -> i64 {
    // Keep in step with `migrations()`.
    1
}

fn name_taken(name: &str) -> Error {
    Error::conflict(
        "name",
        format!("a scenario named {name:?} already exists; choose another name"),
    )
}

fn insert(conn: &Connection, s: &NewScenario) -> Result<i64> {
    let json = serde_json::to_string(&s.input).map_err(|e| Error::internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO scenarios (name, description, origin, input_json, total_cost_usd) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.name.trim(), s.description, s.origin.as_str(), json, s.total_cost_usd],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => name_taken(&s.name),
        _ => sql(e),
    })?;
    Ok(conn.last_insert_rowid())
}

fn update_input(
    conn: &Connection,
    id: i64,
    input: &ScenarioInput,
    total: Option<f64>,
) -> Result<()> {
    let json = serde_json::to_string(input).map_err(|e| Error::internal(e.to_string()))?;
    conn.execute(
        "UPDATE scenarios SET input_json = ?2, total_cost_usd = ?3,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
        params![id, json, total],
    )
    .map_err(sql)?;
    Ok(())
}

fn id_by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM scenarios WHERE name = ?1 COLLATE NOCASE AND deleted_at IS NULL",
        params![name.trim()],
        |r| r.get(0),
    )
    .optional()
    .map_err(sql)
}

/// "NAME (word)", then "NAME (word 2)", … — the first one not taken by a live scenario.
fn free_name(conn: &Connection, base: &str, word: &str) -> Result<String> {
    // Leave room for the suffix within the length limit.
    let stem: String = base.chars().take(NAME_CHARS_MAX - 20).collect();
    for i in 1..10_000 {
        let candidate = if i == 1 {
            format!("{stem} ({word})")
        } else {
            format!("{stem} ({word} {i})")
        };
        if id_by_name(conn, &candidate)?.is_none() {
            return Ok(candidate);
        }
    }
    Err(Error::conflict(
        "name",
        format!("no free name like {base:?} was found"),
    ))
}

fn get(conn: &Connection, id: i64) -> Result<StoredScenario> {
    let row = conn
        .query_row(
            &format!("SELECT {SCENARIO_COLUMNS} FROM scenarios WHERE id = ?1"),
            params![id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<f64>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            },
        )
        .optional()
        .map_err(sql)?
        .ok_or_else(|| Error::not_found("id", format!("no scenario has id {id}")))?;
    let input: ScenarioInput = serde_json::from_str(&row.4).map_err(|e| {
        Error::database(format!(
            "scenario {} ({:?}) holds inputs that cannot be read: {e}",
            row.0, row.1
        ))
    })?;
    Ok(StoredScenario {
        id: row.0,
        name: row.1,
        description: row.2,
        origin: Origin::parse(&row.3),
        input,
        total_cost_usd: row.5,
        created_at: row.6,
        updated_at: row.7,
        deleted_at: row.8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(name: &str, n: f64) -> NewScenario {
        NewScenario {
            name: name.into(),
            description: String::new(),
            origin: Origin::User,
            input: ScenarioInput::new("H100", n, 10.0),
            total_cost_usd: Some(n * 10.0),
        }
    }

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db"), &[scenario("Seed", 1.0)]).unwrap();
        (dir, store)
    }

    #[test]
    fn new_database_is_migrated_seeded_and_in_wal_mode() {
        let (_dir, store) = temp_store();
        assert_eq!(store.schema_version().unwrap(), 1);
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let app: i32 = store
            .conn
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
        let names: Vec<String> = store
            .list(None)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["Mine", "Seed"]);
    }

    #[test]
    fn empty_file_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.db");
        File::create(&path).unwrap();
        let store = Store::open(&path, &[]).unwrap();
        assert_eq!(store.schema_version().unwrap(), 1);
    }

    #[test]
    fn saves_lists_searches_renames_duplicates_deletes_and_restores() {
        let (_dir, mut store) = temp_store();
        let a = store.save(&scenario("Alpha 100%", 100.0), false).unwrap();
        store.save(&scenario("Beta", 200.0), false).unwrap();
        assert!(matches!(
            store.save(&scenario("alpha 100%", 1.0), false),
            Err(Error::Conflict { .. })
        ));
        let over = store.save(&scenario("ALPHA 100%", 5.0), true).unwrap();
        assert_eq!(over.id, a.id);
        assert_eq!(over.input.gpu_count, Some(5.0));

        let found: Vec<String> = store
            .list(Some("100%"))
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(found, ["Alpha 100%"]);
        assert!(
            store.list(Some("_")).unwrap().is_empty(),
            "LIKE wildcards are escaped"
        );
        assert_eq!(store.list(Some("BET")).unwrap().len(), 1);

        let renamed = store.rename(a.id, "  Gamma ").unwrap();
        assert_eq!(renamed.name, "Gamma");
        assert!(matches!(
            store.rename(a.id, "beta"),
            Err(Error::Conflict { .. })
        ));
        assert!(matches!(
            store.rename(a.id, " "),
            Err(Error::Invalid { .. })
        ));

        let copy = store.duplicate(a.id, None).unwrap();
        assert_eq!(copy.name, "Gamma (copy)");
        let copy2 = store.duplicate(a.id, None).unwrap();
        assert_eq!(copy2.name, "Gamma (copy 2)");
        assert_eq!(copy2.input, renamed.input);

        store.delete(a.id).unwrap();
        assert!(store.find("Gamma").is_err());
        assert_eq!(store.list_deleted().unwrap()[0].name, "Gamma");
        store.save(&scenario("Gamma", 1.0), false).unwrap();
        let back = store.restore(a.id).unwrap();
        assert_eq!(back.name, "Gamma (restored)");
        assert!(back.deleted_at.is_none());
        assert!(matches!(store.purge(a.id), Err(Error::Conflict { .. })));
        store.delete(a.id).unwrap();
        store.purge(a.id).unwrap();
        assert!(matches!(store.get(a.id), Err(Error::NotFound { .. })));
    }

    #[test]
    fn list_is_newest_first_with_totals() {
        let (_dir, mut store) = temp_store();
        store.save(&scenario("Older", 1.0), false).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        store.save(&scenario("Newer", 3.0), false).unwrap();
        let list = store.list(None).unwrap();
        assert_eq!(list[0].name, "Newer");
        assert_eq!(list[0].total_cost_usd, Some(30.0));
        assert_eq!(list[0].gpu, "H100");
    }

    #[test]
    fn import_is_all_or_nothing() {
        let (_dir, mut store) = temp_store();
        let items = vec![scenario("New one", 1.0), scenario("Seed", 2.0)];
        let err = store.import_all(&items, OnClash::Fail).unwrap_err();
        assert!(err.to_string().contains("Seed"));
        assert_eq!(store.list(None).unwrap().len(), 1, "nothing saved");
        let dup = vec![scenario("X", 1.0), scenario("x", 2.0)];
        assert!(store.import_all(&dup, OnClash::Skip).is_err());
        assert_eq!(store.list(None).unwrap().len(), 1);

        let r = store.import_all(&items, OnClash::Rename).unwrap();
        assert_eq!(r.added, ["New one"]);
        assert_eq!(
            r.renamed,
            [("Seed".to_string(), "Seed (imported)".to_string())]
        );
        let r = store.import_all(&items, OnClash::Skip).unwrap();
        assert_eq!(r.skipped.len(), 2);
        let r = store.import_all(&items[1..], OnClash::Replace).unwrap();
        assert_eq!(r.replaced, ["Seed"]);
        assert_eq!(store.find("seed").unwrap().input.gpu_count, Some(2.0));
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
        assert!(err.to_string().contains(expect_in_message), "{err}");
        assert!(err.to_string().contains("left untouched"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "file changed");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no -wal or -shm files appeared: {names:?}");
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
            store
                .conn
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
            store.conn.pragma_update(None, "user_version", 99).unwrap();
            store
                .conn
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
    fn two_connections_writing_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        Store::open(&path, &[]).unwrap();
        let per_writer = 100;
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut store = Store::open(&path, &[]).unwrap();
                    for i in 0..per_writer {
                        store
                            .save(&scenario(&format!("w{w}-{i}"), 1.0), false)
                            .unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let store = Store::open(&path, &[]).unwrap();
        assert_eq!(store.list(None).unwrap().len(), 2 * per_writer);
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("name", "").is_err());
        assert!(check_name("name", "a\nb").is_err());
        assert!(check_name("name", &"x".repeat(201)).is_err());
        assert_eq!(check_name("name", " ok ").unwrap(), "ok");
    }
}
