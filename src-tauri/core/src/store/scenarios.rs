//! Saved scenarios: save, read, list and search, rename, duplicate, delete to the trash,
//! restore and purge. Each write is one IMMEDIATE transaction (`Store::write`).

use rusqlite::{params, Connection, ErrorCode, OptionalExtension};

use super::names::{check_description, check_name, free_name, name_taken};
use super::sql_error::sql;
use super::{NewScenario, Origin, ScenarioSummary, Store, StoredScenario, TRASH_DAYS};
use crate::error::{Error, Result};
use crate::model::ScenarioInput;

const SCENARIO_COLUMNS: &str =
    "id, name, description, origin, input_json, total_cost_usd, created_at, updated_at, deleted_at";
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

impl Store {
    /// Saves a new scenario. With `overwrite`, a live scenario of the same name gets the new
    /// inputs instead (a conflict otherwise).
    pub fn save(&mut self, new: &NewScenario, overwrite: bool) -> Result<StoredScenario> {
        let name = check_name("name", &new.name)?;
        let description = check_description("description", &new.description)?;
        self.write(|tx| {
            let id = match id_by_name(tx, &name)? {
                Some(id) if overwrite => {
                    update_input(tx, id, &new.input, new.total_cost_usd)?;
                    tx.execute(
                        "UPDATE scenarios SET description = ?2 WHERE id = ?1",
                        params![id, description],
                    )
                    .map_err(sql)?;
                    id
                }
                Some(_) => return Err(name_taken(&name)),
                None => insert(
                    tx,
                    &NewScenario {
                        name: name.clone(),
                        description: description.clone(),
                        ..new.clone()
                    },
                )?,
            };
            get(tx, id)
        })
    }

    /// Replaces a scenario's inputs (and cached total).
    pub fn update(
        &mut self,
        id: i64,
        input: &ScenarioInput,
        total_cost_usd: Option<f64>,
    ) -> Result<StoredScenario> {
        self.write(|tx| {
            get(tx, id)?;
            update_input(tx, id, input, total_cost_usd)?;
            get(tx, id)
        })
    }

    pub fn get(&self, id: i64) -> Result<StoredScenario> {
        self.read(|c| get(c, id))
    }

    /// Finds a live scenario by exact name (ignoring case), or by id when `key` is `#N` or a
    /// number that is not also a name.
    pub fn find(&self, key: &str) -> Result<StoredScenario> {
        let key = key.trim();
        self.read(|c| {
            if let Some(id) = id_by_name(c, key)? {
                return get(c, id);
            }
            if let Ok(id) = key.trim_start_matches('#').parse::<i64>() {
                if let Ok(s) = get(c, id) {
                    if s.deleted_at.is_none() {
                        return Ok(s);
                    }
                }
            }
            Err(Error::not_found(
                "name",
                format!("no scenario is named {key:?}; `costscope scenarios list` shows the names"),
            ))
        })
    }

    /// True when a live scenario has this name (names are unique without regard to case).
    pub fn name_taken(&self, name: &str) -> Result<bool> {
        self.read(|c| Ok(id_by_name(c, name)?.is_some()))
    }

    /// Live scenarios, newest first; `search` keeps those whose name contains it (ignoring case).
    pub fn list(&self, search: Option<&str>) -> Result<Vec<ScenarioSummary>> {
        self.list_where("deleted_at IS NULL", "updated_at DESC, id DESC", search)
    }

    /// Deleted scenarios that can still be restored, most recently deleted first.
    pub fn list_deleted(&self) -> Result<Vec<ScenarioSummary>> {
        self.list_where("deleted_at IS NOT NULL", "deleted_at DESC, id DESC", None)
    }

