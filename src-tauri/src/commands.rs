//! The IPC commands: each translates arguments, calls the core and returns its result or its
//! error (`{kind, message, field}`). No cost rule lives here.

use std::path::PathBuf;
use std::sync::Mutex;

use costscope_core::analysis::Hold;
use costscope_core::api::{self, Screen};
use costscope_core::catalog::{Catalog, Gpu};
use costscope_core::chart::{Chart, ChartContext, ComparedScenario};
use costscope_core::store::{ScenarioSummary, Store, StoredScenario};
use costscope_core::{Error, ScenarioInput};
use costscope_render::{RenderOptions, Theme};
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
    /// Set by `COSTSCOPE_EXPORT_DIR` (end-to-end tests): exports go there without a dialog,
    /// because a native dialog cannot be driven over WebDriver.
    export_dir: Option<String>,
}

#[tauri::command(async)]
pub fn startup(state: State<'_, AppState>) -> Result<Startup, Error> {
    let scenarios = state.with_store(|s| s.list(None)).unwrap_or_default();
    Ok(Startup {
        db_path: state.db_path.display().to_string(),
        db_error: state.db_error.clone(),
        scenarios,
        export_dir: std::env::var("COSTSCOPE_EXPORT_DIR")
            .ok()
            .filter(|d| !d.is_empty()),
    })
}

#[tauri::command(async)]
pub fn catalog() -> Result<Vec<Gpu>, Error> {
    Ok(Catalog::builtin()?.gpus.clone())
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
    let date = costscope_render::today_utc();
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

/// Writes the chart the screen shows (its description, sent back as drawn) to `path` as PNG,
/// SVG or CSV, atomically. Returns the path written.
#[tauri::command(async)]
pub fn export_chart(
    chart: Chart,
    format: String,
    path: String,
    theme: String,
    scale: f64,
) -> Result<String, Error> {
    let path = PathBuf::from(path);
    if path.as_os_str().is_empty() {
        return Err(Error::invalid(
            "path",
            "path is empty: choose a file to export to",
        ));
    }
    let theme = Theme::parse(&theme).ok_or_else(|| {
        Error::invalid(
            "theme",
            format!("theme must be light or dark; got {theme:?}"),
        )
    })?;
    let options = RenderOptions {
        scale,
        theme,
        ..RenderOptions::default()
    };
    let bytes = match format.trim().to_ascii_lowercase().as_str() {
        "png" => costscope_render::render_png(&chart, &options)
            .map_err(|e| costscope_render::to_core_error(e, "path"))?,
        "svg" => costscope_render::render_svg(&chart, &options)
            .map_err(|e| costscope_render::to_core_error(e, "path"))?
            .into_bytes(),
        "csv" => costscope_core::chart::to_csv(&chart).into_bytes(),
        other => {
            return Err(Error::invalid(
                "format",
                format!("format must be png, svg or csv; got {other:?}"),
            ))
        }
    };
    costscope_render::write_atomically(&path, &bytes)
        .map_err(|e| costscope_render::to_core_error(e, "path"))?;
    Ok(path.display().to_string())
}
