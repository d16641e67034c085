//! Accelerators the user adds to the catalog. Each is checked like a scenario's `custom_gpu`
//! (`catalog::check_user_accelerator`) before it is written, and kept as the JSON of
//! `catalog::Gpu`. A scenario that uses one carries its own copy, so replacing or removing an
//! accelerator here never changes what a saved scenario evaluates to.

use rusqlite::{params, OptionalExtension};

use super::sql_error::sql;
use super::Store;
use crate::catalog::{check_user_accelerator, id_key, Catalog, Gpu};
use crate::error::{Error, Result};
use crate::limits::accelerator::USER_MAX;

/// What adding did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    Replaced,
}

impl Store {
    /// The user's accelerators, by id. A row that no longer reads as an accelerator (the file
    /// was edited by hand) is an error naming it; nothing is dropped or rewritten.
    pub fn accelerators(&self) -> Result<Vec<Gpu>> {
        self.read(|c| {
            let mut stmt = c
                .prepare("SELECT key, gpu_json FROM accelerators ORDER BY key")
                .map_err(sql)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(sql)?;
            let mut gpus = Vec::new();
            for row in rows {
                let (key, text) = row.map_err(sql)?;
                gpus.push(parse_row(&key, &text)?);
            }
            Ok(gpus)
        })
    }

    /// The user's accelerator `id` names (ignoring case, spaces, dashes), if any.
    pub fn accelerator(&self, id: &str) -> Result<Option<Gpu>> {
        let key = id_key(id);
        let text: Option<String> = self.read(|c| {
            c.query_row(
                "SELECT gpu_json FROM accelerators WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)
        })?;
        text.map(|t| parse_row(id, &t)).transpose()
    }

    /// Adds an accelerator after checking every field; one with the same id is a conflict
    /// unless `replace`. Its id may not name a built-in accelerator.
    pub fn add_accelerator(&mut self, gpu: &Gpu, replace: bool) -> Result<Added> {
        let builtin = Catalog::builtin()?;
        check_user_accelerator(gpu, builtin, "")?;
        let mut gpu = gpu.clone();
        gpu.id = gpu.id.trim().to_string();
        gpu.name = gpu.name.trim().to_string();
        let key = id_key(&gpu.id);
        let text = serde_json::to_string(&gpu)
            .map_err(|e| Error::internal(format!("an accelerator did not serialise: {e}")))?;
        self.write(|tx| {
            let exists: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM accelerators WHERE key = ?1)",
                    params![key],
                    |r| r.get(0),
                )
                .map_err(sql)?;
            if exists {
                if !replace {
                    return Err(Error::conflict(
                        "id",
                        format!(
                            "id: an accelerator {:?} is already in your catalog; replace it or give this one another id",
                            gpu.id
                        ),
                    ));
                }
                tx.execute(
                    "UPDATE accelerators SET gpu_json = ?2, \
                     updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE key = ?1",
                    params![key, text],
                )
                .map_err(sql)?;
                return Ok(Added::Replaced);
            }
            let count: i64 = tx
                .query_row("SELECT count(*) FROM accelerators", [], |r| r.get(0))
                .map_err(sql)?;
            if count >= USER_MAX as i64 {
                return Err(Error::invalid(
                    "id",
                    format!(
                        "your catalog already holds {USER_MAX} accelerators, the most it keeps; remove one first"
                    ),
                ));
            }
            tx.execute(
                "INSERT INTO accelerators (key, gpu_json) VALUES (?1, ?2)",
                params![key, text],
            )
            .map_err(sql)?;
            Ok(Added::New)
        })
    }

    /// Removes the user's accelerator `id`. Saved scenarios that use it keep their copy.
    pub fn remove_accelerator(&mut self, id: &str) -> Result<Gpu> {
        let key = id_key(id);
        let gone = self.accelerator(id)?.ok_or_else(|| {
            Error::not_found(
                "id",
                format!(
                    "id: no accelerator {:?} is in your catalog; `costscope catalog` lists them",
                    id.trim()
                ),
            )
        })?;
        self.write(|tx| {
            tx.execute("DELETE FROM accelerators WHERE key = ?1", params![key])
                .map_err(sql)?;
            Ok(())
        })?;
        Ok(gone)
    }
}