    fn list_where(
        &self,
        filter: &str,
        order: &str,
        search: Option<&str>,
    ) -> Result<Vec<ScenarioSummary>> {
        let pattern = search.map(|s| {
            let escaped = s
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let sql_text = format!(
            "SELECT id, name, json_extract(input_json, '$.gpu'), origin, total_cost_usd, updated_at, deleted_at
             FROM scenarios WHERE {filter} AND (?1 IS NULL OR name LIKE ?1 ESCAPE '\\')
             ORDER BY {order}"
        );
        self.read(|c| {
            let mut stmt = c.prepare_cached(&sql_text).map_err(sql)?;
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
        })
    }

    pub fn rename(&mut self, id: i64, new_name: &str) -> Result<StoredScenario> {
        let name = check_name("name", new_name)?;
        self.write(|tx| {
            let current = get(tx, id)?;
            if let Some(other) = id_by_name(tx, &name)? {
                if other != id {
                    return Err(name_taken(&name));
                }
            }
            if current.name != name {
                tx.execute(
                    &format!("UPDATE scenarios SET name = ?2, updated_at = {NOW} WHERE id = ?1"),
                    params![id, name],
                )
                .map_err(sql)?;
            }
            get(tx, id)
        })
    }

    /// Copies a scenario; without a name the copy is called "NAME (copy)", "NAME (copy 2)" ….
    pub fn duplicate(&mut self, id: i64, new_name: Option<&str>) -> Result<StoredScenario> {
        let wanted = new_name.map(|n| check_name("name", n)).transpose()?;
        self.write(|tx| {
            let original = get(tx, id)?;
            let name = match wanted {
                Some(n) if id_by_name(tx, &n)?.is_some() => return Err(name_taken(&n)),
                Some(n) => n,
                None => free_name(tx, &original.name, "copy")?,
            };
            let new_id = insert(
                tx,
                &NewScenario {
                    name,
                    description: original.description,
                    origin: Origin::User,
                    input: original.input,
                    total_cost_usd: original.total_cost_usd,
                },
            )?;
            get(tx, new_id)
        })
    }

    /// Moves a scenario to the trash; `restore` brings it back.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            get(tx, id)?;
            tx.execute(
                &format!(
                    "UPDATE scenarios SET deleted_at = {NOW} WHERE id = ?1 AND deleted_at IS NULL"
                ),
                params![id],
            )
            .map_err(sql)?;
            Ok(())
        })
    }

    /// Brings a deleted scenario back; if its name was taken meanwhile it gets a free one.
    pub fn restore(&mut self, id: i64) -> Result<StoredScenario> {
        self.write(|tx| {
            let s = get(tx, id)?;
            if s.deleted_at.is_some() {
                let name = if id_by_name(tx, &s.name)?.is_some() {
                    free_name(tx, &s.name, "restored")?
                } else {
                    s.name.clone()
                };
                tx.execute(
                    "UPDATE scenarios SET deleted_at = NULL, name = ?2 WHERE id = ?1",
                    params![id, name],
                )
                .map_err(sql)?;
            }
            get(tx, id)
        })
    }

    /// Removes a deleted scenario for good. Live scenarios must be deleted first.
    pub fn purge(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            let s = get(tx, id)?;
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
            Ok(())
        })
    }

    /// Removes for good the scenarios deleted more than [`TRASH_DAYS`] days ago; returns how
    /// many. Reads first, so that an open with nothing to expire writes nothing.
    pub fn empty_old_trash(&mut self) -> Result<usize> {
        let cutoff = format!("strftime('%Y-%m-%dT%H:%M:%fZ','now','-{TRASH_DAYS} days')");
        let old = format!("deleted_at IS NOT NULL AND deleted_at < {cutoff}");
        let count: i64 = self.read(|c| {
            c.query_row(
                &format!("SELECT count(*) FROM scenarios WHERE {old}"),
                [],
                |r| r.get(0),
            )
            .map_err(sql)
        })?;
        if count == 0 {
            return Ok(0);
        }
        self.write(|tx| {
            tx.execute(&format!("DELETE FROM scenarios WHERE {old}"), [])
                .map_err(sql)
        })
    }
}

/// Inserts a checked scenario (its name already trimmed by `check_name`).
pub(crate) fn insert(conn: &Connection, s: &NewScenario) -> Result<i64> {
    let json = serde_json::to_string(&s.input).map_err(|e| Error::internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO scenarios (name, description, origin, input_json, total_cost_usd) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.name, s.description, s.origin.as_str(), json, s.total_cost_usd],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => name_taken(&s.name),
        _ => sql(e),
    })?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn update_input(
    conn: &Connection,
    id: i64,
    input: &ScenarioInput,
    total: Option<f64>,
) -> Result<()> {
    let json = serde_json::to_string(input).map_err(|e| Error::internal(e.to_string()))?;
    conn.execute(
        &format!(
            "UPDATE scenarios SET input_json = ?2, total_cost_usd = ?3, updated_at = {NOW} WHERE id = ?1"
        ),
        params![id, json, total],
    )
    .map_err(sql)?;
    Ok(())
}

pub(crate) fn id_by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM scenarios WHERE name = ?1 COLLATE NOCASE AND deleted_at IS NULL",
        params![name.trim()],
        |r| r.get(0),
    )
    .optional()
    .map_err(sql)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<StoredScenario> {
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
            "the database holds inputs for scenario {} ({:?}) that cannot be read: {e}",
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
    use super::super::test_support::*;
    use super::*;
    use std::time::Duration;

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
    fn descriptions_are_bounded_in_the_core() {
        let (_dir, mut store) = temp_store();
        let mut long = scenario("Long", 1.0);
        long.description = "x".repeat(2_001);
        let e = store.save(&long, false).unwrap_err();
        assert_eq!(e.field(), Some("description"));
        assert!(e.to_string().contains("2000"), "{e}");
    }

    #[test]
    fn the_trash_older_than_thirty_days_is_emptied() {
        let (_dir, mut store) = temp_store();
        let old = store.save(&scenario("Old", 1.0), false).unwrap();
        let recent = store.save(&scenario("Recent", 1.0), false).unwrap();
        store.delete(old.id).unwrap();
        store.delete(recent.id).unwrap();
        conn(&store)
            .execute(
                "UPDATE scenarios SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now','-31 days') WHERE id = ?1",
                params![old.id],
            )
            .unwrap();
        assert_eq!(store.empty_old_trash().unwrap(), 1);
        let trash: Vec<String> = store
            .list_deleted()
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(trash, ["Recent"]);
        assert_eq!(store.empty_old_trash().unwrap(), 0);
    }
}
