//! Operations shared by every shell (CLI, desktop app, tests): each composes the pure model with
//! the store so that no shell repeats the rules (e.g. a saved total always comes from `evaluate`).

use std::path::Path;

mod read;

pub use read::{read_scenario_file, read_text_limited};

use crate::catalog::Catalog;
use crate::error::{Error, Result};
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
    crate::uncertainty::check_ranges(input, &evaluation)?;
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
    crate::uncertainty::check_ranges(input, &evaluation)?;
    store.update(id, input, Some(evaluation.total_cost_usd))
}

/// A scenario file with the given stored scenarios, stamped with the store's clock.
pub fn export_file(store: &Store, scenarios: &[StoredScenario]) -> Result<ScenarioFile> {
    Ok(ScenarioFile::from_stored(scenarios, store.now()?))
}

/// The saved scenarios `ids` (every live one, newest first, when `None`) as the text of a
/// scenario file (ending in a newline), and how many it holds. An unknown id is the store's
/// "not found" error.
pub fn export_scenarios(store: &Store, ids: Option<&[i64]>) -> Result<(String, usize)> {
    let ids = match ids {
        Some(ids) => ids.to_vec(),
        None => store.list(None)?.into_iter().map(|s| s.id).collect(),
    };
    let stored = ids
        .into_iter()
        .map(|id| store.get(id))
        .collect::<Result<Vec<_>>>()?;
    Ok((export_file(store, &stored)?.to_json()?, stored.len()))
}

/// Parses and validates a scenario file's text, then saves all of it or nothing.
pub fn import_text(store: &mut Store, text: &str, on_clash: OnClash) -> Result<ImportReport> {
    let file = ScenarioFile::parse(text)?;
    let scenarios = file.to_new_scenarios()?;
    let mut report = store.import_all(&scenarios, on_clash)?;
    report.accelerators_added = adopt_accelerators(store, scenarios.iter().map(|s| &s.input));
    Ok(report)
}

/// Adds to the user's catalog each accelerator the scenarios carry that it has no entry of that
/// id for, so that a colleague's chip can be chosen for new scenarios too. One already there is
/// left as it is (the scenarios keep their own copies either way), and one that cannot be added
/// (the catalog is full) does not undo the import that brought it. Returns the ids added.
pub fn adopt_accelerators<'a>(
    store: &mut Store,
    inputs: impl Iterator<Item = &'a ScenarioInput>,
) -> Vec<String> {
    let mut added = Vec::new();
    for gpu in inputs.filter_map(|i| i.custom_gpu.as_ref()) {
        if matches!(store.accelerator(&gpu.id), Ok(None))
            && store.add_accelerator(gpu, false).is_ok()
        {
            added.push(gpu.id.trim().to_string());
        }
    }
    added
}

/// A file of accelerators to add (`costscope catalog add FILE`): one accelerator object in the
/// shape of `costscope catalog --json`'s entries, or `{"gpus": [ … ]}` (which is also what that
/// command prints, so a catalog can be passed on).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceleratorFile {
    gpus: Vec<crate::catalog::Gpu>,
    // What `costscope catalog --json` prints around the list; accepted and ignored.
    #[serde(default)]
    #[allow(dead_code)]
    schema: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    version: Option<u32>,
    #[serde(default)]
    #[allow(dead_code)]
    updated: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    user_gpus: Option<Vec<crate::catalog::Gpu>>,
}

/// Reads accelerators from a file's text and checks every one before anything is saved (the
/// error names the entry and field, e.g. `gpus[1].board_watts`).
pub fn parse_accelerators(text: &str) -> Result<Vec<crate::catalog::Gpu>> {
    let is_list = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| v.get("gpus").is_some());
    let gpus = if is_list {
        crate::error::from_json_str::<AcceleratorFile>(text)?.gpus
    } else {
        vec![crate::error::from_json_str::<crate::catalog::Gpu>(text)?]
    };
    if gpus.is_empty() {
        return Err(Error::invalid(
            "gpus",
            "gpus is empty: the file holds no accelerator to add",
        ));
    }
    let builtin = Catalog::builtin()?;
    for (i, gpu) in gpus.iter().enumerate() {
        let prefix = if is_list {
            format!("gpus[{i}].")
        } else {
            String::new()
        };
        crate::catalog::check_user_accelerator(gpu, builtin, &prefix)?;
        if gpus[..i]
            .iter()
            .any(|g| crate::catalog::same_id(&g.id, &gpu.id))
        {
            return Err(Error::invalid(
                format!("{prefix}id"),
                format!("{prefix}id {:?} appears twice in the file", gpu.id),
            ));
        }
    }
    Ok(gpus)
}

