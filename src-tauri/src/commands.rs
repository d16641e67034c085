//! The IPC commands: each translates arguments, calls the core and returns its result or its
//! error (`{kind, message, field}`). No cost rule lives here.

use std::path::PathBuf;
use std::sync::Mutex;

use costscope_core::analysis::Hold;
use costscope_core::api::{self, Screen};
use costscope_core::catalog::{Catalog, Gpu};
use costscope_core::chart::{ChartContext, ComparedScenario};
use costscope_core::store::{ScenarioSummary, Store, StoredScenario};
use costscope_core::{Error, ScenarioInput};
use serde::Serialize;
use tauri::State;

pub struct AppState {
    /// None when the database could not be opened; the app then runs without saving.
    store: Mutex<Option<Store>>,
    db_path: PathBuf,
    db_error: Option<Error>,
}

impl AppState {
    /// Opens the database in the OS data directory (or `$COSTSCOPE_DB`). A failure is kept to be
    /// shown in the window; the file is never touched.
    pub fn open() -> AppState {
        let path = costscope_core::store::resolve_db_path(None);
        let (store, db_path, db_error) = match path {
            Ok(path) => match api::open_store(&path) {
                Ok(store) => (Some(store), path, None),
                Err(e) => (None, path, Some(e)),
            },
            Err(e) => (None, PathBuf::new(), Some(e)),
        };
        AppState {
            store: Mutex::new(store),
            db_path,
            db_error,
        }
    }

    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, Error>) -> Result<T, Error> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| Error::internal("the database lock was poisoned by an earlier failure"))?;
        match guard.as_mut() {
            Some(store) => f(store),
            None => Err(Error::database(match &self.db_error {
                Some(e) => format!("nothing can be saved: {e}"),
                None => "nothing can be saved: the database is not open".to_string(),
            })),
        }
    }
}

#[derive(Serialize)]
pub struct Startup {
    db_path: String,
    db_error: Option<Error>,
    scenarios: Vec<ScenarioSummary>,
}

#[tauri::command(async)]
pub fn startup(state: State<'_, AppState>) -> Result<Startup, Error> {
    let scenarios = state.with_store(|s| s.list(None)).unwrap_or_default();
    Ok(Startup {
        db_path: state.db_path.display().to_string(),
        db_error: state.db_error.clone(),
        scenarios,
    })
}

#[tauri::command(async)]
pub fn catalog() -> Result<Vec<Gpu>, Error> {
    Ok(Catalog::builtin()?.gpus.clone())
}

/// Today's UTC date for chart footnotes.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    costscope_core::format::iso_date(secs)
}

/// Evaluates the editor's inputs with every chart; `name` labels the charts and the saved
/// scenarios (when the database is open) fill the comparison.
#[tauri::command(async)]
pub fn screen(
    state: State<'_, AppState>,
    input: ScenarioInput,
    hold: Hold,
    name: Option<String>,
) -> Result<Screen, Error> {
    let compared: Vec<ComparedScenario> = state
        .with_store(|s| s.list(None))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| {
            s.total_cost_usd.map(|total| ComparedScenario {
                name: s.name,
                total_cost_usd: total,
            })
        })
        .collect();
    let date = today();
    let ctx = ChartContext {
        scenario_name: name.as_deref().unwrap_or("Untitled scenario"),
        date: &date,
        compared: &compared,
    };
    api::screen_for(&input, hold, &ctx)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_scenarios(
    state: State<'_, AppState>,
    search: Option<String>,
) -> Result<Vec<ScenarioSummary>, Error> {
    state.with_store(|s| s.list(search.as_deref()))
}

#[tauri::command(async)]
pub fn list_deleted(state: State<'_, AppState>) -> Result<Vec<ScenarioSummary>, Error> {
    state.with_store(|s| s.list_deleted())
}

#[tauri::command(async)]
pub fn get_scenario(state: State<'_, AppState>, id: i64) -> Result<StoredScenario, Error> {
    state.with_store(|s| s.get(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_scenario(
    state: State<'_, AppState>,
    name: String,
    description: String,
    input: ScenarioInput,
    overwrite: bool,
) -> Result<StoredScenario, Error> {
    state.with_store(|s| api::save_scenario(s, &name, &description, &input, overwrite))
}

#[tauri::command(async)]
pub fn update_scenario(
    state: State<'_, AppState>,
    id: i64,
    input: ScenarioInput,
) -> Result<StoredScenario, Error> {
    state.with_store(|s| api::update_scenario(s, id, &input))
}

#[tauri::command(async)]
pub fn rename_scenario(
    state: State<'_, AppState>,
    id: i64,
    name: String,
) -> Result<StoredScenario, Error> {
    state.with_store(|s| s.rename(id, &name))
}

#[tauri::command(async)]
pub fn duplicate_scenario(
    state: State<'_, AppState>,
    id: i64,
    name: Option<String>,
) -> Result<StoredScenario, Error> {
    state.with_store(|s| s.duplicate(id, name.as_deref()))
}

#[tauri::command(async)]
pub fn delete_scenario(state: State<'_, AppState>, id: i64) -> Result<(), Error> {
    state.with_store(|s| s.delete(id))
}

#[tauri::command(async)]
pub fn restore_scenario(state: State<'_, AppState>, id: i64) -> Result<StoredScenario, Error> {
    state.with_store(|s| s.restore(id))
}
