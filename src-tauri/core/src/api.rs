//! Operations shared by every shell (CLI, desktop app, tests): each composes the pure model with
//! the store so that no shell repeats the rules (e.g. a saved total always comes from `evaluate`).

use std::path::Path;

use crate::error::Result;
use crate::exchange::ScenarioFile;
use crate::model::{evaluate, ScenarioInput};
use crate::store::{ImportReport, NewScenario, OnClash, Origin, Store, StoredScenario};

/// The built-in presets as scenarios to seed a new database with.
pub fn preset_seed() -> Result<Vec<NewScenario>> {
    crate::presets::builtin()?
        .iter()
        .map(|p| {
            Ok(NewScenario {
                name: p.name.clone(),
                description: p.description.clone(),
                origin: Origin::Preset,
                input: p.input.clone(),
                total_cost_usd: Some(evaluate(&p.input)?.total_cost_usd),
            })
        })
        .collect()
}

/// Opens the database at `path`, seeding a new one with the presets.
pub fn open_store(path: &Path) -> Result<Store> {
    Store::open(path, &preset_seed()?)
}

/// Validates and evaluates `input`, then saves it under `name` (replacing a scenario of that name
/// when `overwrite`). Invalid input is never stored.
pub fn save_scenario(
    store: &mut Store,
    name: &str,
    description: &str,
    input: &ScenarioInput,
    overwrite: bool,
) -> Result<StoredScenario> {
    let evaluation = evaluate(input)?;
    store.save(
        &NewScenario {
            name: name.to_string(),
            description: description.to_string(),
            origin: Origin::User,
            input: input.clone(),
            total_cost_usd: Some(evaluation.total_cost_usd),
        },
        overwrite,
    )
}

/// Replaces a stored scenario's inputs after validating them.
pub fn update_scenario(
    store: &mut Store,
    id: i64,
    input: &ScenarioInput,
) -> Result<StoredScenario> {
    let evaluation = evaluate(input)?;
    store.update(id, input, Some(evaluation.total_cost_usd))
}

/// A scenario file with the given stored scenarios, stamped with the store's clock.
pub fn export_file(store: &Store, scenarios: &[StoredScenario]) -> Result<ScenarioFile> {
    Ok(ScenarioFile::from_stored(scenarios, store.now()?))
}

/// Parses and validates a scenario file's text, then saves all of it or nothing.
pub fn import_text(store: &mut Store, text: &str, on_clash: OnClash) -> Result<ImportReport> {
    let file = ScenarioFile::parse(text)?;
    store.import_all(&file.to_new_scenarios()?, on_clash)
}

/// What a scenario file holds, checked against the store before anything is saved, so that the
/// app can ask what to do about names that are taken.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportPreview {
    /// Every scenario name in the file, in file order.
    pub names: Vec<String>,
    /// The names a live scenario already has.
    pub clashes: Vec<String>,
}

/// Parses and validates a scenario file's text (all of it, as an import would) and lists the
/// names that clash. Nothing is saved.
pub fn import_preview(store: &Store, text: &str) -> Result<ImportPreview> {
    let file = ScenarioFile::parse(text)?;
    let mut clashes = Vec::new();
    for entry in &file.scenarios {
        if store.name_taken(&entry.name)? {
            clashes.push(entry.name.trim().to_string());
        }
    }
    Ok(ImportPreview {
        names: file
            .scenarios
            .iter()
            .map(|e| e.name.trim().to_string())
            .collect(),
        clashes,
    })
}

/// Everything the main screen shows for one set of inputs, computed in one call so that a
/// slider frame costs one round trip.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Screen {
    pub evaluation: crate::model::Evaluation,
    /// What stays fixed along `series`.
    pub hold: crate::analysis::Hold,
    /// Cost and days against GPU count (log-spaced, 1 to 100,000, plus the current count).
    /// Not sent over IPC: the charts carry the same points, and every frame pays for the bytes.
    #[serde(skip)]
    pub series: Vec<crate::analysis::GpuCountPoint>,
    /// Every chart of the screen, described once for both the UI and the exporters
    /// (cost against GPUs, breakdown, comparison).
    pub charts: Vec<crate::chart::Chart>,
}

/// Points in the GPU-count series of the main chart.
pub const SERIES_POINTS: usize = 200;
/// The GPU-count range of the main chart and of the app's slider.
pub const SERIES_GPU_COUNT: (f64, f64) = (1.0, 100_000.0);

/// Evaluates `input` and the series the charts need, with charts for an unnamed scenario.
pub fn screen(input: &ScenarioInput, hold: crate::analysis::Hold) -> Result<Screen> {
    let ctx = crate::chart::ChartContext {
        scenario_name: "Untitled scenario",
        date: "",
        compared: &[],
    };
    screen_for(input, hold, &ctx)
}

/// Evaluates `input`, the series and every chart, with the scenario's name, the date and the
/// saved scenarios to compare with in `ctx`.
pub fn screen_for(
    input: &ScenarioInput,
    hold: crate::analysis::Hold,
    ctx: &crate::chart::ChartContext<'_>,
) -> Result<Screen> {
    use crate::catalog::{Catalog, Defaults};
    let (catalog, defaults) = (Catalog::builtin()?, Defaults::builtin()?);
    let evaluation = crate::model::evaluate_with(input, catalog, defaults)?;
    let mut counts =
        crate::analysis::log_spaced_counts(SERIES_GPU_COUNT.0, SERIES_GPU_COUNT.1, SERIES_POINTS);
    // The current count is always a point, so the marker sits on the line.
    if let Err(at) = counts.binary_search_by(|c| c.total_cmp(&evaluation.gpu_count)) {
        counts.insert(at, evaluation.gpu_count);
    }
    let series = crate::analysis::series_vs_gpu_count(input, &counts, hold, catalog, defaults)?;
    let mut screen = Screen {
        evaluation,
        hold,
        series,
        charts: Vec::new(),
    };
    screen.charts = crate::chart::all(&screen, ctx);
    Ok(screen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_preview_lists_clashes_without_saving() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open_store(&dir.path().join("c.db")).unwrap();
        let before = store.list(None).unwrap();
        let stored: Vec<StoredScenario> = before
            .iter()
            .take(2)
            .map(|s| store.get(s.id).unwrap())
            .collect();
        let mut file = export_file(&store, &stored).unwrap();
        file.scenarios[1].name = "Brand new".into();
        let text = file.to_json().unwrap();
        let preview = import_preview(&store, &text).unwrap();
        assert_eq!(
            preview.names,
            vec![stored[0].name.clone(), "Brand new".into()]
        );
        assert_eq!(preview.clashes, vec![stored[0].name.clone()]);
        assert_eq!(store.list(None).unwrap(), before);
        let report = import_text(&mut store, &text, OnClash::Skip).unwrap();
        assert_eq!(report.added, vec!["Brand new".to_string()]);
        assert!(import_preview(&store, "{\"format\":\"nope\"}").is_err());
    }
}