/// Adds every accelerator or none: with `replace` false, an id already in the user's catalog is
/// a conflict found before the first is written.
pub fn add_accelerators(
    store: &mut Store,
    gpus: &[crate::catalog::Gpu],
    replace: bool,
) -> Result<Vec<(String, crate::store::Added)>> {
    if !replace {
        for gpu in gpus {
            if store.accelerator(&gpu.id)?.is_some() {
                return Err(Error::conflict(
                    "id",
                    format!(
                        "id: an accelerator {:?} is already in your catalog; nothing was added (pass --replace to replace it)",
                        gpu.id.trim()
                    ),
                ));
            }
        }
    }
    gpus.iter()
        .map(|g| Ok((g.id.trim().to_string(), store.add_accelerator(g, replace)?)))
        .collect()
}

/// Whether `gpu` may name one of the user's accelerators: it is no built-in chip and the scenario
/// carries no copy of its own (so a shell knows whether the store needs opening at all).
pub fn may_name_user_accelerator(input: &ScenarioInput) -> Result<bool> {
    Ok(input.custom_gpu.is_none() && Catalog::builtin()?.gpu(&input.gpu).is_err())
}

/// Gives a scenario that names one of the user's accelerators (and carries no `custom_gpu`) that
/// accelerator's figures, so that it evaluates and travels with them. Built-in ids and
/// scenarios that carry their own copy are left alone.
pub fn attach_user_accelerator(store: &Store, input: &mut ScenarioInput) -> Result<()> {
    if !may_name_user_accelerator(input)? {
        return Ok(());
    }
    if let Some(gpu) = store.accelerator(&input.gpu)? {
        input.custom_gpu = Some(gpu);
    }
    Ok(())
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
    /// What stays fixed along the cost chart's GPU-count sweep.
    pub hold: crate::analysis::Hold,
    /// Every chart of the screen, described once for both the UI and the exporters
    /// (cost against GPUs, breakdown, comparison), in screen order.
    pub charts: Vec<crate::chart::Chart>,
    /// With ranges on inputs: the seeded Monte Carlo's intervals (the CLI's `uncertainty` for
    /// the same sample count and seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub uncertainty: Option<crate::uncertainty::UncertaintyResult>,
}

impl Screen {
    /// The chart of `kind` (every screen has one of each kind).
    pub fn chart(&self, kind: crate::chart::ChartKind) -> Result<&crate::chart::Chart> {
        self.charts
            .iter()
            .find(|c| c.kind == kind)
            .ok_or_else(|| match kind {
                // Bad input, not a bug: these charts need ranges on inputs.
                crate::chart::ChartKind::CostDistribution | crate::chart::ChartKind::Tornado => {
                    Error::invalid(
                        "uncertainty",
                        format!(
                            "the {} chart needs ranges on inputs: give the scenario an \"uncertainty\" block, e.g. {{\"usd_per_gpu_hour\": {{\"low\": 1.5, \"high\": 3}}}}",
                            kind.as_str()
                        ),
                    )
                }
                _ => Error::internal(format!("the screen has no {} chart", kind.as_str())),
            })
    }
}

/// Points in the GPU-count series of the main chart.
pub const SERIES_POINTS: usize = 200;
/// Counts of the cost band over the ranges (plus the scenario's own).
pub const BAND_POINTS: usize = 40;
/// The main chart spans this factor either side of the scenario's GPU count (1/64× to 64×),
/// within the counts the model accepts: a useful range around the plan, not 1 GPU for a
/// million days.
pub const SERIES_SPAN: f64 = 64.0;

