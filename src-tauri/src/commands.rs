//! The IPC commands: each translates arguments, calls the core and returns its result or its
//! error (`{kind, message, field}`). No cost rule lives here.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use costscope_core::analysis::Hold;
use costscope_core::api::{self, CurrentScenario, ImportPreview, Screen, Startup};
use costscope_core::catalog::{Catalog, Gpu};
use costscope_core::chart::{Chart, ChartContext, ChartLook};
use costscope_core::report;
use costscope_core::seek::{self, Figure, SeekInput, SeekResult};
use costscope_core::store::{ImportReport, OnClash, ScenarioSummary, Store, StoredScenario};
use costscope_core::{Error, ScenarioInput};
use costscope_render::{Format, RenderOptions};
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

pub struct AppState {
    db: Mutex<Db>,
}

/// The database the window works on. `store` is None when it could not be opened; the app then
/// runs without saving and the window offers to choose another file or start a new one.
struct Db {
    store: Option<Store>,
    path: PathBuf,
    error: Option<Error>,
}

impl AppState {
    /// Opens the database in the OS data directory (or `$COSTSCOPE_DB`). A failure is kept to be
    /// shown in the window; the file is never touched.
    pub fn open() -> AppState {
        let db = match costscope_core::store::resolve_db_path(None) {
            Ok(path) => match api::open_store(&path) {
                Ok(store) => Db {
                    store: Some(store),
                    path,
                    error: None,
                },
                Err(e) => Db {
                    store: None,
                    path,
                    error: Some(e),
                },
            },
            Err(e) => Db {
                store: None,
                path: PathBuf::new(),
                error: Some(e),
            },
        };
        AppState { db: Mutex::new(db) }
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Db>, Error> {
        self.db
            .lock()
            .map_err(|_| Error::internal("the database lock was poisoned by an earlier failure"))
    }

    /// The database file this window opened with (empty when none could be resolved): it names
    /// the single instance, so a second launch on the same database joins this window.
    pub fn initial_db_path(&self) -> PathBuf {
        self.db_path().ok().flatten().unwrap_or_default()
    }

    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, Error>) -> Result<T, Error> {
        let mut db = self.lock()?;
        let Db { store, error, .. } = &mut *db;
        match store.as_mut() {
            Some(store) => f(store),
            None => Err(Error::database(match error {
                Some(e) => format!("nothing can be saved: {e}"),
                None => "nothing can be saved: the database is not open".to_string(),
            })),
        }
    }

    /// The database file, for the write guard (None when no path is known).
    fn db_path(&self) -> Result<Option<PathBuf>, Error> {
        let db = self.lock()?;
        Ok(Some(db.path.clone()).filter(|p| !p.as_os_str().is_empty()))
    }

    fn startup(&self) -> Result<Startup, Error> {
        let db = self.lock()?;
        let scenarios = db
            .store
            .as_ref()
            .and_then(|s| s.list(None).ok())
            .unwrap_or_default();
        Ok(Startup {
            db_path: db.path.display().to_string(),
            db_error: db.error.clone(),
            scenarios,
            presets: costscope_core::presets::builtin()
                .map(<[_]>::to_vec)
                .unwrap_or_default(),
            trash_days: costscope_core::store::TRASH_DAYS,
            export_dir: std::env::var("COSTSCOPE_EXPORT_DIR")
                .ok()
                .filter(|d| !d.is_empty()),
            open_files: Vec::new(),
            seek: costscope_core::seek::choices(),
            ranges: costscope_core::uncertainty::range_choices(),
            user_gpus: db
                .store
                .as_ref()
                .and_then(|s| s.accelerators().ok())
                .unwrap_or_default(),
        })
    }
}

#[tauri::command(async)]
pub fn startup(
    state: State<'_, AppState>,
    opened: State<'_, crate::open_files::Pending>,
) -> Result<Startup, Error> {
    let mut startup = state.startup()?;
    startup.open_files = opened.take();
    Ok(startup)
}