/// A stored row as an accelerator; one that no longer reads (edited by hand) is an error naming
/// its key, and the row is left as it is.
fn parse_row(key: &str, text: &str) -> Result<Gpu> {
    serde_json::from_str(text).map_err(|e| {
        Error::database(format!(
            "the accelerator {key:?} in the database cannot be read ({e}); it was left as it is"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::temp_store;
    use super::*;
    use crate::model::{evaluate, ScenarioInput};

    fn lab_chip() -> Gpu {
        let mut chip = Catalog::builtin().unwrap().gpu("H100").unwrap().clone();
        chip.id = "LabChip-1".into();
        chip.name = "Our lab's accelerator".into();
        chip.aliases.clear();
        chip.usd_per_gpu_hour = 1.5;
        chip
    }

    #[test]
    fn added_accelerators_read_back_replace_and_remove() {
        let (_dir, mut store) = temp_store();
        assert!(store.accelerators().unwrap().is_empty());
        assert_eq!(
            store.add_accelerator(&lab_chip(), false).unwrap(),
            Added::New
        );
        assert_eq!(store.accelerators().unwrap(), vec![lab_chip()]);
        // The same id spelled differently is the same accelerator.
        let mut again = lab_chip();
        again.id = "labchip 1".into();
        let err = store.add_accelerator(&again, false).unwrap_err();
        assert_eq!(err.field(), Some("id"));
        assert!(err.to_string().contains("already in your catalog"), "{err}");
        again.usd_per_gpu_hour = 2.5;
        assert_eq!(
            store.add_accelerator(&again, true).unwrap(),
            Added::Replaced
        );
        let found = store.accelerator("LABCHIP-1").unwrap().unwrap();
        assert_eq!(found.usd_per_gpu_hour, 2.5);
        // What a scenario using it carries evaluates with the stored figures.
        let mut s = ScenarioInput::new(&found.id, 100.0, 1.0);
        s.custom_gpu = Some(found);
        assert_eq!(evaluate(&s).unwrap().total_cost_usd, 100.0 * 24.0 * 2.5);
        store.remove_accelerator("labchip-1").unwrap();
        assert!(store.accelerators().unwrap().is_empty());
        assert_eq!(
            store.remove_accelerator("labchip-1").unwrap_err().field(),
            Some("id")
        );
    }

    #[test]
    fn a_bad_accelerator_is_refused_naming_the_field_and_nothing_is_written() {
        let (_dir, mut store) = temp_store();
        type Spoil = Box<dyn Fn(&mut Gpu)>;
        let cases: Vec<(Spoil, &str, &str)> = vec![
            (
                Box::new(|g| g.board_watts = 0.0),
                "board_watts",
                "from 1 to 10,000 W",
            ),
            (Box::new(|g| g.id = "H100".into()), "id", "built-in H100"),
            (
                Box::new(|g| g.id = "h800-sxm".into()),
                "id",
                "built-in H800",
            ),
            (Box::new(|g| g.id = "  ".into()), "id", "required"),
            (
                Box::new(|g| g.id = "chip;drop".into()),
                "id",
                "letters, digits",
            ),
            (Box::new(|g| g.name = String::new()), "name", "required"),
            (
                Box::new(|g| g.memory_gb = f64::NAN),
                "memory_gb",
                "not a number",
            ),
            (
                Box::new(|g| g.peak_dense_tflops.clear()),
                "peak_dense_tflops",
                "at least one precision",
            ),
            (
                Box::new(|g| {
                    g.peak_dense_tflops
                        .insert(crate::catalog::Precision::Fp8, -1.0);
                }),
                "peak_dense_tflops.fp8",
                "TFLOP/s",
            ),
            (
                Box::new(|g| g.usd_per_gpu_hour = 0.0),
                "usd_per_gpu_hour",
                "from 0.01 to 1,000",
            ),
            (
                Box::new(|g| g.sources.rental.date = "last year".into()),
                "sources.rental.date",
                "YYYY-MM",
            ),
            (
                Box::new(|g| g.sources.specs.title = String::new()),
                "sources.specs.title",
                "required",
            ),
        ];
        for (spoil, field, words) in cases {
            let mut g = lab_chip();
            spoil(&mut g);
            let err = store.add_accelerator(&g, true).unwrap_err();
            assert_eq!(err.field(), Some(field), "{err}");
            assert!(err.to_string().contains(words), "{field}: {err}");
        }
        assert!(store.accelerators().unwrap().is_empty());
    }

    #[test]
    fn a_hand_edited_row_is_reported_and_kept() {
        let (_dir, store) = temp_store();
        let conn = super::super::test_support::conn(&store);
        conn.execute(
            "INSERT INTO accelerators (key, gpu_json) VALUES ('x', '{\"id\": 1}')",
            [],
        )
        .unwrap();
        let err = store.accelerators().unwrap_err();
        assert!(err.to_string().contains("\"x\""), "{err}");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM accelerators", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }
}