/// The GPU counts of the main chart for a scenario on `gpu_count` GPUs: `SERIES_SPAN` either
/// side of the nearest power of two. Centring on a power of two rather than on the count itself
/// keeps the axis still while a slider drags within a factor of two, so the chart is redrawn
/// only when the range moves, not on every frame.
pub fn series_gpu_range(gpu_count: f64) -> (f64, f64) {
    let (min, max) = crate::limits::GPU_COUNT;
    let centre = gpu_count.max(1.0).log2().round().exp2();
    (
        (centre / SERIES_SPAN).round().clamp(min, max),
        (centre * SERIES_SPAN).round().clamp(min, max),
    )
}

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
/// saved scenarios to compare with in `ctx`. The one place where a scenario's charts are
/// composed.
pub fn screen_for(
    input: &ScenarioInput,
    hold: crate::analysis::Hold,
    ctx: &crate::chart::ChartContext<'_>,
) -> Result<Screen> {
    screen_sampled(input, hold, ctx, crate::uncertainty::WINDOW_SAMPLES)
}

/// `screen_for`, drawing `samples` for the intervals when the scenario has ranges (the window
/// draws `uncertainty::PREVIEW_SAMPLES` while a slider moves). A bad range is an error naming
/// it, as on save.
pub fn screen_sampled(
    input: &ScenarioInput,
    hold: crate::analysis::Hold,
    ctx: &crate::chart::ChartContext<'_>,
    samples: u64,
) -> Result<Screen> {
    use crate::catalog::{Catalog, Defaults};
    use crate::chart;
    let (catalog, defaults) = (Catalog::builtin()?, Defaults::builtin()?);
    let evaluation = crate::model::evaluate_with(input, catalog, defaults)?;
    let (min, max) = series_gpu_range(evaluation.gpu_count);
    let mut counts = crate::analysis::log_spaced_counts(min, max, SERIES_POINTS);
    // The current count is always a point, so the marker sits on the line.
    if let Err(at) = counts.binary_search_by(|c| c.total_cmp(&evaluation.gpu_count)) {
        counts.insert(at, evaluation.gpu_count);
    }
    let series = crate::analysis::series_vs_gpu_count(input, &counts, hold, catalog, defaults)?;
    let ranged = input.uncertainty.as_ref().is_some_and(|u| !u.is_empty());
    // The band over the ranges, on fewer counts than the line: each count costs an evaluation
    // per sample, and a band drawn between 41 counts on a log axis is as smooth to the eye.
    let band = if ranged {
        let mut band_counts = crate::analysis::log_spaced_counts(min, max, BAND_POINTS);
        if let Err(at) = band_counts.binary_search_by(|c| c.total_cmp(&evaluation.gpu_count)) {
            band_counts.insert(at, evaluation.gpu_count);
        }
        crate::analysis::cost_band_vs_gpu_count(
            input,
            &evaluation,
            &band_counts,
            hold,
            crate::analysis::band_samples(samples),
            crate::uncertainty::DEFAULT_SEED,
            catalog,
            defaults,
        )?
    } else {
        Vec::new()
    };
    let mut charts = vec![
        chart::cost_vs_gpus(&evaluation, hold, &series, &band, ctx),
        chart::breakdown(&evaluation, ctx),
        chart::compare(&evaluation, ctx),
    ];
    // Cost by stage only when there are stages: a one-bar chart of the whole run says nothing
    // the total does not, and every chart costs time on each slider move.
    if !evaluation.stages.is_empty() {
        charts.push(chart::cost_by_stage(&evaluation, ctx));
    }
    // Rent against own by utilisation, the break-even marked. Its picture moves only with the
    // prices, the power and the lifetime, so a GPU-count or duration drag does not redraw it.
    charts.push(chart::rent_vs_own(&evaluation, ctx));
    let uncertainty = if ranged {
        use crate::uncertainty as u;
        let options = u::RunOptions {
            samples,
            seed: u::DEFAULT_SEED,
        };
        let (result, totals) = u::run_keeping_totals(input, options, catalog, defaults, None)?;
        let t = result.figures.total_cost_usd;
        charts.push(chart::cost_distribution(
            &evaluation,
            &totals,
            (t.p5, t.p50, t.p95),
            (result.samples, result.seed),
            ctx,
        ));
        // The tornado over the scenario's ranges and the sourced defaults for the other inputs,
        // as `costscope sensitivity` computes it.
        let sens = u::sensitivity(input, crate::seek::Figure::TotalCostUsd, catalog, defaults)?;
        let rows: Vec<(String, f64)> = sens
            .rows
            .iter()
            .map(|r| {
                let label = u::RangedInput::parse(&r.input, "input")
                    .map(|k| k.label())
                    .unwrap_or(r.input.as_str());
                let range = format!(
                    "{} – {}",
                    crate::format::plain_number(crate::format::significant(r.low, 3)),
                    crate::format::plain_number(crate::format::significant(r.high, 3))
                );
                (format!("{label} ({range})"), r.swing())
            })
            .collect();
        charts.push(chart::tornado(&evaluation, &rows, ctx));
        Some(result)
    } else {
        None
    };
    Ok(Screen {
        evaluation,
        hold,
        charts,
        uncertainty,
    })
}