/// Switches the window to the database at `path` (chosen in the database dialog): an existing
/// Costscope database, or with `create` a new one at a path where no file is yet. On failure
/// the current database stays in use and the error says why.
#[tauri::command(async)]
pub fn open_database(
    state: State<'_, AppState>,
    path: String,
    create: bool,
) -> Result<Startup, Error> {
    let path = chosen_path(&path)?;
    let exists = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0 || m.is_dir());
    if create && exists {
        return Err(Error::invalid(
            "path",
            format!(
                "path: {} already exists; a new database needs a new file name (or use Choose another file… to open it)",
                path.display()
            ),
        ));
    }
    if !create && !exists {
        return Err(Error::invalid(
            "path",
            format!(
                "path: {} does not exist; choose a Costscope database file",
                path.display()
            ),
        ));
    }
    {
        // Opening the file already open here would read it through a second descriptor, whose
        // closing drops SQLite's locks on it; it is in use already, so there is nothing to do.
        let db = state.lock()?;
        let canonical = |p: &Path| std::fs::canonicalize(p).ok();
        if db.store.is_some()
            && canonical(&db.path).is_some()
            && canonical(&db.path) == canonical(&path)
        {
            drop(db);
            return state.startup();
        }
    }
    let store = api::open_store(&path)?;
    {
        let mut db = state.lock()?;
        *db = Db {
            store: Some(store),
            path,
            error: None,
        };
    }
    state.startup()
}

#[tauri::command(async)]
pub fn catalog() -> Result<Vec<Gpu>, Error> {
    Ok(Catalog::builtin()?.gpus.clone())
}

/// Adds (or with `replace`, replaces) one of the user's accelerators after the core's checks,
/// and returns the user's accelerators as they now are.
#[tauri::command(async)]
pub fn add_accelerator(
    state: State<'_, AppState>,
    gpu: Gpu,
    replace: bool,
) -> Result<Vec<Gpu>, Error> {
    state.with_store(|s| {
        s.add_accelerator(&gpu, replace)?;
        s.accelerators()
    })
}

/// Removes one of the user's accelerators (saved scenarios keep their copy) and returns the rest.
#[tauri::command(async)]
pub fn remove_accelerator(state: State<'_, AppState>, id: String) -> Result<Vec<Gpu>, Error> {
    state.with_store(|s| {
        s.remove_accelerator(&id)?;
        s.accelerators()
    })
}

/// Evaluates the editor's inputs with every chart; `name` labels the charts and the saved
/// scenarios (when the database is open) fill the comparison.
#[tauri::command(async)]
pub fn screen(
    state: State<'_, AppState>,
    input: ScenarioInput,
    hold: Hold,
    name: Option<String>,
    samples: Option<u64>,
) -> Result<Screen, Error> {
    // Ranges are sampled at the window's count unless the caller asks for the preview's (a
    // slider move); any count is checked by the core.
    let samples = samples.unwrap_or(costscope_core::uncertainty::WINDOW_SAMPLES);
    let compared = state
        .with_store(|s| api::compared_scenarios(s))
        .unwrap_or_default();
    let date = api::today_utc();
    let ctx = ChartContext {
        scenario_name: name.as_deref().unwrap_or("Untitled scenario"),
        date: &date,
        compared: &compared,
    };
    api::screen_sampled(&input, hold, &ctx, samples)
}

/// The range a new range on input `name` starts with (the core's sourced default, or around the
/// input's value); an input the scenario solves for or lacks is refused naming it.
#[tauri::command(async)]
pub fn start_range(
    input: ScenarioInput,
    name: String,
) -> Result<costscope_core::model::InputRange, Error> {
    costscope_core::uncertainty::starting_range(
        &input,
        &name,
        Catalog::builtin()?,
        costscope_core::catalog::Defaults::builtin()?,
    )
}

