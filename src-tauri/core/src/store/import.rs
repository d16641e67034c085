//! Imports: all scenarios of a file or none, with a policy for names already taken.

use serde::{Deserialize, Serialize};

use super::names::{check_description, check_name, free_name};
use super::scenarios::{id_by_name, insert, update_input};
use super::{NewScenario, Store};
use crate::error::{Error, Result};

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
    /// Ids of accelerators the imported scenarios carried (`custom_gpu`) that were added to the
    /// user's catalog because it had none of that id.
    #[serde(default)]
    pub accelerators_added: Vec<String>,
}

impl Store {
    /// Saves all `items` or none. Names must be valid and distinct (checked before writing).
    pub fn import_all(&mut self, items: &[NewScenario], on_clash: OnClash) -> Result<ImportReport> {
        let mut seen = std::collections::HashSet::new();
        let mut checked = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let name = check_name(&format!("scenarios[{i}].name"), &item.name)?;
            let description =
                check_description(&format!("scenarios[{i}].description"), &item.description)?;
            if !seen.insert(name.to_lowercase()) {
                return Err(Error::invalid(
                    format!("scenarios[{i}].name"),
                    format!("scenarios[{i}].name {name:?} appears twice in the file"),
                ));
            }
            checked.push(NewScenario {
                name,
                description,
                ..item.clone()
            });
        }
        self.write(|tx| {
            let mut report = ImportReport::default();
            let mut clashes = Vec::new();
            for item in checked {
                let name = item.name.clone();
                match (id_by_name(tx, &name)?, on_clash) {
                    (None, _) => {
                        insert(tx, &item)?;
                        report.added.push(name);
                    }
                    (Some(_), OnClash::Fail) => clashes.push(name),
                    (Some(_), OnClash::Skip) => report.skipped.push(name),
                    (Some(id), OnClash::Replace) => {
                        update_input(tx, id, &item.input, item.total_cost_usd)?;
                        report.replaced.push(name);
                    }
                    (Some(_), OnClash::Rename) => {
                        let free = free_name(tx, &name, "imported")?;
                        insert(
                            tx,
                            &NewScenario {
                                name: free.clone(),
                                ..item
                            },
                        )?;
                        report.renamed.push((name, free));
                    }
                }
            }
            if !clashes.is_empty() {
                // Returning an error drops the transaction: nothing is saved.
                return Err(Error::conflict(
                    "name",
                    format!(
                        "these names are already taken, so nothing was imported: {}; choose skip, rename or replace",
                        clashes.join(", ")
                    ),
                ));
            }
            Ok(report)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

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
}