/// Every sample of the window's Monte Carlo as CSV (inputs, then figures, one row each, units in
/// the headers): what `costscope uncertainty --samples-out` writes for the same scenario with the
/// window's sample count and seed. Returns the text and the number of samples.
pub fn samples_csv(input: &ScenarioInput) -> Result<(String, u64)> {
    let mut csv: Vec<u8> = Vec::new();
    let options = crate::uncertainty::RunOptions {
        samples: crate::uncertainty::WINDOW_SAMPLES,
        seed: crate::uncertainty::DEFAULT_SEED,
    };
    let result = crate::uncertainty::run_builtin(input, options, Some(&mut csv))?;
    let csv = String::from_utf8(csv).map_err(|e| Error::internal(e.to_string()))?;
    Ok((csv, result.samples))
}

/// Every live saved scenario with a total, in list order (newest first): the comparison chart's
/// bars, the same in the app and the CLI.
pub fn compared_scenarios(store: &Store) -> Result<Vec<crate::chart::ComparedScenario>> {
    Ok(store
        .list(None)?
        .into_iter()
        .filter_map(|s| {
            s.total_cost_usd
                .map(|total| crate::chart::ComparedScenario {
                    name: s.name,
                    total_cost_usd: total,
                })
        })
        .collect())
}

/// Today's UTC date ("2026-11-29") for chart footnotes and exported files, from the system
/// clock; `format::iso_date` turns seconds into a civil date, so no date library is needed.
/// Only the shells' operations call this: the model and the charts take the date as an input.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    crate::format::iso_date(secs)
}

/// The editor's scenario as a comparison column: its name as the user sees it and its input.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct CurrentScenario {
    pub name: String,
    pub input: ScenarioInput,
}

/// What the app's window needs when it opens: where the database is, why it could not be opened
/// (the app then runs without saving), the saved scenarios, and the built-in presets with
/// their sources and caveats (shown beside a preset's headline).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Startup {
    pub db_path: String,
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::error::ErrorPayload>"))]
    pub db_error: Option<Error>,
    pub scenarios: Vec<crate::store::ScenarioSummary>,
    pub presets: Vec<crate::presets::Preset>,
    /// Scenarios deleted longer ago than this many days are removed when the database opens.
    pub trash_days: u32,
    /// Set by `COSTSCOPE_EXPORT_DIR` (end-to-end tests): exports go there without a dialog,
    /// because a native dialog cannot be driven over WebDriver.
    pub export_dir: Option<String>,
    /// Scenario files named on the command line (or handed over by a second launch before the
    /// window was ready), for the window to import through its clash dialog.
    pub open_files: Vec<String>,
    /// What the goal-seek dialog offers (figures and inputs, labelled, with the inputs' ranges).
    pub seek: crate::seek::SeekChoices,
    /// The inputs the editor offers a range on (`uncertainty`), labelled.
    pub ranges: Vec<crate::uncertainty::RangeChoice>,
    /// The accelerators the user added to the catalog (stored in this database), by id.
    pub user_gpus: Vec<crate::catalog::Gpu>,
}