/// Goal seek: the value of `vary` that makes `target` equal `value`, solved by the core through
/// `evaluate`. Returns the input with that value set and its evaluation; an unreachable target is
/// the core's one-sentence error (field `target`), and nothing is changed.
#[tauri::command(async)]
pub fn seek_scenario(
    input: ScenarioInput,
    target: Figure,
    value: f64,
    vary: SeekInput,
) -> Result<SeekResult, Error> {
    seek::seek_builtin(&input, target, value, vary)
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

/// The export sheet's look as render options; a bad width, height, scale or theme is an error
/// naming that field.
fn render_options(look: &ChartLook) -> Result<RenderOptions, Error> {
    RenderOptions::try_from(look).map_err(render_error)
}

fn render_error(e: costscope_render::Error) -> Error {
    costscope_render::to_core_error(e, "path")
}

fn chosen_path(path: &str) -> Result<PathBuf, Error> {
    if path.trim().is_empty() {
        return Err(Error::invalid(
            "path",
            "path is empty: choose a file to export to",
        ));
    }
    Ok(PathBuf::from(path))
}

/// Every file the window writes goes through here: the core's guard refuses the database and its
/// -wal/-shm (by device and inode) and a name whose extension says another format than `ext`.
fn write_file(state: &AppState, path: &Path, ext: &str, bytes: &[u8]) -> Result<String, Error> {
    costscope_core::store::check_write_target("path", path, state.db_path()?.as_deref(), ext)?;
    costscope_render::write_atomically(path, bytes).map_err(render_error)?;
    Ok(path.display().to_string())
}

/// Writes the chart the screen shows (its description, sent back as drawn) to `path` as PNG,
/// SVG, CSV or JSON, atomically, drawn with `look`. Returns the path written.
#[tauri::command(async)]
pub fn export_chart(
    state: State<'_, AppState>,
    chart: Chart,
    format: String,
    path: String,
    look: ChartLook,
) -> Result<String, Error> {
    let path = chosen_path(&path)?;
    let options = render_options(&look)?;
    let format = Format::parse(&format).ok_or_else(|| {
        Error::invalid(
            "format",
            format!(
                "format must be png, svg, csv or json; got {:?}",
                format.trim().to_ascii_lowercase()
            ),
        )
    })?;
    let bytes = costscope_render::encode(&chart, format, &options).map_err(render_error)?;
    write_file(&state, &path, format.ext(), &bytes)
}

/// Writes every sample of the scenario's Monte Carlo (the window's count and seed) to `path` as
/// CSV, through the same write guard as every export; returns the path written.
#[tauri::command(async)]
pub fn export_samples(
    state: State<'_, AppState>,
    input: ScenarioInput,
    path: String,
) -> Result<String, Error> {
    let path = chosen_path(&path)?;
    let (csv, _) = api::samples_csv(&input)?;
    write_file(&state, &path, "csv", csv.as_bytes())
}

/// Puts the chart, drawn by the same renderer as an export, on the clipboard as an image.
/// Returns the image size in pixels.
#[tauri::command(async)]
pub fn copy_chart_image(
    app: AppHandle,
    chart: Chart,
    look: ChartLook,
) -> Result<(u32, u32), Error> {
    let options = render_options(&look)?;
    let png = costscope_render::render_png(&chart, &options).map_err(render_error)?;
    let image = tauri::image::Image::from_bytes(&png)
        .map_err(|e| Error::internal(format!("the chart image could not be decoded: {e}")))?;
    app.clipboard()
        .write_image(&image)
        .map_err(|e| clipboard_error(&e))?;
    Ok((image.width(), image.height()))
}

fn clipboard_error(e: &tauri_plugin_clipboard_manager::Error) -> Error {
    Error::Io {
        message: format!("the clipboard cannot be written: {e}"),
    }
}

/// Puts the scenario's summary table on the clipboard: an HTML table for documents and
/// tab-separated text for spreadsheets and plain editors. Returns the text.
#[tauri::command(async)]
pub fn copy_summary(
    app: AppHandle,
    input: ScenarioInput,
    name: Option<String>,
) -> Result<String, Error> {
    let evaluation = costscope_core::evaluate(&input)?;
    let name = name.as_deref().unwrap_or("Untitled scenario");
    let text = report::summary_tsv(name, &evaluation);
    let html = report::summary_html(name, &evaluation);
    app.clipboard()
        .write_html(html, Some(text.clone()))
        .map_err(|e| clipboard_error(&e))?;
    Ok(text)
}

/// The saved scenarios `ids` side by side, after the editor's scenario when `current` is given.
#[tauri::command(async)]
pub fn compare_scenarios(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    current: Option<CurrentScenario>,
) -> Result<report::Comparison, Error> {
    state.with_store(|s| {
        api::compare(
            s,
            &ids,
            current.as_ref().map(|c| (c.name.as_str(), &c.input)),
        )
    })
}

/// Puts the same comparison on the clipboard (an HTML table and tab-separated text with plain
/// numbers). Returns the text.
#[tauri::command(async)]
pub fn copy_comparison(
    app: AppHandle,
    state: State<'_, AppState>,
    ids: Vec<i64>,
    current: Option<CurrentScenario>,
) -> Result<String, Error> {
    let comparison = compare_scenarios(state, ids, current)?;
    let text = report::comparison_tsv(&comparison);
    app.clipboard()
        .write_html(report::comparison_html(&comparison), Some(text.clone()))
        .map_err(|e| clipboard_error(&e))?;
    Ok(text)
}

/// Writes the scenario and its evaluated result as JSON to `path`.
#[tauri::command(async)]
pub fn export_result(
    state: State<'_, AppState>,
    input: ScenarioInput,
    hold: Hold,
    name: Option<String>,
    path: String,
) -> Result<String, Error> {
    let path = chosen_path(&path)?;
    let file = report::ResultFile::new(
        name.as_deref().unwrap_or("Untitled scenario"),
        &input,
        hold,
        api::today_utc(),
    )?;
    write_file(&state, &path, "json", file.to_json()?.as_bytes())
}

/// Writes the saved scenarios `ids` (all live ones when None) to a scenario file at `path`.
/// Returns how many were written.
#[tauri::command(async)]
pub fn export_scenarios(
    state: State<'_, AppState>,
    ids: Option<Vec<i64>>,
    path: String,
) -> Result<usize, Error> {
    let path = chosen_path(&path)?;
    let (json, count) = state.with_store(|s| api::export_scenarios(s, ids.as_deref()))?;
    let ext = costscope_core::exchange::extension_for(&path);
    write_file(&state, &path, ext, json.as_bytes())?;
    Ok(count)
}

/// Reads and validates a scenario file and lists the names already taken; saves nothing.
#[tauri::command(async)]
pub fn preview_import(state: State<'_, AppState>, path: String) -> Result<ImportPreview, Error> {
    let text = api::read_scenario_file(Path::new(&path))?;
    state.with_store(|s| api::import_preview(s, &text))
}

/// Imports a scenario file: all or nothing, clashes handled by `on_clash`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_scenarios(
    state: State<'_, AppState>,
    path: String,
    on_clash: OnClash,
) -> Result<ImportReport, Error> {
    let text = api::read_scenario_file(Path::new(&path))?;
    state.with_store(|s| api::import_text(s, &text, on_clash))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deepseek() -> ScenarioInput {
        costscope_core::presets::named("DeepSeek-V3 (as reported)")
            .unwrap()
            .input
            .clone()
    }

    #[test]
    fn seek_scenario_answers_as_the_cores_seek_and_refuses_what_is_out_of_reach() {
        let found = seek_scenario(
            deepseek(),
            Figure::TotalCostUsd,
            1e7,
            SeekInput::UsdPerGpuHour,
        )
        .unwrap();
        let core = seek::seek_builtin(
            &deepseek(),
            Figure::TotalCostUsd,
            1e7,
            SeekInput::UsdPerGpuHour,
        )
        .unwrap();
        assert_eq!(found, core);
        assert!((found.evaluation.total_cost_usd - 1e7).abs() <= 1e-9 * 1e7);
        let e = seek_scenario(
            deepseek(),
            Figure::TotalCostUsd,
            1e13,
            SeekInput::UsdPerGpuHour,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("target"));
        assert!(e.to_string().contains("cannot reach"), "{e}");
    }

    #[test]
    fn the_seek_arguments_cross_ipc_by_their_cli_names() {
        let target: Figure = serde_json::from_str("\"total_cost_usd\"").unwrap();
        let vary: SeekInput = serde_json::from_str("\"usd_per_gpu_hour\"").unwrap();
        assert_eq!(
            (target, vary),
            (Figure::TotalCostUsd, SeekInput::UsdPerGpuHour)
        );
    }
}
