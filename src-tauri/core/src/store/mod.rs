//! The scenario store: one SQLite file (WAL, busy timeout, foreign keys, migrations by
//! `user_version`). Every write runs in an IMMEDIATE transaction, so two processes writing at
//! once wait for each other instead of failing or losing rows. A file that is not a Costscope
//! database, or is damaged, is reported and never written to.
//!
//! - [`open`](Store::open) (`open.rs`): file checks before SQLite may write, the real cause of a
//!   failure to open, migration and seeding in one transaction, the trash's expiry.
//! - `scenarios.rs`: save, list, rename, duplicate, delete, restore, purge.
//! - `import.rs`: all-or-nothing imports with a clash policy.
//! - `names.rs`: what a name and a description may hold, free names ("X (copy 2)").
//! - `accelerators.rs`: the accelerators a user adds to the catalog (add, replace, list, remove).
//! - `guard.rs`: refuses a file write that would land on the database or its -wal/-shm.
//! - `sql_error.rs`: SQLite's errors as one sentence with the database's path.

mod accelerators;
mod guard;
mod import;
mod names;
mod open;
mod scenarios;
mod sql_error;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::ScenarioInput;

pub use accelerators::Added;
pub use guard::check_write_target;
pub use import::{ImportReport, OnClash};
pub use names::{check_description, check_name, DESCRIPTION_CHARS_MAX, NAME_CHARS_MAX};
pub use open::{resolve_db_path, OpenReport};

/// `PRAGMA application_id` of a Costscope database ("CSCP"), so that other SQLite files are
/// recognised and left alone.
pub const APPLICATION_ID: i32 = 0x4353_4350;
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// The environment variable that overrides the database path (used by tests and the CLI).
pub const DB_ENV: &str = "COSTSCOPE_DB";
pub use crate::limits::TRASH_DAYS;

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

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The file opened (device and inode), to notice when it is deleted or replaced meanwhile.
    identity: guard::FileId,
    opened: OpenReport,
}

impl Store {
    /// The database file this store reads and writes (messages and the write guard name it).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What opening did (created, migrated, seeded, trash emptied).
    pub fn opened(&self) -> &OpenReport {
        &self.opened
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        self.read(|c| {
            c.query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(sql_error::sql)
        })
    }

    /// The current time as SQLite writes it (UTC, ISO 8601).
    pub fn now(&self) -> Result<String> {
        self.read(|c| {
            c.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ','now')", [], |r| {
                r.get(0)
            })
            .map_err(sql_error::sql)
        })
    }

    /// A write to a file that was deleted or replaced while open would be acknowledged and then
    /// lost with the old file; refuse it instead.
    fn check_still_there(&self) -> Result<()> {
        match guard::FileId::of(&self.path) {
            Ok(now) if now == self.identity => Ok(()),
            Ok(_) => Err(crate::error::Error::database(format!(
                "the database {} was replaced by another file while Costscope had it open, so nothing was saved; restart Costscope to use the new file",
                self.path.display()
            ))),
            Err(_) => Err(crate::error::Error::database(format!(
                "the database {} was deleted or moved while Costscope had it open, so nothing was saved; restart Costscope to start a new one there",
                self.path.display()
            ))),
        }
    }

    /// Runs `f` on the connection; a database error names this store's file.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.conn).map_err(|e| sql_error::at_path(e, &self.path))
    }

    /// Runs `f` in one IMMEDIATE transaction (so concurrent writers queue within the busy
    /// timeout) and commits when it succeeds; an error rolls everything back and names the file.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.check_still_there()?;
        let path = &self.path;
        let run = |conn: &mut Connection| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql_error::sql)?;
            let value = f(&tx)?;
            tx.commit().map_err(sql_error::sql)?;
            Ok(value)
        };
        run(&mut self.conn).map_err(|e| match e {
            // SQLite often reports a full disk as a plain I/O failure (e.g. growing the -shm).
            crate::error::Error::Database { message }
                if message.contains(sql_error::IO_FAILURE) && open::disk_is_full(path) =>
            {
                sql_error::at_path(crate::error::Error::database(sql_error::DISK_FULL), path)
            }
            e => sql_error::at_path(e, path),
        })
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub fn scenario(name: &str, n: f64) -> NewScenario {
        NewScenario {
            name: name.into(),
            description: String::new(),
            origin: Origin::User,
            input: ScenarioInput::new("H100", n, 10.0),
            total_cost_usd: Some(n * 10.0),
        }
    }

    pub fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db"), &[scenario("Seed", 1.0)]).unwrap();
        (dir, store)
    }

    pub fn conn(store: &Store) -> &Connection {
        &store.conn
    }
}