/// The saved scenarios `ids` side by side, after `current` (the editor's scenario, named) when
/// given. Checks the column count (1 to `report::COMPARE_MAX`) and that no scenario repeats; an
/// unknown id is the store's "not found" error.
pub fn compare(
    store: &Store,
    ids: &[i64],
    current: Option<(&str, &ScenarioInput)>,
) -> Result<crate::report::Comparison> {
    let columns = ids.len() + usize::from(current.is_some());
    if columns == 0 || columns > crate::report::COMPARE_MAX {
        return Err(Error::invalid(
            "ids",
            format!(
                "a comparison shows 1 to {} scenarios; got {columns}",
                crate::report::COMPARE_MAX
            ),
        ));
    }
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(Error::invalid(
                "ids",
                format!("scenario {id} is listed twice; each scenario is one column"),
            ));
        }
    }
    let mut evaluated = Vec::with_capacity(columns);
    if let Some((name, input)) = current {
        evaluated.push((name.trim().to_string(), evaluate(input)?));
    }
    for &id in ids {
        let s = store.get(id)?;
        let e = evaluate(&s.input).map_err(|e| {
            Error::invalid(
                "ids",
                format!(
                    "the saved scenario {:?} could not be evaluated: {e}",
                    s.name
                ),
            )
        })?;
        evaluated.push((s.name, e));
    }
    Ok(crate::report::comparison(&evaluated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_of_a_ranged_scenario_carries_the_clis_intervals() {
        let mut input = crate::presets::plain_deepseek_v3().unwrap();
        assert!(screen(&input, crate::analysis::Hold::Work)
            .unwrap()
            .uncertainty
            .is_none());
        let range = crate::model::InputRange {
            low: 1.5,
            high: 3.0,
            distribution: crate::catalog::Distribution::Lognormal,
        };
        input.uncertainty = Some([("usd_per_gpu_hour".to_string(), range)].into());
        let ctx = crate::chart::ChartContext {
            scenario_name: "x",
            date: "",
            compared: &[],
        };
        for samples in [
            crate::uncertainty::PREVIEW_SAMPLES,
            crate::uncertainty::WINDOW_SAMPLES,
        ] {
            let shown = screen_sampled(&input, crate::analysis::Hold::Work, &ctx, samples)
                .unwrap()
                .uncertainty
                .unwrap();
            let options = crate::uncertainty::RunOptions {
                samples,
                seed: crate::uncertainty::DEFAULT_SEED,
            };
            assert_eq!(
                shown,
                crate::uncertainty::run_builtin(&input, options, None).unwrap()
            );
        }
        // A bad range is the screen's error, naming it.
        input.uncertainty = Some(
            [(
                "usd_per_gpu_hour".to_string(),
                crate::model::InputRange {
                    low: 3.0,
                    high: 1.0,
                    ..range
                },
            )]
            .into(),
        );
        let err = screen(&input, crate::analysis::Hold::Work).unwrap_err();
        assert!(
            err.field()
                .unwrap_or_default()
                .starts_with("uncertainty.usd_per_gpu_hour"),
            "{err:?}"
        );
    }

    #[test]
    fn a_scenario_with_a_bad_range_is_never_saved() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open_store(&dir.path().join("r.db")).unwrap();
        let mut input = crate::presets::builtin().unwrap()[0].input.clone();
        let range = |low: f64, high: f64| crate::model::InputRange {
            low,
            high,
            distribution: Default::default(),
        };
        input.uncertainty = Some([("usd_per_gpu_hour".to_string(), range(3.0, 1.5))].into());
        let e = save_scenario(&mut store, "Ranged", "", &input, false).unwrap_err();
        assert!(e.field().unwrap().starts_with("uncertainty"), "{e}");
        assert!(store.find("Ranged").is_err());
        input.uncertainty = Some([("usd_per_gpu_hour".to_string(), range(1.5, 3.0))].into());
        let saved = save_scenario(&mut store, "Ranged", "", &input, false).unwrap();
        assert_eq!(saved.input.uncertainty, input.uncertainty);
    }

    #[test]
    fn the_cost_chart_spans_a_useful_range_around_the_scenario_and_says_what_it_holds() {
        assert_eq!(series_gpu_range(2048.0), (32.0, 131_072.0));
        assert_eq!(series_gpu_range(8.0), (1.0, 512.0));
        assert_eq!(series_gpu_range(500_000.0), (8192.0, 1_000_000.0));
        // Still while a drag stays within a factor of two: no redraw on every frame.
        assert_eq!(series_gpu_range(1500.0), series_gpu_range(2800.0));
        let (lo, hi) = series_gpu_range(1500.0);
        assert!(lo <= 1500.0 / 32.0 && hi >= 1500.0 * 32.0);
        let preset = crate::presets::builtin().unwrap()[0].input.clone();
        for hold in [crate::analysis::Hold::Work, crate::analysis::Hold::Duration] {
            let s = screen(&preset, hold).unwrap();
            let cost = s.chart(crate::chart::ChartKind::CostVsGpus).unwrap();
            let xs: Vec<f64> = cost.series[0].points.iter().map(|p| p[0]).collect();
            assert_eq!(xs.first(), Some(&32.0));
            assert_eq!(xs.last(), Some(&131_072.0));
            let words = match hold {
                crate::analysis::Hold::Work => "Same work at every count",
                crate::analysis::Hold::Duration => "Same deadline at every count",
            };
            assert!(cost.subtitle.starts_with(words), "{}", cost.subtitle);
        }
    }

    #[test]
    fn the_screen_shows_cost_by_stage_only_for_a_staged_run() {
        let by = |name: &str| crate::presets::named(name).unwrap().input.clone();
        let kinds = |input: &ScenarioInput| -> Vec<crate::chart::ChartKind> {
            screen(input, crate::analysis::Hold::Work)
                .unwrap()
                .charts
                .iter()
                .map(|c| c.kind)
                .collect()
        };
        let plain = kinds(&by("DeepSeek-V3 (as reported)"));
        assert!(!plain.contains(&crate::chart::ChartKind::CostByStage));
        // Rent against own is on every screen, its break-even the core's.
        assert!(plain.contains(&crate::chart::ChartKind::RentVsOwn));
        let s = screen(
            &by("DeepSeek-V3 (as reported)"),
            crate::analysis::Hold::Work,
        )
        .unwrap();
        let rent = s.chart(crate::chart::ChartKind::RentVsOwn).unwrap();
        assert_eq!(
            rent.marker.as_ref().map(|m| m.x),
            s.evaluation.rent_vs_own.break_even_utilisation
        );
        let staged_input = by("DeepSeek-V3 by stage");
        let staged = screen(&staged_input, crate::analysis::Hold::Work).unwrap();
        let chart = staged
            .charts
            .iter()
            .find(|c| c.kind == crate::chart::ChartKind::CostByStage)
            .expect("a cost-by-stage chart");
        // One bar a stage, each the stage's cost as evaluated.
        assert_eq!(chart.series[0].points.len(), staged.evaluation.stages.len());
        for (p, s) in chart.series[0].points.iter().zip(&staged.evaluation.stages) {
            assert_eq!(p[1], s.total_cost_usd);
        }
    }

    #[test]
    fn compare_puts_the_editor_first_then_saved_scenarios_with_the_cores_figures() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_store(&dir.path().join("c.db")).unwrap();
        let all = store.list(None).unwrap();
        // Two presets that train different models (DeepSeek-V3 and Llama 3.1 405B).
        let listed: Vec<_> = ["DeepSeek-V3 (as reported)", "Llama 3.1 405B"]
            .iter()
            .map(|n| all.iter().find(|s| s.name == *n).unwrap().clone())
            .collect();
        let ids: Vec<i64> = listed.iter().map(|s| s.id).collect();
        let mut mine = store.get(ids[0]).unwrap().input;
        mine.gpu_count = Some(4096.0);
        let c = compare(&store, &ids, Some(("Mine (unsaved)", &mine))).unwrap();
        assert_eq!(c.names[0], "Mine (unsaved)");
        assert_eq!(
            c.names[1..],
            [listed[0].name.clone(), listed[1].name.clone()]
        );
        let total = c.rows.iter().find(|r| r.label == "Total cost").unwrap();
        assert_eq!(total.unit, "USD");
        assert_eq!(
            total.cells[0].value,
            Some(evaluate(&mine).unwrap().total_cost_usd)
        );
        for (i, id) in ids.iter().enumerate() {
            let e = evaluate(&store.get(*id).unwrap().input).unwrap();
            assert_eq!(total.cells[i + 1].value, Some(e.total_cost_usd));
            assert_eq!(
                total.cells[i + 1].text,
                crate::format::usd(e.total_cost_usd)
            );
        }
        // These scenarios train different models: the cheapest total is not marked, the lowest
        // cost per million tokens is (report::comparison's rule).
        assert_eq!(total.least, None);
        assert!(c.marked.contains("different workloads"), "{}", c.marked);
        // Every row has one cell a column; the TSV has a header and one line a row.
        assert!(c.rows.iter().all(|r| r.cells.len() == 3));
        let tsv = crate::report::comparison_tsv(&c);
        assert_eq!(tsv.lines().count(), c.rows.len() + 1);
        assert!(tsv.lines().all(|l| l.split('\t').count() == 5));
        assert!(crate::report::comparison_html(&c).contains("<th>Mine (unsaved)</th>"));
    }

    #[test]
    fn compare_refuses_no_columns_too_many_repeats_and_unknown_ids() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_store(&dir.path().join("c.db")).unwrap();
        let id = store.list(None).unwrap()[0].id;
        let field = |r: Result<crate::report::Comparison>| match r {
            Err(e) => (e.field().map(str::to_string), e.to_string()),
            Ok(_) => panic!("accepted"),
        };
        let (f, m) = field(compare(&store, &[], None));
        assert_eq!(f.as_deref(), Some("ids"));
        assert!(m.contains("1 to 12"), "{m}");
        assert!(field(compare(&store, &[id; 13], None)).1.contains("got 13"));
        assert!(field(compare(&store, &[id, id], None)).1.contains("twice"));
        assert!(field(compare(&store, &[987_654], None))
            .1
            .contains("987654"));
    }

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

    /// The cost chart carries the 90 % band only when the scenario has ranges.
    #[test]
    fn the_cost_chart_has_a_band_with_ranges_only() {
        use crate::chart::{ChartKind, SeriesStyle};
        let mut input = crate::presets::plain_deepseek_v3().unwrap();
        let styles = |input: &ScenarioInput| -> Vec<SeriesStyle> {
            let screen = screen(input, crate::analysis::Hold::Work).unwrap();
            let chart = screen.chart(ChartKind::CostVsGpus).unwrap();
            chart.series.iter().map(|s| s.style).collect()
        };
        assert_eq!(styles(&input), [SeriesStyle::Line, SeriesStyle::Line]);
        input.uncertainty = Some(
            [(
                "mfu".to_string(),
                crate::model::InputRange {
                    low: 0.25,
                    high: 0.45,
                    distribution: crate::catalog::Distribution::Normal,
                },
            )]
            .into(),
        );
        // The plain preset gives GPU-hours, so the MFU is implied: a range on it is refused…
        assert!(screen(&input, crate::analysis::Hold::Work).is_err());
        input.uncertainty = Some(
            [(
                "usd_per_gpu_hour".to_string(),
                crate::model::InputRange {
                    low: 1.5,
                    high: 3.0,
                    distribution: crate::catalog::Distribution::Lognormal,
                },
            )]
            .into(),
        );
        // …one on the price draws the band.
        assert_eq!(
            styles(&input),
            [
                SeriesStyle::Line,
                SeriesStyle::Line,
                SeriesStyle::Band,
                SeriesStyle::Band
            ]
        );
    }
}
